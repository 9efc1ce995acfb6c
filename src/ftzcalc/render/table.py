"""Draw a :class:`~ftzcalc.render.layout.Report` with Rich, as :mod:`~ftzcalc.render.fit` plans.

Every text is broken into lines by :mod:`~ftzcalc.render.wrap`, and a table's cells are padded
and set side by side here, into one ``rich.text.Text`` with a span for each styled piece: Rich
colours it and writes it to the terminal (or records it for SVG), and text from data files is
never read as markup. In a terminal the report fits its width and goes through a pager when it
is taller than the screen; piped, tables keep their natural width and notes run on one line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NamedTuple, TextIO

from rich import box
from rich.bar import Bar
from rich.console import Console
from rich.style import Style
from rich.text import Span, Text

from ftzcalc.i18n import _
from ftzcalc.render import output
from ftzcalc.render.fit import BLOCK_INDENT, GAP, Plan, plan
from ftzcalc.render.layout import NO_BREAK, Cell, Paragraph, Report, Table
from ftzcalc.render.wrap import width, wrap

#: The narrowest a report is laid out for (the layout rule holds from 60 columns; below 20
#: even blocks would fold every word).
MIN_COLUMNS = 20


def columns_asked() -> int | None:
    """$COLUMNS, if it is a whole number of columns; anything else (0, -5, "wide") is ignored,
    as if unset."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else None


def make_console(file: TextIO | None = None) -> Console:
    columns = columns_asked()
    environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return Console(
        file=file or sys.stdout, width=max(columns, MIN_COLUMNS) if columns else None,
        highlight=False, emoji=False, markup=False, _environ=environ,
    )  # fmt: skip


def fit_width(console: Console) -> int | None:
    """The width to fit: $COLUMNS or the terminal's, or None, for natural width, in a pipe."""
    if columns_asked() or console.is_terminal:
        return max(console.width, MIN_COLUMNS)
    return None


def _text(lines: list[str], style: str | None) -> Text:
    """A paragraph's lines, as broken, for Rich to print as they are."""
    text = "\n".join(lines).replace(NO_BREAK, " ")  # drawn as the space it is
    return Text(text, style=style or "", justify="left", no_wrap=True, overflow="fold")


class _Line(NamedTuple):
    """One line of a cell: its text, the cells it takes, and its Rich style (or its pieces,
    each with its own style, for a bar)."""

    text: str
    width: int
    style: str | Style | None = None
    pieces: tuple[tuple[str, Style | None], ...] = ()


def _cell_lines(cell: Cell, columns: int, no_wrap: bool, console: Console) -> list[_Line]:
    """A cell's lines, each at most ``columns`` wide: its text as wrapped, or its bar as Rich
    draws it."""
    if cell.bar is not None:
        value, scale = cell.bar
        bar = Bar(size=scale, begin=0, end=max(0.0, min(value, scale)), width=columns,
                  color=cell.style or "default")  # fmt: skip
        (drawn,) = console.render_lines(bar, console.options.update_width(columns))
        pieces = tuple((s.text, s.style) for s in drawn)
        text = "".join(piece for piece, _ in pieces)
        return [_Line(text, width(text), None, pieces)]
    lines = cell.text.split("\n") if no_wrap else wrap(cell.text, columns)
    return [
        _Line(text, width(text), cell.style)
        for text in (line.replace(NO_BREAK, " ") for line in lines)
    ]


