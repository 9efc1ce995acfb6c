"""The scale benchmark's generated data (benchmarks/scale.py): valid, and ``gap`` on the whole
file is the sum of its parts. Nothing here is timed; the timings are the benchmark's to report."""

from __future__ import annotations

import json

import pytest

METRICS = 1_000


@pytest.fixture(scope="module")
def scale(scale_benchmark):
    return scale_benchmark


@pytest.fixture(scope="module")
def units(scale):
    return scale.units(METRICS)


@pytest.fixture
def whole(tmp_path, scale, units) -> str:
    path = tmp_path / "whole.toml"
    path.write_text(scale.render(units), encoding="utf-8")
    return str(path)


def gap_json(run, path: str) -> dict:
    result = run("gap", "--json", "--no-default-data", "--data", path)
    assert result.exit_code == 0, result.output
    return _without(json.loads(result.output), path)


def _without(value, path: str):
    """``value`` with the data file's name (every figure's origin) replaced by one word, so
    that figures read from two files compare equal."""
    if isinstance(value, dict):
        return {k: _without(v, path) for k, v in value.items()}
    if isinstance(value, list):
        return [_without(v, path) for v in value]
    return "<data file>" if value == path else value


def test_the_generator_is_deterministic_and_exact(scale, units):
    assert sum(len(u.ids) for u in units) == METRICS
    assert scale.render(units) == scale.render(scale.units(METRICS))
    kinds = [u.kind for u in units]
    assert kinds.count("family") == METRICS // 10
    assert {"level", "increase", "qualitative"} <= set(kinds)
    # a smaller file is the start of a larger one
    assert scale.units(100) == units[: len(scale.units(100))]
    assert sum(len(u.ids) for u in scale.units(1_003)) == 1_003


def test_the_1000_metric_file_checks_clean(run, whole):
    result = run("check", "--no-default-data", "--data", whole, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True, report["problems"][:5]
    assert report["metrics"] == METRICS


def test_gap_on_the_whole_file_is_the_sum_of_its_parts(run, tmp_path, scale, units, whole):
    full = gap_json(run, whole)
    metrics = {m["id"]: m for m in full["metrics"]}
    rollups = {r["parent"]: r for r in full["rollups"]}
    assert len(metrics) == METRICS
    assert len(rollups) == METRICS // 10  # every family's parent, none else
    assert all(r["adds_up"] for r in rollups.values())

    # every part: each family (a parent and its children) and each standalone metric alone
    assert {u.kind for u in units} == {"family", "level", "increase", "qualitative"}
    for i, unit in enumerate(units):
        path = tmp_path / f"part-{i}.toml"
        path.write_text(scale.render([unit]), encoding="utf-8")
        part = gap_json(run, str(path))
        assert [m["id"] for m in part["metrics"]] == unit.ids
        for m in part["metrics"]:
            assert m == metrics[m["id"]], m["id"]
        if unit.kind == "family":
            assert len(part["rollups"]) == 1
            assert part["rollups"][0] == rollups[unit.ids[0]]
        else:
            assert part["rollups"] == []
