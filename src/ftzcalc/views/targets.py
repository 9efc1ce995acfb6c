"""``ftzcalc targets``: the dataset itself, with its source sentences on request."""

from __future__ import annotations

from typing import Any

from ftzcalc.i18n import N_, _, localize
from ftzcalc.model import COMMAND_LINE, Dataset, Metric, QualitativeTarget, Reference, Scenario
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.views.describe import baseline_text, metric_json, scenario_json, target_text


def _metric_json(m: Metric) -> dict[str, Any]:
    item = metric_json(m)
    item["note"] = m.note
    if m.baseline is not None:
        item["baseline"].update(quote=m.baseline.quote, note=m.baseline.note)
    item["target"].update(quote=m.target.quote, note=m.target.note)
    return item


def to_json(dataset: Dataset, data_files: list[str]) -> dict[str, Any]:
    """The ``ftzcalc.targets/1`` document; its records are made as the writer asks for them."""
    s = dataset.source
    return {
        "schema": schema_name("targets"),
        "data": data_files,
        "source": {
            "title": s.title, "publisher": s.publisher, "author": s.author,
            "published": s.published, "note": s.note,
        },
        "metrics": map(_metric_json, dataset.metrics),
        "references": [_reference_json(r) for r in dataset.references],
        "scenarios": [scenario_json(s) for s in dataset.scenarios],
    }  # fmt: skip


def _scenario_rates(s: Scenario) -> str:
    every = _("every metric {rate}")
    parts = [every.format(rate=s.rate.label)] if s.rate else []
    parts += [f"{metric_id} {path.label}" for metric_id, path in s.rates]
    parts += [every.format(rate=s.growth.label)] if s.growth else []
    parts += [f"{metric_id} {d.label}" for metric_id, d in s.growths]
    return _("; ").join(parts)


def _reference_json(r: Reference) -> dict[str, Any]:
    return {
        "id": r.id, "kind": r.kind, "year": r.year, "value": r.value,
        "approximate": r.approximate, "name": r.name.as_dict(), "quote": r.quote, "note": r.note,
    }  # fmt: skip


CSV_HEADER = (
    "record", "id", "name_en", "name_zh", "scope", "unit_en", "unit_zh", "parent",
    "baseline_year", "baseline_value", "baseline_bound", "baseline_proxy",
    "target_kind", "target_comparator", "target_value", "target_high",
    "target_first_year", "target_year", "wording", "value", "approximate", "quote",
)  # fmt: skip


def to_csv(dataset: Dataset) -> tuple[tuple[str, ...], list[list[object]]]:
    rows: list[list[object]] = []
    for m in dataset.metrics:
        b, t = m.baseline, m.target
        rows.append([
            "metric", m.id, m.name.en, m.name.zh, m.scope.value, m.unit.en, m.unit.zh, m.parent,
            b.year if b else None, b.value if b else None, b.bound.value if b else None,
            b.proxy if b else None,
            t.kind.value, None if isinstance(t, QualitativeTarget) else t.comparator.value,
            getattr(t, "value", None), getattr(t, "high", None),
            getattr(t, "start_year", t.year), t.year, t.wording, None, None, t.quote,
        ])  # fmt: skip
    for r in dataset.references:
        rows.append([
            "reference", r.id, r.name.en, r.name.zh, "city", None, None, None,
            None, None, None, None, r.kind, None, None, None, r.year, r.year, None,
            r.value, r.approximate, r.quote,
        ])  # fmt: skip
    for s in dataset.scenarios:
        constant = s.rate.points[0][1] if s.rate and s.rate.is_constant else None
        row: list[object] = [None] * len(CSV_HEADER)
        row[0:3] = ["scenario", s.id, s.description]
        row[CSV_HEADER.index("wording")] = _scenario_rates(s)
        row[CSV_HEADER.index("value")] = constant
        rows.append(row)
    return CSV_HEADER, rows


#: Words of the data format shown in the table, for the message catalogue.
DATA_WORDS = (N_("zone"), N_("city"), N_("growth"), N_("share"))


