"""Hostile data and figures: files too large or nested too deep, numbers that cannot be computed
with, rates that leave nothing to grow, actuals before their baseline, problems told where they
were made. Each gives one ``Error:`` line, nothing on stdout, and the right exit code (1 for bad
data and impossible maths, 2 for what was typed wrong), or for ``check`` every problem.
"""

from __future__ import annotations

import csv
import io
import os
import time

import pytest
from conftest import minimal

from ftzcalc import parsing, reader
from ftzcalc.dataset import load, load_all_problems, shipped_data_path
from ftzcalc.errors import DataError

INT64 = "an integer must fit in 64 bits, from -9223372036854775808 to 9223372036854775807"
TOML_INT64 = "not valid TOML: " + INT64
TOO_DEEP = "arrays and tables nested more than 32 levels deep"
NEGATIVE_RATE = "a rate of {} is -100% or less, a growth factor of 0 or below"
BIG = "1" + "0" * 399  # 400 digits
SCENARIO = '[[scenarios]]\nid = "s"\ndescription = "S"\n'

# (data file text or bytes, expected stderr without "Error: " and the file prefix)
FILE_CASES = {
    # 1. size and nesting, before and around the parse
    "arrays nested 1000 deep": (
        "schema = 1\nx = " + "[" * 1000 + "]" * 1000 + "\n",
        TOO_DEEP + " (at line 2)",
    ),
    "inline tables nested 1000 deep": (
        "schema = 1\n\nx = " + "{ a = " * 1000 + "1" + " }" * 1000 + "\n",
        TOO_DEEP + " (at line 3)",
    ),
    "arrays nested 33 deep": ("x = " + "[" * 33 + "]" * 33 + "\n", TOO_DEEP + " (at line 1)"),
    "unclosed arrays 1000 deep": (
        "schema = 1\nx = " + "[" * 1000 + "\n",
        TOO_DEEP + " (at line 2)",
    ),
    "brackets in strings and comments do not nest": (
        'schema = 1\nx = "'
        + "[" * 100
        + "\"\ny = '"
        + "{" * 100
        + "'\nz = '''\n"
        + "[" * 100
        + "\n'''\nw = \"\"\""
        + "{" * 100
        + '"""\n# '
        + "[" * 100
        + "\n",
        "metrics: required but missing",
    ),
    "integer of 5000 digits": ("schema = 1\nx = " + "1" * 5000 + "\n", TOML_INT64),
    "hexadecimal integer of 6000 digits": (
        "schema = 0x" + "f" * 6000 + "\n",
        "schema: " + TOML_INT64,
    ),
    # the shortest integers beyond 64 bits in each base TOML writes (a file without a run of
    # 16 digits is not walked for them)
    "2**63 in decimal": ("schema = 1\nx = 9223372036854775808\n", "x: " + TOML_INT64),
    "2**63 in decimal, with underscores": (
        "schema = 1\nx = 9_223_372_036_854_775_808\n",
        "x: " + TOML_INT64,
    ),
    "-2**63 - 1": ("schema = 1\nx = -9223372036854775809\n", "x: " + TOML_INT64),
    "2**63 in hexadecimal": ("schema = 1\nx = 0x8000000000000000\n", "x: " + TOML_INT64),
    "2**63 in octal": ("schema = 1\nx = 0o1000000000000000000000\n", "x: " + TOML_INT64),
    "2**63 in binary": ("schema = 1\nx = 0b1" + "0" * 63 + "\n", "x: " + TOML_INT64),
    "-2**63 is an integer TOML reads": (
        "schema = 1\nx = -9223372036854775808\n",
        "metrics: required but missing",
    ),
    "integer beyond 64 bits in an array": (
        "schema = 1\nx = [[1], [2, 18446744073709551616]]\n",
        "x[1][1]: " + TOML_INT64,
    ),
    "file above 4 MiB": (
        b"#" * (4 * 1024 * 1024 + 1),
        "larger than 4 MiB: a data file must be smaller",
    ),
    "file of 4 MiB": (b"#" * (4 * 1024 * 1024), "schema: required but missing"),
    # 2. numbers that cannot be represented, wherever a number goes
    "value of 400 digits": (minimal(baseline=BIG), "metrics[0].baseline.value: " + TOML_INT64),
    "target of 400 digits": (minimal(target=BIG), "metrics[0].target.value: " + TOML_INT64),
    "actual of 400 digits": (
        minimal() + f"[[metrics.actuals]]\nyear = 2021\nvalue = {BIG}\n",
        "metrics[0].actuals[0].value: " + TOML_INT64,
    ),
    "year of 400 digits": (
        minimal().replace("year = 2023", f"year = {BIG}"),
        "metrics[0].target.year: " + TOML_INT64,
    ),
    "scenario rate of 400 digits": (
        minimal() + SCENARIO + f"rate = {BIG}\n",
        "scenarios[0].rate: " + TOML_INT64,
    ),
    "correlation of 400 digits": (
        minimal() + SCENARIO + f'growth = "20%"\ncorrelation = {BIG}\n',
        "scenarios[0].correlation: " + TOML_INT64,
    ),
    "largest 64-bit integer as a value": (
        minimal(baseline="9223372036854775807"),
        "metrics[0].baseline.value: must be at most 1e+15, got 9.22337e+18",
    ),
    "value beyond MAX_VALUE": (
        minimal(target="1e16"),
        "metrics[0].target.value: must be at most 1e+15, got 1e+16",
    ),
    "value of 1e400 (infinite)": (
        minimal(target="1e400"),
        "metrics[0].target.value: must be a finite number, got inf",
    ),
    "baseline of 1e-320": (
        minimal(baseline="1e-320"),
        "metrics[0].baseline.value: must be 0 or at least 1e-09 in size, got 9.99989e-321",
    ),
    "actual of 1e-10": (
        minimal() + "[[metrics.actuals]]\nyear = 2021\nvalue = 1e-10\n",
        "metrics[0].actuals[0].value: must be 0 or at least 1e-09 in size, got 1e-10",
    ),
    "reference of 1e-12": (
        minimal() + '[[references]]\nid = "r"\nkind = "growth"\nyear = 2018\nvalue = 1e-12\n'
        'name = { en = "R", zh = "乙" }\n',
        "references[0].value: must be 0 or at least 1e-09 in size, got 1e-12",
    ),
    # 3. rates of -100% or less, as scenario rates
    "scenario rate of -150%": (
        minimal() + SCENARIO + 'rate = "-150%"\n',
        "scenarios[0].rate: " + NEGATIVE_RATE.format("-150%"),
    ),
    "scenario rate of -1.5 as a number": (
        minimal() + SCENARIO + "rate = -1.5\n",
        "scenarios[0].rate: " + NEGATIVE_RATE.format("-150%"),
    ),
    "scenario rate path reaching -100%": (
        minimal() + SCENARIO + '[scenarios.rates]\nwidgets = "2019=5%,2021=-100%"\n',
        "scenarios[0].rates.widgets: " + NEGATIVE_RATE.format("-100%"),
    ),
    # 6. every unknown key is a problem; loading says the first
    "three unknown keys": (
        minimal() + "valeu = 6\ncolour = 1\nzz = 2\n",
        "metrics[0].target.valeu: unknown key (did you mean 'value'?)",
    ),
}


