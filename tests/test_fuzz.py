"""Fuzzing the promise every command makes: for any data file and any command line, ftzcalc
either answers (exit 0; JSON that validates against the command's schema) or says what is wrong
in exactly one ``Error: …`` line, with exit 1 or 2 and nothing on stdout. Never a traceback.

Data files are valid ones mutated (values replaced by hostile ones of every type and size,
keys deleted or added, values nested), written back with tomli-w; command lines mix good and
hostile arguments for every command. The run is derandomized (the same examples every time)
and bounded: ``FTZCALC_FUZZ_EXAMPLES`` sets the number of examples per test (default 60; try
5000 for a long run).
"""

from __future__ import annotations

import copy
import json
import math
import os
import tomllib
import traceback
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftzcalc.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("FTZCALC_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
    suppress_health_check=list(HealthCheck),
)  # fmt: skip

SEEDS = [
    tomllib.loads((ROOT / "examples" / "illustrative-actuals.toml").read_text(encoding="utf-8")),
    tomllib.loads((ROOT / "data" / "targets.toml").read_text(encoding="utf-8")),
]

HOSTILE_NUMBERS = [0, -1, -0.0, 1.5, 2023, 1e-320, 1e-9, 1e15, 1e16, 1e308, 10**400, -(10**30),
                   math.inf, -math.inf, math.nan, True]  # fmt: skip
HOSTILE_TEXTS = ["", " ", "zone-output", "ic-chips", "nosuch", "[bold]x[/]", "=1+1", "-2", "@x",
                 "\u2028", "\x9b[2J", "\u202eevil", "先进制造业", "a" * 300, "level", "at-least",
                 "more-than", "increase", "qualitative", "zone", "city", "over", "1"]  # fmt: skip
LEAVES = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(HOSTILE_TEXTS),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(HOSTILE_TEXTS), inner, max_size=3),
    ),
    max_leaves=6,
)


