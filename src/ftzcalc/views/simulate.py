"""``ftzcalc simulate``: probabilities of meeting the targets, spreads, and what drives them."""

from __future__ import annotations

from typing import Any

from ftzcalc.i18n import _, localize
from ftzcalc.model import COMPUTED_TOLERANCE, Metric, TargetPoint
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import NO_BREAK, Cell, Column, Paragraph, Report, Table
from ftzcalc.simulation import SUBSAMPLE, PathStats, Result, Stats
from ftzcalc.views.describe import target_text


def _stats_json(s: Stats) -> dict[str, Any]:
    return {
        "probability": s.probability,
        "standard_error": s.standard_error,
        "closed_form": s.closed_form,
        "p5": s.p5,
        "p50": s.p50,
        "p95": s.p95,
        "mean": s.mean,
    }


def _path_json(path: PathStats) -> dict[str, list[Any]]:
    """Percentiles year by year, for a fan chart, from the start year (the start value) to
    the target year."""
    return {
        "years": list(path.years),
        "p5": list(path.p5),
        "p25": list(path.p25),
        "p50": list(path.p50),
        "p75": list(path.p75),
        "p95": list(path.p95),
    }


def to_json(
    result: Result, skipped: list[tuple[str, str]], data_files: list[str]
) -> dict[str, Any]:
    """The ``ftzcalc.simulate/1`` document; its records are made as the writer asks for them."""
    return {
        "schema": schema_name("simulate"),
        "data": data_files,
        "trials": result.trials,
        "seed": result.seed,
        "persistence": result.persistence,
        "rank_correlation": {
            "metrics": [i.metric.id for i in result.items],
            "matrix": [list(row) for row in result.rank_correlation],
        }
        if result.rank_correlation
        else None,
        "tolerance": COMPUTED_TOLERANCE,
        "metrics": (
            {
                "id": item.metric.id,
                "start": {"year": item.start.year, "value": item.start.value},
                "target": {
                    "year": item.target.year,
                    "value": item.target.value,
                    "comparator": item.target.comparator.value,
                },
                "distribution": {
                    "kind": item.distribution.kind,
                    "params": list(item.distribution.params),
                    "label": item.distribution.label,
                },
                **_stats_json(stats),
                "path": _path_json(path),
            }
            for item, stats, path in zip(result.items, result.stats, result.paths, strict=True)
        ),
        "parents": (
            {
                "id": p.parent.id,
                "children": list(p.children),
                "target": {
                    "year": p.target.year,
                    "value": p.target.value,
                    "comparator": p.target.comparator.value,
                },
                **_stats_json(p.stats),
                "contributions": [
                    {"id": c.metric_id, "rank_correlation": c.rank_correlation}
                    for c in p.contributions
                ],
                "path": _path_json(p.path),
            }
            for p in result.parents
        ),
        "not_simulated": ({"id": i, "reason": why} for i, why in skipped),
    }


CSV_HEADER = ("kind", "id", "distribution", "probability", "standard_error", "closed_form",
              "p5", "p50", "p95", "mean")  # fmt: skip


def to_csv(result: Result) -> tuple[tuple[str, ...], list[list[object]]]:
    rows: list[list[object]] = []
    for item, s in zip(result.items, result.stats, strict=True):
        rows.append(["metric", item.metric.id, item.distribution.label, *_stats_row(s)])
    for p in result.parents:
        rows.append(
            ["parent", p.parent.id, "sum of " + " + ".join(p.children), *_stats_row(p.stats)]
        )
    return CSV_HEADER, rows


def _stats_row(s: Stats) -> list[object]:
    return [s.probability, s.standard_error, s.closed_form, s.p5, s.p50, s.p95, s.mean]


def _probability_cells(s: Stats, exact: bool) -> list[Cell]:
    cells = [
        Cell(numbers.probability(s.probability), "bold"),
        Cell("±" + numbers.rate(s.standard_error, 2), "dim"),
    ]
    if exact:
        closed = s.closed_form
        cells.append(Cell("—", "dim") if closed is None else Cell(numbers.probability(closed)))
    return cells + [Cell(numbers.value(v)) for v in (s.p5, s.p50, s.p95, s.mean)]


