"""Hostile input for the computation layer (sensitivity, simulate, scenario, project, gap, solve):
each gives an answer or exactly one ``Error: …`` line, the right exit code and nothing on stdout,
never a hang or a traceback; and the engines agree on roll-ups, observed paces and precision.
"""

from __future__ import annotations

import json
import math
import time
from decimal import Decimal, localcontext
from fractions import Fraction
from importlib import resources

import pytest
from conftest import FAMILY, minimal
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from ftzcalc import growth
from ftzcalc.distributions import Normal, parse_distribution
from ftzcalc.errors import GrowthError, InputError
from ftzcalc.model import Comparator
from ftzcalc.projection import TargetPoint
from ftzcalc.rates import Span, parse_span
from ftzcalc.simulation import check_correlation_ids
from ftzcalc.tracking import Status, assess, cagr

SEE = " (see 'ftzcalc {command} --help')"

# (arguments, exit code, expected stderr without "Error: ")
CASES = {
    # 1. ranges are counted before anything is built
    "rates too fine for JSON": (
        ["sensitivity", "zone-output", "--rates", "0%:100%:0.0000001%", "--json"],
        2,
        "a 1000000001 × 5 grid has 5,000,000,005 cells; JSON and CSV stop at 4,000,000 "
        "(use a coarser step or a narrower range)",
    ),
    "rates too fine for a table": (
        ["sensitivity", "zone-output", "--rates", "0%:100%:0.0000001%"],
        2,
        "a 1000000001 × 5 grid has 5,000,000,005 cells; tables stop at 10,000 (use a coarser "
        "step or a narrower range, or --format json or csv)",
    ),
    "starts too fine": (
        ["sensitivity", "zone-output", "--starts", "1:1e15:1e-5", "--json"],
        2,
        "a grid of more than 1,000,000,000,000,000,000 cells; JSON and CSV stop at 4,000,000 "
        "(use a coarser step or a narrower range)",
    ),
    "years too fine with fine rates": (
        [
            "sensitivity",
            "zone-output",
            "--rates",
            "0%:100%:0.001%",
            "--years",
            "2019:2200",
            "--format",
            "csv",
        ],
        2,
        "a 100001 × 182 grid has 18,200,182 cells; JSON and CSV stop at 4,000,000 "
        "(use a coarser step or a narrower range)",
    ),
    "year step not whole": (
        ["sensitivity", "zone-output", "--years", "2019:2031:1.5", "--json"],
        2,
        "Invalid value for '--years': '2019:2031:1.5': the step of years must be a whole "
        "number, got 1.5" + SEE.format(command="sensitivity"),
    ),
    "years before the start": (
        ["sensitivity", "zone-output", "--years", "2015:2020", "--json"],
        2,
        "Invalid value for '--years': years must come after the start year 2018"
        + SEE.format(command="sensitivity"),
    ),
    "start values of 0": (
        ["sensitivity", "zone-output", "--starts", "0:100:50", "--json"],
        2,
        "Invalid value for '--starts': start values must be above 0"
        + SEE.format(command="sensitivity"),
    ),
    # 2. the domain of growth distributions
    "uniform below -100%": (
        ["simulate", "--growth", "uniform(-200%, -150%)", "--json"],
        2,
        "Invalid value for '--growth': uniform(-200%, -150%): a rate of -200% is -100% or "
        "less, a growth factor of 0 or below" + SEE.format(command="simulate"),
    ),
    "triangular below -100%": (
        ["simulate", "--growth", "triangular(-300%, -200%, -150%)", "--json"],
        2,
        "Invalid value for '--growth': triangular(-300%, -200%, -150%): a rate of -300% is "
        "-100% or less, a growth factor of 0 or below" + SEE.format(command="simulate"),
    ),
    "lognormal shrinking to nothing": (
        ["simulate", "--growth", "lognormal(-800, 1)", "--json"],
        1,
        "zone-output: under lognormal(-800, 1) the value would shrink below what a "
        "floating-point number holds, to 0, in practically every trial",
    ),
    "lognormal mean -1e4, one draw": (
        ["simulate", "--growth", "lognormal(-1e4, 1)", "--persistence", "--json"],
        1,
        "zone-output: under lognormal(-1e4, 1) the value would shrink below what a "
        "floating-point number holds, to 0, in practically every trial",
    ),
    "lognormal mean -1e4, correlated": (
        ["simulate", "--growth", "lognormal(-1e4, 1)", "--correlation", "0.5", "--json"],
        1,
        "zone-output: under lognormal(-1e4, 1) the value would shrink below what a "
        "floating-point number holds, to 0, in practically every trial",
    ),
    "lognormal mean 1e4": (
        ["simulate", "--growth", "lognormal(1e4, 1)", "--json"],
        1,
        "zone-output: under lognormal(1e4, 1) the value could grow past what a floating-point "
        "number holds",
    ),
    "lognormal huge sd": (
        ["simulate", "--growth", "lognormal(0.1, 1e4)", "--json"],
        1,
        "zone-output: under lognormal(0.1, 1e4) the value could grow past what a "
        "floating-point number holds",
    ),
    "normal huge sd": (
        ["simulate", "--growth", "normal(10%, 1e300%)", "--json"],
        1,
        "zone-output: under normal(10%, 1e300%) the value could grow past what a "
        "floating-point number holds",
    ),
    "uniform to a huge rate": (
        ["simulate", "--growth", "uniform(10%, 1e300%)", "--json"],
        1,
        "zone-output: under uniform(10%, 1e300%) the value could grow past what a "
        "floating-point number holds",
    ),
    # 3. what was typed wrong is a usage error, in the command that read it
    "trials over the limit": (
        ["simulate", "--growth", "10%", "--trials", "1000000001"],
        2,
        "Invalid value for '--trials': trials must be from 1 to 1,000,000,000, got "
        "1,000,000,001" + SEE.format(command="simulate"),
    ),
    "correlation nan": (
        ["simulate", "--growth", "10%", "--correlation", "nan"],
        2,
        "Invalid value for '--correlation': a correlation must be between -1 and 1, got nan"
        + SEE.format(command="simulate"),
    ),
    "unknown scenario": (
        ["scenario", "nosuch"],
        2,
        "no scenario 'nosuch'; known: required, city-industry-pace, equipment-pace"
        + SEE.format(command="scenario"),
    ),
    "unknown scenario, with a hint": (
        ["scenario", "city-industry"],
        2,
        "no scenario 'city-industry' (did you mean 'city-industry-pace'?); known: required, "
        "city-industry-pace, equipment-pace" + SEE.format(command="scenario"),
    ),
    "unknown scenario to simulate": (
        ["simulate", "--scenario", "nosuch"],
        2,
        "Invalid value for '--scenario': no scenario 'nosuch'; known: required, "
        "city-industry-pace, equipment-pace" + SEE.format(command="simulate"),
    ),
    "rate for one metric twice": (
        ["scenario", "--rate", "zone-output=20%", "--rate", "zone-output=30%"],
        2,
        "--rate gives zone-output twice: give one for each metric" + SEE.format(command="scenario"),
    ),
    "growth for one metric twice": (
        ["simulate", "--growth", "ic-chips=20%", "--growth", "ic-chips=normal(20%, 1%)"],
        2,
        "--growth gives ic-chips twice: give one for each metric" + SEE.format(command="simulate"),
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_arguments(case, run):
    args, code, message = CASES[case]
    started = time.perf_counter()
    result = run(*args)
    assert time.perf_counter() - started < 10  # counted, not built
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"Error: {message}\n")


def _validator(command: str) -> Draft202012Validator:
    folder = resources.files("ftzcalc") / "schemas"
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in folder.iterdir()
               if p.name.endswith(".schema.json")]  # fmt: skip
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    schema = next(s for s in schemas if s["$id"].endswith(f"{command}.schema.json"))
    return Draft202012Validator(schema, registry=registry)


