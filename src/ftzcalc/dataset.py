"""Read data files (TOML, ``schema = 1``) as layers into one validated :class:`Dataset`.

The first file defines metrics; each later file (an overlay) adds metrics, or replaces fields of a
metric with the same id (``name``, ``baseline``, ``target``, ...). ``actuals`` merge by year, a
later file's figure replacing an earlier one's for the same year. Every problem is a
:class:`~ftzcalc.errors.DataError` naming the file and the key path (``metrics[3].target.year``,
indexes counted from 0) where the offending value was written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, ParamSpec, Protocol, TypeVar, overload

from ftzcalc.errors import DataError, InputError, UnreadableFile
from ftzcalc.i18n import Message, Named, message_of
from ftzcalc.model import (
    COMMAND_LINE,
    Actual,
    Baseline,
    Bound,
    Comparator,
    Dataset,
    IncreaseTarget,
    LevelTarget,
    Metric,
    QualitativeTarget,
    Reference,
    Scenario,
    Scope,
    Source,
    Target,
    TargetKind,
)
from ftzcalc.parsing import check_value, check_year
from ftzcalc.reader import (
    Problems,
    TableReader,
    parse_toml,
    read_toml,
    type_name,
    unknown_value,
)
from ftzcalc.suggest import closest

SCHEMA_VERSION = 1
#: Fields of a metric that a later file replaces whole; ``actuals`` merge by year instead.
FIELDS = ("scope", "name", "unit", "parent", "note", "baseline", "target")
REQUIRED = ("scope", "name", "unit", "target")
#: Beyond this many metrics, an unknown id gets no "did you mean": the closest of thousands of
#: ids, for each of thousands of problems, would take ``ftzcalc check`` minutes.
MAX_HINTED = 500


def shipped_data_path() -> str:
    """The dataset shipped in the package (in a source checkout, ``data/targets.toml``)."""
    here = os.path.dirname(os.path.realpath(__file__))  # os.path: pathlib costs 5 ms to import
    packaged = os.path.join(here, "data", "targets.toml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "targets.toml")


def load(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> Dataset:
    """Read one data file, or several as layers; the first problem raises :class:`DataError`."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    dataset, _ = _Loader(strict=True).load([os.fspath(p) for p in paths])
    assert dataset is not None
    return dataset


def load_all_problems(paths: Sequence[str]) -> tuple[Dataset | None, list[DataError]]:
    """Read the layers, going past problems to find them all; the dataset is built from what
    could be read (``None`` if nothing could)."""
    loader = _Loader(strict=False)
    dataset, problems = loader.load(list(paths))
    return dataset, problems


def parse(text: str, file: str = "<string>") -> Dataset:
    """Validate the text of one data file; ``file`` names it in errors."""
    loader = _Loader(strict=True)
    dataset, _ = loader.build([loader.layer(file, parse_toml(text, file))], [file])
    assert dataset is not None
    return dataset


def replace_baseline(
    dataset: Dataset, metric_id: str, value: float, year: int | None = None
) -> Dataset:
    """A copy of ``dataset`` in which ``metric_id`` starts from ``value`` (``--baseline``).

    Without a year, the metric's own baseline year is used, else its parent's, else the year an
    increase target counts from.
    """
    metric = dataset.metric(metric_id)
    value, year = _figure(_given_baseline(metric_id), value, year)
    target = metric.target
    if year is None:
        year = _default_baseline_year(dataset, metric)
    if target.kind is TargetKind.LEVEL and year >= target.year:
        raise InputError(
            Message(
                "{given}: the year {year} is not before the target year {target_year}",
                given=_given_baseline(metric_id),
                year=year,
                target_year=target.year,
            )
        )
    if target.kind is TargetKind.INCREASE and year > target.base_year:
        raise InputError(
            Message(
                "{given}: the year {year} is inside the period {start}-{end}; "
                "the increase counts from {base_year}",
                given=_given_baseline(metric_id),
                year=year,
                start=target.start_year,
                end=target.end_year,
                base_year=target.base_year,
            )
        )
    baseline = Baseline(year=year, value=value, origin=COMMAND_LINE)
    return _replace_metric(dataset, metric._replace(baseline=baseline))


