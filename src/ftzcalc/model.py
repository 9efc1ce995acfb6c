"""Typed, validated objects that a dataset is made of. ``dataset.py`` builds them from TOML.

They are immutable ``NamedTuple``s rather than frozen dataclasses: a frozen dataclass costs about
0.8 ms to define, which every run of ``ftzcalc`` would pay at start-up.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ftzcalc import growth
from ftzcalc.errors import GrowthError
from ftzcalc.i18n import N_, Message

if TYPE_CHECKING:
    from ftzcalc.distributions import Distribution
    from ftzcalc.rates import RatePath


#: Relative tolerance for comparing a computed value with a target: 1e-9, a millionth of a
#: millionth of a 1500亿元 target is 0.15 yuan, far below what the figures mean, and far above
#: floating-point noise (about 1e-16 per operation).
COMPUTED_TOLERANCE = 1e-9


def _larger_magnitude(value: Any, target: float) -> Any:
    """max(|value|, |target|), for a number or elementwise for a numpy array."""
    if isinstance(value, int | float):
        return max(abs(value), abs(target))
    import numpy as np

    return np.maximum(np.abs(value), abs(target))


class Comparator(enum.Enum):
    """How a target is worded: which side of its value counts as met."""

    MORE_THAN = "more-than"
    AT_LEAST = "at-least"
    LESS_THAN = "less-than"
    AT_MOST = "at-most"

    @property
    def symbol(self) -> str:
        return {"more-than": ">", "at-least": "≥", "less-than": "<", "at-most": "≤"}[self.value]

    @property
    def direction(self) -> int:
        """+1 for targets that ask for a rise, -1 for those that ask for a fall."""
        return 1 if self in (Comparator.MORE_THAN, Comparator.AT_LEAST) else -1

    @property
    def strict(self) -> bool:
        return self in (Comparator.MORE_THAN, Comparator.LESS_THAN)

    def is_met(self, value: Any, target: float, rel_tol: float = 0.0) -> Any:
        """Whether ``value`` meets a target of ``target``: the one home of this rule, for a
        number (a bool back) or a numpy array of them (an array of bools: a grid, a simulation).

        Values within ``rel_tol`` (relative) of the target count as equal to it: equal meets
        "at least" and "at most" but not "more than" or "less than". Figures read from data
        compare exactly; computed ones (projections) pass :data:`COMPUTED_TOLERANCE`, since
        ``500 * (1 + r) ** 5`` at the rate r that "reaches 1500" lands a few units in the last
        place away from 1500.

        >>> Comparator.MORE_THAN.is_met(1500.0000000000002, 1500, COMPUTED_TOLERANCE)
        False
        >>> Comparator.AT_LEAST.is_met(1499.9999999999998, 1500, COMPUTED_TOLERANCE)
        True
        >>> import numpy as np
        >>> Comparator.AT_LEAST.is_met(np.array([1499.0, 1499.9999999999998, 1501.0]), 1500,
        ...                            COMPUTED_TOLERANCE).tolist()
        [False, True, True]
        """
        tol = rel_tol * _larger_magnitude(value, target)
        if self is Comparator.MORE_THAN:
            return value > target + tol
        if self is Comparator.AT_LEAST:
            return value >= target - tol
        if self is Comparator.LESS_THAN:
            return value < target - tol
        return value <= target + tol

    def margin(self, value: float, target: float, rel_tol: float = 0.0) -> float:
        """How far ``value`` is beyond ``target`` in the target's direction (+ surplus,
        - shortfall); exactly 0 within ``rel_tol``, where :meth:`is_met` counts it as equal.

        >>> Comparator.MORE_THAN.margin(1500.0000000000002, 1500, COMPUTED_TOLERANCE)
        0.0
        >>> Comparator.AT_MOST.margin(0.45, 0.40), Comparator.AT_LEAST.margin(120, 100)
        (-0.04999999999999999, 20)
        """
        if abs(value - target) <= rel_tol * max(abs(value), abs(target)):
            return 0.0
        return self.direction * (value - target)


class Bound(enum.Enum):
    """What a baseline's wording says about the true value ("逾500" is over 500)."""

    EXACT = "exact"
    OVER = "over"
    UNDER = "under"
    ABOUT = "about"

    @property
    def symbol(self) -> str:
        return {"exact": "", "over": ">", "under": "<", "about": "≈"}[self.value]