def to_table(dataset: Dataset, lang: str, quotes: bool) -> Report:
    out = Report()
    columns = [
        Column(_("ID"), no_wrap=True), Column(_("Metric"), min_width=8), Column(_("Scope")),
        Column(_("Unit")), Column(_("Baseline"), "right"), Column(_("Target"), "right"),
        Column(_("Wording"), optional=1),
    ]  # fmt: skip
    if quotes:
        columns += [Column(_("Source sentence"), min_width=40), Column(_("Note"), min_width=20)]
    rows = []
    for m in dataset.metrics:
        name = ("└ " if m.parent else "") + m.name.pick(lang)
        baseline = Cell(_("none"), "dim")
        if m.baseline:
            marks = ("†" if m.baseline.proxy else "") + (
                "*" if m.baseline.origin == COMMAND_LINE else ""
            )
            baseline = Cell(baseline_text(m.baseline) + marks)
        wording = " / ".join(w for w in (m.baseline and m.baseline.wording, m.target.wording) if w)
        row = [
            Cell(m.id, "cyan"), Cell(name), Cell(_(m.scope.value)), Cell(m.unit.pick(lang)),
            baseline, Cell(target_text(m.target)), Cell(wording),
        ]  # fmt: skip
        if quotes:
            sentences = [m.target.quote]
            if m.baseline and m.baseline.quote and m.baseline.quote != m.target.quote:
                sentences.insert(0, m.baseline.quote)
            row.append(Cell("\n".join(s for s in sentences if s)))
            notes = (m.note, m.baseline and m.baseline.note, m.target.note)
            row.append(Cell("\n".join(n for n in notes if n)))
        rows.append(tuple(row))
    out.add(Table(tuple(columns), tuple(rows), title=_("Targets"), fallback="blocks"))
    if any(m.baseline is not None and m.baseline.origin == COMMAND_LINE for m in dataset.metrics):
        out.add(Paragraph(_("* Baseline given with --baseline."), "dim"))
    for m in dataset.metrics:
        if m.baseline is not None and m.baseline.proxy:
            text = _("† {id}: proxy baseline, {proxy}.").format(id=m.id, proxy=m.baseline.proxy)
            out.add(Paragraph(text, "dim"))
    ref_columns = [Column(_("ID"), no_wrap=True), Column(_("Figure")),
                   Column(_("Year"), "right", True), Column(_("Kind")),
                   Column(_("Value"), "right", True)]  # fmt: skip
    if quotes:
        ref_columns.append(Column(_("Source sentence"), min_width=40))
    ref_rows = []
    for r in dataset.references:
        value = ("≈" if r.approximate else "") + numbers.rate(r.value, 1)
        row = [Cell(r.id, "cyan"), Cell(r.name.pick(lang)), Cell(str(r.year)), Cell(_(r.kind)),
               Cell(value)]  # fmt: skip
        if quotes:
            row.append(Cell(r.quote or ""))
        ref_rows.append(tuple(row))
    if ref_rows:
        out.add(Table(tuple(ref_columns), tuple(ref_rows), title=_("Reference figures"),
                      fallback="blocks"))  # fmt: skip
    if dataset.scenarios:
        scenario_rows = tuple(
            (Cell(s.id, "cyan"), Cell(localize(s.description)), Cell(_scenario_rates(s)))
            for s in dataset.scenarios
        )
        scenario_columns = (Column(_("ID"), no_wrap=True), Column(_("Scenario")),
                            Column(_("Rates")))  # fmt: skip
        title = _("Scenarios (with the built-in 'required')")
        out.add(Table(scenario_columns, scenario_rows, title=title,
                      fallback="blocks"))  # fmt: skip
    if dataset.source.title:
        source = dataset.source
        text = _("Source: {title} ({publisher}, {published})").format(
            title=source.title, publisher=source.publisher, published=source.published
        )
        out.add(Paragraph(text, "dim"))
    return out
