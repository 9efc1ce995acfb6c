"""ftzcalc project, and the rates it grows by: rate paths, references, worked examples."""

from __future__ import annotations

import json

import pytest
from conftest import minimal
from hypothesis import given
from hypothesis import strategies as st

from ftzcalc.dataset import load, parse, shipped_data_path
from ftzcalc.errors import InputError
from ftzcalc.model import COMPUTED_TOLERANCE
from ftzcalc.projection import project
from ftzcalc.rates import RatePath, parse_metric_rate, parse_rate_spec

SHIPPED = load(shipped_data_path())
ZONE = SHIPPED.metric("zone-output")
INDUSTRY_BASELINES = [("intelligent-manufacturing", 250), ("new-energy-vehicles", 100),
                      ("ic-chips", 5), ("lcd-panels", 10), ("biomedicine", 40), ("instruments", 30)]  # fmt: skip
spans = st.integers(min_value=1, max_value=15)


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


@given(st.floats(min_value=-0.5, max_value=1.0), spans)
def test_a_path_with_every_year_equal_matches_the_constant_rate(rate, years):
    metric = parse(minimal(baseline="100", target="200")).metrics[0]
    until = 2023 + years
    constant = project(metric, RatePath.constant(rate), until)
    by_year = ",".join(f"{y}={rate!r}" for y in range(2019, until + 1))
    path = project(metric, parse_rate_spec(by_year), until)
    for a, b in zip(constant.rows, path.rows, strict=True):
        assert a.value == pytest.approx(b.value, rel=1e-12)


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


def test_the_rate_needed_now_is_one_rate_for_progress_and_projection():
    """From the latest actual (860 in 2021) to 1500 in 2023: sqrt(1500 / 860) - 1, by hand
    1.744186047 ** 0.5 = 1.320676359, so 32.0676359%."""
    from ftzcalc.dataset import with_figures
    from ftzcalc.gaps import progress

    data = with_figures(SHIPPED, actuals=[("zone-output", 860, 2021)])
    metric = data.metric("zone-output")
    by_progress = progress(metric).rate_needed_now.value
    by_projection = project(metric, RatePath.constant(0.2)).rate_needed_now
    assert by_progress == by_projection
    assert by_progress == pytest.approx(0.320676359, abs=1e-9)


def test_table_columns_line_up_on_the_decimal_point(run):
    """500 × 1.2 = 600 and 500 × 1.44 = 720, whole, are written 600.00 and 720.00 in a column
    that needs two decimals (1,036.80); the required path ends on the target, 1,500.00."""
    out = run("project", "zone-output", "--rate", "20%", env={"COLUMNS": "100"}).stdout
    lines = out.splitlines()[3:]  # after the title, the header and the rule
    assert lines[0].split()[:5] == ["2018", "500.00", "start", "500.00", "0.00"]
    assert lines[1].split()[:5] == ["2019", "600.00", "20.00%", "622.87", "-22.87"]
    assert lines[5].split()[:6] == ["2023", "◆", "1,244.16", "20.00%", "1,500.00", "-255.84"]
