"""Charts (--plot): what each one draws, read back from its SVG (text stays text, artists carry
ids); PNG and PDF rendered; the file written as every output file is; Chinese labels and the
font they need; the same chart, the same bytes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from ftzcalc import plots
from ftzcalc.plots import common

SVG = "{http://www.w3.org/2000/svg}"
#: The six industry baselines the README's examples assume (the article gives none).
BASELINES = [
    *("--baseline", "intelligent-manufacturing=250", "--baseline", "new-energy-vehicles=100"),
    *("--baseline", "ic-chips=5", "--baseline", "lcd-panels=10", "--baseline", "biomedicine=40"),
    *("--baseline", "instruments=30"),
]
INDUSTRIES = ["intelligent-manufacturing", "new-energy-vehicles", "ic-chips", "lcd-panels",
              "biomedicine", "instruments"]  # fmt: skip
ACTUALS = "examples/illustrative-actuals.toml"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEEDS_CJK = pytest.mark.skipif(common.cjk_font() is None, reason="no Chinese font installed")


@pytest.fixture(autouse=True)
def _in_repository_in_english(monkeypatch):
    from ftzcalc import i18n

    monkeypatch.chdir(ROOT)  # the examples' data files are named relative to the repository
    i18n.use("en")  # a command run with --lang zh before leaves the library speaking Chinese
    yield
    i18n.use("en")


class Chart:
    """An SVG chart read back: its texts and the ids of its artists."""

    def __init__(self, path) -> None:
        self.root = ET.parse(path).getroot()
        self.texts = ["".join(t.itertext()) for t in self.root.iter(SVG + "text")]
        self.ids = [e.get("id") for e in self.root.iter() if e.get("id")]

    def has(self, text: str) -> bool:
        """Whether ``text`` is drawn, on one line or wrapped over several."""
        joined = " ".join(self.texts)
        return any(text in t for t in self.texts) or text in joined

    def count(self, prefix: str) -> int:
        return sum(1 for i in self.ids if i.startswith(prefix))

    def group(self, gid: str) -> str:
        """The text drawn inside the artist ``gid``."""
        for g in self.root.iter(SVG + "g"):
            if g.get("id") == gid:
                return " ".join("".join(t.itertext()) for t in g.iter(SVG + "text"))
        raise AssertionError(f"no artist {gid!r}")


@pytest.fixture
def chart(run, tmp_path):
    """Run ``ftzcalc ARGS --plot FILE.svg`` and read the chart back."""

    def draw(*args: str, name: str = "chart.svg") -> Chart:
        path = tmp_path / name
        result = run(*args, "--plot", str(path))
        assert result.exit_code == 0, result.stderr
        return Chart(path)

    return draw


def _json(run, *args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --------------------------------------------------------------------------------------------
# What each chart draws


def test_gap_chart_required_growth_against_the_reference_rates(chart):
    c = chart("gap")
    assert c.has("Gap to target") and c.has("Growth a year each target requires")
    assert c.has("Growth a year")  # the x axis
    assert c.count("rate:") == 2  # zone-output and zone-projects have a baseline
    assert c.count("reference:") == 3  # the dataset's three growth references
    assert c.has("Advanced-manufacturing output, Qingdao Area") and c.has("≤24.57%")
    assert c.has("Above-scale industrial value added, Qingdao, growth (2018): 6.8%")
    assert c.count("covered:") == 0  # no actuals, no progress panel
    assert c.has("Source: 先进制造业乘上自贸“东风”") and c.has("半岛都市报")


def test_gap_chart_with_actuals_shows_the_way_covered(chart):
    ids = ["zone-output", "intelligent-manufacturing", "new-energy-vehicles", "ic-chips",
           "biomedicine", "zone-energy-intensity"]  # fmt: skip
    c = chart("gap", *ids, "--data", ACTUALS)
    assert c.count("rate:") == 6
    assert sorted(i for i in c.ids if i.startswith("covered:") and i != "covered:target") == [
        "covered:" + i for i in sorted(ids)
    ]
    assert c.has("Progress") and c.has("36% (2021), Needs acceleration")
    assert c.has("107% (2021), Target achieved") and c.has(ACTUALS)  # the user's file named


def test_project_chart(chart):
    c = chart("project", "zone-output", "--rate", "ref:city-industrial-va-growth-2018",
              "--until", "2026")  # fmt: skip
    assert c.count("projected:") == 1 and c.count("margin:") == 1
    assert "required" in c.ids and "target" in c.ids and "baseline" in c.ids
    assert "actuals" not in c.ids  # the shipped data has none
    assert c.group("target-label") == "Target >1,500 by 2023"
    assert c.has("shortfall 805.25") and c.has("Required path: 24.57% a year")
    assert c.has("Year") and c.has("Value (CNY 100m)")
    assert c.has("Advanced-manufacturing output, Qingdao Area (zone-output)")
    assert c.has("6.80% (ref:city-industrial-va-growth-2018) a year: 694.75 in 2023")


def test_project_chart_draws_every_rate_and_the_actuals(chart):
    c = chart("project", "zone-output", "--data", ACTUALS, "--rate", "15%", "--rate", "20%",
              "--rate", "25%", "--until", "2025")  # fmt: skip
    assert c.count("projected:") == 3 and c.count("margin:") == 3
    assert "actuals" in c.ids
    assert c.has("15.00% a year: 1,137.35 in 2023, shortfall 362.65")
    assert c.has("25.00% a year: 1,343.75 in 2023, shortfall 156.25")


def test_project_table_and_json_keep_the_first_rate(run):
    one = run("project", "zone-output", "--rate", "6.8%", "--json").stdout
    several = run("project", "zone-output", "--rate", "6.8%", "--rate", "20%", "--json").stdout
    assert one == several
    table = run("project", "zone-output", "--rate", "6.8%").stdout
    assert run("project", "zone-output", "--rate", "6.8%", "--rate", "20%").stdout == table


def test_scenario_chart_bars_per_scenario_and_roll_up(chart):
    c = chart("scenario", *BASELINES)
    scenarios = ["required", "city-industry-pace", "equipment-pace"]
    panels = ["zone-output", "zone-projects", *INDUSTRIES, "sum:zone-output"]
    assert sorted(i for i in c.ids if i.startswith("bar:")) == sorted(
        f"bar:{s}:{p}" for s in scenarios for p in panels
    )
    assert c.count("target-marker:") == len(panels) and c.count("target:") == len(panels)
    assert c.group("target-label:sum:zone-output") == "Target >1,500 by 2023"
    assert c.has("Σ Advanced-manufacturing output, Qingdao Area")
    assert c.has("694.75 ✗") and c.has("100 ✓") and c.has("Integrated circuits and chips")
    # a '>' target reached exactly: "✗ 0", in amber, explained as the tables do
    assert c.has("1,500 ✗ 0") and c.has("700 ✗ 0") and "1,500 ✗" not in c.texts
    edge = [t for t in c.root.iter(SVG + "text") if "".join(t.itertext()) == "1,500 ✗ 0"]
    assert edge and all(common.EDGE in (t.get("style") or "") for t in edge)
    assert c.has("reaches the target exactly; a 'more than' target needs more")
    assert c.has("✗ 0 (zone-output, intelligent-manufacturing, lcd-panels, biomedicine, ")
    assert all(c.has(s) for s in scenarios) and c.has("Scenarios")
    assert c.has("— Not projected (no baseline): city-new-output, city-innovation-centres.")


def test_sensitivity_chart_heatmap_and_boundary(run, chart):
    args = ["sensitivity", "zone-output", "--rates", "15%:30%:2.5%", "--years", "2021:2025"]
    c = chart(*args)
    assert "heatmap" in c.ids and "boundary" in c.ids and "exact" in c.ids
    assert c.root.find(f".//{SVG}image") is not None
    assert c.has("Growth a year") and c.has("Target year") and c.has("Target >1,500")
    assert c.has("Value (CNY 100m)")
    met = _json(run, *args)["met"]
    checked = [t for t in c.texts if t.endswith(" ✓")]
    assert len(checked) == sum(map(sum, met)) == 13
    assert c.has("1,525.88 ✓") and c.has("1,379.27")
    wide = chart("sensitivity", "zone-output", "--years", "2019:2030", name="wide.svg")
    assert wide.has("18,322.10 ✓")  # twelve columns: the numbers still written, smaller
    bar = [t for t in wide.texts if t.replace(",", "").isdigit()]
    assert any(int(t.replace(",", "")) < 1500 for t in bar)  # ticks under the target too
    assert any(int(t.replace(",", "")) > 1500 for t in bar)
    starts = chart("sensitivity", "zone-output", "--starts", "400:600:50", name="starts.svg")
    assert starts.has("Start value in 2018 (CNY 100m)")


def test_sensitivity_labels_fit_their_cells():
    sensitivity = plots_module("sensitivity")
    assert sensitivity._label_size(10, 5) == 7  # README's grid: as before
    assert 5 <= sensitivity._label_size(11, 12) < 7  # "10,053.28 ✓" in twelve columns
    assert sensitivity._label_size(11, 20) == 0  # too narrow: no numbers
    ticks = sensitivity._bar_ticks(562.5, 1500, 18322.1, integer=False)
    assert any(t < 1500 for t in ticks) and any(t > 1500 for t in ticks)


def test_simulate_chart_fans_and_drivers(chart):
    c = chart("simulate", "--growth", "triangular(15%, 20%, 25%)", "--growth",
              "intelligent-manufacturing=lognormal(0.18, 0.06)", "--seed", "2023", "--trials",
              "4096", *BASELINES)  # fmt: skip
    fans = ["zone-output", "zone-projects", *INDUSTRIES, "sum:zone-output"]
    for kind in ("band90:", "band50:", "median:", "target:"):
        assert sorted(i for i in c.ids if i.startswith(kind)) == sorted(kind + f for f in fans)
    assert sorted(i for i in c.ids if i.startswith("corr:")) == sorted(
        f"corr:zone-output:{i}" for i in INDUSTRIES
    )
    assert c.has("What drives the spread of Σ zone-output") and c.has("Rank corr.")
    assert sum(t.startswith("P(met) ") for t in c.texts) == len(fans)
    assert c.has("Intelligent manufacturing") and c.has(">700") and c.has("Median")
    assert c.has("Chance of meeting each target: 4,096 trials, seed 2023, drawn each year")
    assert c.has("figures given on the command line")  # the baselines typed as options


def test_simulate_paths_run_from_the_start_to_the_target_year(run):
    from ftzcalc.dataset import load, shipped_data_path
    from ftzcalc.distributions import parse_distribution
    from ftzcalc.simulation import plan, simulate

    p = plan(load([shipped_data_path()]), default=parse_distribution("lognormal(0.2, 0.05)"))
    result = simulate(p.items, p.parents, trials=4096, seed=1)
    figure = plots_module("simulate").figure(result, "en", [])
    assert plots.to_svg(figure).count('id="median:') == len(result.items)
    for item, path in zip(result.items, result.paths, strict=True):
        assert path.years[0] == item.start.year and path.years[-1] == item.target.year


def test_simulate_chart_labels_the_target_year():
    locator = plots_module("simulate")._year_locator
    assert list(locator(2018, 2023, 5)()) == [2018, 2019, 2020, 2021, 2022, 2023]
    assert list(locator(2018, 2035, 5)())[-1] == 2035  # matplotlib's ticks, and the target's
    ticks = list(locator(2018, 2041, 5)())
    assert ticks[-1] == 2041 and all(b - a >= 2 for a, b in itertools.pairwise(ticks))


def plots_module(name: str):
    import importlib

    return importlib.import_module(f"ftzcalc.plots.{name}")


# --------------------------------------------------------------------------------------------
# Chinese


@NEEDS_CJK
def test_chinese_labels(chart):
    c = chart("project", "zone-output", "--rate", "6.8%", "--lang", "zh")
    assert c.has("青岛片区先进制造业产值") and c.has("年份")  # the name and the axis, in Chinese
    assert c.has("亿元")  # the unit on the axis
    s = chart("scenario", *BASELINES, "--lang", "zh", name="zh-scenario.svg")
    assert s.has("智能制造产业") and s.has("情景")
    g = chart("gap", "--lang", "zh", name="zh-gap.svg")
    assert g.has("距离目标") and g.has("全市规模以上工业增加值增长（2018年）：6.8%")


def test_svg_names_the_chinese_fonts_first(chart):
    c = chart("project", "zone-output")
    style = next(t.get("style") for t in c.root.iter(SVG + "text"))
    family = style.split("font-family: ")[1].split(";")[0]
    assert family.startswith("'Noto Sans CJK SC'") and family.endswith("'DejaVu Sans', sans-serif")


@NEEDS_CJK
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_png_is_drawn(run, tmp_path, lang):
    import numpy as np
    from matplotlib.image import imread

    path = tmp_path / "chart.png"
    result = run("project", "zone-output", "--lang", lang, "--plot", str(path))
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = imread(str(path))
    height, width = pixels.shape[:2]
    assert width == 1350 and height > 600  # 9 inches at 150 dpi
    rgb = (pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3)
    white = np.all(rgb == 255, axis=1).mean()
    assert 0.5 < white < 0.99  # a white page with something drawn on it
    assert len(np.unique(rgb, axis=0)) > 100  # lines, text and fills, anti-aliased


@NEEDS_CJK
def test_pdf_is_written(run, tmp_path):
    path = tmp_path / "chart.pdf"
    result = run("sensitivity", "zone-output", "--lang", "zh", "--plot", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes().startswith(b"%PDF-") and path.stat().st_size > 10_000


def test_no_chinese_font_refuses_png_but_not_svg(run, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "cjk_font", lambda: None)
    path = tmp_path / "chart.png"
    result = run("project", "zone-output", "--plot", str(path))  # the source line is Chinese
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no Chinese font found for {path}: install one, e.g. 'apt-get install "
        "fonts-noto-cjk', or use --plot with .svg\n"
    )
    assert result.stdout == "" and not path.exists()
    svg = tmp_path / "chart.svg"
    assert run("project", "zone-output", "--lang", "zh", "--plot", str(svg)).exit_code == 0


def test_no_chinese_font_is_no_matter_without_chinese(tmp_path, monkeypatch):
    from ftzcalc.dataset import load, shipped_data_path
    from ftzcalc.projection import default_path, project

    monkeypatch.setattr(common, "cjk_font", lambda: None)
    metric = load([shipped_data_path()]).metric("zone-output")
    figure = plots_module("project").figure(project(metric, default_path(metric)), "en", [])
    plots.save(figure, str(tmp_path / "chart.png"))  # no source line, nothing Chinese
    assert (tmp_path / "chart.png").stat().st_size > 0


# --------------------------------------------------------------------------------------------
# The file


def test_plot_writes_the_file_and_stdout_as_usual(run, tmp_path):
    path = tmp_path / "gap.svg"
    plain = run("gap", "--json").stdout
    result = run("gap", "--json", "--plot", str(path))
    assert result.exit_code == 0 and result.stdout == plain
    assert path.read_text(encoding="utf-8").startswith("<?xml")


def test_plot_refuses_an_existing_file_without_force(run, tmp_path):
    path = tmp_path / "chart.svg"
    path.write_text("mine", encoding="utf-8")
    result = run("project", "zone-output", "--plot", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Error: {path} exists: add --force to replace it\n"
    assert path.read_text(encoding="utf-8") == "mine"
    assert run("project", "zone-output", "--plot", str(path), "--force").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("<?xml")


def test_plot_file_mode_follows_the_umask(run, tmp_path):
    path = tmp_path / "chart.png"
    before = os.umask(0o027)
    try:
        result = run("gap", "--plot", str(path))
    finally:
        os.umask(before)
    if common.cjk_font() is None:  # the source line is Chinese
        assert result.exit_code == 1
        return
    assert result.exit_code == 0, result.stderr
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("command", ["gap", "project", "scenario", "sensitivity", "simulate"])
def test_every_chart_command_takes_plot(run, command):
    assert "--plot FILE" in run(command, "--help").stdout


def test_the_same_chart_gives_the_same_bytes(tmp_path):
    from ftzcalc.dataset import load, shipped_data_path
    from ftzcalc.grids import default_rates, default_years, grid

    metric = load([shipped_data_path()]).metric("zone-output")
    g = grid(metric, default_rates(metric).values(), years=default_years(metric).values())
    draw = plots_module("sensitivity").figure
    figure = draw(g, "en", ["a source"])
    first = plots.to_svg(figure)
    assert plots.to_svg(figure) == first == plots.to_svg(draw(g, "en", ["a source"]))
    plots.save(figure, str(tmp_path / "a.png"))
    plots.save(draw(g, "en", ["a source"]), str(tmp_path / "b.png"))
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_charts_import_matplotlib_only_when_drawn():
    probe = (
        "import sys\n"
        "from ftzcalc.cli import main\n"
        "sys.argv = ['ftzcalc', 'project', 'zone-output', '--rate', '6.8%', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
