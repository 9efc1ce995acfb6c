"""ftzcalc scenario: built-in, file and ad hoc scenarios, their roll-ups and their errors."""

from __future__ import annotations

import json
import math

import pytest
from conftest import minimal
from hypothesis import given
from hypothesis import strategies as st

from ftzcalc.dataset import load, parse, replace_baseline, shipped_data_path
from ftzcalc.scenarios import REQUIRED, outcome

SHIPPED = load(shipped_data_path())
ZONE = SHIPPED.metric("zone-output")
INDUSTRY_BASELINES = [("intelligent-manufacturing", 250), ("new-energy-vehicles", 100),
                      ("ic-chips", 5), ("lcd-panels", 10), ("biomedicine", 40), ("instruments", 30)]  # fmt: skip
starts = st.floats(min_value=1, max_value=1e6)
multiples = st.floats(min_value=0.2, max_value=20)
spans = st.integers(min_value=1, max_value=15)


@given(starts, multiples, spans)
def test_scenario_at_the_required_rate_lands_on_the_target(start, multiple, years):
    text = minimal(baseline=repr(start), target=repr(start * multiple), comparator="at-least")
    metric = parse(text.replace("year = 2023", f"year = {2018 + years}")).metrics[0]
    o = outcome(metric, REQUIRED)
    assert o.end.value == pytest.approx(start * multiple, rel=1e-12)
    assert o.met is True  # "at least" is met on the target, within the tolerance


def test_built_in_scenarios(run):
    args = [a for mid, v in INDUSTRY_BASELINES for a in ("--baseline", f"{mid}={v}")]
    doc = json.loads(run("scenario", *args, "--json").stdout)
    assert [s["id"] for s in doc["scenarios"]] == [
        "required",
        "city-industry-pace",
        "equipment-pace",
    ]
    zone = next(m for m in doc["metrics"] if m["id"] == "zone-output")["outcomes"]
    assert zone["required"]["met"] is False  # exactly 1500 is not more than 1500
    assert round(zone["city-industry-pace"]["end"], 2) == 694.75
    # 500 * 1.088 ** 5 = 762.28
    assert round(zone["equipment-pace"]["end"], 2) == 762.28
    (rollup,) = doc["rollups"]
    # the six baselines add up to 435; 435 * 1.068 ** 5 = 604.43
    assert round(rollup["outcomes"]["city-industry-pace"]["end"], 2) == 604.43
    assert rollup["outcomes"]["city-industry-pace"]["met"] is False
    # at the required rates, children end on 700+500+50+50+120+80 = 1500; two "at least"
    # children meet, four "more than" ones miss by a hair; the sum, 1500, misses "more than 1500"
    assert round(rollup["outcomes"]["required"]["end"], 6) == 1500


def test_scenario_without_baselines_says_not_projectable(run):
    doc = json.loads(run("scenario", "city-industry-pace", "--json").stdout)
    chips = next(m for m in doc["metrics"] if m["id"] == "ic-chips")["outcomes"][
        "city-industry-pace"
    ]
    assert chips == {"end": None, "met": None, "margin": None, "rate": None,
                     "reason": "not projectable: no baseline"}  # fmt: skip
    assert (
        doc["rollups"][0]["outcomes"]["city-industry-pace"]["reason"]
        == "6 of 6 children not projectable"
    )


def test_one_scenario_is_a_plain_table(run):
    out = run("scenario", "city-industry-pace").stdout
    header = out.splitlines()[1].split()
    assert header == ["ID", "Metric", "Target", "End", "Verdict", "Margin", "Rate"]
    assert "zone-output" in out and "694.75" in out and "missed" in out


def test_ad_hoc_scenario_from_rates(run):
    doc = json.loads(run("scenario", "--rate", "20%", "--rate", "zone-projects=40%",
                         "--json").stdout)  # fmt: skip
    assert [s["id"] for s in doc["scenarios"]] == ["command-line"]
    outcomes = {m["id"]: m["outcomes"]["command-line"] for m in doc["metrics"]}
    # 500 * 1.2 ** 5 = 1244.16; 30 * 1.4 ** 4 = 115.248
    assert round(outcomes["zone-output"]["end"], 2) == 1244.16
    assert (
        round(outcomes["zone-projects"]["end"], 3) == 115.248 and outcomes["zone-projects"]["met"]
    )


