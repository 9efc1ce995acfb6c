"""Is a target on track? The progress measure of Statistics Canada and the Open SDG platform.

The method (inspired by Eurostat's EU SDG monitoring) compares the growth observed so far with
the growth the target requires, both as compound annual rates from the base year:

* observed  ``CAGR_o = (y / y0) ** (1 / (t - t0)) - 1``
* required  ``CAGR_T = (yT / y0) ** (1 / (T - t0)) - 1``
* ratio     ``R = d * CAGR_o / |CAGR_T|``, with ``d = +1`` where the target asks for a rise and
  ``-1`` where it asks for a fall.

A target the latest value already meets is *achieved*; otherwise R >= 0.95 is *on track*,
0.60 <= R < 0.95 *progress made, acceleration needed*, 0 <= R < 0.60 *limited progress* and
R < 0 *deterioration*. Where the method has nothing to compare, the status is *cannot assess*,
with the reason.

Zero values: a departure from the published implementation. Open SDG's ``sdg-build`` (the code
of the method) replaces a target of 0, and a base value of 0, by 0.001 before it computes the
rates, and warns. ftzcalc does not: 0.001 of what depends on the unit (0.001 亿元 is 100,000
yuan; 0.001 of a ratio is a tenth of a percent), so the substitute would make R depend on the unit
a figure is written in. Instead:

* a target of 0 is reached only by a rate of -100%, the limit of ``CAGR_T`` as ``yT`` falls to 0:
  ``CAGR_T = -1`` exactly, and ``R = d * CAGR_o``;
* a base value of 0 has no growth rate from it: the status is *cannot assess*, with that reason
  (or *achieved*, where the latest value meets the target).
"""

from __future__ import annotations

import enum
import math
from typing import NamedTuple

from ftzcalc import growth
from ftzcalc.i18n import N_, Message
from ftzcalc.model import Comparator

ON_TRACK = 0.95
PROGRESS_MADE = 0.60


class Status(enum.Enum):
    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    ACCELERATION_NEEDED = "acceleration-needed"
    LIMITED_PROGRESS = "limited-progress"
    DETERIORATION = "deterioration"
    CANNOT_ASSESS = "cannot-assess"

    @property
    def label(self) -> str:
        """A short label for tables; the method calls ACCELERATION_NEEDED "progress made but
        acceleration needed"."""
        return {
            "achieved": N_("Target achieved"),
            "on-track": N_("On track"),
            "acceleration-needed": N_("Needs acceleration"),
            "limited-progress": N_("Limited progress"),
            "deterioration": N_("Deterioration"),
            "cannot-assess": N_("Cannot assess"),
        }[self.value]


class Assessment(NamedTuple):
    status: Status
    ratio: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    reason: str | None = None  # why the status is "cannot assess"


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth from ``start`` to ``end``: values of the same sign (or an end of 0),
    ``start != 0``.

    >>> round(cagr(100, 90, 5), 6)
    -0.020852
    >>> round(cagr(-100, -121, 2), 6)    # negative series grow in magnitude
    0.1
    >>> cagr(100, 0, 3)
    -1.0
    """
    if end == 0:
        return -1.0
    return math.expm1(growth.log_ratio(end, start) / years)


def classify(ratio: float) -> Status:
    """The category of a ratio R of observed to required growth.

    >>> [classify(r).value for r in (0.95, 0.9499, 0.6, 0.5999, 0.0, -0.0001)]
    ['on-track', 'acceleration-needed', 'acceleration-needed', 'limited-progress', \
'limited-progress', 'deterioration']
    """
    if ratio >= ON_TRACK:
        return Status.ON_TRACK
    if ratio >= PROGRESS_MADE:
        return Status.ACCELERATION_NEEDED
    if ratio >= 0:
        return Status.LIMITED_PROGRESS
    return Status.DETERIORATION


def assess(
    base: tuple[int, float],
    latest: tuple[int, float] | None,
    target: tuple[int, float] | None,
    comparator: Comparator | None,
) -> Assessment:
    """Assess one series: ``base`` and ``latest`` are (year, value), ``target`` (year, value).

    The worked example of the method, a value to bring down from 100 (2015) to 50 by 2030 that
    stood at 90 in 2020: R = 0.4617, limited progress.

    >>> a = assess((2015, 100.0), (2020, 90.0), (2030, 50.0), Comparator.AT_MOST)
    >>> a.status.value, round(a.ratio, 4)
    ('limited-progress', 0.4617)
    """
    if target is None or comparator is None:
        return Assessment(Status.CANNOT_ASSESS, reason=Message("no numeric target"))
    t0, y0 = base
    t_target, y_target = target
    if latest is None or latest[0] <= t0:
        return Assessment(
            Status.CANNOT_ASSESS,
            reason=Message("fewer than two points: no actual after the base year {year}", year=t0),
        )
    t, y = latest
    achieved = comparator.is_met(y, y_target)
    if y0 == 0:
        return _maybe_achieved(achieved, Message("the base value is 0: no growth rate from it"))
    if y0 * y < 0:
        why = Message("the base and the actual value have opposite signs")
        return _maybe_achieved(achieved, why)
    if y0 * y_target < 0:
        why = Message("the base and the target value have opposite signs")
        return _maybe_achieved(achieved, why)
    if y_target == y0:
        why = Message("the target equals the base value: no required growth")
        return _maybe_achieved(achieved, why)
    observed = cagr(y0, y, t - t0)
    required = cagr(y0, y_target, t_target - t0)
    ratio = comparator.direction * observed / abs(required)
    status = Status.ACHIEVED if achieved else classify(ratio)
    return Assessment(status, ratio, observed, required)


def _maybe_achieved(achieved: bool, reason: str) -> Assessment:
    if achieved:
        return Assessment(Status.ACHIEVED, reason=reason)
    return Assessment(Status.CANNOT_ASSESS, reason=reason)
