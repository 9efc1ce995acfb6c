"""How far each target is from its baseline, and what compound growth it requires.

Pure computation: a :class:`~ftzcalc.model.Dataset` in, :class:`GapReport` out. Every figure
that cannot be computed carries the reason instead of a value.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ftzcalc import growth
from ftzcalc.model import (
    Bound,
    Comparator,
    Dataset,
    IncreaseTarget,
    LevelTarget,
    Metric,
    TargetKind,
)

#: Relative tolerance for "do the children's targets add up to the parent's".
SUM_TOLERANCE = 1e-9


class Figure(NamedTuple):
    """A computed number, or ``None`` with the reason it cannot be computed."""

    value: float | None
    reason: str | None = None

    @classmethod
    def missing(cls, reason: str) -> Figure:
        return cls(None, reason)


class Effect:
    """How a baseline's bound carries into a figure: "at-most": the true figure is at most this."""

    EXACT = "exact"
    AT_MOST = "at-most"
    AT_LEAST = "at-least"
    APPROXIMATE = "approximate"


_BOUND_EFFECT = {
    # gap, multiple and rate all fall as the baseline rises, so a floor on the baseline is a
    # ceiling on them, whichever way the target points.
    Bound.EXACT: Effect.EXACT,
    Bound.OVER: Effect.AT_MOST,
    Bound.UNDER: Effect.AT_LEAST,
    Bound.ABOUT: Effect.APPROXIMATE,
}


class GapRow(NamedTuple):
    metric: Metric
    target_level: Figure  # the level the target asks for (baseline + increase for increases)
    gap: Figure
    multiple: Figure
    years: Figure
    required_rate: Figure
    required_rate_high: Figure | None  # for a range ("3~4"), the rate its high end needs
    gap_effect: str
    rate_effect: str  # applies to multiple and required rate
    already_met: bool | None


class Rollup(NamedTuple):
    """Whether children's targets for the parent's target year add up to the parent's target."""

    parent: Metric
    year: int
    children: tuple[Metric, ...]
    excluded: tuple[tuple[Metric, str], ...]
    children_sum: float
    parent_value: float
    difference: float  # children_sum - parent_value
    adds_up: bool
    children_imply_parent: bool  # all children met => the parent met
    baseline_sum: Figure  # children's baselines, when all have one in the parent's baseline year


class GapReport(NamedTuple):
    rows: tuple[GapRow, ...]
    rollups: tuple[Rollup, ...]


def compute_gap(dataset: Dataset, ids: list[str] | None = None) -> GapReport:
    """Gap rows for the metrics named (all when ``ids`` is empty), in the order asked for."""
    metrics = [dataset.metric(i) for i in ids] if ids else list(dataset.metrics)
    rows = tuple(gap_row(m) for m in metrics)
    shown = {m.id for m in metrics}
    rollups = tuple(
        r
        for m in dataset.metrics
        if m.id in shown and dataset.children(m.id)
        for r in [rollup(m, dataset.children(m.id))]
        if r is not None
    )
    return GapReport(rows=rows, rollups=rollups)


def gap_row(metric: Metric) -> GapRow:
    target = metric.target
    baseline = metric.baseline
    if target.kind is TargetKind.QUALITATIVE:
        why = Figure.missing("qualitative target: not computed")
        return GapRow(metric, why, why, why, why, why, None, Effect.EXACT, Effect.EXACT, None)

    rate_effect = _BOUND_EFFECT[baseline.bound] if baseline else Effect.EXACT
    if isinstance(target, IncreaseTarget):
        return _increase_row(metric, target, rate_effect)
    assert isinstance(target, LevelTarget)
    level = Figure(target.value)
    if baseline is None:
        none = Figure.missing("no baseline")
        return GapRow(metric, level, none, none, none, none, None, Effect.EXACT, Effect.EXACT, None)

    years = target.year - baseline.year
    return GapRow(
        metric=metric,
        target_level=level,
        gap=Figure(target.value - baseline.value),
        multiple=_multiple(baseline.value, target.value),
        years=Figure(float(years)),
        required_rate=_rate(years, baseline.value, target.value),
        required_rate_high=None,
        gap_effect=rate_effect,
        rate_effect=rate_effect,
        already_met=target.comparator.is_met(baseline.value, target.value),
    )


