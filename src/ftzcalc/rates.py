"""Growth rates as planners write them: a constant, a reference rate, or a path by year.

Grammar (the same on the command line and in ``[[scenarios]]`` of a data file):

* ``15%`` or ``0.15``: the same rate every year;
* ``ref:ID``: the rate of a ``growth`` reference figure (``ref:city-industrial-va-growth-2018``);
* ``2019=5%,2020=8%,2021=12%``: a rate from each named year on; a year not named keeps the last
  rate given, and a year before the first named one has no rate (an error when asked for).

Growth in a year Y takes the value of Y-1 to Y: ``value[Y] = value[Y-1] * (1 + rate[Y])``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ftzcalc.errors import InputError
from ftzcalc.i18n import Message
from ftzcalc.model import Reference
from ftzcalc.parsing import parse_number, parse_rate, parse_year

_YEAR_KEY = re.compile(r"^\s*\d{4}\s*=")


class RatePath(NamedTuple):
    """Growth a year: ``points`` are (first year, rate) pairs, the first year ``None`` for a
    constant rate. ``label`` is how the rate was written, for tables and JSON."""

    points: tuple[tuple[int | None, float], ...]
    label: str

    @classmethod
    def constant(cls, rate: float, label: str | None = None) -> RatePath:
        return cls(((None, rate),), label or f"{rate:.6g}")

    @property
    def is_constant(self) -> bool:
        return len(self.points) == 1 and self.points[0][0] is None

    @property
    def first_year(self) -> int | None:
        return self.points[0][0]

    def rate_for(self, year: int) -> float:
        """The rate that takes ``year - 1`` to ``year``.

        >>> path = parse_rate_spec("2019=5%,2021=12%")
        >>> [path.rate_for(y) for y in (2019, 2020, 2021, 2030)]
        [0.05, 0.05, 0.12, 0.12]
        >>> path.rate_for(2018)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ftzcalc.errors.InputError: rate path '2019=5%,2021=12%' has no rate for 2018: ...
        """
        rate = None
        for first, value in self.points:
            if first is None or first <= year:
                rate = value
            else:
                break
        if rate is None:
            raise InputError(
                Message(
                    "rate path {label!r} has no rate for {year}: its first year is {first}",
                    label=self.label,
                    year=year,
                    first=self.first_year,
                )
            )
        return rate

    def rates(self, first_year: int, last_year: int) -> list[float]:
        """The rate of each year from ``first_year`` to ``last_year``, both included."""
        return [self.rate_for(y) for y in range(first_year, last_year + 1)]

    def as_json(self) -> dict[str, object]:
        if self.is_constant:
            return {"label": self.label, "constant": self.points[0][1], "from_years": None}
        return {
            "label": self.label,
            "constant": None,
            "from_years": {str(year): rate for year, rate in self.points},
        }


def parse_rate_spec(text: str, references: Sequence[Reference] = ()) -> RatePath:
    """A rate as the grammar above allows; ``references`` resolve ``ref:ID``.

    >>> parse_rate_spec("6.8%").points
    ((None, 0.068),)
    >>> parse_rate_spec("2019=5%,2020=8%").points
    ((2019, 0.05), (2020, 0.08))
    """
    cleaned = text.strip()
    if not cleaned:
        raise InputError(Message("an empty rate: write it as 15%, 0.15, ref:ID or 2019=5%,2020=8%"))
    if _YEAR_KEY.match(cleaned):
        points: list[tuple[int, float]] = []
        for part in cleaned.split(","):
            year_text, sep, rate_text = part.partition("=")
            if not sep:
                raise InputError(
                    Message("{part!r} in {text!r} is not YEAR=RATE", part=part.strip(), text=text)
                )
            year = parse_year(year_text)
            if points and year <= points[-1][0]:
                raise InputError(
                    Message(
                        "years in {text!r} must rise: {year} comes after {before}",
                        text=text,
                        year=year,
                        before=points[-1][0],
                    )
                )
            points.append((year, _single_rate(rate_text, references)))
        return RatePath(tuple(points), cleaned)
    return RatePath(((None, _single_rate(cleaned, references)),), cleaned)


def _single_rate(text: str, references: Sequence[Reference]) -> float:
    cleaned = text.strip()
    if cleaned.startswith("ref:"):
        return reference_rate(cleaned[4:], references)
    return parse_rate(cleaned)


def reference_rate(ref_id: str, references: Sequence[Reference]) -> float:
    """The value of a ``growth`` reference figure, by id."""
    from ftzcalc.suggest import closest

    growth = {r.id: r for r in references if r.kind == "growth"}
    if ref_id in growth:
        return growth[ref_id].value
    if any(r.id == ref_id for r in references):
        raise InputError(Message("ref:{id} is a share, not a growth rate", id=ref_id))
    hint = closest(ref_id, list(growth))
    known = ", ".join(f"ref:{r}" for r in growth) or Message("none")
    if hint:
        raise InputError(
            Message(
                "no growth reference ref:{id} (did you mean ref:{hint}?); known: {known}",
                id=ref_id,
                hint=hint[0],
                known=known,
            )
        )
    raise InputError(
        Message("no growth reference ref:{id}; known: {known}", id=ref_id, known=known)
    )


def parse_metric_rate(
    text: str, references: Sequence[Reference] = ()
) -> tuple[str | None, RatePath]:
    """``--rate`` as typed: ``RATE`` for every metric, or ``ID=RATE`` for one.

    >>> parse_metric_rate("ic-chips=20%")[0], parse_metric_rate("2019=5%")[0]
    ('ic-chips', None)
    """
    cleaned = text.strip()
    if "=" in cleaned and not _YEAR_KEY.match(cleaned):
        metric_id, _, rate_text = cleaned.partition("=")
        return metric_id.strip(), parse_rate_spec(rate_text, references)
    return None, parse_rate_spec(cleaned, references)


class Span(NamedTuple):
    """An inclusive range ``start:stop:step`` of a sensitivity axis. Its points are counted
    by arithmetic (:attr:`count`), so a caller can refuse a range too large before
    :meth:`values` builds it."""

    start: float
    stop: float
    step: float

    # a Span is a range, never searched as a tuple: its count is of the points it spans, and
    # it shadows tuple.count
    @property
    def count(self) -> int:  # type: ignore[override]
        """How many points :meth:`values` gives, without making them.

        >>> Span(0.0, 1.0, 1e-9).count
        1000000001
        """
        quotient = (self.stop - self.start) / self.step
        if not math.isfinite(quotient):  # a step too small for a float quotient: count exactly
            from fractions import Fraction

            exact = (Fraction(self.stop) - Fraction(self.start)) / Fraction(self.step)
            return math.floor(exact) + 1
        # a point that lands on STOP but for rounding counts: a quotient of 7.999999999999999
        # is 8 steps (up to a few units in the last place, and 1e-9 of a step)
        return math.floor(quotient * (1 + 1e-12) + 1e-9) + 1

    def values(self) -> list[float]:
        """The points, rounded to 12 decimals, or to 12 more than the step has (10% + 3 × 2.5%
        is 0.175, not 0.17500000000000002)."""
        decimals = max(12, 12 - math.floor(math.log10(self.step)))
        return [round(self.start + i * self.step, decimals) for i in range(self.count)]


def parse_span(text: str, kind: str, default_step: float | None = None) -> Span:
    """``START:STOP[:STEP]`` for ``kind`` ``rate`` (``10%:30%:2.5%``), ``year`` or ``value``;
    the one reader of ``--rates``, ``--years`` and ``--starts``. A step of years is a whole
    number.

    >>> parse_span("10%:30%:2.5%", "rate").count
    9
    >>> parse_span("2021:2025", "year", 1).values()
    [2021, 2022, 2023, 2024, 2025]
    >>> parse_span("2019:2031:1.5", "year")
    Traceback (most recent call last):
    ftzcalc.errors.InputError: '2019:2031:1.5': the step of years must be a whole number, got 1.5
    """
    parts = text.split(":")
    if len(parts) not in (2, 3) or (len(parts) == 2 and default_step is None):
        form = "START:STOP" + ("[:STEP]" if default_step is not None else ":STEP")
        raise InputError(Message("{text!r} is not a range: write {form}", text=text, form=form))
    readers: dict[str, Callable[[str], float]] = {
        "rate": parse_rate,
        "year": parse_year,
        "value": parse_number,
    }
    read = readers[kind]
    start, stop = read(parts[0]), read(parts[1])
    read_step = parse_number if kind == "year" else read
    step = read_step(parts[2]) if len(parts) == 3 else default_step
    if step is None or step <= 0:
        raise InputError(Message("{text!r}: the step must be above 0", text=text))
    if kind == "year" and step != int(step):
        raise InputError(
            Message(
                "{text!r}: the step of years must be a whole number, got {step:g}",
                text=text,
                step=step,
            )
        )
    if stop < start:
        raise InputError(
            Message(
                "{text!r}: the range runs backwards ({stop} is below {start})",
                text=text,
                stop=parts[1],
                start=parts[0],
            )
        )
    if kind == "year":
        return Span(int(start), int(stop), int(step))
    return Span(start, stop, step)
