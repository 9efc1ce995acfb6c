"""Distributions of a year's growth, as planners write them, and how to draw from them.

Written ``NAME(A, B[, C])`` with rates as ``15%`` or ``0.15``:

* ``normal(MEAN, SD)``: the annual rate is normal;
* ``lognormal(MEAN, SD)``: the log growth factor ``ln(1 + rate)`` is normal, with that mean and sd;
* ``triangular(LOW, MODE, HIGH)`` and ``uniform(LOW, HIGH)``: the annual rate;
* a plain rate (``20%``): the same rate every time, no uncertainty.

Independent draws use numpy's own samplers. Correlated draws start from standard normal variates
(``z``), so that metrics can be correlated by one Gaussian copula whatever their distributions:
``normal`` is ``mean + sd * z``, ``lognormal`` ``exp(mean + sd * z) - 1``, and the others their
inverse CDF at ``Phi(z)``, read off a fine table.

Each kind is one class (:class:`Normal`, :class:`LogNormal`, :class:`Triangular`,
:class:`Uniform`, :class:`Fixed`) that owns its maths: how it is checked and drawn, its bounds,
mean and CDF. The simulation asks only those; a new distribution is a class here, in
:data:`KINDS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from ftzcalc.errors import InputError
from ftzcalc.i18n import Message, message_of
from ftzcalc.parsing import parse_rate

if TYPE_CHECKING:
    import numpy as np

_TABLES: dict[object, tuple] = {}
_CALL = re.compile(r"^\s*([a-z]+)\s*\((.*)\)\s*$")
#: Standard deviations beyond which a normal draw counts as practically impossible (1e-19).
SPREAD = 9
#: A bound on log growth factors, far beyond any factor a float holds (e^710 overflows).
LOG_LIMIT = 1e300


class Distribution:
    """A year's growth as a planner writes it: one subclass a kind, each owning its maths (how
    it is checked, drawn, drawn from normal variates, bounded, and its mean and CDF), so that a
    new distribution is one class here, added to :data:`KINDS`."""

    kind: ClassVar[str]
    #: how many numbers it is written with (a plain rate: one)
    arity: ClassVar[int]
    #: its draws are log growth factors ln(1 + rate), summed over years before one exp
    log_factors: ClassVar[bool] = False
    #: unbounded tails, bounded at SPREAD standard deviations: a sum of years spreads as sqrt
    unbounded: ClassVar[bool] = False

    def __init__(self, params: tuple[float, ...], label: str) -> None:
        self.params = params
        self.label = label

    def __repr__(self) -> str:
        return f"{type(self).__name__}(params={self.params!r}, label={self.label!r})"

    def __str__(self) -> str:
        return self.label

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Distribution)
            and type(other) is type(self)
            and (other.params, other.label) == (self.params, self.label)
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.params, self.label))

    @classmethod
    def parameter(cls, text: str) -> float:
        """One of the numbers it is written with: a rate (15% or 0.15)."""
        return parse_rate(text, parameter=True)

    def check(self) -> None:
        """Refuse parameters that describe no distribution, or one whose rates cannot be
        above -100%."""

    def rate_bounds(self) -> tuple[float, float]:
        """The lowest and highest rate it draws (in practice, for unbounded tails)."""
        return self.params[0], self.params[-1]

    @property
    def log_factor_bounds(self) -> tuple[float, float]:
        """Bounds of ``ln(1 + rate)`` beyond which a draw is (practically) impossible: the
        support where it is bounded, SPREAD standard deviations where it is not; finite
        whatever the parameters. A normal rate that can fall to -100% or below has its lower
        bound at a rate of -100% + 1e-9 (such draws are refused when drawn); one that is -100%
        or below in practically every draw has no bounds (:func:`parse_distribution` refuses
        it), and raises :class:`InputError`."""
        low_rate, high_rate = self.rate_bounds()
        if high_rate <= -1:
            high_text = f"{high_rate * 100:g}%"
            raise InputError(
                Message(
                    "{label}: the rate is -100% or less in practically every draw (at most "
                    "{high} at {spread} standard deviations), a growth factor of 0 or below",
                    label=self.label,
                    high=high_text,
                    spread=SPREAD,
                )
            )
        return math.log1p(max(low_rate, -1 + 1e-9)), math.log1p(high_rate)

    def factors(self, z: np.ndarray) -> np.ndarray:
        """Growth factors ``1 + rate`` for standard normal draws ``z`` (any shape): by default
        its quantile at Phi(z), read off a table; for lognormal, the log factors, which callers
        sum before one exp."""
        index, place = grid_position(z)
        values, slopes = self.quantile_table()
        out = slopes[index]
        out *= place
        out += values[index]
        return out

    def quantiles(self, u: np.ndarray) -> np.ndarray:
        """Its growth factor at probabilities ``u``: its inverse CDF, plus 1."""
        raise NotImplementedError

    def quantile_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The growth factor at Phi(z) on the grid, and its slope to the next point: a
        correlated draw z becomes a growth factor by linear interpolation, off by at most
        step^2 / 8 times the curvature, about 1e-9 of the distribution's range."""
        import numpy as np

        cached = _TABLES.get(self)
        if cached is None:
            values = self.quantiles(phi_grid())
            slopes = np.append(np.diff(values), 0.0)
            cached = _TABLES[self] = (values, slopes)
        return cached

    def draw(self, rng: np.random.Generator, out: np.ndarray) -> None:
        """Fill ``out`` with independent draws of the growth factor (log factor for
        lognormal), with numpy's own sampler."""
        raise NotImplementedError

    def draw_factors(self, generators: Sequence[np.random.Generator], n: int) -> np.ndarray:
        """``n`` independent draws from each generator (one a year), with numpy's own
        samplers: exact, and faster than the copula's route through ``Phi`` that
        :meth:`factors` takes for correlated draws."""
        import numpy as np

        out = np.empty((len(generators), n))
        for row, rng in zip(out, generators, strict=True):
            self.draw(rng, row)
        return out

    def mean_rate(self) -> float:
        """The expected annual rate.

        >>> parse_distribution("triangular(15%, 20%, 25%)").mean_rate()
        0.2
        """
        return self.params[0]

    def cdf(self, x: float) -> float:
        """P(rate <= x)."""
        raise NotImplementedError

    def certain_rate(self) -> float | None:
        """The one rate it always draws, if it has no uncertainty."""
        return None

    def log_sum_law(self, years: int, persistence: bool) -> tuple[float, float] | None:
        """(mean, sd) of the sum of ``years`` log growth factors, where that sum is exactly
        normal (held for all years with ``persistence``)."""
        return None


