"""``ftzcalc report``: the HTML page (parsed, and rendered in a real headless browser) and the
workbook (read back with openpyxl, and recalculated by LibreOffice where it is installed)."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from ftzcalc.cli import cli
from ftzcalc.render import numbers
from ftzcalc.reports import figures

SIX = ("--baseline", "intelligent-manufacturing=250", "--baseline", "new-energy-vehicles=100",
       "--baseline", "ic-chips=5", "--baseline", "lcd-panels=10", "--baseline", "biomedicine=40",
       "--baseline", "instruments=30")  # fmt: skip

#: An overlay with actuals (a progress table) and a scenario of growth distributions (a
#: simulation), whose text a page must escape and a workbook must keep as text.
OVERLAY = """\
schema = 1

[[metrics]]
id = "zone-output"
actuals = [{ year = 2019, value = 610 }, { year = 2020, value = 700 }, { year = 2021, value = 860 }]

[[metrics]]
id = "intelligent-manufacturing"
name = { en = "Intelligent <b>manufacturing</b> & =SUM(A1)", zh = "智能制造产业" }
baseline = { year = 2018, value = 260 }
actuals = [{ year = 2020, value = 330 }, { year = 2021, value = 390 }]

[[scenarios]]
id = "uncertain"
description = "Growth from 15% to 25% <script>alert(1)</script>"
growth = "triangular(15%, 20%, 25%)"
correlation = 0.5
"""

BASE_ENV = {"FTZCALC_DATA": None, "FTZCALC_LANG": None, "COLUMNS": None, "NO_COLOR": None}


def ftzcalc(*args: str):
    """``ftzcalc ARGS`` in this process, as the tests' ``run`` fixture runs it."""
    result = CliRunner().invoke(cli, list(args), env=BASE_ENV, prog_name="ftzcalc")
    return result


