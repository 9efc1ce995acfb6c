"""Gap, multiple, years and required rate, checked against figures worked by hand."""

from __future__ import annotations

import json

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


# The command, as a user runs it: exact output.


GAP_ZONE_OUTPUT_AND_IC_CHIPS = """\
Gap to target
ID           Metric                                          Baseline          Target     Gap  Multiple  Years  CAGR needed
───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
zone-output  Advanced-manufacturing output, Qingdao Area  >500 (2018)  >1,500 by 2023  ≤1,000    ≤3.00×      5      ≤24.57%
ic-chips     Integrated circuits and chips                       none     ≥50 by 2023       —         —      —            —

≤ The baseline is a floor (逾500亿元): the figures are at most these.
> and < targets: the rate shown reaches the value exactly; growth must beat it.
— No baseline: give one with --baseline ID=VALUE@YEAR.
Roll-up zone-output: its 6 children's 2023 targets add up to 1,500, its own; all met means it is met.
"""


def test_gap_table_exact(run):
    result = run("gap", "zone-output", "ic-chips")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == GAP_ZONE_OUTPUT_AND_IC_CHIPS
    assert result.stderr == ""


GAP_IN_CHINESE = """\
距离目标
ID           指标                          基期值          目标    差距    倍数  年数  所需年均增速
───────────────────────────────────────────────────────────────────────────────────────────────────
zone-output  青岛片区先进制造业产值  >500（2018）  2023年>1,500  ≤1,000  ≤3.00×     5       ≤24.57%
ic-chips     集成电路和芯片产业                无     2023年≥50       —       —     —             —

≤ 基期值为下限（逾500亿元）：表中数值均为上限。
> 和 < 类目标：所示增速恰好达到目标值，实际增速须优于该增速。
— 无基期值：请用 --baseline ID=VALUE@YEAR 给出。
汇总 zone-output：其6个子项的2023年目标合计1,500，与其自身目标一致；全部达成即其目标达成。
"""


def test_gap_table_in_chinese_aligns_wide_characters(run):
    result = run("gap", "zone-output", "ic-chips", "--lang", "zh")
    assert result.stdout == GAP_IN_CHINESE


