"""Monte Carlo: the probability of meeting each target when growth is uncertain.

Each metric's growth in each year is drawn from its :class:`~ftzcalc.distributions.Distribution`
(or once, held for every year, with ``persistence``). Metrics are correlated by rank through a
Gaussian copula: standard normal draws are mixed by a matrix whose Pearson correlations are
``2 sin(pi * rho / 6)`` for a requested rank correlation ``rho`` (the exact relation for normal
variables), then each metric turns its own draws into growth by its own distribution, which it
therefore keeps. (Iman and Conover's rearrangement does the same by sorting a whole sample, which
makes the result depend on how the trials are split into chunks; the copula works trial by
trial.)

Memory stays flat, whatever the number of metrics and trials: metrics run in batches (whole
families: a parent sums its children trial by trial), all the trials of a batch before the next,
and within a batch trials run in chunks. Every statistic is kept as it streams: counts of
targets met, sums in fixed blocks of trials (added exactly at the end), a histogram of the log
value for each year after the start, for the percentiles of the year-by-year paths (those of the
target year are the target's), and, for children and their parents, the first 100,000 trials
for the rank correlations of children with their parent's total. A histogram is BINS counts,
128 KB, whatever the trials; a batch keeps BATCH_ROWS of them (a family with more is a batch
alone), and once counted they are read off and dropped. Every metric and year draws from its
own random stream, spawned from the seed (made when its batch runs), so a seed gives the same
numbers whatever the chunk size and the batches. With a rank correlation, every metric's draws
are mixed with every other's: all the metrics are one batch.
"""

from __future__ import annotations

import functools
import math
import operator
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

