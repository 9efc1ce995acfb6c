"""Gap, multiple, years and required rate, checked against figures worked by hand."""

from __future__ import annotations

import pytest
from conftest import minimal

from ftzcalc.dataset import load, parse, replace_baseline, shipped_data_path
from ftzcalc.gaps import Effect, compute_gap


@pytest.fixture(scope="module")
def dataset():
    return load(shipped_data_path())


def rows_by_id(report):
    return {r.metric.id: r for r in report.rows}


def test_zone_output(dataset):
    row = rows_by_id(compute_gap(dataset))["zone-output"]
    assert row.gap.value == 1000
    assert row.multiple.value == 3
    assert row.years.value == 5
    assert round(row.required_rate.value, 8) == 0.24573094  # 3 ** (1/5) - 1
    assert (row.gap_effect, row.rate_effect) == (Effect.AT_MOST, Effect.AT_MOST)  # 逾500
    assert row.already_met is False


def test_projects_from_proxy_baseline(dataset):
    row = rows_by_id(compute_gap(dataset))["zone-projects"]
    # 30 -> 100 over 2019..2023: (10/3) ** (1/4) = sqrt(1.825742) = 1.351200
    assert row.gap.value == 70
    assert row.years.value == 4
    assert round(row.required_rate.value, 6) == 0.3512


def test_industry_without_baseline_says_why(dataset):
    row = rows_by_id(compute_gap(dataset))["ic-chips"]
    assert row.target_level.value == 50
    for fig in (row.gap, row.multiple, row.years, row.required_rate):
        assert fig.value is None and fig.reason == "no baseline"


def test_industry_with_supplied_baseline(dataset):
    data = replace_baseline(dataset, "intelligent-manufacturing", 300, 2018)
    row = compute_gap(data, ["intelligent-manufacturing"]).rows[0]
    # 300 -> 700 in 5 years: (7/3) ** 0.2 - 1 = 0.184664...
    assert row.gap.value == 400
    assert row.multiple.value == pytest.approx(7 / 3, rel=1e-15)
    assert round(row.required_rate.value, 6) == 0.184664
    assert row.rate_effect == Effect.EXACT


def test_increase_target_without_baseline_has_gap_but_no_rate(dataset):
    row = rows_by_id(compute_gap(dataset))["city-new-output"]
    assert row.gap.value == 2500 and row.years.value == 3
    assert row.required_rate.value is None
    assert row.required_rate.reason == "no baseline: the rate needs the 2018 level"


def test_increase_range_with_baseline(dataset):
    data = replace_baseline(dataset, "city-innovation-centres", 10)
    row = compute_gap(data, ["city-innovation-centres"]).rows[0]
    # 10 -> 13 over 3 years: 1.3 ** (1/3) - 1 = 0.091393; 10 -> 14: 1.4 ** (1/3) - 1 = 0.118689
    assert row.target_level.value == 13
    assert round(row.required_rate.value, 6) == 0.091393
    assert round(row.required_rate_high.value, 6) == 0.118689


def test_qualitative_is_never_computed(dataset):
    row = rows_by_id(compute_gap(dataset))["lcd-shipment-rank"]
    assert row.gap.value is None and row.gap.reason == "qualitative target: not computed"


def test_rollup_children_add_up(dataset):
    (rollup,) = compute_gap(dataset).rollups
    assert rollup.parent.id == "zone-output"
    assert rollup.children_sum == 1500 and rollup.adds_up and rollup.difference == 0
    # some children are "more than", so all children met gives more than 1500
    assert rollup.children_imply_parent
    assert rollup.baseline_sum.reason == "6 of 6 children have no baseline"


def test_rollup_baseline_sum_when_all_children_have_one(dataset):
    data = dataset
    for metric_id, value in [("intelligent-manufacturing", 250), ("new-energy-vehicles", 100),
                             ("ic-chips", 5), ("lcd-panels", 10), ("biomedicine", 40),
                             ("instruments", 30)]:  # fmt: skip
        data = replace_baseline(data, metric_id, value)
    (rollup,) = compute_gap(data).rollups
    assert rollup.baseline_sum.value == 435


def test_decreasing_target_and_zero_baseline():
    data = parse(minimal(baseline="100", target="81", comparator="at-most"))
    row = compute_gap(data).rows[0]
    assert row.gap.value == -19
    # 0.81 ** 0.2 = exp(2 ln 0.9 / 5) = exp(-0.0421442063) = 0.9587315168
    assert round(row.required_rate.value, 6) == -0.041268
    zero = compute_gap(parse(minimal(baseline="0", target="10"))).rows[0]
    assert zero.gap.value == 10
    assert zero.multiple.reason == "baseline is 0"
    assert zero.required_rate.reason == "no growth rate from a baseline of 0"


def test_baseline_already_meets_target():
    row = compute_gap(parse(minimal(baseline="300", target="200"))).rows[0]
    assert row.already_met is True
    assert row.required_rate.value < 0
