"""``ftzcalc project``: one metric year by year, as JSON, CSV or a table with a bar per year."""

from __future__ import annotations

from typing import Any

from ftzcalc.i18n import _, localize
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
        "required_rate": p.rate_needed_now,
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
    rows: list[list[object]] = [
        [r.year, r.value, r.growth, r.required, _gap(r), r.met] for r in p.rows
    ]
    return CSV_HEADER, rows


def _gap(row: YearRow) -> float | None:
    """Value less the required path's, in the years the required path runs."""
    return None if row.required is None else row.value - row.required


def describe_rate(p: Projection) -> str:
    path = p.path
    if path.is_constant:
        value = path.points[0][1]
        rate = numbers.rate(value)
        typed = {rate, f"{value:.6g}", f"{value * 100:.6g}%"}  # the rate as a user types it
        if path.label in typed:
            return rate
        return _("{rate} ({label})").format(rate=rate, label=localize(path.label))
    return localize(path.label)


def to_table(p: Projection, lang: str) -> Report:
    out = Report()
    scale = max(max(r.value for r in p.rows), p.target.value)
    rows = []
    # each column of figures with one number of decimals, so that it lines up on the point
    values = numbers.column([r.value for r in p.rows])
    required = iter(numbers.column([r.required for r in p.rows if r.required is not None]))
    gaps = [_gap(r) for r in p.rows]
    margins = iter(numbers.column([g for g in gaps if g is not None], signed=True))
    for r, value, gap in zip(p.rows, values, gaps, strict=True):
        growth = Cell(_("start"), "dim") if r.growth is None else Cell(numbers.rate(r.growth))
        rows.append(
            (
                Cell(str(r.year) + (" ◆" if r.year == p.target.year else "")),
                Cell(value),
                growth,
                Cell("—" if r.required is None else next(required), "dim"),
                Cell("—" if gap is None else next(margins)),
                Cell(_("met") if r.met else _("not met"), "green" if r.met else "red"),
                Cell("", "green" if r.met else "cyan", bar=(r.value, scale)),
            )
        )
    m, t = p.metric, p.target
    title = _("{id}: {name}, at {rate} a year from {start} ({year}, {origin})").format(
        id=m.id, name=m.name.pick(lang), rate=describe_rate(p),
        start=numbers.value(p.start.value), year=p.start.year, origin=localize(p.start.origin),
    )  # fmt: skip
    out.add(Table(
        columns=(Column(_("Year"), no_wrap=True), Column(_("Value"), "right", True),
                 Column(_("Growth"), "right", True), Column(_("Required path"), "right", True),
                 Column(_("Gap"), "right", True), Column(_("Target"), no_wrap=True),
                 Column(f"0 … {numbers.value(scale)}")),
        rows=tuple(rows),
        title=title,
    ))  # fmt: skip
    target = f"{t.comparator.symbol}{numbers.value(t.value)}"
    met = p.rows[[r.year for r in p.rows].index(t.year)].met
    if p.margin == 0 and not met:
        verdict = exact_edge(t.comparator, numbers.value(t.value))
    elif met:
        verdict = _("the target {target} is met (surplus {margin})").format(
            target=target, margin=numbers.value(p.margin))  # fmt: skip
    else:
        verdict = _("the target {target} is missed (shortfall {margin})").format(
            target=target, margin=numbers.value(-p.margin))  # fmt: skip
    end = numbers.value(p.end_value)
    if p.share is not None:
        verdict = _("{share:.1f}% of the target; {verdict}").format(
            share=p.share * 100, verdict=verdict)  # fmt: skip
    out.add(Paragraph(_("In {year} ◆: {end}, {verdict}.").format(year=t.year, end=end,
                                                                 verdict=verdict)))  # fmt: skip
    last = p.rows[-1].year
    out.add(Paragraph(
        _("First met in {year}.").format(year=p.first_met) if p.first_met is not None
        else _("Not met by {year}.").format(year=last)
    ))  # fmt: skip
    out.add(Paragraph(
        _("Required path: {rate} a year from {start} ({start_year}) to {target} ({year}); "
          "values within a relative {tolerance:g} of it count as equal.").format(
            rate=numbers.rate(p.rate_needed_now), start=numbers.value(p.start.value),
            start_year=p.start.year, target=numbers.value(t.value), year=t.year,
            tolerance=COMPUTED_TOLERANCE),
        "dim",
    ))  # fmt: skip
    return out
