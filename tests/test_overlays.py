"""Overlay files and actuals: merge order, replacement, new metrics, --actual, --as-of."""

from __future__ import annotations

import json

import pytest
from conftest import minimal

from ftzcalc.dataset import load, load_all_problems, shipped_data_path

ACTUALS = """\
schema = 1

[[metrics]]
id = "zone-output"
actuals = [{ year = 2019, value = 610 }, { year = 2021, value = 820 }]
"""


WIDGETS_2021 = "[[metrics.actuals]]\nyear = 2021\nvalue = 90\n"


def gap_json(run, *args):
    result = run("gap", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return {m["id"]: m for m in json.loads(result.stdout)["metrics"]}


def test_overlay_adds_actuals_to_a_shipped_metric(run, write_toml):
    path = write_toml(ACTUALS)
    m = gap_json(run, "--data", path)["zone-output"]
    assert [(a["year"], a["value"], a["origin"]) for a in m["actuals"]] == [
        (2019, 610.0, path), (2021, 820.0, path)]  # fmt: skip
    p = m["progress"]
    # 500 -> 820 in 3 years: exp(ln 1.64 / 3) - 1 = 0.179274; R = 0.179274 / 0.245731 = 0.72955
    assert (p["as_of"], p["latest"]["year"], p["status"]) == (2021, 2021, "acceleration-needed")
    assert round(p["observed_rate"], 6) == 0.179274
    assert round(p["ratio"], 4) == 0.7296
    assert p["share_covered"] == pytest.approx(0.32)  # (820 - 500) / (1500 - 500)
    # from 820 in 2021 to 1500 in 2023: sqrt(1500 / 820) - 1 = 0.352504
    assert round(p["rate_needed_now"], 6) == 0.352504
    assert p["years_left"] == 2
    # at 17.9274% a year from 500 (2018) to 2023: 820 * 1.179274 ** 2 = 1140.36
    assert round(p["projected"], 2) == 1140.36 and round(p["margin"], 2) == -359.64


def test_later_files_win_field_by_field(write_toml):
    first = write_toml(ACTUALS + "[metrics.baseline]\nyear = 2018\nvalue = 520\n", "first.toml")
    second = write_toml(
        'schema = 1\n[[metrics]]\nid = "zone-output"\nactuals = [{ year = 2021, value = 830 }]\n'
        'note = "from the second file"\n', "second.toml")  # fmt: skip
    data = load([shipped_data_path(), first, second])
    m = data.metric("zone-output")
    assert (m.baseline.value, m.baseline.origin) == (520, first)  # replaced by the first overlay
    assert m.target.value == 1500  # untouched: from the shipped file
    assert [(a.year, a.value, a.origin) for a in m.actuals] == [
        (2019, 610, first),
        (2021, 830, second),
    ]
    assert m.note == "from the second file"
    reverse = load([shipped_data_path(), second, first]).metric("zone-output")
    assert [a.value for a in reverse.actuals] == [610, 820]


def test_overlay_can_add_a_whole_metric(run, write_toml):
    path = write_toml(minimal(baseline="100", target="81", comparator="at-most") + WIDGETS_2021)
    metrics = gap_json(run, "--data", path)
    assert list(metrics)[-1] == "widgets" and len(metrics) == 12
    p = metrics["widgets"]["progress"]
    # a fall from 100 to 90 in 3 years against 100 -> 81 in 5:
    # observed exp(ln 0.9 / 3) - 1 = -0.034511, required exp(ln 0.81 / 5) - 1 = -0.041268
    # R = -1 * -0.034511 / 0.041268 = 0.836246
    assert round(p["ratio"], 4) == 0.8362 and p["status"] == "acceleration-needed"
    # at this pace 100 * 0.965489 ** 5 = 83.8953, above 81: a shortfall of 2.8953
    assert round(p["projected"], 4) == 83.8953 and round(p["margin"], 4) == -2.8953


def test_new_metric_missing_fields_hints_at_a_typo(run, write_toml):
    path = write_toml(
        'schema = 1\n[[metrics]]\nid = "zone-outptu"\nactuals = [{ year = 2021, value = 1 }]\n'
    )
    result = run("gap", "--data", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: metrics[0].scope: required but missing for the new metric "
        "'zone-outptu' (or is the id a typo for 'zone-output'?)\n"
    )


def test_baseline_from_overlay_after_target_year_is_reported_there(run, write_toml):
    path = write_toml(
        'schema = 1\n[[metrics]]\nid = "zone-output"\nbaseline = { year = 2024, value = 1 }\n'
    )
    result = run("gap", "--data", path)
    assert result.stderr == (
        f"Error: {path}: metrics[0].baseline.year: the baseline year 2024 is not "
        "before the target year 2023\n"
    )


def test_no_default_data_needs_a_file(run):
    result = run("gap", "--no-default-data")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --no-default-data needs at least one --data PATH (see 'ftzcalc gap --help')\n",
    )