def made(path: Path, *args: str) -> Path:
    result = ftzcalc("report", str(path), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(("Wrote ", "已写入", "{"))
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report")
    (path / "overlay.toml").write_text(OVERLAY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def gap_json() -> dict:
    result = ftzcalc("gap", "--json", *SIX)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def page_en(folder) -> Path:
    return made(folder / "six.html", *SIX)


@pytest.fixture(scope="module")
def page_zh(folder) -> Path:
    return made(folder / "six-zh.html", *SIX, "--lang", "zh")


@pytest.fixture(scope="module")
def page_overlay(folder) -> Path:
    return made(folder / "overlay.html", "--data", str(folder / "overlay.toml"), *SIX[2:])


@pytest.fixture(scope="module")
def book_en(folder) -> Path:
    return made(folder / "six.xlsx", *SIX)


@pytest.fixture(scope="module")
def book_overlay(folder) -> Path:
    return made(folder / "overlay.xlsx", "--data", str(folder / "overlay.toml"), *SIX[2:])


# ---------------------------------------------------------------------------------------------
# The page, parsed


class Page(HTMLParser):
    """The tables of a page (each: caption, header texts and classes, rows of (tag, class,
    text)), its sections (id: the tables, charts and no-chart notes in it), and every element
    that could fetch something."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.sections: dict[str, dict] = {}
        self.section: str | None = None
        self.fetching: list[tuple[str, list]] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.cell: list | None = None
        self.row: list | None = None
        self.in_caption = False
        self.no_chart = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag in ("script", "link", "img", "iframe", "object", "embed", "base") or any(
            (k in ("src", "srcset") or k.endswith("href")) and not _inline(v) for k, v in attrs
        ):
            self.fetching.append((tag, attrs))
        if tag == "section":
            self.section = a["id"]
            self.sections[self.section] = {"tables": [], "charts": 0, "no_chart": "", "h2": ""}
        elif tag == "svg" and self.section and "svg" not in self.tags[:-1]:
            self.sections[self.section]["charts"] += 1
        elif tag == "table":
            table = {"caption": "", "head": [], "rows": []}
            self.tables.append(table)
            if self.section:
                self.sections[self.section]["tables"].append(table)
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td"):
            self.cell = [tag, a.get("class") or "", "", a.get("scope")]
        elif tag == "p" and "no-chart" in (a.get("class") or ""):
            self.no_chart = True

    def handle_endtag(self, tag):
        while self.tags and self.tags.pop() != tag:
            pass
        if tag == "caption":
            self.in_caption = False
        elif tag in ("th", "td") and self.cell is not None and self.row is not None:
            self.row.append(tuple(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            table = self.tables[-1]
            if all(c[3] == "col" for c in self.row):
                table["head"] = self.row
            else:
                table["rows"].append(self.row)
            self.row = None
        elif tag == "p":
            self.no_chart = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += data
        elif self.in_caption:
            self.tables[-1]["caption"] += data
        elif self.no_chart and self.section:
            self.sections[self.section]["no_chart"] += data
        elif self.tags and self.tags[-1] == "h2" and self.section:
            self.sections[self.section]["h2"] += data


def _inline(reference: str | None) -> bool:
    """A reference inside the page: to an element of it, or data it carries."""
    return bool(reference) and reference.lstrip().startswith(("#", "data:"))


def parsed(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def column(table: dict, header: str) -> list[str]:
    index = [c[2] for c in table["head"]].index(header)
    return [row[index][2] for row in table["rows"]]


def test_gap_table_is_the_terminals(page_en):
    from ftzcalc.dataset import load, replace_baseline, shipped_data_path
    from ftzcalc.gaps import compute_gap
    from ftzcalc.views import gap as view

    page = parsed(page_en)
    dataset = load([shipped_data_path()])
    for pair in zip(SIX[1::2], strict=True):
        metric_id, value = pair[0].split("=")
        dataset = replace_baseline(dataset, metric_id, float(value))
    report = view.to_table(compute_gap(dataset), "en")
    terminal = report.blocks[0]
    gap = page.sections["gap"]["tables"][0]
    assert [c[2] for c in gap["head"]] == [c.header for c in terminal.columns]
    assert all(c[0] == "th" for c in gap["head"])
    assert [[c[2] for c in row] for row in gap["rows"]] == [
        [c.text for c in row] for row in terminal.rows
    ]
    first = [row[0] for row in gap["rows"]]  # ids head their rows
    assert all(tag == "th" and scope == "row" for tag, _c, _t, scope in first)
    for index, col in enumerate(terminal.columns):  # numbers right-aligned
        classes = {row[index][1] for row in gap["rows"]}
        assert all(("num" in c.split()) == (col.align == "right") for c in classes), col.header
    # every note under the table, in the same words
    text = page_en.read_text(encoding="utf-8")
    for block in report.blocks[1:]:
        if hasattr(block, "text"):
            assert _escaped(block.text) in text


def _escaped(text: str) -> str:
    from html import escape

    return escape(text)


def test_page_has_every_section_and_its_chart(page_en, page_overlay):
    page = parsed(page_en)
    assert list(page.sections) == ["gap", "scenarios", "projection-zone-output",
                                   "sensitivity-zone-output", "simulation", "sources"]  # fmt: skip
    expected = {"gap": "gap", "scenarios": "scenario", "projection-zone-output": "project",
                "sensitivity-zone-output": "sensitivity"}  # fmt: skip
    for section, kind in expected.items():
        found = page.sections[section]
        if figures.available(kind):
            assert found["charts"] == 1 and not found["no_chart"], section
        else:  # while ftzcalc.plots.<kind> is being written: the page says there is no chart
            assert found["charts"] == 0 and f"ftzcalc.plots.{kind}" in found["no_chart"]
    assert page.sections["simulation"]["tables"] == []  # no growth distributions: a note
    over = parsed(page_overlay)
    assert list(over.sections) == ["gap", "progress", "scenarios", "projection-zone-output",
                                   "sensitivity-zone-output", "simulation-uncertain",
                                   "sources"]  # fmt: skip
    progress = over.sections["progress"]["tables"][0]
    assert over.sections["progress"]["h2"] == "Progress as of 2021"  # its title, said once
    assert column(progress, "ID") == ["zone-output", "intelligent-manufacturing"]
    simulation = over.sections["simulation-uncertain"]["tables"]
    assert simulation[0]["caption"].startswith("Chance of meeting each target: 100,000 trials")
    assert "Σ zone-output" in column(simulation[0], "ID")
    scenarios = over.sections["scenarios"]["tables"][0]
    assert [c[2] for c in scenarios["head"]][-1] == "uncertain"


def test_page_is_self_contained(page_en, page_overlay):
    for path in (page_en, page_overlay):
        page = parsed(path)
        assert page.fetching == []  # no script, stylesheet, image, font or link elsewhere
        text = path.read_text(encoding="utf-8")
        assert "@import" not in text and "url(http" not in text and "@font-face" not in text
        assert "default-src 'none'" in text  # and the browser is told to fetch nothing
        assert len(page.ids) == len(set(page.ids))  # two charts never share an id
        assert "@media print" in text and "break-inside: avoid" in text


def test_page_escapes_the_data_files_text(page_overlay):
    text = page_overlay.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Intelligent &lt;b&gt;manufacturing&lt;/b&gt; &amp; =SUM(A1)" in text


def test_page_in_chinese(page_zh):
    from ftzcalc import i18n
    from ftzcalc.i18n import _

    text = page_zh.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text
    page = parsed(page_zh)
    gap = page.sections["gap"]["tables"][0]
    with i18n.speaking("zh"):
        headers = [_("ID"), _("Metric"), _("Baseline"), _("Target"), _("Gap"), _("Multiple"),
                   _("Years"), _("CAGR needed")]  # fmt: skip
    assert [c[2] for c in gap["head"]] == headers
    assert "青岛片区先进制造业产值" in column(gap, headers[1])


def test_required_rates_appear_as_in_the_table(page_en, gap_json):
    text = page_en.read_text(encoding="utf-8")
    for metric in gap_json["metrics"]:
        if metric["required_rate"] is not None:
            assert numbers.rate(metric["required_rate"]) in text, metric["id"]


# ---------------------------------------------------------------------------------------------
# The page, in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless browser: apt-get install chromium (as .ci/run does)"
)


def browse(page: Path, tmp_path: Path, *what: str) -> subprocess.CompletedProcess:
    """Chromium, headless, with no way to reach a network: any host resolves to nothing and
    every connection goes to a proxy that is not there."""
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9", "--window-size=1200,1600", *what,
        page.resolve().as_uri(),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def _not_blank(png: Path) -> None:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - matplotlib brings Pillow
        return
    with Image.open(png) as image:
        assert image.size == (1200, 1600)
        grey = image.convert("L")
        histogram = grey.histogram()
        dark = sum(histogram[:200]) / (image.size[0] * image.size[1])
        assert 0.01 < dark < 0.6  # text and rules on white, not a blank or a black page
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50


@needs_chromium
@pytest.mark.parametrize("which", ["page_en", "page_zh"])
def test_browser_renders_the_page(which, request, tmp_path, gap_json):
    page = request.getfixturevalue(which)
    png = tmp_path / "page.png"
    shot = browse(page, tmp_path, f"--screenshot={png}")
    assert png.exists(), shot.stderr[-2000:]
    _not_blank(png)
    dom = browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0 and "</html>" in dom.stdout, dom.stderr[-2000:]
    text = Page(dom.stdout)
    assert text.fetching == []  # nothing was added that could fetch
    assert len(text.sections["gap"]["tables"][0]["rows"]) == len(gap_json["metrics"])
    body = dom.stdout
    for metric in gap_json["metrics"]:
        assert metric["id"] in body
        for name, fmt in (("required_rate", numbers.rate), ("gap", numbers.value),
                          ("multiple", numbers.multiple)):  # fmt: skip
            if metric[name] is not None:
                assert fmt(metric[name]) in body, (metric["id"], name)
    if which == "page_zh":
        assert "所需年均增速" in body and "青岛片区先进制造业产值" in body


# ---------------------------------------------------------------------------------------------
# The workbook


def workbook(path: Path, data_only: bool = False):
    import openpyxl

    return openpyxl.load_workbook(path, data_only=data_only)


def header(ws, row: int = 1) -> dict[str, int]:
    return {c.value: c.column for c in ws[row] if c.value is not None}


def row_of(ws, metric_id: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == metric_id)


def test_workbook_sheets(book_en, book_overlay):
    assert workbook(book_en).sheetnames == ["Gap to target", "Scenarios", "Projection",
                                            "Sensitivity zone-output", "Sources"]  # fmt: skip
    assert workbook(book_overlay).sheetnames == [
        "Gap to target", "Progress", "Scenarios", "Projection", "Sensitivity zone-output",
        "Simulation uncertain", "Sources",
    ]  # fmt: skip


def test_gap_sheet_numbers_formulas_and_comments(book_en, gap_json):
    from ftzcalc.dataset import load, shipped_data_path

    shipped = load([shipped_data_path()])
    ws = workbook(book_en)["Gap to target"]
    cached = workbook(book_en, data_only=True)["Gap to target"]
    col = header(ws)
    assert list(col)[:3] == ["ID", "Metric", "Unit"] and "CAGR needed" in col
    assert ws.freeze_panes == "B2"
    for metric in gap_json["metrics"]:
        r = row_of(ws, metric["id"])
        baseline = ws.cell(r, col["Baseline"])
        rate = ws.cell(r, col["CAGR needed"])
        if metric["baseline"] is not None:
            assert baseline.data_type == "n" and baseline.value == metric["baseline"]["value"]
            assert baseline.number_format == "#,##0.00"
            assert ws.cell(r, col["Baseline year"]).value == metric["baseline"]["year"]
        if metric["required_rate"] is None:
            continue
        # a live formula over the baseline, the target level and the years
        assert isinstance(rate.value, str) and rate.value.startswith("=")
        b, t = baseline.coordinate, ws.cell(r, col["Target level"]).coordinate
        y = ws.cell(r, col["Years"]).coordinate
        assert f"({t}/{b})^(1/{y})-1" in rate.value
        assert rate.number_format == "0.00%"
        assert ws.cell(r, col["Multiple"]).number_format == '0.00"×"'
        assert ws.cell(r, col["Gap"]).value.startswith("=")
        value = cached.cell(r, col["CAGR needed"]).value  # what a reader shows before computing
        assert math.isclose(value, metric["required_rate"], rel_tol=1e-12)
    for m in shipped.metrics:  # the source sentences, as comments on the figures' cells
        r = row_of(ws, m.id)
        if m.baseline is not None and m.baseline.quote:
            assert ws.cell(r, col["Baseline"]).comment.text == m.baseline.quote
        if m.target.quote:
            level = ws.cell(r, col["Target level"])
            cell = level if level.value is not None else ws.cell(r, col["Target"])
            assert cell.comment.text == m.target.quote, m.id
    given = ws.cell(row_of(ws, "ic-chips"), col["Baseline"])  # typed with --baseline: no source
    assert given.value == 5 and given.comment is None


def test_projection_sheet_grows_from_a_rate_to_change(book_en):
    ws = workbook(book_en)["Projection"]
    cached = workbook(book_en, data_only=True)["Projection"]
    assert ws.freeze_panes == "B5"
    ids = [c.value for c in ws[1][1:]]
    assert ids[:3] == ["zone-output", "zone-projects", "intelligent-manufacturing"]
    zone = ids.index("zone-output") + 2
    rate = ws.cell(3, zone)  # the required rate, live: it follows the baseline and the target
    assert rate.data_type == "f" and rate.number_format == "0.00%"
    assert math.isclose(cached.cell(3, zone).value, 0.24573093961551734, rel_tol=1e-12)
    years = {ws.cell(r, 1).value: r for r in range(5, 12) if isinstance(ws.cell(r, 1).value, int)}
    assert list(years) == list(range(2018, 2024))
    letter = rate.column_letter
    start = ws.cell(years[2018], zone).value
    assert start == "='Gap to target'!$D$2"  # the baseline of the gap sheet
    for year in range(2019, 2024):
        assert ws.cell(years[year], zone).value == f"={letter}{years[year] - 1}*(1+{letter}$3)"
    assert math.isclose(cached.cell(years[2023], zone).value, 1500, rel_tol=1e-12)


def test_other_sheets(book_en, book_overlay):
    book = workbook(book_overlay)
    progress = book["Progress"]
    col = header(progress)
    r = row_of(progress, "zone-output")
    assert progress.cell(r, col["Latest"]).value == 860
    assert progress.cell(r, col["Observed"]).number_format == "0.00%"
    assert progress.cell(r, col["Status"]).value == "Needs acceleration"
    assert progress.freeze_panes == "B2"
    scenarios = book["Scenarios"]
    assert scenarios.freeze_panes == "B3"
    assert [c.value for c in scenarios[1] if c.value][3:] == [
        "required", "city-industry-pace", "equipment-pace", "uncertain"]  # fmt: skip
    r = row_of(scenarios, "zone-output")
    assert scenarios.cell(r, 7).data_type == "n"
    assert math.isclose(scenarios.cell(r, 7).value, 980.94, rel_tol=1e-4)  # from 860 in 2021
    assert scenarios.cell(r, 8).value == "missed"
    name = book["Gap to target"].cell(row_of(book["Gap to target"], "intelligent-manufacturing"), 2)
    assert name.data_type == "s" and name.value.startswith("Intelligent <b>")  # text, not a formula
    simulation = book["Simulation uncertain"]
    assert simulation.cell(2, 4).number_format == "0.0%" and simulation.freeze_panes == "B2"
    grid = workbook(book_en)["Sensitivity zone-output"]
    assert grid.freeze_panes == "B2"
    assert [c.value for c in grid[1][1:]] == [2021, 2022, 2023, 2024, 2025]
    assert grid["B2"].value.startswith("=$B$") and grid["A2"].number_format == "0.00%"


def test_workbook_in_chinese(folder):
    book = workbook(made(folder / "zh.xlsx", *SIX, "--lang", "zh"))
    assert book.sheetnames[:2] == ["距离目标", "情景"]
    ws = book["距离目标"]
    assert [c.value for c in ws[1]][:3] == ["ID", "指标", "单位"]
    assert "所需年均增速" in header(ws)
    assert ws.cell(2, 2).value == "青岛片区先进制造业产值"


# ---------------------------------------------------------------------------------------------
# The workbook, recalculated by LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui); CI leaves it "
    "out as too heavy",
)

#: A LibreOffice profile that recalculates every formula of a workbook as it opens it, rather
#: than showing the values saved with it.
RECALCULATE = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <oor:items xmlns:oor="http://openoffice.org/2001/registry"
      xmlns:xs="http://www.w3.org/2001/XMLSchema"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
      oor:op="fuse"><value>0</value></prop></item>
    </oor:items>
""")


def recalculated(book: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE, encoding="utf-8")
    out = tmp_path / "recalculated"
    command = [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "xlsx", "--outdir", str(out), str(book)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    result = out / book.name
    assert result.exists(), done.stdout + done.stderr
    return result


def _rates(path: Path) -> dict[str, float | None]:
    ws = workbook(path, data_only=True).worksheets[0]
    col = header(ws)
    rates = {}
    for r in range(2, ws.max_row + 1):
        ident = ws.cell(r, 1).value
        if ident and ws.cell(r, col["Metric"]).value:
            value = ws.cell(r, col["CAGR needed"]).value
            rates[ident] = value if isinstance(value, (int, float)) else None
    return rates


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=0)
    )


