"""Monte Carlo: the probability of meeting each target when growth is uncertain.

Each metric's growth in each year is drawn from its :class:`~ftzcalc.distributions.Distribution`
(or once, held for every year, with ``persistence``). Metrics are correlated by rank through a
Gaussian copula: standard normal draws are mixed by a matrix whose Pearson correlations are
``2 sin(pi * rho / 6)`` for a requested rank correlation ``rho`` (the exact relation for normal
variables), then each metric turns its own draws into growth by its own distribution, which it
therefore keeps. (Iman and Conover's rearrangement does the same by sorting a whole sample, which
makes the result depend on how the trials are split into chunks; the copula works trial by
trial.)

Memory stays flat: trials run in chunks, and every statistic is kept as it streams: counts of
targets met, sums in fixed blocks of trials (added exactly at the end), a histogram of the log end
value for the percentiles, and the first 100,000 trials for the rank correlations of children
with their parent's total. Every metric and year draws from its own random stream, spawned from
the seed, so a seed gives the same numbers whatever the chunk size.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ftzcalc import growth
from ftzcalc.distributions import Distribution, parse_distribution, phi
from ftzcalc.errors import FtzcalcError, GrowthError, InputError
from ftzcalc.i18n import Message, message_of
from ftzcalc.model import (
    COMPUTED_TOLERANCE,
    Comparator,
    Dataset,
    LevelTarget,
    Metric,
    Scenario,
    TargetKind,
)
from ftzcalc.projection import (
    NotProjectable,
    StartPoint,
    TargetPoint,
    start_point,
    target_point,
)

if TYPE_CHECKING:
    import numpy as np

BLOCK = 4096  # trials summed together: chunks are whole blocks, so sums never depend on chunking
DEFAULT_CHUNK = 16 * BLOCK
BINS = 1 << 15  # histogram bins per series, in log space, between bounds set by the distributions
SUBSAMPLE = 100_000  # trials kept for rank correlations
MAX_TRIALS = 1_000_000_000
#: Room kept above every end value (its log): sums of BLOCK trials of up to 2**18 children's
#: values stay finite.
HEADROOM = 30 * math.log(2)


#: Seeds drawn when none is given are below this: short to read, and to type back with --seed.
SHORT_SEEDS = 1_000_000


class SimulationError(FtzcalcError):
    """A draw outside what growth allows (a growth factor of 0 or below)."""


class Item(NamedTuple):
    """One metric to simulate: where it starts, what it must reach, how it grows."""

    metric: Metric
    start: StartPoint
    target: TargetPoint
    distribution: Distribution

    @property
    def years(self) -> int:
        return self.target.year - self.start.year


class Stats(NamedTuple):
    trials: int
    met: int
    probability: float
    standard_error: float
    p5: float
    p50: float
    p95: float
    mean: float
    closed_form: float | None  # the exact probability, where a formula gives one


class Contribution(NamedTuple):
    metric_id: str
    rank_correlation: float  # of the child's end value with the parent's total


class ParentResult(NamedTuple):
    parent: Metric
    target: TargetPoint
    children: tuple[str, ...]
    stats: Stats
    contributions: tuple[Contribution, ...]  # largest first


class Result(NamedTuple):
    trials: int
    seed: int
    persistence: bool
    rank_correlation: tuple[tuple[float, ...], ...] | None
    items: tuple[Item, ...]
    stats: tuple[Stats, ...]  # one per item
    parents: tuple[ParentResult, ...]


# --------------------------------------------------------------------------------------------
# What to simulate


class Plan(NamedTuple):
    items: tuple[Item, ...]
    parents: tuple[tuple[Metric, TargetPoint, tuple[int, ...]], ...]  # children as item indexes
    correlation: list[list[float]] | None
    skipped: tuple[tuple[str, str], ...]  # (metric id, why it is not simulated)


def plan(
    dataset: Dataset,
    scenario: Scenario | None = None,
    default: Distribution | None = None,
    per_metric: Mapping[str, Distribution] | None = None,
    rho: float | None = None,
) -> Plan:
    """Which metrics to simulate and how: a metric's own distribution (``per_metric``), else the
    one for all (``default``), else the scenario's (a constant rate of it counting as a fixed
    distribution). Parents whose children are all simulated are rolled up. ``rho`` gives every
    pair that rank correlation; without it, the scenario's correlation applies."""
    items, skipped = [], []
    for metric in dataset.metrics:
        if metric.target.kind is TargetKind.QUALITATIVE:
            continue
        distribution = (per_metric or {}).get(metric.id) or default
        if distribution is None and scenario is not None:
            distribution = _scenario_distribution(scenario, metric.id)
        if distribution is None:
            skipped.append((metric.id, Message("no growth distribution")))
            continue
        try:
            items.append(Item(metric, start_point(metric), target_point(metric), distribution))
        except NotProjectable as exc:
            skipped.append((metric.id, exc.reason))
    index = {item.metric.id: i for i, item in enumerate(items)}
    parents = []
    for metric in dataset.metrics:
        children = [c.id for c in dataset.children(metric.id)]
        target = metric.target
        if children and all(c in index for c in children) and isinstance(target, LevelTarget):
            # the children's values in the parent's target year, on each child's own path
            late = [items[index[c]] for c in children if items[index[c]].start.year > target.year]
            if late:
                why = Message(
                    "not rolled up: {child} is simulated from {year}, after {parent_year}",
                    child=late[0].metric.id,
                    year=late[0].start.year,
                    parent_year=target.year,
                )
                skipped.append((metric.id, why))
                continue
            point = TargetPoint(target.year, target.value, target.comparator)
            parents.append((metric, point, tuple(index[c] for c in children)))
    ids = [item.metric.id for item in items]
    matrix = None
    if rho is not None:
        matrix = correlation_matrix(rho, len(ids))
    elif scenario is not None and scenario.correlation is not None:
        try:
            matrix = _scenario_matrix(scenario.correlation, ids)
        except InputError as exc:
            raise InputError(
                Message("{id}: {reason}", id=scenario.id, reason=message_of(exc))
            ) from None
    return Plan(tuple(items), tuple(parents), matrix, tuple(skipped))


