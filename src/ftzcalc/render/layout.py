"""What a table report is made of, as plain data; ``render.table`` draws it with Rich.

Keeping layout free of Rich lets views be built and tested without importing it, and keeps
every piece of text from a data file a plain string that is never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Cell:
    text: str
    style: str | None = None  # a Rich style name, applied to the whole cell


@dataclass(frozen=True)
class Column:
    header: str
    align: Literal["left", "right"] = "left"
    no_wrap: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str | None = None


Block = Table | Paragraph


@dataclass
class Report:
    """Blocks printed one after another: usually a table and the notes that explain it."""

    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> None:
        self.blocks.append(block)
