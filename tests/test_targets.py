"""ftzcalc targets: the metrics, references and scenarios of the data, with their sources."""

from __future__ import annotations

import json


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


def test_targets_quotes_at_80_columns_exact(run):
    out = run("targets", "--quotes", env={"COLUMNS": "80"}).stdout
    assert "".join(out.splitlines(keepends=True)[:14]) == TARGETS_QUOTES_AT_80
