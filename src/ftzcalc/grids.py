"""Two-way sensitivity grids: the end value over growth rates against target years or start
values, computed in one vectorised numpy expression.

``end[i, j] = start_j * (1 + rate_i) ** (year_j - start_year)``, through ``log1p``/``exp`` so it
agrees with :func:`ftzcalc.growth.fv` to the last few units in the last place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ftzcalc import growth
from ftzcalc.errors import GrowthError, InputError
from ftzcalc.i18n import Message, Named
from ftzcalc.model import COMPUTED_TOLERANCE, Metric
from ftzcalc.projection import (
    StartPoint,
    TargetPoint,
    rate_needed_now,
    start_point,
    target_point,
)
from ftzcalc.rates import Span

if TYPE_CHECKING:
    import numpy as np

#: Largest grid drawn as a table; JSON and CSV go to MAX_CELLS.
TABLE_CELLS = 10_000
MAX_CELLS = 4_000_000
HUGE_CELLS = 10**18  # beyond this, a grid's size is not spelled out
#: The default rows: the required rate ± RATE_SPREAD on a grid of RATE_STEP, above -100%.
RATE_STEP = 0.025
RATE_SPREAD = 0.10
#: The default columns: the target year ± YEAR_SPREAD, after the start year.
YEAR_SPREAD = 2


class Grid(NamedTuple):
    metric: Metric
    start: StartPoint
    target: TargetPoint
    rates: np.ndarray  # rows
    axis: str  # "year" or "start"
    columns: np.ndarray  # target years, or start values
    values: np.ndarray  # end values, rates x columns
    met: np.ndarray  # booleans, rates x columns
    turning_rates: tuple[float | None, ...]  # per column, the lowest grid rate that meets it
    exact_rates: tuple[float | None, ...]  # per column, the rate that reaches the target exactly


def default_rates(metric: Metric) -> Span:
    """The rows when none are given: the rate the target requires ± RATE_SPREAD, on a grid of
    RATE_STEP, from the lowest point of that grid above -100%.

    >>> from ftzcalc.dataset import load, shipped_data_path
    >>> default_rates(load([shipped_data_path()]).metric("zone-output")).values()[:2]
    [0.125, 0.15]
    """
    required = rate_needed_now(metric)
    lowest = math.floor(-1 / RATE_STEP) + 1  # -97.5% on a 2.5-point grid
    low = max(math.floor((required - RATE_SPREAD) / RATE_STEP), lowest)
    high = max(math.ceil((required + RATE_SPREAD) / RATE_STEP), low)
    return Span(low * RATE_STEP, high * RATE_STEP, RATE_STEP)


def default_years(metric: Metric) -> Span:
    """The columns when none are given: the target year ± YEAR_SPREAD, after the start year."""
    start, target = start_point(metric), target_point(metric)
    return Span(max(target.year - YEAR_SPREAD, start.year + 1), target.year + YEAR_SPREAD, 1)


def check_years(metric: Metric, years: Span) -> None:
    """Target years as columns come after the metric's start year."""
    start = start_point(metric)
    if years.start <= start.year:
        raise InputError(Message("years must come after the start year {year}", year=start.year))


def check_starts(starts: Span) -> None:
    """Start values as columns are above 0."""
    if starts.start <= 0:
        raise InputError(Message("start values must be above 0"))


def check_size(rows: int, columns: int, table: bool) -> None:
    """Refuse a grid of more cells than a table (``table``) or JSON and CSV hold: counted from
    the ranges, before anything is built."""
    hint: str | Named  # a Message, or the option the command line has (nothing in Python)
    if table:
        hint = Named(Message(", or --format json or csv"), "")
        limit, what = TABLE_CELLS, Message("tables")
    else:
        limit, what, hint = MAX_CELLS, Message("JSON and CSV"), ""
    cells = rows * columns
    if cells > HUGE_CELLS:  # a step too small to count in words: say so without 300 digits
        raise InputError(
            Message(
                "a grid of more than {most:,} cells; {what} stop at {limit:,} "
                "(use a coarser step or a narrower range{hint})",
                most=HUGE_CELLS,
                what=what,
                limit=limit,
                hint=hint,
            )
        )
    if cells > limit:
        raise InputError(
            Message(
                "a {rows} × {columns} grid has {cells:,} cells; {what} stop at {limit:,} "
                "(use a coarser step or a narrower range{hint})",
                rows=rows,
                columns=columns,
                cells=cells,
                what=what,
                limit=limit,
                hint=hint,
            )
        )


def grid(
    metric: Metric,
    rates: Sequence[float],
    years: Sequence[int] | None = None,
    starts: Sequence[float] | None = None,
) -> Grid:
    """End values over ``rates`` and ``years`` (from the metric's start) or ``starts`` (to its
    target year). Exactly one of ``years`` and ``starts`` is given."""
    import numpy as np

    start = start_point(metric)
    target = target_point(metric)
    r = np.asarray(rates, dtype=float)
    if (r <= -1).any():
        raise GrowthError(Message("a rate of -100% or less leaves nothing to grow"))
    log_growth = np.log1p(r)[:, None]
    if starts is None:
        cols = np.asarray(years, dtype=float)
        if (cols <= start.year).any():
            raise InputError(
                Message("years must come after the start year {year}", year=start.year)
            )
        exponent = (cols - start.year)[None, :]
        with np.errstate(over="ignore"):
            values = start.value * np.exp(log_growth * exponent)
        axis = "year"
    else:
        cols = np.asarray(starts, dtype=float)
        if (cols <= 0).any():
            raise InputError(Message("start values must be above 0"))
        with np.errstate(over="ignore"):
            values = cols[None, :] * np.exp(log_growth * (target.year - start.year))
        axis = "start"
    if not np.isfinite(values).all():
        raise GrowthError(Message("some end values are too large to represent: narrow the rates"))
    met = _met(values, target)
    turning: list[float | None] = []
    exact = []
    for j, column in enumerate(cols):
        hits = np.flatnonzero(met[:, j])  # rates ascend: a rise turns at the first, a fall the last
        if hits.size:
            turning.append(float(r[hits[0] if target.comparator.direction > 0 else hits[-1]]))
        else:
            turning.append(None)
        exact.append(_exact_rate(start, target, axis, float(column)))
    return Grid(metric, start, target, r, axis, cols, values, met, tuple(turning), tuple(exact))


def _met(values: np.ndarray, target: TargetPoint) -> np.ndarray:
    """The comparator over the whole grid, within COMPUTED_TOLERANCE."""
    met: np.ndarray = target.comparator.is_met(values, target.value, COMPUTED_TOLERANCE)
    return met


def _exact_rate(start: StartPoint, target: TargetPoint, axis: str, column: float) -> float | None:
    if axis == "year":
        return growth.rri(column - start.year, start.value, target.value)
    return growth.rri(target.year - start.year, column, target.value)