class Normal(Distribution):
    """``normal(MEAN, SD)``: the annual rate is normal."""

    kind, arity, unbounded = "normal", 2, True

    def check(self) -> None:
        if self.params[1] < 0:
            sd = f"{self.params[1] * 100:g}%"
            raise InputError(Message("{label}: the sd {sd} is negative", label=self.label, sd=sd))
        self.log_factor_bounds  # noqa: B018 - refuses a rate of -100% or less in every draw

    def rate_bounds(self) -> tuple[float, float]:
        mean, sd = self.params
        return mean - SPREAD * sd, mean + SPREAD * sd

    def factors(self, z: np.ndarray) -> np.ndarray:
        mean, sd = self.params
        return 1.0 + mean + sd * z

    def draw(self, rng: np.random.Generator, out: np.ndarray) -> None:
        rng.standard_normal(out.size, out=out)
        out *= self.params[1]
        out += 1.0 + self.params[0]

    def cdf(self, x: float) -> float:
        mean, sd = self.params
        return phi((x - mean) / sd) if sd > 0 else float(x >= mean)


class LogNormal(Distribution):
    """``lognormal(MEAN, SD)``: the log growth factor ``ln(1 + rate)`` is normal."""

    kind, arity, log_factors, unbounded = "lognormal", 2, True, True

    @classmethod
    def parameter(cls, text: str) -> float:
        """Its parameters are of ln(1 + rate): plain numbers, or percentages of it."""
        from ftzcalc.parsing import parse_number

        cleaned = text.strip()
        if cleaned.endswith("%"):
            return parse_number(cleaned[:-1]) / 100
        return parse_number(cleaned)

    def check(self) -> None:
        if self.params[1] < 0:
            sd = self.params[1]
            raise InputError(Message("{label}: the sd {sd} is negative", label=self.label, sd=sd))

    @property
    def log_factor_bounds(self) -> tuple[float, float]:
        mean, sd = self.params
        low, high = mean - SPREAD * sd, mean + SPREAD * sd
        # beyond ±LOG_LIMIT no factor is a float anyway; keep sums of bounds finite
        return max(low, -LOG_LIMIT), min(high, LOG_LIMIT)

    def factors(self, z: np.ndarray) -> np.ndarray:
        mean, sd = self.params
        return mean + sd * z

    def draw(self, rng: np.random.Generator, out: np.ndarray) -> None:
        rng.standard_normal(out.size, out=out)
        out *= self.params[1]
        out += self.params[0]

    def mean_rate(self) -> float:
        mean, sd = self.params
        try:
            return math.expm1(mean + sd**2 / 2)
        except OverflowError:
            raise InputError(
                Message("{label}: its mean rate is too large to represent", label=self.label)
            ) from None

    def log_sum_law(self, years: int, persistence: bool) -> tuple[float, float] | None:
        mean, sd = self.params
        return years * mean, sd * (years if persistence else math.sqrt(years))


