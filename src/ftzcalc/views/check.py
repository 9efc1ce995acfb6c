"""``ftzcalc check``: the problems found, as JSON, CSV or a table."""

from __future__ import annotations

from typing import Any

from ftzcalc.check import CheckReport
from ftzcalc.i18n import _, localize, ngettext
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
        text = _("No problems: {files} file(s), {metrics} metrics.")
        out.add(Paragraph(text.format(files=files, metrics=report.metrics), "green"))
        return out
    rows = tuple((Cell(p.file), Cell(p.path, "cyan"), Cell(localize(p.message)))
                 for p in report.problems)  # fmt: skip
    columns = (Column(_("File")), Column(_("Key path"), no_wrap=True), Column(_("Problem")))
    out.add(Table(columns, rows, title=_("Problems")))
    n = len(report.problems)
    text = ngettext("{n} problem in {files} file(s).", "{n} problems in {files} file(s).", n)
    out.add(Paragraph(text.format(n=n, files=files), "bold red"))
    return out