@needs_libreoffice
def test_libreoffice_computes_the_required_rates(book_en, gap_json, tmp_path):
    rates = _rates(recalculated(book_en, tmp_path))
    expected = {m["id"]: m["required_rate"] for m in gap_json["metrics"]}
    assert rates.keys() == expected.keys()
    for metric_id, rate in expected.items():
        assert _close(rates[metric_id], rate), (metric_id, rates[metric_id], rate)


@needs_libreoffice
def test_a_new_baseline_updates_the_rates(book_en, tmp_path):
    """The analyst's case: a baseline typed into the sheet (zone-output 600, and one for
    city-new-output's empty row) and every figure follows, as `ftzcalc gap` computes it."""
    book = workbook(book_en)
    ws = book["Gap to target"]
    col = header(ws)
    ws.cell(row_of(ws, "zone-output"), col["Baseline"]).value = 600
    edited = tmp_path / "edited.xlsx"
    book.save(edited)  # openpyxl keeps the formulas and drops the values: all are recomputed
    result = recalculated(edited, tmp_path)
    gap = json.loads(ftzcalc("gap", "--json", *SIX, "--baseline", "zone-output=600").stdout)
    rates = _rates(result)
    for metric in gap["metrics"]:
        assert _close(rates[metric["id"]], metric["required_rate"]), metric["id"]
    projection = workbook(result, data_only=True)["Projection"]
    zone = [c.value for c in projection[1]].index("zone-output") + 1
    ends = [projection.cell(r, 1).value for r in range(1, projection.max_row + 1)]
    end = projection.cell(ends.index("End") + 1, zone).value
    # the projection starts from the new baseline at the rate it now requires: it ends on target
    assert math.isclose(end, 1500, rel_tol=1e-9)


