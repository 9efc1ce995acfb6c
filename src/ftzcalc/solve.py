"""Solve ``end = start * (1 + rate) ** years`` for whichever one of the four is left out."""

from __future__ import annotations

from typing import NamedTuple

from ftzcalc import growth
from ftzcalc.errors import GrowthError, InputError

UNKNOWNS = ("start", "end", "rate", "years")
_NAMES = {"pv": "start", "fv": "end", "nper": "years"}  # growth's Excel names -> ours


class Solution(NamedTuple):
    start: float
    end: float
    rate: float
    years: float
    solved_for: str


def solve(
    start: float | None = None,
    end: float | None = None,
    rate: float | None = None,
    years: float | None = None,
) -> Solution:
    """Given exactly three of the four, compute the fourth.

    >>> solve(start=500, end=1500, years=5).rate
    0.24573093961551734
    >>> round(solve(start=500, end=1500, rate=0.25).years, 6)
    4.923343
    """
    given = {"start": start, "end": end, "rate": rate, "years": years}
    missing = [k for k, v in given.items() if v is None]
    if len(missing) != 1:
        raise InputError(
            f"give exactly three of --start, --end, --rate and --years (got {4 - len(missing)})"
        )
    unknown = missing[0]
    if years is not None and years < 0:
        raise InputError(f"years must be 0 or more, got {years:g}")
    try:
        return _solve(unknown, start, end, rate, years)
    except GrowthError as exc:
        if exc.argument in _NAMES:
            raise GrowthError(
                str(exc).replace(exc.argument, _NAMES[exc.argument], 1), _NAMES[exc.argument]
            ) from None
        raise


def _solve(
    unknown: str, start: float | None, end: float | None, rate: float | None, years: float | None
) -> Solution:
    if unknown == "rate":
        rate = growth.rri(years, start, end)  # type: ignore[arg-type]
    elif unknown == "end":
        end = growth.fv(rate, years, start)  # type: ignore[arg-type]
    elif unknown == "start":
        start = growth.pv(rate, years, end)  # type: ignore[arg-type]
    else:
        years = growth.nper(rate, start, end)  # type: ignore[arg-type]
        if years < 0:
            raise GrowthError(
                f"at {rate * 100:.6g}% a year, {start:g} never becomes {end:g}: "
                f"it moves away from it (the end lies {-years:.6g} years back)"
            )
    return Solution(start, end, rate, years, unknown)  # type: ignore[arg-type]