class _Bounded(Distribution):
    """A rate between a low and a high, both above -100%."""

    def check(self) -> None:
        if self.params[0] <= -1:
            raise InputError(
                Message(
                    "{label}: a rate of {rate} is -100% or less, a growth factor of 0 or below",
                    label=self.label,
                    rate=f"{self.params[0] * 100:g}%",
                )
            )

    def _refuse_low_above_high(self) -> None:
        low, high = self.params[0], self.params[-1]
        if low > high:
            raise InputError(
                Message(
                    "{label}: low {low} is above high {high}",
                    label=self.label,
                    low=f"{low * 100:g}%",
                    high=f"{high * 100:g}%",
                )
            )


class Triangular(_Bounded):
    """``triangular(LOW, MODE, HIGH)``: the annual rate."""

    kind, arity = "triangular", 3

    def check(self) -> None:
        low, mode, high = self.params
        self._refuse_low_above_high()
        if not low <= mode <= high:
            pct = [f"{x * 100:g}%" for x in self.params]
            raise InputError(
                Message(
                    "{label}: the mode {mode} is outside [{low}, {high}]",
                    label=self.label,
                    mode=pct[1],
                    low=pct[0],
                    high=pct[2],
                )
            )
        super().check()

    def quantiles(self, u: np.ndarray) -> np.ndarray:
        return 1.0 + triangular_ppf(u, *self.params)

    def draw(self, rng: np.random.Generator, out: np.ndarray) -> None:
        low, mode, high = self.params
        if low == high:
            out[:] = 1.0 + low
        else:
            out[:] = rng.triangular(1.0 + low, 1.0 + mode, 1.0 + high, out.size)

    def mean_rate(self) -> float:
        return round(sum(self.params) / 3, 15)

    def cdf(self, x: float) -> float:
        low, mode, high = self.params
        if x <= low:
            return 0.0
        if x >= high:
            return 1.0
        if x <= mode:
            return (x - low) ** 2 / ((high - low) * (mode - low))
        return 1 - (high - x) ** 2 / ((high - low) * (high - mode))


class Uniform(_Bounded):
    """``uniform(LOW, HIGH)``: the annual rate."""

    kind, arity = "uniform", 2

    def check(self) -> None:
        self._refuse_low_above_high()
        super().check()

    def quantiles(self, u: np.ndarray) -> np.ndarray:
        low, high = self.params
        return 1.0 + low + (high - low) * u

    def draw(self, rng: np.random.Generator, out: np.ndarray) -> None:
        low, high = self.params
        out[:] = rng.uniform(1.0 + low, 1.0 + high, out.size)

    def mean_rate(self) -> float:
        low, high = self.params
        return (low + high) / 2

    def cdf(self, x: float) -> float:
        low, high = self.params
        if high == low:
            return float(x >= low)
        return min(max((x - low) / (high - low), 0.0), 1.0)