def add_actual(
    dataset: Dataset, metric_id: str, value: float, year: int, this_year: int | None = None
) -> Dataset:
    """A copy of ``dataset`` with one more actual (``--actual``), replacing any for that year;
    refused where ``ftzcalc check`` would find it wrong (:func:`actual_problem`, and a year
    after ``this_year``, by default the calendar's)."""
    metric = dataset.metric(metric_id)
    given = _given_actual(metric_id)
    value, checked_year = _figure(given, value, year)
    if checked_year is None:
        raise InputError(Message("{given}: give the year", given=given))
    year = checked_year
    problem = actual_problem(metric, year)
    if this_year is None:
        import datetime  # only here: an import every command would pay for

        this_year = datetime.date.today().year
    if problem is None and year > this_year:
        problem = future_year(year, this_year)
    if problem is not None:
        raise InputError(Message("{given}: {problem}", given=given, problem=problem))
    actuals = {a.year: a for a in metric.actuals}
    actuals[year] = Actual(year=year, value=value, origin=COMMAND_LINE)
    ordered = tuple(actuals[y] for y in sorted(actuals))
    return _replace_metric(dataset, metric._replace(actuals=ordered))


def with_figures(
    dataset: Dataset,
    baselines: Iterable[tuple[str, float, int | None]] = (),
    actuals: Iterable[tuple[str, float, int]] = (),
) -> Dataset:
    """``dataset`` with figures given outside its files laid over it, in order: baselines
    (id, value, year or None) as :func:`replace_baseline`, then actuals as :func:`add_actual`;
    two actuals of a metric for one year are refused, as two in one file are."""
    for metric_id, value, year in baselines:
        dataset = replace_baseline(dataset, metric_id, value, year)
    seen: set[tuple[str, int]] = set()
    for metric_id, value, actual_year in actuals:
        if (metric_id, actual_year) in seen:
            message = Message("{given}: {year} is given twice", given=_given_actual(metric_id),
                              year=actual_year)  # fmt: skip
            raise InputError(message)
        seen.add((metric_id, actual_year))
        dataset = add_actual(dataset, metric_id, value, actual_year)
    return dataset


def future_year(year: int, this_year: int) -> Message:
    """Why an actual cannot be for ``year``: the one wording, for --actual and ``check``."""
    return Message("{year} is in the future (this is {this_year})", year=year, this_year=this_year)


def _figure(given: Named, value: object, year: object) -> tuple[float, int | None]:
    """A figure given outside the data files, checked as a typed one is: a value of 0 or more
    within ftzcalc's limits, and a calendar year (or none)."""
    try:
        return check_value(value), None if year is None else check_year(year)
    except InputError as exc:
        raise InputError(
            Message("{given}: {problem}", given=given, problem=message_of(exc))
        ) from None


def actual_problem(metric: Metric, year: int) -> Message | None:
    """Why ``metric`` can have no actual for ``year`` (its target is qualitative, or the year is
    before its baseline year), or ``None``; for --actual and for ``ftzcalc check`` alike."""
    if metric.target.kind is TargetKind.QUALITATIVE:
        return Message("a qualitative target has no figures to track")
    if metric.baseline is not None and year < metric.baseline.year:
        return Message(
            "{year} is before the baseline year {baseline_year}",
            year=year,
            baseline_year=metric.baseline.year,
        )
    return None


def _replace_metric(dataset: Dataset, new: Metric) -> Dataset:
    return dataset._replace(metrics=tuple(new if m.id == new.id else m for m in dataset.metrics))


def _default_baseline_year(dataset: Dataset, metric: Metric) -> int:
    if metric.baseline is not None:
        return metric.baseline.year
    if metric.parent is not None:
        parent = dataset.metric(metric.parent)
        if parent.baseline is not None:
            return parent.baseline.year
    if isinstance(metric.target, IncreaseTarget):
        return metric.target.base_year
    form = Named(f"{metric.id}=VALUE@YEAR", "(value, year)")
    raise InputError(
        Message("{given}: give the year as {form}", given=_given_baseline(metric.id), form=form)
    )


def _given_baseline(metric_id: str) -> Named:
    """A baseline given outside the data files, as its caller gave it."""
    return Named(f"--baseline {metric_id}", f"baseline {metric_id}")


def _given_actual(metric_id: str) -> Named:
    return Named(f"--actual {metric_id}", f"actual {metric_id}")


# --------------------------------------------------------------------------------------------
# Layers


class _Entry:
    """One ``[[metrics]]`` table of one file (``path``, as ``metrics[3]``): the fields it gives."""

    def __init__(self, file: str, path: str, metric_id: str) -> None:
        self.file = file
        self.path = path
        self.id = metric_id
        self.fields: dict[str, Any] = {}
        self.actuals: list[Actual] = []