def test_actual_option(run):
    m = gap_json(run, "zone-output", "--actual", "zone-output=820@2021")["zone-output"]
    assert m["actuals"] == [{"year": 2021, "value": 820.0, "origin": "command line"}]
    assert m["progress"]["status"] == "acceleration-needed"
    result = run("gap", "--actual", "zone-output=820")
    assert (result.exit_code, result.stderr) == (
        2, "Error: Invalid value for '--actual': zone-output=820 needs a year: ID=VALUE@YEAR "
           "(see 'ftzcalc gap --help')\n")  # fmt: skip


def test_actual_option_replaces_same_year_from_file(run, write_toml):
    path = write_toml(ACTUALS)
    m = gap_json(run, "zone-output", "--data", path, "--actual", "zone-output=900@2021")[
        "zone-output"
    ]
    assert [(a["year"], a["value"]) for a in m["actuals"]] == [(2019, 610.0), (2021, 900.0)]


def test_as_of_ignores_later_actuals_and_counts_years_from_it(run, write_toml):
    path = write_toml(ACTUALS)
    p = gap_json(run, "zone-output", "--data", path, "--as-of", "2020")["zone-output"]["progress"]
    assert p["as_of"] == 2020 and p["latest"]["year"] == 2019
    assert p["years_left"] == 3  # 2023 - 2020
    # 500 -> 610 in one year: observed 22%; R = 0.22 / 0.245731 = 0.89529
    assert round(p["observed_rate"], 10) == 0.22 and round(p["ratio"], 4) == 0.8953
    # needed now from the latest actual (2019) to 2023: exp(ln(1500 / 610) / 4) - 1
    # = exp(0.899761 / 4) - 1 = 0.252248
    assert round(p["rate_needed_now"], 6) == 0.252248
    before = gap_json(run, "zone-output", "--data", path, "--as-of", "2018")["zone-output"][
        "progress"
    ]
    assert before["latest"] is None and before["status"] == "cannot-assess"
    assert before["status_reason"] == "fewer than two points: no actual after the base year 2018"


def test_as_of_without_actuals_says_so(run):
    result = run("gap", "zone-output", "--as-of", "2021")
    assert (
        "No actual figures up to 2021: progress cannot be assessed (add them with --actual "
        "or an overlay file)."
    ) in result.stdout


PROGRESS_TABLE = """\
Progress as of 2021
ID               Latest  Covered  Observed  Required  Needed now     R  Status              At this pace   Margin    In
───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
zone-output  820 (2021)      32%    17.93%    24.57%      35.25%  0.73  Needs acceleration      1,140.36  -359.64  2023
widgets       90 (2021)      53%    -3.45%    -4.13%      -5.13%  0.84  Needs acceleration         83.90    -2.90  2023
"""


def test_progress_table_exact(run, write_toml):
    widgets = minimal(baseline="100", target="81", comparator="at-most").removeprefix(
        "schema = 1\n"
    )
    path = write_toml(ACTUALS + widgets + WIDGETS_2021)
    out = run("gap", "zone-output", "widgets", "--data", path).stdout
    table = out[out.index("Progress as of") :]
    assert table.startswith(PROGRESS_TABLE)
    assert "Status: the SDG progress method, R = observed ÷ required growth (see --help)." in table


def test_shipped_example_overlay_loads_and_says_it_is_illustrative():
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "illustrative-actuals.toml"
    text = example.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE FIGURES ONLY" in text and "not a real statistic" in text
    data, problems = load_all_problems([shipped_data_path(), str(example)])
    assert problems == [] and len(data.metrics) == 12
