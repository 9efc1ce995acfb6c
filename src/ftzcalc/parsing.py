"""Parse what users type: rates (``15%``, ``0.15``), plain numbers and ``ID=VALUE[@YEAR]``."""

from __future__ import annotations

import math
import re

from ftzcalc.errors import InputError
from ftzcalc.i18n import Message

#: The largest magnitude a figure may have, in a data file or on the command line: beyond it,
#: float digits no longer hold a figure to the unit.
MAX_VALUE = 1e15
#: The smallest magnitude a figure other than 0 may have: below it, ratios and growth rates
#: computed from it overflow (a baseline of 1e-320 needs a growth beyond any float).
MIN_MAGNITUDE = 1e-9
#: The calendar years ftzcalc reads, in data files and as typed.
MIN_YEAR, MAX_YEAR = 1900, 2200

_MINUS = str.maketrans({"\u2212": "-", "\uff0d": "-", "\uff05": "%"})
#: A plain decimal number as typed: no thousands separators, no percent sign.
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def too_large(value: float) -> bool:
    """Whether a figure is beyond what ftzcalc computes with: not finite, or above
    :data:`MAX_VALUE` in magnitude (an integer too large for a float is, too).

    >>> too_large(1e15), too_large(-2e15), too_large(float("nan")), too_large(10**400)
    (False, True, True, True)
    """
    try:
        number = float(value)
    except OverflowError:
        return True
    return not math.isfinite(number) or abs(number) > MAX_VALUE


def too_small(value: float) -> bool:
    """Whether a figure other than 0 is below :data:`MIN_MAGNITUDE` in magnitude.

    >>> too_small(0.0), too_small(1e-9), too_small(-1e-320)
    (False, False, True)
    """
    return value != 0 and abs(value) < MIN_MAGNITUDE


def parse_number(text: str, what: str = "value") -> float:
    """A decimal number that ftzcalc can compute with; refuses thousands separators, NaN,
    infinity, magnitudes above :data:`MAX_VALUE` and, other than 0, below :data:`MIN_MAGNITUDE`
    (the limits of numbers in data files too).

    >>> parse_number("1500")
    1500.0
    >>> parse_number("1e3")
    1000.0
    >>> parse_number("1,500")
    Traceback (most recent call last):
    ftzcalc.errors.InputError: '1,500' is not a number: write 1500, without separators
    """
    cleaned = text.strip().translate(_MINUS)
    if "," in cleaned and NUMBER.match(cleaned.replace(",", "")):
        raise InputError(
            Message(
                "{text!r} is not a number: write {number}, without separators",
                text=text,
                number=cleaned.replace(",", ""),
            )
        )
    if not NUMBER.match(cleaned):
        if what == "value":
            raise InputError(
                Message(
                    "{text!r} is not a value: expected a number such as 500 or 1.5e3", text=text
                )
            )
        raise InputError(
            Message(
                "{text!r} is not a {what}: expected a number such as 500 or 1.5e3",
                text=text,
                what=what,
            )
        )
    return _within_limits(float(cleaned), text, what)


def _within_limits(value: float, given: object, what: str) -> float:
    """``value`` if ftzcalc computes with it (see :func:`too_large`, :func:`too_small`); else
    the error, naming ``given``, as it was typed or passed: the one wording of both limits."""
    if too_large(value):
        if what == "value":
            raise InputError(Message("{text!r} is too large a value", text=given))
        raise InputError(Message("{text!r} is too large a {what}", text=given, what=what))
    if too_small(value):
        if what == "value":
            raise InputError(
                Message(
                    "{text!r} is too small a value: give 0 or at least {minimum:g}",
                    text=given,
                    minimum=MIN_MAGNITUDE,
                )
            )
        raise InputError(
            Message(
                "{text!r} is too small a {what}: give 0 or at least {minimum:g}",
                text=given,
                what=what,
                minimum=MIN_MAGNITUDE,
            )
        )
    return value


