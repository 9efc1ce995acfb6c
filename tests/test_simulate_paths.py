"""Monte Carlo paths: percentiles of every year from the start to the target, for fan charts."""

from __future__ import annotations

import json
import math
from statistics import NormalDist

import numpy as np
import pytest
from conftest import FAMILY

from ftzcalc import simulation
from ftzcalc.dataset import add_actual, load, parse, replace_baseline, shipped_data_path
from ftzcalc.distributions import parse_distribution
from ftzcalc.errors import FtzcalcError
from ftzcalc.simulation import PathStats, plan, simulate

ASSUMED = {"intelligent-manufacturing": 250, "new-energy-vehicles": 100, "ic-chips": 5,
           "lcd-panels": 10, "biomedicine": 40, "instruments": 30}  # fmt: skip
BASELINE_ARGS = [a for k, v in ASSUMED.items() for a in ("--baseline", f"{k}={v}")]
QUANTILES = {"p5": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
#: A histogram bin, in log space, is at most this wide in every run below (1/32768 of the
#: bounds of a year: 18 sd of lognormal(0.2, 0.05) over 5 years is 2.0, so 6.1e-5).
BIN = 1e-4


def dataset():
    data = load(shipped_data_path())
    for metric_id, value in ASSUMED.items():
        data = replace_baseline(data, metric_id, value)
    return data


def columns(path: PathStats) -> list[tuple[float, ...]]:
    return [path.p5, path.p25, path.p50, path.p75, path.p95]


def simulated(
    text, trials, seed, persistence=False, rho=None, data=None, chunk=simulation.DEFAULT_CHUNK
):
    p = plan(data or dataset(), default=parse_distribution(text), rho=rho)
    return simulate(p.items, p.parents, trials, seed=seed, persistence=persistence,
                    rank_correlation=p.correlation, chunk=chunk)  # fmt: skip


@pytest.fixture(scope="module")
def triangular():
    return simulated("triangular(15%, 20%, 25%)", 20_000, seed=3)


# Shapes and the plain facts ------------------------------------------------------------------


def test_one_entry_a_year_from_the_start_to_the_target(triangular):
    r = triangular
    assert len(r.paths) == len(r.items) == 8
    for item, path in zip(r.items, r.paths, strict=True):
        assert path.years == tuple(range(item.start.year, item.target.year + 1))
        assert all(len(c) == len(path.years) for c in columns(path))
    (parent,) = r.parents
    assert parent.path.years == tuple(range(2018, 2024))
    assert all(len(c) == 6 for c in columns(parent.path))
    assert [item.metric.id for item in r.items][1] == "zone-projects"  # starts in 2019
    assert r.paths[1].years == (2019, 2020, 2021, 2022, 2023)


def test_the_start_year_is_the_start_value_in_every_percentile(triangular):
    for item, path in zip(triangular.items, triangular.paths, strict=True):
        assert {c[0] for c in columns(path)} == {item.start.value}
    (parent,) = triangular.parents
    assert {c[0] for c in columns(parent.path)} == {250 + 100 + 5 + 10 + 40 + 30}


def test_percentiles_are_in_order_every_year(triangular):
    for path in (*triangular.paths, triangular.parents[0].path):
        for year in range(len(path.years)):
            values = [c[year] for c in columns(path)]
            assert values == sorted(values), (path.years[year], values)
        assert list(path.p50) == sorted(path.p50)  # growth of 15% to 25% a year only rises


@pytest.mark.parametrize("persistence", [False, True])
def test_the_target_year_is_the_targets_percentiles(persistence):
    r = simulated("triangular(15%, 20%, 25%)", 5000, seed=4, persistence=persistence, rho=0.5)
    pairs = [*zip(r.paths, r.stats, strict=True), *((p.path, p.stats) for p in r.parents)]
    for path, stats in pairs:
        assert (path.p5[-1], path.p50[-1], path.p95[-1]) == (stats.p5, stats.p50, stats.p95)


def test_a_fixed_rate_gives_one_path():
    r = simulated("10%", 100, seed=1)
    for item, path in zip(r.items, r.paths, strict=True):
        exact = [item.start.value * 1.1**k for k in range(len(path.years))]
        for column in columns(path):
            assert column == pytest.approx(exact, rel=1e-12)


# Against exact quantiles --------------------------------------------------------------------


@pytest.mark.parametrize(("persistence", "rho"), [(False, None), (True, None), (False, 0.6)])
def test_lognormal_paths_match_their_closed_form_every_year(persistence, rho):
    # ln(1 + rate) ~ N(mu, sd) each year: the log of the value after k years is normal with mean
    # ln(start) + k mu and sd sqrt(k) sd (independent years) or k sd (one draw for all years);
    # a quantile's Monte Carlo standard error, in log space, is sd_k sqrt(q(1-q)/n) / phi(z_q)
    mu, sd, n = 0.2, 0.05, 200_000
    r = simulated(f"lognormal({mu}, {sd})", n, seed=21, persistence=persistence, rho=rho)
    normal = NormalDist()
    checked = 0
    for item, path in zip(r.items, r.paths, strict=True):
        for k in range(1, len(path.years)):
            centre = math.log(item.start.value) + k * mu
            spread = sd * (k if persistence else math.sqrt(k))
            for name, q in QUANTILES.items():
                z = normal.inv_cdf(q)
                error = spread * math.sqrt(q * (1 - q) / n) / normal.pdf(z)
                got = math.log(getattr(path, name)[k])
                assert abs(got - (centre + spread * z)) <= 4 * error, (item.metric.id, k, name)
                checked += 1
    assert checked == 5 * (7 * 5 + 4)


@pytest.fixture
def recorded(monkeypatch):
    """Every histogram made, in order, with the values (years x trials) it was given."""
    made: list[tuple[object, list[np.ndarray]]] = []
    init, add = simulation._Histograms.__init__, simulation._Histograms.add

    def recording_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append((self, []))

    def recording_add(self, values):
        next(seen for h, seen in made if h is self).append(values.copy())
        add(self, values)

    monkeypatch.setattr(simulation._Histograms, "__init__", recording_init)
    monkeypatch.setattr(simulation._Histograms, "add", recording_add)
    return made


def _check_against_numpy(path: PathStats, rows: np.ndarray, first: int) -> None:
    """Each year's percentiles (from entry ``first`` of the path) against numpy's on the values
    counted (years x trials): within a histogram bin of numpy's order statistic of rank
    ceil(q n), and so well within a Monte Carlo error of numpy's interpolated percentile."""
    n = rows.shape[1]
    for row, values in enumerate(rows):
        year = first + row
        logs = np.sort(np.log(values))
        for name, q in QUANTILES.items():
            got = getattr(path, name)[year]
            exact = np.percentile(values, 100 * q, method="inverted_cdf")
            assert abs(math.log(got / exact)) <= BIN, (year, name)
            # the MC error of a log quantile, sqrt(q(1-q)/n) / density, the density measured
            # over sqrt(n) order statistics either side
            i, m = int(q * n), int(math.sqrt(n))
            density = 2 * m / n / (logs[min(i + m, n - 1)] - logs[max(i - m, 0)])
            error = math.sqrt(q * (1 - q) / n) / density
            interpolated = np.percentile(values, 100 * q)
            assert abs(math.log(got / interpolated)) <= error / 2, (year, name)


@pytest.mark.parametrize("rho", [None, 0.5])
def test_paths_match_numpy_percentiles_on_a_small_run(recorded, rho):
    r = simulated("triangular(15%, 20%, 25%)", 20_000, seed=5, rho=rho, chunk=8192)
    assert len(recorded) == len(r.items) + len(r.parents)
    for (_, chunks), path in zip(recorded, [*r.paths, r.parents[0].path], strict=True):
        _check_against_numpy(path, np.concatenate(chunks, axis=1), 1)
    # the parent against numpy on the sum of its children's values, trial by trial
    (parent,) = r.parents
    ids = [item.metric.id for item in r.items]
    children = [np.concatenate(recorded[ids.index(c)][1], axis=1) for c in parent.children]
    _check_against_numpy(parent.path, sum(children), 1)
    # (a sum's percentile is not the sum of its terms' percentiles)
    added = sum(r.paths[ids.index(c)].p5[3] for c in parent.children)
    assert parent.path.p5[3] > added * 1.001


# Chunks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persistence", "rho"), [(False, None), (False, 0.5), (True, None)])
def test_paths_do_not_depend_on_the_chunk_size(persistence, rho):
    results = [
        simulated("triangular(15%, 20%, 25%)", 50_000, 9, persistence, rho, chunk=chunk)
        for chunk in (4096, 12_288, 65_536, 1_000_000)
    ]
    first = results[0]
    for r in results[1:]:
        assert r.paths == first.paths
        assert [p.path for p in r.parents] == [p.path for p in first.parents]


# Parents ------------------------------------------------------------------------------------


def test_a_parents_path_is_the_sum_of_its_childrens_values():
    r = simulated("10%", 10, seed=1, data=parse(FAMILY))
    (parent,) = r.parents
    assert parent.path.years == tuple(range(2018, 2024))
    exact = [60 * 1.1**k + 40 * 1.1**k for k in range(6)]
    for column in columns(parent.path):
        assert column == pytest.approx(exact, rel=1e-12)
    b = r.paths[[i.metric.id for i in r.items].index("b")]
    assert b.years == tuple(range(2018, 2026))  # b runs to its own target year, 2025


def test_a_parents_path_starts_when_all_its_children_have_a_value(recorded):
    # a's latest figure is of 2020: the sum exists from 2020, where b has grown for 2 years
    data = add_actual(parse(FAMILY), "a", 70, 2020)
    r = simulated("triangular(5%, 10%, 20%)", 20_000, seed=2, data=data)
    ids = [item.metric.id for item in r.items]
    a = r.paths[ids.index("a")]
    assert a.years == tuple(range(2020, 2024)) and a.p50[0] == 70
    (parent,) = r.parents
    assert parent.path.years == tuple(range(2020, 2024))
    assert parent.path.p5[0] < parent.path.p95[0]  # drawn: b's value in 2020 is uncertain
    assert parent.path.p5[0] > 70 + 40 * 1.05**2 and parent.path.p95[0] < 70 + 40 * 1.2**2
    rows_a = np.concatenate(recorded[ids.index("a")][1], axis=1)  # 2021 to 2023
    rows_b = np.concatenate(recorded[ids.index("b")][1], axis=1)  # 2019 to 2025
    totals = np.vstack([70 + rows_b[1], rows_a + rows_b[2:5]])  # 2020 to 2023
    _check_against_numpy(parent.path, totals, 0)
    assert (parent.path.p50[-1], parent.path.p95[-1]) == (parent.stats.p50, parent.stats.p95)


def test_a_spread_that_overflows_before_the_target_year_is_refused():
    # at 9 sd the log factor of one year reaches -550 + 9 * 150 = 800: e^800 is no float,
    # though at the target, after 4 or 5 years, -2200 + 9 * 150 * 2 = 500 and
    # -2750 + 9 * 150 * sqrt(5) = 268 are; a year on the path counts as much as the target
    with pytest.raises(FtzcalcError, match="could grow past what a floating-point number"):
        simulated("lognormal(-550, 150)", 100, seed=1)


# JSON ---------------------------------------------------------------------------------------


def test_json_has_a_path_per_metric_and_parent(run):
    doc = json.loads(run("simulate", "--growth", "triangular(15%, 20%, 25%)", "--trials", "2000",
                         "--seed", "1", "--json", *BASELINE_ARGS).stdout)  # fmt: skip
    for entry in (*doc["metrics"], *doc["parents"]):
        path = entry["path"]
        assert list(path) == ["years", "p5", "p25", "p50", "p75", "p95"]
        assert path["years"][-1] == entry["target"]["year"]
        assert all(len(path[k]) == len(path["years"]) for k in QUANTILES)
        target_year = ("p5", "p50", "p95")
        assert [path[k][-1] for k in target_year] == [entry[k] for k in target_year]
    zone = doc["metrics"][0]
    assert zone["path"]["years"] == [2018, 2019, 2020, 2021, 2022, 2023]
    assert [zone["path"][k][0] for k in QUANTILES] == [zone["start"]["value"]] * 5