def _slots(node, found):
    """Every (container, key) in a parsed TOML document, where a value can be changed."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        found.append((node, key))
        if isinstance(value, dict | list):
            _slots(value, found)
    return found


@st.composite
def data_files(draw):
    """A valid data file, mutated one to four times, as TOML text."""
    document = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        slots = _slots(document, [])
        if not slots:  # everything was deleted: an empty document is hostile enough
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "nest"]))
        if action == "replace":
            container[key] = draw(VALUES)
        elif action == "delete":
            del container[key]
        elif action == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(HOSTILE_TEXTS)) or "extra"] = draw(VALUES)
        elif action == "nest":
            for _ in range(draw(st.integers(1, 30))):
                container[key] = [container[key]]
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):  # a shape TOML cannot write: keep the valid file
        return tomli_w.dumps(draw(st.sampled_from(SEEDS)))


IDS = st.sampled_from(["zone-output", "ic-chips", "intelligent-manufacturing", "city-new-output",
                       "zone-energy-intensity", "nosuch", "zone-outptu", "", "x\x1by"])  # fmt: skip
NUMBERS = st.sampled_from(["500", "0", "-1", "250", "1e15", "1e308", "1" * 400, "nan", "inf",
                           "1,500", "1e-320", "3.000000000003", "abc"])  # fmt: skip
YEARS = st.sampled_from(["2018", "2021", "2023", "2030", "1800", "99999", "x"])
RATES = st.sampled_from(["15%", "0.15", "-5%", "-100%", "-150%", "1e400%", "nan", "15", "0",
                         "ref:city-industrial-va-growth-2018", "ref:nosuch", "2019=5%,2021=12%",
                         "2030=5%", "zone-output=20%", "abc"])  # fmt: skip
RANGES = st.sampled_from(["15%:30%:2.5%", "0%:100%:0.0000001%", "30%:15%:1%", "5%", "x:y",
                          "1%:2%:0%"])  # fmt: skip
YEAR_RANGES = st.sampled_from(["2019:2031", "2019:2031:1.5", "2031:2019", "1:99999", "2023"])
DISTRIBUTIONS = st.sampled_from(["triangular(15%, 20%, 25%)", "normal(20%, 5%)",
                                 "normal(-150%, 1%)", "lognormal(0.18, 0.06)",
                                 "lognormal(-800, 1)", "uniform(10%, 5%)", "20%",
                                 "zone-output=normal(20%,1%)", "weibull(1)", ""])  # fmt: skip


def _assignments(option):
    return st.tuples(IDS, NUMBERS, YEARS).map(lambda t: [option, f"{t[0]}={t[1]}@{t[2]}"])


COMMANDS = st.one_of(
    st.tuples(st.just(["gap"]), st.lists(IDS, max_size=2),
              st.lists(st.one_of(_assignments("--baseline"), _assignments("--actual")), max_size=2),
              st.sampled_from([[], ["--as-of", "2021"], ["--as-of", "1700"]])),
    st.tuples(st.just(["targets"]), st.sampled_from([[], ["--quotes"]])),
    st.tuples(st.just(["check"])),
    st.tuples(st.just(["solve"]), st.lists(st.one_of(
        NUMBERS.map(lambda n: ["--start", n]), NUMBERS.map(lambda n: ["--end", n]),
        RATES.map(lambda r: ["--rate", r]), NUMBERS.map(lambda n: ["--years", n])),
        min_size=2, max_size=4)),
    st.tuples(st.just(["project"]), IDS.map(lambda i: [i]),
              st.lists(RATES.map(lambda r: ["--rate", r]), max_size=2),
              st.sampled_from([[], ["--until", "2030"], ["--until", "2019"]])),
    st.tuples(st.just(["scenario"]),
              st.lists(st.sampled_from(["required", "city-industry-pace", "nosuch"]), max_size=2),
              st.lists(RATES.map(lambda r: ["--rate", r]), max_size=2)),
    st.tuples(st.just(["sensitivity"]), IDS.map(lambda i: [i]),
              st.sampled_from([[], ["--rates", "15%:30%:5%"]]) | RANGES.map(lambda r: ["--rates", r]),
              YEAR_RANGES.map(lambda y: ["--years", y])),
    st.tuples(st.just(["simulate"]), st.lists(DISTRIBUTIONS.map(lambda d: ["--growth", d]),
                                             max_size=2),
              st.sampled_from([["--trials", "500"], ["--trials", "1000000001"], ["--trials", "0"]]),
              st.sampled_from([[], ["--seed", "1"], ["--correlation", "0.5"],
                               ["--correlation", "nan"], ["--persistence"]]),
              st.sampled_from([[], ["--baseline", "ic-chips=5", "--baseline", "lcd-panels=10"]])),
)  # fmt: skip
FORMATS = st.sampled_from([[], ["--json"], ["--format", "csv"]])


def _flatten(parts):
    args = []
    for part in parts:
        for piece in part:
            args += piece if isinstance(piece, list) else [piece]
    return args


def _validator(command):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    folder = ROOT / "src" / "ftzcalc" / "schemas"
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    schema = json.loads((folder / f"{command}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry)


def check_contract(args: list[str]) -> None:
    runner = CliRunner()
    env = {"FTZCALC_DATA": None, "FTZCALC_LANG": None, "COLUMNS": "80", "NO_COLOR": None}
    result = runner.invoke(cli, args, env=env, prog_name="ftzcalc")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"ftzcalc {args!r} raised:\n{trace}")
    if result.exit_code == 0:
        if "--json" in args:
            document = json.loads(result.stdout)
            errors = list(_validator(args[0]).iter_errors(document))
            assert not errors, f"ftzcalc {args!r}: {errors[0].message}"
        return
    if args[0] == "check" and result.exit_code == 1:  # check lists problems and exits 1
        return
    assert result.exit_code in (1, 2), (args, result.exit_code, result.output)
    assert result.stdout == "", (args, result.stdout)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)


@FUZZ
@given(command=COMMANDS, fmt=FORMATS)
def test_command_lines_keep_the_contract(command, fmt):
    check_contract(_flatten(command) + fmt)


@FUZZ
@given(text=data_files(), command=COMMANDS, fmt=FORMATS)
def test_data_files_keep_the_contract(tmp_path_factory, text, command, fmt):
    path = tmp_path_factory.mktemp("fuzz") / "data.toml"
    path.write_text(text, encoding="utf-8")
    check_contract([*_flatten(command), "--data", str(path), *fmt])
