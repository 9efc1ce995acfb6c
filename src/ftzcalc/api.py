"""ftzcalc from Python: what each command computes, as the typed results its views draw.

The package lends these functions its own names (``ftzcalc.gap``), importing this module on
first use; they are written here so that importing the package costs the command line nothing.

Every function here is what a command does before it formats anything, with the command's
defaults; a wrong input raises a :class:`~ftzcalc.errors.FtzcalcError` (a
:class:`~ftzcalc.errors.DataError` names the file and key path, an
:class:`~ftzcalc.errors.InputError` the value). :func:`to_json` turns a result into the document
``--format json`` prints, as plain dicts and lists that match the shipped schemas.

>>> import ftzcalc
>>> data = ftzcalc.load()
>>> row = ftzcalc.gap(data, ["zone-output"]).rows[0]
>>> round(row.required_rate.value, 6)
0.245731
>>> ftzcalc.solve(start=500, end=1500, years=5).rate
0.24573093961551734
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ftzcalc
from ftzcalc.solver import solve as solve  # ``ftzcalc solve`` is the library's solve itself

if TYPE_CHECKING:
    from ftzcalc.gaps import GapReport, Progress
    from ftzcalc.grids import Grid
    from ftzcalc.model import Dataset
    from ftzcalc.projection import Projection
    from ftzcalc.rates import RatePath
    from ftzcalc.scenarios import ScenarioReport
    from ftzcalc.simulation import Result

#: The package's names (``ftzcalc.__all__`` lists them), all but its version.
__all__ = [name for name in ftzcalc.__all__ if name != "__version__"]

PathLike = str | os.PathLike[str]


def load(
    *overlays: PathLike,
    shipped: bool = True,
    baselines: Mapping[str, float | tuple[float, int]] | None = None,
    actuals: Iterable[tuple[str, float, int]] = (),
) -> Dataset:
    """The shipped dataset (unless ``shipped`` is false) with ``overlays`` laid over it in
    order, as ``--data`` does; then ``baselines`` ({id: value or (value, year)}) and
    ``actuals`` ((id, value, year) each), as ``--baseline`` and ``--actual`` do.

    >>> data = load(baselines={"ic-chips": (10, 2018)}, actuals=[("zone-output", 820, 2021)])
    >>> data.metric("ic-chips").baseline.value, data.metric("zone-output").actuals[-1].value
    (10.0, 820.0)
    """
    from ftzcalc import dataset as ds

    paths = [ds.shipped_data_path()] if shipped else []
    paths += [os.fspath(path) for path in overlays]
    if not paths:
        from ftzcalc.errors import InputError
        from ftzcalc.i18n import Message

        raise InputError(Message("no data: give a data file, or leave shipped=True"))
    given = [(metric_id, *_value_and_year(b)) for metric_id, b in (baselines or {}).items()]
    return ds.with_figures(ds.load(paths), given, [_actual(a) for a in actuals])


def _value_and_year(figure: Any) -> tuple[Any, Any]:
    """A baseline as given: a value, or (value, year)."""
    if not isinstance(figure, tuple):
        return figure, None
    if len(figure) != 2:
        raise _wrong("a baseline is a value or (value, year), got {given!r}", figure)
    return figure


def _actual(actual: Any) -> tuple[str, Any, Any]:
    if not isinstance(actual, tuple | list) or len(actual) != 3:
        raise _wrong("an actual is (id, value, year), got {given!r}", actual)
    return actual[0], actual[1], actual[2]


def _ids(ids: str | Sequence[str]) -> list[str]:
    """Metric ids: one as a string, or several."""
    return [ids] if isinstance(ids, str) else list(ids)


def _wrong(template: str, given: Any) -> Exception:
    from ftzcalc.errors import InputError
    from ftzcalc.i18n import Message

    return InputError(Message(template, given=given))


def gap(dataset: Dataset, ids: str | Sequence[str] = (), as_of: int | None = None) -> GapReport:
    """``ftzcalc gap``: each metric's gap, multiple and required rate, its progress by the
    latest actual (no later than ``as_of``), and whether children add up to their parent."""
    from ftzcalc.gaps import compute_gap
    from ftzcalc.parsing import check_year

    return compute_gap(dataset, _ids(ids), None if as_of is None else check_year(as_of))


def progress(dataset: Dataset, metric_id: str, as_of: int | None = None) -> Progress:
    """One metric's progress by the SDG method: observed against required growth, status."""
    from ftzcalc.gaps import progress as metric_progress
    from ftzcalc.parsing import check_year

    as_of = None if as_of is None else check_year(as_of)
    return metric_progress(dataset.metric(metric_id), as_of)


