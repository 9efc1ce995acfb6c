"""Helpers shared by the tests: run the CLI as a user would, write small data files."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ftzcalc.cli import cli

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_33ed420b5246671a.txt"


@pytest.fixture
def run():
    """Invoke ``ftzcalc ARGS`` with a clean environment; returns Click's Result."""

    def invoke(*args: str, env: dict[str, str] | None = None):
        runner = CliRunner()
        base = {"FTZCALC_DATA": None, "FTZCALC_LANG": None, "COLUMNS": None, "NO_COLOR": None}
        return runner.invoke(cli, list(args), env={**base, **(env or {})}, prog_name="ftzcalc")

    return invoke


@pytest.fixture(scope="session")
def scale_benchmark():
    """benchmarks/scale.py as a module: its generator of data files of N metrics."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"
    spec = importlib.util.spec_from_file_location("ftzcalc_scale_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.fixture
def write_toml(tmp_path):
    """Write a data file from (dedented) text and return its path as a string."""

    def write(text: str, name: str = "data.toml") -> str:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(path)

    return write


MINIMAL = """\
schema = 1

[[metrics]]
id = "widgets"
scope = "zone"
name = {{ en = "{name}", zh = "部件" }}
unit = {{ en = "units", zh = "个" }}

[metrics.baseline]
year = 2018
value = {baseline}

[metrics.target]
kind = "level"
year = 2023
comparator = "{comparator}"
value = {target}
"""


def minimal(name: str = "Widgets", baseline: str = "100", target: str = "200",
            comparator: str = "at-least") -> str:  # fmt: skip
    """A one-metric data file; each argument is pasted into the TOML as written."""
    return MINIMAL.format(name=name, baseline=baseline, target=target, comparator=comparator)


#: A parent of two children, one targeting another year than the parent: for roll-up rules.
FAMILY = """\
schema = 1

[[metrics]]
id = "p"
scope = "zone"
name = { en = "P", zh = "甲" }
unit = { en = "u", zh = "个" }
baseline = { year = 2018, value = 100 }
target = { kind = "level", year = 2023, comparator = "at-least", value = 200 }

[[metrics]]
id = "a"
scope = "zone"
parent = "p"
name = { en = "A", zh = "乙" }
unit = { en = "u", zh = "个" }
baseline = { year = 2018, value = 60 }
target = { kind = "level", year = 2023, comparator = "at-least", value = 120 }

[[metrics]]
id = "b"
scope = "zone"
parent = "p"
name = { en = "B", zh = "丙" }
unit = { en = "u", zh = "个" }
baseline = { year = 2018, value = 40 }
target = { kind = "level", year = 2025, comparator = "at-least", value = 100 }
"""