def _scenario_distribution(scenario: Scenario, metric_id: str) -> Distribution | None:
    distribution = scenario.distribution_for(metric_id)
    path = scenario.rate_for(metric_id) if distribution is None else None
    if path is not None and path.is_constant:
        return parse_distribution(repr(path.points[0][1]))
    return distribution


def _scenario_matrix(correlation: Any, ids: list[str]) -> list[list[float]]:
    """The scenario's correlation over the metrics simulated (0 for pairs it does not name)."""
    if isinstance(correlation, float):
        return correlation_matrix(correlation, len(ids))
    named, matrix = correlation
    check_correlation_ids(named)
    position = {metric_id: i for i, metric_id in enumerate(named)}
    full = correlation_matrix(0.0, len(ids))
    for a, id_a in enumerate(ids):
        for b, id_b in enumerate(ids):
            if id_a in position and id_b in position:
                full[a][b] = matrix[position[id_a]][position[id_b]]
    return full


# --------------------------------------------------------------------------------------------
# Correlation


def check_trials(trials: int) -> int:
    """``trials``, if from 1 to MAX_TRIALS."""
    if not 0 < trials <= MAX_TRIALS:
        raise InputError(
            Message(
                "trials must be from 1 to {most:,}, got {trials:,}", most=MAX_TRIALS, trials=trials
            )
        )
    return trials


def check_correlation(rho: float) -> float:
    """``rho``, if a rank correlation: from -1 to 1 (not NaN)."""
    if not -1 <= rho <= 1:
        raise InputError(Message("a correlation must be between -1 and 1, got {rho:g}", rho=rho))
    return rho


def check_correlation_ids(ids: Sequence[str]) -> None:
    """The metrics a correlation matrix names, each once: a metric named twice would have two
    rows, and only one of them would count."""
    seen: set[str] = set()
    for metric_id in ids:
        if metric_id in seen:
            raise InputError(
                Message("the correlation lists {id!r} twice: name each metric once", id=metric_id)
            )
        seen.add(metric_id)


def correlation_matrix(rho: float, size: int) -> list[list[float]]:
    """The same rank correlation ``rho`` for every pair of ``size`` metrics."""
    check_correlation(rho)
    return [[1.0 if i == j else rho for j in range(size)] for i in range(size)]


