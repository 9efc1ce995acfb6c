"""Monte Carlo over many metrics: run batch by batch (whole families), with the same results
whatever the batches, the chunks and the work held by the jobs at a time."""

from __future__ import annotations

import numpy as np
import pytest

from ftzcalc import simulation
from ftzcalc.dataset import load, parse, replace_baseline, shipped_data_path
from ftzcalc.distributions import parse_distribution
from ftzcalc.simulation import plan, simulate

ASSUMED = {"intelligent-manufacturing": 250, "new-energy-vehicles": 100, "ic-chips": 5,
           "lcd-panels": 10, "biomedicine": 40, "instruments": 30}  # fmt: skip


@pytest.fixture(scope="module")
def generated(scale_benchmark):
    """The scale benchmark's data of 200 metrics: 20 families of a parent and 6 children, and
    standalone metrics, planned with its scenario's growth."""
    data = parse(scale_benchmark.render(scale_benchmark.units(200)))
    scenario = next(s for s in data.scenarios if s.id == scale_benchmark.SCENARIO)
    return plan(data, scenario)


def shipped(rho=None, text="triangular(15%, 20%, 25%)"):
    data = load(shipped_data_path())
    for metric_id, value in ASSUMED.items():
        data = replace_baseline(data, metric_id, value)
    return plan(data, default=parse_distribution(text), rho=rho)


def test_batches_of_any_size_give_the_same_results(generated):
    p = generated
    assert len(p.items) > 100 and len(p.parents) == 20

    def run(**shape):
        return simulate(p.items, p.parents, 5000, seed=3, **shape)

    one = run(batch_rows=10**9)  # every metric in one batch
    for shape in ({}, {"batch_rows": 1}, {"batch_rows": 60, "work_bytes": 1}, {"chunk": 4096}):
        assert run(**shape) == one, shape
    # and the figures are a simulation's: a family's sum, trial by trial, of its children
    sums = [r.stats.p50 for r in one.parents]
    children = [sum(one.stats[c].p50 for c in children) for _, _, children in p.parents]
    assert all(0.9 < s / c < 1.1 for s, c in zip(sums, children, strict=True))


def test_batches_hold_whole_families_and_make_their_generators(generated, monkeypatch):
    p = generated
    batches: list[tuple[list[int], list[int]]] = []
    read_off = simulation._read_off

    def recording_read_off(items, parents, persistence, order, batch_parents, *rest):
        batches.append((list(order), list(batch_parents)))
        read_off(items, parents, persistence, order, batch_parents, *rest)

    made = []
    real = np.random.Generator

    def generator(bits):
        made.append(bits)
        return real(bits)

    monkeypatch.setattr(simulation, "_read_off", recording_read_off)
    monkeypatch.setattr(np.random, "Generator", generator)
    r = simulate(p.items, p.parents, 100, seed=1, batch_rows=60)
    assert sorted(j for order, _ in batches for j in order) == list(range(len(p.items)))
    assert sorted(q for _, ps in batches for q in ps) == list(range(len(p.parents)))
    for order, ps in batches:
        assert all(set(p.parents[q][2]) <= set(order) for q in ps)  # whole families
        rows = sum(p.items[j].years for j in order)
        rows += sum(len(r.parents[q].path.years) - 1 for q in ps)  # their start is known
        assert rows <= 60
    assert len(batches) > 3
    # one generator for each metric and year drawn, no more
    assert len(made) == sum(item.years for item in p.items)


@pytest.mark.parametrize(("rho", "persistence"), [(None, False), (0.5, False), (None, True)])
def test_the_shipped_data_is_the_same_in_batches_of_one_row(rho, persistence):
    p = shipped(rho)
    runs = [
        simulate(
            p.items,
            p.parents,
            20_000,
            seed=4,
            persistence=persistence,
            rank_correlation=p.correlation,
            **shape,
        )
        for shape in ({}, {"batch_rows": 1, "work_bytes": 1}, {"chunk": 4096, "work_bytes": 1})
    ]
    assert runs[1] == runs[0] and runs[2] == runs[0]


