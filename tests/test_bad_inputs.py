"""Bad input, typed or in a file: each gives its own one-line error, the right exit code, no stdout.

Exit 2 is for what was typed wrong (Click's usage errors, unknown ids), 1 for bad data and
impossible maths. Key paths count array entries from 0.
"""

from __future__ import annotations

import pytest
from conftest import minimal

GOOD_NAME = 'name = { en = "A", zh = "甲" }\nunit = { en = "u", zh = "个" }\n'


def metric(body: str, mid: str = "a", extra: str = "") -> str:
    return f'[[metrics]]\nid = "{mid}"\nscope = "zone"\n{extra}{GOOD_NAME}{body}'


LEVEL = '[metrics.target]\nkind = "level"\nyear = 2023\ncomparator = "at-least"\nvalue = 5\n'

# (data file text or None, arguments, expected stderr without "Error: " and the file prefix, exit code)
FILE_CASES = {
    "malformed TOML": (
        "schema = 1\nmetrics = [\n",
        "not valid TOML: Invalid value (at end of document)",
    ),
    "duplicate TOML key": (
        "schema = 1\nschema = 2\n",
        "not valid TOML: Cannot overwrite a value (at line 2, column 11)",
    ),
    "empty file": ("  \n", "the file is empty: a data file has schema = 1 and [[metrics]]"),
    "no schema": ("[[metrics]]\n", "schema: required but missing"),
    "schema as string": ('schema = "1"\n', "schema: expected the integer 1, got the string '1'"),
    "newer schema": (
        "schema = 2\n",
        "schema: version 2 is not supported (newer than this ftzcalc reads: "
        "upgrade ftzcalc); this ftzcalc reads 1",
    ),
    "no metrics": ("schema = 1\n", "metrics: required but missing"),
    "empty metrics": ("schema = 1\nmetrics = []\n", "metrics: must list at least one metric"),
    "metrics not tables": (
        "schema = 1\nmetrics = 3\n",
        "metrics: expected an array of tables ([[metrics]]), got the integer 3",
    ),
    "missing target": ("schema = 1\n" + metric(""), "metrics[0].target: required but missing"),
    "missing name": (
        'schema = 1\n[[metrics]]\nid = "a"\nscope = "zone"\n',
        "metrics[0].name: required but missing",
    ),
    "value as string": (
        "schema = 1\n" + metric(LEVEL.replace("value = 5", 'value = "500"')),
        "metrics[0].target.value: expected a number, got the string '500'",
    ),
    "year as string": (
        "schema = 1\n" + metric(LEVEL.replace("year = 2023", 'year = "2023"')),
        "metrics[0].target.year: expected a year as an integer, got the string '2023'",
    ),
    "year as float": (
        "schema = 1\n" + metric(LEVEL.replace("year = 2023", "year = 2023.5")),
        "metrics[0].target.year: expected a year as an integer, got the number 2023.5",
    ),
    "year out of range": (
        "schema = 1\n" + metric(LEVEL.replace("year = 2023", "year = 3023")),
        "metrics[0].target.year: year 3023 is outside 1900-2200",
    ),
    "boolean value": (
        "schema = 1\n" + metric(LEVEL.replace("value = 5", "value = true")),
        "metrics[0].target.value: expected a number, got a boolean",
    ),
    "unknown comparator": (
        "schema = 1\n" + metric(LEVEL.replace('"at-least"', '"more-then"')),
        "metrics[0].target.comparator: unknown value 'more-then' (did you mean "
        "'more-than'? expected one of: more-than, at-least, less-than, at-most)",
    ),
    "unknown kind": (
        "schema = 1\n" + metric(LEVEL.replace('"level"', '"rate"')),
        "metrics[0].target.kind: unknown value 'rate' "
        "(expected one of: level, increase, qualitative)",
    ),
    "unknown key": (
        "schema = 1\n" + metric(LEVEL.replace("value = 5", "valeu = 5")),
        "metrics[0].target.value: required but missing (is 'valeu' a typo for it?)",
    ),
    "extra key": (
        "schema = 1\n" + metric(LEVEL + "valeu = 6\n"),
        "metrics[0].target.valeu: unknown key (did you mean 'value'?)",
    ),
    "bad id": (
        "schema = 1\n" + metric(LEVEL, mid="Zone Output"),
        "metrics[0].id: 'Zone Output' is not a valid id: use lower-case letters, digits "
        "and '-' (at most 64, starting with a letter or digit)",
    ),
    "duplicate ids": (
        "schema = 1\n" + metric(LEVEL) + metric(LEVEL),
        "metrics[1].id: duplicate id 'a' (first at metrics[0])",
    ),
    "reversed years": (
        "schema = 1\n" + metric("[metrics.baseline]\nyear = 2024\nvalue = 1\n" + LEVEL),
        "metrics[0].target.year: the target year 2023 is not after the baseline year 2024",
    ),
    "reversed period": (
        "schema = 1\n"
        + metric(
            '[metrics.target]\nkind = "increase"\nperiod = [2021, 2019]\ncomparator = "at-least"\n'
            "value = 5\n"
        ),
        "metrics[0].target.period: reversed: the last year 2019 is before the first year 2021",
    ),
    "range high below value": (
        "schema = 1\n"
        + metric(
            '[metrics.target]\nkind = "increase"\nperiod = [2019, 2021]\ncomparator = "at-least"\n'
            "value = 5\nhigh = 4\n"
        ),
        "metrics[0].target.high: the high end 4 is below the value 5",
    ),
    "negative value": (
        "schema = 1\n" + metric("[metrics.baseline]\nyear = 2018\nvalue = -5\n" + LEVEL),
        "metrics[0].baseline.value: must be 0 or more, got -5",
    ),
    "NaN value": (
        "schema = 1\n" + metric(LEVEL.replace("value = 5", "value = nan")),
        "metrics[0].target.value: must be a finite number, got nan",
    ),
    "infinite value": (
        "schema = 1\n" + metric(LEVEL.replace("value = 5", "value = inf")),
        "metrics[0].target.value: must be a finite number, got inf",
    ),
    "huge value": (
        "schema = 1\n" + metric(LEVEL.replace("value = 5", "value = 1e20")),
        "metrics[0].target.value: must be at most 1e+15, got 1e+20",
    ),
    "missing parent": (
        "schema = 1\n" + metric(LEVEL, mid="a") + metric(LEVEL, mid="b", extra='parent = "aa"\n'),
        "metrics[1].parent: no metric has the id 'aa' (did you mean 'a'?)",
    ),
    "own parent": (
        "schema = 1\n" + metric(LEVEL, extra='parent = "a"\n'),
        "metrics[0].parent: 'a' cannot be its own parent",
    ),
    "parent cycle": (
        "schema = 1\n"
        + metric(LEVEL, mid="a", extra='parent = "b"\n')
        + metric(LEVEL, mid="b", extra='parent = "a"\n'),
        "metrics[0].parent: parents form a cycle through 'a'",
    ),
    "name with newline": (
        "schema = 1\n" + metric(LEVEL).replace('en = "A"', 'en = "A\\nB"'),
        "metrics[0].name.en: must be one line of text",
    ),
    "actuals not an array": (
        "schema = 1\n" + metric("actuals = 5\n" + LEVEL),
        "metrics[0].actuals: expected an array of tables ([[actuals]]), got the integer 5",
    ),
    "actual year as text": (
        "schema = 1\n" + metric('actuals = [{ year = "2021", value = 1 }]\n' + LEVEL),
        "metrics[0].actuals[0].year: expected a year as an integer, got the string '2021'",
    ),
    "actual negative": (
        "schema = 1\n" + metric("actuals = [{ year = 2021, value = -1 }]\n" + LEVEL),
        "metrics[0].actuals[0].value: must be 0 or more, got -1",
    ),
    "actual without value": (
        "schema = 1\n" + metric("actuals = [{ year = 2021 }]\n" + LEVEL),
        "metrics[0].actuals[0].value: required but missing",
    ),
    "actual twice": (
        "schema = 1\n"
        + metric("actuals = [{ year = 2021, value = 1 }, { year = 2021, value = 2 }]\n" + LEVEL),
        "metrics[0].actuals[1].year: 2021 is given twice (also at metrics[0].actuals[0])",
    ),
    "share above 1": (
        "schema = 1\n" + metric(LEVEL) + '[[references]]\nid = "r"\nkind = "share"\n'
        'year = 2018\nvalue = 37\nname = { en = "R", zh = "乙" }\n',
        "references[0].value: a share is a fraction from 0 to 1, got 37 (did you mean 0.37?)",
    ),
}