def _answer(run, *args: str) -> dict:
    """Run a command that must answer: exit 0, nothing on stderr, JSON valid for its schema."""
    result = run(*args, "--json")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    doc = json.loads(result.stdout)
    _validator(args[0]).validate(doc)
    return doc


@pytest.mark.parametrize(
    "args",
    [
        ["simulate", "--growth", "lognormal(-100, 30)", "--trials", "2000", "--seed", "1"],
        [
            "simulate",
            "--growth",
            "lognormal(-100, 30)",
            "--trials",
            "2000",
            "--seed",
            "1",
            "--correlation",
            "0.5",
        ],
        ["simulate", "--growth", "normal(-99.9999%, 0)", "--trials", "100", "--seed", "1"],
        ["sensitivity", "zone-output", "--baseline", "zone-output=1e15"],
        ["sensitivity", "zone-output", "--rates", "0%:100%:0.0025%"],
        ["sensitivity", "zone-output", "--years", "2019:2031:2"],
    ],
    ids=[
        "lognormal underflowing in some trials",
        "the same correlated",
        "nearly -100%",
        "default rates far below 0",
        "40,001 rates",
        "years in steps of 2",
    ],
)
def test_edges_that_answer(args, run):
    _answer(run, *args)


def test_years_in_steps_and_default_rates_above_minus_100(run):
    doc = _answer(run, "sensitivity", "zone-output", "--years", "2019:2031:2")
    assert doc["columns"] == [2019, 2021, 2023, 2025, 2027, 2029, 2031]
    # a start of 1e15 against a target of 1,500 needs -99.99% a year: the default rows stay
    # above -100%, not empty
    doc = _answer(run, "sensitivity", "zone-output", "--baseline", "zone-output=1e15")
    assert doc["rates"] == [-0.975, -0.95, -0.925, -0.9, -0.875]


