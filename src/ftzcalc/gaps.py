"""How far each target is from its baseline, what compound growth it requires, and (given
actual figures) whether it is on track.

Pure computation: a :class:`~ftzcalc.model.Dataset` in, :class:`GapReport` out. Every figure
that cannot be computed carries the reason instead of a value.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ftzcalc import growth
from ftzcalc.errors import GrowthError
from ftzcalc.i18n import Message, Named, message_of
from ftzcalc.model import (
    COMPUTED_TOLERANCE,
    Actual,
    Bound,
    Comparator,
    Dataset,
    Figure,
    IncreaseTarget,
    LevelTarget,
    Metric,
    QualitativeTarget,
    TargetKind,
    TargetPoint,
    target_point,
)
from ftzcalc.tracking import Status, assess

#: Relative tolerance for "do the children's targets add up to the parent's".
SUM_TOLERANCE = 1e-9


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


class Progress(NamedTuple):
    """Where a metric stands against its target as of a year, by the SDG progress method."""

    as_of: int | None  # the year evaluated: --as-of, else the latest actual's
    latest: Actual | None
    share_covered: Figure  # of the way from baseline to target
    observed_rate: Figure
    required_rate: Figure
    rate_needed_now: Figure  # from the latest actual to the target
    years_left: Figure  # from as_of to the target year
    ratio: Figure  # R = d * observed / |required|
    status: Status
    reason: str | None  # why the status is "cannot assess"
    projected: Figure  # the value in the target year at the observed pace
    margin: Figure  # projected beyond the target, in the target's direction: + surplus, - short


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
    progress: Progress | None = None


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


def compute_gap(
    dataset: Dataset, ids: list[str] | None = None, as_of: int | None = None
) -> GapReport:
    """Gap rows for the metrics named (all when ``ids`` is empty), in the order asked for, with
    progress as of ``as_of`` (actuals after it are ignored; default: each metric's latest)."""
    metrics = [dataset.metric(i) for i in ids] if ids else list(dataset.metrics)
    rows = tuple(gap_row(m)._replace(progress=progress(m, as_of)) for m in metrics)
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
        why = Figure.missing(Message("qualitative target: not computed"))
        return GapRow(metric, why, why, why, why, why, None, Effect.EXACT, Effect.EXACT, None)

    rate_effect = _BOUND_EFFECT[baseline.bound] if baseline else Effect.EXACT
    if isinstance(target, IncreaseTarget):
        return _increase_row(metric, target, rate_effect)
    assert isinstance(target, LevelTarget)
    level = Figure(target.value)
    if baseline is None:
        none = Figure.missing(Message("no baseline"))
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
        why = Message("no baseline: the rate needs the {year} level", year=target.base_year)
    elif baseline.year != target.base_year:
        why = Message(
            "the baseline is for {baseline_year}; the increase counts from {base_year}",
            baseline_year=baseline.year,
            base_year=target.base_year,
        )
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


def _target_point(metric: Metric) -> tuple[tuple[int, float] | None, tuple[int, float] | None, str]:
    """(base, target) as (year, value) for the progress method, or the reason there is none:
    the baseline, and the level the target asks for (:func:`ftzcalc.model.target_point`)."""
    target, baseline = metric.target, metric.baseline
    if isinstance(target, QualitativeTarget):
        return None, None, Message("no numeric target")
    if baseline is None:
        return None, None, Message("no baseline")
    point = target_point(metric)
    if isinstance(point, TargetPoint):
        return (baseline.year, baseline.value), (point.year, point.value), ""
    if isinstance(target, IncreaseTarget):  # counted from another year than the baseline's
        why = Message(
            "the increase counts from {base_year}, the baseline is for {baseline_year}",
            base_year=target.base_year,
            baseline_year=baseline.year,
        )
        return None, None, why
    return None, None, point


def progress(metric: Metric, as_of: int | None = None) -> Progress:
    """Progress of one metric from its baseline, by its latest actual no later than ``as_of``."""
    latest = metric.latest_actual(as_of)
    year = as_of if as_of is not None else (latest.year if latest else None)
    base, target, why = _target_point(metric)
    if base is None or target is None or isinstance(metric.target, QualitativeTarget):
        why_not = Figure.missing(why)
        return Progress(year, latest, why_not, why_not, why_not, why_not,
                        _years_left(metric.target.year, year), why_not,
                        Status.CANNOT_ASSESS, why, why_not, why_not)  # fmt: skip
    comparator = metric.target.comparator
    point = (latest.year, latest.value) if latest else None
    a = assess(base, point, target, comparator)
    (t0, y0), (t_target, y_target) = base, target
    no_rate = Figure.missing(a.reason or "")
    observed = Figure(a.observed_rate) if a.observed_rate is not None else no_rate
    projected = margin = no_rate
    if a.observed_rate is not None:
        value = 0.0 if a.observed_rate == -1 else growth.fv(a.observed_rate, t_target - t0, y0)
        projected = Figure(value)
        margin = Figure(comparator.margin(value, y_target, COMPUTED_TOLERANCE))
    return Progress(
        as_of=year,
        latest=latest,
        share_covered=_share(y0, latest, y_target),
        observed_rate=observed,
        required_rate=Figure(a.required_rate) if a.required_rate is not None else no_rate,
        rate_needed_now=_rate_needed_now(latest, TargetPoint(t_target, y_target, comparator)),
        years_left=_years_left(t_target, year),
        ratio=Figure(a.ratio) if a.ratio is not None else no_rate,
        status=a.status,
        reason=a.reason,
        projected=projected,
        margin=margin,
    )


def _share(y0: float, latest: Actual | None, y_target: float) -> Figure:
    if latest is None:
        return Figure.missing(Message("no actual figure"))
    if y_target == y0:
        return Figure.missing(Message("the target equals the baseline"))
    return Figure((latest.value - y0) / (y_target - y0))


def _rate_needed_now(latest: Actual | None, target: TargetPoint) -> Figure:
    if latest is None:
        return Figure.missing(Message("no actual figure"))
    if latest.year >= target.year:
        return Figure.missing(Message("the target year {year} has come", year=target.year))
    if latest.value == 0:
        return Figure.missing(Message("no growth rate from an actual of 0"))
    try:
        return Figure(target.rate_from(latest.year, latest.value))
    except GrowthError as exc:
        return Figure.missing(message_of(exc))


def _years_left(t_target: int, year: int | None) -> Figure:
    if year is None:
        as_of = Named("--as-of", "as_of")
        return Figure.missing(Message("no actual figure and no {as_of} year", as_of=as_of))
    return Figure(float(t_target - year))


def _multiple(start: float, end: float) -> Figure:
    if start == 0:
        return Figure.missing(Message("baseline is 0"))
    return Figure(end / start)


def _rate(years: float, start: float, end: float) -> Figure:
    if start == 0:
        return Figure.missing(Message("no growth rate from a baseline of 0"))
    return Figure(growth.rri(years, start, end))


def rollup(parent: Metric, children: tuple[Metric, ...]) -> Rollup | None:
    """Compare the sum of children's level targets with the parent's, for the parent's year."""
    target = parent.target
    if not isinstance(target, LevelTarget):
        return None
    included: list[Metric] = []
    included_targets: list[LevelTarget] = []
    excluded: list[tuple[Metric, str]] = []
    for child in children:
        t = child.target
        if not isinstance(t, LevelTarget):
            kinds = {
                TargetKind.INCREASE: Message("increase target"),
                TargetKind.QUALITATIVE: Message("qualitative target"),
            }
            excluded.append(
                (child, kinds.get(t.kind) or Message("{kind} target", kind=t.kind.value))
            )
        elif t.year != target.year:
            excluded.append(
                (
                    child,
                    Message(
                        "target year {year}, not {parent_year}",
                        year=t.year,
                        parent_year=target.year,
                    ),
                )
            )
        elif t.comparator.direction != target.comparator.direction:
            excluded.append((child, Message("target points the other way")))
        else:
            included.append(child)
            included_targets.append(t)
    if not included:
        return None
    total = math.fsum(t.value for t in included_targets)
    diff = total - target.value
    adds_up = math.isclose(total, target.value, rel_tol=SUM_TOLERANCE, abs_tol=0.0)
    any_strict = any(t.comparator.strict for t in included_targets)
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
        return Figure.missing(Message("the parent has no baseline"))
    baselines = [c.baseline for c in children if c.baseline is not None]
    if len(baselines) < len(children):
        return Figure.missing(
            Message(
                "{count} of {total} children have no baseline",
                count=len(children) - len(baselines),
                total=len(children),
            )
        )
    other = [
        c.id for c, b in zip(children, baselines, strict=True) if b.year != parent.baseline.year
    ]
    if other:
        return Figure.missing(
            Message(
                "baselines of {ids} are not for {year}",
                ids=", ".join(other),
                year=parent.baseline.year,
            )
        )
    return Figure(math.fsum(b.value for b in baselines))
