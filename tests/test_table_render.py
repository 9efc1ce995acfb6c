"""Tables are laid out by ftzcalc (render/table.py) and drawn by Rich; the characters are those
Rich's own Table draws with the same widths (box SIMPLE_HEAD without edges, columns two cells
apart, headers at the foot of their row, right-aligned lines without trailing spaces), which
tests here check against Rich's Table itself, for English, Chinese, wrapped cells, bars and an
output that cannot write box characters."""

from __future__ import annotations

import io

import pytest
from rich import box
from rich.bar import Bar
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ftzcalc.render import table as render
from ftzcalc.render.fit import GAP, plan
from ftzcalc.render.layout import NO_BREAK, Cell, Column, Table
from ftzcalc.render.wrap import wrap

TABLES = {
    "figures and names": Table(
        (
            Column("ID", no_wrap=True),
            Column("Metric", min_width=8),
            Column("Target\n2023", align="right", no_wrap=True),
            Column("CAGR needed", align="right", no_wrap=True),
        ),
        (
            (
                Cell("zone-output"),
                Cell("Advanced-manufacturing output, Qingdao Area"),
                Cell(">1,500"),
                Cell("≤24.57%", style="bold"),
            ),
            (Cell("ic-chips"), Cell("Integrated circuits and chips"), Cell("≥50"), Cell("—")),
            (Cell("lcd-rank"), Cell(""), Cell("qualitative"), Cell("")),
        ),
    ),
    "Chinese": Table(
        (
            Column("编号", no_wrap=True),
            Column("指标", min_width=8),
            Column("基准", align="right", no_wrap=True),
        ),
        (
            (
                Cell("zone-projects"),
                Cell("青岛片区先进制造项目，重点先进制造业企业30余家"),
                Cell(f">30{NO_BREAK}(2019)†"),
            ),
            (Cell("ic-chips"), Cell("集成电路和芯片"), Cell("无")),
        ),
    ),
    "marks padded with spaces": Table(
        (Column("Rate", align="right", no_wrap=True), Column("2023", align="right", no_wrap=True)),
        (
            (Cell("25.00%"), Cell(f"1,525.88{NO_BREAK}✓")),
            (Cell("20.00%"), Cell(f"1,244.16{NO_BREAK} ")),
        ),
    ),
    "bars": Table(
        (
            Column("Child", no_wrap=True),
            Column("Rank corr.", align="right", no_wrap=True),
            Column("0 … 1", no_wrap=True, min_width=20),
        ),
        (
            (Cell("intelligent-manufacturing"), Cell("0.991"), Cell("", "cyan", (0.991, 1.0))),
            (Cell("ic-chips"), Cell("0.011"), Cell("", "cyan", (0.011, 1.0))),
        ),
    ),
}


def _rich_table(table: Table, part: tuple[int, ...], widths: tuple[int, ...]) -> RichTable:
    """The table as Rich's own Table draws it: what render/table.py drew with until it laid
    tables out itself."""
    rich = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                     padding=(0, GAP - 1, 0, 0), collapse_padding=True)  # fmt: skip
    for i in part:
        column = table.columns[i]
        header = "\n".join(wrap(column.header, widths[i]))
        rich.add_column(Text(header, style="bold", justify=column.align), justify=column.align,
                        width=widths[i], no_wrap=True, overflow="fold")  # fmt: skip
    for row in table.rows:
        cells = []
        for i in part:
            cell, column = row[i], table.columns[i]
            if cell.bar is not None:
                value, scale = cell.bar
                cells.append(Bar(size=scale, begin=0, end=value, width=widths[i],
                                 color=cell.style or "default"))  # fmt: skip
                continue
            lines = cell.text.split("\n") if column.no_wrap else wrap(cell.text, widths[i])
            text = "\n".join(lines).replace(NO_BREAK, " ")
            cells.append(Text(text, style=cell.style or "", justify=column.align, no_wrap=True,
                              overflow="fold"))  # fmt: skip
        rich.add_row(*cells)
    return rich


def _drawn(draw, encoding: str, columns: int) -> str:
    console = Console(file=io.TextIOWrapper(io.BytesIO(), encoding=encoding), width=columns,
                      color_system=None, highlight=False, emoji=False, markup=False)  # fmt: skip
    with console.capture() as captured:
        draw(console)
    return "".join(line.rstrip() + "\n" for line in captured.get().splitlines())


#: ASCII output cannot write Chinese or bars: those tables are drawn to UTF-8 only.
CASES = [(name, encoding) for name in TABLES for encoding in ("utf-8", "ascii")
         if encoding == "utf-8" or name not in ("Chinese", "bars")]  # fmt: skip


@pytest.mark.parametrize(("name", "encoding"), CASES)
@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_tables_are_drawn_as_richs_table_draws_them(name, encoding, columns):
    table = TABLES[name]
    fitted = plan(table, columns)
    assert fitted.shape != "blocks"

    def ours(console: Console) -> None:
        for part in fitted.parts:
            console.print(render._table_text(table, part, fitted.widths, console),
                          crop=False, no_wrap=True, overflow="ignore")  # fmt: skip

    def richs(console: Console) -> None:
        for part in fitted.parts:
            console.print(_rich_table(table, part, fitted.widths))

    expected = _drawn(richs, encoding, columns)
    assert _drawn(ours, encoding, columns) == expected
    assert expected.count("\n") >= 3


def test_ten_thousand_rows_are_drawn_whole():
    rows = tuple((Cell(f"m{i:05d}"), Cell(f"{i:,}")) for i in range(10_000))
    table = Table((Column("ID", no_wrap=True), Column("Value", align="right", no_wrap=True)), rows)
    out = io.StringIO()
    render.print_report(_report(table), file=out, pager=False)
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["ID      Value", "─" * 13, "m00000      0"]
    assert lines[-1] == "m09999  9,999" and len(lines) == 10_002


def _report(table: Table):
    from ftzcalc.render.layout import Report

    report = Report()
    report.add(table)
    return report
