"""What-if analysis: rates, projections, scenarios, sensitivity grids and SVG pictures."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import pytest
from conftest import minimal
from hypothesis import given
from hypothesis import strategies as st

from ftzcalc.dataset import load, parse, replace_baseline, shipped_data_path
from ftzcalc.errors import InputError
from ftzcalc.model import COMPUTED_TOLERANCE
from ftzcalc.projection import project
from ftzcalc.rates import RatePath, parse_metric_rate, parse_rate_spec
from ftzcalc.scenarios import REQUIRED, outcome

SHIPPED = load(shipped_data_path())
ZONE = SHIPPED.metric("zone-output")
INDUSTRY_BASELINES = [("intelligent-manufacturing", 250), ("new-energy-vehicles", 100),
                      ("ic-chips", 5), ("lcd-panels", 10), ("biomedicine", 40), ("instruments", 30)]  # fmt: skip


# Worked examples -------------------------------------------------------------------------------


def test_zone_at_the_citys_pace_reaches_46_3_percent():
    # 500 * 1.068 ** 5: 1.068^2 = 1.140624, ^4 = 1.301023109376, ^5 = 1.389492680813568
    p = project(ZONE, parse_rate_spec("ref:city-industrial-va-growth-2018", SHIPPED.references))
    assert p.end_value == pytest.approx(694.746340406784, rel=1e-13)
    assert round(p.end_value, 2) == 694.75
    assert round(p.share * 100, 1) == 46.3
    assert p.first_met is None and p.margin == pytest.approx(-805.253659593216)


def test_exactly_the_required_rate_does_not_meet_a_more_than_target():
    p = project(ZONE, RatePath.constant(0.24573093961551734))
    # In floating point the end value lands a hair above 1500: through exp(5 * log1p(r)) it is
    # 1500.0000000000002, through 500 * (1 + r) ** 5 it is 1500.0000000000005. Within the stated
    # relative tolerance of 1e-9 both count as 1500, which "more than 1500" does not meet.
    assert p.end_value == 1500.0000000000002
    assert 500 * (1 + 0.24573093961551734) ** 5 == 1500.0000000000005
    assert round(p.end_value, 1) == 1500.0
    assert p.rows[-1].met is False and p.first_met is None
    assert COMPUTED_TOLERANCE == 1e-9
    at_least = parse(minimal(baseline="500", target="1500", comparator="at-least")).metrics[0]
    assert project(at_least, RatePath.constant(0.24573093961551734)).rows[-1].met is True


def test_a_rate_a_whisker_above_required_meets_it():
    p = project(ZONE, RatePath.constant(0.2458))
    assert p.rows[-1].met is True and p.first_met == 2023


# Rate paths ------------------------------------------------------------------------------------


def test_path_years_not_named_keep_the_last_rate():
    path = parse_rate_spec("2019=5%,2021=12%")
    p = project(ZONE, path, until=2024)
    assert [r.growth for r in p.rows[1:]] == [0.05, 0.05, 0.12, 0.12, 0.12, 0.12]
    # 500 * 1.05^2 * 1.12^3 = 500 * 1.1025 * 1.404928 = 774.4666
    assert p.rows[5].value == pytest.approx(500 * 1.05**2 * 1.12**3, rel=1e-14)


def test_path_starting_after_the_first_projected_year_is_refused():
    with pytest.raises(InputError, match="has no rate for 2019: its first year is 2020"):
        project(ZONE, parse_rate_spec("2020=8%,2021=12%"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021=5%,2020=8%", "years in '2021=5%,2020=8%' must rise: 2020 comes after 2021"),
        ("2021=5%,2022", "'2022' in '2021=5%,2022' is not YEAR=RATE"),
        ("ref:city-industrial-va-growth", "no growth reference ref:city-industrial-va-growth "
         "(did you mean ref:city-industrial-va-growth-2018?)"),
        ("ref:city-industry-gdp-share-2018", "ref:city-industry-gdp-share-2018 is a share, not a growth rate"),
        ("15", "'15' is not a rate: a bare number above 1 means more than 100% a year (did you mean 15%?)"),
    ],
)  # fmt: skip
def test_bad_rate_specs(text, message):
    with pytest.raises(InputError) as info:
        parse_rate_spec(text, SHIPPED.references)
    assert str(info.value).startswith(message)


def test_metric_rate_forms():
    assert parse_metric_rate("ic-chips=2019=5%,2020=8%")[0] == "ic-chips"
    assert parse_metric_rate("2019=5%,2020=8%")[0] is None
    assert parse_metric_rate("ref:city-equipment-va-growth-2018", SHIPPED.references)[1].points == (
        (None, 0.088),
    )


# Properties ------------------------------------------------------------------------------------

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


@given(st.floats(min_value=-0.5, max_value=1.0), spans)
def test_a_path_with_every_year_equal_matches_the_constant_rate(rate, years):
    metric = parse(minimal(baseline="100", target="200")).metrics[0]
    until = 2023 + years
    constant = project(metric, RatePath.constant(rate), until)
    by_year = ",".join(f"{y}={rate!r}" for y in range(2019, until + 1))
    path = project(metric, parse_rate_spec(by_year), until)
    for a, b in zip(constant.rows, path.rows, strict=True):
        assert a.value == pytest.approx(b.value, rel=1e-12)


# project -------------------------------------------------------------------------------------


def test_project_json_has_one_record_a_year(run):
    doc = json.loads(
        run("project", "zone-output", "--rate", "6.8%", "--until", "2025", "--json").stdout
    )
    assert doc["schema"] == "ftzcalc.project/1"
    assert [y["year"] for y in doc["years"]] == list(range(2018, 2026))
    y2019 = doc["years"][1]
    assert (y2019["value"], y2019["growth"]) == (534.0, 0.068)  # 500 * 1.068
    # the required path: 500 * 3 ** (1/5) = 622.865...
    assert y2019["required"] == pytest.approx(622.8654698, rel=1e-9)
    assert doc["years"][-1]["required"] is None  # no required path after the target year
    assert doc["first_met_year"] is None and round(doc["share_of_target"], 3) == 0.463


def test_project_csv(run):
    lines = run("project", "zone-output", "--rate", "6.8%", "--format", "csv").stdout.splitlines()
    assert lines[0] == "year,value,growth,required,gap_to_required,met"
    assert lines[1] == "2018,500.0,,500.0,0.0,false"
    assert lines[2].startswith("2019,534.0,0.068,622.86546980")
    assert len(lines) == 1 + 6


def test_project_table_has_a_bar_per_year(run):
    out = run("project", "zone-output", "--rate", "30%").stdout
    lines = out.splitlines()
    rows = [line for line in lines if line[:4].isdigit()]
    assert len(rows) == 6 and all("█" in row for row in rows)
    assert (
        "In 2023 ◆: 1,856.47, 123.8% of the target; the target >1,500 is met (surplus 356.47)."
        in lines
    )
    assert "First met in 2023." in lines


def test_project_default_rate_is_observed_pace_else_required(run):
    doc = json.loads(run("project", "zone-output", "--json").stdout)
    assert doc["rate"]["label"] == "the required rate"
    doc = json.loads(
        run("project", "zone-output", "--actual", "zone-output=820@2021", "--json").stdout
    )
    assert doc["rate"]["label"] == "the observed pace"
    assert doc["start"] == {"year": 2021, "value": 820.0, "origin": "actual"}
    # 500 -> 820 in 3 years: 17.9274% a year; from 820 two more years: 820 * 1.179274^2
    assert doc["end_value"] == pytest.approx(1140.3629, rel=1e-7)


def test_project_errors(run):
    result = run("project", "ic-chips")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: ic-chips has no baseline: give one with --baseline ic-chips=VALUE@YEAR\n",
    )
    result = run("project", "zone-output", "--rate", "2020=5%")
    assert (
        result.stderr == "Error: rate path '2020=5%' has no rate for 2019: its first year is 2020\n"
    )
    result = run("project", "zone-output", "--until", "2020")
    assert result.stderr == "Error: --until 2020 is before the target year 2023\n"
    result = run("project", "zone-output", "--rate", "ref:nope")
    assert result.exit_code == 2 and result.stderr.startswith(
        "Error: Invalid value for '--rate': no growth reference ref:nope; known: "
    )
    result = run("project", "zone-output", "--rate", "1e300%")
    assert (result.exit_code, result.stderr) == (1, "Error: the result is too large to represent\n")
    result = run("project", "zone-output", "--baseline", "zone-output=0")
    assert result.stderr == "Error: zone-output: its baseline of 2018 is 0, which cannot grow\n"
    result = run("project", "lcd-shipment-rank")  # no baseline would not help
    assert (
        result.stderr == "Error: lcd-shipment-rank: a qualitative target has nothing to project\n"
    )


# scenario --------------------------------------------------------------------------------------


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


# sensitivity -------------------------------------------------------------------------------------


def test_sensitivity_grid_values_and_turning_rates(run):
    doc = json.loads(run("sensitivity", "zone-output", "--rates", "10%:30%:10%",
                         "--years", "2021:2023", "--json").stdout)  # fmt: skip
    assert doc["rates"] == [0.1, 0.2, 0.3] and doc["columns"] == [2021, 2022, 2023]
    # 500 * 1.1^3 = 665.5, 500 * 1.2^4 = 1036.8, 500 * 1.3^5 = 1856.465
    assert doc["values"][0][0] == pytest.approx(665.5, rel=1e-14)
    assert doc["values"][1][1] == pytest.approx(1036.8, rel=1e-14)
    assert doc["values"][2][2] == pytest.approx(1856.465, rel=1e-14)
    assert doc["met"] == [[False, False, False], [False, False, False], [False, False, True]]
    assert doc["turning_rates"] == [None, None, 0.3]
    # the exact rates: 3 ** (1/3) - 1, 3 ** (1/4) - 1, 3 ** (1/5) - 1
    assert doc["exact_rates"] == pytest.approx(
        [3 ** (1 / 3) - 1, 3**0.25 - 1, 3**0.2 - 1], rel=1e-14
    )


def test_sensitivity_against_start_values(run):
    doc = json.loads(run("sensitivity", "zone-output", "--rates", "20%:25%:5%",
                         "--starts", "400:600:100", "--json").stdout)  # fmt: skip
    assert doc["axis"] == "start" and doc["columns"] == [400.0, 500.0, 600.0]
    # 600 * 1.2 ** 5 = 1492.99 (missed); 600 * 1.25 ** 5 = 1831.05 (met)
    assert [row[2] for row in doc["met"]] == [False, True]
    assert doc["turning_rates"] == [None, 0.25, 0.25]


def test_sensitivity_table_and_its_limit(run):
    out = run("sensitivity", "zone-output").stdout
    assert "met from" in out and "exact" in out and "24.57%" in out
    result = run("sensitivity", "zone-output", "--rates", "0%:100%:1%", "--years", "2019:2119")
    assert (result.exit_code, result.stderr) == (2, (
        "Error: a 101 × 101 grid has 10,201 cells; tables stop at 10,000 (use a coarser step or a "
        "narrower range, or --format json or csv)\n"))  # fmt: skip
    doc = json.loads(run("sensitivity", "zone-output", "--rates", "0%:100%:1%",
                         "--years", "2019:2119", "--json").stdout)  # fmt: skip
    assert len(doc["values"]) == 101 and len(doc["values"][0]) == 101


def test_sensitivity_errors(run):
    assert (
        run("sensitivity", "zone-output", "--years", "2021:2023", "--starts", "1:2:1").exit_code
        == 2
    )
    result = run("sensitivity", "zone-output", "--rates", "30%:10%:5%")
    assert result.exit_code == 2 and "the range runs backwards" in result.stderr
    result = run("sensitivity", "zone-output", "--rates", "10%:30%")
    assert result.exit_code == 2 and "is not a range: write START:STOP:STEP" in result.stderr


# SVG ---------------------------------------------------------------------------------------------


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


def test_required_scenario_math_matches_growth_engine():
    data = SHIPPED
    for metric_id, value in INDUSTRY_BASELINES:
        data = replace_baseline(data, metric_id, value)
    chips = data.metric("ic-chips")
    o = outcome(chips, REQUIRED)
    # 5 -> 50 in 5 years: 10 ** 0.2 - 1
    assert o.rate.points[0][1] == pytest.approx(10**0.2 - 1, rel=1e-14)
    assert math.isclose(o.end.value, 50, rel_tol=1e-12)


# The comparator edge reads the same everywhere ---------------------------------------------


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
