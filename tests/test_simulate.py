"""Monte Carlo: against closed forms, the samplers against their formulas, correlation, seeds."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from ftzcalc.correlation import copula_mixer
from ftzcalc.dataset import load, replace_baseline, shipped_data_path
from ftzcalc.distributions import parse_distribution, triangular_ppf
from ftzcalc.errors import InputError
from ftzcalc.simulation import correlation_matrix, plan, simulate

ASSUMED = {"intelligent-manufacturing": 250, "new-energy-vehicles": 100, "ic-chips": 5,
           "lcd-panels": 10, "biomedicine": 40, "instruments": 30}  # fmt: skip
BASELINE_ARGS = [a for k, v in ASSUMED.items() for a in ("--baseline", f"{k}={v}")]


def dataset():
    data = load(shipped_data_path())
    for metric_id, value in ASSUMED.items():
        data = replace_baseline(data, metric_id, value)
    return data


def within_4_se(stats):
    return abs(stats.probability - stats.closed_form) <= 4 * stats.standard_error


# Closed forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("persistence", [False, True])
def test_lognormal_matches_its_closed_form(persistence):
    p = plan(dataset(), default=parse_distribution("lognormal(0.2, 0.05)"))
    result = simulate(p.items, p.parents, 200_000, seed=7, persistence=persistence)
    checked = 0
    for item, stats in zip(result.items, result.stats, strict=True):
        assert stats.closed_form is not None
        if 0.001 < stats.closed_form < 0.999:
            assert within_4_se(stats), (item.metric.id, stats)
            checked += 1
    assert checked >= 3


def test_lognormal_closed_form_by_hand():
    # intelligent-manufacturing: 250 -> more than 700 in 5 years with ln(1+r) ~ N(0.2, 0.05):
    # ln(end/250) ~ N(1.0, 0.05^2 * 5); P = 1 - Phi((ln 2.8 - 1.0) / (0.05 * sqrt 5))
    #   = 1 - Phi(0.0296194 / 0.1118034) = 1 - Phi(0.264924) = 0.395534
    p = plan(dataset(), default=parse_distribution("lognormal(0.2, 0.05)"))
    item = next(i for i, it in enumerate(p.items) if it.metric.id == "intelligent-manufacturing")
    result = simulate(p.items, p.parents, 10_000, seed=1)
    assert round(result.stats[item].closed_form, 6) == 0.395534


@pytest.mark.parametrize(
    "text", ["normal(20%, 4%)", "uniform(15%, 25%)", "triangular(14%, 20%, 27%)"]
)
def test_one_draw_for_all_years_matches_its_closed_form(text):
    p = plan(dataset(), default=parse_distribution(text))
    result = simulate(p.items, p.parents, 200_000, seed=11, persistence=True)
    inside = [s for s in result.stats if 0.001 < s.closed_form < 0.999]
    assert inside and all(within_4_se(s) for s in inside)


def test_persistence_closed_form_by_hand():
    # instruments: 30 -> more than 80 in 5 years, one rate r ~ U(15%, 25%) for all years:
    # met when r > (80/30)^(1/5) - 1 = exp(0.980829 / 5) - 1 = 0.216729;
    # P = (0.25 - 0.216729) / 0.10 = 0.332713
    p = plan(dataset(), default=parse_distribution("uniform(15%, 25%)"))
    result = simulate(p.items, p.parents, 1000, seed=1, persistence=True)
    stats = result.stats[[i.metric.id for i in result.items].index("instruments")]
    assert round(stats.closed_form, 6) == 0.332713


# Samplers -----------------------------------------------------------------------------------


def triangular_quantile(q, low, mode, high):
    cut = (mode - low) / (high - low)
    if q < cut:
        return low + math.sqrt(q * (high - low) * (mode - low))
    return high - math.sqrt((1 - q) * (high - low) * (high - mode))


@pytest.mark.parametrize("correlated", [False, True])
def test_triangular_sampler_mean_and_quantiles(correlated):
    d = parse_distribution("triangular(10%, 25%, 30%)")
    n = 200_000
    draws = _draws(d, n, correlated) - 1
    # mean (0.10 + 0.25 + 0.30) / 3 = 0.216667; sd = sqrt((a²+b²+c²-ab-ac-bc)/18) = 0.042492
    sd = math.sqrt((0.1**2 + 0.25**2 + 0.3**2 - 0.1 * 0.25 - 0.1 * 0.3 - 0.25 * 0.3) / 18)
    assert abs(draws.mean() - 0.65 / 3) < 4 * sd / math.sqrt(n)
    for q in (0.05, 0.25, 0.5, 0.75, 0.95):
        expected = triangular_quantile(q, 0.1, 0.25, 0.3)
        assert abs(np.quantile(draws, q) - expected) < 0.002, q


@pytest.mark.parametrize("correlated", [False, True])
def test_uniform_sampler_mean_and_quantiles(correlated):
    d = parse_distribution("uniform(10%, 20%)")
    n = 200_000
    draws = _draws(d, n, correlated) - 1
    assert abs(draws.mean() - 0.15) < 4 * (0.1 / math.sqrt(12)) / math.sqrt(n)
    for q in (0.05, 0.5, 0.95):
        assert abs(np.quantile(draws, q) - (0.10 + 0.10 * q)) < 0.001
    assert draws.min() >= 0.10 and draws.max() <= 0.20


def _draws(d, n, correlated):
    """Growth factors by numpy's own sampler, or through the copula's table of Phi."""
    rng = np.random.Generator(np.random.PCG64(3))
    if correlated:
        return d.factors(rng.standard_normal(n))
    return d.draw_factors([rng], n)[0]


def test_triangular_ppf_formula():
    u = np.array([0.0, 0.25, 0.75, 1.0])
    # cut = 0.75: below it low + sqrt(u * 0.2 * 0.15), above it high - sqrt((1-u) * 0.2 * 0.05)
    expected = [0.10, 0.10 + math.sqrt(0.25 * 0.03), 0.25, 0.30]
    assert triangular_ppf(u, 0.10, 0.25, 0.30) == pytest.approx(expected, abs=1e-15)


# Correlation --------------------------------------------------------------------------------


def _spearman(a, b):
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return np.corrcoef(ra, rb)[0, 1]


@pytest.mark.parametrize("rho", [0.5, -0.3, 0.9])
def test_imposed_rank_correlation(rho):
    mixer = copula_mixer(correlation_matrix(rho, 3))
    rng = np.random.Generator(np.random.PCG64(5))
    z = mixer @ rng.standard_normal((3, 100_000))
    a = parse_distribution("triangular(10%, 25%, 30%)").factors(z[0])
    b = parse_distribution("normal(20%, 5%)").factors(z[1])
    c = parse_distribution("lognormal(0.1, 0.2)").factors(z[2])
    for x, y in ((a, b), (a, c), (b, c)):
        assert abs(_spearman(x, y) - rho) < 0.02


def test_correlated_simulation_keeps_marginals():
    p = plan(dataset(), default=parse_distribution("lognormal(0.2, 0.05)"), rho=0.6)
    result = simulate(p.items, p.parents, 200_000, seed=2, rank_correlation=p.correlation)
    inside = [s for s in result.stats if 0.001 < s.closed_form < 0.999]
    assert inside and all(within_4_se(s) for s in inside)  # each metric's own law is unchanged
    independent = simulate(p.items, p.parents, 200_000, seed=2)
    # correlation widens the total's spread: its 5-95 range grows
    spread = lambda s: s.p95 - s.p5  # noqa: E731
    assert spread(result.parents[0].stats) > 1.3 * spread(independent.parents[0].stats)


# Seeds and chunks ---------------------------------------------------------------------------


def test_same_seed_byte_identical_json(run):
    args = ["simulate", "--growth", "triangular(15%, 20%, 25%)", "--seed", "42", "--trials",
            "20000", "--correlation", "0.3", "--json", *BASELINE_ARGS]  # fmt: skip
    first, second = run(*args).stdout, run(*args).stdout
    assert first == second and json.loads(first)["seed"] == 42
    other = run(*[a if a != "42" else "43" for a in args]).stdout
    assert other != first


@pytest.mark.parametrize("rho", [None, 0.5])
def test_chunk_size_does_not_change_results(rho):
    p = plan(dataset(), default=parse_distribution("triangular(15%, 20%, 25%)"), rho=rho)
    results = [simulate(p.items, p.parents, 50_000, seed=9, rank_correlation=p.correlation,
                        chunk=chunk) for chunk in (4096, 12_288, 65_536, 1_000_000)]  # fmt: skip
    assert all(r == results[0] for r in results[1:])


def test_unseeded_run_reports_its_seed(run):
    doc = json.loads(run("simulate", "--growth", "20%", "--trials", "10", "--json").stdout)
    again = run(
        "simulate", "--growth", "20%", "--trials", "10", "--seed", str(doc["seed"]), "--json"
    )
    assert json.loads(again.stdout) == doc


# Output -------------------------------------------------------------------------------------


def test_simulate_table(run):
    out = run("simulate", "--growth", "lognormal(0.2, 0.05)", "--seed", "1", *BASELINE_ARGS).stdout
    assert out.startswith("Chance of meeting each target: 100,000 trials, seed 1, growth "
                          "lognormal(0.2, 0.05) a year, drawn each year\n")  # fmt: skip
    assert "What drives the spread of Σ zone-output" in out
    assert "Not simulated (no baseline): city-new-output, city-innovation-centres." in out
    contributions = out[out.index("What drives") :].splitlines()[3]
    assert contributions.startswith("intelligent-manufacturing")  # the largest industry leads


def test_fixed_rate_is_certain(run):
    doc = json.loads(run("simulate", "--growth", "zone-output=24.6%", "--json").stdout)
    (zone,) = doc["metrics"]
    # 500 * 1.246 ** 5 = 1501.62 > 1500: met in every trial, and by formula
    assert (zone["probability"], zone["closed_form"], zone["standard_error"]) == (1.0, 1.0, 0.0)


def test_scenario_with_distributions(run, write_toml):
    path = write_toml(
        'schema = 1\n[[scenarios]]\nid = "risky"\ndescription = "Uncertain growth"\n'
        'growth = "triangular(15%, 20%, 25%)"\n'
        '[scenarios.growths]\nzone-output = "lognormal(0.2, 0.05)"\n'
        '[scenarios.correlation]\nmetrics = ["zone-output", "zone-projects"]\n'
        "matrix = [[1, 0.4], [0.4, 1]]\n")  # fmt: skip
    doc = json.loads(run("simulate", "--scenario", "risky", "--data", path, "--seed", "1",
                         "--trials", "5000", "--json").stdout)  # fmt: skip
    kinds = {m["id"]: m["distribution"]["kind"] for m in doc["metrics"]}
    assert kinds == {"zone-output": "lognormal", "zone-projects": "triangular"}
    assert doc["rank_correlation"] == {"metrics": ["zone-output", "zone-projects"],
                                       "matrix": [[1.0, 0.4], [0.4, 1.0]]}  # fmt: skip
    # `scenario` runs the same scenario at each distribution's mean rate
    scen = json.loads(run("scenario", "risky", "--data", path, "--json").stdout)
    projects = next(m for m in scen["metrics"] if m["id"] == "zone-projects")
    assert projects["outcomes"]["risky"]["rate"]["constant"] == 0.2


# Bad parameters ------------------------------------------------------------------------------

BAD = {
    "sd below 0": (
        ["--growth", "normal(20%, -5%)"],
        "Invalid value for '--growth': normal(20%, -5%): the sd -5% is negative",
        2,
    ),
    "low above high": (
        ["--growth", "uniform(25%, 15%)"],
        "Invalid value for '--growth': uniform(25%, 15%): low 25% is above high 15%",
        2,
    ),
    "mode outside": (
        ["--growth", "triangular(15%, 30%, 25%)"],
        "Invalid value for '--growth': triangular(15%, 30%, 25%): the mode 30% is outside "
        "[15%, 25%]",
        2,
    ),
    "unknown distribution": (
        ["--growth", "gaussian(1%, 2%)"],
        "Invalid value for '--growth': gaussian(1%, 2%): unknown distribution 'gaussian'",
        2,
    ),
    "wrong arity": (
        ["--growth", "normal(1%)"],
        "Invalid value for '--growth': normal(1%): normal takes 2 numbers, got 1",
        2,
    ),
    "rate at -100%": (
        ["--growth", "uniform(-100%, 5%)"],
        "Invalid value for '--growth': uniform(-100%, 5%): a rate of -100% is -100% or "
        "less, a growth factor of 0 or below",
        2,
    ),
    "trials zero": (
        ["--growth", "20%", "--trials", "0"],
        "Invalid value for '--trials': 0 is not in the range x>=1.",
        2,
    ),
    "correlation above 1": (
        ["--growth", "20%", "--correlation", "1.5"],
        "Invalid value for '--correlation': 1.5 is not in the range -1<=x<=1.",
        2,
    ),
    "no distribution": (
        [],
        "nothing to simulate: no metric has both a baseline and a distribution",
        2,
    ),
    "factor below 0": (
        ["--growth", "zone-output=normal(10%, 60%)", "--seed", "1"],
        "zone-output: normal(10%, 60%) drew a rate of",
        1,
    ),
    "overflowing growth": (
        ["--growth", "lognormal(700, 1)"],
        "zone-output: under lognormal(700, 1) the value could grow past what a "
        "floating-point number holds",
        1,
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_parameters(case, run):
    args, message, code = BAD[case]
    result = run("simulate", *args)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.startswith("Error: " + message), result.stderr
    assert result.stderr.count("\n") == 1


def test_a_start_of_zero_is_left_out_with_its_reason(run):
    args = [
        "simulate",
        "--growth",
        "20%",
        "--baseline",
        "zone-output=0",
        "--trials",
        "10",
        "--json",
    ]
    doc = json.loads(run(*args).stdout)
    reason = "its baseline of 2018 is 0, which cannot grow"
    assert doc["not_simulated"][0] == {"id": "zone-output", "reason": reason}


def test_negative_correlation_for_three_is_not_a_correlation_matrix():
    with pytest.raises(InputError, match="not positive semi-definite"):
        copula_mixer(correlation_matrix(-0.9, 3))


def test_bad_matrices_in_a_scenario(run, write_toml):
    base = ('schema = 1\n[[scenarios]]\nid = "m"\ndescription = "M"\ngrowth = "20%"\n'
            '[scenarios.correlation]\nmetrics = ["zone-output", "zone-projects"]\n')  # fmt: skip
    path = write_toml(base + "matrix = [[1, 0.4], [0.2, 1]]\n")
    assert run("simulate", "--data", path).stderr == (
        f"Error: {path}: scenarios[0].correlation.matrix: the correlation matrix is not symmetric: "
        "row 1, column 2 is 0.4 but row 2, column 1 is 0.2\n")  # fmt: skip
    path = write_toml(base.replace('"zone-projects"]', '"zone-projects", "ic-chips"]')
                      + "matrix = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n")  # fmt: skip
    assert (
        "is not positive semi-definite (its smallest eigenvalue is"
        in run("simulate", "--data", path).stderr
    )
    path = write_toml(base + "matrix = [[1, 0.4]]\n")
    assert (
        "scenarios[0].correlation.matrix: expected 2 rows of 2 numbers"
        in run("simulate", "--data", path).stderr
    )


def test_a_seed_not_given_is_short_and_reproduces_the_run(run):
    first = json.loads(run("simulate", "--growth", "triangular(15%, 20%, 25%)", "--trials", "2000",
                           *BASELINE_ARGS, "--json").stdout)  # fmt: skip
    assert 0 <= first["seed"] < 1_000_000
    again = run("simulate", "--growth", "triangular(15%, 20%, 25%)", "--trials", "2000",
                *BASELINE_ARGS, "--seed", str(first["seed"]), "--json").stdout  # fmt: skip
    assert json.loads(again) == first
    title = run(
        "simulate", "--growth", "20%", "--trials", "10", "--seed", "42"
    ).stdout.splitlines()[0]
    assert (
        title
        == "Chance of meeting each target: 10 trials, seed 42, growth 20% a year, drawn each year"
    )


def test_the_command_and_the_library_default_to_the_same_trials():
    from ftzcalc.cli.simulate import simulate as command
    from ftzcalc.simulation import DEFAULT_TRIALS

    (trials,) = [p for p in command.params if p.name == "trials"]
    assert trials.default == DEFAULT_TRIALS == 100_000