@pytest.fixture
def counted(monkeypatch):
    """The bounds of each histogram made, and the values (years x trials) it was given."""
    made: list[tuple[object, list, list[np.ndarray]]] = []
    init, add = simulation._Histograms.__init__, simulation._Histograms.add

    def recording_init(self, bounds, scratch, trials):
        init(self, bounds, scratch, trials)
        made.append((self, list(bounds), []))

    def recording_add(self, values):
        next(seen for h, _, seen in made if h is self).append(values.copy())
        add(self, values)

    monkeypatch.setattr(simulation._Histograms, "__init__", recording_init)
    monkeypatch.setattr(simulation._Histograms, "add", recording_add)
    return made


@pytest.mark.parametrize("batch_rows", [1, 10**6])
def test_parents_sharing_children_in_any_order_add_them_in_their_order(counted, batch_rows):
    p = shipped()
    parent, target, children = p.parents[0]
    shared = (children[::-1], children[:3], (children[4], children[0]))
    parents = [(parent, target, c) for c in shared]
    r = simulate(p.items, parents, 9000, seed=2, chunk=4096, batch_rows=batch_rows)
    assert len(counted) == len(p.items) + len(parents)
    values = {}
    for j, item in enumerate(p.items):
        bounds = [simulation.end_bounds(item, False, k) for k in range(1, item.years + 1)]
        (chunks,) = [seen for _, b, seen in counted if b == bounds]
        values[j] = np.concatenate(chunks, axis=1)
    for q, c in enumerate(shared):
        first = r.parents[q].path.years[0]
        assert all(p.items[k].start.year == first for k in c)
        bounds = [
            tuple(sum(simulation.end_bounds(p.items[k], False, year)[i] for k in c) for i in (0, 1))
            for year in range(1, target.year - first + 1)
        ]
        (chunks,) = [seen for _, b, seen in counted if b == bounds]
        expected = np.zeros((target.year - first, 9000))
        for k in c:  # in the parent's order, exactly
            expected += values[k][: target.year - first]
        assert np.array_equal(np.concatenate(chunks, axis=1), expected)


@pytest.mark.parametrize("text", ["triangular(5%, 10%, 20%)", "10%"])
def test_each_trials_bin_or_the_counts_give_the_same_results(monkeypatch, text):
    """Below SPARSE_TRIALS a histogram keeps every trial's bin and counts them when read: the
    same percentiles, to the bit, as counts kept as the chunks go (a fixed rate: every value
    tied, in one bin)."""
    p = shipped(text=text)
    sparse = simulate(p.items, p.parents, 20_000, seed=8, chunk=4096)
    monkeypatch.setattr(simulation, "SPARSE_TRIALS", 0)
    assert simulate(p.items, p.parents, 20_000, seed=8, chunk=4096) == sparse


def test_tied_values_rank_in_the_order_drawn():
    ranks = simulation._centred_ranks(np.array([2.0, 1.0, 2.0, 1.0]))
    assert ranks.tolist() == [0.5, -1.5, 1.5, -0.5]
    assert simulation._centred_ranks(np.array([3.0, 1.0, 2.0])).tolist() == [1.0, -1.0, 0.0]


@pytest.mark.parametrize(("rho", "persistence"), [(None, False), (0.5, False), (None, True)])
def test_jobs_on_threads_or_in_the_calling_thread_give_the_same_results(
    monkeypatch, generated, rho, persistence
):
    """Chunks of few trials run every job in the calling thread, larger ones on a thread for
    each core: the same results, to the bit, whatever the threads."""
    p = shipped(rho) if rho is not None else generated

    def run(**shape):
        return simulate(p.items, p.parents, 9000, seed=5, persistence=persistence,
                        rank_correlation=p.correlation, chunk=4096, **shape)  # fmt: skip

    inline = run()
    monkeypatch.setattr(simulation, "THREADED_TRIALS", 0)
    for threads in (2, 3):
        monkeypatch.setattr(simulation, "_threads", lambda threads=threads: threads)
        assert run() == inline
        assert run(work_bytes=1, batch_rows=30) == inline
