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
    plot_option,
)
from ftzcalc.errors import InputError
from ftzcalc.i18n import Message, _, localize, said

RATE_HELP = (
    "Growth a year: 15% or 0.15, ref:ID for a reference rate of the dataset (see 'ftzcalc "
    "targets'), or a path by year, 2019=5%,2020=8% (later years keep the last rate)."
)


def _rate(text: str, references: tuple, option: str = "--rate"):  # -> RatePath
    from ftzcalc.rates import parse_rate_spec

    try:
        return parse_rate_spec(text, references)
    except InputError as exc:
        raise click.BadParameter(said(exc), param_hint=f"'{option}'") from None


@cli.command(short_help="Project one metric year by year under a growth rate.")
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
@data_options
@output_options
@plot_option
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

    emit(
        out,
        lambda: view.to_json(result, files),
        lambda: view.to_csv(result),
        lambda: view.to_table(result, lang),
        figure=plots.for_file(chart, out.plot),
    )


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
@plot_option
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
        default = None
        per_metric = []
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
                _once(metric_id, [m for m, _ in per_metric], "--rate")
                per_metric.append((metric_id, path))
        chosen.append(sc.ad_hoc(default, per_metric))
    if not chosen:
        chosen = list(sc.available(dataset))
    report = sc.run(dataset, chosen)
    files = list(dataset.paths)

    def chart():  # matplotlib is imported only here, when --plot asks for a chart
        from ftzcalc.plots import scenario as draw

        return draw.figure(report, lang, plots.sources(dataset))

    emit(
        out,
        lambda: view.to_json(report, files),
        lambda: view.to_csv(report),
        lambda: view.to_table(report, lang),
        figure=plots.for_file(chart, out.plot),
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
@plot_option
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
    from ftzcalc import plots
    from ftzcalc import sensitivity as sens
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

    emit(
        out,
        lambda: view.to_json(grid, files),
        lambda: view.to_csv(grid),
        lambda: view.to_table(grid),
        figure=plots.for_file(chart, out.plot),
    )


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


@cli.command(short_help="Probability of meeting each target under uncertain growth.")
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
    default=100_000,
    show_default=True,
    help="Number of trials.",
)
@click.option("--seed", type=click.IntRange(min=0), help="Seed: the same seed, the same result.")
@figure_options
@data_options
@output_options
@plot_option
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

    emit(
        out,
        lambda: view.to_json(result, skipped, files),
        lambda: view.to_csv(result),
        lambda: view.to_table(result, skipped, lang),
        figure=plots.for_file(chart, out.plot),
    )


def _once(metric_id: str, given, option: str) -> None:
    """Refuse a second ``option ID=…`` for the same metric: which one was meant?"""
    if metric_id in given:
        raise click.UsageError(
            localize(
                Message(
                    "{option} gives {id} twice: give one for each metric",
                    option=option,
                    id=metric_id,
                )
            )
        )


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

    default, per_metric = None, {}
    for text in growth_texts:
        metric_id, sep, body = text.partition("=")
        is_pair = sep and "(" not in metric_id
        try:
            distribution = parse_distribution(body if is_pair else text)
        except InputError as exc:
            raise click.BadParameter(said(exc), param_hint="'--growth'") from None
        if is_pair:
            dataset.metric(metric_id.strip())  # an unknown id is a usage error
            _once(metric_id.strip(), per_metric, "--growth")
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
