"""Distributions of a year's growth, as planners write them, and how to draw from them.

Written ``NAME(A, B[, C])`` with rates as ``15%`` or ``0.15``:

* ``normal(MEAN, SD)``: the annual rate is normal;
* ``lognormal(MEAN, SD)``: the log growth factor ``ln(1 + rate)`` is normal, with that mean and sd;
* ``triangular(LOW, MODE, HIGH)`` and ``uniform(LOW, HIGH)``: the annual rate;
* a plain rate (``20%``): the same rate every time, no uncertainty.

Every distribution draws from standard normal variates (``z``), so that metrics can be
correlated by one Gaussian copula whatever their distributions: ``normal`` is ``mean + sd * z``,
``lognormal`` ``exp(mean + sd * z) - 1``, and the others their inverse CDF at ``Phi(z)``.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, NamedTuple

from ftzcalc.errors import InputError
from ftzcalc.parsing import parse_rate

if TYPE_CHECKING:
    import numpy as np

_CALL = re.compile(r"^\s*([a-z]+)\s*\((.*)\)\s*$")
_ARITY = {"normal": 2, "lognormal": 2, "triangular": 3, "uniform": 2}


class Distribution(NamedTuple):
    kind: str  # normal | lognormal | triangular | uniform | fixed
    params: tuple[float, ...]
    label: str

    def __str__(self) -> str:
        return self.label

    @property
    def log_factor_bounds(self) -> tuple[float, float]:
        """Bounds of ``ln(1 + rate)`` beyond which a draw is (practically) impossible: the
        support where it is bounded, 9 standard deviations where it is not."""
        p = self.params
        if self.kind == "lognormal":
            return p[0] - 9 * p[1], p[0] + 9 * p[1]
        if self.kind == "normal":
            low = max(p[0] - 9 * p[1], -1 + 1e-9)
            return math.log1p(low), math.log1p(p[0] + 9 * p[1])
        if self.kind == "fixed":
            return math.log1p(p[0]), math.log1p(p[0])
        return math.log1p(p[0]), math.log1p(p[-1])

    def factors(self, z: np.ndarray) -> np.ndarray:
        """Growth factors ``1 + rate`` for standard normal draws ``z`` (any shape)."""
        import numpy as np

        p = self.params
        if self.kind == "normal":
            return 1.0 + p[0] + p[1] * z
        if self.kind == "lognormal":
            return np.exp(p[0] + p[1] * z)
        if self.kind == "fixed":
            return np.full_like(z, 1.0 + p[0])
        u = normal_cdf(z)
        if self.kind == "uniform":
            return 1.0 + p[0] + (p[1] - p[0]) * u
        low, mode, high = p
        return 1.0 + triangular_ppf(u, low, mode, high)

    def mean_rate(self) -> float:
        """The expected annual rate.

        >>> parse_distribution("triangular(15%, 20%, 25%)").mean_rate()
        0.2
        """
        p = self.params
        if self.kind == "lognormal":
            return math.expm1(p[0] + p[1] ** 2 / 2)
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
            rate = parse_rate(cleaned)
        except InputError:
            raise InputError(
                f"{text!r} is not a distribution: write normal(MEAN, SD), lognormal(MEAN, SD), "
                "triangular(LOW, MODE, HIGH), uniform(LOW, HIGH) or a rate such as 20%"
            ) from None
        return _checked(Distribution("fixed", (rate,), cleaned))
    kind, body = match.group(1), match.group(2)
    if kind not in _ARITY:
        from ftzcalc.suggest import closest

        hint = closest(kind, list(_ARITY))
        also = f" (did you mean {hint[0]}?)" if hint else ""
        raise InputError(f"{cleaned}: unknown distribution {kind!r}{also}")
    parts = [p for p in body.split(",")]
    if len(parts) != _ARITY[kind]:
        raise InputError(f"{cleaned}: {kind} takes {_ARITY[kind]} numbers, got {len(parts)}")
    values = []
    for part in parts:
        try:
            values.append(parse_rate(part) if kind != "lognormal" else _log_param(part))
        except InputError as exc:
            raise InputError(f"{cleaned}: {exc}") from None
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
        raise InputError(f"{d.label}: the sd {pct[1] if d.kind == 'normal' else p[1]} is negative")
    if d.kind == "uniform" and p[0] > p[1]:
        raise InputError(f"{d.label}: low {pct[0]} is above high {pct[1]}")
    if d.kind == "triangular":
        low, mode, high = p
        if low > high:
            raise InputError(f"{d.label}: low {pct[0]} is above high {pct[2]}")
        if not low <= mode <= high:
            raise InputError(f"{d.label}: the mode {pct[1]} is outside [{pct[0]}, {pct[2]}]")
    if d.kind in ("uniform", "triangular", "fixed") and p[0] <= -1:
        raise InputError(
            f"{d.label}: a rate of {pct[0]} is -100% or less, a growth factor of 0 or below"
        )
    return d


# Standard normal CDF and triangular quantiles, vectorised ------------------------------------


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """Phi(z) = erfc(-z / sqrt 2) / 2 for an array: numpy has no erfc, so this uses the Chebyshev
    fit of Numerical Recipes (erfcc), fractional error below 1.2e-7 everywhere. A uniform or
    triangular draw is off by at most that fraction of its range: 1e-8 of a rate for a range
    of 10 points, far below what a simulation resolves.
    """
    import numpy as np

    x = -z / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * np.abs(x))
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))  # fmt: skip
    erfc_abs = t * np.exp(-x * x + poly)
    erfc = np.where(x >= 0, erfc_abs, 2.0 - erfc_abs)
    return 0.5 * erfc


def triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The triangular distribution's inverse CDF."""
    import numpy as np

    width = high - low
    if width == 0:
        return np.full_like(u, low)
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def phi(x: float) -> float:
    """The standard normal CDF of one number, to double precision (math.erf)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))