def parse_rate(text: str, *, parameter: bool = False) -> float:
    """A growth rate as a fraction: ``15%`` and ``0.15`` both give 0.15.

    A bare number above 1 is refused, since ``15`` almost always means 15%, not 1500%; so is a
    rate of -100% or less, which leaves a growth factor of 0 or below (every reader of rates,
    on the command line and in data files, comes here), unless it is a ``parameter`` of a
    distribution (a normal's mean), not a rate to grow by.

    >>> parse_rate("15%")
    0.15
    >>> parse_rate("-2.5%")
    -0.025
    >>> parse_rate("0.068")
    0.068
    >>> parse_rate("15")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ftzcalc.errors.InputError: '15' is not a rate: ... (did you mean 15%?)
    >>> parse_rate("-150%")
    Traceback (most recent call last):
    ftzcalc.errors.InputError: a rate of -150% is -100% or less, a growth factor of 0 or below
    """
    cleaned = text.strip().translate(_MINUS)
    if cleaned.endswith("%"):
        body = cleaned[:-1].strip()
        if not NUMBER.match(body):
            raise InputError(Message("{text!r} is not a rate: write it as 15% or 0.15", text=text))
        value = float(body) / 100
        if not math.isfinite(value):
            raise InputError(Message("{text!r} is too large a rate", text=text))
        return value if parameter else _growing(value)
    if not NUMBER.match(cleaned):
        raise InputError(Message("{text!r} is not a rate: write it as 15% or 0.15", text=text))
    value = float(cleaned)
    if not math.isfinite(value):
        raise InputError(Message("{text!r} is too large a rate", text=text))
    if value > 1:
        raise InputError(
            Message(
                "{text!r} is not a rate: a bare number above 1 means more than 100% a year "
                "(did you mean {number}%?)",
                text=text,
                number=cleaned,
            )
        )
    return value if parameter else _growing(value)


def _growing(rate: float) -> float:
    """``rate``, unless it is -100% or less: growth by it would leave nothing, or less."""
    if rate <= -1:
        percent = f"{rate * 100:g}%"
        raise InputError(
            Message(
                "a rate of {rate} is -100% or less, a growth factor of 0 or below", rate=percent
            )
        )
    return rate


def parse_year(text: str) -> int:
    """A calendar year, 1900-2200."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{4}", cleaned):
        raise InputError(
            Message("{text!r} is not a year: expected four digits such as 2018", text=text)
        )
    return check_year(int(cleaned))


def check_year(year: object) -> int:
    """``year`` if it is a calendar year ftzcalc reads (an integer, 1900-2200), as a program
    passes one.

    >>> check_year(2018)
    2018
    >>> check_year(2019.5)
    Traceback (most recent call last):
    ftzcalc.errors.InputError: 2019.5 is not a year: expected an integer such as 2018
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(
            Message("{year!r} is not a year: expected an integer such as 2018", year=year)
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(
            Message(
                "year {year} is outside {first}-{last}", year=year, first=MIN_YEAR, last=MAX_YEAR
            )
        )
    return year


def check_value(value: object) -> float:
    """``value`` as a float if it is a figure ftzcalc computes with, as a program passes one:
    a number (not a bool), 0 or more, within the limits of :func:`parse_number`.

    >>> check_value(12), check_value(0.5)
    (12.0, 0.5)
    >>> check_value(float("nan"))
    Traceback (most recent call last):
    ftzcalc.errors.InputError: nan is not a value ftzcalc computes with: give a finite number
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(
            Message("{value!r} is not a value: expected a number such as 500", value=value)
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(
            Message(
                "{value!r} is not a value ftzcalc computes with: give a finite number",
                value=value,
            )
        )
    # an integer too large for a float is named by its size: it may be too long to write out
    given: object = value
    if isinstance(value, int) and value.bit_length() > 64:
        given = f"an integer of {value.bit_length()} bits"
    _within_limits(value, given, "value")
    if value < 0:
        raise InputError(Message("the value must be 0 or more, got {value:g}", value=value))
    return float(value)


def parse_assignment(text: str) -> tuple[str, float, int | None]:
    """``ID=VALUE[@YEAR]`` as (id, value, year or None).

    >>> parse_assignment("ic-chips=12.5@2018")
    ('ic-chips', 12.5, 2018)
    >>> parse_assignment("ic-chips=12.5")
    ('ic-chips', 12.5, None)
    """
    metric_id, sep, rest = text.partition("=")
    metric_id = metric_id.strip()
    if not sep or not metric_id or not rest.strip():
        raise InputError(
            Message(
                "{text!r} is not ID=VALUE[@YEAR], e.g. intelligent-manufacturing=300@2018",
                text=text,
            )
        )
    value_text, at, year_text = rest.partition("@")
    value = parse_number(value_text, "value")
    if value < 0:
        raise InputError(
            Message("{text!r}: the value must be 0 or more, got {value:g}", text=text, value=value)
        )
    year = parse_year(year_text) if at else None
    return metric_id, value, year
