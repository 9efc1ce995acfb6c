"""How numbers read in a table. JSON and CSV carry full precision and never use these."""

from __future__ import annotations

import math
from collections.abc import Sequence


def value(x: float, decimals: int = 2) -> str:
    """A figure with thousands separators; whole numbers without decimals.

    >>> value(1500.0), value(694.7459), value(-1000.0), value(1500.0000000000002), value(-1e-13)
    ('1,500', '694.75', '-1,000', '1,500', '0')
    """
    rounded = round(x, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if rounded == math.floor(rounded):
        return f"{rounded:,.0f}"
    return f"{rounded:,.{decimals}f}"


def signed(x: float, decimals: int = 2) -> str:
    """A figure with its sign, for margins: + surplus, - shortfall; 0 when it rounds to nothing.

    >>> signed(356.4649), signed(-805.25), signed(2e-13), signed(-2e-13)
    ('+356.46', '-805.25', '0', '0')
    """
    text = value(x, decimals)
    return "+" + text if text != "0" and x > 0 else text


def column(xs: Sequence[float], decimals: int = 2, signed: bool = False) -> list[str]:
    """The figures of one table column: every one with ``decimals`` decimals where any needs
    them, else all whole, so that the column lines up on its decimal point; ``signed`` as
    :func:`signed` gives margins.

    >>> column([864.0, 1036.8]), column([500.0, 1500.0]), column([0.0, -22.87], signed=True)
    (['864.00', '1,036.80'], ['500', '1,500'], ['0.00', '-22.87'])
    """
    rounded = [round(x, decimals) + 0.0 for x in xs]  # + 0.0 turns -0.0 into 0.0
    places = 0 if all(r == math.floor(r) for r in rounded) else decimals
    texts = [f"{r:,.{places}f}" for r in rounded]
    if signed:
        texts = ["+" + t if r > 0 else t for t, r in zip(texts, rounded, strict=True)]
    return texts


def precise(x: float, decimals: int = 6, grouped: bool = False) -> str:
    """Up to ``decimals`` decimals, without trailing zeros, for figures a user will copy;
    ``grouped`` adds thousands separators, as tables have them.

    >>> precise(428.6875), precise(1500.0), precise(4.923343212016677), precise(12345.5, 6, True)
    ('428.6875', '1500', '4.923343', '12,345.5')
    """
    text = f"{x:{',' if grouped else ''}.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def precise_rate(r: float, decimals: int = 6) -> str:
    """A rate as a percentage with up to six decimals.

    >>> precise_rate(0.24573093961551734), precise_rate(-0.05)
    ('24.573094%', '-5%')
    """
    return precise(r * 100, decimals, True) + "%"


def probability(p: float) -> str:
    """A probability as a percentage, never rounding a possibility away to 0% or 100%.

    >>> probability(0.18934), probability(0.0004), probability(0.0), probability(0.99996)
    ('18.9%', '<0.1%', '0.0%', '>99.9%')
    """
    if 0 < p < 0.0005:
        return "<0.1%"
    if 0.9995 < p < 1:
        return ">99.9%"
    return f"{p * 100:.1f}%"


def rate(r: float, decimals: int = 2) -> str:
    """A rate as a percentage: ``rate(0.2457309)`` is ``'24.57%'``.

    >>> rate(0.2457309396), rate(-0.05), rate(0.2457309396, 6)
    ('24.57%', '-5.00%', '24.573094%')
    """
    return f"{r * 100:.{decimals}f}%"


def multiple(m: float) -> str:
    """A ratio of end to start.

    >>> multiple(3.0)
    '3.00×'
    """
    return f"{m:.2f}×"


def years(n: float, decimals: int = 2) -> str:
    """A number of years, without thousands separators.

    >>> years(5.0), years(4.923343)
    ('5', '4.92')
    """
    return value(n, decimals).replace(",", "")