def _increase_row(metric: Metric, target: IncreaseTarget, rate_effect: str) -> GapRow:
    baseline = metric.baseline
    gap = Figure(target.value)  # at the start of the period, the whole increase is still to come
    span = target.end_year - target.base_year
    years = Figure(float(span))
    why = None
    if baseline is None:
        why = f"no baseline: the rate needs the {target.base_year} level"
    elif baseline.year != target.base_year:
        why = f"the baseline is for {baseline.year}; the increase counts from {target.base_year}"
    if why is not None:
        none = Figure.missing(why)
        high = none if target.high is not None else None
        exact = Effect.EXACT
        return GapRow(metric, none, gap, none, years, none, high, exact, exact, None)
    assert baseline is not None
    end = baseline.value + target.value
    high = None
    if target.high is not None:
        high = _rate(span, baseline.value, baseline.value + target.high)
    return GapRow(
        metric=metric,
        target_level=Figure(end),
        gap=gap,
        multiple=_multiple(baseline.value, end),
        years=years,
        required_rate=_rate(span, baseline.value, end),
        required_rate_high=high,
        gap_effect=Effect.EXACT,
        rate_effect=rate_effect,
        already_met=target.value == 0 and target.comparator is Comparator.AT_LEAST,
    )


def _multiple(start: float, end: float) -> Figure:
    if start == 0:
        return Figure.missing("baseline is 0")
    return Figure(end / start)


def _rate(years: float, start: float, end: float) -> Figure:
    if start == 0:
        return Figure.missing("no growth rate from a baseline of 0")
    return Figure(growth.rri(years, start, end))


def rollup(parent: Metric, children: tuple[Metric, ...]) -> Rollup | None:
    """Compare the sum of children's level targets with the parent's, for the parent's year."""
    target = parent.target
    if not isinstance(target, LevelTarget):
        return None
    included: list[Metric] = []
    excluded: list[tuple[Metric, str]] = []
    for child in children:
        t = child.target
        if not isinstance(t, LevelTarget):
            excluded.append((child, f"{t.kind.value} target"))
        elif t.year != target.year:
            excluded.append((child, f"target year {t.year}, not {target.year}"))
        elif t.comparator.direction != target.comparator.direction:
            excluded.append((child, "target points the other way"))
        else:
            included.append(child)
    if not included:
        return None
    total = math.fsum(c.target.value for c in included)  # type: ignore[union-attr]
    diff = total - target.value
    adds_up = math.isclose(total, target.value, rel_tol=SUM_TOLERANCE, abs_tol=0.0)
    any_strict = any(c.target.comparator.strict for c in included)  # type: ignore[union-attr]
    if adds_up:
        # every child met gives a sum >= total (> if any child's comparator is strict)
        implies = not target.comparator.strict or any_strict
    else:
        implies = (diff > 0) if target.comparator.direction > 0 else (diff < 0)
    return Rollup(
        parent=parent,
        year=target.year,
        children=tuple(included),
        excluded=tuple(excluded),
        children_sum=total,
        parent_value=target.value,
        difference=diff,
        adds_up=adds_up,
        children_imply_parent=implies and not excluded,
        baseline_sum=_baseline_sum(parent, included),
    )


def _baseline_sum(parent: Metric, children: list[Metric]) -> Figure:
    if parent.baseline is None:
        return Figure.missing("the parent has no baseline")
    missing = [c.id for c in children if c.baseline is None]
    if missing:
        return Figure.missing(f"{len(missing)} of {len(children)} children have no baseline")
    other = [c.id for c in children if c.baseline.year != parent.baseline.year]  # type: ignore[union-attr]
    if other:
        return Figure.missing(f"baselines of {', '.join(other)} are not for {parent.baseline.year}")
    return Figure(math.fsum(c.baseline.value for c in children))  # type: ignore[union-attr]
