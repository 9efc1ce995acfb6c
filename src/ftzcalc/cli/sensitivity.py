"""``ftzcalc sensitivity``: a grid of end values over growth rates and target years."""

from __future__ import annotations

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    Output,
    charted_options,
    complete_ids,
    emit,
    figure_options,
    load,
)
from ftzcalc.errors import InputError
from ftzcalc.i18n import _, said


@click.command(cls=Command, short_help="A grid of end values over growth rates and target years.")
@click.argument("metric_id", metavar="ID", shell_complete=complete_ids)
@click.option(
    "--rates",
    metavar="FROM:TO:STEP",
    help="Growth rates, the rows, e.g. 10%:30%:2.5%. Default: the required rate ±10 points.",
)
@click.option(
    "--years",
    metavar="FROM:TO[:STEP]",
    help="Target years, the columns, e.g. 2021:2025. Default: the target year ±2.",
)
@click.option(
    "--starts",
    metavar="FROM:TO:STEP",
    help="Start values as the columns instead of years, e.g. 400:600:50 (end in the target year).",
)
@figure_options
@charted_options
def sensitivity(
    metric_id: str,
    rates: str | None,
    years: str | None,
    starts: str | None,
    figures: tuple,
    data: list[str],
    lang: str,
    out: Output,
) -> None:
    """A two-way grid: the end value for each growth rate (rows) against each target year, or
    each start value (columns), met or missed under the target's comparator, and the rate where
    each column turns. Tables stop at 10,000 cells; JSON and CSV at 4,000,000.

    \b
    Examples:
      ftzcalc sensitivity zone-output
      ftzcalc sensitivity zone-output --rates 10%:30%:2.5% --years 2021:2025
      ftzcalc sensitivity zone-output --starts 400:600:50 --format csv
    """
    from ftzcalc import grids as sens
    from ftzcalc import plots
    from ftzcalc.views import sensitivity as view

    if years and starts:
        raise click.UsageError(_("--years and --starts are two kinds of column: give one"))
    dataset = load(data, figures)
    metric = dataset.metric(metric_id)
    rate_span = _span(rates, "rate", "--rates") if rates else sens.default_rates(metric)
    if starts:
        column_span = _span(starts, "value", "--starts", sens.check_starts)
    elif years:
        column_span = _span(years, "year", "--years", lambda s: sens.check_years(metric, s))
    else:
        column_span = sens.default_years(metric)
    sens.check_size(rate_span.count, column_span.count, table=out.fmt == "table" or bool(out.svg))
    rate_values, columns = rate_span.values(), column_span.values()
    if starts:
        grid = sens.grid(metric, rate_values, starts=columns)
    else:
        grid = sens.grid(metric, rate_values, years=[int(y) for y in columns])
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import sensitivity as draw

        return draw.figure(grid, lang, plots.sources(dataset))

    emit(out, view, grid, plots.for_file(chart, out.plot), data_files=files)


def _span(text: str, kind: str, option: str, check=None):  # -> Span
    """A range typed for ``option``, read by the one range reader (and ``check``ed); what is
    wrong with it is a usage error of that option."""
    from ftzcalc.rates import parse_span

    try:
        span = parse_span(text, kind, 1 if kind == "year" else None)
        if check is not None:
            check(span)
    except InputError as exc:
        raise click.BadParameter(said(exc), param_hint=f"'{option}'") from None
    return span
