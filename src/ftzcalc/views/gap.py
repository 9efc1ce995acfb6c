"""``ftzcalc gap``: the gap report as JSON, CSV and a table with its footnotes."""

from __future__ import annotations

from typing import Any

from ftzcalc.gaps import Effect, Figure, GapReport, GapRow, Progress, Rollup
from ftzcalc.i18n import _, localize
from ftzcalc.model import (
    COMMAND_LINE,
    Bound,
    Comparator,
    IncreaseTarget,
    QualitativeTarget,
    TargetKind,
)
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.tracking import Status
from ftzcalc.views.describe import (
    actual_json,
    baseline_text,
    metric_json,
    names_optional,
    target_text,
    value_in_year,
)

_EFFECT_SIGN = {
    Effect.EXACT: "",
    Effect.AT_MOST: "≤",
    Effect.AT_LEAST: "≥",
    Effect.APPROXIMATE: "≈",
}
_FIGURES = ("target_level", "gap", "multiple", "years", "required_rate", "required_rate_high")


def _figures(row: GapRow) -> dict[str, Figure]:
    high = row.required_rate_high or Figure.missing("the target is not a range")
    return {
        "target_level": row.target_level,
        "gap": row.gap,
        "multiple": row.multiple,
        "years": row.years,
        "required_rate": row.required_rate,
        "required_rate_high": high,
    }


def to_json(report: GapReport, data_files: list[str]) -> dict[str, Any]:
    """The ``ftzcalc.gap/1`` document; its records are made as the writer asks for them."""
    return {
        "schema": schema_name("gap"),
        "data": data_files,
        "metrics": map(_row_json, report.rows),
        "rollups": map(_rollup_json, report.rollups),
    }


def _row_json(row: GapRow) -> dict[str, Any]:
    figures = _figures(row)
    item = metric_json(row.metric)
    item.update({name: fig.value for name, fig in figures.items()})
    item["bounds"] = {
        "gap": row.gap_effect,
        "multiple": row.rate_effect,
        "required_rate": row.rate_effect,
    }
    item["already_met"] = row.already_met
    item["reasons"] = {name: fig.reason for name, fig in figures.items() if fig.value is None}
    item["progress"] = _progress_json(row.progress) if row.progress else None
    return item


def _progress_figures(p: Progress) -> dict[str, Figure]:
    return {
        "share_covered": p.share_covered,
        "observed_rate": p.observed_rate,
        "required_rate": p.required_rate,
        "rate_needed_now": p.rate_needed_now,
        "years_left": p.years_left,
        "ratio": p.ratio,
        "projected": p.projected,
        "margin": p.margin,
    }


def _progress_json(p: Progress) -> dict[str, Any]:
    figures = _progress_figures(p)
    return {
        "as_of": p.as_of,
        "latest": actual_json(p.latest) if p.latest else None,
        **{name: fig.value for name, fig in figures.items()},
        "status": p.status.value,
        "status_reason": p.reason,
        "reasons": {name: fig.reason for name, fig in figures.items() if fig.value is None},
    }


def _rollup_json(r: Rollup) -> dict[str, Any]:
    return {
        "parent": r.parent.id,
        "year": r.year,
        "children": [c.id for c in r.children],
        "excluded": [{"id": c.id, "reason": why} for c, why in r.excluded],
        "children_sum": r.children_sum,
        "parent_value": r.parent_value,
        "difference": r.difference,
        "adds_up": r.adds_up,
        "children_imply_parent": r.children_imply_parent,
        "baseline_sum": r.baseline_sum.value,
        "reasons": {"baseline_sum": r.baseline_sum.reason} if r.baseline_sum.value is None else {},
    }


CSV_HEADER = (
    "id", "name_en", "name_zh", "scope", "unit", "parent",
    "baseline_year", "baseline_value", "baseline_bound", "baseline_origin",
    "target_kind", "target_comparator", "target_value", "target_high", "target_year",
    *_FIGURES, "gap_bound", "rate_bound", "already_met", "reasons",
    "as_of", "latest_year", "latest_value", "share_covered", "observed_rate", "rate_needed_now",
    "years_left", "ratio", "status", "status_reason", "projected", "margin",
)  # fmt: skip


