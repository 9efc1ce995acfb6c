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
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ftzcalc.errors import InputError
from ftzcalc.i18n import Message, message_of
from ftzcalc.parsing import parse_rate

if TYPE_CHECKING:
    import numpy as np

_TABLES: dict[object, tuple] = {}
_CALL = re.compile(r"^\s*([a-z]+)\s*\((.*)\)\s*$")
_ARITY = {"normal": 2, "lognormal": 2, "triangular": 3, "uniform": 2}
#: Standard deviations beyond which a normal draw counts as practically impossible (1e-19).
SPREAD = 9
#: A bound on log growth factors, far beyond any factor a float holds (e^710 overflows).
LOG_LIMIT = 1e300


class Distribution(NamedTuple):
    kind: str  # normal | lognormal | triangular | uniform | fixed
    params: tuple[float, ...]
    label: str

    def __str__(self) -> str:
        return self.label

    @property
    def log_factor_bounds(self) -> tuple[float, float]:
        """Bounds of ``ln(1 + rate)`` beyond which a draw is (practically) impossible: the
        support where it is bounded, SPREAD standard deviations where it is not; finite
        whatever the parameters. A normal rate that can fall to -100% or below has its lower
        bound at a rate of -100% + 1e-9 (such draws are refused when drawn); one that is -100%
        or below in practically every draw has no bounds (:func:`parse_distribution` refuses
        it), and raises :class:`InputError`."""
        p = self.params
        if self.kind == "lognormal":
            low, high = p[0] - SPREAD * p[1], p[0] + SPREAD * p[1]
            # beyond ±LOG_LIMIT no factor is a float anyway; keep sums of bounds finite
            return max(low, -LOG_LIMIT), min(high, LOG_LIMIT)
        if self.kind == "normal":
            low_rate, high_rate = p[0] - SPREAD * p[1], p[0] + SPREAD * p[1]
        else:
            low_rate, high_rate = p[0], p[-1]
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
        """Growth factors ``1 + rate`` for standard normal draws ``z`` (any shape); for
        lognormal, the log factors ``ln(1 + rate)``, which callers sum before one exp."""
        import numpy as np

        p = self.params
        if self.kind == "normal":
            return 1.0 + p[0] + p[1] * z
        if self.kind == "lognormal":
            return p[0] + p[1] * z
        if self.kind == "fixed":
            return np.full_like(z, 1.0 + p[0])
        index, place = grid_position(z)
        values, slopes = self.quantile_table()
        out = slopes[index]
        out *= place
        out += values[index]
        return out

    def quantile_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The growth factor at Phi(z) on the grid, and its slope to the next point: a
        correlated draw z becomes a growth factor by linear interpolation, off by at most
        step^2 / 8 times the curvature, about 1e-9 of the distribution's range."""
        import numpy as np

        cached = _TABLES.get(self)
        if cached is None:
            u = phi_grid()
            p = self.params
            if self.kind == "uniform":
                values = 1.0 + p[0] + (p[1] - p[0]) * u
            else:
                values = 1.0 + triangular_ppf(u, *p)
            slopes = np.append(np.diff(values), 0.0)
            cached = _TABLES[self] = (values, slopes)
        return cached

    def draw_factors(self, generators: Sequence[np.random.Generator], n: int) -> np.ndarray:
        """``n`` independent draws of the growth factor (log factor for lognormal) from each
        generator (one a year), with numpy's own samplers: exact, and faster than the copula's
        route through ``Phi`` that :meth:`factors` takes for correlated draws."""
        import numpy as np

        p = self.params
        out = np.empty((len(generators), n))
        for row, rng in zip(out, generators, strict=True):
            if self.kind == "uniform":
                row[:] = rng.uniform(1.0 + p[0], 1.0 + p[1], n)
            elif self.kind == "triangular":
                if p[0] == p[2]:
                    row[:] = 1.0 + p[0]
                else:
                    row[:] = rng.triangular(1.0 + p[0], 1.0 + p[1], 1.0 + p[2], n)
            elif self.kind == "fixed":
                row[:] = 1.0 + p[0]
            else:
                rng.standard_normal(n, out=row)
                row *= p[1]
                row += p[0] if self.kind == "lognormal" else 1.0 + p[0]
        return out

    def mean_rate(self) -> float:
        """The expected annual rate.

        >>> parse_distribution("triangular(15%, 20%, 25%)").mean_rate()
        0.2
        """
        p = self.params
        if self.kind == "lognormal":
            try:
                return math.expm1(p[0] + p[1] ** 2 / 2)
            except OverflowError:
                raise InputError(
                    Message("{label}: its mean rate is too large to represent", label=self.label)
                ) from None
        if self.kind == "triangular":
            return round((p[0] + p[1] + p[2]) / 3, 15)
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2
        return p[0]


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
            rate = parse_rate(cleaned, parameter=True)  # -100% or less: _checked says so
        except InputError:
            raise InputError(
                Message(
                    "{text!r} is not a distribution: write normal(MEAN, SD), lognormal(MEAN, SD), "
                    "triangular(LOW, MODE, HIGH), uniform(LOW, HIGH) or a rate such as 20%",
                    text=text,
                )
            ) from None
        return _checked(Distribution("fixed", (rate,), cleaned))
    kind, body = match.group(1), match.group(2)
    if kind not in _ARITY:
        from ftzcalc.suggest import closest

        hint = closest(kind, list(_ARITY))
        if hint:
            raise InputError(
                Message(
                    "{text}: unknown distribution {kind!r} (did you mean {hint}?)",
                    text=cleaned,
                    kind=kind,
                    hint=hint[0],
                )
            )
        raise InputError(Message("{text}: unknown distribution {kind!r}", text=cleaned, kind=kind))
    parts = [p for p in body.split(",")]
    if len(parts) != _ARITY[kind]:
        raise InputError(
            Message(
                "{text}: {kind} takes {arity} numbers, got {count}",
                text=cleaned,
                kind=kind,
                arity=_ARITY[kind],
                count=len(parts),
            )
        )
    values = []
    for part in parts:
        try:
            values.append(
                parse_rate(part, parameter=True) if kind != "lognormal" else _log_param(part)
            )
        except InputError as exc:
            raise InputError(
                Message("{text}: {error}", text=cleaned, error=message_of(exc))
            ) from None
    return _checked(Distribution(kind, tuple(values), cleaned))


