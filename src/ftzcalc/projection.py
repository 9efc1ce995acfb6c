"""Project a metric year by year under a growth path, against the path its target requires.

A projection starts from the latest actual before the target year, else from the baseline, and
compounds through ``log1p``: ``value[k] = start * exp(sum(log1p(rate[i]) for i <= k))``, so a
constant rate gives exactly :func:`ftzcalc.growth.fv`. Values are compared with targets within
:data:`~ftzcalc.model.COMPUTED_TOLERANCE`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ftzcalc import growth
from ftzcalc.errors import FtzcalcError, GrowthError, InputError
from ftzcalc.i18n import N_, Message, Named
from ftzcalc.model import (
    COMPUTED_TOLERANCE,
    Metric,
    TargetKind,
    TargetPoint,
)
from ftzcalc.model import target_point as model_target_point
from ftzcalc.rates import RatePath


class NotProjectable(FtzcalcError):
    """A metric that cannot be projected: ``reason`` says why in a few words (no baseline,
    qualitative...), for a table cell; the message says it to the user, with the metric's id."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class StartPoint(NamedTuple):
    year: int
    value: float
    origin: str  # "baseline" or "actual"


class YearRow(NamedTuple):
    year: int
    value: float
    growth: float | None  # the rate that took the year before to this one; None at the start
    required: float | None  # on the path the target requires; None after the target year
    met: bool


class Projection(NamedTuple):
    metric: Metric
    start: StartPoint
    target: TargetPoint
    path: RatePath
    rate_needed_now: float  # from the start to the target, a constant rate
    rows: tuple[YearRow, ...]
    first_met: int | None  # the first year the target's comparator is met
    end_value: float  # in the target year
    margin: float  # end value beyond the target, in its direction: + surplus, - shortfall
    share: float | None  # end value as a share of the target value


def target_point(metric: Metric) -> TargetPoint:
    """The level ``metric``'s target asks for (:func:`ftzcalc.model.target_point`); a metric
    without one cannot be projected."""
    point = model_target_point(metric)
    if isinstance(point, TargetPoint):
        return point
    raise NotProjectable(Message("{id}: {reason}", id=metric.id, reason=point), point)


def start_point(metric: Metric, year: int | None = None) -> StartPoint:
    """Where a projection to ``year`` (default: the target year) starts: the latest actual
    before that year, else the baseline; never 0, which cannot grow."""
    baseline = metric.baseline
    if baseline is None and metric.target.kind is TargetKind.QUALITATIVE:
        target_point(metric)  # says that a qualitative target has nothing to project
    if baseline is None:
        how = Named(
            f"--baseline {metric.id}=VALUE@YEAR", f"baselines={{{metric.id!r}: (value, year)}}"
        )
        message = Message("{id} has no baseline: give one with {how}", id=metric.id, how=how)
        raise NotProjectable(message, Message("no baseline"))
    if year is None:
        year = target_point(metric).year
    if year < baseline.year:
        why = Message(
            "its baseline of {baseline_year} is after {year}",
            baseline_year=baseline.year,
            year=year,
        )
        raise NotProjectable(Message("{id}: {reason}", id=metric.id, reason=why), why)
    later = [a for a in metric.actuals if baseline.year < a.year < year]
    if later:
        start = StartPoint(later[-1].year, later[-1].value, N_("actual"))
    else:
        start = StartPoint(baseline.year, baseline.value, N_("baseline"))
    if start.value == 0:
        if start.origin == "actual":
            why = Message("its actual of {year} is 0, which cannot grow", year=start.year)
        else:
            why = Message("its baseline of {year} is 0, which cannot grow", year=start.year)
        raise NotProjectable(Message("{id}: {reason}", id=metric.id, reason=why), why)
    return start


def observed_path(metric: Metric) -> RatePath | None:
    """The metric's observed pace as a constant rate: the compound growth from its baseline
    to the actual a projection starts from (:func:`start_point`), the last figure known
    before the target year; ``None`` where the projection starts from the baseline. An actual
    after that point (in or after the target year) is not used: the pace and the path it
    drives start from the same point.

    >>> from ftzcalc.dataset import load, shipped_data_path, add_actual
    >>> data = add_actual(load([shipped_data_path()]), "zone-output", 720, 2020)
    >>> round(observed_path(data.metric("zone-output")).points[0][1], 6)  # 500 -> 720 in 2 years
    0.2
    """
    from ftzcalc.gaps import progress

    start = start_point(metric)
    if start.origin != "actual":
        return None
    observed = progress(metric, as_of=start.year).observed_rate.value
    if observed is None:
        return None
    return RatePath.constant(observed, Message("the observed pace"))


def rate_needed_now(metric: Metric) -> float:
    """The constant rate from where ``metric`` is now (:func:`start_point`) to its target."""
    start = start_point(metric)
    return target_point(metric).rate_from(start.year, start.value)


def default_path(metric: Metric) -> RatePath:
    """The path ``project`` takes without ``--rate``: the observed pace where the metric has
    an actual to start from (:func:`observed_path`), else the rate its target requires."""
    observed = observed_path(metric)
    if observed is not None:
        return observed
    return RatePath.constant(rate_needed_now(metric), Message("the required rate"))


def _grow(start: StartPoint, path: RatePath, until: int) -> list[tuple[int, float, float]]:
    """(year, rate, value) for each year after ``start`` to ``until``, compounded through
    ``log1p``: the one way every projection grows a value."""
    rows = []
    log_factor = 0.0
    for year, rate in zip(
        range(start.year + 1, until + 1), path.rates(start.year + 1, until), strict=True
    ):
        if rate <= -1:
            raise GrowthError(
                Message(
                    "the rate for {year} is {rate:.6g}%: -100% or less", year=year, rate=rate * 100
                )
            )
        log_factor += math.log1p(rate)
        rows.append((year, rate, growth.scale(start.value, log_factor)))
    return rows


def value_in(metric: Metric, path: RatePath, year: int) -> float:
    """The value of ``metric`` in ``year`` under ``path``, projected as :func:`project`
    projects it to its target year: from the latest actual before ``year``, else the
    baseline. Roll-ups add their children's values in the parent's target year with it."""
    start = start_point(metric, year)
    grown = _grow(start, path, year)
    return grown[-1][2] if grown else start.value


def project(metric: Metric, path: RatePath, until: int | None = None) -> Projection:
    """Year-by-year values of ``metric`` under ``path`` to its target year (or ``until``)."""
    start = start_point(metric)
    target = target_point(metric)
    until = target.year if until is None else until
    if until < target.year:
        raise InputError(
            Message(
                "{option} {until} is before the target year {year}",
                option=Named("--until", "until"),
                until=until,
                year=target.year,
            )
        )
    needed = target.rate_from(start.year, start.value)
    rows = [YearRow(start.year, start.value, None, start.value, _met(target, start.value))]
    for year, rate, value in _grow(start, path, until):
        required = (
            growth.fv(needed, year - start.year, start.value) if year <= target.year else None
        )
        rows.append(YearRow(year, value, rate, required, _met(target, value)))
    end = next(r.value for r in rows if r.year == target.year)
    first = next((r.year for r in rows if r.met), None)
    return Projection(
        metric=metric,
        start=start,
        target=target,
        path=path,
        rate_needed_now=needed,
        rows=tuple(rows),
        first_met=first,
        end_value=end,
        margin=target.comparator.margin(end, target.value, COMPUTED_TOLERANCE),
        share=end / target.value if target.value else None,
    )


def _met(target: TargetPoint, value: float) -> bool:
    return target.comparator.is_met(value, target.value, COMPUTED_TOLERANCE)
