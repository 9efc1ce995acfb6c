"""``ftzcalc scenario``: metrics as rows, scenarios as columns, parents rolled up."""

from __future__ import annotations

from typing import Any

from ftzcalc.model import COMPUTED_TOLERANCE
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.scenarios import Outcome, ScenarioReport
from ftzcalc.views.describe import scenario_json, target_text


def _outcome_json(o: Outcome) -> dict[str, Any]:
    return {
        "end": o.end.value,
        "met": o.met,
        "margin": o.margin.value,
        "rate": o.rate.as_json() if o.rate else None,
        "reason": o.end.reason,
    }


def to_json(report: ScenarioReport, data_files: list[str]) -> dict[str, Any]:
    ids = [s.id for s in report.scenarios]
    return {
        "schema": schema_name("scenario"),
        "data": data_files,
        "tolerance": COMPUTED_TOLERANCE,
        "scenarios": [scenario_json(s) for s in report.scenarios],
        "metrics": [
            {
                "id": row.metric.id,
                "target_year": row.metric.target.year,
                "outcomes": {i: _outcome_json(o) for i, o in zip(ids, row.outcomes, strict=True)},
            }
            for row in report.rows
        ],
        "rollups": [
            {
                "parent": r.parent.id,
                "children": list(r.children),
                "outcomes": {i: _outcome_json(o) for i, o in zip(ids, r.outcomes, strict=True)},
            }
            for r in report.rollups
        ],
    }


CSV_HEADER = ("scenario", "kind", "id", "end", "met", "margin", "rate", "reason")


def to_csv(report: ScenarioReport) -> tuple[tuple[str, ...], list[list[object]]]:
    rows: list[list[object]] = []
    for index, s in enumerate(report.scenarios):
        lines = [("metric", r.metric.id, r.outcomes[index]) for r in report.rows]
        lines += [("rollup", r.parent.id, r.outcomes[index]) for r in report.rollups]
        for kind, item_id, o in lines:
            rate = o.rate.label if o.rate else None
            rows.append(
                [s.id, kind, item_id, o.end.value, o.met, o.margin.value, rate, o.end.reason]
            )
    return CSV_HEADER, rows


def _mark(o: Outcome) -> Cell:
    if o.met is None:
        return Cell("—", "dim")
    return Cell("met" if o.met else "missed", "green" if o.met else "red")


def _compact(o: Outcome) -> Cell:
    """One cell per scenario: end value, verdict and margin."""
    if o.end.value is None:
        return Cell(_short(o.end.reason or ""), "dim")
    margin = o.margin.value or 0.0
    text = f"{numbers.value(o.end.value)} {'✓' if o.met else '✗'} {numbers.signed(margin)}"
    return Cell(text, "green" if o.met else "red")


def _short(reason: str) -> str:
    return reason.removeprefix("not projectable: ")


def to_table(report: ScenarioReport, lang: str) -> Report:
    out = Report()
    single = len(report.scenarios) == 1
    head = [Column("ID", no_wrap=True), Column("Metric", min_width=12, optional=True)]
    head.append(Column("Target", "right", True))
    if single:
        head += [
            Column("End", "right", True),
            Column("Verdict", no_wrap=True),
            Column("Margin", "right", True),
            Column("Rate", "right"),
        ]
    else:
        head += [Column(s.id, "right") for s in report.scenarios]
    rows = []
    for r in report.rows:
        first = [Cell(r.metric.id, "cyan"), Cell(r.metric.name.pick(lang))]
        first.append(Cell(target_text(r.metric.target)))
        rows.append(tuple(first + _cells(r.outcomes, single)))
    for r in report.rollups:
        label = f"Σ {len(r.children)} children"
        first = [Cell(r.parent.id, "bold"), Cell(label), Cell(target_text(r.parent.target))]
        rows.append(tuple(first + _cells(r.outcomes, single)))
    title = f"Scenario {report.scenarios[0].id}" if single else "Scenarios"
    out.add(Table(tuple(head), tuple(rows), title=title))
    for s in report.scenarios:
        out.add(Paragraph(f"{s.id}: {s.description}.", "dim"))
    if not single:
        out.add(Paragraph("Cells: the value in the target year, ✓ met or ✗ missed, and the "
                          "margin: + surplus, - shortfall.", "dim"))  # fmt: skip
    if report.rollups:
        out.add(Paragraph("Σ rows add up the children's projected values and judge the sum by "
                          "the parent's own target.", "dim"))  # fmt: skip
    out.add(Paragraph(
        f"Values within a relative {COMPUTED_TOLERANCE:g} of a target count as equal to it: "
        "equal meets ≥ and ≤ targets, not > or < (so 'required' misses a > target by a hair).",
        "dim",
    ))  # fmt: skip
    return out


def _cells(outcomes: tuple[Outcome, ...], single: bool) -> list[Cell]:
    if not single:
        return [_compact(o) for o in outcomes]
    o = outcomes[0]
    if o.end.value is None:
        why = Cell(_short(o.end.reason or ""), "dim")
        return [why, Cell("—", "dim"), Cell("—", "dim"), Cell("—", "dim")]
    rate = o.rate.label if o.rate else "—"
    return [
        Cell(numbers.value(o.end.value)),
        _mark(o),
        Cell(numbers.signed(o.margin.value or 0.0)),
        Cell(rate),
    ]