class Fixed(_Bounded):
    """A plain rate (``20%``): the same rate every time, no uncertainty."""

    kind, arity = "fixed", 1

    def factors(self, z: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.full_like(z, 1.0 + self.params[0])

    def draw(self, rng: np.random.Generator, out: np.ndarray) -> None:
        out[:] = 1.0 + self.params[0]

    def cdf(self, x: float) -> float:
        return float(x >= self.params[0])

    def certain_rate(self) -> float | None:
        return self.params[0]


#: The distributions written NAME(...), by name.
KINDS: dict[str, type[Distribution]] = {
    cls.kind: cls for cls in (Normal, LogNormal, Triangular, Uniform)
}


def parse_distribution(text: str) -> Distribution:
    """``normal(15%, 5%)``, ``lognormal(0.14, 0.04)``, ``triangular(15%, 20%, 25%)``,
    ``uniform(10%, 20%)`` or a plain rate.

    >>> parse_distribution("triangular(15%, 20%, 25%)").params
    (0.15, 0.2, 0.25)
    >>> parse_distribution("uniform(20%, 10%)")
    Traceback (most recent call last):
    ftzcalc.errors.InputError: uniform(20%, 10%): low 20% is above high 10%
    """
    cleaned = text.strip()
    match = _CALL.match(cleaned)
    if match is None:
        try:
            rate = parse_rate(cleaned, parameter=True)  # -100% or less: check() says so
        except InputError:
            raise InputError(
                Message(
                    "{text!r} is not a distribution: write normal(MEAN, SD), lognormal(MEAN, SD), "
                    "triangular(LOW, MODE, HIGH), uniform(LOW, HIGH) or a rate such as 20%",
                    text=text,
                )
            ) from None
        return _checked(Fixed((rate,), cleaned))
    name, body = match.group(1), match.group(2)
    kind = KINDS.get(name)
    if kind is None:
        from ftzcalc.suggest import closest

        hint = closest(name, list(KINDS))
        if hint:
            raise InputError(
                Message(
                    "{text}: unknown distribution {kind!r} (did you mean {hint}?)",
                    text=cleaned,
                    kind=name,
                    hint=hint[0],
                )
            )
        raise InputError(Message("{text}: unknown distribution {kind!r}", text=cleaned, kind=name))
    parts = [p for p in body.split(",")]
    if len(parts) != kind.arity:
        raise InputError(
            Message(
                "{text}: {kind} takes {arity} numbers, got {count}",
                text=cleaned,
                kind=name,
                arity=kind.arity,
                count=len(parts),
            )
        )
    values = []
    for part in parts:
        try:
            values.append(kind.parameter(part))
        except InputError as exc:
            raise InputError(
                Message("{text}: {error}", text=cleaned, error=message_of(exc))
            ) from None
    return _checked(kind(tuple(values), cleaned))


def _checked(d: Distribution) -> Distribution:
    d.check()
    return d


# Standard normal CDF and triangular quantiles, vectorised ------------------------------------


#: The grid on which a distribution's quantile of Phi(z) is tabulated, for correlated draws.
GRID_LOW, GRID_STEP, GRID_POINTS = -9.0, 1.0 / 2048, 18 * 2048 + 1


def _grid() -> np.ndarray:
    import numpy as np

    return GRID_LOW + GRID_STEP * np.arange(GRID_POINTS)


_PHI_GRID: list[np.ndarray] = []


def phi_grid() -> np.ndarray:
    """Phi at every point of the grid, to double precision (math.erfc), computed once."""
    import numpy as np

    if not _PHI_GRID:
        _PHI_GRID.append(np.array([phi(x) for x in _grid().tolist()]))
    return _PHI_GRID[0]


def grid_position(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For normal draws ``z``: the grid cell of each (an index) and the place within it."""
    import numpy as np

    scaled = np.clip(z, GRID_LOW, -GRID_LOW - GRID_STEP)
    scaled -= GRID_LOW
    scaled *= 1.0 / GRID_STEP
    index = scaled.astype(np.intp)
    scaled -= index
    return index, scaled


def triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The triangular distribution's inverse CDF.

    >>> import numpy as np
    >>> triangular_ppf(np.array([0.0, 0.5, 1.0]), 0.1, 0.2, 0.3).round(12).tolist()
    [0.1, 0.2, 0.3]
    """
    import numpy as np

    width = high - low
    if width == 0:
        return np.full_like(u, low)
    left = u < (mode - low) / width
    root = np.sqrt(np.where(left, u * width * (mode - low), (1.0 - u) * width * (high - mode)))
    return np.where(left, low + root, high - root)


def phi(x: float) -> float:
    """The standard normal CDF of one number, to double precision (math.erf)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))
