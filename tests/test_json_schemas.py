"""Every command's JSON output validates against the JSON Schema shipped in the package."""

from __future__ import annotations

import json
import shlex
from importlib import resources
from pathlib import Path

import click
import pytest
from conftest import minimal
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[1]


def _schemas() -> dict[str, dict]:
    folder = resources.files("ftzcalc") / "schemas"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.iterdir()
            if p.name.endswith(".schema.json")}  # fmt: skip


@pytest.fixture(scope="module")
def validator_for():
    schemas = _schemas()
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )

    def make(command: str) -> Draft202012Validator:
        schema = schemas[f"{command}.schema.json"]
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, registry=registry)

    return make


def test_every_command_has_a_schema():
    from ftzcalc.cli import cli

    names = cli.list_commands(click.Context(cli))
    expected = {f"{name}.schema.json" for name in names} | {"common.schema.json"}
    assert set(_schemas()) == expected


CASES = [
    ("gap", ["gap"]),
    (
        "gap",
        [
            "gap",
            "--baseline",
            "intelligent-manufacturing=300",
            "--baseline",
            "city-innovation-centres=10",
            "--baseline",
            "new-energy-vehicles=100",
            "--baseline",
            "ic-chips=5",
            "--baseline",
            "lcd-panels=10",
            "--baseline",
            "biomedicine=40",
            "--baseline",
            "instruments=30",
        ],
    ),
    ("targets", ["targets"]),
    ("solve", ["solve", "--start", "500", "--end", "1500", "--years", "5"]),
    ("solve", ["solve", "--start", "100", "--end", "0", "--years", "5"]),
    ("gap", ["gap", "--data", "examples/illustrative-actuals.toml"]),
    ("gap", ["gap", "--data", "examples/illustrative-actuals.toml", "--as-of", "2019"]),
    ("targets", ["targets", "--data", "examples/illustrative-actuals.toml"]),
    ("check", ["check"]),
    ("check", ["check", "examples/broken-overlay.toml"]),
    ("project", ["project", "zone-output", "--rate", "2019=5%,2021=30%", "--until", "2026"]),
    ("project", ["project", "zone-output", "--data", "examples/illustrative-actuals.toml"]),
    ("scenario", ["scenario"]),
    ("scenario", ["scenario", "--data", "examples/illustrative-actuals.toml", "--rate", "12%"]),
    ("sensitivity", ["sensitivity", "zone-output"]),
    (
        "simulate",
        shlex.split(
            "simulate --growth 'triangular(15%, 20%, 25%)' --trials 5000 --seed 1 --correlation 0.5 "
            "--baseline ic-chips=5 --baseline intelligent-manufacturing=250 --baseline lcd-panels=10 "
            "--baseline new-energy-vehicles=100 --baseline biomedicine=40 --baseline instruments=30"
        ),
    ),
    (
        "simulate",
        shlex.split(
            "simulate --growth 'lognormal(0.2, 0.05)' --trials 100 --persistence "
            "--data examples/illustrative-actuals.toml"
        ),
    ),
    (
        "sensitivity",
        [
            "sensitivity",
            "zone-energy-intensity",
            "--starts",
            "0.4:0.6:0.05",
            "--data",
            "examples/illustrative-actuals.toml",
        ],
    ),
]


@pytest.mark.parametrize(("command", "args"), CASES)
def test_output_validates(command, args, run, validator_for, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(*args, "--format", "json")
    assert result.exit_code in (0, 1) and result.stderr == "", result.stderr
    doc = json.loads(result.stdout)
    errors = sorted(validator_for(command).iter_errors(doc), key=str)
    assert not errors, errors[0]


def test_small_and_decreasing_file_validates(run, write_toml, validator_for):
    path = write_toml(minimal(baseline="0", target="10", comparator="at-most"))
    doc = json.loads(run("gap", "--no-default-data", "--data", path, "--json").stdout)
    assert not list(validator_for("gap").iter_errors(doc))


def test_schema_rejects_a_rate_as_text(run, validator_for):
    doc = json.loads(run("gap", "zone-output", "--json").stdout)
    doc["metrics"][0]["required_rate"] = "24.57%"
    assert list(validator_for("gap").iter_errors(doc))
