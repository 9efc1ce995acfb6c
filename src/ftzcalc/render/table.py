"""Draw a :class:`~ftzcalc.render.layout.Report` with Rich, as :mod:`~ftzcalc.render.fit` plans.

Every text is broken into lines by :mod:`~ftzcalc.render.wrap` before Rich sees it, and becomes
a ``rich.text.Text``, so Rich only pads and colours it, and text from data files is never read
as markup. In a terminal the report fits its width and goes through a pager when it is taller
than the screen; piped, tables keep their natural width and notes run on one line.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich import box
from rich.bar import Bar
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

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


def _text(lines: list[str], style: str | None, justify: str = "left") -> Text:
    text = "\n".join(lines).replace(NO_BREAK, " ")  # drawn as the space it is
    return Text(text, style=style or "", justify=justify, no_wrap=True,  # type: ignore[arg-type]
                overflow="fold")  # fmt: skip


def _renderable(cell: Cell, columns: int, no_wrap: bool, justify: str) -> RenderableType:
    if cell.bar is not None:
        value, scale = cell.bar
        return Bar(size=scale, begin=0, end=max(0.0, min(value, scale)), width=columns,
                   color=cell.style or "default")  # fmt: skip
    lines = cell.text.split("\n") if no_wrap else wrap(cell.text, columns)
    return _text(lines, cell.style, justify)


def _rich_table(table: Table, part: tuple[int, ...], widths: tuple[int, ...]) -> RichTable:
    rich = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                     padding=(0, GAP - 1, 0, 0), collapse_padding=True)  # fmt: skip
    for i in part:
        column = table.columns[i]
        rich.add_column(
            _text(wrap(column.header, widths[i]), "bold", column.align),
            justify=column.align,
            width=widths[i],
            no_wrap=True,
            overflow="fold",
        )
    for row in table.rows:
        rich.add_row(*(_renderable(row[i], widths[i], table.columns[i].no_wrap,
                                   table.columns[i].align) for i in part))  # fmt: skip
    return rich


def _print_blocks(console: Console, table: Table, fitted: Plan) -> None:
    """One block per row: the row's first cell, then ``label  value`` lines; empty cells are
    left out."""
    for number, row in enumerate(table.rows):
        if number:
            console.print()
        head = row[0]
        console.print(_text(wrap(head.text, fitted.widths[0]), head.style or "bold"))
        grid = RichTable.grid(padding=(0, GAP, 0, 0))
        grid.add_column(width=fitted.label_width, no_wrap=True)
        grid.add_column(no_wrap=True)
        for i, column in enumerate(table.columns[1:], start=1):
            cell = row[i]
            if not cell.text and cell.bar is None:
                continue
            label = _text([column.header.replace("\n", " ")], "dim")
            grid.add_row(label, _renderable(cell, fitted.widths[i], column.no_wrap, "left"))
        console.print(Padding(grid, (0, 0, 0, BLOCK_INDENT)))


def _print_table(console: Console, table: Table, columns: int | None) -> None:
    fitted = plan(table, columns)
    if table.title:
        _print_paragraph(console, Paragraph(table.title, "bold"), columns)
    if fitted.shape == "blocks":
        _print_blocks(console, table, fitted)
        return
    for number, part in enumerate(fitted.parts):
        if number:
            console.print()
        console.print(_rich_table(table, part, fitted.widths))
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