@needs_libreoffice
def test_libreoffice_computes_the_projection_and_grid(book_en, tmp_path):
    book = workbook(recalculated(book_en, tmp_path), data_only=True)
    projection = book["Projection"]
    labels = [projection.cell(r, 1).value for r in range(1, projection.max_row + 1)]
    for c in range(2, projection.max_column + 1):
        metric_id = projection.cell(1, c).value
        doc = json.loads(ftzcalc("project", metric_id, "--json", *SIX).stdout)
        end = projection.cell(labels.index("End") + 1, c).value
        assert math.isclose(end, doc["end_value"], rel_tol=1e-9), metric_id
        for row in doc["years"]:
            value = projection.cell(labels.index(row["year"]) + 1, c).value
            assert math.isclose(value, row["value"], rel_tol=1e-9), (metric_id, row["year"])
    grid = book["Sensitivity zone-output"]
    doc = json.loads(ftzcalc("sensitivity", "zone-output", "--json").stdout)
    for i, values in enumerate(doc["values"]):
        assert math.isclose(grid.cell(i + 2, 1).value, doc["rates"][i], rel_tol=1e-12)
        for j, value in enumerate(values):
            assert math.isclose(grid.cell(i + 2, j + 2).value, value, rel_tol=1e-9)


# ---------------------------------------------------------------------------------------------
# Writing the file: never over one without --force, atomically, with the umask's mode


