"""``ftzcalc project``: one metric year by year, as JSON, CSV or a table with a bar per year."""

from __future__ import annotations

from typing import Any

from ftzcalc.model import COMPUTED_TOLERANCE
from ftzcalc.projection import Projection, YearRow
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.views.describe import exact_edge, metric_json


def to_json(p: Projection, data_files: list[str]) -> dict[str, Any]:
    return {
        "schema": schema_name("project"),
        "data": data_files,
        "metric": metric_json(p.metric),
        "start": {"year": p.start.year, "value": p.start.value, "origin": p.start.origin},
        "target": {
            "year": p.target.year,
            "value": p.target.value,
            "comparator": p.target.comparator.value,
        },
        "rate": p.path.as_json(),
        "required_rate": p.required_rate,
        "tolerance": COMPUTED_TOLERANCE,
        "years": [
            {
                "year": r.year,
                "value": r.value,
                "growth": r.growth,
                "required": r.required,
                "gap_to_required": _gap(r),
                "met": r.met,
            }
            for r in p.rows
        ],
        "first_met_year": p.first_met,
        "end_value": p.end_value,
        "margin": p.margin,
        "share_of_target": p.share,
    }


CSV_HEADER = ("year", "value", "growth", "required", "gap_to_required", "met")


def to_csv(p: Projection) -> tuple[tuple[str, ...], list[list[object]]]:
    rows = [[r.year, r.value, r.growth, r.required, _gap(r), r.met] for r in p.rows]
    return CSV_HEADER, rows


def _gap(row: YearRow) -> float | None:
    """Value less the required path's, in the years the required path runs."""
    return None if row.required is None else row.value - row.required


def describe_rate(p: Projection) -> str:
    path = p.path
    if path.is_constant:
        rate = numbers.rate(path.points[0][1])
        return (
            rate if path.label in (rate, f"{path.points[0][1]:.6g}") else f"{rate} ({path.label})"
        )
    return path.label


def to_table(p: Projection, lang: str) -> Report:
    out = Report()
    scale = max(max(r.value for r in p.rows), p.target.value)
    rows = []
    for r in p.rows:
        gap = _gap(r)
        growth = Cell("start", "dim") if r.growth is None else Cell(numbers.rate(r.growth))
        rows.append(
            (
                Cell(str(r.year) + (" ◆" if r.year == p.target.year else "")),
                Cell(numbers.value(r.value)),
                growth,
                Cell("—" if r.required is None else numbers.value(r.required), "dim"),
                Cell("—" if gap is None else numbers.signed(gap)),
                Cell("met" if r.met else "not met", "green" if r.met else "red"),
                Cell("", "green" if r.met else "cyan", bar=(r.value, scale)),
            )
        )
    m, t = p.metric, p.target
    title = (f"{m.id}: {m.name.pick(lang)}, at {describe_rate(p)} a year from "
             f"{numbers.value(p.start.value)} ({p.start.year}, {p.start.origin})")  # fmt: skip
    out.add(Table(
        columns=(Column("Year", no_wrap=True), Column("Value", "right", True),
                 Column("Growth", "right", True), Column("Required path", "right", True),
                 Column("Gap", "right", True), Column("Target", no_wrap=True),
                 Column(f"0 … {numbers.value(scale)}")),
        rows=tuple(rows),
        title=title,
    ))  # fmt: skip
    target_text = f"{t.comparator.symbol}{numbers.value(t.value)}"
    share = f", {p.share * 100:.1f}% of the target" if p.share is not None else ""
    met = p.rows[[r.year for r in p.rows].index(t.year)].met
    if p.margin == 0 and not met:
        verdict = exact_edge(t.comparator, numbers.value(t.value))
    elif met:
        verdict = f"the target {target_text} is met (surplus {numbers.value(p.margin)})"
    else:
        verdict = f"the target {target_text} is missed (shortfall {numbers.value(-p.margin)})"
    out.add(Paragraph(f"In {t.year} ◆: {numbers.value(p.end_value)}{share}; {verdict}."))
    last = p.rows[-1].year
    out.add(Paragraph(
        f"First met in {p.first_met}." if p.first_met is not None else f"Not met by {last}."
    ))  # fmt: skip
    out.add(Paragraph(
        f"Required path: {numbers.rate(p.required_rate)} a year from "
        f"{numbers.value(p.start.value)} ({p.start.year}) to {numbers.value(t.value)} ({t.year}); "
        f"values within a relative {COMPUTED_TOLERANCE:g} of it count as equal.",
        "dim",
    ))  # fmt: skip
    return out