class _Canvas:
    """A table's text, drawn as one ``rich.text.Text``: the characters in one string and a span
    for each styled piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.length = 0

    def write(self, text: str, style: str | Style | None = None) -> None:
        if style:
            self.spans.append(Span(self.length, self.length + len(text), style))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> Text:
        plain = "".join(self.parts).removesuffix("\n")  # the console ends the last line
        return Text(plain, spans=self.spans, no_wrap=True, overflow="ignore", end="\n")


def _grid(
    canvas: _Canvas,
    rows: list[list[list[_Line]]],
    widths: list[int],
    aligns: Sequence[str],
    bottom: bool = False,
    indent: str = "",
    gap: str = " " * GAP,
) -> None:
    """Draw ``rows`` (each a list of cells, each a list of lines), each cell padded to its
    column's width and aligned (a right-aligned line without its trailing spaces), columns
    :data:`GAP` apart, cells at the top of their row (``bottom``: at its foot), each line after
    ``indent``.

    Rich draws the text (colour, the terminal, SVG); the table is laid out here, as Rich's own
    Table lays out one (box SIMPLE_HEAD, no edge), since that costs about 1 ms a row: 10 s for a
    table of 10,000 rows."""
    write = canvas.write
    for cells in rows:
        height = max(len(lines) for lines in cells)
        for k in range(height):
            write(indent)
            for j, lines in enumerate(cells):
                if j:
                    write(gap)
                at = k - (height - len(lines)) if bottom else k
                if not 0 <= at < len(lines):
                    write(" " * widths[j])
                    continue
                line = lines[at]
                text = line.text
                if aligns[j] == "right":
                    text = text.rstrip(" ")
                    write(" " * (widths[j] - line.width + len(line.text) - len(text)))
                if line.pieces:
                    for piece, style in line.pieces:
                        write(piece, style)
                else:
                    write(text, line.style)
                if aligns[j] != "right":
                    write(" " * (widths[j] - line.width))
            write("\n")


def _table_text(table: Table, part: tuple[int, ...], widths: tuple[int, ...],
                console: Console) -> Text:  # fmt: skip
    """One part of a table: its header, a rule, and its rows."""
    columns = [table.columns[i] for i in part]
    drawn = [widths[i] for i in part]
    aligns = [column.align for column in columns]
    canvas = _Canvas()
    # Rich's box characters: ASCII ones for an output that cannot write "─"
    lines = box.SIMPLE_HEAD.substitute(console.options)
    pad = " " * (GAP - 1)
    header = [[_Line(line, width(line), "bold") for line in wrap(c.header, w)]
              for c, w in zip(columns, drawn, strict=True)]  # fmt: skip
    _grid(canvas, [header], drawn, aligns, bottom=True, gap=pad + lines.head_vertical)
    rule = lines.head_row_cross.join(lines.head_row_horizontal * (w + GAP - 1) for w in drawn)
    canvas.write(rule[: -(GAP - 1)] + "\n")
    rows = [[_cell_lines(row[i], widths[i], table.columns[i].no_wrap, console) for i in part]
            for row in table.rows]  # fmt: skip
    _grid(canvas, rows, drawn, aligns, gap=pad + lines.mid_vertical)
    return canvas.text()


def _blocks_text(table: Table, fitted: Plan, console: Console) -> Text:
    """One block per row: the row's first cell, then ``label  value`` lines, indented; empty
    cells are left out."""
    canvas = _Canvas()
    indent = " " * BLOCK_INDENT
    for number, row in enumerate(table.rows):
        if number:
            canvas.write("\n")
        head = row[0]
        for line in wrap(head.text, fitted.widths[0]):
            canvas.write(line.replace(NO_BREAK, " "), head.style or "bold")
            canvas.write("\n")
        lines = []
        for i, column in enumerate(table.columns[1:], start=1):
            cell = row[i]
            if cell.text or cell.bar is not None:
                label = column.header.replace("\n", " ")
                value = _cell_lines(cell, fitted.widths[i], column.no_wrap, console)
                lines.append([[_Line(label, width(label), "dim")], value])
        if lines:
            widest = max(line.width for _, value in lines for line in value)
            _grid(canvas, lines, [fitted.label_width, widest], ["left", "left"], indent=indent)
    return canvas.text()


def _print_table(console: Console, table: Table, columns: int | None) -> None:
    fitted = plan(table, columns)
    if table.title:
        _print_paragraph(console, Paragraph(table.title, "bold"), columns)
    if fitted.shape == "blocks":
        console.print(
            _blocks_text(table, fitted, console), crop=False, no_wrap=True, overflow="ignore"
        )
        return
    for number, part in enumerate(fitted.parts):
        if number:
            console.print()
        console.print(
            _table_text(table, part, fitted.widths, console),
            crop=False,
            no_wrap=True,
            overflow="ignore",
        )
    if fitted.dropped:
        left_out = _(", ").join(table.columns[i].header.replace("\n", " ") for i in fitted.dropped)
        note = _("({columns} left out to fit {width} columns.)").format(
            columns=left_out, width=columns
        )
        _print_paragraph(console, Paragraph(note, "dim"), columns)


def _print_paragraph(console: Console, paragraph: Paragraph, columns: int | None) -> None:
    text = paragraph.text
    lines = text.split("\n") if columns is None else wrap(text, columns)
    console.print(_text(lines, paragraph.style), crop=False)


def _natural_width(report: Report) -> int:
    """The widest line of the report drawn without limit: what a pipe gets."""
    widest = 0
    for block in report.blocks:
        if isinstance(block, Table):
            fitted = plan(block, None)
            drawn = sum(fitted.widths) + GAP * (len(block.columns) - 1)
            widest = max(widest, drawn, *(width(line) for line in (block.title or "").split("\n")))
        else:
            widest = max(widest, *(width(line) for line in block.text.split("\n")))
    return widest


def draw(report: Report, console: Console, columns: int | None) -> None:
    """Print the blocks one after another, a blank line around each table."""
    previous = None
    for block in report.blocks:
        if previous is not None and (isinstance(block, Table) or isinstance(previous, Table)):
            console.print()
        if isinstance(block, Table):
            _print_table(console, block, columns)
        else:
            _print_paragraph(console, block, columns)
        previous = block


def print_report(report: Report, file: TextIO | None = None, pager: bool = True) -> None:
    """Print to a terminal at its width, through a pager if taller than the screen; elsewhere
    at natural width, without the padding at line ends."""
    out = file or sys.stdout
    report = report.printable()
    console = make_console(out)
    columns = fit_width(console)
    if columns is None:
        console.width = max(_natural_width(report), 1)
    with console.capture() as captured:
        draw(report, console, columns)
    text = "".join(line.rstrip() + "\n" for line in captured.get().splitlines())
    if console.is_terminal and pager and text.count("\n") > console.height:
        from ftzcalc.render.pager import page

        output.encodable(text, out)
        page(text)
        return
    output.write(text, out)


def save_svg(report: Report, path: str, force: bool = False, theme: str = "light") -> None:
    """Write the report, drawn as in a terminal of its natural width (80 to 240 columns), to
    ``path`` as SVG; see :mod:`ftzcalc.render.svg`."""
    import io

    from ftzcalc.render import svg

    report = report.printable()
    columns = min(max(_natural_width(report), 80), 240)
    console = Console(
        file=io.StringIO(), record=True, width=columns, force_terminal=True,
        color_system="truecolor", highlight=False, emoji=False, markup=False,
    )  # fmt: skip
    draw(report, console, columns)
    output.write_file(path, svg.export_svg(console, theme), force)
