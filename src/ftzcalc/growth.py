"""Single-sum compound growth: the four ways to solve ``end = start * (1 + rate) ** years``.

The functions follow Excel's argument order (``RRI(nper, pv, fv)``, ``FV(rate, nper, pmt, pv)``,
``NPER(rate, pmt, pv, fv)``, ``PV(rate, nper, pmt, fv)``) with the payment dropped, since a
target has one start value and one end value and nothing paid in between. Unlike Excel's
cash-flow functions, start and end carry the same sign: growth from 500 to 1500 is
``rri(5, 500, 1500)``, not ``RRI(5, -500, 1500)``.

Domain, the same for every function (anything outside raises :class:`GrowthError`):

* every argument is a finite real number (no NaN, no infinity);
* ``rate > -1``: a rate of -100% wipes the value out, and below it the power is undefined;
* values are never negative; a start value must be above 0 wherever it is divided by
  (``rri``, ``nper``), and ``nper`` needs an end above 0 too (a value reaches 0 only after
  infinitely many years);
* ``rri`` needs ``nper > 0`` (as Excel's RRI does); ``fv`` and ``pv`` accept any finite ``nper``,
  a negative one looking back in time;
* ``nper`` at a rate of 0 is defined only when start and end are equal (0 years); its result is
  negative when the end lies behind the start at that rate.

Every formula goes through ``log1p``/``expm1`` so that small rates keep all their digits, and every
rate from two values through :func:`log_ratio`, so that close values keep theirs.
"""

from __future__ import annotations

import math

from ftzcalc.errors import GrowthError
from ftzcalc.i18n import Message

__all__ = ["fv", "log_ratio", "nper", "pv", "rri", "scale"]


