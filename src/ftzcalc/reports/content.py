"""What a report holds: every result the data supports, computed as the commands compute it.

Pure computation, as the rest of the library: a :class:`~ftzcalc.model.Dataset` in,
:class:`Contents` out. What cannot be computed is left out with the reason (a
:class:`~ftzcalc.i18n.Message`), so the page and the workbook can say why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ftzcalc.errors import FtzcalcError
from ftzcalc.gaps import GapReport, compute_gap
from ftzcalc.i18n import message_of
from ftzcalc.model import Dataset, Metric, Scenario
from ftzcalc.projection import NotProjectable, Projection
from ftzcalc.scenarios import ScenarioReport

if TYPE_CHECKING:  # numpy is imported only when a grid or a simulation is computed
    from ftzcalc.grids import Grid
    from ftzcalc.simulation import Result

#: Trials and seed of a report's simulations: a report is made again the same, and
#: ``ftzcalc simulate --scenario NAME --seed 0`` gives the same figures.
TRIALS = 100_000
SEED = 0


class Simulation(NamedTuple):
    scenario: Scenario
    result: Result
    skipped: tuple[tuple[str, str], ...]  # (metric id, why it is not simulated)


class Contents(NamedTuple):
    dataset: Dataset
    as_of: int | None
    gap: GapReport
    scenarios: ScenarioReport
    #: for each parent metric that can be projected: its projection (at its default path, as
    #: ``ftzcalc project ID`` draws it) and its default sensitivity grid
    projections: tuple[Projection, ...]
    grids: tuple[Grid, ...]  # one per projection
    simulations: tuple[Simulation, ...]
    #: (kind, id, why): parents that cannot be projected (kind "projection"), scenarios with
    #: growth distributions that cannot be simulated ("simulation")
    left_out: tuple[tuple[str, str, str], ...]

    @property
    def files(self) -> list[str]:
        return list(self.dataset.paths)


def parents(dataset: Dataset) -> list[Metric]:
    """The metrics that have children, in the dataset's order."""
    return [m for m in dataset.metrics if dataset.children(m.id)]


def growth_scenarios(dataset: Dataset) -> list[Scenario]:
    """The scenarios of the data files that give growth distributions, for ``simulate``."""
    return [s for s in dataset.scenarios if s.growth is not None or s.growths]


def collect(dataset: Dataset, as_of: int | None = None) -> Contents:
    """Everything a report shows for ``dataset`` (progress as of ``as_of``)."""
    from ftzcalc import scenarios as sc

    gap = compute_gap(dataset, [], as_of)
    scenario_report = sc.run(dataset, list(sc.available(dataset)))
    left_out: list[tuple[str, str, str]] = []
    projections: list[Projection] = []
    grids: list[Grid] = []
    for metric in parents(dataset):
        try:
            projection, grid = _project(metric)
        except NotProjectable as exc:
            left_out.append(("projection", metric.id, exc.reason))
            continue
        except FtzcalcError as exc:
            left_out.append(("projection", metric.id, message_of(exc)))
            continue
        projections.append(projection)
        grids.append(grid)
    simulations = []
    for scenario in growth_scenarios(dataset):
        try:
            simulations.append(_simulate(dataset, scenario))
        except FtzcalcError as exc:
            left_out.append(("simulation", scenario.id, message_of(exc)))
    return Contents(
        dataset=dataset,
        as_of=as_of,
        gap=gap,
        scenarios=scenario_report,
        projections=tuple(projections),
        grids=tuple(grids),
        simulations=tuple(simulations),
        left_out=tuple(left_out),
    )


def _project(metric: Metric) -> tuple[Projection, Grid]:
    """``ftzcalc project ID`` and ``ftzcalc sensitivity ID`` with their defaults."""
    from ftzcalc import grids as sens
    from ftzcalc.projection import default_path, project

    projection = project(metric, default_path(metric))
    rates, years = sens.default_rates(metric), sens.default_years(metric)
    sens.check_size(rates.count, years.count, table=True)
    grid = sens.grid(metric, rates.values(), years=[int(y) for y in years.values()])
    return projection, grid


def _simulate(dataset: Dataset, scenario: Scenario) -> Simulation:
    """``ftzcalc simulate --scenario ID --seed 0``."""
    from ftzcalc.simulation import plan, simulate

    p = plan(dataset, scenario)
    result = simulate(p.items, p.parents, TRIALS, SEED, False, p.correlation)
    return Simulation(scenario, result, p.skipped)