def to_csv(report: GapReport) -> tuple[tuple[str, ...], list[list[object]]]:
    rows: list[list[object]] = []
    for row in report.rows:
        m, t, b = row.metric, row.metric.target, row.metric.baseline
        figures = _figures(row)
        reasons = "; ".join(f"{k}: {f.reason}" for k, f in figures.items() if f.value is None)
        rows.append([
            m.id, m.name.en, m.name.zh, m.scope.value, m.unit.zh, m.parent,
            b.year if b else None, b.value if b else None, b.bound.value if b else None,
            b.origin if b else None,
            t.kind.value, None if isinstance(t, QualitativeTarget) else t.comparator.value,
            getattr(t, "value", None), getattr(t, "high", None), t.year,
            *(f.value for f in figures.values()),
            row.gap_effect, row.rate_effect, row.already_met, reasons,
            *_progress_csv(row.progress),
        ])  # fmt: skip
    return CSV_HEADER, rows


def _progress_csv(p: Progress | None) -> list[object]:
    if p is None:
        return [None] * 12
    f = _progress_figures(p)
    return [
        p.as_of, p.latest.year if p.latest else None, p.latest.value if p.latest else None,
        f["share_covered"].value, f["observed_rate"].value, f["rate_needed_now"].value,
        f["years_left"].value, f["ratio"].value, p.status.value, p.reason,
        f["projected"].value, f["margin"].value,
    ]  # fmt: skip


#: The mark of a figure that cannot be computed; the row or a note says why, once.
MISSING = "—"


def _cell(fig: Figure, text: str | None, sign: str = "") -> Cell:
    if fig.value is None:
        return Cell(MISSING, "dim")
    return Cell(sign + (text or ""))


def _figure_cells(row: GapRow) -> list[Cell]:
    """Gap, multiple, years and rate; blank for a qualitative target, which says it all."""
    if row.metric.target.kind is TargetKind.QUALITATIVE:
        return [Cell("")] * 4
    rate_sign = _EFFECT_SIGN[row.rate_effect]
    gap_sign = _EFFECT_SIGN[row.gap_effect]
    return [
        _cell(row.gap, _maybe(numbers.value, row.gap), gap_sign),
        _cell(row.multiple, _maybe(numbers.multiple, row.multiple), rate_sign),
        _cell(row.years, _maybe(numbers.years, row.years)),
        _cell(row.required_rate, _rate_text(row), rate_sign),
    ]


def to_table(report: GapReport, lang: str) -> Report:
    out = Report()
    rows = []
    for row in report.rows:
        m = row.metric
        baseline = Cell(_("none"), "dim") if m.baseline is None else Cell(_baseline_cell(row))
        rows.append((
            Cell(m.id, "cyan"), Cell(m.name.pick(lang)), baseline, Cell(target_text(m.target)),
            *_figure_cells(row),
        ))  # fmt: skip
    out.add(Table(
        columns=(
            Column(_("ID"), no_wrap=True),
            Column(_("Metric"), min_width=8, optional=names_optional(lang, 3)),
            Column(_("Baseline"), "right"), Column(_("Target"), "right"),
            Column(_("Gap"), "right", True), Column(_("Multiple"), "right", True, optional=1),
            Column(_("Years"), "right", True, optional=2),
            Column(_("CAGR needed"), "right", True),
        ),
        rows=tuple(rows),
        title=_("Gap to target"),
    ))  # fmt: skip
    for note in footnotes(report):
        out.add(Paragraph(note, "dim"))
    for r in report.rollups:
        out.add(Paragraph(rollup_sentence(r)))
    _add_progress(out, report)
    return out


_STATUS_STYLE = {
    Status.ACHIEVED: "bold green",
    Status.ON_TRACK: "green",
    Status.ACCELERATION_NEEDED: "yellow",
    Status.LIMITED_PROGRESS: "dark_orange",
    Status.DETERIORATION: "red",
    Status.CANNOT_ASSESS: "dim",
}