class _Layer:
    def __init__(self, file: str) -> None:
        self.file = file
        self.source = Source()
        self.entries: list[_Entry] = []
        self.references: list[Reference] = []
        self.scenarios: list[_RawScenario] = []


class _RawScenario(NamedTuple):
    """A ``[[scenarios]]`` table, its rates still text: ``ref:ID`` needs every file's references."""

    file: str
    path: str
    id: str
    description: str
    rate: str | None
    rates: tuple[tuple[str, str], ...]  # (metric id, rate text)
    growth: Any = None  # a Distribution for every metric
    growths: tuple[tuple[str, Any], ...] = ()  # (metric id, Distribution)
    correlation: Any = None  # a rank correlation for all pairs, or (metric ids, matrix)


class _Merged:
    """A metric as the layers build it up: the entries that give it, in order. Most metrics
    have one, whose fields and actuals serve as they are; they are copied only when a later
    entry adds to them (100,000 metrics in 9 files: 222 MB traced at the peak of building the
    dataset, against 278 MB when every metric copied its fields)."""

    def __init__(self, entry: _Entry, layer_index: int) -> None:
        self.first = entry
        self.layer_index = layer_index
        self.entries = [(entry, layer_index)]
        self.fields: dict[str, Any] = entry.fields
        self.actuals: dict[int, Actual] | None = None  # by year, once a second entry has any

    def add(self, entry: _Entry, layer_index: int) -> None:
        if self.fields is self.first.fields:
            self.fields = dict(self.fields)
        self.fields.update(entry.fields)
        self.entries.append((entry, layer_index))

    def where(self, field: str) -> tuple[str, str, int]:
        """Where ``field`` was last written: (file, key path, layer)."""
        entry, layer = next((e, i) for e, i in reversed(self.entries) if field in e.fields)
        return entry.file, f"{entry.path}.{field}", layer

    def all_actuals(self) -> tuple[Actual, ...]:
        """The actuals, by year; a later entry's replaces an earlier one's of the same year."""
        if self.actuals is None:
            return tuple(sorted(self.first.actuals, key=lambda a: a.year))
        return tuple(self.actuals[year] for year in sorted(self.actuals))


_P = ParamSpec("_P")
_T = TypeVar("_T")


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_Identified)


