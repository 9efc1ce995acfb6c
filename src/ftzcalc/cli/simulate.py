"""``ftzcalc simulate``: the chance of meeting each target under uncertain growth."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
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
    from ftzcalc.distributions import Distribution


@click.command(cls=Command, short_help="Probability of meeting each target under uncertain growth.")
@click.option(
    "--scenario",
    "scenario_name",
    metavar="NAME",
    help="Take growth distributions (and a correlation) from a scenario of the data files.",
)
@click.option(
    "--growth",
    "growth_texts",
    metavar="[ID=]DIST",
    multiple=True,
    help="A distribution of the annual growth: for every metric, or ID=DIST for one "
    "(repeatable): normal(MEAN, SD), lognormal(MEAN, SD) of ln(1 + rate), "
    "triangular(LOW, MODE, HIGH), uniform(LOW, HIGH), or a fixed rate.",
)
@click.option(
    "--correlation",
    type=click.FloatRange(-1, 1),
    metavar="RHO",
    help="Rank correlation of every pair of metrics' growth, e.g. 0.5.",
)
@click.option(
    "--persistence",
    is_flag=True,
    help="Draw each metric's growth once and hold it for every year (default: every year anew).",
)
@click.option(
    "--trials",
    type=click.IntRange(min=1),
    default=100_000,  # simulation.DEFAULT_TRIALS, which help would take 20 ms to import
    show_default=True,
    help="Number of trials.",
)
@click.option("--seed", type=click.IntRange(min=0), help="Seed: the same seed, the same result.")
@figure_options
@charted_options
def simulate(
    scenario_name: str | None,
    growth_texts: tuple[str, ...],
    correlation: float | None,
    persistence: bool,
    trials: int,
    seed: int | None,
    figures: tuple,
    data: list[str],
    lang: str,
    out: Output,
) -> None:
    """The probability of meeting each target when growth is uncertain (Monte Carlo).

    Each metric with a baseline and a growth distribution is simulated from its latest actual
    (or its baseline) to its target year; a parent whose children are all simulated is judged on
    the sum of their values, with each child's share in the spread of that sum. Metrics are
    correlated by rank (--correlation, or a matrix in a scenario), each keeping its own
    distribution. Where lognormal growth (or one draw for all years) gives the probability by
    formula, it is shown beside the simulated one.

    \b
    Examples:
      ftzcalc simulate --growth 'triangular(15%, 20%, 25%)' --seed 1 \\
          --baseline intelligent-manufacturing=250 \\
          --baseline new-energy-vehicles=100
      ftzcalc simulate --growth 'lognormal(0.2, 0.05)' --correlation 0.5 \\
          --trials 1000000
    """
    from ftzcalc import plots
    from ftzcalc.scenarios import pick
    from ftzcalc.simulation import check_correlation, check_trials, plan
    from ftzcalc.views import simulate as view

    _checked(check_trials, trials, "--trials")
    if correlation is not None:
        _checked(check_correlation, correlation, "--correlation")
    dataset = load(data, figures)
    default, per_metric = _growth_options(dataset, growth_texts)
    scenario = None
    if scenario_name:
        scenario = _checked(lambda name: pick(dataset, [name])[0], scenario_name, "--scenario")
    p = plan(dataset, scenario, default, per_metric, correlation)
    result = _run_with_progress(p.items, p.parents, trials, seed, persistence, p.correlation)
    skipped = list(p.skipped)
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import simulate as draw

        return draw.figure(result, lang, plots.sources(dataset))

    figure = plots.for_file(chart, out.plot)
    emit(out, view, result, figure, skipped=skipped, data_files=files, lang=lang)


def _checked(check, value, option: str):
    """``value`` as ``check`` (a library function) accepts it; what it refuses is a usage
    error of ``option``."""
    try:
        return check(value)
    except InputError as exc:
        raise click.BadParameter(said(exc), param_hint=f"'{option}'") from None


def _growth_options(dataset, growth_texts):
    """--growth values: the distribution for every metric, and those for one metric each."""
    from ftzcalc.distributions import parse_distribution

    default: Distribution | None = None
    per_metric: dict[str, Distribution] = {}
    for text in growth_texts:
        metric_id, sep, body = text.partition("=")
        is_pair = sep and "(" not in metric_id
        try:
            distribution = parse_distribution(body if is_pair else text)
        except InputError as exc:
            raise click.BadParameter(said(exc), param_hint="'--growth'") from None
        if is_pair:
            dataset.metric(metric_id.strip())  # an unknown id is a usage error
            once_per_metric(metric_id.strip(), per_metric, "--growth")
            per_metric[metric_id.strip()] = distribution
        elif default is not None:
            raise click.UsageError(_("give one --growth DIST for every metric, not two"))
        else:
            default = distribution
    return default, per_metric


def _run_with_progress(items, parents, trials, seed, persistence, matrix):
    """Run the simulation, with a progress bar on stderr when it is a terminal and the run is
    long; stdout (JSON, CSV) is never touched by it."""
    import sys

    from ftzcalc.simulation import simulate as run

    def go(progress=None):
        return run(items, parents, trials, seed, persistence, matrix, progress=progress)

    if not sys.stderr.isatty() or trials < 1_000_000:
        return go()
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    counts = TextColumn("{task.completed:,}/{task.total:,}")
    columns = (TextColumn(_("simulating")), BarColumn(), counts, TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("trials", total=trials)
        return go(lambda done: bar.update(task, completed=done))
