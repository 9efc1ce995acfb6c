"""The report as one self-contained HTML page.

Every table is the table report the terminal draws (the views' ``to_table``), laid out as a
real ``<table>`` with ``<th>`` headers, so the headers, marks and notes are the same words in
the terminal and on the page, and a table copies into a word processor as a table. Charts are
inline SVG; the CSS is inline; nothing is fetched (a Content-Security-Policy forbids it). Every
text is HTML-escaped, the data files' text above all.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any, NamedTuple

from ftzcalc import __version__
from ftzcalc.errors import FtzcalcError
from ftzcalc.i18n import _, localize, said
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.reports import figures
from ftzcalc.reports.content import SEED, TRIALS, Contents, growth_scenarios


class Section(NamedTuple):
    id: str  # the anchor, and the section's name in the JSON summary
    title: str
    blocks: tuple[Table | Paragraph, ...]
    figure: tuple[str, Any] | None = None  # (plots module, result)


def sections(contents: Contents, lang: str) -> list[Section]:
    """The page's sections, in order, from the views' table reports."""
    from ftzcalc.views import gap as gap_view
    from ftzcalc.views import project as project_view
    from ftzcalc.views import scenario as scenario_view
    from ftzcalc.views import sensitivity as sensitivity_view
    from ftzcalc.views import simulate as simulate_view
    from ftzcalc.views import targets as targets_view

    out: list[Section] = []
    gap_parts = _split(gap_view.to_table(contents.gap, lang))
    out.append(Section("gap", _("Gap to target"), gap_parts[0], ("gap", contents.gap)))
    if len(gap_parts) > 1:  # the progress table, where there are actual figures
        table = gap_parts[1][0]  # a group after the first starts with its table
        title = (table.title if isinstance(table, Table) else None) or _("Progress")
        out.append(Section("progress", title, gap_parts[1]))
    blocks = tuple(scenario_view.to_table(contents.scenarios, lang).blocks)
    out.append(Section("scenarios", _("Scenarios"), blocks, ("scenario", contents.scenarios)))
    for projection, grid in zip(contents.projections, contents.grids, strict=True):
        metric_id = projection.metric.id
        blocks = tuple(project_view.to_table(projection, lang).blocks)
        title = _("Projection: {id}").format(id=metric_id)
        out.append(Section(f"projection-{metric_id}", title, blocks, ("project", projection)))
        blocks = tuple(sensitivity_view.to_table(grid).blocks)
        title = _("Sensitivity: {id}").format(id=metric_id)
        out.append(Section(f"sensitivity-{metric_id}", title, blocks, ("sensitivity", grid)))
    for kind, what, why in contents.left_out:
        if kind == "projection":
            reason = _("{id} ({reason})").format(id=what, reason=localize(why))
            text = _("Not projected: {reasons}.").format(reasons=reason)
            out.append(Section(f"projection-{what}", _("Projection: {id}").format(id=what),
                               (Paragraph(text, "dim"),)))  # fmt: skip
    for simulation in contents.simulations:
        report = simulate_view.to_table(simulation.result, list(simulation.skipped), lang)
        how = _("As 'ftzcalc simulate --scenario {id} --trials {trials} --seed {seed}' gives it, "
                "with the same --data, --baseline and --actual.")  # fmt: skip
        note = Paragraph(how.format(id=simulation.scenario.id, trials=TRIALS, seed=SEED), "dim")
        title = _("Simulation: {id}").format(id=simulation.scenario.id)
        out.append(Section(f"simulation-{simulation.scenario.id}", title,
                           (*report.blocks, note), ("simulate", simulation.result)))  # fmt: skip
    for kind, what, why in contents.left_out:
        if kind == "simulation":
            reason = _("{id} ({reason})").format(id=what, reason=localize(why))
            text = _("Not simulated: {reasons}.").format(reasons=reason)
            out.append(Section(f"simulation-{what}", _("Simulation: {id}").format(id=what),
                               (Paragraph(text, "dim"),)))  # fmt: skip
    if not growth_scenarios(contents.dataset):
        text = _("No simulation: no scenario of the data gives growth distributions "
                 "(a scenario with growth = \"…\" in a data file).")  # fmt: skip
        out.append(Section("simulation", _("Simulation"), (Paragraph(text, "dim"),)))
    blocks = tuple(targets_view.to_table(contents.dataset, lang, quotes=True).blocks)
    out.append(Section("sources", _("Sources"), blocks))
    return out


def _split(report: Report) -> list[tuple[Table | Paragraph, ...]]:
    """The blocks of a report in groups, each from one table to the next."""
    groups: list[list[Table | Paragraph]] = []
    for block in report.blocks:
        if isinstance(block, Table) or not groups:
            groups.append([])
        groups[-1].append(block)
    return [tuple(g) for g in groups]


def render(contents: Contents, lang: str) -> tuple[str, list[dict[str, Any]]]:
    """The page, and what is in it: for each section its id and whether its chart is drawn."""
    parts = sections(contents, lang)
    named = figures.sources(contents.dataset)
    references = contents.dataset.references
    body: list[str] = []
    manifest: list[dict[str, Any]] = []
    for number, section in enumerate(parts, 1):
        body.append(f'<section id="{escape(section.id)}">')
        body.append(f"<h2>{_text(section.title)}</h2>")
        body.extend(_blocks(section.blocks, skip_title=section.title))
        drawn = None
        if section.figure is not None:
            kind, result = section.figure
            drawn = False
            try:
                svg = figures.svg(kind, result, lang, named, f"f{number}-", references=references)
            except FtzcalcError as exc:  # what the chart cannot show, said where it would be
                svg, why = None, _("No chart: {reason}.").format(reason=said(exc))
            else:
                why = _("No chart: ftzcalc.plots.{kind} is not available in this installation.")
                why = why.format(kind=kind)
            if svg is not None:
                drawn = True
                body.append(f'<figure class="chart">{svg}</figure>')
            else:
                body.append(f'<p class="no-chart">{_text(why)}</p>')
        body.append("</section>")
        manifest.append({"id": section.id, "title": section.title, "figure": drawn})
    return _page(contents, lang, parts, "\n".join(body)), manifest


def _page(contents: Contents, lang: str, parts: list[Section], body: str) -> str:
    dataset = contents.dataset
    title = _("Targets report")
    lines = [f"<h1>{_text(title)}</h1>"]
    source = dataset.source
    if source.title:
        text = _("Source: {title} ({publisher}, {published})").format(
            title=source.title, publisher=source.publisher, published=source.published
        )
        lines.append(f'<p class="source">{_text(text)}</p>')
    names = _(", ").join(os.path.basename(p) for p in contents.files)
    said = [_("Data: {files}.").format(files=names)]
    if contents.as_of is not None:
        said.append(_("Progress as of {year}.").format(year=contents.as_of))
    said.append(_("Made by ftzcalc {version}.").format(version=__version__))
    meta = _(" ").join(said)
    lines.append(f'<p class="meta">{_text(meta)}</p>')
    toc = "".join(f'<li><a href="#{escape(s.id)}">{_text(s.title)}</a></li>' for s in parts)
    contents_label = _text(_("Contents"))
    lines.append(f'<nav aria-label="{contents_label}"><ol>{toc}</ol></nav>')
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="ftzcalc {escape(__version__)}">\n'
        f"<title>{_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header>\n{chr(10).join(lines)}\n</header>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def _text(text: str) -> str:
    """Text for the page: control characters shown as their escapes, as in a terminal, and
    every character that means something to HTML escaped; line breaks kept."""
    from ftzcalc.render.layout import printable

    return escape(printable(text)).replace("\n", "<br>")


def _blocks(blocks: tuple[Table | Paragraph, ...], skip_title: str) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            css = ' class="note"' if block.style == "dim" else ""
            out.append(f"<p{css}>{_text(block.text)}</p>")
        else:
            out.append(_table(block, block.title != skip_title))
    return out


def _table(table: Table, caption: bool) -> str:
    lines = ['<div class="table-wrap"><table>']
    if caption and table.title:
        lines.append(f"<caption>{_text(table.title)}</caption>")
    head = "".join(
        f'<th scope="col"{_class(_align(c))}{_min_width(c)}>{_text(c.header)}</th>'
        for c in table.columns
    )
    lines.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in table.rows:
        cells = []
        for index, (column, cell) in enumerate(zip(table.columns, row, strict=False)):
            tag = "th" if index == 0 else "td"
            scope = ' scope="row"' if index == 0 else ""
            classes = [_align(column), *_styles(cell)]
            content = _bar(cell.bar) if cell.bar is not None else _text(cell.text)
            if cell.bar is not None:
                classes.append("bar")
            cells.append(f"<{tag}{scope}{_class(*classes)}>{content}</{tag}>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


def _min_width(column: Column) -> str:
    """A wrapping column's least width, as the terminal keeps it (in cells: 2 to an em)."""
    if column.min_width is None or column.no_wrap:
        return ""
    return f' style="min-width:{min(column.min_width / 2, 16):g}em"'


