"""``ftzcalc project``: one metric year by year under one or more growth rates."""

from __future__ import annotations

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    RATE_HELP,
    Output,
    charted_options,
    complete_ids,
    emit,
    figure_options,
    load,
)
from ftzcalc.errors import InputError
from ftzcalc.i18n import said


@click.command(cls=Command, short_help="Project one metric year by year under a growth rate.")
@click.argument("metric_id", metavar="ID", shell_complete=complete_ids)
@click.option(
    "--rate",
    "rate_texts",
    metavar="RATE",
    multiple=True,
    help=RATE_HELP + " Repeatable: --plot draws a line for each; the table shows the first.",
)
@click.option(
    "--until",
    type=click.IntRange(1900, 2200),
    metavar="YEAR",
    help="Project past the target year, to YEAR.",
)
@figure_options
@charted_options
def project(
    metric_id: str,
    rate_texts: tuple[str, ...],
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
    from ftzcalc import plots
    from ftzcalc.projection import default_path
    from ftzcalc.projection import project as project_metric
    from ftzcalc.views import project as view

    dataset = load(data, figures)
    metric = dataset.metric(metric_id)
    paths = [_rate(text, dataset.references) for text in rate_texts] or [default_path(metric)]
    results = [project_metric(metric, path, until) for path in paths]
    result = results[0]  # the table, JSON and CSV show the first rate
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import project as draw

        return draw.figure(results, lang, plots.sources(dataset))

    emit(out, view, result, plots.for_file(chart, out.plot), data_files=files, lang=lang)


def _rate(text: str, references: tuple, option: str = "--rate"):  # -> RatePath
    from ftzcalc.rates import parse_rate_spec

    try:
        return parse_rate_spec(text, references)
    except InputError as exc:
        raise click.BadParameter(said(exc), param_hint=f"'{option}'") from None
