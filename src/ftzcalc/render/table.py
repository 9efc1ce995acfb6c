"""Draw a :class:`~ftzcalc.render.layout.Report` with Rich. The only module that imports Rich.

Every string becomes a ``rich.text.Text``, so text from data files is never read as markup.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich import box
from rich.bar import Bar
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ftzcalc.render.layout import Cell, Paragraph, Report, Table

#: Width for output that is not a terminal and has no COLUMNS, unless a table is wider: tables
#: keep their natural width, and notes run on one line.
PIPE_WIDTH = 400


def make_console(file: TextIO | None = None, natural_width: int = 0) -> Console:
    out = file or sys.stdout
    width = None
    is_tty = hasattr(out, "isatty") and out.isatty()
    if not is_tty and not os.environ.get("COLUMNS"):
        width = max(PIPE_WIDTH, natural_width)
    return Console(
        file=out, width=width, highlight=False, emoji=False, markup=False, soft_wrap=False
    )


#: Width of a bar cell, in terminal columns.
BAR_WIDTH = 30


def _renderable(cell: Cell) -> Text | Bar:
    if cell.bar is not None:
        value, scale = cell.bar
        return Bar(size=scale, begin=0, end=max(0.0, min(value, scale)), width=BAR_WIDTH,
                   color=cell.style or "default")  # fmt: skip
    return Text(cell.text, style=cell.style or "")


def _rich_table(table: Table, keep: list[int], wrap_all: bool = False) -> RichTable:
    rich = RichTable(
        title=Text(table.title, style="bold") if table.title else None,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
        show_edge=False,
    )
    for column in (table.columns[i] for i in keep):
        rich.add_column(
            Text(column.header),
            justify=column.align,
            no_wrap=column.no_wrap and not wrap_all,
            overflow="fold",
            min_width=column.min_width,
        )
    for row in table.rows:
        rich.add_row(*(_renderable(row[i]) for i in keep))
    return rich


def _narrowest(table: Table, keep: list[int], natural: bool = False) -> int:
    """The narrowest the table can be drawn without folding a word or a no-wrap cell: no-wrap
    columns at their full width, the others at their longest word (or their ``min_width``).
    With ``natural``, every column at its full width: the table drawn without wrapping."""
    total = 3 * (len(keep) - 1)  # padding and rule between columns
    for i in keep:
        column = table.columns[i]
        texts = [column.header] + [row[i].text for row in table.rows]
        if any(row[i].bar is not None for row in table.rows):
            width = max(BAR_WIDTH, cell_len(column.header))
        elif column.no_wrap or natural:
            width = max(cell_len(line) for text in texts for line in text.splitlines() or [""])
        else:
            words = [word for text in texts for word in text.split()] or [""]
            width = max(column.min_width or 0, max(cell_len(word) for word in words))
        total += width
    return total


def _fitted_table(console: Console, table: Table) -> tuple[RichTable, list[str]]:
    """The table as it fits the console: whole; else without its optional columns; else with
    every column allowed to wrap. Returns the headers of the columns left out."""
    everything = list(range(len(table.columns)))
    if _narrowest(table, everything) <= console.width:
        return _rich_table(table, everything), []
    dropped = [c.header for c in table.columns if c.optional]
    keep = [i for i, c in enumerate(table.columns) if not c.optional]
    wrap_all = _narrowest(table, keep) > console.width
    return _rich_table(table, keep, wrap_all=wrap_all), dropped


def _print_blocks(console: Console, report: Report) -> None:
    previous = None
    for block in report.blocks:
        if previous is not None and (isinstance(block, Table) or isinstance(previous, Table)):
            console.print()  # a blank line between a table and what precedes or follows it
        if isinstance(block, Table):
            rich, dropped = _fitted_table(console, block)
            console.print(rich)
            if dropped:
                console.print(
                    Text(f"({', '.join(dropped)} left out to fit {console.width} columns.)", "dim")
                )
        elif isinstance(block, Paragraph):
            console.print(Text(block.text, style=block.style or ""))
        previous = block


def print_report(report: Report, file: TextIO | None = None) -> None:
    """Print to a terminal as Rich draws it; elsewhere without the padding at line ends."""
    out = file or sys.stdout
    tables = [b for b in report.blocks if isinstance(b, Table)]
    natural = max((_narrowest(t, list(range(len(t.columns))), True) for t in tables), default=0)
    console = make_console(out, natural)
    if console.is_terminal:
        _print_blocks(console, report)
        return
    with console.capture() as captured:
        _print_blocks(console, report)
    out.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def save_svg(report: Report, path: str, force: bool = False) -> None:
    """Write the report, drawn as in a terminal, to ``path`` as SVG (Rich's export).

    The picture is written to a temporary file beside ``path`` and moved into place, so a failed
    run leaves nothing half-written; without ``force`` an existing file is never replaced.
    """
    import io

    tables = [b for b in report.blocks if isinstance(b, Table)]
    width = max([_narrowest(t, list(range(len(t.columns)))) for t in tables] + [80])
    console = Console(
        file=io.StringIO(), record=True, width=min(width, 240), force_terminal=True,
        color_system="truecolor", highlight=False, emoji=False, markup=False,
    )  # fmt: skip
    _print_blocks(console, report)
    svg = console.export_svg(title="ftzcalc")
    _write_new(path, svg, force)


def _write_new(path: str, text: str, force: bool) -> None:
    import tempfile

    from ftzcalc.errors import OutputError

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ftzcalc-", suffix=".svg", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if force:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails, rather than replaces, if the file appeared meanwhile
    except FileExistsError:
        raise OutputError(f"{path} exists: add --force to replace it") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
