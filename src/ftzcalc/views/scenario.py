"""``ftzcalc scenario``: metrics as rows, scenarios as columns, parents rolled up."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ftzcalc.i18n import Message, _, localize
from ftzcalc.model import COMPUTED_TOLERANCE, Metric, QualitativeTarget
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import NO_BREAK, Cell, Column, Paragraph, Report, Table
from ftzcalc.scenarios import Outcome, ScenarioReport
from ftzcalc.views.describe import exact_edge, names_optional, scenario_json, target_text


def _outcome_json(o: Outcome) -> dict[str, Any]:
    return {
        "end": o.end.value,
        "met": o.met,
        "margin": o.margin.value,
        "rate": o.rate.as_json() if o.rate else None,
        "reason": o.end.reason,
    }


def to_json(report: ScenarioReport, data_files: list[str]) -> dict[str, Any]:
    """The ``ftzcalc.scenario/1`` document; its records are made as the writer asks for them."""
    ids = [s.id for s in report.scenarios]

    def outcomes(row_outcomes: Sequence[Outcome]) -> dict[str, Any]:
        return {i: _outcome_json(o) for i, o in zip(ids, row_outcomes, strict=True)}

    return {
        "schema": schema_name("scenario"),
        "data": data_files,
        "tolerance": COMPUTED_TOLERANCE,
        "scenarios": [scenario_json(s) for s in report.scenarios],
        "metrics": (
            {"id": row.metric.id, "target_year": row.metric.target.year,
             "outcomes": outcomes(row.outcomes)}
            for row in report.rows
        ),
        "rollups": (
            {"parent": r.parent.id, "children": list(r.children), "outcomes": outcomes(r.outcomes)}
            for r in report.rollups
        ),
    }  # fmt: skip


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
    return Cell(_("met") if o.met else _("missed"), "green" if o.met else "red")


def _compact_columns(lines: list[tuple[Outcome, ...]]) -> list[list[Cell]]:
    """One cell per scenario and line: end value, verdict and margin, kept together. A
    column's values and margins have one number of decimals, and its margins are padded to one
    width, so that values, marks and margins each line up down the column."""
    cells: list[list[Cell]] = [[] for _ in lines]
    for k in range(len(lines[0]) if lines else 0):
        shown = [line[k] for line in lines if line[k].end.value is not None]
        values = iter(numbers.column([o.end.value or 0.0 for o in shown]))
        margins = numbers.column([o.margin.value or 0.0 for o in shown], signed=True)
        width = max(map(len, margins), default=0)
        padded = iter(m.rjust(width, NO_BREAK) for m in margins)
        for row, line in zip(cells, lines, strict=True):
            o = line[k]
            if o.end.value is None:
                row.append(Cell("—", "dim"))
                continue
            text = f"{next(values)}{NO_BREAK}{'✓' if o.met else '✗'}{NO_BREAK}{next(padded)}"
            row.append(Cell(text, "green" if o.met else "red"))
    return cells


def _short(reason: str) -> str:
    """The reason without its "not projectable: " (the note says it)."""
    if isinstance(reason, Message) and reason.template == "not projectable: {reason}":
        return reason.params["reason"]
    return reason.removeprefix("not projectable: ")


def _on_edge(report: ScenarioReport) -> list[tuple[Metric, Outcome]]:
    """Outcomes that reach a strict target's value exactly: not met, with a margin of 0."""
    lines = [(r.metric, o) for r in report.rows for o in r.outcomes]
    lines += [(r.parent, o) for r in report.rollups for o in r.outcomes]
    return [(m, o) for m, o in lines if o.met is False and o.margin.value == 0.0]


def to_table(report: ScenarioReport, lang: str) -> Report:
    out = Report()
    single = len(report.scenarios) == 1
    head = [
        Column(_("ID"), no_wrap=True),
        Column(_("Metric"), min_width=8, optional=names_optional(lang, 1)),
    ]
    head.append(Column(_("Target"), "right"))
    if single:
        head += [
            Column(_("End"), "right", True),
            Column(_("Verdict"), no_wrap=True),
            Column(_("Margin"), "right", True),
            Column(_("Rate"), "right"),
        ]
    else:
        # a cell is one figure with its mark and margin: never broken across lines
        head += [Column(s.id, "right", True) for s in report.scenarios]
    rows = []
    lines = [r.outcomes for r in report.rows] + [r.outcomes for r in report.rollups]
    compact = iter(_compact_columns(lines)) if not single else None
    for r in report.rows:
        first = [Cell(r.metric.id, "cyan"), Cell(r.metric.name.pick(lang))]
        first.append(Cell(target_text(r.metric.target)))
        rows.append(tuple(first + _cells(r.outcomes, compact)))
    for rollup in report.rollups:
        label = _("sum of its {n} children").format(n=len(rollup.children))
        first = [Cell(f"Σ {rollup.parent.id}", "bold"), Cell(label),
                 Cell(target_text(rollup.parent.target))]  # fmt: skip
        rows.append(tuple(first + _cells(rollup.outcomes, compact)))
    title = _("Scenario {id}").format(id=report.scenarios[0].id) if single else _("Scenarios")
    out.add(Table(tuple(head), tuple(rows), title=title))
    for s in report.scenarios:
        text = _("{id}: {description}.").format(id=s.id, description=localize(s.description))
        out.add(Paragraph(text, "dim"))
    if not single:
        out.add(Paragraph(_("Cells: the value in the target year, ✓ met or ✗ missed, and the "
                            "margin (+ surplus, - shortfall)."), "dim"))  # fmt: skip
    if report.rollups:
        out.add(Paragraph(_("Σ: the children's values added up, judged by the parent's target."),
                          "dim"))  # fmt: skip
    # only a computed target can be missed: _on_edge gives no qualitative one
    edge = {
        m.id: m.target.comparator
        for m, _ in _on_edge(report)
        if not isinstance(m.target, QualitativeTarget)
    }
    for comparator in dict.fromkeys(edge.values()):
        ids = _(", ").join(i for i, c in edge.items() if c is comparator)
        words = exact_edge(comparator, _("the target"))
        out.add(Paragraph(_("✗ 0 ({ids}): {words} (within a relative {tolerance:g}).").format(
            ids=ids, words=words, tolerance=COMPUTED_TOLERANCE), "dim"))  # fmt: skip
    unprojected = [(r.metric.id, o.end.reason) for r in report.rows for o in r.outcomes
                   if o.end.value is None]  # fmt: skip
    by_reason: dict[str, list[str]] = {}  # each reason once, with the ids it holds for
    for metric_id, reason in dict(unprojected).items():
        by_reason.setdefault(localize(_short(reason or "")), []).append(metric_id)
    for reason, metric_ids in by_reason.items():
        text = _("— Not projected ({reason}): {ids}.")
        out.add(Paragraph(text.format(reason=reason, ids=_(", ").join(metric_ids)), "dim"))
    return out


def _cells(outcomes: tuple[Outcome, ...], compact: Iterator[list[Cell]] | None) -> list[Cell]:
    """A line's cells: its compact ones (several scenarios), else End, Verdict, Margin, Rate."""
    if compact is not None:
        return next(compact)
    o = outcomes[0]
    if o.end.value is None:
        return [Cell("—", "dim"), Cell(""), Cell(""), Cell("")]
    rate = o.rate.label if o.rate else "—"
    return [
        Cell(numbers.value(o.end.value)),
        _mark(o),
        Cell(numbers.signed(o.margin.value or 0.0)),
        Cell(rate),
    ]