def test_narrow_terminal_leaves_out_names_with_a_note(run):
    result = run("gap", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["CAGR"]  # the header wraps before any cell does
    assert lines[2].split() == ["ID", "Baseline", "Target", "Gap", "Years", "needed"]
    assert "(Metric, Multiple left out to fit 80 columns.)" in lines
    assert max(len(line) for line in lines) <= 80
    wide = run("gap", env={"COLUMNS": "200"}).stdout
    assert "Metric" in wide.splitlines()[1] and "left out" not in wide


def test_gap_with_supplied_baseline(run):
    result = run(
        "gap", "intelligent-manufacturing", "--baseline", "intelligent-manufacturing=300@2018"
    )
    assert result.exit_code == 0, result.stderr
    row = result.stdout.splitlines()[3].split()
    # 300 -> 700 in 5 years: gap 400, 2.33x, (7/3) ** 0.2 - 1 = 18.47%
    assert row == [
        "intelligent-manufacturing",
        "Intelligent",
        "manufacturing",
        "300",
        "(2018)*",
        ">700",
        "by",
        "2023",
        "400",
        "2.33×",
        "5",
        "18.47%",
    ]
    assert "* Baseline given with --baseline." in result.stdout


def test_gap_json_worked_example(run):
    result = run("gap", "zone-output", "--json")
    doc = json.loads(result.stdout)
    assert doc["schema"] == "ftzcalc.gap/1"
    (m,) = doc["metrics"]
    assert (m["gap"], m["multiple"], m["years"]) == (1000.0, 3.0, 5.0)
    assert round(m["required_rate"], 8) == 0.24573094
    assert m["bounds"] == {"gap": "at-most", "multiple": "at-most", "required_rate": "at-most"}
    assert m["name"]["zh"] == "青岛片区先进制造业产值"  # non-ASCII kept as is
    assert "青岛片区" in result.stdout


def test_gap_json_reasons_for_nulls(run):
    doc = json.loads(run("gap", "ic-chips", "lcd-shipment-rank", "--json").stdout)
    chips, rank = doc["metrics"]
    assert chips["required_rate"] is None and chips["reasons"]["required_rate"] == "no baseline"
    assert rank["gap"] is None and rank["reasons"]["gap"] == "qualitative target: not computed"
    for m in doc["metrics"]:
        for key in (
            "target_level",
            "gap",
            "multiple",
            "years",
            "required_rate",
            "required_rate_high",
        ):
            assert (m[key] is None) == (key in m["reasons"])


def test_gap_csv_exact_for_small_file(run, write_toml):
    path = write_toml(minimal(baseline="100", target="200"))
    result = run("gap", "--no-default-data", "--data", path, "--format", "csv")
    assert result.stdout == (
        "id,name_en,name_zh,scope,unit,parent,baseline_year,baseline_value,baseline_bound,"
        "baseline_origin,target_kind,target_comparator,target_value,target_high,target_year,"
        "target_level,gap,multiple,years,required_rate,required_rate_high,gap_bound,rate_bound,"
        "already_met,reasons,as_of,latest_year,latest_value,share_covered,observed_rate,"
        "rate_needed_now,years_left,ratio,status,status_reason,projected,margin\n"
        # 2 ** 0.2 - 1 = 0.1486983549970350068: the nearest double, where the naive
        # 2 ** 0.2 - 1 in floating point gives 0.1486983549970351
        f"widgets,Widgets,部件,zone,个,,2018,100.0,exact,{path},level,at-least,200.0,,2023,200.0,"
        "100.0,2.0,5.0,0.148698354997035,,exact,exact,false,"
        "required_rate_high: the target is not a range,"
        ",,,,,,,,cannot-assess,fewer than two points: no actual after the base year 2018,,\n"
    )


def test_gap_table_for_small_file_exact(run, write_toml):
    path = write_toml(minimal(baseline="100", target="200"))
    result = run("gap", "--no-default-data", "--data", path)
    assert result.stdout == (
        "Gap to target\n"
        "ID       Metric     Baseline        Target  Gap  Multiple  Years  CAGR needed\n"
        "─────────────────────────────────────────────────────────────────────────────\n"
        "widgets  Widgets  100 (2018)  ≥200 by 2023  100     2.00×      5       14.87%\n"
    )


# Exact output in an 80-column terminal -------------------------------------------------------

PROGRESS_AT_80 = """\
Progress as of 2021
ID                              Latest  Covered  Observed  Needed now
─────────────────────────────────────────────────────────────────────
zone-output                820 (2021)*      32%    17.93%      35.25%
intelligent-manufacturing  330 (2021)*      18%     9.70%      45.64%

ID                            R  Status              At this pace   Margin
──────────────────────────────────────────────────────────────────────────
zone-output                0.73  Needs acceleration      1,140.36  -359.64
intelligent-manufacturing  0.42  Limited progress          397.10  -302.90
(Required, In left out to fit 80 columns.)

Status: the SDG progress method, R = observed ÷ required growth (see --help).
Covered: share of the way to the target. Needed now: growth a year from the
latest actual. At this pace: the target-year value at the observed growth.
* Actual given with --actual.
"""


def test_progress_table_at_80_columns_exact(run):
    out = run(
        "gap", "zone-output", "intelligent-manufacturing", "--actual", "zone-output=820@2021",
        "--actual", "intelligent-manufacturing=330@2021",
        "--baseline", "intelligent-manufacturing=250", env={"COLUMNS": "80"},
    ).stdout  # fmt: skip
    assert out[out.index("Progress as of") :] == PROGRESS_AT_80
