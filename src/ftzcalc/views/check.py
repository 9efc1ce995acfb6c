"""``ftzcalc check``: the problems found, as JSON, CSV or a table."""

from __future__ import annotations

from typing import Any

from ftzcalc.check import CheckReport
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table


def to_json(report: CheckReport) -> dict[str, Any]:
    return {
        "schema": schema_name("check"),
        "data": list(report.files),
        "ok": report.ok,
        "metrics": report.metrics,
        "problems": [
            {"file": p.file, "path": p.path, "message": p.message} for p in report.problems
        ],
    }


def to_csv(report: CheckReport) -> tuple[tuple[str, ...], list[list[object]]]:
    return ("file", "path", "message"), [[p.file, p.path, p.message] for p in report.problems]


def to_table(report: CheckReport) -> Report:
    out = Report()
    files = len(report.files)
    if report.ok:
        out.add(Paragraph(f"No problems: {files} file(s), {report.metrics} metrics.", "green"))
        return out
    rows = tuple((Cell(p.file), Cell(p.path, "cyan"), Cell(p.message)) for p in report.problems)
    columns = (Column("File"), Column("Key path", no_wrap=True), Column("Problem"))
    out.add(Table(columns, rows, title="Problems"))
    n = len(report.problems)
    out.add(Paragraph(f"{n} problem{'s' if n != 1 else ''} in {files} file(s).", "bold red"))
    return out
