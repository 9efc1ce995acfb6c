"""ftzcalc.api, the library's face: each function gives what its command prints, and every
public name is documented (a docstring, and a word in the README's "Use from Python")."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest

from ftzcalc import api
from ftzcalc.dataset import shipped_data_path

ROOT = Path(__file__).resolve().parents[1]
ACTUALS = "examples/illustrative-actuals.toml"
SIX = {"intelligent-manufacturing": 250, "new-energy-vehicles": 100, "ic-chips": 5,
       "lcd-panels": 10, "biomedicine": 40, "instruments": 30}  # fmt: skip
SIX_OPTIONS = [a for k, v in SIX.items() for a in ("--baseline", f"{k}={v}")]


def _cli_json(run, *args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


CASES = {
    "targets": (lambda d: d, ["targets", "--data", ACTUALS]),
    "gap": (lambda d: api.gap(d), ["gap", "--data", ACTUALS]),
    "gap as of 2020": (lambda d: api.gap(d, ["zone-output"], as_of=2020),
                       ["gap", "zone-output", "--as-of", "2020", "--data", ACTUALS]),
    "project": (lambda d: api.project(d, "zone-output", "20%"),
                ["project", "zone-output", "--rate", "20%", "--data", ACTUALS]),
    "project by default": (lambda d: api.project(d, "zone-output"),
                           ["project", "zone-output", "--data", ACTUALS]),
    "scenario": (lambda d: api.scenario(d), ["scenario", "--data", ACTUALS]),
    "scenario ad hoc": (lambda d: api.scenario(d, rate=0.2, rates={"zone-output": "25%"}),
                        ["scenario", "--rate", "0.2", "--rate", "zone-output=25%",
                         "--data", ACTUALS]),
    "sensitivity": (lambda d: api.sensitivity(d, "zone-output"),
                    ["sensitivity", "zone-output", "--data", ACTUALS]),
}  # fmt: skip


#: What the library says in Python's words where the command line names its options.
IN_PYTHON = {"no --as-of year": "no as_of year", "with --rate": "with rate or rates"}


@pytest.mark.parametrize("name", list(CASES))
def test_each_function_gives_what_its_command_prints(name, run, in_repo):
    compute, args = CASES[name]
    data = api.load(ACTUALS)
    shipped = shipped_data_path()
    expected = json.dumps(_cli_json(run, *args), ensure_ascii=False)
    for command_line, python in IN_PYTHON.items():
        expected = expected.replace(command_line, python)
    got = api.to_json(compute(data), data)
    assert json.dumps(got, ensure_ascii=False) == expected
    assert got["data"][0] == shipped or name == "targets"


def test_simulate_and_load_with_figures_as_the_command(run, in_repo):
    data = api.load(baselines=SIX)
    result = api.simulate(data, growth="triangular(15%, 20%, 25%)", trials=2000, seed=7)
    expected = _cli_json(run, "simulate", "--growth", "triangular(15%, 20%, 25%)", "--trials",
                         "2000", "--seed", "7", *SIX_OPTIONS)  # fmt: skip
    assert json.loads(json.dumps(api.to_json(result, data))) == expected
    assert [i for i, _ in result.skipped] == ["city-new-output", "city-innovation-centres"]


def test_load_lays_figures_over_as_the_options_do():
    data = api.load(baselines={"ic-chips": (10, 2018), "lcd-panels": 12},
                    actuals=[("zone-output", 820, 2021)])  # fmt: skip
    assert data.metric("ic-chips").baseline[:2] == (2018, 10.0)
    assert data.metric("lcd-panels").baseline.value == 12.0
    assert data.metric("zone-output").actuals[-1][:2] == (2021, 820.0)


def test_worked_examples_by_hand():
    # 500 to 1500 in 5 years: 3 ** (1 / 5) - 1; 500 to 860 in 3 years: 1.72 ** (1 / 3) - 1
    data = api.load(ACTUALS)
    required = api.gap(data, ["zone-output"]).rows[0].required_rate.value
    assert required == pytest.approx(3 ** (1 / 5) - 1, rel=1e-15)
    progress = api.progress(data, "zone-output")
    assert progress.observed_rate.value == pytest.approx(1.72 ** (1 / 3) - 1, rel=1e-15)
    assert progress.ratio.value == pytest.approx((1.72 ** (1 / 3) - 1) / (3**0.2 - 1), rel=1e-14)
    assert api.project(data, "zone-output", 0.2).rows[-1].value == pytest.approx(860 * 1.44)
    assert api.solve(start=500, end=1500, rate=0.25).years == pytest.approx(1.0986122886681098
                                                                           / 0.22314355131420976)  # fmt: skip


def test_wrong_inputs_raise_the_library_errors():
    from ftzcalc.errors import DataError, InputError, UnknownMetricError

    with pytest.raises(UnknownMetricError):
        api.project(api.load(), "zone-outpt")
    with pytest.raises(InputError, match="above 1"):
        api.project(api.load(), "zone-output", 15)
    with pytest.raises(DataError, match="no such file"):
        api.load("no-such-file.toml")
    # messages name what a Python caller passed, not the command line's options
    with pytest.raises(InputError) as raised:
        api.solve(start=500)
    assert str(raised.value) == "give exactly three of start, end, rate and years (got 1)"
    with pytest.raises(InputError) as raised:
        api.project(api.load(), "zone-output", 0.2, until=2020)
    assert str(raised.value) == "until 2020 is before the target year 2023"
    with pytest.raises(InputError) as raised:
        api.load(actuals=[("zone-output", 400, 2010)])
    assert str(raised.value) == "actual zone-output: 2010 is before the baseline year 2018"
    with pytest.raises(InputError):
        api.load(shipped=False)
    with pytest.raises(TypeError):
        api.to_json(object())


def test_the_package_lends_the_api_its_names():
    import ftzcalc

    assert set(ftzcalc.__all__) == {*api.__all__, "__version__"}
    for name in api.__all__:
        assert getattr(ftzcalc, name) is getattr(api, name), name
    assert set(api.__all__) <= set(dir(ftzcalc))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        ftzcalc.nothing  # noqa: B018


def test_every_public_name_is_documented():
    import ftzcalc

    section = re.search(r"## Use from Python\n(.*?)\n## ", (ROOT / "README.md").read_text(), re.S)
    assert section
    for name in api.__all__:
        function = getattr(ftzcalc, name)
        assert function.__doc__ and function.__doc__.strip(), name
        assert f"`{name}`" in section.group(1), f"README's Use from Python does not name {name}"


def test_readme_python_example(in_repo):
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- python:begin -->\n```pycon\n(.*?)```\n<!-- python:end -->", text, re.S)
    assert block
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.group(1), {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 8


def test_importing_the_api_loads_neither_click_nor_rich_nor_numpy():
    import subprocess
    import sys

    code = ("import sys\nimport ftzcalc\nftzcalc.gap(ftzcalc.load())\n"
            "print(sorted(m for m in ('click', 'rich', 'numpy') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


PYTHON_MISTAKES = {
    "negative baseline": (lambda d: api.load(baselines={"ic-chips": -5}),
                          "baseline ic-chips: the value must be 0 or more, got -5"),
    "NaN baseline": (lambda d: api.load(baselines={"ic-chips": float("nan")}),
                     "baseline ic-chips: nan is not a value ftzcalc computes with: "
                     "give a finite number"),
    "baseline year": (lambda d: api.load(baselines={"ic-chips": (10, 1800)}),
                      "baseline ic-chips: year 1800 is outside 1900-2200"),
    "baseline text": (lambda d: api.load(baselines={"ic-chips": "ten"}),
                      "baseline ic-chips: 'ten' is not a value: expected a number such as 500"),
    "baseline shape": (lambda d: api.load(baselines={"ic-chips": (1, 2, 3)}),
                       "a baseline is a value or (value, year), got (1, 2, 3)"),
    "actual shape": (lambda d: api.load(actuals=[("zone-output", 400)]),
                     "an actual is (id, value, year), got ('zone-output', 400)"),
    "actual twice": (lambda d: api.load(actuals=[("zone-output", 400, 2020),
                                                 ("zone-output", 500, 2020)]),
                     "actual zone-output: 2020 is given twice"),
    "future actual": (lambda d: api.load(actuals=[("zone-output", 400, 2999)]),
                      "actual zone-output: year 2999 is outside 1900-2200"),
    "half a year": (lambda d: api.sensitivity(d, "zone-output", years=[2019.5]),
                    "2019.5 is not a year: expected an integer such as 2018"),
    "years and starts": (lambda d: api.sensitivity(d, "zone-output", years=[2020], starts=[100]),
                         "years and starts are two kinds of column: give one, "
                         "got ([2020], [100])"),
    "as_of": (lambda d: api.gap(d, as_of=1700), "year 1700 is outside 1900-2200"),
    "seed": (lambda d: api.simulate(d, "triangular(15%, 20%, 25%)", seed=-1),
             "a seed is a whole number of 0 or more, got -1"),
    "trials": (lambda d: api.simulate(d, "triangular(15%, 20%, 25%)", trials=2.5),
               "trials must be a whole number, got 2.5"),
    "no baseline": (lambda d: api.project(d, "ic-chips", 0.1),
                    "ic-chips has no baseline: give one with "
                    "baselines={'ic-chips': (value, year)}"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(PYTHON_MISTAKES))
def test_python_mistakes_are_refused_as_the_command_line_refuses_them(case):
    """What the command line refuses, the library refuses with its own error (an InputError
    where the command exits 2) that names what a Python caller passed; never a raw TypeError or
    a traceback from deep inside."""
    from ftzcalc.errors import FtzcalcError

    call, message = PYTHON_MISTAKES[case]
    with pytest.raises(FtzcalcError) as raised:
        call(api.load())
    assert str(raised.value) == message


def test_the_future_is_refused_for_an_actual():
    from ftzcalc.dataset import add_actual
    from ftzcalc.errors import InputError

    with pytest.raises(InputError) as raised:
        add_actual(api.load(), "zone-output", 400, 2030, this_year=2026)
    assert str(raised.value) == "actual zone-output: 2030 is in the future (this is 2026)"


def test_a_string_is_one_id_and_a_range_is_typed_as_on_the_command_line():
    data = api.load()
    assert [r.metric.id for r in api.gap(data, "zone-output").rows] == ["zone-output"]
    grid = api.sensitivity(data, "zone-output", rates="10%:30%:10%", years="2022:2023")
    assert grid.rates.tolist() == [0.1, 0.2, 0.3] and grid.columns.tolist() == [2022, 2023]
    import ftzcalc

    assert dir(ftzcalc) == sorted(ftzcalc.__all__)
