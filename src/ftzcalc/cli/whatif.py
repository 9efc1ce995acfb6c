"""Commands for planners: ``project``, ``scenario`` and ``sensitivity``."""

from __future__ import annotations

import click

from ftzcalc.cli.app import cli
from ftzcalc.cli.options import (
    Output,
    complete_ids,
    data_options,
    emit,
    figure_options,
    load,
    output_options,
)
from ftzcalc.errors import InputError

RATE_HELP = (
    "Growth a year: 15% or 0.15, ref:ID for a reference rate of the dataset (see 'ftzcalc "
    "targets'), or a path by year, 2019=5%,2020=8% (later years keep the last rate)."
)


def _rate(text: str, references: tuple, option: str = "--rate"):  # -> RatePath
    from ftzcalc.rates import parse_rate_spec

    try:
        return parse_rate_spec(text, references)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None


@cli.command(short_help="Project one metric year by year under a growth rate.")
@click.argument("metric_id", metavar="ID", shell_complete=complete_ids)
@click.option("--rate", "rate_text", metavar="RATE", help=RATE_HELP)
@click.option(
    "--until",
    type=click.IntRange(1900, 2200),
    metavar="YEAR",
    help="Project past the target year, to YEAR.",
)
@figure_options
@data_options
@output_options
def project(
    metric_id: str,
    rate_text: str | None,
    until: int | None,
    figures: tuple,
    data: list[str],
    lang: str,
    out: Output,
) -> None:
    """Project one metric year by year from its latest actual (or its baseline).

    Each year: the value, its growth, the path the target requires and the gap to it, and
    whether the target is met; then the first year it is met, and the shortfall or surplus in
    the target year. Without --rate, the metric grows at its observed pace where it has
    actuals, else at the rate its target requires.

    \b
    Examples:
      ftzcalc project zone-output --rate ref:city-industrial-va-growth-2018
      ftzcalc project zone-output --rate 2019=5%,2021=12% --until 2026
      ftzcalc project ic-chips --baseline ic-chips=10@2018 --rate 30%
    """
    from ftzcalc.projection import project as project_metric
    from ftzcalc.views import project as view

    dataset = load(data, figures)
    metric = dataset.metric(metric_id)
    path = _default_path(metric) if rate_text is None else _rate(rate_text, dataset.references)
    result = project_metric(metric, path, until)
    files = list(dataset.paths)
    emit(
        out,
        lambda: view.to_json(result, files),
        lambda: view.to_csv(result),
        lambda: view.to_table(result, lang),
    )


def _default_path(metric):  # -> RatePath
    """The observed pace since the baseline, where there are actuals; else the required rate."""
    from ftzcalc.gap import progress
    from ftzcalc.projection import required_rate, start_point, target_point
    from ftzcalc.rates import RatePath

    observed = progress(metric).observed_rate.value
    if observed is not None:
        return RatePath.constant(observed, "the observed pace")
    needed = required_rate(start_point(metric), target_point(metric))
    return RatePath.constant(needed, "the required rate")


@cli.command(short_help="Compare named scenarios of growth rates across all metrics.")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option(
    "--rate",
    "rate_texts",
    metavar="[ID=]RATE",
    multiple=True,
    help="Build an ad hoc scenario: RATE for every metric, ID=RATE for one (repeatable). "
    + RATE_HELP,
)
@figure_options
@data_options
@output_options
def scenario(
    names: tuple[str, ...],
    rate_texts: tuple[str, ...],
    figures: tuple,
    data: list[str],
    lang: str,
    out: Output,
) -> None:
    """Where every metric ends in its target year under each scenario: met or missed.

    Scenarios are the built-in 'required' (each metric at the rate its target requires), those
    of the data files ([[scenarios]]; the shipped ones run every metric at one of the city's
    2018 paces), and an ad hoc one built from --rate. Without NAMEs: all of them, or only the
    ad hoc one when --rate is given. Parents are rolled up from their children's projected
    values and judged by their own targets.

    \b
    Examples:
      ftzcalc scenario
      ftzcalc scenario required city-industry-pace --baseline ic-chips=10@2018
      ftzcalc scenario --rate 20% --rate ic-chips=35%
    """
    from ftzcalc import scenarios as sc
    from ftzcalc.rates import parse_metric_rate
    from ftzcalc.views import scenario as view

    dataset = load(data, figures)
    chosen = list(sc.pick(dataset, names)) if names else []
    if rate_texts:
        default = None
        per_metric = []
        for text in rate_texts:
            try:
                metric_id, path = parse_metric_rate(text, dataset.references)
            except InputError as exc:
                raise click.BadParameter(str(exc), param_hint="'--rate'") from None
            if metric_id is None:
                if default is not None:
                    raise click.UsageError("give one --rate RATE for every metric, not two")
                default = path
            else:
                dataset.metric(metric_id)  # an unknown id is a usage error
                per_metric.append((metric_id, path))
        chosen.append(sc.ad_hoc(default, per_metric))
    if not chosen:
        chosen = list(sc.available(dataset))
    report = sc.run(dataset, chosen)
    files = list(dataset.paths)
    emit(
        out,
        lambda: view.to_json(report, files),
        lambda: view.to_csv(report),
        lambda: view.to_table(report, lang),
    )


@cli.command(short_help="A grid of end values over growth rates and target years.")
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
@data_options
@output_options
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
    from ftzcalc import sensitivity as sens
    from ftzcalc.projection import required_rate, start_point, target_point
    from ftzcalc.rates import parse_span
    from ftzcalc.views import sensitivity as view

    if years and starts:
        raise click.UsageError("--years and --starts are two kinds of column: give one")
    dataset = load(data, figures)
    metric = dataset.metric(metric_id)
    start, target = start_point(metric), target_point(metric)
    try:
        if rates:
            rate_values = parse_span(rates, "rate").values()
        else:
            rate_values = _default_rates(required_rate(start, target))
        if starts:
            columns = parse_span(starts, "value").values()
        elif years:
            columns = parse_span(years, "year", 1).values()
        else:
            columns = [y for y in range(target.year - 2, target.year + 3) if y > start.year]
    except InputError as exc:
        option = "--rates" if rates and "rate" in str(exc) else "--years/--starts"
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None
    if out.fmt == "table" or out.svg:
        hint = ", or --format json or csv"
        sens.check_size(len(rate_values), len(columns), sens.TABLE_CELLS, "tables", hint)
    sens.check_size(len(rate_values), len(columns), sens.MAX_CELLS, "JSON and CSV")
    if starts:
        grid = sens.grid(metric, rate_values, starts=columns)
    else:
        grid = sens.grid(metric, rate_values, years=[int(y) for y in columns])
    files = list(dataset.paths)
    emit(
        out,
        lambda: view.to_json(grid, files),
        lambda: view.to_csv(grid),
        lambda: view.to_table(grid),
    )


def _default_rates(required: float) -> list[float]:
    """The required rate ±10 points, on a 2.5-point grid."""
    import math

    step = 0.025
    low = max(math.floor((required - 0.10) / step), math.ceil(-0.5 / step))
    high = math.ceil((required + 0.10) / step)
    return [round(i * step, 12) for i in range(low, high + 1)]