def _add_progress(out: Report, report: GapReport) -> None:
    """A second table for the metrics with an actual figure, and how to read it."""
    tracked = [r for r in report.rows if r.progress and r.progress.latest]
    as_of = {r.progress.as_of for r in report.rows if r.progress and r.progress.as_of}
    if not tracked:
        if as_of:  # --as-of was given, but no metric has an actual up to it
            message = _(
                "No actual figures up to {year}: progress cannot be assessed (add them "
                "with --actual or an overlay file)."
            ).format(year=min(as_of))
            out.add(Paragraph(message, "dim"))
        return
    rows = []
    for row in tracked:
        p = row.progress
        assert p is not None and p.latest is not None
        rows.append((
            Cell(row.metric.id, "cyan"),
            Cell(value_in_year("", p.latest.value, p.latest.year)
                 + ("*" if p.latest.origin == COMMAND_LINE else "")),
            _cell(p.share_covered, _maybe(numbers.rate, p.share_covered, 0)),
            _cell(p.observed_rate, _maybe(numbers.rate, p.observed_rate)),
            _cell(p.required_rate, _maybe(numbers.rate, p.required_rate)),
            _cell(p.rate_needed_now, _maybe(numbers.rate, p.rate_needed_now)),
            _cell(p.ratio, _maybe(lambda v: f"{v:.2f}", p.ratio)),
            Cell(_(p.status.label), _STATUS_STYLE[p.status]),
            _cell(p.projected, _maybe(numbers.value, p.projected)),
            _cell(p.margin, _maybe(numbers.signed, p.margin)),
            Cell(str(row.metric.target.year)),
        ))  # fmt: skip
    title = (_("Progress as of {year}").format(year=next(iter(as_of))) if len(as_of) == 1
             else _("Progress"))  # fmt: skip
    out.add(Table(
        columns=(
            Column(_("ID"), no_wrap=True), Column(_("Latest"), "right"),
            Column(_("Covered"), "right", True), Column(_("Observed"), "right", True),
            Column(_("Required"), "right", True, optional=1),
            Column(_("Needed now"), "right", True),
            Column("R", "right", True), Column(_("Status"), no_wrap=True),
            Column(_("At this pace"), "right", True), Column(_("Margin"), "right", True),
            Column(_("In"), "right", True, optional=2),
        ),
        rows=tuple(rows),
        title=title,
    ))  # fmt: skip
    for note in progress_notes(tracked):
        out.add(Paragraph(note, "dim"))


def _maybe(format_value: Any, fig: Figure, *args: Any) -> str | None:
    return None if fig.value is None else format_value(fig.value, *args)


def progress_notes(rows: list[GapRow]) -> list[str]:
    notes = [
        _("Status: the SDG progress method, R = observed ÷ required growth (see --help)."),
        _(
            "Covered: share of the way to the target. Needed now: growth a year from the latest "
            "actual. At this pace: the target-year value at the observed growth."
        ),
    ]
    reasons = [_("{id}: {reason}").format(id=r.metric.id, reason=localize(r.progress.reason))
               for r in rows if r.progress and r.progress.reason]  # fmt: skip
    if reasons:
        notes.append(_("Cannot assess {reasons}.").format(reasons=_("; ").join(reasons)))
    if any(r.progress and r.progress.latest and r.progress.latest.origin == COMMAND_LINE
           for r in rows):  # fmt: skip
        notes.append(_("* Actual given with --actual."))
    return notes


def _baseline_cell(row: GapRow) -> str:
    b = row.metric.baseline
    assert b is not None
    marks = ("†" if b.proxy else "") + ("*" if b.origin == COMMAND_LINE else "")
    return baseline_text(b) + marks


def _rate_text(row: GapRow) -> str | None:
    if row.required_rate.value is None:
        return None
    text = numbers.rate(row.required_rate.value)
    high = row.required_rate_high
    if high is not None and high.value is not None:
        text = text[:-1] + "–" + numbers.rate(high.value)
    if row.already_met:
        text += " ✓"
    return text