def test_a_range_is_counted_without_being_built():
    assert Span(0.0, 1.0, 1e-9).count == 1_000_000_001
    assert parse_span("0%:100%:0.0000001%", "rate").count == 1_000_000_001
    assert parse_span("1:1e15:1e-5", "value").count > 10**19
    assert parse_span("10%:30%:2.5%", "rate").values()[3] == 0.175
    assert parse_span("2019:2031:2", "year").values() == [2019, 2021, 2023, 2025, 2027, 2029, 2031]
    with pytest.raises(InputError, match=r"the step of years must be a whole number, got 0\.5"):
        parse_span("2019:2031:0.5", "year")


# 2. the whole domain of a distribution, in one place ---------------------------------------


def test_a_normal_rate_below_minus_100_is_a_usage_error(run):
    # refused as it is read, by the rate reader or by the distribution's bounds: either way one
    # line naming the distribution, exit 2
    result = run("simulate", "--growth", "normal(-150%, 1%)", "--json")
    assert (result.exit_code, result.stdout, result.stderr.count("\n")) == (2, "", 1)
    assert result.stderr.startswith("Error: Invalid value for '--growth': normal(-150%, 1%): ")
    assert result.stderr.endswith(
        "a growth factor of 0 or below" + SEE.format(command="simulate") + "\n"
    )


def test_a_distribution_without_bounds_is_refused_by_name():
    certain_fall = Normal((-1.5, 0.01), "normal(-150%, 1%)")
    with pytest.raises(InputError) as caught:
        certain_fall.log_factor_bounds  # noqa: B018
    assert str(caught.value) == (
        "normal(-150%, 1%): the rate is -100% or less in practically every draw (at most "
        "-141% at 9 standard deviations), a growth factor of 0 or below"
    )
    wide = parse_distribution("lognormal(0, 1e15)")  # bounds stay finite, whatever the sd
    assert all(math.isfinite(b) for b in wide.log_factor_bounds)
    with pytest.raises(InputError, match=r"lognormal\(0.1, 40\): its mean rate is too large"):
        parse_distribution("lognormal(0.1, 40)").mean_rate()


# 3. an id twice in a scenario's correlation --------------------------------------------------


def test_an_id_twice_in_a_correlation_is_refused(run, write_toml):
    path = write_toml(
        'schema = 1\n[[scenarios]]\nid = "m"\ndescription = "M"\ngrowth = "20%"\n'
        '[scenarios.correlation]\nmetrics = ["zone-output", "zone-output"]\n'
        "matrix = [[1, 0.4], [0.4, 1]]\n"
    )
    message = "the correlation lists 'zone-output' twice: name each metric once"
    result = run("simulate", "--data", path, "--scenario", "m", "--trials", "10")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: {path}: scenarios[0].correlation.metrics[1]: {message}\n",
    )  # fmt: skip
    with pytest.raises(InputError, match="twice"):  # the engine checks what it is given too
        check_correlation_ids(["zone-output", "zone-output"])