def copula_mixer(rank: Sequence[Sequence[float]]) -> np.ndarray:
    """A matrix A with A @ A.T the Pearson correlation that gives the rank correlation ``rank``
    to normal variables; refuses a matrix that is not a correlation matrix."""
    import numpy as np

    r = np.asarray(rank, dtype=float)
    n = r.shape[0]
    if r.shape != (n, n):
        raise InputError(Message("the correlation matrix must be square"))
    if not np.allclose(r, r.T, atol=1e-12):
        i, j = np.argwhere(~np.isclose(r, r.T, atol=1e-12))[0]
        raise InputError(
            Message(
                "the correlation matrix is not symmetric: row {row}, column {column} is "
                "{value:g} but row {column}, column {row} is {mirror:g}",
                row=i + 1,
                column=j + 1,
                value=r[i, j],
                mirror=r[j, i],
            )
        )
    if not np.allclose(np.diag(r), 1.0):
        raise InputError(Message("the correlation matrix must have 1 on its diagonal"))
    if (np.abs(r) > 1).any():
        raise InputError(Message("correlations must be between -1 and 1"))
    pearson = 2 * np.sin(np.pi * r / 6)
    values, vectors = np.linalg.eigh(pearson)
    if values.min() < -1e-10:
        raise InputError(
            Message(
                "the correlation matrix is not positive semi-definite "
                "(its smallest eigenvalue is {eigenvalue:.4g}): no set of variables has it",
                eigenvalue=values.min(),
            )
        )
    return vectors * np.sqrt(np.clip(values, 0, None))


# --------------------------------------------------------------------------------------------
# Streaming statistics


class _Series:
    """Statistics of one series of end values, kept as the chunks stream by."""

    def __init__(self, low: float, high: float, target: TargetPoint) -> None:
        import numpy as np

        self.target = target
        self.lo = math.log(low)
        self.hi = math.log(high) if high > low else math.log(low) + 1e-9
        self.counts = np.zeros(BINS + 2, dtype=np.int64)  # underflow, bins, overflow
        self.block_sums: list[float] = []
        self.met = 0
        self.n = 0
        self.minimum = math.inf
        self.maximum = -math.inf
        self.sample: list[np.ndarray] = []
        self.kept = 0

    def add(self, values: np.ndarray) -> None:
        import numpy as np

        t = self.target
        tol = COMPUTED_TOLERANCE * np.maximum(np.abs(values), abs(t.value))
        met = {
            Comparator.MORE_THAN: values > t.value + tol,
            Comparator.AT_LEAST: values >= t.value - tol,
            Comparator.LESS_THAN: values < t.value - tol,
            Comparator.AT_MOST: values <= t.value + tol,
        }[t.comparator]
        self.met += int(np.count_nonzero(met))
        self.n += values.size
        starts = np.arange(0, values.size, BLOCK)
        self.block_sums.extend(np.add.reduceat(values, starts).tolist())
        with np.errstate(divide="ignore"):  # a value that underflowed to 0: the first bin
            logs = np.log(values)
        scaled = (logs - self.lo) * (BINS / (self.hi - self.lo))
        index = np.clip(np.floor(scaled), -1, BINS).astype(np.int64) + 1
        self.counts += np.bincount(index, minlength=BINS + 2)
        self.minimum = min(self.minimum, float(values.min()))
        self.maximum = max(self.maximum, float(values.max()))
        if self.kept < SUBSAMPLE:
            take = values[: SUBSAMPLE - self.kept].copy()
            self.sample.append(take)
            self.kept += take.size

    def percentile(self, q: float) -> float:
        """The value below which a fraction ``q`` of trials fall, read off the histogram and
        interpolated in log space within its bin (a bin is at most 1/32768 of the bounds)."""
        import numpy as np

        rank = q * self.n
        cumulative = np.cumsum(self.counts)
        k = int(np.searchsorted(cumulative, rank, side="left"))
        if k == 0:
            return self.minimum
        if k == BINS + 1:
            return self.maximum
        before = cumulative[k - 1]
        fraction = (rank - before) / self.counts[k] if self.counts[k] else 0.0
        width = (self.hi - self.lo) / BINS
        value = math.exp(self.lo + (k - 1 + fraction) * width)
        return min(max(value, self.minimum), self.maximum)

    def stats(self, closed_form: float | None) -> Stats:
        p = self.met / self.n
        return Stats(
            trials=self.n,
            met=self.met,
            probability=p,
            standard_error=math.sqrt(p * (1 - p) / self.n),
            p5=self.percentile(0.05),
            p50=self.percentile(0.50),
            p95=self.percentile(0.95),
            mean=self.mean(),
            closed_form=closed_form,
        )

    def mean(self) -> float:
        try:
            return math.fsum(self.block_sums) / self.n
        except OverflowError:  # sums near the largest float: divide first
            return math.fsum(b / self.n for b in self.block_sums)

    def kept_values(self) -> np.ndarray:
        import numpy as np

        return np.concatenate(self.sample) if self.sample else np.empty(0)


# --------------------------------------------------------------------------------------------
# The run


