"""``ftzcalc scenario``: named scenarios of growth rates side by side, across all metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    RATE_HELP,
    Output,
    charted_options,
    emit,
    figure_options,
    load,
    once_per_metric,
)
from ftzcalc.errors import InputError
from ftzcalc.i18n import _, said

if TYPE_CHECKING:
    from ftzcalc.rates import RatePath


@click.command(
    cls=Command, short_help="Compare named scenarios of growth rates across all metrics."
)
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
@charted_options
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
    from ftzcalc import plots
    from ftzcalc import scenarios as sc
    from ftzcalc.rates import parse_metric_rate
    from ftzcalc.views import scenario as view

    dataset = load(data, figures)
    try:
        chosen = list(sc.pick(dataset, names)) if names else []
    except InputError as exc:  # a name typed wrong
        raise click.UsageError(said(exc)) from None
    if rate_texts:
        default: RatePath | None = None
        per_metric: list[tuple[str, RatePath]] = []
        for text in rate_texts:
            try:
                metric_id, path = parse_metric_rate(text, dataset.references)
            except InputError as exc:
                raise click.BadParameter(said(exc), param_hint="'--rate'") from None
            if metric_id is None:
                if default is not None:
                    raise click.UsageError(_("give one --rate RATE for every metric, not two"))
                default = path
            else:
                dataset.metric(metric_id)  # an unknown id is a usage error
                once_per_metric(metric_id, [m for m, _ in per_metric], "--rate")
                per_metric.append((metric_id, path))
        chosen.append(sc.ad_hoc(default, per_metric))
    if not chosen:
        chosen = list(sc.available(dataset))
    report = sc.run(dataset, chosen)
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import scenario as draw

        return draw.figure(report, lang, plots.sources(dataset))

    emit(out, view, report, plots.for_file(chart, out.plot), data_files=files, lang=lang)