def _log_param(text: str) -> float:
    """lognormal's parameters are of ln(1 + rate): plain numbers, or percentages of it."""
    from ftzcalc.parsing import parse_number

    cleaned = text.strip()
    if cleaned.endswith("%"):
        return parse_number(cleaned[:-1]) / 100
    return parse_number(cleaned)


def _checked(d: Distribution) -> Distribution:
    """Refuse parameters that describe no distribution, or one whose rates cannot be -100%."""
    p = d.params
    pct = [f"{x * 100:g}%" for x in p]
    if d.kind in ("normal", "lognormal") and p[1] < 0:
        sd = pct[1] if d.kind == "normal" else p[1]
        raise InputError(Message("{label}: the sd {sd} is negative", label=d.label, sd=sd))
    if d.kind == "uniform" and p[0] > p[1]:
        raise InputError(
            Message(
                "{label}: low {low} is above high {high}", label=d.label, low=pct[0], high=pct[1]
            )
        )
    if d.kind == "triangular":
        low, mode, high = p
        if low > high:
            raise InputError(
                Message(
                    "{label}: low {low} is above high {high}",
                    label=d.label,
                    low=pct[0],
                    high=pct[2],
                )
            )
        if not low <= mode <= high:
            raise InputError(
                Message(
                    "{label}: the mode {mode} is outside [{low}, {high}]",
                    label=d.label,
                    mode=pct[1],
                    low=pct[0],
                    high=pct[2],
                )
            )
    if d.kind == "normal":
        d.log_factor_bounds  # noqa: B018 - refuses a rate of -100% or less in every draw
    if d.kind in ("uniform", "triangular", "fixed") and p[0] <= -1:
        raise InputError(
            Message(
                "{label}: a rate of {rate} is -100% or less, a growth factor of 0 or below",
                label=d.label,
                rate=pct[0],
            )
        )
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
