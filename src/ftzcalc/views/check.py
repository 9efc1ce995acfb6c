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
        "problems": (
            {"file": p.file, "path": p.path, "message": p.message} for p in report.problems
        ),
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
    # one table per file, the file named once in its title, the key path first
    by_file: dict[str, list] = {}
    for p in report.problems:
        by_file.setdefault(p.file, []).append(p)
    for file, problems in by_file.items():
        rows = tuple((Cell(p.path, "cyan"), Cell(localize(p.message))) for p in problems)
        columns = (Column(_("Key path"), no_wrap=True), Column(_("Problem"), min_width=20))
        out.add(Table(columns, rows, title=_("Problems in {file}").format(file=file),
                      fallback="blocks"))  # fmt: skip
    n, bad = len(report.problems), len(by_file)
    text = ngettext("{n} problem in {bad} of {files} file(s).",
                    "{n} problems in {bad} of {files} file(s).", n)  # fmt: skip
    out.add(Paragraph(text.format(n=n, bad=bad, files=files), "bold red"))
    return out