@pytest.mark.parametrize("case", list(FILE_CASES), ids=list(FILE_CASES))
def test_hostile_data_file(case, run, write_toml, tmp_path):
    text, message = FILE_CASES[case]
    if isinstance(text, bytes):
        path = str(tmp_path / "data.toml")
        with open(path, "wb") as handle:
            handle.write(text)
    else:
        path = write_toml(text)
    result = run("gap", "--no-default-data", "--data", path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {path}: {message}\n",
    )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_file_is_refused_at_once(run):
    started = time.monotonic()
    result = run("gap", "--data", "/dev/zero")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: /dev/zero: larger than 4 MiB: a data file must be smaller\n",
    )
    assert time.monotonic() - started < 5


def test_nesting_up_to_the_limit_is_read():
    text = "x = " + "[" * reader.MAX_NESTING + "]" * reader.MAX_NESTING + "\n"
    value = reader.parse_toml(text, "f.toml")["x"]
    for _ in range(reader.MAX_NESTING - 1):
        (value,) = value
    assert value == []


def test_dotted_keys_nest_tables_without_a_stack():
    text = "schema = 1\n" + ".".join(["a"] * 900) + f" = {BIG}\n"
    with pytest.raises(DataError) as info:
        reader.parse_toml(text, "f.toml")
    assert info.value.path == ".".join(["a"] * 900)
    assert info.value.message == TOML_INT64


def test_a_key_of_thousands_of_parts_is_refused_by_the_parser():
    text = "schema = 1\n" + ".".join(["a"] * 3000) + " = 1\n"
    with pytest.raises(DataError) as info:
        reader.parse_toml(text, "f.toml")
    assert (info.value.path, info.value.message) == (
        "",
        "not valid TOML: TOML key has more than the allowed 1000 parts",
    )