def footnotes(report: GapReport) -> list[str]:
    """A short line for each mark the table shows, and for nothing else."""
    notes: list[str] = []
    rows = report.rows
    floors = [(r.metric.id, b) for r in rows
              if (b := r.metric.baseline) and b.bound is Bound.OVER]  # fmt: skip
    if floors:
        words = _(", ").join(b.wording or metric_id for metric_id, b in floors)
        notes.append(_("≤ The baseline is a floor ({words}): the figures are at most these.")
                     .format(words=words))  # fmt: skip
    if any(r.metric.baseline and r.metric.baseline.bound is Bound.UNDER for r in rows):
        notes.append(_("≥ The baseline is a ceiling: the figures are at least these."))
    if any(r.metric.baseline and r.metric.baseline.bound is Bound.ABOUT for r in rows):
        notes.append(_("≈ The baseline is approximate: so are the figures."))
    for r in rows:
        b = r.metric.baseline
        if b is not None and b.proxy:
            notes.append(_("† {id}: proxy baseline, {proxy}.").format(id=r.metric.id,
                                                                    proxy=b.proxy))  # fmt: skip
    if any(r.metric.baseline and r.metric.baseline.origin == COMMAND_LINE for r in rows):
        notes.append(_("* Baseline given with --baseline."))
    strict = (Comparator.MORE_THAN, Comparator.LESS_THAN)
    if any(getattr(r.metric.target, "comparator", None) in strict
           and r.required_rate.value is not None for r in rows):  # fmt: skip
        notes.append(_("> and < targets: the rate shown reaches the value exactly; growth must "
                       "beat it."))  # fmt: skip
    if any(r.already_met for r in rows):
        notes.append(_("✓ The baseline already meets the target."))
    if any(r.metric.baseline is None and r.metric.target.kind is not TargetKind.QUALITATIVE
           for r in rows):  # fmt: skip
        notes.append(_("— No baseline: give one with --baseline ID=VALUE@YEAR."))
    for r in rows:
        other = {f.reason for f in _figures(r).values() if f.value is None} - _SAID_ELSEWHERE
        if r.metric.baseline is not None and other:
            why = _("; ").join(sorted(localize(o or "") for o in other))
            notes.append(_("— {id}: {reasons}.").format(id=r.metric.id, reasons=why))
    if any(isinstance(r.metric.target, IncreaseTarget) for r in rows):
        notes.append(_("+ An increase over the period, from the year before; a range (3–4) at "
                       "its low end."))  # fmt: skip
    return notes


#: Reasons the table itself shows: ``none`` as the baseline, a qualitative target, a figure
#: that is not a range.
_SAID_ELSEWHERE = {"no baseline", "qualitative target: not computed", "the target is not a range"}


def rollup_sentence(r: Rollup) -> str:
    parent = r.parent
    values = {
        "id": parent.id, "n": len(r.children), "year": r.year,
        "total": numbers.value(r.children_sum), "difference": numbers.value(abs(r.difference)),
    }  # fmt: skip
    if r.adds_up:
        body = _("its {n} children's {year} targets add up to {total}, its own")
    elif r.difference > 0:
        body = _("its {n} children's {year} targets add up to {total}, {difference} more than "
                 "its own")  # fmt: skip
    else:
        body = _("its {n} children's {year} targets add up to {total}, {difference} short of "
                 "its own")  # fmt: skip
    follows = (
        _("all met means it is met") if r.children_imply_parent else _("all met is not enough")
    )
    parts = [_("Roll-up {id}: {body}; {follows}.").format(
        body=body.format(**values), follows=follows, **values)]  # fmt: skip
    if r.excluded:
        excluded = _(", ").join(_("{id} ({reason})").format(id=c.id, reason=localize(why))
                                for c, why in r.excluded)  # fmt: skip
        parts.append(_("Not counted: {excluded}.").format(excluded=excluded))
    # a sum only where the parent has a baseline too
    if r.baseline_sum.value is not None and parent.baseline is not None:
        parts.append(_("Children's baselines add up to {total} against its {own}.").format(
            total=numbers.value(r.baseline_sum.value),
            own=numbers.value(parent.baseline.value),
        ))  # fmt: skip
    return _(" ").join(parts)
