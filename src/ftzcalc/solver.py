"""Solve ``end = start * (1 + rate) ** years`` for whichever one of the four is left out."""

from __future__ import annotations

from typing import NamedTuple

from ftzcalc import growth
from ftzcalc.errors import GrowthError, InputError
from ftzcalc.i18n import Message, Named

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
            Message(
                "give exactly three of {start}, {end}, {rate} and {years} (got {count})",
                **{name: Named(f"--{name}", name) for name in given},
                count=4 - len(missing),
            )
        )
    unknown = missing[0]
    if years is not None and years < 0:
        raise InputError(Message("years must be 0 or more, got {years:g}", years=years))
    try:
        return _solve(unknown, start, end, rate, years)
    except GrowthError as exc:
        if exc.argument in _NAMES:
            raise GrowthError(_renamed(exc, _NAMES[exc.argument]), _NAMES[exc.argument]) from None
        raise


def _renamed(exc: GrowthError, name: str) -> str:
    """The message of ``exc`` with its argument called ``name``, as the user knows it."""
    message = exc.args[0] if exc.args else None
    if isinstance(message, Message) and message.params.get("name") == exc.argument:
        return Message(message.template, **{**message.params, "name": name})
    return str(exc).replace(exc.argument or "", name, 1)


def _solve(
    unknown: str, start: float | None, end: float | None, rate: float | None, years: float | None
) -> Solution:
    # exactly one is None, the unknown (solve checks): each branch names the three it takes
    if rate is None and start is not None and end is not None and years is not None:
        rate = growth.rri(years, start, end)
    elif end is None and start is not None and rate is not None and years is not None:
        end = growth.fv(rate, years, start)
    elif start is None and end is not None and rate is not None and years is not None:
        start = growth.pv(rate, years, end)
    elif years is None and start is not None and end is not None and rate is not None:
        years = growth.nper(rate, start, end)
        if years < 0:
            raise GrowthError(
                Message(
                    "at {rate:.6g}% a year, {start:g} never becomes {end:g}: "
                    "it moves away from it (the end lies {years:.6g} years back)",
                    rate=rate * 100,
                    start=start,
                    end=end,
                    years=-years,
                )
            )
    else:
        raise AssertionError(f"not exactly one unknown: {unknown}")
    return Solution(start, end, rate, years, unknown)