# 4. one roll-up rule: the children's values in the parent's target year -------------------


IN_2023 = 60 * 1.1**5 + 40 * 1.1**5  # both children's values in the parent's year, at 10%


def test_scenario_adds_children_in_the_parents_year(run, write_toml):
    data = ["--no-default-data", "--data", write_toml(FAMILY)]
    doc = _answer(run, "scenario", *data, "--rate", "10%")
    (rollup,) = doc["rollups"]
    end = rollup["outcomes"]["command-line"]["end"]
    assert rollup["children"] == ["a", "b"] and end == pytest.approx(IN_2023, rel=1e-12)
    assert end != pytest.approx(60 * 1.1**5 + 40 * 1.1**7)  # not b's value in its own year
    # under `required`, b is on its own required path (100 by 2025), read in 2023
    doc = _answer(run, "scenario", *data, "required")
    required = doc["rollups"][0]["outcomes"]["required"]["end"]
    assert required == pytest.approx(120 + 40 * 2.5 ** (5 / 7), rel=1e-12)


def test_simulate_adds_children_in_the_parents_year(run, write_toml):
    data = ["--no-default-data", "--data", write_toml(FAMILY)]
    doc = _answer(run, "simulate", *data, "--growth", "10%", "--trials", "1000", "--seed", "7")
    (parent,) = doc["parents"]
    assert parent["children"] == ["a", "b"] and parent["target"]["year"] == 2023
    assert parent["mean"] == pytest.approx(IN_2023, rel=1e-12)
    assert parent["probability"] == 0.0  # 161.05 < 200
    b = next(m for m in doc["metrics"] if m["id"] == "b")
    assert b["mean"] == pytest.approx(40 * 1.1**7, rel=1e-12)  # b itself: in its own year
    # the same with one draw for all years, and with correlated draws
    for extra in (["--persistence"], ["--correlation", "0.3"]):
        doc = _answer(run, "simulate", *data, "--growth", "10%", "--trials", "100", *extra)
        assert doc["parents"][0]["mean"] == pytest.approx(IN_2023, rel=1e-12)


def test_a_child_simulated_from_after_the_parents_year_is_not_added(run, write_toml):
    data = ["--no-default-data", "--data", write_toml(FAMILY), "--actual", "b=90@2024"]
    doc = _answer(run, "simulate", *data, "--growth", "10%", "--trials", "100", "--seed", "1")
    assert doc["parents"] == []
    assert {"id": "p", "reason": "not rolled up: b is simulated from 2024, after 2023"} in doc[
        "not_simulated"
    ]
    # scenario projects b to 2023 from its latest figure before 2023, its baseline
    doc = _answer(run, "scenario", *data, "--rate", "10%")
    assert doc["rollups"][0]["outcomes"]["command-line"]["end"] == pytest.approx(IN_2023)


def test_gap_leaves_out_and_names_a_child_for_another_year(run, write_toml):
    doc = _answer(run, "gap", "--no-default-data", "--data", write_toml(FAMILY))
    (rollup,) = doc["rollups"]
    assert rollup["year"] == 2023 and rollup["children"] == ["a"]
    assert rollup["excluded"] == [{"id": "b", "reason": "target year 2025, not 2023"}]
    assert rollup["children_sum"] == 120


# 5. the observed pace runs to the point the path starts from --------------------------------


def test_observed_pace_stops_at_the_start_of_the_path(run):
    doc = _answer(run, "project", "zone-output", "--actual", "zone-output=860@2021",
                  "--actual", "zone-output=3000@2024")  # fmt: skip
    assert doc["start"] == {"year": 2021, "value": 860.0, "origin": "actual"}
    assert doc["rate"]["label"] == "the observed pace"
    assert doc["rate"]["constant"] == pytest.approx((860 / 500) ** (1 / 3) - 1, rel=1e-14)
    # an actual only after the target year: the path starts at the baseline, at the required rate
    doc = _answer(run, "project", "zone-output", "--actual", "zone-output=3000@2024")
    assert doc["start"]["origin"] == "baseline" and doc["rate"]["label"] == "the required rate"
    assert doc["rate"]["constant"] == pytest.approx(3 ** (1 / 5) - 1, rel=1e-14)