def project(
    dataset: Dataset, metric_id: str, rate: Any = None, until: int | None = None
) -> Projection:
    """``ftzcalc project``: the metric year by year under ``rate``: a fraction (0.15), text as
    the command line takes it ("15%", "ref:ID", "2019=5%,2020=8%") or a RatePath; without one,
    at its observed pace where it has actuals, else at the rate its target requires."""
    from ftzcalc.projection import default_path
    from ftzcalc.projection import project as project_metric

    metric = dataset.metric(metric_id)
    path = default_path(metric) if rate is None else _rate_path(rate, dataset)
    return project_metric(metric, path, until)


def scenario(
    dataset: Dataset,
    names: Sequence[str] = (),
    rate: Any = None,
    rates: Mapping[str, Any] | None = None,
) -> ScenarioReport:
    """``ftzcalc scenario``: where every metric ends under each scenario named (all of them
    when none is, and none is made ad hoc), plus an ad hoc one when ``rate`` (every metric) or
    ``rates`` ({id: rate}) are given, as ``--rate`` does."""
    from ftzcalc import scenarios as sc

    chosen = list(sc.pick(dataset, names)) if names else []
    if rate is not None or rates:
        per_metric = []
        for metric_id, given in (rates or {}).items():
            dataset.metric(metric_id)  # an unknown id raises
            per_metric.append((metric_id, _rate_path(given, dataset)))
        default = _rate_path(rate, dataset) if rate is not None else None
        chosen.append(sc.ad_hoc(default, per_metric))
    return sc.run(dataset, chosen or list(sc.available(dataset)))


def sensitivity(
    dataset: Dataset,
    metric_id: str,
    rates: str | Sequence[float] | None = None,
    years: str | Sequence[int] | None = None,
    starts: str | Sequence[float] | None = None,
) -> Grid:
    """``ftzcalc sensitivity``: the metric's value over growth ``rates`` (rows) and target
    ``years`` or start values ``starts`` (columns), each a list or a range as the command
    takes it (``"10%:30%:5%"``, ``"2021:2025"``); the command's ranges by default."""
    from ftzcalc import grids as sens
    from ftzcalc.parsing import check_value, check_year

    if years is not None and starts is not None:
        raise _wrong("years and starts are two kinds of column: give one, got {given!r}",
                     (years, starts))  # fmt: skip
    metric = dataset.metric(metric_id)
    rate_values = (sens.default_rates(metric).values() if rates is None
                   else _values(rates, "rate", _rate))  # fmt: skip
    if starts is not None:
        columns = _values(starts, "value", check_value, sens.check_starts)
    elif years is not None:
        columns = _values(years, "year", check_year, lambda s: sens.check_years(metric, s))
    else:
        columns = sens.default_years(metric).values()
    sens.check_size(len(rate_values), len(columns), table=False)
    if starts is not None:
        return sens.grid(metric, rate_values, starts=columns)
    return sens.grid(metric, rate_values, years=[int(y) for y in columns])


def _rate(rate: Any) -> float:
    """A rate as the command line reads one: a number as if typed (0.2 as "0.2"), or text."""
    from ftzcalc.parsing import parse_rate

    if isinstance(rate, bool) or not isinstance(rate, str | int | float):
        raise _wrong("a rate is a number or a text such as '15%', got {given!r}", rate)
    return parse_rate(rate if isinstance(rate, str) else repr(rate))


def _values(given: Any, kind: str, each: Any, check_span: Any = None) -> list[Any]:
    """A list as given (each item checked by ``each``), or a range typed as the command line
    types one (checked by ``check_span``, as the command checks it)."""
    if isinstance(given, str):
        from ftzcalc.rates import parse_span

        span = parse_span(given, kind, 1 if kind == "year" else None)
        if check_span is not None:
            check_span(span)
        return span.values()
    return [each(item) for item in given]