#: The origin of a figure given as an option (``--baseline``, ``--actual``), not in a file.
COMMAND_LINE = N_("command line")


class TargetKind(enum.Enum):
    LEVEL = "level"
    INCREASE = "increase"
    QUALITATIVE = "qualitative"


class Scope(enum.Enum):
    ZONE = "zone"
    CITY = "city"


class Names(NamedTuple):
    """A name in English and Chinese; ``pick`` chooses by ``--lang``."""

    en: str
    zh: str

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


class Baseline(NamedTuple):
    """A metric's starting value: from the data file, or ``--baseline ID=VALUE@YEAR``."""

    year: int
    value: float
    bound: Bound = Bound.EXACT
    wording: str | None = None
    quote: str | None = None
    proxy: str | None = None
    note: str | None = None
    origin: str = ""  # the file it was read from, or COMMAND_LINE


class LevelTarget(NamedTuple):
    """A value to reach by a year: "产值突破1500亿元" by 2023."""

    year: int
    value: float
    comparator: Comparator
    wording: str | None = None
    quote: str | None = None
    note: str | None = None

    @property
    def kind(self) -> Literal[TargetKind.LEVEL]:
        return TargetKind.LEVEL


class IncreaseTarget(NamedTuple):
    """An amount to add over a period of whole years, both ends included: 2500亿元 in 2019-2021.

    The increase is counted from the level at the end of the year before ``start_year``.
    ``high`` is the upper end of a range ("3~4"); computations use ``value``, the low end.
    """

    start_year: int
    end_year: int
    value: float
    comparator: Comparator
    high: float | None = None
    wording: str | None = None
    quote: str | None = None
    note: str | None = None

    @property
    def kind(self) -> Literal[TargetKind.INCREASE]:
        return TargetKind.INCREASE

    @property
    def year(self) -> int:
        return self.end_year

    @property
    def base_year(self) -> int:
        """The year whose level the increase is counted from."""
        return self.start_year - 1


class QualitativeTarget(NamedTuple):
    """A target in words only; listed, never computed."""

    year: int
    text: str
    wording: str | None = None
    quote: str | None = None
    note: str | None = None

    @property
    def kind(self) -> Literal[TargetKind.QUALITATIVE]:
        return TargetKind.QUALITATIVE


Target = LevelTarget | IncreaseTarget | QualitativeTarget


class Actual(NamedTuple):
    """An observed value of a metric in a year, and where it came from (a file, or the command
    line). For an increase target it is the metric's level, not the increase so far."""

    year: int
    value: float
    origin: str
    note: str | None = None
    where: str = ""  # key path in the origin file: metrics[2].actuals[0]


class Metric(NamedTuple):
    id: str
    scope: Scope
    name: Names
    unit: Names
    target: Target
    baseline: Baseline | None = None
    parent: str | None = None
    note: str | None = None
    actuals: tuple[Actual, ...] = ()  # sorted by year, one per year

    def latest_actual(self, as_of: int | None = None) -> Actual | None:
        """The most recent actual, ignoring those after ``as_of``."""
        usable = [a for a in self.actuals if as_of is None or a.year <= as_of]
        return usable[-1] if usable else None


class TargetPoint(NamedTuple):
    """The level a numeric target asks for, in its year."""

    year: int
    value: float  # the level to reach: for an increase, the baseline plus the increase
    comparator: Comparator

    def rate_from(self, year: int, value: float) -> float:
        """The rate needed now: the constant annual rate that takes ``value`` in ``year`` (the
        latest actual, or the baseline) to this level in the target's year, the one home of
        this formula for progress, projections, scenarios and grids. A target of 0 or below is
        refused: growth at any rate above -100% never reaches it.

        >>> point = TargetPoint(2023, 1500, Comparator.MORE_THAN)
        >>> round(point.rate_from(2021, 860), 10)   # (1500 / 860) ** (1 / 2) - 1
        0.3206763595
        >>> TargetPoint(2023, 0, Comparator.AT_MOST).rate_from(2018, 500)
        Traceback (most recent call last):
        ftzcalc.errors.GrowthError: the target is 0: no growth rate reaches it from 500
        """
        if self.value <= 0:
            raise GrowthError(
                Message(
                    "the target is {target:g}: no growth rate reaches it from {start:g}",
                    target=self.value,
                    start=value,
                )
            )
        return growth.rri(self.year - year, value, self.value)