class _Loader:
    """Reads layers; strict mode raises the first problem, the other mode collects them all."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[DataError] = []

    def report(self, error: DataError) -> None:
        if self.strict:
            raise error
        self.problems.extend(error.problems if isinstance(error, Problems) else [error])

    def attempt(self, step: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        """Run one step; a problem in it is reported and the step gives ``None``. A file that
        cannot be read at all is not a problem to list: it stops the load."""
        try:
            return step(*args, **kwargs)
        except UnreadableFile:
            raise
        except DataError as error:
            self.report(error)
            return None

    def load(self, paths: list[str]) -> tuple[Dataset | None, list[DataError]]:
        layers = []
        for file in paths:
            layer = self.attempt(self.read_layer, file)
            if layer is not None:
                layers.append(layer)
        return self.build(layers, paths)

    def read_layer(self, file: str) -> _Layer:
        return self.layer(file, read_toml(file))

    def layer(self, file: str, raw: dict[str, Any]) -> _Layer:
        top = TableReader(file, "", raw)
        version = top.get("schema", True)
        if isinstance(version, bool) or not isinstance(version, int):
            top.error(
                "schema",
                Message(
                    "expected the integer {version}, got {got}",
                    version=SCHEMA_VERSION,
                    got=type_name(version),
                ),
            )
        if version != SCHEMA_VERSION:
            if version > 1:
                top.error(
                    "schema",
                    Message(
                        "version {version} is not supported (newer than this ftzcalc reads: "
                        "upgrade ftzcalc); this ftzcalc reads 1",
                        version=version,
                    ),
                )
            top.error(
                "schema",
                Message(
                    "version {version} is not supported; this ftzcalc reads 1", version=version
                ),
            )
        layer = _Layer(file)
        source = top.table("source")
        if source is not None:
            layer.source = self.attempt(_source, source) or Source()
        has_metrics = top.has("metrics")
        others = top.has("references") or top.has("scenarios")
        metric_tables = top.tables("metrics", required=not others)
        if has_metrics and not metric_tables:
            top.error("metrics", Message("must list at least one metric"))
        layer.entries = self.unique(file, metric_tables, _entry)
        layer.references = self.unique(file, top.tables("references"), _reference)
        layer.scenarios = self.unique(file, top.tables("scenarios"), _raw_scenario)
        self.attempt(top.finish)
        return layer

    def unique(
        self, file: str, tables: list[TableReader], read: Callable[[TableReader], _Item]
    ) -> list[_Item]:
        """Read each table of an array; a second item with the same id is reported and left out."""
        seen: dict[str, str] = {}
        items = []
        for t in tables:
            item = self.attempt(read, t)
            if item is None:
                continue
            if item.id in seen:
                message = Message(
                    "duplicate id {id!r} (first at {first})", id=item.id, first=seen[item.id]
                )
                self.report(DataError(file, f"{t.path}.id", message))
                continue
            seen[item.id] = t.path
            items.append(item)
        return items

    def build(
        self, layers: list[_Layer], paths: list[str]
    ) -> tuple[Dataset | None, list[DataError]]:
        merged: dict[str, _Merged] = {}
        references: dict[str, Reference] = {}
        source = Source()
        for layer_index, layer in enumerate(layers):
            if source == Source():
                source = layer.source
            for entry in layer.entries:
                self._merge(merged, entry, layer_index)
            for ref in layer.references:
                references[ref.id] = ref
        metrics: list[Metric] = []
        origins: dict[str, _Merged] = {}
        for m in merged.values():
            metric = self.attempt(_metric, m, merged)
            if metric is not None:
                metrics.append(metric)
                origins[metric.id] = m
        index = {m.id: m for m in metrics}
        for metric in metrics:
            self.attempt(_check_parent, metric, index, origins)
        raw_scenarios: dict[str, _RawScenario] = {}
        for layer in layers:
            raw_scenarios.update((raw.id, raw) for raw in layer.scenarios)
        refs = tuple(references.values())
        scenarios = [
            s for raw in raw_scenarios.values()
            if (s := self.attempt(_scenario, raw, index, refs)) is not None
        ]  # fmt: skip
        if not layers:
            return None, self.problems
        target_places = {metric_id: m.where("target")[:2] for metric_id, m in origins.items()}
        dataset = Dataset(
            paths=tuple(paths),
            metrics=tuple(metrics),
            references=tuple(references.values()),
            scenarios=tuple(scenarios),
            source=source,
            target_places=MappingProxyType(target_places),
        )
        return dataset, self.problems

    def _merge(self, merged: dict[str, _Merged], entry: _Entry, index: int) -> None:
        m = merged.get(entry.id)
        if m is None:
            merged[entry.id] = _Merged(entry, index)
            return
        m.add(entry, index)
        if not entry.actuals:
            return
        if m.actuals is None:
            m.actuals = {a.year: a for earlier, _ in m.entries[:-1] for a in earlier.actuals}
        for actual in entry.actuals:
            earlier = m.actuals.get(actual.year)
            if earlier is not None and earlier.value != actual.value and not self.strict:
                # not an error for loading (the later file wins), but worth telling in `check`
                message = Message(
                    "the {year} actual {value:g} replaces {earlier:g} from {origin}",
                    year=actual.year,
                    value=actual.value,
                    earlier=earlier.value,
                    origin=earlier.origin,
                )
                self.problems.append(DataError(entry.file, actual.where, message))
            m.actuals[actual.year] = actual


BUILT_IN_SCENARIOS = ("required",)


def _raw_scenario(t: TableReader) -> _RawScenario:
    scenario_id = t.identifier("id")
    if scenario_id in BUILT_IN_SCENARIOS:
        t.error("id", Message("{id!r} is the name of a built-in scenario", id=scenario_id))
    description = t.string("description", required=True, one_line=True)
    rate = _rate_text(t, "rate")
    rates: list[tuple[str, str]] = []
    table = t.table("rates")
    if table is not None:
        for key in list(table.raw):
            rates.append((key, _rate_text(table, key, required=True)))
        table.finish()
    growth = _distribution(t, "growth")
    growths: list[tuple[str, Any]] = []
    table = t.table("growths")
    if table is not None:
        growths = [(key, _distribution(table, key)) for key in list(table.raw)]
        table.finish()
    if rate is None and not rates and growth is None and not growths:
        t.error(
            None,
            Message("a scenario needs rates (rate, rates) or distributions (growth, growths)"),
        )
    correlation = _correlation(t)
    t.finish()
    return _RawScenario(t.file, t.path, scenario_id, description, rate, tuple(rates),
                        growth, tuple(growths), correlation)  # fmt: skip


def _distribution(t: TableReader, key: str) -> Any:
    from ftzcalc.distributions import parse_distribution

    text = t.string(key, one_line=True)
    if text is None:
        return None
    try:
        return parse_distribution(text)
    except InputError as exc:
        t.error(key, str(exc))


def _correlation(t: TableReader) -> Any:
    """``correlation = 0.5`` (every pair), or ``{ metrics = [...], matrix = [[...], ...] }``."""
    value = t.get("correlation", False)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not -1 <= value <= 1:
            t.error(
                "correlation",
                Message("a correlation must be between -1 and 1, got {value:g}", value=value),
            )
        return float(value)
    sub = t.table("correlation")
    assert sub is not None
    ids = sub.get("metrics", True)
    matrix = sub.get("matrix", True)
    sub.finish()
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        sub.error("metrics", Message("expected a list of metric ids"))
    for i, metric_id in enumerate(ids):  # a metric named twice would have two rows
        if metric_id in ids[:i]:
            sub.error(
                f"metrics[{i}]",
                Message("the correlation lists {id!r} twice: name each metric once", id=metric_id),
            )
    n = len(ids)
    rows_ok = isinstance(matrix, list) and len(matrix) == n
    if not rows_ok or not all(isinstance(r, list) and len(r) == n for r in matrix):
        sub.error("matrix", Message("expected {n} rows of {n} numbers, one per metric", n=n))
    for i, row in enumerate(matrix):
        for j, x in enumerate(row):
            if isinstance(x, bool) or not isinstance(x, int | float) or not -1 <= x <= 1:
                sub.error(
                    f"matrix[{i}][{j}]",
                    Message("expected a correlation from -1 to 1, got {got}", got=type_name(x)),
                )
    return (tuple(ids), tuple(tuple(float(x) for x in row) for row in matrix), sub.path)


@overload
def _rate_text(t: TableReader, key: str, required: Literal[True]) -> str: ...
@overload
def _rate_text(t: TableReader, key: str, required: bool = ...) -> str | None: ...
def _rate_text(t: TableReader, key: str, required: bool = False) -> str | None:
    """A rate as text: a string as written, a number as a fraction (0.068 is 6.8%)."""
    value = t.get(key, required)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        t.error(
            key, Message('expected a rate such as "6.8%" or 0.068, got {got}', got=type_name(value))
        )
    return value if isinstance(value, str) else repr(float(value))


def _scenario(
    raw: _RawScenario, metric_ids: Collection[str], references: tuple[Reference, ...]
) -> Scenario:
    from ftzcalc.rates import parse_rate_spec

    def parse(text: str, where: str) -> Any:
        try:
            return parse_rate_spec(text, references)
        except InputError as exc:
            raise DataError(raw.file, where, str(exc)) from None

    rate = parse(raw.rate, f"{raw.path}.rate") if raw.rate is not None else None
    rates = []
    for metric_id, text in raw.rates:
        where = f"{raw.path}.rates.{metric_id}"
        _known(raw, where, metric_id, metric_ids)
        rates.append((metric_id, parse(text, where)))
    for metric_id, _ in raw.growths:
        _known(raw, f"{raw.path}.growths.{metric_id}", metric_id, metric_ids)
    correlation = raw.correlation
    if isinstance(correlation, tuple):
        ids, matrix, where = correlation
        for i, metric_id in enumerate(ids):
            _known(raw, f"{where}.metrics[{i}]", metric_id, metric_ids)
        from ftzcalc.correlation import copula_mixer

        try:
            copula_mixer(matrix)
        except InputError as exc:
            raise DataError(raw.file, f"{where}.matrix", str(exc)) from None
        correlation = (ids, matrix)
    return Scenario(raw.id, raw.description, rate, tuple(rates), origin=raw.file,
                    growth=raw.growth, growths=raw.growths, correlation=correlation)  # fmt: skip


def _known(raw: _RawScenario, where: str, metric_id: str, metric_ids: Collection[str]) -> None:
    if metric_id not in metric_ids:
        raise DataError(raw.file, where, _no_metric(metric_id, metric_ids))


def _hint(word: str, choices: Collection[str]) -> list[str]:
    """The choice most like ``word`` (as :func:`closest`), if there are at most
    :data:`MAX_HINTED` to look through."""
    return closest(word, list(choices), n=1) if len(choices) <= MAX_HINTED else []


def _no_metric(metric_id: str, metric_ids: Collection[str]) -> Message:
    hint = _hint(metric_id, metric_ids)
    if hint:
        return Message(
            "no metric has the id {id!r} (did you mean {hint!r}?)", id=metric_id, hint=hint[0]
        )
    return Message("no metric has the id {id!r}", id=metric_id)


def _source(t: TableReader) -> Source:
    fields = {k: t.string(k) for k in ("title", "publisher", "author", "published", "note")}
    t.finish()
    return Source(**fields)


def _entry(t: TableReader) -> _Entry:
    entry = _Entry(t.file, t.path, t.identifier("id"))
    fields = {
        "scope": t.choice("scope", Scope, required=False),
        "name": t.names("name") if t.has("name") else None,
        "unit": t.names("unit", shared=True) if t.has("unit") else None,
        "parent": _interned(t.string("parent", one_line=True)),  # the same text in each child
        "note": t.string("note"),
        "baseline": _baseline(baseline) if (baseline := t.table("baseline")) else None,
        "target": _target(target) if (target := t.table("target")) else None,
    }
    entry.fields = {name: value for name, value in fields.items() if value is not None}
    years: dict[int, str] = {}
    for a in t.tables("actuals"):
        actual = Actual(year=a.year("year"), value=a.number("value"), origin=t.file,
                        note=a.string("note"), where=a.path)  # fmt: skip
        a.finish()
        if actual.year in years:
            a.error(
                "year",
                Message(
                    "{year} is given twice (also at {first})",
                    year=actual.year,
                    first=years[actual.year],
                ),
            )
        years[actual.year] = a.path
        entry.actuals.append(actual)
    t.finish()
    return entry


def _interned(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


def _metric(m: _Merged, merged: dict[str, _Merged]) -> Metric:
    entry = m.first
    for name in REQUIRED:
        if name not in m.fields:
            message = Message("required but missing")
            if m.layer_index > 0:
                others = [k for k in merged if k != entry.id] if len(merged) <= MAX_HINTED else []
                other = _hint(entry.id, others)
                if other:
                    message = Message(
                        "required but missing for the new metric {id!r} "
                        "(or is the id a typo for {other!r}?)",
                        id=entry.id,
                        other=other[0],
                    )
                else:
                    message = Message("required but missing for the new metric {id!r}", id=entry.id)
            raise DataError(entry.file, f"{entry.path}.{name}", message)
    f = m.fields
    baseline, target = f.get("baseline"), f["target"]
    if baseline is not None:
        _check_years(m, baseline, target)
    actuals = m.all_actuals()
    return Metric(
        id=entry.id, scope=f["scope"], name=f["name"], unit=f["unit"], target=target,
        baseline=baseline, parent=f.get("parent"), note=f.get("note"), actuals=actuals,
    )  # fmt: skip


def _check_years(m: _Merged, baseline: Baseline, target: Target) -> None:
    """Report a clash of baseline and target years where the later of the two was written."""
    b_file, b_path, b_layer = m.where("baseline")
    t_file, t_path, t_layer = m.where("target")
    if isinstance(target, IncreaseTarget):
        if baseline.year > target.base_year:
            message = Message(
                "the increase counts from the end of {base_year}, "
                "but the baseline year is {baseline_year}",
                base_year=target.base_year,
                baseline_year=baseline.year,
            )
            if b_layer > t_layer:
                raise DataError(b_file, f"{b_path}.year", message)
            raise DataError(t_file, f"{t_path}.period", message)
    elif target.year <= baseline.year:
        if b_layer > t_layer:
            raise DataError(
                b_file, f"{b_path}.year",
                Message("the baseline year {baseline_year} is not before the target year "
                        "{target_year}", baseline_year=baseline.year, target_year=target.year),
            )  # fmt: skip
        raise DataError(
            t_file, f"{t_path}.year",
            Message("the target year {target_year} is not after the baseline year "
                    "{baseline_year}", target_year=target.year, baseline_year=baseline.year),
        )  # fmt: skip


def _check_parent(metric: Metric, index: dict[str, Metric], origins: dict[str, _Merged]) -> None:
    if metric.parent is None:
        return
    file, path, _ = origins[metric.id].where("parent")
    if metric.parent == metric.id:
        raise DataError(file, path, Message("{id!r} cannot be its own parent", id=metric.id))
    parent = index.get(metric.parent)
    if parent is None:
        raise DataError(file, path, _no_metric(metric.parent, index))
    if parent.unit != metric.unit:
        # blame the last written of the child's parent, the child's unit and the parent's unit
        child = origins[metric.id].where
        blamed, (file, path, _) = max(
            [("child", child("parent")), ("child", child("unit")),
             ("parent", origins[parent.id].where("unit"))],
            key=lambda place: place[1][2],
        )  # fmt: skip
        if blamed == "parent":
            raise DataError(
                file, path,
                Message("unit {parent_unit!r} differs from the unit {unit!r} of the child "
                        "{child!r}: children must add up to their parent",
                        parent_unit=parent.unit.en, unit=metric.unit.en, child=metric.id),
            )  # fmt: skip
        raise DataError(
            file, path,
            Message("unit {unit!r} differs from the parent's unit {parent_unit!r}: "
                    "children must add up to their parent",
                    unit=metric.unit.en, parent_unit=parent.unit.en),
        )  # fmt: skip
    seen = {metric.id}
    walk: Metric | None = parent
    while walk is not None and walk.parent is not None:
        if walk.id in seen:
            raise DataError(file, path, Message("parents form a cycle through {id!r}", id=walk.id))
        seen.add(walk.id)
        walk = index.get(walk.parent)


def _baseline(t: TableReader) -> Baseline:
    baseline = Baseline(
        year=t.year("year"),
        value=t.number("value"),
        bound=t.choice("bound", Bound, required=False) or Bound.EXACT,
        wording=t.string("wording"),
        quote=t.string("quote"),
        proxy=t.string("proxy"),
        note=t.string("note"),
        origin=t.file,
    )
    t.finish()
    return baseline


_TEXT_FIELDS = ("wording", "quote", "note")


def _target(t: TableReader) -> Target:
    kind = t.choice("kind", TargetKind)
    text = {k: t.string(k) for k in _TEXT_FIELDS}
    target: Target
    if kind is TargetKind.QUALITATIVE:
        year = t.year("year")
        target = QualitativeTarget(year=year, text=t.string("text", required=True), **text)
    elif kind is TargetKind.LEVEL:
        target = LevelTarget(
            year=t.year("year"),
            value=t.number("value"),
            comparator=t.choice("comparator", Comparator),
            **text,
        )
    else:
        start, end = _period(t)
        value = t.number("value")
        high = t.number("high", required=False)
        if high is not None and high < value:
            t.error(
                "high",
                Message(
                    "the high end {high:g} is below the value {value:g}", high=high, value=value
                ),
            )
        target = IncreaseTarget(
            start_year=start,
            end_year=end,
            value=value,
            high=high,
            comparator=t.choice("comparator", Comparator),
            **text,
        )
    t.finish()
    return target


def _period(t: TableReader) -> tuple[int, int]:
    value = t.get("period", True)
    if not isinstance(value, list) or len(value) != 2:
        t.error(
            "period", Message("expected [first year, last year], got {got}", got=type_name(value))
        )
    start = t.year_value("period[0]", value[0])
    end = t.year_value("period[1]", value[1])
    if end < start:
        t.error(
            "period",
            Message(
                "reversed: the last year {end} is before the first year {start}",
                end=end,
                start=start,
            ),
        )
    return start, end


def _reference(t: TableReader) -> Reference:
    kind = t.string("kind", required=True)
    if kind not in ("growth", "share"):
        t.error("kind", unknown_value(kind, ["growth", "share"]))
    value = t.number("value", minimum=-1.0 if kind == "growth" else 0.0)
    if kind == "growth" and value <= -1.0:
        t.error("value", Message("a growth rate must be above -1 (-100%)"))
    if kind == "share" and value > 1:
        t.error(
            "value",
            Message(
                "a share is a fraction from 0 to 1, got {value:g} (did you mean {fraction:g}?)",
                value=value,
                fraction=value / 100,
            ),
        )
    reference = Reference(
        id=t.identifier("id"),
        kind=kind,
        year=t.year("year"),
        value=value,
        name=t.names("name"),
        approximate=t.boolean("approximate"),
        quote=t.string("quote"),
        note=t.string("note"),
    )
    t.finish()
    return reference
