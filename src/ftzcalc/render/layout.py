"""What a table report is made of, as plain data; ``render.table`` draws it with Rich.

Keeping layout free of Rich lets views be built and tested without importing it, and keeps
every piece of text from a data file a plain string that is never parsed as markup.
"""

from __future__ import annotations

from typing import Literal, NamedTuple


class Cell(NamedTuple):
    text: str
    style: str | None = None  # a Rich style name, applied to the whole cell
    bar: tuple[float, float] | None = None  # (value, scale): drawn as a bar instead of the text


class Column(NamedTuple):
    header: str
    align: Literal["left", "right"] = "left"
    no_wrap: bool = False
    min_width: int | None = None  # keeps a wrapping column readable in a narrow terminal
    optional: bool = False  # left out, with a note, when the table is wider than the terminal


class Table(NamedTuple):
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None


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