def simulate(
    dataset: Dataset,
    growth: str | None = None,
    growths: Mapping[str, str] | None = None,
    scenario: str | None = None,
    trials: int | None = None,
    seed: int | None = None,
    correlation: float | None = None,
    persistence: bool = False,
) -> Result:
    """``ftzcalc simulate``: the chance of meeting each target when growth is drawn from
    ``growth`` (every metric) or ``growths`` ({id: distribution}), written as on the command
    line (``"triangular(15%, 20%, 25%)"``), or from a ``scenario``'s distributions; ``trials``
    defaults to the command's 100,000."""
    from ftzcalc import simulation
    from ftzcalc.distributions import parse_distribution
    from ftzcalc.scenarios import pick

    trials = simulation.DEFAULT_TRIALS if trials is None else simulation.check_trials(trials)
    simulation.check_seed(seed)
    if correlation is not None:
        simulation.check_correlation(correlation)
    default = parse_distribution(growth) if growth is not None else None
    per_metric = {}
    for metric_id, text in (growths or {}).items():
        dataset.metric(metric_id)  # an unknown id raises
        per_metric[metric_id] = parse_distribution(text)
    chosen = pick(dataset, [scenario])[0] if scenario else None
    p = simulation.plan(dataset, chosen, default, per_metric, correlation)
    result = simulation.simulate(p.items, p.parents, trials, seed, persistence, p.correlation)
    return result._replace(skipped=tuple(p.skipped))


def to_json(result: Any, dataset: Dataset | None = None) -> dict[str, Any]:
    """The document ``--format json`` prints for ``result`` (the return of any function here
    but :func:`load` and :func:`progress`; for :func:`load`, the dataset itself), as plain
    dicts and lists; ``dataset`` names the data files in it.

    >>> document = to_json(solve(start=500, end=1500, years=5))
    >>> document["schema"], document["solved_for"]
    ('ftzcalc.solve/1', 'rate')
    """
    from ftzcalc.gaps import GapReport
    from ftzcalc.model import Dataset
    from ftzcalc.projection import Projection
    from ftzcalc.scenarios import ScenarioReport
    from ftzcalc.solver import Solution
    from ftzcalc.views import gap, project, scenario, solve, targets

    files = list(dataset.paths) if dataset is not None else []
    document: dict[str, Any]
    if isinstance(result, Dataset):
        document = targets.to_json(result, list(result.paths))
    elif isinstance(result, GapReport):
        document = gap.to_json(result, files)
    elif isinstance(result, Projection):
        document = project.to_json(result, files)
    elif isinstance(result, ScenarioReport):
        document = scenario.to_json(result, files)
    elif isinstance(result, Solution):
        document = solve.to_json(result)
    else:
        document = _numpy_result_json(result, dataset, files)
    return _plain(document)


def _numpy_result_json(result: Any, dataset: Dataset | None, files: list[str]) -> dict[str, Any]:
    """The document of a grid or a simulation (their modules import numpy)."""
    from ftzcalc.grids import Grid
    from ftzcalc.simulation import Result
    from ftzcalc.views import sensitivity, simulate

    if isinstance(result, Grid):
        return sensitivity.to_json(result, files)
    if isinstance(result, Result):
        return simulate.to_json(result, list(result.skipped), files)
    raise TypeError(f"no JSON document for a {type(result).__name__}")


def _plain(value: Any) -> Any:
    """Records the writer would stream (iterators) made into lists, tuples into lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple) or hasattr(value, "__next__"):
        return [_plain(item) for item in value]
    return value


def _rate_path(rate: Any, dataset: Dataset) -> RatePath:
    """A rate as the command line reads it: a number as if typed (0.2 as "0.2"), checked the
    same way (a bare number above 1 is refused)."""
    from ftzcalc.rates import RatePath, parse_rate_spec

    if isinstance(rate, RatePath):
        return rate
    if isinstance(rate, bool) or not isinstance(rate, str | int | float):
        raise TypeError(f"a rate is a number, a text or a RatePath, not {type(rate).__name__}")
    return parse_rate_spec(rate if isinstance(rate, str) else repr(rate), dataset.references)
