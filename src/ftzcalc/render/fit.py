"""How a table fits a width: which columns, how wide, and in what shape.

The order of resort: every column at its natural width; wrapping columns narrowed towards
their longest word; optional columns left out (fewest first, by their ``optional`` rank, then
any that fit again are put back); and when even that is too wide, a change of shape: the
columns that are not optional in parts, each with the first column repeated (``split``), or
every column as one block of ``label  value`` lines per row (``blocks``). A ``no_wrap`` cell is
never narrowed. Of the widths that fit, a table of up to :data:`TUNED_ROWS` rows gets those
that make it shortest.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from ftzcalc.render.layout import Table
from ftzcalc.render.wrap import widest_unit, width, wrap

#: Cells between two columns.
GAP = 2
#: Width of a bar column when there is room, and the least it is narrowed to.
BAR_WIDTH, BAR_MIN = 30, 10
#: Indent of the ``label  value`` lines of a block.
BLOCK_INDENT = 2


class Measure(NamedTuple):
    least: int  # narrowest without splitting a piece
    natural: int  # every line on one line, the header's too
    body: int = 0  # every line of the cells on one line (the header may still wrap)


class Plan(NamedTuple):
    """How to draw a table: ``parts`` are the column indexes of each table drawn (one part
    unless ``shape`` is ``split``), ``widths`` the width of every column (by index), and
    ``dropped`` the optional columns left out."""

    shape: Literal["table", "split", "blocks"]
    parts: tuple[tuple[int, ...], ...]
    widths: tuple[int, ...]
    dropped: tuple[int, ...] = ()
    label_width: int = 0  # blocks: the width of the labels before the values


def is_bar(table: Table, index: int) -> bool:
    return any(row[index].bar is not None for row in table.rows)


def measure(table: Table, index: int) -> Measure:
    """The least and natural width of one column, its header included."""
    column = table.columns[index]
    header_least = widest_unit(column.header)
    if width(column.header) > len(column.header):  # a Chinese header: whole up to 4 characters
        header_least = max(header_least, min(width(column.header), 8))
    header_natural = max(width(line) for line in column.header.split("\n"))
    if is_bar(table, index):
        return Measure(max(BAR_MIN, header_least), max(BAR_WIDTH, header_natural))
    texts = [row[index].text for row in table.rows]
    cells = max([0] + [width(line) for t in texts for line in t.split("\n")])
    natural = max(header_natural, cells)
    if column.no_wrap:
        least = max(cells, header_least)
    else:
        least = min(max([column.min_width or 0, header_least] + [widest_unit(t) for t in texts]),
                    natural)  # fmt: skip
    return Measure(least, natural, max(least, cells))


def share_out(measures: list[Measure], columns: int) -> list[int] | None:
    """Widths that fit ``columns`` (gaps included), or None: natural widths if they fit, else
    each at its least, then widened: first so that cells need not wrap, then so that headers
    need not; at each step the columns that need least first, so that as few as possible
    wrap, and what is left shared in proportion to what the others would use."""
    gaps = GAP * (len(measures) - 1)
    if sum(m.natural for m in measures) + gaps <= columns:
        return [m.natural for m in measures]
    widths = [m.least for m in measures]
    room = columns - gaps - sum(widths)
    if room < 0:
        return None
    for goals in ([m.body for m in measures], [m.natural for m in measures]):
        want = [max(goal - w, 0) for goal, w in zip(goals, widths, strict=True)]
        for i in sorted(range(len(want)), key=lambda i: want[i]):
            if want[i] > room:
                break
            widths[i], room, want[i] = widths[i] + want[i], room - want[i], 0
        total = sum(want)
        if total:  # not all could be met: share the rest, and stop there
            share = [room * w // total for w in want]
            for i in sorted(range(len(want)), key=lambda i: -want[i])[: room - sum(share)]:
                share[i] += 1  # the cells lost to rounding, to the widest wanters
            return [w + s for w, s in zip(widths, share, strict=True)]
    return widths


def plan(table: Table, columns: int | None) -> Plan:
    """The plan for drawing ``table`` in ``columns`` cells; ``None``: no limit (a pipe)."""
    found = _plan(table, columns)
    if found.shape == "blocks" or columns is None or len(table.rows) > TUNED_ROWS:
        return found
    widths = list(found.widths)
    for part in found.parts:
        for i, w in _shortest(table, part, columns).items():
            widths[i] = w
    return found._replace(widths=tuple(widths))


#: Tables of up to this many rows get the widths that make them shortest (each step wraps
#: every cell again); longer ones keep the quick rule of :func:`share_out`.
TUNED_ROWS = 120


def _shortest(table: Table, part: tuple[int, ...], columns: int) -> dict[int, int]:
    """Widths for the columns of ``part`` that fit ``columns`` and make the table as short as
    a greedy search finds: from the narrowest, each step widens the column that saves the
    most lines per cell spent; room that saves no line goes where it is wanted least."""
    measures = {i: measure(table, i) for i in part}
    widths = {i: m.least for i, m in measures.items()}
    room = columns - GAP * (len(part) - 1) - sum(widths.values())
    cache: dict[tuple[int, int], list[int]] = {}

    def lines(i: int, w: int) -> list[int]:
        if (i, w) not in cache:
            column = table.columns[i]
            header = [len(wrap(column.header, w))]
            if is_bar(table, i):
                body = [1] * len(table.rows)
            elif column.no_wrap:
                body = [row[i].text.count("\n") + 1 for row in table.rows]
            else:
                body = [len(wrap(row[i].text, w)) for row in table.rows]
            cache[(i, w)] = header + body
        return cache[(i, w)]

    def height(trial: dict[int, int]) -> int:
        counts = [lines(i, w) for i, w in trial.items()]
        return sum(max(row) for row in zip(*counts, strict=True))

    tallest = height(widths)
    while room > 0:
        best: tuple[float, int, int, int] | None = None
        for i, m in measures.items():
            for step in range(1, min(room, m.natural - widths[i]) + 1):
                h = height({**widths, i: widths[i] + step})
                if h < tallest:
                    if best is None or (tallest - h) / step > best[0]:
                        best = ((tallest - h) / step, i, step, h)
                    break
        if best is None:
            break
        _, i, step, tallest = best
        widths[i] += step
        room -= step
    for i in sorted(measures, key=lambda i: measures[i].natural - widths[i]):
        grow = min(room, measures[i].natural - widths[i])
        widths[i] += grow
        room -= grow
    return widths


def _plan(table: Table, columns: int | None) -> Plan:
    measures = [measure(table, i) for i in range(len(table.columns))]
    everything = tuple(range(len(table.columns)))
    if columns is None:
        return Plan("table", (everything,), tuple(m.natural for m in measures))
    fitted = _fit(measures, everything, columns)
    if fitted is not None:
        return Plan("table", (everything,), fitted)
    optional = sorted(
        (i for i, c in enumerate(table.columns) if c.optional),
        key=lambda i: (table.columns[i].optional, -i),
    )
    keep = list(everything)
    dropped: list[int] = []
    for index in optional:
        keep.remove(index)
        dropped.append(index)
        if _fit(measures, tuple(keep), columns) is not None:
            break
    if _fit(measures, tuple(keep), columns) is not None:
        for index in reversed(dropped[:-1]):  # put back what fits again
            trial = tuple(sorted([*keep, index]))
            if _fit(measures, trial, columns) is not None:
                keep = list(trial)
                dropped.remove(index)
        fitted = _fit(measures, tuple(keep), columns)
        assert fitted is not None
        return Plan("table", (tuple(keep),), fitted, tuple(sorted(dropped)))
    if table.fallback == "split":
        split = _split(measures, tuple(keep), columns)
        if split is not None:
            return split._replace(dropped=tuple(sorted(dropped)))
    return _blocks(table, measures, columns)


def _fit(measures: list[Measure], keep: tuple[int, ...], columns: int) -> tuple[int, ...] | None:
    shared = share_out([measures[i] for i in keep], columns)
    if shared is None:
        return None
    widths = [0] * len(measures)
    for i, w in zip(keep, shared, strict=True):
        widths[i] = w
    return tuple(widths)


def _split(measures: list[Measure], keep: tuple[int, ...], columns: int) -> Plan | None:
    """Parts that each fit, the first column in every one; None if one column alone does not."""
    parts: list[tuple[int, ...]] = []
    current: list[int] = []
    for index in keep[1:]:
        if _fit(measures, (0, *current, index), columns) is not None:
            current.append(index)
        elif current:
            parts.append((0, *current))
            current = [index]
            if _fit(measures, (0, index), columns) is None:
                return None
        else:
            return None
    parts.append((0, *current))
    parts = _balanced(measures, parts, columns)
    widths = [0] * len(measures)
    for part in parts:
        fitted = _fit(measures, part, columns)
        assert fitted is not None
        for i in part:
            widths[i] = fitted[i]
    return Plan("split", tuple(parts), tuple(widths))


def _balanced(
    measures: list[Measure], parts: list[tuple[int, ...]], columns: int
) -> list[tuple[int, ...]]:
    """The same columns in as many parts, as even in number as still fit (a last part with
    one column reads badly); the greedy parts if no even cut fits."""
    rest = [i for part in parts for i in part[1:]]
    size = -(-len(rest) // len(parts))
    even = [(0, *rest[k : k + size]) for k in range(0, len(rest), size)]
    if len(even) == len(parts) and all(_fit(measures, p, columns) is not None for p in even):
        return even
    return parts


def _blocks(table: Table, measures: list[Measure], columns: int) -> Plan:
    """One block per row: its first cell as a heading, then a ``label  value`` line for each
    other column: the heading as wide as the terminal, the values as wide as what is left."""
    labels = max(width(c.header.replace("\n", " ")) for c in table.columns[1:])
    value = max(columns - BLOCK_INDENT - labels - GAP, 1)
    widths = [columns] + [min(value, measures[i].natural) for i in range(1, len(measures))]
    return Plan("blocks", (tuple(range(len(measures))),), tuple(widths), (), labels)