def end_bounds(item: Item, persistence: bool, years: int | None = None) -> tuple[float, float]:
    """End values outside these are practically impossible: the histogram's range, in which
    the log of every bound is defined. The one place where the domain of a run is checked: a
    distribution under which the value could grow past what a float holds (with room for sums
    of BLOCK trials and of children), or would shrink below the smallest float in practically
    every trial, is refused, naming the metric and the distribution; a lower bound that
    underflows is raised to the smallest normal float (values below it count in the
    histogram's first bin). ``years``: after that many years of growth (default: to the
    item's target year)."""
    d = item.distribution
    try:
        lo, hi = d.log_factor_bounds
    except InputError as exc:
        raise SimulationError(
            Message("{id}: {reason}", id=item.metric.id, reason=message_of(exc))
        ) from None
    years = item.years if years is None else years
    if not persistence and d.kind in ("normal", "lognormal"):
        mid = (lo + hi) / 2
        half = (hi - lo) / 2 * math.sqrt(years)  # a sum of years spreads as sqrt(years)
        lo, hi = years * mid - half, years * mid + half
    else:
        lo, hi = years * lo, years * hi
    start = item.start.value
    try:
        growth.scale(start, hi + HEADROOM)
    except GrowthError:
        raise SimulationError(
            Message(
                "{id}: under {distribution} the value could grow past what a "
                "floating-point number holds",
                id=item.metric.id,
                distribution=d.label,
            )
        ) from None
    high = growth.scale(start, hi)
    if high < sys.float_info.min:
        raise SimulationError(
            Message(
                "{id}: under {distribution} the value would shrink below what a "
                "floating-point number holds, to 0, in practically every trial",
                id=item.metric.id,
                distribution=d.label,
            )
        )
    low = max(growth.scale(start, lo), sys.float_info.min)
    return low, max(high, low)


def simulate(
    items: Sequence[Item],
    parents: Sequence[tuple[Metric, TargetPoint, Sequence[int]]] = (),
    trials: int = 100_000,
    seed: int | None = None,
    persistence: bool = False,
    rank_correlation: Sequence[Sequence[float]] | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Run ``trials`` trials. ``parents`` are (metric, target, indexes of its children in
    ``items``), summed trial by trial. ``progress`` is told the trials done after each chunk."""
    import numpy as np

    check_trials(trials)
    if not items:
        raise InputError(
            Message("nothing to simulate: no metric has both a baseline and a distribution")
        )
    m = len(items)
    mixer = None
    if rank_correlation is not None:
        if len(rank_correlation) != m:
            raise InputError(
                Message(
                    "the correlation matrix is {width} wide for {count} metrics",
                    width=len(rank_correlation),
                    count=m,
                )
            )
        mixer = copula_mixer(rank_correlation)
    if seed is None:  # a short seed, drawn from the system, that reproduces the run
        import secrets

        seed = secrets.randbelow(SHORT_SEEDS)
    sequence = np.random.SeedSequence(seed)
    # a parent adds its children's values in ITS target year: each child's path runs to the
    # later of its own target year and its parents' (the same draws, so the two agree)
    reach = [item.years for item in items]
    for _, target, children in parents:
        for c in children:
            reach[c] = max(reach[c], target.year - items[c].start.year)
    years = 1 if persistence else max(reach)
    streams = sequence.spawn(m * years)
    generators = [[np.random.Generator(np.random.PCG64(streams[j * years + y]))
                   for y in range(years)] for j in range(m)]  # fmt: skip
    series = [_Series(*end_bounds(item, persistence), item.target) for item in items]
    parent_series = []
    for _, target, children in parents:
        bounds = [end_bounds(items[c], persistence, _offset(items[c], target)) for c in children]
        parent_series.append(_Series(sum(b[0] for b in bounds), sum(b[1] for b in bounds), target))
    chunk = max(BLOCK, -(-chunk // BLOCK) * BLOCK)  # whole blocks
    done = 0
    while done < trials:
        n = min(chunk, trials - done)
        z = None
        if mixer is not None:  # correlated normals for every metric and year: (m, years, n)
            z = np.empty((m, years, n))
            for j in range(m):
                for y in range(years):
                    generators[j][y].standard_normal(n, out=z[j, y])
            z = (mixer @ z.reshape(m, -1)).reshape(m, years, n)
        ends = np.empty((m, n))
        drawn = []
        for j, item in enumerate(items):
            used = 1 if persistence else reach[j]
            if z is not None:
                factors = item.distribution.factors(z[j, :used])
            else:
                factors = item.distribution.draw_factors(generators[j][:used], n)
            drawn.append(factors)
            ends[j] = _end_values(item, factors, persistence, item.years)
            series[j].add(ends[j])
        for (_, target, children), s in zip(parents, parent_series, strict=True):
            total = np.zeros(n)
            for c in children:
                offset = _offset(items[c], target)
                if offset == items[c].years:
                    total += ends[c]
                else:
                    total += _end_values(items[c], drawn[c], persistence, offset)
            s.add(total)
        done += n
        if progress is not None:
            progress(done)
    stats = tuple(
        s.stats(closed_form(item, persistence)) for s, item in zip(series, items, strict=True)
    )
    parent_results = []
    for (parent, target, children), s in zip(parents, parent_series, strict=True):
        total = _centred_ranks(s.kept_values())
        contributions = [
            Contribution(
                items[c].metric.id, _correlation(_centred_ranks(series[c].kept_values()), total)
            )
            for c in children
        ]
        contributions.sort(key=lambda c: -abs(c.rank_correlation))
        child_ids = tuple(items[c].metric.id for c in children)
        parent_results.append(
            ParentResult(parent, target, child_ids, s.stats(None), tuple(contributions))
        )
    matrix = (
        tuple(tuple(float(x) for x in row) for row in rank_correlation)
        if rank_correlation
        else None
    )
    seed_used = int(sequence.entropy)
    return Result(
        trials, seed_used, persistence, matrix, tuple(items), stats, tuple(parent_results)
    )


def _offset(item: Item, target: TargetPoint) -> int:
    """Years of growth from the item's start to a parent's target year."""
    return target.year - item.start.year


def _end_values(item: Item, factors: np.ndarray, persistence: bool, years: int) -> np.ndarray:
    """Values after ``years`` years of growth from one metric's growth factors (years x
    trials, the first ``years`` rows used; one row with persistence), which for lognormal
    growth are log factors, summed before a single exp."""
    import numpy as np

    d = item.distribution
    start = item.start.value
    if not persistence:
        factors = factors[:years]
    if d.kind == "lognormal":
        total = years * factors[0] if persistence else factors.sum(axis=0)
        return start * np.exp(total)
    bad = factors <= 0
    if bad.any():
        count = int(np.count_nonzero(bad))
        worst = float(factors[bad].min()) - 1
        raise SimulationError(
            Message(
                "{id}: {distribution} drew a rate of {rate:.4g}%, a growth factor of 0 or "
                "below, in {count:,} draws; ftzcalc does not clip such draws: narrow the "
                "distribution, or use lognormal, whose growth factors are always above 0",
                id=item.metric.id,
                distribution=d.label,
                rate=worst * 100,
                count=count,
            )
        )
    if persistence:
        return start * factors[0] ** years
    return start * np.prod(factors, axis=0)


def _centred_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 0..n-1 less their mean: Spearman's correlation is the Pearson one of these."""
    import numpy as np

    ranks = np.empty(values.size)
    ranks[np.argsort(values, kind="stable")] = np.arange(values.size)
    ranks -= (values.size - 1) / 2
    return ranks


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    denominator = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / denominator if denominator else 0.0