from ftzcalc import growth
from ftzcalc.correlation import copula_mixer
from ftzcalc.distributions import Distribution, parse_distribution, phi
from ftzcalc.errors import FtzcalcError, GrowthError, InputError
from ftzcalc.i18n import Message, message_of
from ftzcalc.model import (
    COMPUTED_TOLERANCE,
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
from ftzcalc.scenarios import rate_path

if TYPE_CHECKING:
    import numpy as np

BLOCK = 4096  # trials summed together: chunks are whole blocks, so sums never depend on chunking
DEFAULT_CHUNK = 16 * BLOCK
BINS = 1 << 15  # histogram bins per series, in log space, between bounds set by the distributions
#: Below this many trials a histogram keeps each trial's bin (2 bytes) rather than its counts
#: (4 bytes a bin): less memory, and no pass over every bin at each chunk.
SPARSE_TRIALS = 2 * (BINS + 2)
SUBSAMPLE = 100_000  # trials kept for rank correlations
BATCH_ROWS = 256  # histogram rows kept at a time (a metric's years, a parent's): 32 MB
WORK_BYTES = 16 << 20  # values held by the jobs running or waiting to, about
#: Fewer trials a chunk make jobs so short (a millisecond) that threads spend more CPU time on
#: the GIL than they save: then every job runs in the calling thread.
THREADED_TRIALS = 4 * BLOCK
#: Threads at most: each keeps work space of a chunk's values (5 MB for 5 years), and jobs
#: hold WORK_BYTES of values in all, a few jobs' worth, so more threads would wait.
MOST_THREADS = 4
MIX_WORK = 1 << 17  # multiply-adds of the copula's mixing at a time (see _mix)
MAX_TRIALS = 1_000_000_000
DEFAULT_TRIALS = 100_000  # enough for a chance to about ±0.3 points (95%)
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


class PathStats(NamedTuple):
    """Percentiles of a value year by year, for a fan chart: one entry per year, from the start
    year (the start value in every percentile) to the target year (where p5, p50 and p95 are
    the target year's :class:`Stats`)."""

    years: tuple[int, ...]
    p5: tuple[float, ...]
    p25: tuple[float, ...]
    p50: tuple[float, ...]
    p75: tuple[float, ...]
    p95: tuple[float, ...]


class ParentResult(NamedTuple):
    parent: Metric
    target: TargetPoint
    children: tuple[str, ...]
    stats: Stats
    contributions: tuple[Contribution, ...]  # largest first
    #: the sum of the children, from the latest of their start years (where each has a value)
    #: to the parent's target year
    path: PathStats


class Result(NamedTuple):
    trials: int
    seed: int
    persistence: bool
    rank_correlation: tuple[tuple[float, ...], ...] | None
    items: tuple[Item, ...]
    stats: Sequence[Stats]  # one per item
    parents: Sequence[ParentResult]
    paths: Sequence[PathStats]  # one per item, from its start year to its target year
    #: the metrics the plan left out, and why: (id, reason); set by who made the plan
    skipped: tuple[tuple[str, str], ...] = ()


_T = TypeVar("_T")


class Rows(Sequence[_T]):
    """A read-only sequence whose elements are made when asked for, by ``make(index)``: a
    result's statistics stand in memory as columns of numbers, not as an object each."""

    def __init__(self, make: Callable[[int], _T], size: int) -> None:
        self._make = make
        self._size = size

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[_T, ...]: ...
    def __getitem__(self, index: int | slice) -> _T | tuple[_T, ...]:
        if isinstance(index, slice):
            return tuple(self._make(i) for i in range(*index.indices(self._size)))
        position = operator.index(index)
        if position < 0:
            position += self._size
        if not 0 <= position < self._size:
            raise IndexError("index out of range")
        return self._make(position)

    def __iter__(self) -> Iterator[_T]:
        return map(self._make, range(self._size))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence (not a string) of equal elements, as a tuple is to a tuple."""
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({list(self)!r})"


#: A Stats' figures kept in _Table.figures, in its order
_FIGURES = ("probability", "standard_error", "p5", "p50", "p95", "mean", "closed_form")


class _Table:
    """The statistics of every series of a run, its items' then its parents', as columns of
    numbers (about 320 bytes a series of 5 years, where tuples of Python floats took 1.1 KB):
    filled batch by batch as they are read off, then read as :class:`Stats`,
    :class:`PathStats` and :class:`ParentResult` made when asked for."""

    def __init__(
        self,
        trials: int,
        items: Sequence[Item],
        parents: Sequence[tuple[Metric, TargetPoint, Sequence[int]]],
        path_points: Sequence[int],
    ) -> None:
        import numpy as np

        self.trials = trials
        self.items = items
        self.parents = parents
        size = len(items) + len(parents)
        self.met = np.zeros(size, dtype=np.int64)
        self.figures = np.zeros((size, len(_FIGURES)))  # closed_form NaN where there is none
        self.filled = np.zeros(size, dtype=bool)
        self.first_year = np.zeros(size, dtype=np.int64)
        self.path_offsets = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(path_points, out=self.path_offsets[1:])
        self.path_values = np.zeros((int(self.path_offsets[-1]), len(PATH_QUANTILES)))
        self.contribution_offsets = np.zeros(len(parents) + 1, dtype=np.int64)
        np.cumsum([len(c) for _, _, c in parents], out=self.contribution_offsets[1:])
        size = int(self.contribution_offsets[-1])
        self.contributors = np.zeros(size, dtype=np.int64)  # the child, largest first
        self.contributions = np.zeros(size)

    def put(self, series: int, stats: Stats, path: PathStats) -> None:
        """Keep ``series``' statistics (an item's index, or the number of items plus a
        parent's)."""
        closed = math.nan if stats.closed_form is None else stats.closed_form
        self.met[series] = stats.met
        self.figures[series] = (*stats[2:8], closed)
        start, stop = self.path_offsets[series], self.path_offsets[series + 1]
        assert stop - start == len(path.years)
        self.first_year[series] = path.years[0]
        self.path_values[start:stop].T[...] = path[1:]
        self.filled[series] = True

    def put_contributions(self, parent: int, contributions: Sequence[tuple[int, float]]) -> None:
        """A parent's children (by item index) and their rank correlations, largest first."""
        start = self.contribution_offsets[parent]
        for k, (child, correlation) in enumerate(contributions, start=start):
            self.contributors[k] = child
            self.contributions[k] = correlation

    def stats(self, series: int) -> Stats:
        probability, error, p5, p50, p95, mean, closed = self.figures[series].tolist()
        closed_form = None if math.isnan(closed) else closed
        met = int(self.met[series])
        return Stats(self.trials, met, probability, error, p5, p50, p95, mean, closed_form)

    def path(self, series: int) -> PathStats:
        start, stop = self.path_offsets[series], self.path_offsets[series + 1]
        first = int(self.first_year[series])
        columns = self.path_values[start:stop].T.tolist()
        return PathStats(tuple(range(first, first + int(stop - start))), *map(tuple, columns))

    def parent(self, p: int) -> ParentResult:
        parent, target, children = self.parents[p]
        series = len(self.items) + p
        start, stop = self.contribution_offsets[p], self.contribution_offsets[p + 1]
        contributions = tuple(
            Contribution(self.items[c].metric.id, r)
            for c, r in zip(
                self.contributors[start:stop].tolist(),
                self.contributions[start:stop].tolist(),
                strict=True,
            )
        )
        return ParentResult(
            parent,
            target,
            tuple(self.items[c].metric.id for c in children),
            self.stats(series),
            contributions,
            self.path(series),
        )


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
    items: list[Item] = []
    skipped: list[tuple[str, str]] = []  # (metric id, why)
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
    path = rate_path(scenario, metric_id) if distribution is None else None
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
    """``trials``, if a whole number from 1 to MAX_TRIALS."""
    if isinstance(trials, bool) or not isinstance(trials, int):
        raise InputError(Message("trials must be a whole number, got {trials!r}", trials=trials))
    if not 0 < trials <= MAX_TRIALS:
        raise InputError(
            Message(
                "trials must be from 1 to {most:,}, got {trials:,}", most=MAX_TRIALS, trials=trials
            )
        )
    return trials


def check_seed(seed: int | None) -> int | None:
    """``seed``, if none or a whole number of 0 or more (numpy's seeds)."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise InputError(Message("a seed is a whole number of 0 or more, got {seed!r}", seed=seed))
    return seed


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


# --------------------------------------------------------------------------------------------
# Streaming statistics


class _Scratch:
    """Work space reused from chunk to chunk (a fresh array of a few MB each time would cost
    its page faults each time): one for each thread."""

    def __init__(self) -> None:
        import threading

        self.local = threading.local()

    def floats(self, shape: tuple[int, int]) -> np.ndarray:
        import numpy as np

        return self._space("floats", np.float64, shape)

    def ints(self, shape: tuple[int, int]) -> np.ndarray:
        import numpy as np

        return self._space("ints", np.int64, shape)

    def _space(self, name: str, dtype: Any, shape: tuple[int, int]) -> np.ndarray:
        import numpy as np

        size = shape[0] * shape[1]
        space = getattr(self.local, name, None)
        if space is None or space.size < size:
            space = np.empty(size, dtype=dtype)
            setattr(self.local, name, space)
        return space[:size].reshape(shape)


class _Histograms:
    """Histograms of the log of a series' values, one per year (row), kept as the chunks stream
    by: each has BINS bins between bounds set by the distributions for its year, an underflow
    and an overflow bin, and the least and largest value seen. For fewer trials than half its
    bins, a year keeps the bin of every trial instead (2 bytes each), its histogram counted
    when read: the same percentiles; else (BINS + 2) * 4 bytes a year."""

    def __init__(
        self, bounds: Sequence[tuple[float, float]], scratch: _Scratch, trials: int
    ) -> None:
        import numpy as np

        self.scratch = scratch
        lows = [math.log(low) for low, _ in bounds]
        highs = [math.log(high) if high > low else math.log(low) + 1e-9 for low, high in bounds]
        rows = self.rows = len(bounds)
        self.lo = lows
        self.hi = highs
        self.scale = [BINS / (h - lo) for lo, h in zip(lows, highs, strict=True)]
        self.lo_column = np.array(lows)[:, None]
        self.scale_column = np.array(self.scale)[:, None]
        # each row's place in the counts, past its underflow bin
        self.offset_column = np.arange(1.0, rows * (BINS + 2), BINS + 2)[:, None]
        # exactly one of bins and counts is kept, as the number of trials chooses
        self.bins: np.ndarray | None = None
        self.sorted: tuple[int, np.ndarray | None] = (-1, None)  # a row's bins, in order
        self.counts: np.ndarray | None = None
        if trials < SPARSE_TRIALS:  # each trial's bin (BINS + 2 < 2**16)
            self.bins = np.empty((rows, trials), dtype=np.uint16)
        else:  # underflow, bins, overflow; at most MAX_TRIALS in a bin
            self.counts = np.zeros((rows, BINS + 2), dtype=np.uint32)
        self.minimum = [math.inf] * rows
        self.maximum = [-math.inf] * rows
        self.n = 0

    def add(self, values: np.ndarray) -> None:
        """Count ``values``: rows x trials, one row per year."""
        import numpy as np

        rows, n = values.shape
        if not rows:
            return
        # every year at once, a few calls in all: numpy lets go of the GIL in each, and other
        # threads wait for it in between
        scaled = self.scratch.floats((rows, n))
        with np.errstate(divide="ignore"):  # a value that underflowed to 0: the first bin
            np.log(values, out=scaled)
        least, most = values.min(axis=1).tolist(), values.max(axis=1).tolist()
        for row in range(rows):
            self.minimum[row] = min(self.minimum[row], least[row])
            self.maximum[row] = max(self.maximum[row], most[row])
        scaled -= self.lo_column[:rows]
        scaled *= self.scale_column[:rows]
        np.floor(scaled, out=scaled)
        np.clip(scaled, -1, BINS, out=scaled)
        # whole numbers from -1 to BINS: one more is the bin, past the underflow
        if self.bins is not None:
            np.add(scaled, 1, out=self.bins[:rows, self.n : self.n + n], casting="unsafe")
        else:
            assert self.counts is not None  # no bins: the counts are kept
            index = self.scratch.ints((rows, n))
            np.add(scaled, self.offset_column[:rows], out=index, casting="unsafe")
            # a uint32 one into uint32 counts: numpy's fast loop, without casts (numpy >= 1.25)
            np.add.at(self.counts.reshape(-1), index.reshape(-1), np.uint32(1))
        self.n += n

    def percentiles(self, row: int, qs: Sequence[float]) -> tuple[float, ...]:
        """The values below which fractions ``qs`` of trials fall in year ``row``, read off its
        histogram and interpolated in log space within a bin (a bin is 1/BINS of the bounds):
        off by the square of a bin's width times the density's slope, far below the Monte
        Carlo error even where, at 10^7 trials, a bin is as wide as that error (measured: 3% of
        it, against the exact order statistics)."""
        import numpy as np

        lo, hi = float(self.lo[row]), float(self.hi[row])
        least, most = float(self.minimum[row]), float(self.maximum[row])
        width = (hi - lo) / BINS
        ranks = [q * self.n for q in qs]
        # for each rank, k: the first bin with at least rank trials in it or below; before:
        # the trials below it; count: the trials in it
        if self.bins is not None:
            sorted_row, ordered = self.sorted
            if sorted_row != row or ordered is None:  # a year is read twice: stats, path
                ordered = np.sort(self.bins[row, : self.n])
                self.sorted = (row, ordered)
            # counts are whole: at least rank is at least its ceiling
            needs = np.array([max(math.ceil(rank), 1) for rank in ranks]) - 1
            ks = ordered[needs].astype(np.int64) if self.n else np.zeros(len(ranks), np.int64)
            ks[[rank <= 0 for rank in ranks]] = 0
            befores = np.searchsorted(ordered, ks, side="left")
            counts = np.searchsorted(ordered, ks, side="right") - befores
        else:
            assert self.counts is not None  # no bins: the counts are kept
            cumulative = np.cumsum(self.counts[row])
            ks = np.searchsorted(cumulative, ranks, side="left")
            befores = np.where(ks > 0, cumulative[ks - 1], 0)
            counts = self.counts[row, np.minimum(ks, BINS + 1)]
        out = []
        for rank, k, before, count in zip(
            ranks, ks.tolist(), befores.tolist(), counts.tolist(), strict=True
        ):
            if k == 0:
                out.append(least)
                continue
            if k == BINS + 1:
                out.append(most)
                continue
            fraction = (rank - before) / count if count else 0.0
            value = math.exp(lo + (k - 1 + fraction) * width)
            out.append(min(max(value, least), most))
        return tuple(out)


class _Series:
    """Statistics of one series' values in its target year, kept as the chunks stream by; its
    percentiles are read off the target year's row of the series' histograms."""

    def __init__(
        self, target: TargetPoint, histograms: _Histograms, row: int, keep: bool = True
    ) -> None:
        self.target = target
        self.histograms = histograms
        self.row = row
        self.block_sums: list[float] = []
        self.met = 0
        self.n = 0
        self.sample: list[np.ndarray] = []
        self.kept = 0 if keep else SUBSAMPLE  # a sample only for rank correlations

    def add(self, values: np.ndarray) -> None:
        import numpy as np

        t = self.target
        met = t.comparator.is_met(values, t.value, COMPUTED_TOLERANCE)
        self.met += int(np.count_nonzero(met))
        self.n += values.size
        starts = np.arange(0, values.size, BLOCK)
        self.block_sums.extend(np.add.reduceat(values, starts).tolist())
        if self.kept < SUBSAMPLE:
            take = values[: SUBSAMPLE - self.kept].copy()
            self.sample.append(take)
            self.kept += take.size

    def stats(self, closed_form: float | None) -> Stats:
        p = self.met / self.n
        p5, p50, p95 = self.histograms.percentiles(self.row, (0.05, 0.50, 0.95))
        return Stats(
            trials=self.n,
            met=self.met,
            probability=p,
            standard_error=math.sqrt(p * (1 - p) / self.n),
            p5=p5,
            p50=p50,
            p95=p95,
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


PATH_QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)


def _path_stats(first_year: int, start: float | None, histograms: _Histograms) -> PathStats:
    """A path from ``first_year``: its value ``start`` in every percentile there (if given: a
    known start), then one year per row of ``histograms``."""
    columns: list[list[float]] = [[] for _ in PATH_QUANTILES]
    if start is not None:
        for column in columns:
            column.append(start)
    for row in range(histograms.rows):
        for column, value in zip(columns, histograms.percentiles(row, PATH_QUANTILES), strict=True):
            column.append(value)
    years = tuple(range(first_year, first_year + len(columns[0])))
    return PathStats(years, *(tuple(column) for column in columns))


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
    if not persistence and d.unbounded:
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
    trials: int = DEFAULT_TRIALS,
    seed: int | None = None,
    persistence: bool = False,
    rank_correlation: Sequence[Sequence[float]] | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Callable[[int], None] | None = None,
    batch_rows: int = BATCH_ROWS,
    work_bytes: int = WORK_BYTES,
) -> Result:
    """Run ``trials`` trials. ``parents`` are (metric, target, indexes of its children in
    ``items``), summed trial by trial. ``progress`` is told, after each chunk, how many trials'
    worth of the whole run is done (the run goes batch by batch of metrics, all the trials of
    one batch before the next). Memory is set by ``chunk`` (trials drawn at a time; whole
    blocks), ``batch_rows`` (histogram rows kept at a time: metrics run in batches of whole
    families, a family alone if it has more) and ``work_bytes`` (values held by the jobs that
    run on a thread for each core, about); none of them changes the results."""
    from concurrent.futures import ThreadPoolExecutor

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
    starts = [_parent_start(items, children, target) for _, target, children in parents]
    counted = [
        list(range(first + (known is not None), target.year + 1))
        for (_, target, _), (first, known) in zip(parents, starts, strict=True)
    ]
    groups = _groups(m, [children for _, _, children in parents], mixer is not None)
    owner = {}  # the group of each parent: that of its first child
    for g, group in enumerate(groups):
        for j in group:
            owner[j] = g
    group_parents: list[list[int]] = [[] for _ in groups]
    for p, (_, _, children) in enumerate(parents):
        group_parents[owner[children[0]]].append(p)
    rows = [
        sum(items[j].years for j in group) + sum(len(counted[p]) for p in ps)
        for group, ps in zip(groups, group_parents, strict=True)
    ]
    batches: list[tuple[list[int], list[int]]] = []  # (items in the order drawn, parents)
    held = 0
    for group, ps, r in zip(groups, group_parents, rows, strict=True):
        if not batches or held + r > batch_rows:
            batches.append(([], []))
            held = 0
        batches[-1][0].extend(group)
        batches[-1][1].extend(ps)
        held += r
    chunk = max(BLOCK, -(-chunk // BLOCK) * BLOCK)  # whole blocks
    if mixer is not None:  # the copula's normals of every metric and year, twice: work_bytes
        chunk = min(chunk, max(BLOCK, work_bytes // (16 * m * years) // BLOCK * BLOCK))

    # Every metric and year draws from its own stream: child j * years + y of the seed's
    # sequence (as SeedSequence.spawn makes them), made when its batch runs.
    def generator(stream: int) -> np.random.Generator:
        child = np.random.SeedSequence(
            sequence.entropy, spawn_key=(*sequence.spawn_key, stream), pool_size=sequence.pool_size
        )
        return np.random.Generator(np.random.PCG64(child))

    points = [item.years + 1 for item in items]  # the start, then a histogram row a year
    points += [len(c) + (known is not None) for c, (_, known) in zip(counted, starts, strict=True)]
    table = _Table(trials, items, parents, points)
    scratch = _Scratch()
    total_work = sum(rows) * trials
    work_done = 0
    # The work runs on a thread for each core, MOST_THREADS at most (numpy lets go of the GIL
    # as it draws and counts), as jobs taken in the order given: a metric's draws, values and
    # counts for a chunk (its copula normals, and a share of their mixing, when correlated); a
    # parent's counts, once this thread has added its children's values to its total, in
    # their order; a batch's statistics, read off its histograms. A metric's job for a chunk
    # starts after its job for the chunk before has ended, and so does a parent's, so that its
    # streams, samples and sums see the chunks in order; counts are whole numbers, so the
    # order of rows changes nothing. Jobs hold about work_bytes of values at most. Chunks of
    # few trials run every job here.
    threads = _threads() if min(chunk, trials) >= THREADED_TRIALS else 1
    pool: Executor = _Inline()
    if threads > 1:
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ftzcalc-simulate")
    jobs = _Jobs(pool, threads, work_bytes if threads > 1 else 0)  # here: ended as run
    try:
        for order, batch_parents in batches:
            used = {j: (1 if persistence else reach[j]) for j in order}
            if mixer is not None:
                used = dict.fromkeys(order, years)
            generators = {j: [generator(j * years + y) for y in range(used[j])] for j in order}
            # one histogram a year after the start: the bounds of each year also check that no
            # year's value can overflow (a wide spread of log growth can peak before the
            # target year)
            histograms = {
                j: _Histograms(
                    [end_bounds(items[j], persistence, k) for k in range(1, items[j].years + 1)],
                    scratch,
                    trials,
                )
                for j in order
            }
            parent_of: dict[int, list[int]] = {}  # item -> the batch's parents it adds to
            for p in batch_parents:
                for c in parents[p][2]:
                    parent_of.setdefault(c, []).append(p)
            series = {
                j: _Series(items[j].target, histograms[j], items[j].years - 1, j in parent_of)
                for j in order
            }
            parent_histograms, parent_series = {}, {}
            for p in batch_parents:
                children = parents[p][2]
                bounds = []
                for year in counted[p]:
                    ends = [
                        end_bounds(items[c], persistence, year - items[c].start.year)
                        for c in children
                    ]
                    bounds.append((sum(b[0] for b in ends), sum(b[1] for b in ends)))
                parent_histograms[p] = h = _Histograms(bounds, scratch, trials)
                parent_series[p] = _Series(parents[p][1], h, len(counted[p]) - 1, True)
            batch_work = sum(items[j].years for j in order)
            batch_work += sum(len(counted[p]) for p in batch_parents)
            metric_jobs: dict[int, int] = {}  # each metric's latest job
            count_parent = functools.partial(
                _count_parent_later, jobs, {}, parent_series, parent_histograms
            )
            done = 0
            while done < trials:
                n = min(chunk, trials - done)
                mixed = None
                if mixer is not None:  # correlated normals of every metric and year
                    z = np.empty((m, years, n))
                    drawn = [jobs.submit(0, _draw_normals, generators[j], z[j]) for j in order]
                    for ticket in drawn:
                        jobs.wait_for(ticket)
                    mixed = _mix(mixer, z.reshape(m, -1), jobs).reshape(m, years, n)
                    del z
                sums = _ParentSums(items, parents, counted, parent_of, n, count_parent)
                for j in order:
                    if j in metric_jobs:
                        jobs.wait_for(metric_jobs[j])
                    draws = None if mixed is None else mixed[j, : 1 if persistence else reach[j]]
                    metric_jobs[j] = jobs.submit(
                        reach[j] * n * 8,
                        _run_metric,
                        items[j],
                        generators[j],
                        draws,
                        n,
                        persistence,
                        reach[j],
                        series[j],
                        j in parent_of,
                        then=functools.partial(sums.add, j) if j in parent_of else None,
                    )
                del mixed
                done += n
                work_done += batch_work * n
                if progress is not None:
                    progress(trials * work_done // total_work)
            jobs.wait_all()
            jobs.submit(
                0,
                _read_off,
                items,
                parents,
                persistence,
                order,
                batch_parents,
                series,
                histograms,
                parent_series,
                parent_histograms,
                starts,
                table,
            )
        jobs.wait_all()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    assert table.filled.all()  # every batch read off
    matrix = (
        tuple(tuple(float(x) for x in row) for row in rank_correlation)
        if rank_correlation
        else None
    )
    # numpy types entropy for any seed; from an int or None it is an int
    seed_used = int(sequence.entropy)  # type: ignore[arg-type]
    return Result(
        trials,
        seed_used,
        persistence,
        matrix,
        tuple(items),
        Rows(table.stats, m),
        Rows(table.parent, len(parents)),
        Rows(table.path, m),
    )


def _groups(m: int, families: Sequence[Sequence[int]], together: bool) -> list[list[int]]:
    """The metrics drawn together, each group in the order its metrics are drawn: the children
    of a parent (with those of every parent that shares one of them), in the parents' order,
    and every other metric alone; in the order of their first metric. ``together``: one group
    of all (correlated draws are mixed across every metric)."""
    root = list(range(m))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for children in families:
        for c in children[1:]:
            a, b = find(children[0]), find(c)
            if a != b:
                root[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    placed = [False] * m
    for children in families:
        for c in children:
            if not placed[c]:
                placed[c] = True
                members.setdefault(find(c), []).append(c)
    for j in range(m):
        if not placed[j]:
            members[j] = [j]
    groups = [members[r] for r in sorted(members)]
    return [[j for group in groups for j in group]] if together else groups


def _read_off(
    items: Sequence[Item],
    parents: Sequence[tuple[Metric, TargetPoint, Sequence[int]]],
    persistence: bool,
    order: Sequence[int],
    batch_parents: Sequence[int],
    series: Mapping[int, _Series],
    histograms: Mapping[int, _Histograms],
    parent_series: Mapping[int, _Series],
    parent_histograms: Mapping[int, _Histograms],
    starts: Sequence[tuple[int, float | None]],
    table: _Table,
) -> None:
    """A batch's statistics, read off its histograms and samples once they are all counted,
    into ``table``."""
    for j in order:
        item = items[j]
        stats = series[j].stats(closed_form(item, persistence))
        table.put(j, stats, _path_stats(item.start.year, item.start.value, histograms[j]))
    for p in batch_parents:
        children = parents[p][2]
        total = _centred_ranks(parent_series[p].kept_values())
        contributions = [
            (c, _correlation(_centred_ranks(series[c].kept_values()), total)) for c in children
        ]
        contributions.sort(key=lambda c: -abs(c[1]))
        table.put_contributions(p, contributions)
        first, known = starts[p]
        path = _path_stats(first, known, parent_histograms[p])
        table.put(len(items) + p, parent_series[p].stats(None), path)


def _mix(mixer: np.ndarray, z: np.ndarray, jobs: _Jobs) -> np.ndarray:
    """``mixer @ z``, a few thousand columns at a time: so few that OpenBLAS multiplies them in
    one thread (it takes more below 2^18 multiply-adds), leaving the other cores to the
    other jobs instead of keeping them spinning. A column's result depends on no other; the
    columns are shared among as many jobs as there are threads."""
    import numpy as np

    out = np.empty_like(z)
    columns = max(256, MIX_WORK // mixer.size)
    starts = range(0, z.shape[1], columns)
    share = -(-len(starts) // jobs.threads)

    def multiply(some: range) -> None:
        for start in some:
            part = slice(start, start + columns)
            np.matmul(mixer, z[:, part], out=out[:, part])

    tickets = [
        jobs.submit(0, multiply, starts[k : k + share]) for k in range(0, len(starts), share)
    ]
    for ticket in tickets:
        jobs.wait_for(ticket)
    return out


def _threads() -> int:
    """A thread for each core this process may run on, MOST_THREADS at most."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MOST_THREADS)


class _Jobs:
    """Jobs run by a pool of threads, taken in the order they are given, ended in that order
    here (each is told ``then`` its result), with about ``limit`` bytes of values among them:
    a job waits to start until those before have made room."""

    def __init__(self, pool: Executor, threads: int, limit: int) -> None:
        self.pool = pool
        self.threads = threads
        self.limit = limit
        self.queue: deque[tuple[Future[Any], int, Callable[[Any], None] | None]] = deque()
        self.held = 0  # bytes of the jobs queued
        self.given = 0  # jobs given so far: a job's ticket is its number
        self.ended = -1  # the ticket of the latest job ended here

    def submit(
        self,
        size: int,
        job: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None] | None = None,
        wait: bool = True,
    ) -> int:
        """Run ``job(*args)``, holding ``size`` bytes, after the jobs given before: once they
        leave room for it, or at once without ``wait``; its ticket."""
        while wait and self.queue and self.held + size > self.limit:
            self.end_one()
        self.queue.append((self.pool.submit(job, *args), size, then))
        self.held += size
        self.given += 1
        return self.given - 1

    def end_one(self) -> None:
        """Wait for the oldest job, and tell its ``then`` what it gave (an error is raised)."""
        future, size, then = self.queue.popleft()
        result = future.result()
        self.held -= size
        self.ended += 1
        if then is not None:
            then(result)

    def wait_for(self, ticket: int) -> None:
        while self.ended < ticket:
            self.end_one()

    def wait_all(self) -> None:
        while self.queue:
            self.end_one()