@pytest.mark.parametrize("case", list(FILE_CASES), ids=list(FILE_CASES))
def test_bad_data_file(case, run, write_toml):
    text, message = FILE_CASES[case]
    path = write_toml(text)
    result = run("gap", "--no-default-data", "--data", path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {path}: {message}\n",
    )


def test_non_utf8_bytes(run, tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"schema = 1\n# caf\xe9\n")
    result = run("targets", "--data", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr
        == f"Error: {path}: not UTF-8 text (byte 0xe9 at offset 16); save it as UTF-8\n"
    )


def test_directory_and_missing_path(run, tmp_path):
    result = run("gap", "--data", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}: is a directory, not a data file\n",
    )
    missing = tmp_path / "nope.toml"
    result = run("gap", "--data", str(missing))
    assert (result.exit_code, result.stderr) == (1, f"Error: {missing}: no such file\n")


def test_data_from_environment_variable(run, tmp_path):
    missing = tmp_path / "env.toml"
    result = run("gap", env={"FTZCALC_DATA": str(missing)})
    assert result.stderr == f"Error: {missing}: no such file\n"


# (arguments, expected stderr, exit code)
ARG_CASES = {
    "unknown id": (
        ["gap", "zone-outpt"],
        "Error: unknown metric 'zone-outpt' (did you mean 'zone-output'?)",
        2,
    ),
    "unknown id, no hint": (["gap", "xyz"], "Error: unknown metric 'xyz'", 2),
    "baseline without =": (
        ["gap", "--baseline", "ic-chips"],
        "Error: Invalid value for '--baseline': 'ic-chips' is not ID=VALUE[@YEAR], "
        "e.g. intelligent-manufacturing=300@2018 (see 'ftzcalc gap --help')",
        2,
    ),
    "baseline bad value": (
        ["gap", "--baseline", "ic-chips=abc"],
        "Error: Invalid value for '--baseline': 'abc' is not a value: expected a "
        "number such as 500 or 1.5e3 (see 'ftzcalc gap --help')",
        2,
    ),
    "baseline with separator": (
        ["gap", "--baseline", "ic-chips=1,500"],
        "Error: Invalid value for '--baseline': '1,500' is not a number: "
        "write 1500, without separators (see 'ftzcalc gap --help')",
        2,
    ),
    "baseline bad year": (
        ["gap", "--baseline", "ic-chips=5@18"],
        "Error: Invalid value for '--baseline': '18' is not a year: expected four "
        "digits such as 2018 (see 'ftzcalc gap --help')",
        2,
    ),
    "baseline negative": (
        ["gap", "--baseline", "ic-chips=-5"],
        "Error: Invalid value for '--baseline': 'ic-chips=-5': the value must be 0 "
        "or more, got -5 (see 'ftzcalc gap --help')",
        2,
    ),
    "baseline unknown id": (
        ["gap", "--baseline", "ic-chip=5"],
        "Error: unknown metric 'ic-chip' (did you mean 'ic-chips'?)",
        2,
    ),
    "baseline after target": (
        ["gap", "--baseline", "ic-chips=5@2024"],
        "Error: --baseline ic-chips: the year 2024 is not before the target year 2023",
        2,
    ),
    "baseline inside period": (
        ["gap", "--baseline", "city-innovation-centres=5@2020"],
        "Error: --baseline city-innovation-centres: the year 2020 is inside "
        "the period 2019-2021; the increase counts from 2018",
        2,
    ),
    "rate above 1": (
        ["solve", "--start", "500", "--rate", "15", "--years", "5"],
        "Error: Invalid value for '--rate': '15' is not a rate: a bare number above 1 "
        "means more than 100% a year (did you mean 15%?) (see 'ftzcalc solve --help')",
        2,
    ),
    "rate text": (
        ["solve", "--start", "500", "--rate", "fast", "--years", "5"],
        "Error: Invalid value for '--rate': 'fast' is not a rate: write it as 15% or 0.15 "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "rate nan": (
        ["solve", "--start", "500", "--rate", "nan", "--years", "5"],
        "Error: Invalid value for '--rate': 'nan' is not a rate: write it as 15% or 0.15 "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "rate -100%": (
        ["solve", "--start", "500", "--rate", "-100%", "--years", "5"],
        "Error: Invalid value for '--rate': a rate of -100% is -100% or less, a growth factor "
        "of 0 or below (see 'ftzcalc solve --help')",
        2,
    ),
    "start zero": (
        ["solve", "--start", "0", "--end", "5", "--years", "3"],
        "Error: start must be above 0 for compound growth, got 0",
        1,
    ),
    "years zero for rate": (
        ["solve", "--start", "1", "--end", "5", "--years", "0"],
        "Error: years must be above 0 for a rate per period, got 0",
        1,
    ),
    "never reached": (
        ["solve", "--start", "500", "--end", "400", "--rate", "10%"],
        "Error: at 10% a year, 500 never becomes 400: it moves away from it "
        "(the end lies 2.34124 years back)",
        1,
    ),
    "rate zero for years": (
        ["solve", "--start", "500", "--end", "400", "--rate", "0%"],
        "Error: at a rate of 0 the value never changes, so 500 never becomes 400",
        1,
    ),
    "too few": (
        ["solve", "--start", "1", "--end", "2"],
        "Error: give exactly three of --start, --end, --rate and --years (got 2) "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "all four": (
        ["solve", "--start", "1", "--end", "2", "--rate", "1%", "--years", "3"],
        "Error: give exactly three of --start, --end, --rate and --years (got 4) "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "huge number": (
        ["solve", "--start", "1e999", "--end", "2", "--years", "3"],
        "Error: Invalid value for '--start': '1e999' is too large a value "
        "(see 'ftzcalc solve --help')",
        2,
    ),
    "overflow": (
        ["solve", "--start", "1e15", "--rate", "100%", "--years", "1000"],
        "Error: the result is too large to represent",
        1,
    ),
    "start beyond what files accept": (
        ["solve", "--start", "1e300", "--rate", "100%", "--years", "100"],
        "Error: Invalid value for '--start': '1e300' is too large a value (see 'ftzcalc solve "
        "--help')",
        2,
    ),
    "unknown format": (
        ["gap", "--format", "xml"],
        "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json', "
        "'csv'. (see 'ftzcalc gap --help')",
        2,
    ),
    "json and csv": (
        ["gap", "--json", "--format", "csv"],
        "Error: --json and --format csv contradict each other (see 'ftzcalc gap --help')",
        2,
    ),
    "actual unknown id": (
        ["gap", "--actual", "zone-outpt=5@2021"],
        "Error: unknown metric 'zone-outpt' (did you mean 'zone-output'?)",
        2,
    ),
    "actual bad value": (
        ["gap", "--actual", "zone-output=lots@2021"],
        "Error: Invalid value for '--actual': 'lots' is not a value: expected a number "
        "such as 500 or 1.5e3 (see 'ftzcalc gap --help')",
        2,
    ),
    "as-of out of range": (
        ["gap", "--as-of", "3000"],
        "Error: Invalid value for '--as-of': 3000 is not in the range 1900<=x<=2200. "
        "(see 'ftzcalc gap --help')",
        2,
    ),
    "check missing file": (
        ["check", "/nonexistent/x.toml", "--format", "csv"],
        "Error: /nonexistent/x.toml: no such file",
        1,
    ),
    "unknown command": (
        ["gapp"],
        "Error: No such command 'gapp'. Did you mean 'gap'? (see 'ftzcalc --help')",
        2,
    ),
    "the start of a command": (
        ["sim"],
        "Error: No such command 'sim'. Did you mean 'simulate'? (see 'ftzcalc --help')",
        2,
    ),
    "the start of several commands": (
        ["s"],
        "Error: No such command 's'. (Did you mean one of: 'scenario', 'sensitivity', "
        "'simulate', 'solve'?) (see 'ftzcalc --help')",
        2,
    ),
    "no command like it": (["xyz"], "Error: No such command 'xyz'. (see 'ftzcalc --help')", 2),
    "unknown option": (
        ["gap", "--fromat", "json"],
        "Error: No such option '--fromat'. Did you mean '--format'? (see 'ftzcalc gap --help')",
        2,
    ),
}


@pytest.mark.parametrize("case", list(ARG_CASES), ids=list(ARG_CASES))
def test_bad_arguments(case, run):
    args, message, code = ARG_CASES[case]
    result = run(*args)
    if message is None:  # `check` reports problems on stdout, as its output
        assert (result.exit_code, result.stderr) == (code, "")
        assert result.stdout.endswith("/nonexistent/x.toml,,no such file\n")
        return
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message + "\n")


def test_markup_in_names_prints_literally(run, write_toml):
    path = write_toml(minimal(name="[bold]x a[/]b [red]"))
    result = run("gap", "--no-default-data", "--data", path)
    assert result.exit_code == 0, result.stderr
    assert "[bold]x a[/]b [red]" in result.stdout
    result = run("targets", "--no-default-data", "--data", path, "--quotes")
    assert "[bold]x a[/]b [red]" in result.stdout


def test_formula_names_are_neutralised_in_csv(run, write_toml):
    path = write_toml(minimal(name="=1+1"))
    result = run("gap", "--no-default-data", "--data", path, "--format", "csv")
    assert result.stdout.splitlines()[1].startswith("widgets,'=1+1,部件,")
    # JSON keeps the text as it is
    result = run("gap", "--no-default-data", "--data", path, "--json")
    assert '"en": "=1+1"' in result.stdout


def test_actuals_typed_are_checked_as_check_checks_a_file(run):
    twice = run("gap", "--actual", "zone-output=400@2020", "--actual", "zone-output=500@2020")
    assert (twice.exit_code, twice.stdout) == (2, "")
    assert twice.stderr.startswith("Error: --actual zone-output: 2020 is given twice")
    import datetime

    later = datetime.date.today().year + 1
    future = run("gap", "--actual", f"zone-output=400@{later}")
    assert (future.exit_code, future.stdout) == (2, "")
    assert future.stderr.startswith(
        f"Error: --actual zone-output: {later} is in the future (this is {later - 1})"
    )
