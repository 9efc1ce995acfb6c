"""``ftzcalc gap``: how far each target is, the growth it requires, and whether it is on track."""

from __future__ import annotations

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    Output,
    as_of_option,
    charted_options,
    complete_ids,
    emit,
    figure_options,
    load,
)


@click.command(cls=Command, short_help="Gap to each target and the annual growth it requires.")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@figure_options
@as_of_option
@charted_options
def gap(
    ids: tuple[str, ...], figures: tuple, as_of: int | None, data: list[str], lang: str, out: Output
) -> None:
    """How far each target is, and the compound annual growth it requires.

    For every metric (or the IDs given): baseline, target, absolute gap, multiple, years and
    the required rate a year; then whether children's targets add up to their parent's. Given
    actual figures (an overlay file or --actual), a second table tells how far each target has
    come and whether it is on track, by the SDG progress method.

    Status (Statistics Canada and Open SDG, after Eurostat's EU SDG monitoring): R = observed
    ÷ required growth a year since the baseline (negated for a target that asks for a fall).
    Target achieved first; then R ≥ 0.95 on track, 0.60–0.95 needs acceleration, 0–0.60
    limited progress, below 0 deterioration.

    \b
    Examples:
      ftzcalc gap
      ftzcalc gap zone-output --json
      ftzcalc gap --baseline ic-chips=10@2018 ic-chips
      ftzcalc gap --data my-figures.toml --as-of 2021
    """
    from ftzcalc import plots
    from ftzcalc.gaps import compute_gap
    from ftzcalc.views import gap as view

    dataset = load(data, figures)
    report = compute_gap(dataset, list(ids), as_of)
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import gap as draw

        return draw.figure(report, lang, plots.sources(dataset), dataset.references)

    emit(out, view, report, plots.for_file(chart, out.plot), data_files=files, lang=lang)