def test_scenario_errors(run):
    result = run("scenario", "city-industry")  # a name typed wrong: a usage error
    assert result.exit_code == 2 and result.stderr.startswith(
        "Error: no scenario 'city-industry' (did you mean 'city-industry-pace'?)"
    )
    result = run("scenario", "--rate", "10%", "--rate", "20%")
    assert result.exit_code == 2 and "give one --rate RATE for every metric" in result.stderr
    result = run("scenario", "--rate", "ic-chip=10%")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unknown metric 'ic-chip' (did you mean 'ic-chips'?)\n",
    )


def test_scenarios_from_an_overlay(run, write_toml):
    path = write_toml(
        'schema = 1\n[[scenarios]]\nid = "plan-b"\ndescription = "Faster chips"\nrate = 0.1\n'
        '[scenarios.rates]\nzone-output = "2019=15%,2021=25%"\n')  # fmt: skip
    doc = json.loads(run("scenario", "plan-b", "--data", path, "--json").stdout)
    zone = doc["metrics"][0]["outcomes"]["plan-b"]
    # 500 * 1.15^2 * 1.25^3 = 500 * 1.3225 * 1.953125 = 1291.50
    assert zone["rate"]["label"] == "2019=15%,2021=25%" and round(zone["end"], 2) == 1291.50


def test_bad_scenarios_in_a_file(run, write_toml):
    path = write_toml('schema = 1\n[[scenarios]]\nid = "x"\ndescription = "X"\n'
                      '[scenarios.rates]\nic-chip = "5%"\n')  # fmt: skip
    result = run("scenario", "--data", path)
    assert result.stderr == (
        f"Error: {path}: scenarios[0].rates.ic-chip: no metric has the id "
        "'ic-chip' (did you mean 'ic-chips'?)\n"
    )
    path = write_toml(
        'schema = 1\n[[scenarios]]\nid = "required"\ndescription = "X"\nrate = "5%"\n'
    )
    assert (
        "scenarios[0].id: 'required' is the name of a built-in scenario"
        in run("scenario", "--data", path).stderr
    )
    path = write_toml('schema = 1\n[[scenarios]]\nid = "y"\ndescription = "Y"\nrate = "fast"\n')
    assert run("scenario", "--data", path).stderr == (
        f"Error: {path}: scenarios[0].rate: 'fast' is not a rate: write it as 15% or 0.15\n"
    )


def test_required_scenario_math_matches_growth_engine():
    data = SHIPPED
    for metric_id, value in INDUSTRY_BASELINES:
        data = replace_baseline(data, metric_id, value)
    chips = data.metric("ic-chips")
    o = outcome(chips, REQUIRED)
    # 5 -> 50 in 5 years: 10 ** 0.2 - 1
    assert o.rate.points[0][1] == pytest.approx(10**0.2 - 1, rel=1e-14)
    assert math.isclose(o.end.value, 50, rel_tol=1e-12)


def test_value_on_a_strict_target_is_not_met_with_a_margin_of_exactly_zero(run):
    # 500 at the required 24.57% a year reaches 1,500.0000000000002: equal to a "more than
    # 1,500" target within the tolerance, so not met, and nothing to call a surplus
    text = run("project", "zone-output").stdout
    assert (
        "In 2023 ◆: 1,500, 100.0% of the target; reaches 1,500 exactly; a 'more than' target needs more."
        in text
    )
    assert "surplus" not in text and "missed" not in text
    doc = json.loads(run("project", "zone-output", "--json").stdout)
    assert doc["margin"] == 0.0 and doc["end_value"] != 1500.0
    rows = run("scenario", "required", "--format", "csv").stdout.splitlines()
    zone = next(r for r in rows if r.startswith("required,metric,zone-output,"))
    assert zone.split(",")[4:6] == ["false", "0.0"]
    table = run("scenario", "required").stdout
    assert "reaches the target exactly; a 'more than' target needs more" in table


def test_cells_line_up_and_never_split(run):
    """Each scenario's values, marks and margins line up down its column (margins padded to
    one width), and a cell is never broken: at 120 columns as at 100."""
    six = [a for k, v in (("intelligent-manufacturing", 250), ("ic-chips", 5))
           for a in ("--baseline", f"{k}={v}")]  # fmt: skip
    for columns in ("100", "120"):
        out = run("scenario", *six, env={"COLUMNS": columns}).stdout
        lines = {line.split()[0]: line for line in out.splitlines() if line[:1].isalpha()}
        zone, chips = lines["zone-output"], lines["ic-chips"]
        assert zone.endswith("694.75 ✗ -805.25  762.28 ✗ -737.72")
        assert chips.endswith("  6.95 ✗  -43.05    7.62 ✗  -42.38")
        assert len(zone) == len(chips)
