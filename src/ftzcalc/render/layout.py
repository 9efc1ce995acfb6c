"""What a table report is made of, as plain data; ``render.table`` draws it with Rich.

Keeping layout free of Rich lets views be built and tested without importing it, and keeps
every piece of text from a data file a plain string that is never parsed as markup.

The layout rule every table keeps, at any width from 60 columns: a cell of a ``no_wrap``
column (an id, a figure with its marks, a year, a status) is never split or cut; other cells
(names, quotes, notes) wrap between words, or between Chinese characters, and lose nothing.
A table that does not fit leaves out its ``optional`` columns (saying which), then changes
shape (:mod:`ftzcalc.render.fit`).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

#: Binds the text it joins into one piece that never breaks across lines (``694.75 ✗``).
NO_BREAK = "\u00a0"


#: Characters that would act on a terminal rather than show: C0 controls but the newline, DEL
#: and C1 controls (U+009B is a one-byte escape sequence), line and paragraph separators, and
#: the bidirectional overrides that can reorder what a reader sees.
_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    r"""``text`` with every control character written as its escape, so nothing from a data file
    reaches the terminal raw, and nothing is lost.

    >>> printable("zone\x1b[31m\u2028x\x9b\tend")
    'zone\\x1b[31m\\u2028x\\x9b\\tend'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Cell(NamedTuple):
    text: str
    style: str | None = None  # a Rich style name, applied to the whole cell
    bar: tuple[float, float] | None = None  # (value, scale): drawn as a bar instead of the text


class Column(NamedTuple):
    header: str
    align: Literal["left", "right"] = "left"
    no_wrap: bool = False  # an id, a figure, a year or a status: never split
    min_width: int | None = None  # keeps a wrapping column readable in a narrow terminal
    optional: int = 0  # > 0: left out, with a note, when the table does not fit; 1 goes first


class Table(NamedTuple):
    """Rows under headers. The first column names the row (an id): a table too wide for the
    terminal is drawn in parts with it repeated (``split``), or one block per row under it
    (``blocks``)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None
    fallback: Literal["split", "blocks"] = "split"


class Paragraph(NamedTuple):
    text: str
    style: str | None = None


Block = Table | Paragraph


class Report:
    """Blocks printed one after another: usually a table and the notes that explain it."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def printable(self) -> Report:
        """The same report with every text made :func:`printable`, as it goes to a terminal."""
        safe = Report()
        for block in self.blocks:
            if isinstance(block, Paragraph):
                safe.add(block._replace(text=printable(block.text)))
                continue
            safe.add(block._replace(
                title=printable(block.title) if block.title else block.title,
                columns=tuple(c._replace(header=printable(c.header)) for c in block.columns),
                rows=tuple(tuple(c._replace(text=printable(c.text)) for c in row)
                           for row in block.rows),
            ))  # fmt: skip
        return safe
