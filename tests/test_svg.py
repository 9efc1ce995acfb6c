"""The --svg picture: themes, where each character is drawn, and how the file is written."""

from __future__ import annotations

import io
import itertools
import json
import os
import xml.etree.ElementTree as ET

import pytest
from rich.bar import Bar
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ftzcalc.cli.options import SVG_THEMES
from ftzcalc.errors import OutputError
from ftzcalc.render import output, svg
from ftzcalc.render.output import write_file as write_new
from ftzcalc.render.svg import CELL_WIDTH, THEMES, export_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
NAME = "先进制造业产值"


def picture(theme: str, bar: bool = False) -> ET.Element:
    console = Console(
        record=True, width=80, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    table = Table(title="Gap to target")
    for header in ("id", "name", "2025"):
        table.add_column(header, justify="right" if header == "2025" else "left")
    if bar:
        table.add_column("bar")
    rows = [
        [Text("zone-output", "cyan"), NAME, "1,500"],
        [Text("ic-chips", "cyan"), "IC chips & co", "694.75"],
    ]
    for row, fraction in zip(rows, (0.55, 1.0), strict=True):
        table.add_row(*row, *([Bar(1.0, 0, fraction, width=10, color="magenta")] if bar else []))
    console.print(table)
    console.print(Text("Figures in 亿元.", "dim"))
    return ET.fromstring(export_svg(console, theme))


def characters(root: ET.Element) -> list[tuple[str, float, float]]:
    """Each character drawn, with its x and its baseline y."""
    drawn = []
    for text in root.iterfind(".//svg:g/svg:text", NS):
        for span in text.iterfind("svg:tspan", NS):
            drawn += [(char, float(span.get("x")), float(text.get("y"))) for char in span.text]
    return drawn


def x_of(root: ET.Element, word: str) -> list[float]:
    """The x of each character of ``word``, where it is drawn in one line."""
    drawn = characters(root)
    for i in range(len(drawn) - len(word) + 1):
        run = drawn[i : i + len(word)]
        if "".join(c for c, _, _ in run) == word and len({y for _, _, y in run}) == 1:
            return [x for _, x, _ in run]
    raise AssertionError(f"{word!r} is not drawn")


def test_themes_match_the_option():
    assert THEMES == SVG_THEMES == ("light", "dark")


def test_light_is_on_white_without_a_window():
    root = picture("light")
    background = root.find("svg:rect", NS)
    assert background.get("fill") == "#ffffff"
    assert (background.get("width"), background.get("height")) == tuple(
        root.get("viewBox").split()[2:]
    )
    assert root.find(".//svg:circle", NS) is None
    assert not [t for t in root.iter(f"{{{NS['svg']}}}text") if t.text == "ftzcalc"]
    assert "cdnjs" not in ET.tostring(root, encoding="unicode")  # no fonts fetched


def test_dark_keeps_the_window():
    root = picture("dark")
    assert len(root.findall(".//svg:circle", NS)) == 3
    assert root.find("svg:rect", NS).get("fill") == "#292929"
    assert "ftzcalc" in [t.text for t in root.iter(f"{{{NS['svg']}}}text")]


@pytest.mark.parametrize("theme", THEMES)
def test_every_character_has_its_own_x(theme):
    root = picture(theme)
    texts = root.findall(".//svg:g/svg:text", NS)
    assert texts
    for text in texts:
        assert "textLength" not in text.attrib
        assert (text.text or "").strip() == ""  # before, between and after them only spaces
        for span in text.iterfind("svg:tspan", NS):
            assert cell_len(span.text) in (1, 2) and len(span.get("x").split()) == 1
            assert (span.tail or "").strip() == ""
    assert [c for c, _, _ in characters(root)][:3] == list("Gap")


@pytest.mark.parametrize("theme", THEMES)
def test_numbers_stay_right_aligned_and_chinese_takes_two_cells(theme):
    root = picture(theme)
    assert x_of(root, "1,500")[-1] == x_of(root, "694.75")[-1]
    name = x_of(root, NAME)
    steps = {round((b - a) / CELL_WIDTH, 6) for a, b in itertools.pairwise(name)}
    assert steps == {2}
    # the name is text, and so copyable, with the gaps of the table
    line = "".join(
        next(
            t for t in root.iter() if t.tag.endswith("text") and NAME in "".join(t.itertext())
        ).itertext()
    )
    assert line == NAME + "\xa0" * (cell_len("IC chips & co") - cell_len(NAME))
    assert "IC\xa0chips\xa0&\xa0co" in "".join(root.itertext())


def test_a_bar_is_a_rectangle_of_its_cells():
    root = picture("light", bar=True)
    bars = root.findall(".//svg:g/svg:rect", NS)
    widths = sorted(round(float(r.get("width")) / CELL_WIDTH, 6) for r in bars)
    assert widths == [5.5, 10]
    assert not [c for c, _, _ in characters(root) if c in "█▌"]


def test_light_picture_ends_where_the_text_does():
    root = picture("light")
    width = float(root.get("viewBox").split()[2])
    right = max(x + cell_len(c) * CELL_WIDTH for c, x, _ in characters(root))
    assert width == pytest.approx(right + 2 * svg.MARGIN)


def test_unknown_theme():
    with pytest.raises(ValueError, match="unknown SVG theme 'sepia'"):
        export_svg(Console(record=True), "sepia")


# Writing ------------------------------------------------------------------------------------


def test_write_new_refuses_an_existing_file_without_force(tmp_path):
    path = tmp_path / "out.svg"
    path.write_text("keep me")
    with pytest.raises(OutputError, match=r"out\.svg exists: add force=True to replace it"):
        write_new(str(path), "<svg/>", force=False)
    assert path.read_text() == "keep me"
    write_new(str(path), "<svg/>", force=True)
    assert path.read_text() == "<svg/>"
    assert os.listdir(tmp_path) == ["out.svg"]  # no temporary file left behind


def test_write_new_into_a_missing_folder(tmp_path):
    with pytest.raises(OutputError, match=r"cannot write .*x\.svg: No such file or directory"):
        write_new(str(tmp_path / "missing" / "x.svg"), "<svg/>", force=False)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
@pytest.mark.parametrize("force", [False, True])
def test_write_new_follows_the_umask(tmp_path, umask, force):
    path = tmp_path / "out.svg"
    before = os.umask(umask)
    try:
        write_new(str(path), "<svg/>", force=force)
    finally:
        os.umask(before)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert os.listdir(tmp_path) == ["out.svg"]


def test_umask_is_read_without_changing_it():
    before = os.umask(0o027)
    try:
        assert output._umask() == 0o027
        assert os.umask(0o027) == 0o027  # still set
    finally:
        os.umask(before)


def test_svg_is_well_formed_and_holds_the_figures(run, tmp_path):
    path = tmp_path / "gap.svg"
    result = run("gap", "zone-output", "--svg", str(path))
    assert result.exit_code == 0 and "24.57%" in result.stdout
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext()).replace("\xa0", " ")
    for figure in ("zone-output", "1,500", "24.57%", "2018"):
        assert figure in text


def test_svg_with_json_on_stdout(run, tmp_path):
    path = tmp_path / "grid.svg"
    result = run("sensitivity", "zone-output", "--json", "--svg", str(path))
    json.loads(result.stdout)  # stdout is the JSON document alone
    assert "met from" in "".join(ET.parse(path).getroot().itertext()).replace("\xa0", " ")


def test_svg_does_not_overwrite_without_force(run, tmp_path):
    path = tmp_path / "out.svg"
    path.write_text("keep me")
    result = run("targets", "--svg", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {path} exists: add --force to replace it\n",
    )
    assert path.read_text() == "keep me"
    assert run("targets", "--svg", str(path), "--force").exit_code == 0
    assert path.read_text().startswith("<svg")


def test_failed_run_leaves_nothing(run, tmp_path):
    path = tmp_path / "never.svg"
    result = run("project", "ic-chips", "--svg", str(path))
    assert result.exit_code == 1 and not path.exists()
    result = run("gap", "--svg", str(tmp_path / "missing-dir" / "x.svg"))
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
    assert run("gap", "--force").stderr.startswith("Error: --force goes with --svg FILE")