def to_table(result: Result, skipped: list[tuple[str, str]], lang: str) -> Report:
    out = Report()
    labels = {item.distribution.label for item in result.items}
    shared = next(iter(labels)) if len(labels) == 1 else None
    exact = any(
        s.closed_form is not None for s in (*result.stats, *(p.stats for p in result.parents))
    )
    targets = [item.target for item in result.items] + [p.target for p in result.parents]
    years = {t.year for t in targets}
    one_year = next(iter(years)) if len(years) == 1 else None

    def target(metric: Metric, t: TargetPoint) -> Cell:
        if one_year is None:
            return Cell(target_text(metric.target))
        return Cell(t.comparator.symbol + numbers.value(t.value))

    rows = []
    for item, s in zip(result.items, result.stats, strict=True):
        first = [Cell(item.metric.id, "cyan"), target(item.metric, item.target)]
        if shared is None:
            first.append(Cell(item.distribution.label))
        rows.append(tuple(first + _probability_cells(s, exact)))
    for p in result.parents:
        first = [Cell(f"Σ {p.parent.id}", "bold"), target(p.parent, p.target)]
        if shared is None:
            first.append(Cell(_("sum of its {n} children").format(n=len(p.children))))
        rows.append(tuple(first + _probability_cells(p.stats, exact)))
    drawn = _("one draw for all years") if result.persistence else _("drawn each year")
    if result.rank_correlation:
        drawn = _("{drawn}, rank-correlated").format(drawn=drawn)
    if shared:
        title = _("Chance of meeting each target: {trials:,} trials, seed {seed}, growth "
                  "{growth} a year, {drawn}")  # fmt: skip
    else:
        title = _("Chance of meeting each target: {trials:,} trials, seed {seed}, {drawn}")
    growth = shared.replace(" ", NO_BREAK) if shared else None  # a distribution stays whole
    title = title.format(trials=result.trials, seed=result.seed, growth=growth, drawn=drawn)
    header = _("Target") if one_year is None else _("Target {year}").format(year=one_year)
    columns = [Column(_("ID"), no_wrap=True), Column(header, "right")]
    if shared is None:
        columns.append(Column(_("Growth a year"), min_width=12))
    columns += [Column(_("P(met)"), "right", True),
                Column(_("MC error"), "right", True, optional=2)]  # fmt: skip
    if exact:
        columns.append(Column(_("Exact"), "right", True, optional=3))
    columns += [
        Column("P5", "right", True), Column(_("Median"), "right", True),
        Column("P95", "right", True), Column(_("Mean"), "right", True, optional=1),
    ]  # fmt: skip
    out.add(Table(tuple(columns), tuple(rows), title=title))
    for p in result.parents:
        contribution_rows = tuple(
            (
                Cell(c.metric_id, "cyan"),
                Cell(f"{c.rank_correlation:.3f}"),
                Cell("", "magenta", bar=(abs(c.rank_correlation), 1.0)),
            )
            for c in p.contributions
        )
        columns = [
            Column(_("Child"), no_wrap=True),
            Column(_("Rank corr."), "right", True),
            Column("0 … 1"),
        ]
        title = _("What drives the spread of Σ {id}").format(id=p.parent.id)
        out.add(Table(tuple(columns), contribution_rows, title=title))
    notes = [
        _("P(met): share of trials meeting the target, ± one Monte Carlo standard error; "
          "Exact: by formula.") if exact else
        _("P(met): share of trials meeting the target, ± one Monte Carlo standard error."),
        _("P5, Median, P95, Mean: the value in the target year. Σ: the sum of the children.")
        if result.parents else _("P5, Median, P95, Mean: the value in the target year."),
    ]  # fmt: skip
    if result.parents and result.trials > SUBSAMPLE:
        notes.append(_("Rank corr.: Spearman's, of a child's value with the total (first "
                       "{trials} trials).").format(trials=f"{SUBSAMPLE:,}"))  # fmt: skip
    elif result.parents:
        notes.append(_("Rank corr.: Spearman's, of a child's value with the total."))
    for note in notes:
        out.add(Paragraph(note, "dim"))
    by_reason: dict[str, list[str]] = {}  # each reason once, with the metrics it holds for
    for metric_id, reason in skipped:
        by_reason.setdefault(localize(reason), []).append(metric_id)
    for reason, ids in by_reason.items():
        out.add(Paragraph(_("Not simulated ({reason}): {ids}.").format(
            reason=reason, ids=_(", ").join(ids)), "dim"))  # fmt: skip
    return out
