"""Line breaking for table cells and notes, in terminal cells, for English and Chinese alike.

Rich folds a word that is wider than its column and, with double-width characters, can drop
one at the fold (``30余家`` came out as ``余家``). So every text is broken into lines here, and
Rich only pads the lines. A line breaks at a space, or between two Chinese characters; a run
of Latin letters and digits (``2018``, ``1,500``, ``zone-output``) is never split unless it is
wider than the whole line. A no-break space (U+00A0) binds what it joins, as in ``694.75 ✗``;
it is drawn as a plain space.
"""

from __future__ import annotations

from collections.abc import Callable

from ftzcalc.render.layout import NO_BREAK

#: Punctuation and marks that must not start a line: they stay with what precedes them.
_CLOSING = frozenset("，。、；：！？）》」』】〉…％,.;:!?)%]}’”†*")
#: Punctuation that must not end a line: it stays with what follows it.
_OPENING = frozenset("（《「『【〈([{‘“")
#: Counters and units that stay with the number before them (``2018年``, ``500亿``).
_UNITS = frozenset("年月日亿万元个家项倍位名")


Measure = Callable[[str], int]


_rich_cell_len: Measure | None = None


def cell_len(text: str) -> int:
    """Rich's measure of terminal cells, the one tables are drawn with (Rich is imported only
    when something other than printable ASCII, a cell a character, is measured)."""
    if text.isascii() and text.isprintable():
        return len(text)
    global _rich_cell_len
    if _rich_cell_len is None:
        from rich.cells import cell_len as measure

        _rich_cell_len = measure
    return _rich_cell_len(text)


def east_asian_cells(text: str) -> int:
    """Cells a text takes by Unicode's East Asian Width alone, without Rich: 2 for a wide or
    full-width character (Chinese), 1 for any other. The measure of help text, chart labels
    and workbook columns; tables are measured by :func:`width`, as Rich draws them.

    >>> east_asian_cells("zone-output"), east_asian_cells("先进制造业"), east_asian_cells("≥1,500")
    (11, 10, 6)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def width(text: str) -> int:
    """Terminal cells a one-line text takes: 2 for a Chinese character, 1 for a Latin one.

    >>> width("zone-output"), width("先进制造业"), width("30余家")
    (11, 10, 6)
    """
    return cell_len(text)


def units(text: str, measure: Measure = cell_len) -> list[tuple[str, str]]:
    """The pieces a line may break between, each with the spaces before it.

    >>> units("逾500亿元 (2018)")
    [('', '逾'), ('', '500亿元'), (' ', '(2018)')]
    >>> units("企业30余家，2018年")
    [('', '企'), ('', '业'), ('', '30'), ('', '余'), ('', '家，'), ('', '2018年')]
    """
    pieces: list[tuple[str, str]] = []
    spaces = ""
    for chunk in text.split(" "):
        if not chunk:
            spaces += " "
            continue
        current, wide_before, hold = "", False, False
        for ch in chunk:
            wide = measure(ch) == 2
            unit = ch in _UNITS and current.rstrip("".join(_UNITS))[-1:].isdigit()
            if current and not (hold or unit) and ch not in _CLOSING and (wide or wide_before):
                pieces.append((spaces, current))
                spaces, current = "", ""
            current += ch
            hold = ch in _OPENING
            wide_before = wide
        pieces.append((spaces, current))
        spaces = " "
    return pieces


def widest_unit(text: str) -> int:
    """The narrowest a text can be wrapped to without splitting a piece.

    >>> widest_unit("Advanced-manufacturing output"), widest_unit("先进制造业产值")
    (22, 2)
    """
    return max((cell_len(u) for line in text.split("\n") for _, u in units(line)), default=0)


def wrap(text: str, columns: int, measure: Measure = cell_len) -> list[str]:
    """``text`` broken into lines of at most ``columns`` cells, losing nothing but the spaces
    at the breaks; a piece wider than a whole line is folded by character, the last resort.

    >>> wrap("Needs acceleration", 12)
    ['Needs', 'acceleration']
    >>> wrap("重点先进制造业企业30余家，2018年实现规上工业产值逾500亿元。", 14)
    ['重点先进制造业', '企业30余家，', '2018年实现规上', '工业产值逾', '500亿元。']
    >>> wrap("694.75\u00a0✗ -805.25", 9)
    ['694.75 ✗', '-805.25']
    """
    columns = max(columns, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for spaces, unit in units(paragraph, measure):
            size = measure(unit)
            if line and used + len(spaces) + size <= columns:
                line += spaces + unit
                used += len(spaces) + size
                continue
            if line:
                lines.append(line)
            line, used = "", 0
            while size > columns:  # fold a piece wider than the line
                head = _head(unit, columns, measure)
                lines.append(head)
                unit = unit[len(head) :]
                size = measure(unit)
            line, used = unit, size
        lines.append(line)
    return [line.replace(NO_BREAK, " ") for line in lines]


def _head(text: str, columns: int, measure: Measure) -> str:
    """The longest start of ``text`` that fits ``columns`` cells (at least one character)."""
    used = 0
    for i, ch in enumerate(text):
        used += measure(ch)
        if used > columns:
            return text[: max(i, 1)]
    return text