# --------------------------------------------------------------------------------------------
# Closed forms


def closed_form(item: Item, persistence: bool) -> float | None:
    """P(target met) exactly, where a formula gives it: lognormal growth (independent years or
    one draw for all), and any distribution with one draw held for all years."""
    d, t = item.distribution, item.target
    years, start = item.years, item.start.value
    if d.kind == "fixed":
        return float(
            t.comparator.is_met(start * (1 + d.params[0]) ** years, t.value, COMPUTED_TOLERANCE)
        )
    needed_log = growth.log_ratio(t.value, start) if t.value > 0 else -math.inf
    rising = t.comparator.direction > 0
    if d.kind == "lognormal":
        mean, sd = d.params
        centre = years * mean
        spread = sd * (years if persistence else math.sqrt(years))
        if spread == 0:
            return float(t.comparator.is_met(start * math.exp(centre), t.value, COMPUTED_TOLERANCE))
        below = phi((needed_log - centre) / spread)
        return 1 - below if rising else below
    if not persistence:
        return None
    # one rate r for all years: met when r is beyond the rate that reaches the target exactly
    threshold = math.expm1(needed_log / years)
    below = _cdf(d, threshold)
    return 1 - below if rising else below


def _cdf(d: Distribution, x: float) -> float:
    p = d.params
    if d.kind == "normal":
        return phi((x - p[0]) / p[1]) if p[1] > 0 else float(x >= p[0])
    if d.kind == "uniform":
        low, high = p
        if high == low:
            return float(x >= low)
        return min(max((x - low) / (high - low), 0.0), 1.0)
    low, mode, high = p
    if x <= low:
        return 0.0
    if x >= high:
        return 1.0
    if x <= mode:
        return (x - low) ** 2 / ((high - low) * (mode - low))
    return 1 - (high - x) ** 2 / ((high - low) * (high - mode))