class _Inline(Executor):
    """Runs each job when it is given, in the thread that gives it."""

    def submit(self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # raised when the job is ended, as from a thread
            future.set_exception(exc)
        return future


def _draw_normals(generators: Sequence[np.random.Generator], z: np.ndarray) -> None:
    """Fill ``z``, a row a year, with standard normals, each row from its year's stream."""
    for rng, row in zip(generators, z, strict=True):
        rng.standard_normal(row.size, out=row)


def _run_metric(
    item: Item,
    generators: Sequence[np.random.Generator],
    draws: np.ndarray | None,
    n: int,
    persistence: bool,
    reach: int,
    series: _Series,
    parented: bool,
) -> np.ndarray | None:
    """A metric's chunk of ``n`` trials: its growth (from ``draws``, its correlated normals,
    else from its own streams), its values, their statistics and counts; its values, if a
    parent adds them up."""
    if draws is not None:
        factors = item.distribution.factors(draws)
    else:
        factors = item.distribution.draw_factors(generators, n)
    values = _path_values(item, factors, persistence, reach)
    series.add(values[item.years - 1])
    series.histograms.add(values[: item.years])
    return values if parented else None


def _count_parent(series: _Series, histograms: _Histograms, total: np.ndarray) -> None:
    """A parent's chunk: the statistics and counts of its total, a row a year."""
    series.add(total[-1])
    histograms.add(total)


def _count_parent_later(
    jobs: _Jobs,
    tickets: dict[int, int],
    series: Mapping[int, _Series],
    histograms: Mapping[int, _Histograms],
    p: int,
    total: np.ndarray,
) -> None:
    """Hand parent ``p``'s total for a chunk to a job (``tickets``: each parent's latest)."""
    # its job for the chunk before has ended: that chunk's children all ended before this one's
    assert tickets.get(p, -1) <= jobs.ended
    tickets[p] = jobs.submit(
        total.nbytes, _count_parent, series[p], histograms[p], total, wait=False
    )


class _ParentSums:
    """The totals of a batch's parents for one chunk: each child's values are added as they
    come, in the order of its parent's children (a child that comes before one listed ahead
    of it waits), and a complete total is handed to ``count(parent, total)``."""

    def __init__(
        self,
        items: Sequence[Item],
        parents: Sequence[tuple[Metric, TargetPoint, Sequence[int]]],
        counted: Sequence[Sequence[int]],
        parent_of: Mapping[int, Sequence[int]],
        n: int,
        count: Callable[[int, np.ndarray], None],
    ) -> None:
        self.items = items
        self.parents = parents
        self.counted = counted
        self.parent_of = parent_of
        self.n = n
        self.count = count
        self.totals: dict[int, np.ndarray] = {}
        self.waiting: dict[int, dict[int, np.ndarray]] = {}
        self.added: dict[int, int] = {}

    def add(self, j: int, values: np.ndarray) -> None:
        """Add item ``j``'s values (years x trials) to its parents' totals."""
        import numpy as np

        for p in self.parent_of[j]:
            children = self.parents[p][2]
            waiting = self.waiting.setdefault(p, {})
            waiting[j] = values
            if p not in self.totals:
                self.totals[p] = np.zeros((len(self.counted[p]), self.n))
                self.added[p] = 0
            total = self.totals[p]
            while self.added[p] < len(children) and children[self.added[p]] in waiting:
                c = children[self.added[p]]
                path = waiting.pop(c)
                for row, year in zip(total, self.counted[p], strict=True):
                    offset = year - self.items[c].start.year
                    row += path[offset - 1] if offset else self.items[c].start.value
                self.added[p] += 1
            if self.added[p] == len(children):
                self.count(p, self.totals.pop(p))


def _parent_start(
    items: Sequence[Item], children: Sequence[int], target: TargetPoint
) -> tuple[int, float | None]:
    """Where a parent's path starts: the latest of its children's start years, the first in
    which every child has a value, and the sum of their start values when they all start then
    (before its target year); None when the sum there is drawn."""
    first = max(items[c].start.year for c in children)
    if first < target.year and all(items[c].start.year == first for c in children):
        return first, sum((items[c].start.value for c in children), 0.0)
    return first, None


def _path_values(item: Item, factors: np.ndarray, persistence: bool, years: int) -> np.ndarray:
    """Values after 1 to ``years`` years of growth (years x trials) from one metric's growth
    factors (years x trials; one row with persistence), which for lognormal growth are log
    factors, summed before one exp a year. Works in place on ``factors`` where it can."""
    import numpy as np

    d = item.distribution
    start = item.start.value
    if not d.log_factors:  # a log factor is any number; a factor must be above 0
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
    if persistence:  # one draw held: year k is start * factor ** k
        out = np.empty((years, factors.shape[1]))
        for k, row in enumerate(out, start=1):
            if d.log_factors:
                np.multiply(factors[0], k, out=row)
                np.exp(row, out=row)
            elif k == 1:
                row[...] = factors[0]
            else:  # factor ** k by repeated products: pow() takes ~20 times as long
                np.multiply(out[k - 2], factors[0], out=row)
        out *= start
        return out
    values = factors[:years]
    for k in range(1, years):  # running sums (log factors) or products, row by row
        if d.log_factors:
            values[k] += values[k - 1]
        else:
            values[k] *= values[k - 1]
    if d.log_factors:
        np.exp(values, out=values)
    values *= start
    return values


def _centred_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 0..n-1 less their mean: Spearman's correlation is the Pearson one of these."""
    import numpy as np

    ranks = np.empty(values.size)
    order = np.argsort(values)  # the only order, without ties; several times faster than stable
    ordered = values[order]
    if (ordered[1:] == ordered[:-1]).any():  # ties: the first drawn, the lowest rank
        order = np.argsort(values, kind="stable")
    ranks[order] = np.arange(values.size)
    ranks -= (values.size - 1) / 2
    return ranks


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson's correlation of centred ranks. Their products and sums are exact (multiples of
    1/4 below 2**47 for SUBSAMPLE trials), so any order of adding gives the same: numpy's sum
    rather than BLAS, whose threads took 8 ms a product on a busy machine of 2 cores."""
    import numpy as np

    denominator = math.sqrt(float(np.add.reduce(a * a)) * float(np.add.reduce(b * b)))
    return float(np.add.reduce(a * b)) / denominator if denominator else 0.0


# --------------------------------------------------------------------------------------------
# Closed forms


def closed_form(item: Item, persistence: bool) -> float | None:
    """P(target met) exactly, where a formula gives it: lognormal growth (independent years or
    one draw for all), and any distribution with one draw held for all years."""
    d, t = item.distribution, item.target
    years, start = item.years, item.start.value
    certain = d.certain_rate()
    if certain is not None:
        return float(
            t.comparator.is_met(start * (1 + certain) ** years, t.value, COMPUTED_TOLERANCE)
        )
    needed_log = growth.log_ratio(t.value, start) if t.value > 0 else -math.inf
    rising = t.comparator.direction > 0
    law = d.log_sum_law(years, persistence)
    if law is not None:
        centre, spread = law
        if spread == 0:
            return float(t.comparator.is_met(start * math.exp(centre), t.value, COMPUTED_TOLERANCE))
        below = phi((needed_log - centre) / spread)
        return 1 - below if rising else below
    if not persistence:
        return None
    # one rate r for all years: met when r is beyond the rate that reaches the target exactly
    threshold = math.expm1(needed_log / years)
    below = d.cdf(threshold)
    return 1 - below if rising else below