def _finite(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GrowthError(
            Message("{name} must be a number, got {value!r}", name=name, value=value), name
        )
    if not math.isfinite(value):
        raise GrowthError(
            Message("{name} must be a finite number, got {value}", name=name, value=value), name
        )
    return float(value)


def _rate(rate: float) -> float:
    rate = _finite("rate", rate)
    if rate <= -1.0:
        raise GrowthError(
            Message(
                "a rate of {rate:.6g}% is -100% or less: nothing is left to grow", rate=rate * 100
            ),
            "rate",
        )
    return rate


def _value(name: str, value: float, *, positive: bool) -> float:
    value = _finite(name, value)
    if value < 0 or (positive and value == 0):
        if positive:
            message = Message(
                "{name} must be above 0 for compound growth, got {value:.6g}",
                name=name,
                value=value,
            )
        else:
            message = Message(
                "{name} must be 0 or more for compound growth, got {value:.6g}",
                name=name,
                value=value,
            )
        raise GrowthError(message, name)
    return value


def _result(value: float) -> float:
    if not math.isfinite(value):
        raise GrowthError(Message("the result is too large to represent"))
    return value


def _compound(value: float, rate: float, nper: float) -> float:
    """``value * (1 + rate) ** nper`` through log1p, so that small rates keep their digits."""
    return scale(value, nper * math.log1p(rate))


def scale(value: float, log_factor: float) -> float:
    """``value * exp(log_factor)``: a value grown by a sum of ``log1p(rate)`` terms, refusing a
    result too large for a float instead of returning infinity.

    >>> scale(500, 5 * math.log1p(0.068)) == fv(0.068, 5, 500)
    True
    """
    if value == 0:
        return 0.0
    try:
        return _result(value * math.exp(log_factor))
    except OverflowError:
        raise GrowthError(Message("the result is too large to represent")) from None


def log_ratio(end: float, start: float) -> float:
    """``ln(end / start)`` for two values of the same sign, to the last digit floats allow:
    the one helper every rate from two values goes through (:func:`rri`, :func:`nper`, the
    progress method's observed and required rates, the simulation's closed forms).

    Where the values are within a factor of 2 of each other their difference is exact, and
    ``log1p((end - start) / start)`` keeps every digit of a small change, which
    ``log(end / start)`` loses in rounding the quotient near 1 (3 to 3.000000000003 in a year
    is a rate of 1e-12: the quotient keeps 4 digits of it). Where the quotient overflows or
    underflows, the logs are subtracted.

    >>> round(log_ratio(3.000000000003, 3) / 1e-12, 12)  # the float is 3 + 2.99982e-12
    0.999940870845
    >>> log_ratio(1e15, 1e-300) == math.log(1e15) - math.log(1e-300)
    True
    """
    ratio = end / start
    if 0.5 <= ratio <= 2:
        return math.log1p((end - start) / start)
    if ratio == 0 or not math.isfinite(ratio):
        return math.log(abs(end)) - math.log(abs(start))
    return math.log(ratio)


def rri(nper: float, pv: float, fv: float) -> float:
    """Rate per period that grows ``pv`` into ``fv`` over ``nper`` periods (Excel's RRI).

    ``rate = (fv / pv) ** (1 / nper) - 1``

    >>> round(rri(5, 500, 1500), 8)    # the Qingdao Area: 500 -> 1500 from 2018 to 2023
    0.24573094
    >>> round(rri(2, 100, 121), 12)    # 100 -> 110 -> 121
    0.1
    >>> rri(3, 100, 100)
    0.0
    >>> round(rri(2, 100, 81), 12)     # a target below the start needs a negative rate
    -0.1
    >>> rri(4, 100, 0)                 # to reach 0 the value must be wiped out
    -1.0
    >>> rri(0, 100, 200)
    Traceback (most recent call last):
    ftzcalc.errors.GrowthError: nper must be above 0 for a rate per period, got 0
    """
    nper = _finite("nper", nper)
    if nper <= 0:
        raise GrowthError(
            Message(
                "{name} must be above 0 for a rate per period, got {value:.6g}",
                name="nper",
                value=nper,
            ),
            "nper",
        )
    pv = _value("pv", pv, positive=True)
    fv = _value("fv", fv, positive=False)
    if fv == 0:
        return -1.0
    return _result(math.expm1(log_ratio(fv, pv) / nper))


def fv(rate: float, nper: float, pv: float) -> float:
    """Value of ``pv`` after ``nper`` periods of growth at ``rate`` (Excel's FV, one sum).

    ``fv = pv * (1 + rate) ** nper``

    >>> round(fv(0.25, 2, 100), 10)
    156.25
    >>> round(fv(0.068, 5, 500), 2)    # the zone at the city's 2018 pace
    694.75
    >>> fv(-0.5, 1, 100)
    50.0
    >>> fv(0.1, 0, 100)
    100.0
    >>> fv(-1, 3, 100)
    Traceback (most recent call last):
    ftzcalc.errors.GrowthError: a rate of -100% is -100% or less: nothing is left to grow
    """
    rate = _rate(rate)
    nper = _finite("nper", nper)
    return _compound(_value("pv", pv, positive=False), rate, nper)


def nper(rate: float, pv: float, fv: float) -> float:
    """Number of periods at ``rate`` that grow ``pv`` into ``fv`` (Excel's NPER, one sum).

    ``nper = ln(fv / pv) / ln(1 + rate)``

    >>> round(nper(0.25, 500, 1500), 6)
    4.923343
    >>> nper(0.1, 100, 100)
    0.0
    >>> round(nper(0.1, 100, 90), 6)   # negative: 90 lies behind 100 when growing at 10%
    -1.105449
    >>> nper(0, 100, 150)
    Traceback (most recent call last):
    ftzcalc.errors.GrowthError: at a rate of 0 the value never changes, so 100 never becomes 150
    """
    rate = _rate(rate)
    pv = _value("pv", pv, positive=True)
    fv = _value("fv", fv, positive=True)
    if pv == fv:
        return 0.0
    if rate == 0:
        raise GrowthError(
            Message(
                "at a rate of 0 the value never changes, so {start:.6g} never becomes {end:.6g}",
                start=pv,
                end=fv,
            )
        )
    return _result(log_ratio(fv, pv) / math.log1p(rate))


def pv(rate: float, nper: float, fv: float) -> float:
    """Start value that grows into ``fv`` after ``nper`` periods at ``rate`` (Excel's PV, one sum).

    ``pv = fv / (1 + rate) ** nper``

    >>> round(pv(0.25, 2, 156.25), 10)
    100.0
    >>> round(pv(0.24573094, 5, 1500), 4)
    500.0
    >>> pv(0.1, 0, 42)
    42.0
    """
    rate = _rate(rate)
    nper = _finite("nper", nper)
    return _compound(_value("fv", fv, positive=False), rate, -nper)
