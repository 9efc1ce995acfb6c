"""``ftzcalc sensitivity``: a grid of end values, met or missed, and where each column turns."""

from __future__ import annotations

from typing import Any

from ftzcalc.grids import Grid
from ftzcalc.i18n import _, localize
from ftzcalc.model import COMPUTED_TOLERANCE
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import NO_BREAK, Cell, Column, Paragraph, Report, Table


def _column_label(grid: Grid, column: float) -> str:
    return str(int(column)) if grid.axis == "year" else numbers.value(column)


def to_json(grid: Grid, data_files: list[str]) -> dict[str, Any]:
    return {
        "schema": schema_name("sensitivity"),
        "data": data_files,
        "metric": grid.metric.id,
        "start": {"year": grid.start.year, "value": grid.start.value, "origin": grid.start.origin},
        "target": {
            "year": grid.target.year,
            "value": grid.target.value,
            "comparator": grid.target.comparator.value,
        },
        "tolerance": COMPUTED_TOLERANCE,
        "axis": grid.axis,
        "rates": grid.rates.tolist(),
        "columns": [int(c) for c in grid.columns] if grid.axis == "year" else grid.columns.tolist(),
        "values": grid.values.tolist(),
        "met": grid.met.tolist(),
        "turning_rates": list(grid.turning_rates),
        "exact_rates": list(grid.exact_rates),
    }


def to_csv(grid: Grid) -> tuple[tuple[str, ...], list[list[object]]]:
    header = ("rate", grid.axis, "value", "met")
    rates = grid.rates.tolist()
    columns = grid.columns.tolist()
    values = grid.values.tolist()
    met = grid.met.tolist()
    if grid.axis == "year":
        columns = [int(c) for c in columns]
    rows: list[list[object]] = [
        [rate, column, values[i][j], met[i][j]]
        for i, rate in enumerate(rates)
        for j, column in enumerate(columns)
    ]
    return header, rows


def to_table(grid: Grid) -> Report:
    out = Report()
    t = grid.target
    if grid.axis == "year":
        across = _("target year")
    else:
        across = _("start value in {year}").format(year=grid.start.year)
    columns = [Column(_("Rate"), "right", True)]
    columns += [Column(_column_label(grid, c), "right", True) for c in grid.columns]
    rows = []
    width = len(grid.columns)
    values = numbers.column(grid.values.ravel().tolist())  # one number of decimals for all
    for i, rate in enumerate(grid.rates):
        cells = [Cell(numbers.rate(float(rate)), "bold")]
        for j in range(width):
            met = bool(grid.met[i, j])
            # the mark before the number, so that numbers right-aligned line up on the point
            text = ("✓" + NO_BREAK if met else "") + values[i * width + j]
            cells.append(Cell(text, "green" if met else "red"))
        rows.append(tuple(cells))
    turns = [Cell(_("met from"), "bold")]
    turns += [Cell("—" if r is None else numbers.rate(r), "bold") for r in grid.turning_rates]
    exact = [Cell(_("exact"), "dim")]
    exact += [Cell("—" if r is None else numbers.rate(r), "dim") for r in grid.exact_rates]
    rows += [tuple(turns), tuple(exact)]
    title = _("{id}: value by growth rate (rows) and {across} (columns), from {start} "
              "({year}, {origin}); target {target}").format(
        id=grid.metric.id, across=across, start=numbers.value(grid.start.value),
        year=grid.start.year, origin=localize(grid.start.origin),
        target=t.comparator.symbol + numbers.value(t.value),
    )  # fmt: skip
    out.add(Table(tuple(columns), tuple(rows), title=title))
    if t.comparator.direction > 0:
        side = _("met from: the lowest rate of the grid that meets it")
    else:
        side = _("met from: the highest rate of the grid that meets it")
    out.add(Paragraph(_("✓ meets the target (within a relative {tolerance:g}).").format(
        tolerance=COMPUTED_TOLERANCE), "dim"))  # fmt: skip
    out.add(Paragraph(_("{side}; exact: the rate that reaches it exactly.").format(side=side),
                      "dim"))  # fmt: skip
    return out