@pytest.mark.parametrize("name", ["out.html", "out.xlsx"])
def test_never_over_an_existing_file_without_force(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"keep me")
    result = ftzcalc("report", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path} exists: add --force to replace it\n"
    assert result.stdout == "" and path.read_bytes() == b"keep me"
    result = ftzcalc("report", str(path), "--force")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() != b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
@pytest.mark.parametrize("name", ["out.html", "out.xlsx"])
def test_the_file_follows_the_umask(tmp_path, umask, name):
    before = os.umask(umask)
    try:
        result = ftzcalc("report", str(tmp_path / name))
    finally:
        os.umask(before)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["out.pdf"], 2, "Error: out.pdf: name a .html or .xlsx file (see 'ftzcalc report --help')"),
        ([" "], 2, "Error:  : name a .html or .xlsx file (see 'ftzcalc report --help')"),
        (["missing/out.html"], 1, "Error: cannot write missing/out.html: No such file or directory"),
        (["out.html", "--baseline", "nope=1"], 2, None),
    ],
)  # fmt: skip
def test_refusals(tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    result = ftzcalc("report", *args)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    if message:
        assert result.stderr == message + "\n"
    assert list(tmp_path.iterdir()) == []


def test_json_summary_validates(tmp_path, folder):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    folder_ = resources.files("ftzcalc") / "schemas"
    schemas = [json.loads((folder_ / n).read_text(encoding="utf-8"))
               for n in ("report.schema.json", "common.schema.json")]  # fmt: skip
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    validator = Draft202012Validator(schemas[0], registry=registry)
    for name in ("out.html", "out.xlsx"):
        result = ftzcalc("report", str(tmp_path / name), "--json", "--data",
                         str(folder / "overlay.toml"))  # fmt: skip
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert not list(validator.iter_errors(doc))
        assert doc["format"] == name[4:] and doc["file"] == str(tmp_path / name)
        ids = [s["id"] for s in doc["sections"]]
        assert "progress" in ids and "simulation-uncertain" in ids


def test_as_of_and_actuals_from_the_command_line(tmp_path, folder):
    path = made(tmp_path / "as-of.html", "--data", str(folder / "overlay.toml"), "--as-of", "2020",
                "--actual", "ic-chips=9@2020", "--baseline", "ic-chips=5")  # fmt: skip
    page = parsed(path)
    assert page.sections["progress"]["h2"] == "Progress as of 2020"
    progress = page.sections["progress"]["tables"][0]
    assert column(progress, "ID") == ["zone-output", "intelligent-manufacturing", "ic-chips"]
    assert column(progress, "Latest")[0] == "700 (2020)"  # the 2021 actual is after --as-of
    assert "* Actual given with --actual." in path.read_text(encoding="utf-8")
    book = workbook(made(tmp_path / "as-of.xlsx", "--data", str(folder / "overlay.toml"),
                         "--as-of", "2020"))  # fmt: skip
    progress = book["Progress"]
    assert progress.cell(row_of(progress, "zone-output"), 2).value == 700
    notes = [progress.cell(r, 1).value for r in range(1, progress.max_row + 1)]
    assert "Progress as of 2020" in notes


@pytest.mark.parametrize("name", ["ftzcalc.reports", "ftzcalc.reports.figures"])
def test_doctests(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
