"""``ftzcalc simulate``: probabilities of meeting the targets, spreads, and what drives them."""

from __future__ import annotations

from typing import Any

from ftzcalc.model import COMPUTED_TOLERANCE
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.simulation import Result, Stats
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


def to_json(
    result: Result, skipped: list[tuple[str, str]], data_files: list[str]
) -> dict[str, Any]:
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
        "metrics": [
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
            }
            for item, stats in zip(result.items, result.stats, strict=True)
        ],
        "parents": [
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
            }
            for p in result.parents
        ],
        "not_simulated": [{"id": i, "reason": why} for i, why in skipped],
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


def _probability_cells(s: Stats) -> list[Cell]:
    exact = "—" if s.closed_form is None else numbers.probability(s.closed_form)
    return [
        Cell(numbers.probability(s.probability), "bold"),
        Cell("±" + numbers.rate(s.standard_error, 2), "dim"),
        Cell(exact, None if s.closed_form is not None else "dim"),
        Cell(numbers.value(s.p5)),
        Cell(numbers.value(s.p50)),
        Cell(numbers.value(s.p95)),
        Cell(numbers.value(s.mean)),
    ]


def to_table(result: Result, skipped: list[tuple[str, str]], lang: str) -> Report:
    out = Report()
    rows = []
    for item, s in zip(result.items, result.stats, strict=True):
        first = [Cell(item.metric.id, "cyan"), Cell(target_text(item.metric.target)),
                 Cell(item.distribution.label)]  # fmt: skip
        rows.append(tuple(first + _probability_cells(s)))
    for p in result.parents:
        first = [Cell(p.parent.id, "bold"), Cell(target_text(p.parent.target)),
                 Cell(f"Σ {len(p.children)} children")]  # fmt: skip
        rows.append(tuple(first + _probability_cells(p.stats)))
    years = "one draw held for all years" if result.persistence else "years drawn independently"
    correlated = "rank-correlated" if result.rank_correlation else "uncorrelated"
    title = (f"Probability of meeting each target: {result.trials:,} trials, seed {result.seed}, "
             f"{years}, {correlated}")  # fmt: skip
    columns = (
        Column("ID", no_wrap=True), Column("Target", "right", True), Column("Growth a year"),
        Column("P(met)", "right", True), Column("MC error", "right", True),
        Column("Exact", "right", True), Column("P5", "right", True),
        Column("Median", "right", True), Column("P95", "right", True),
        Column("Mean", "right", True),
    )  # fmt: skip
    out.add(Table(columns, tuple(rows), title=title))
    for p in result.parents:
        contribution_rows = tuple(
            (
                Cell(c.metric_id, "cyan"),
                Cell(f"{c.rank_correlation:.3f}"),
                Cell("", "magenta", bar=(abs(c.rank_correlation), 1.0)),
            )
            for c in p.contributions
        )
        columns = (
            Column("Child", no_wrap=True),
            Column("Rank corr.", "right", True),
            Column("0 … 1"),
        )
        title = f"What drives the spread of {p.parent.id} (the sum of its children)"
        out.add(Table(columns, contribution_rows, title=title))
    out.add(Paragraph(
        "P(met): share of trials meeting the target (values within a relative "
        f"{COMPUTED_TOLERANCE:g} of it count as equal), ± one Monte Carlo standard error; Exact: "
        "the probability by formula where there is one (lognormal growth, or one draw for all "
        "years). P5, Median, P95: percentiles of the value in the target year. Rank corr.: "
        "Spearman's correlation of a child's value with its parent's total over the first "
        "100,000 trials: the larger, the more that child's uncertainty moves the total.",
        "dim",
    ))  # fmt: skip
    if skipped:
        out.add(Paragraph("Not simulated: " + "; ".join(f"{i} ({why})" for i, why in skipped) + ".",
                          "dim"))  # fmt: skip
    return out