def _align(column: Column) -> str:
    return "num" if column.align == "right" else ""


#: Rich style words of the views, as the page's classes.
_STYLE_CLASSES = {
    "bold": "strong",
    "dim": "dim",
    "green": "good",
    "red": "bad",
    "yellow": "warn",
    "dark_orange": "warn",
    "cyan": "id",
}


def _styles(cell: Cell) -> list[str]:
    return [_STYLE_CLASSES[w] for w in (cell.style or "").split() if w in _STYLE_CLASSES]


def _class(*names: str) -> str:
    chosen = " ".join(n for n in names if n)
    return f' class="{chosen}"' if chosen else ""


def _bar(bar: tuple[float, float]) -> str:
    value, scale = bar
    share = 0.0 if scale <= 0 else max(0.0, min(1.0, value / scale))
    return f'<span class="bar" style="width:{share * 100:.1f}%"></span>'


CSS = """
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem 2rem 3rem; color: #1f2328;
  background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans",
  "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid #d0d7de; }
.source, .meta { color: #57606a; margin: .2rem 0; }
nav ol { columns: 2; margin: .8rem 0 0; padding-left: 1.4rem; }
nav a { color: #0550ae; text-decoration: none; }
.table-wrap { overflow-x: auto; margin: .5rem 0 .6rem; }
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 .4rem; }
th, td { padding: .28rem .6rem; border-bottom: 1px solid #d8dee4; text-align: left;
  vertical-align: top; }
thead th { background: #f6f8fa; border-bottom: 2px solid #8c959f; vertical-align: bottom;
  white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
.good { color: #1a7f37; }
.bad { color: #b42318; }
.warn { color: #9a6700; }
.dim { color: #6e7781; }
.strong { font-weight: 600; }
td.bar { min-width: 10rem; }
span.bar { display: inline-block; height: .75em; background: #54aeff; border-radius: 2px; }
td.good span.bar { background: #4ac26b; }
p { margin: .3rem 0; }
p.note { color: #57606a; font-size: .88rem; }
figure.chart { margin: 1rem 0 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.no-chart { color: #57606a; font-size: .88rem; border: 1px dashed #d0d7de; padding: .5rem .7rem; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; color: #000; background: #fff; font-size: 9.5pt; }
  nav { display: none; }
  .good, .bad, .warn, .dim, .source, .meta, p.note, .no-chart, nav a { color: #000; }
  thead th { background: #fff; }
  th, td, thead th, h2 { border-color: #000; }
  .table-wrap { overflow: visible; }
  table, tr, figure, .table-wrap { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure.chart svg { max-width: 100%; max-height: 170mm; width: auto; }
  span.bar, td.good span.bar { background: #000; print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
}
"""
