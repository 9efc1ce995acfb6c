"""`ftzcalc check`: the shipped data is clean; a broken file lists every problem with its place."""

from __future__ import annotations

import csv
import datetime
import io
import json

from ftzcalc.check import check
from ftzcalc.dataset import shipped_data_path

BROKEN = """\
schema = 1

[[metrics]]
id = "zone-output"
actuals = [{ year = 2016, value = 480 }, { year = 2101, value = 1600 }, { year = 2021, value = 300 }]

[[metrics]]
id = "ic-chips"
actuals = [{ year = 2021, value = 200 }, { year = 2021, value = 210 }]

[[metrics]]
id = "lcd-panels"
actuals = [{ year = 2021, value = 150 }]

[[metrics]]
id = "new-energy-vehicles"
actuals = [{ year = 2021, value = 160 }]

[[metrics]]
id = "zone-outptu"
baseline = { year = 2018, value = 1 }

[[metrics]]
id = "biomedicine"
target = { kind = "level", year = 2023, comparator = "more-than", value = 150 }

[[metrics]]
id = "instruments"
target = { kind = "level", year = 2023, comparator = "more-than", value = "80" }
"""


def test_shipped_dataset_is_clean(run):
    result = run("check")
    assert (result.exit_code, result.stdout) == (0, "No problems: 1 file(s), 11 metrics.\n")
    doc = json.loads(run("check", "--json").stdout)
    assert doc["ok"] is True and doc["problems"] == [] and doc["metrics"] == 11


def test_broken_overlay_lists_every_problem(run, write_toml):
    path = write_toml(BROKEN)
    result = run("check", path, "--format", "csv")
    assert result.exit_code == 1
    this_year = datetime.date.today().year
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["file", "path", "message"]
    assert all(row[0] == path for row in rows[1:])
    assert [row[1:] for row in rows[1:]] == [
        ["metrics[0].actuals[0].year", "2016 is before the baseline year 2018"],
        ["metrics[0].actuals[1].year", f"2101 is in the future (this is {this_year})"],
        # ic-chips is left out (its entry is broken), lcd-panels 150 + new-energy-vehicles 160
        ["metrics[0].actuals[2]",
         "the children's 2021 actuals add up to 310, more than zone-output's 300"],
        ["metrics[1].actuals[1].year", "2021 is given twice (also at metrics[1].actuals[0])"],
        ["metrics[4].scope", "required but missing for the new metric 'zone-outptu' "
                             "(or is the id a typo for 'zone-output'?)"],
        # 700 + 500 + 50 + 50 + 150 (was 120) + 80 = 1530: instruments keeps its shipped 80
        ["metrics[5].target.value",
         "the 6 children's 2023 targets add up to 1530, not to zone-output's 1500"],
        ["metrics[6].target.value", "expected a number, got the string '80'"],
    ]  # fmt: skip


def test_broken_overlay_as_a_table(run, write_toml):
    path = write_toml(BROKEN)
    out = run("check", path).stdout
    assert out.startswith(f"Problems in {path}\nKey path")
    assert out.endswith("\n7 problems in 1 of 2 file(s).\n")


def test_conflicting_actuals_across_overlays(run, write_toml):
    a = write_toml('schema = 1\n[[metrics]]\nid = "zone-output"\n'
                   'actuals = [{ year = 2021, value = 900 }]\n', "a.toml")  # fmt: skip
    b = write_toml('schema = 1\n[[metrics]]\nid = "zone-output"\n'
                   'actuals = [{ year = 2021, value = 950 }]\n', "b.toml")  # fmt: skip
    doc = json.loads(run("check", a, b, "--json").stdout)
    assert doc["problems"] == [{"file": b, "path": "metrics[0].actuals[0]",
                                "message": f"the 2021 actual 950 replaces 900 from {a}"}]  # fmt: skip
    # the same figure twice is no conflict
    assert run("check", a, a).exit_code == 0
    # gap reads the same files without complaint: the later file wins
    gap = json.loads(run("gap", "zone-output", "--data", a, "--data", b, "--json").stdout)
    assert gap["metrics"][0]["actuals"][0]["value"] == 950


def test_a_broken_file_does_not_stop_the_others(run, write_toml):
    bad = write_toml("schema = 1\nmetrics = [\n", "bad.toml")
    good = write_toml('schema = 1\n[[metrics]]\nid = "zone-output"\n'
                      'actuals = [{ year = 2016, value = 1 }]\n', "good.toml")  # fmt: skip
    doc = json.loads(run("check", bad, good, "--json").stdout)
    assert [(p["file"], p["message"]) for p in doc["problems"]] == [
        (bad, "not valid TOML: Invalid value (at end of document)"),
        (good, "2016 is before the baseline year 2018"),
    ]


def test_a_file_that_cannot_be_opened_is_an_error_not_a_problem(run, write_toml, tmp_path):
    """A mistyped path is the command line's fault, not the data's: one line on stderr, as
    every command says it, and nothing checked."""
    good = write_toml('schema = 1\n[[metrics]]\nid = "zone-output"\n', "good.toml")
    for path, why in ((tmp_path / "missing.toml", "no such file"),
                      (tmp_path, "is a directory, not a data file")):  # fmt: skip
        result = run("check", good, str(path), "--json")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == f"Error: {path}: {why}\n"
    empty = run("check", "")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (
        1, "", "Error: a data file's name cannot be empty\n")  # fmt: skip


def test_check_function_directly():
    report = check([shipped_data_path()], this_year=2026)
    assert report.ok and report.metrics == 11