def target_point(metric: Metric) -> TargetPoint | Message:
    """The level ``metric``'s target asks for (for an increase, its baseline, which must be of
    the year the increase counts from, plus the increase), or why there is none: the one home of
    this rule, for progress, projections, scenarios and simulations.

    >>> from ftzcalc.dataset import load, shipped_data_path
    >>> data = load(shipped_data_path())
    >>> target_point(data.metric("zone-output"))
    TargetPoint(year=2023, value=1500.0, comparator=<Comparator.MORE_THAN: 'more-than'>)
    >>> str(target_point(data.metric("lcd-shipment-rank")))
    'a qualitative target has nothing to project'
    """
    target, baseline = metric.target, metric.baseline
    if isinstance(target, LevelTarget):
        return TargetPoint(target.year, target.value, target.comparator)
    if isinstance(target, IncreaseTarget):
        if baseline is None or baseline.year != target.base_year:
            return Message(
                "an increase target needs the {year} level as baseline", year=target.base_year
            )
        return TargetPoint(target.year, baseline.value + target.value, target.comparator)
    return Message("a qualitative target has nothing to project")


class Reference(NamedTuple):
    """A published figure that is not a target, e.g. the city's 2018 industrial growth (6.8%)."""

    id: str
    kind: str  # "growth" (a rate a year) or "share" (a fraction of a whole)
    year: int
    value: float
    name: Names
    approximate: bool = False
    quote: str | None = None
    note: str | None = None


class Scenario(NamedTuple):
    """A named set of growth rates: one for every metric, and/or one per metric.

    ``required`` marks the built-in scenario in which each metric grows at the rate its target
    requires; it has no rates of its own.
    """

    id: str
    description: str
    rate: RatePath | None = None
    rates: tuple[tuple[str, RatePath], ...] = ()
    origin: str = ""
    required: bool = False
    growth: Distribution | None = None  # for `simulate`: every metric's growth distribution
    growths: tuple[tuple[str, Distribution], ...] = ()  # and some metrics' own
    #: rank correlation for `simulate`: one for every pair, or (metric ids, matrix)
    correlation: float | tuple[tuple[str, ...], tuple[tuple[float, ...], ...]] | None = None

    def distribution_for(self, metric_id: str) -> Distribution | None:
        for mid, distribution in self.growths:
            if mid == metric_id:
                return distribution
        return self.growth


class Figure(NamedTuple):
    """A computed number, or ``None`` with the reason it cannot be computed."""

    value: float | None
    reason: str | None = None

    @classmethod
    def missing(cls, reason: str) -> Figure:
        return cls(None, reason)


class Source(NamedTuple):
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    note: str | None = None


class Dataset(NamedTuple):
    """All metrics and reference figures of the data files read, in the order first defined."""

    paths: tuple[str, ...]
    metrics: tuple[Metric, ...]
    references: tuple[Reference, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    source: Source = Source()
    #: where each metric's target was last written: metric id -> (file, key path of the table)
    target_places: Mapping[str, tuple[str, str]] = MappingProxyType({})

    def metric(self, metric_id: str) -> Metric:
        from ftzcalc.errors import UnknownMetricError
        from ftzcalc.suggest import closest

        for m in self.metrics:
            if m.id == metric_id:
                return m
        raise UnknownMetricError(metric_id, closest(metric_id, [m.id for m in self.metrics]))

    def children(self, parent_id: str) -> tuple[Metric, ...]:
        """The metrics whose parent is ``parent_id``, in order (found in a table made once per
        dataset, so that asking for every metric's children is not quadratic)."""
        metrics, by_parent = _children
        if metrics is not self.metrics:
            lists: dict[str, list[Metric]] = {}
            for m in self.metrics:
                if m.parent is not None:
                    lists.setdefault(m.parent, []).append(m)
            by_parent = {parent: tuple(children) for parent, children in lists.items()}
            _children[:] = [self.metrics, by_parent]
        return by_parent.get(parent_id, ())


#: The metrics of the last dataset asked for children, and its children by parent id.
_children: list = [(), {}]