def test_one_set_of_number_limits_for_files_and_command_line():
    assert reader.MAX_VALUE is parsing.MAX_VALUE and reader.MIN_MAGNITUDE is parsing.MIN_MAGNITUDE
    assert parsing.parse_number("1e15") == 1e15 and parsing.parse_number("1e-9") == 1e-9
    assert parsing.parse_number("0") == 0 and parsing.parse_number("-1e-9") == -1e-9


# (arguments, expected stderr, exit code)
ARG_CASES = {
    # 2. the command line has the limits of files
    "baseline of 400 digits": (
        ["gap", "--baseline", f"zone-output={BIG}"],
        f"Error: Invalid value for '--baseline': '{BIG}' is too large a value "
        "(see 'ftzcalc gap --help')",
        2,
    ),
    "baseline of 1e308": (
        ["gap", "--baseline", "zone-output=1e308"],
        "Error: Invalid value for '--baseline': '1e308' is too large a value "
        "(see 'ftzcalc gap --help')",
        2,
    ),
    "baseline beyond MAX_VALUE": (
        ["gap", "--baseline", "zone-output=1.5e15"],
        "Error: Invalid value for '--baseline': '1.5e15' is too large a value "
        "(see 'ftzcalc gap --help')",
        2,
    ),
    "baseline of 1e-320": (
        ["gap", "--baseline", "zone-output=1e-320"],
        "Error: Invalid value for '--baseline': '1e-320' is too small a value: give 0 or at "
        "least 1e-09 (see 'ftzcalc gap --help')",
        2,
    ),
    "actual of 1e-10": (
        ["gap", "--actual", "zone-output=1e-10@2021"],
        "Error: Invalid value for '--actual': '1e-10' is too small a value: give 0 or at "
        "least 1e-09 (see 'ftzcalc gap --help')",
        2,
    ),
    "start of 400 digits": (
        ["solve", "--start", BIG, "--end", "5", "--years", "3"],
        f"Error: Invalid value for '--start': '{BIG}' is too large a value "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "end of 1e308": (
        ["solve", "--start", "5", "--end", "1e308", "--years", "3"],
        "Error: Invalid value for '--end': '1e308' is too large a value "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "start of 1e-320": (
        ["solve", "--start", "1e-320", "--end", "5", "--years", "3"],
        "Error: Invalid value for '--start': '1e-320' is too small a value: give 0 or at "
        "least 1e-09 (see 'ftzcalc solve --help')",
        2,
    ),
    "starts from 1e-320": (
        ["sensitivity", "zone-output", "--starts", "1e-320:1:0.5"],
        "Error: Invalid value for '--starts': '1e-320' is too small a value: give 0 or at "
        "least 1e-09 (see 'ftzcalc sensitivity --help')",
        2,
    ),
    "starts to 1e300": (
        ["sensitivity", "zone-output", "--starts", "400:1e300:50"],
        "Error: Invalid value for '--starts': '1e300' is too large a value "
        "(see 'ftzcalc sensitivity --help')",
        2,
    ),
    # 3. rates of -100% or less, wherever a rate is typed
    "rate of -150%": (
        ["solve", "--start", "500", "--rate", "-150%", "--years", "5"],
        "Error: Invalid value for '--rate': "
        + NEGATIVE_RATE.format("-150%")
        + " (see 'ftzcalc solve --help')",
        2,
    ),
    "scenario rate of -150%": (
        ["scenario", "--rate", "-150%", "--json"],
        "Error: Invalid value for '--rate': "
        + NEGATIVE_RATE.format("-150%")
        + " (see 'ftzcalc scenario --help')",
        2,
    ),
    "scenario rate of -1.5": (
        ["scenario", "--rate", "-1.5", "--json"],
        "Error: Invalid value for '--rate': "
        + NEGATIVE_RATE.format("-150%")
        + " (see 'ftzcalc scenario --help')",
        2,
    ),
    "project rate path reaching -100%": (
        ["project", "zone-output", "--rate", "2019=5%,2020=-100%"],
        "Error: Invalid value for '--rate': "
        + NEGATIVE_RATE.format("-100%")
        + " (see 'ftzcalc project --help')",
        2,
    ),
    "sensitivity rates from -200%": (
        ["sensitivity", "zone-output", "--rates", "-200%:10%:10%"],
        "Error: Invalid value for '--rates': "
        + NEGATIVE_RATE.format("-200%")
        + " (see 'ftzcalc sensitivity --help')",
        2,
    ),
    # 4. --actual before the baseline year, as `check` says of a file's
    "actual before the baseline year": (
        ["gap", "--actual", "zone-output=480@2016"],
        "Error: --actual zone-output: 2016 is before the baseline year 2018",
        2,
    ),
    "actual before a --baseline year": (
        ["gap", "--baseline", "ic-chips=10@2019", "--actual", "ic-chips=12@2018"],
        "Error: --actual ic-chips: 2018 is before the baseline year 2019",
        2,
    ),
    "actual of a qualitative target": (
        ["gap", "--actual", "lcd-shipment-rank=5@2021"],
        "Error: --actual lcd-shipment-rank: a qualitative target has no figures to track",
        2,
    ),
}


@pytest.mark.parametrize("case", list(ARG_CASES), ids=list(ARG_CASES))
def test_hostile_arguments(case, run):
    args, message, code = ARG_CASES[case]
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message + "\n")


def test_actual_in_the_baseline_year_is_taken(run):
    result = run("gap", "--actual", "zone-output=500@2018", "--json")
    assert result.exit_code == 0, result.stderr


# 5. a unit set by an overlay is blamed on the overlay

UNIT_OVERLAY = 'schema = 1\n[[metrics]]\nid = "{id}"\nunit = {{ en = "yuan", zh = "元" }}\n'

# (metric whose unit the overlay sets, expected stderr without "Error: " and the overlay's path)
OVERLAY_CASES = {
    "unit of a parent": (
        "zone-output",
        "metrics[0].unit: unit 'yuan' differs from the unit 'CNY 100m' of the child "
        "'intelligent-manufacturing': children must add up to their parent",
    ),
    "unit of a child": (
        "ic-chips",
        "metrics[0].unit: unit 'yuan' differs from the parent's unit 'CNY 100m': "
        "children must add up to their parent",
    ),
}


@pytest.mark.parametrize("case", list(OVERLAY_CASES), ids=list(OVERLAY_CASES))
def test_unit_set_by_an_overlay_is_blamed_on_it(case, run, write_toml):
    metric_id, message = OVERLAY_CASES[case]
    path = write_toml(UNIT_OVERLAY.format(id=metric_id))
    result = run("gap", "--data", path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {path}: {message}\n",
    )


def test_check_blames_every_child_on_the_overlay_unit(write_toml):
    path = write_toml(UNIT_OVERLAY.format(id="zone-output"))
    _, problems = load_all_problems([shipped_data_path(), path])
    assert {(p.file, p.path) for p in problems} == {(path, "metrics[0].unit")}
    assert len(problems) == 6  # one for each child


# 6. `check` lists every unknown key of a table, each with its key path


def check_rows(run, path):
    result = run("check", "--no-default-data", "--data", path, "--format", "csv")
    assert result.exit_code == 1 and result.stderr == ""
    return list(csv.reader(io.StringIO(result.stdout)))[1:]


def test_check_lists_every_unknown_key(run, write_toml):
    path = write_toml(
        minimal() + "valeu = 6\ncolour = 1\nzz = 2\n"
        '[[references]]\nid = "r"\nkind = "growth"\nyear = 2018\nvalue = 0.1\n'
        'name = { en = "R", zh = "乙", fr = "R", de = "R" }\n'
    )  # fmt: skip
    assert check_rows(run, path) == [
        [path, "metrics[0].target.colour", "unknown key"],
        [path, "metrics[0].target.valeu", "unknown key (did you mean 'value'?)"],
        [path, "metrics[0].target.zz", "unknown key"],
        [path, "references[0].name.de", "unknown key"],
        [path, "references[0].name.fr", "unknown key"],
    ]


def test_check_finds_a_baseline_too_small_to_compute_with(run, write_toml):
    path = write_toml(minimal(baseline="1e-320"))
    assert check_rows(run, path) == [
        [path, "metrics[0].baseline.value",
         "must be 0 or at least 1e-09 in size, got 9.99989e-321"],
    ]  # fmt: skip


def test_check_with_thousands_of_unknown_parents_ends(write_toml):
    """A "did you mean" for each of 3,000 unknown ids among 3,000 took minutes."""
    body = "".join(
        minimal().split("\n", 2)[2].replace('"widgets"', f'"w{i}"') for i in range(3000)
    ).replace('scope = "zone"\n', 'scope = "zone"\nparent = "nope"\n')
    path = write_toml("schema = 1\n" + body)
    started = time.monotonic()
    _, problems = load_all_problems([path])
    assert len(problems) == 3000
    assert problems[0].message == "no metric has the id 'nope'"
    assert time.monotonic() - started < 30


# 7. paths are said exactly as given, spaces and all


def test_path_with_spaces_is_kept_exactly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in (" f.toml", "a  b.toml", "f.toml "):
        with pytest.raises(DataError) as info:
            load([name])
        assert str(info.value) == f"{name}: no such file"


def test_path_with_spaces_is_kept_on_the_command_line(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("gap", env={"FTZCALC_DATA": " a  b.toml"})
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error:  a  b.toml: no such file\n",
    )
