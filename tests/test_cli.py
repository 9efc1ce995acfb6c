"""The commands as a user runs them, compared with their exact output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from conftest import minimal

from ftzcalc import __version__

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


def test_targets_lists_all_metrics_and_references(run):
    doc = json.loads(run("targets", "--json").stdout)
    assert doc["schema"] == "ftzcalc.targets/1"
    assert len(doc["metrics"]) == 11 and len(doc["references"]) == 6
    csv_lines = run("targets", "--format", "csv").stdout.splitlines()
    assert len(csv_lines) == 1 + 11 + 6 + 2
    assert csv_lines[-8].startswith("reference,city-industrial-va-growth-2018,")
    assert csv_lines[-2].startswith("scenario,city-industry-pace,")


def test_targets_quotes(run):
    plain = run("targets").stdout
    quoted = run("targets", "--quotes").stdout
    sentence = (
        "力争到2023年，智能制造产业产值超过700亿元，形成国内知名的专业化智能装备制造业产业基地。"
    )
    assert sentence not in plain and sentence in quoted
    assert "Source sentence" in quoted


SOLVE_RATE = """\
Figure       Value
──────────────────────────
start          500  given
end          1,500  given
rate    24.573094%  solved
years            5  given

end = start × (1 + rate) ^ years
"""


def test_solve_rate_table(run):
    result = run("solve", "--start", "500", "--end", "1500", "--years", "5")
    assert result.stdout == SOLVE_RATE


def test_solve_each_unknown(run):
    def solved(*args):
        return json.loads(run("solve", *args, "--json").stdout)

    assert solved("--start", "500", "--end", "1500", "--rate", "25%")["years"] == 4.923343212016677
    # 100 * 1.1 ** 2 = 121
    assert round(solved("--start", "100", "--rate", "10%", "--years", "2")["end"], 10) == 121
    assert round(solved("--end", "121", "--rate", "0.1", "--years", "2")["start"], 10) == 100
    doc = solved("--start", "500", "--end", "1500", "--years", "5")
    assert doc == {"schema": "ftzcalc.solve/1", "solved_for": "rate", "start": 500.0,
                   "end": 1500.0, "rate": 0.24573093961551734, "years": 5.0}  # fmt: skip


def test_solve_negative_rate_and_unicode_minus(run):
    a = json.loads(
        run("solve", "--start", "100", "--rate", "-10%", "--years", "2", "--json").stdout
    )
    b = json.loads(
        run("solve", "--start", "100", "--rate", "−10%", "--years", "2", "--json").stdout
    )
    assert round(a["end"], 10) == 81 and a == b


def test_solve_csv(run):
    result = run("solve", "--start", "500", "--end", "1500", "--years", "5", "--format", "csv")
    assert (
        result.stdout
        == "start,end,rate,years,solved_for\n500.0,1500.0,0.24573093961551734,5.0,rate\n"
    )


def test_version(run):
    assert run("--version").stdout == f"ftzcalc {__version__}\n"


def test_python_m_ftzcalc():
    out = subprocess.run(
        [sys.executable, "-m", "ftzcalc", "--version"], capture_output=True, text=True
    )
    assert out.stdout == f"ftzcalc {__version__}\n"


def test_bare_command_shows_help(run):
    result = run()
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ftzcalc [OPTIONS] COMMAND")


def test_no_color_is_honoured(run):
    coloured = run("gap", "zone-output", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[36m" in coloured  # ids are cyan on a terminal
    plain = run("gap", "zone-output", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[36m" not in plain


def test_data_option_and_environment_agree(run, write_toml, tmp_path):
    one = write_toml(minimal(), "one.toml")
    two = write_toml(minimal().replace('"widgets"', '"gadgets"'), "two.toml")
    by_option = run("gap", "--data", one, "--data", two, "--json").stdout
    by_env = run("gap", "--json", env={"FTZCALC_DATA": f"{one}{os.pathsep}{two}"}).stdout
    assert by_option == by_env
    doc = json.loads(by_option)
    assert doc["data"][1:] == [one, two]
    assert [m["id"] for m in doc["metrics"]][-2:] == ["widgets", "gadgets"]
    # --data wins over the variable
    only_one = run("gap", "--json", "--data", one, env={"FTZCALC_DATA": two}).stdout
    assert json.loads(only_one)["data"][1:] == [one]


def test_completion_of_metric_ids(run):
    env = {
        "_FTZCALC_COMPLETE": "bash_complete",
        "COMP_WORDS": "ftzcalc gap zone-",
        "COMP_CWORD": "2",
    }
    result = run(env=env)
    assert result.stdout == "plain,zone-output\nplain,zone-projects\n"


def test_ctrl_c_exits_130_without_traceback():
    code = (
        "import sys, time\n"
        "from ftzcalc.cli import gap, main\n"
        "gap.load = lambda *args: (print('ready', flush=True), time.sleep(30))\n"
        "sys.argv = ['ftzcalc', 'gap']\n"
        "main()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert (proc.returncode, out, err.strip()) == (130, "", "Error: interrupted")


def test_closed_pipe_stops_quietly():
    proc = subprocess.Popen(
        [sys.executable, "-m", "ftzcalc", "targets", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    proc.stdout.close()
    assert proc.wait(timeout=10) in (0, 1)
    assert proc.stderr.read() == b""


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

TARGETS_QUOTES_AT_80 = """\
Targets
zone-output
  Metric           Advanced-manufacturing output, Qingdao Area
  Scope            zone
  Unit             CNY 100m
  Baseline         >500 (2018)
  Target           >1,500 by 2023
  Wording          逾500亿元 / 突破1500亿元
  Source sentence  目前，在中国（山东）自由贸易试验区青岛片区内，拥有通用五菱、
                   海尔中央空调、正大制药、海尔滚筒洗衣机等重点先进制造业企业30
                   余家，2018年实现规上产值逾500亿元。
                   争取到2023年，青岛片区集聚先进制造项目100家以上，产值突破
                   1500亿元。
  Note             Above-scale (规上) output of the area's 30-odd key
"""


def test_progress_table_at_80_columns_exact(run):
    out = run(
        "gap", "zone-output", "intelligent-manufacturing", "--actual", "zone-output=820@2021",
        "--actual", "intelligent-manufacturing=330@2021",
        "--baseline", "intelligent-manufacturing=250", env={"COLUMNS": "80"},
    ).stdout  # fmt: skip
    assert out[out.index("Progress as of") :] == PROGRESS_AT_80


def test_targets_quotes_at_80_columns_exact(run):
    out = run("targets", "--quotes", env={"COLUMNS": "80"}).stdout
    assert "".join(out.splitlines(keepends=True)[:14]) == TARGETS_QUOTES_AT_80
