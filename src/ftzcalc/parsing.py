"""Parse what users type: rates (``15%``, ``0.15``), plain numbers and ``ID=VALUE[@YEAR]``."""

from __future__ import annotations

import math
import re

from ftzcalc.errors import InputError
from ftzcalc.i18n import Message

_MINUS = str.maketrans({"\u2212": "-", "\uff0d": "-", "\uff05": "%"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str, what: str = "value") -> float:
    """A finite decimal number; refuses thousands separators, NaN and infinity.

    >>> parse_number("1500")
    1500.0
    >>> parse_number("1e3")
    1000.0
    >>> parse_number("1,500")
    Traceback (most recent call last):
    ftzcalc.errors.InputError: '1,500' is not a number: write 1500, without separators
    """
    cleaned = text.strip().translate(_MINUS)
    if "," in cleaned and _NUMBER.match(cleaned.replace(",", "")):
        raise InputError(
            Message(
                "{text!r} is not a number: write {number}, without separators",
                text=text,
                number=cleaned.replace(",", ""),
            )
        )
    if not _NUMBER.match(cleaned):
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
    value = float(cleaned)
    if not math.isfinite(value):
        if what == "value":
            raise InputError(Message("{text!r} is too large a value", text=text))
        raise InputError(Message("{text!r} is too large a {what}", text=text, what=what))
    return value


def parse_rate(text: str) -> float:
    """A growth rate as a fraction: ``15%`` and ``0.15`` both give 0.15.

    A bare number above 1 is refused, since ``15`` almost always means 15%, not 1500%.

    >>> parse_rate("15%")
    0.15
    >>> parse_rate("-2.5%")
    -0.025
    >>> parse_rate("0.068")
    0.068
    >>> parse_rate("15")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ftzcalc.errors.InputError: '15' is not a rate: ... (did you mean 15%?)
    """
    cleaned = text.strip().translate(_MINUS)
    if cleaned.endswith("%"):
        body = cleaned[:-1].strip()
        if not _NUMBER.match(body):
            raise InputError(Message("{text!r} is not a rate: write it as 15% or 0.15", text=text))
        value = float(body) / 100
        if not math.isfinite(value):
            raise InputError(Message("{text!r} is too large a rate", text=text))
        return value
    if not _NUMBER.match(cleaned):
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
    return value


def parse_year(text: str) -> int:
    """A calendar year, 1900-2200."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{4}", cleaned):
        raise InputError(
            Message("{text!r} is not a year: expected four digits such as 2018", text=text)
        )
    year = int(cleaned)
    if not 1900 <= year <= 2200:
        raise InputError(Message("year {year} is outside 1900-2200", year=year))
    return year


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
