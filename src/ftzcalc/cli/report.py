"""``ftzcalc report``: every table and chart the data supports, in one HTML page or workbook."""

from __future__ import annotations

import os

import click

from ftzcalc import i18n
from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import as_of_option, data_options, figure_options, lang_option, load
from ftzcalc.i18n import _


@click.command(
    cls=Command, short_help="Write every table and chart to one HTML page or Excel workbook."
)
@click.argument("path", metavar="OUT.html|OUT.xlsx")
@figure_options
@as_of_option
@data_options
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print what was written as JSON, for scripts."
)
@lang_option
def report(
    path: str,
    figures: tuple,
    as_of: int | None,
    data: list[str],
    force: bool,
    as_json: bool,
    lang: str | None,
) -> None:
    """Write a report to OUT.html, one self-contained page, or OUT.xlsx, a workbook.

    The report holds the gap table and its notes, the progress table (given actual
    figures), the scenarios, a projection and a sensitivity grid for each parent metric,
    and a simulation for each scenario with growth distributions; the page draws each as a
    chart too. In the workbook the required rates are formulas over the baseline and target
    cells, and the projection grows year by year from a rate you can change. An existing
    file is replaced only with --force.

    \b
    Examples:
      ftzcalc report report.html
      ftzcalc report targets.xlsx --baseline ic-chips=5 --lang zh
      ftzcalc report progress.html --data my-figures.toml --as-of 2021 --force
    """
    from ftzcalc.reports import format_of

    if lang:  # the group read it already, before parsing; this keeps the two in step
        i18n.use(lang)
    lang = i18n.language()
    kind = format_of(path) if path.strip() else None
    if kind is None:
        raise click.UsageError(_("{file}: name a .html or .xlsx file").format(file=path))
    if not force and os.path.exists(path):
        raise click.ClickException(_("{file} exists: add --force to replace it").format(file=path))
    from ftzcalc.render import output
    from ftzcalc.reports.content import collect

    contents = collect(load(data, figures), as_of)
    document: str | bytes
    if kind == "html":
        from ftzcalc.reports import html

        document, parts = html.render(contents, lang)
    else:
        from ftzcalc.reports import xlsx

        document, parts = xlsx.render(contents, lang)
    titles = [part.get("title") or part["sheet"] for part in parts]
    text = _summary_json(path, kind, contents, parts) if as_json else None
    output.write_file(path, document, force)
    if text is None:
        text = _("Wrote {file}: {sections}.").format(file=path, sections=_(", ").join(titles))
        text += "\n"
    output.write(text)


def _summary_json(path: str, kind: str, contents, parts: list[dict]) -> str:
    """What was written, as the JSON document of ``ftzcalc.report/1``."""
    from ftzcalc.render import jsondoc

    sections = [{"id": p["id"], "figure": p.get("figure"), "sheet": p.get("sheet")} for p in parts]
    document = {
        "schema": jsondoc.schema_name("report"),
        "data": contents.files,
        "file": path,
        "format": kind,
        "as_of": contents.as_of,
        "sections": sections,
        "left_out": [{"kind": k, "id": i, "reason": str(why)} for k, i, why in contents.left_out],
    }
    return jsondoc.dumps(document)
