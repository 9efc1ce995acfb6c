"""Commands for analysts: ``targets``, ``gap``, ``check`` and ``solve``."""

from __future__ import annotations

import sys

import click

from ftzcalc.cli.app import cli
from ftzcalc.cli.options import (
    NUMBER,
    RATE,
    Output,
    as_of_option,
    complete_ids,
    data_options,
    emit,
    figure_options,
    load,
    output_options,
    plot_option,
)
from ftzcalc.errors import InputError
from ftzcalc.i18n import said


@cli.command(short_help="List the metrics, baselines, targets, reference figures and scenarios.")
@click.option("--quotes", is_flag=True, help="Show each figure's source sentence.")
@data_options
@output_options
def targets(quotes: bool, data: list[str], lang: str, out: Output) -> None:
    """List the metrics, their baselines and targets, the reference figures and the scenarios.

    \b
    Example:
      ftzcalc targets --quotes --lang zh
    """
    from ftzcalc.views import targets as view

    dataset = load(data)
    files = list(dataset.paths)
    emit(
        out,
        lambda: view.to_json(dataset, files),
        lambda: view.to_csv(dataset),
        lambda: view.to_table(dataset, lang, quotes),
    )


@cli.command(short_help="Gap to each target and the annual growth it requires.")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@figure_options
@as_of_option
@data_options
@output_options
@plot_option
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
    from ftzcalc.gap import compute_gap
    from ftzcalc.views import gap as view

    dataset = load(data, figures)
    report = compute_gap(dataset, list(ids), as_of)
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import gap as draw

        return draw.figure(report, lang, plots.sources(dataset), dataset.references)

    emit(
        out,
        lambda: view.to_json(report, files),
        lambda: view.to_csv(report),
        lambda: view.to_table(report, lang),
        figure=plots.for_file(chart, out.plot),
    )


@cli.command(short_help="Check data files and list every problem found.")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@data_options
@output_options
def check(files: tuple[str, ...], data: list[str], lang: str, out: Output) -> None:
    """Check data files without computing anything else, and list every problem.

    FILEs are read as overlays after the shipped dataset (and any --data files), as 'gap' reads
    them. Besides the format, types, ids and years, it checks that actuals fall between the
    baseline year and this year, that children's targets add up to their parent's, that
    children's actuals do not exceed their parent's, and that no two files give different
    figures for the same actual. Exit 0 when clean, 1 otherwise.

    \b
    Examples:
      ftzcalc check
      ftzcalc check my-figures.toml --format json
    """
    import datetime

    from ftzcalc.check import check as check_files
    from ftzcalc.views import check as view

    report = check_files([*data, *files], datetime.date.today().year)
    emit(
        out,
        lambda: view.to_json(report),
        lambda: view.to_csv(report),
        lambda: view.to_table(report),
    )
    if not report.ok:
        sys.exit(1)


@cli.command(short_help="Solve end = start × (1 + rate) ^ years for the one left out.")
@click.option("--start", type=NUMBER, help="Value at the start, e.g. 500.")
@click.option("--end", type=NUMBER, help="Value at the end, e.g. 1500.")
@click.option("--rate", type=RATE, help="Growth a year: 15% or 0.15.")
@click.option("--years", type=NUMBER, help="Years between start and end, e.g. 5.")
@output_options
def solve(
    start: float | None, end: float | None, rate: float | None, years: float | None, out: Output
) -> None:
    """Give three of start, end, rate and years; get the fourth.

    Solves end = start × (1 + rate) ^ years, as Excel's RRI, FV, PV and NPER do for one sum.

    \b
    Examples:
      ftzcalc solve --start 500 --end 1500 --years 5     # rate: 24.573094%
      ftzcalc solve --start 500 --end 1500 --rate 25%    # years: 4.923343
    """
    from ftzcalc.solve import solve as solve_for
    from ftzcalc.views import solve as view

    try:
        solution = solve_for(start=start, end=end, rate=rate, years=years)
    except InputError as exc:
        raise click.UsageError(said(exc)) from None
    emit(
        out,
        lambda: view.to_json(solution),
        lambda: view.to_csv(solution),
        lambda: view.to_table(solution),
    )