# 6. a target of 0 --------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [[], ["--rate", "-10%"]], ids=["default path", "--rate"])
def test_a_target_of_zero_says_why(rate, run, write_toml):
    path = write_toml(minimal(baseline="500", target="0", comparator="at-most"))
    result = run("project", "widgets", "--no-default-data", "--data", path, *rate)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: the target is 0: no growth rate reaches it from 500\n",
    )
    with pytest.raises(GrowthError, match="the target is 0"):
        TargetPoint(2023, 0, Comparator.AT_MOST).rate_from(2018, 500)


# 7. precision: rates from close values keep their digits -----------------------------------


def _exact_rate(start: float, end: float, years: float) -> float:
    """(end / start) ** (1 / years) - 1 for the floats given, to 50 digits."""
    with localcontext() as ctx:
        ctx.prec = 50
        ratio = Decimal(end) / Decimal(start)
        return float((ratio.ln() / Decimal(years)).exp() - 1)


def test_solve_keeps_every_digit_of_a_tiny_rate(run):
    doc = _answer(run, "solve", "--start", "3", "--end", "3.000000000003", "--years", "1")
    exact = float((Fraction(3.000000000003) - 3) / 3)  # of the float the user's number became
    assert abs(doc["rate"] / exact - 1) < 1e-9
    # 3.000000000003 as a float is 3 + 2.99982e-12: the rate is 1e-12 to the input's 5 digits
    assert abs(doc["rate"] / 1e-12 - 1) < 1e-4


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [(1.0, 1 + 2.0**-40, 1), (4.0, 4 + 2.0**-38, 3), (500.0, 500.000001, 5),
     (500.0, 1500.0, 5), (100.0, 99.9999999, 7), (1e-9, 1e15, 2), (1e15, 1e-9, 2)],
)  # fmt: skip
def test_every_rate_from_two_values_is_exact(start, end, years):
    exact = _exact_rate(start, end, years)
    assert growth.rri(years, start, end) == pytest.approx(exact, rel=1e-12)
    assert cagr(start, end, years) == pytest.approx(exact, rel=1e-12)
    if start != end and exact > -0.5:  # near -100% the rate itself, as a float, has lost digits
        assert growth.nper(exact, start, end) == pytest.approx(years, rel=1e-9)


def test_log_ratio_is_exact_for_close_values():
    assert growth.log_ratio(1 + 2.0**-40, 1.0) == pytest.approx(2.0**-40, rel=1e-15)
    assert growth.log_ratio(-121.0, -100.0) == pytest.approx(math.log(1.21), rel=1e-15)


# 8. the progress method and zero values: the departure from Open SDG, stated and kept --------


def test_a_zero_target_takes_the_limit_not_0_001():
    a = assess((2015, 100.0), (2020, 90.0), (2030, 0.0), Comparator.AT_MOST)
    observed = cagr(100.0, 90.0, 5)
    assert a.required_rate == -1.0 and a.ratio == -observed  # R = d * CAGR_o / |-1|
    published = (0.001 / 100) ** (1 / 15) - 1  # Open SDG's substitute would give this instead
    assert a.ratio != pytest.approx(-observed / abs(published))
    assert a.status is Status.LIMITED_PROGRESS


def test_a_zero_base_cannot_be_assessed():
    a = assess((2015, 0.0), (2020, 5.0), (2030, 10.0), Comparator.AT_LEAST)
    assert (a.status, a.ratio, a.reason) == (
        Status.CANNOT_ASSESS,
        None,
        "the base value is 0: no growth rate from it",
    )
    achieved = assess((2015, 0.0), (2020, 12.0), (2030, 10.0), Comparator.AT_LEAST)
    assert achieved.status is Status.ACHIEVED
