"""Read a data file (TOML, ``schema = 1``) into a validated :class:`~ftzcalc.model.Dataset`.

Every problem raises :class:`~ftzcalc.errors.DataError` naming the file and the key path
(``metrics[3].target.year``, indexes counted from 0), so a user can find the line to fix.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from typing import Any, TypeVar

from ftzcalc.errors import DataError, InputError
from ftzcalc.model import (
    Baseline,
    Bound,
    Comparator,
    Dataset,
    IncreaseTarget,
    LevelTarget,
    Metric,
    Names,
    QualitativeTarget,
    Reference,
    Scope,
    Source,
    Target,
    TargetKind,
)
from ftzcalc.suggest import closest

SCHEMA_VERSION = 1
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_VALUE = 1e15  # beyond this, float digits no longer hold a figure to the unit
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

E = TypeVar("E", bound="Any")


def shipped_data_path() -> str:
    """The dataset shipped in the package (in a source checkout, ``data/targets.toml``)."""
    here = os.path.dirname(os.path.realpath(__file__))  # os.path: pathlib costs 5 ms to import
    packaged = os.path.join(here, "data", "targets.toml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "targets.toml")


def load(path: str | os.PathLike[str]) -> Dataset:
    """Read and validate one data file."""
    name = os.fspath(path)
    return parse(_read_text(name), name)


def parse(text: str, file: str = "<string>") -> Dataset:
    """Validate the text of a data file; ``file`` names it in errors."""
    if not text.strip():
        raise DataError(file, "", "the file is empty: a data file has schema = 1 and [[metrics]]")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(file, "", f"not valid TOML: {exc}") from None
    return _build_dataset(_Table(file, "", raw), file)


def replace_baseline(
    dataset: Dataset, metric_id: str, value: float, year: int | None = None
) -> Dataset:
    """A copy of ``dataset`` in which ``metric_id`` starts from ``value`` (``--baseline``).

    Without a year, the metric's own baseline year is used, else its parent's, else the year an
    increase target counts from.
    """
    metric = dataset.metric(metric_id)
    target = metric.target
    if year is None:
        year = _default_baseline_year(dataset, metric)
    if target.kind is TargetKind.LEVEL and year >= target.year:
        raise InputError(
            f"--baseline {metric_id}: the year {year} is not before the target year {target.year}"
        )
    if target.kind is TargetKind.INCREASE and year > target.base_year:
        raise InputError(
            f"--baseline {metric_id}: the year {year} is inside the period "
            f"{target.start_year}-{target.end_year}; the increase counts from {target.base_year}"
        )
    baseline = Baseline(year=year, value=value, origin="command line")
    new = metric._replace(baseline=baseline)
    return dataset._replace(metrics=tuple(new if m.id == metric_id else m for m in dataset.metrics))


def _default_baseline_year(dataset: Dataset, metric: Metric) -> int:
    if metric.baseline is not None:
        return metric.baseline.year
    if metric.parent is not None:
        parent = dataset.metric(metric.parent)
        if parent.baseline is not None:
            return parent.baseline.year
    if isinstance(metric.target, IncreaseTarget):
        return metric.target.base_year
    raise InputError(f"--baseline {metric.id}: give the year as {metric.id}=VALUE@YEAR")


# --------------------------------------------------------------------------------------------
# Reading


def _read_text(file: str) -> str:
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise DataError(file, "", "no such file") from None
    except IsADirectoryError:
        raise DataError(file, "", "is a directory, not a data file") from None
    except PermissionError:
        raise DataError(file, "", "cannot be read: permission denied") from None
    except OSError as exc:
        raise DataError(file, "", f"cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise DataError(
            file, "", f"not UTF-8 text (byte 0x{bad} at offset {exc.start}); save it as UTF-8"
        ) from None


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"  # the only other TOML type


class _Table:
    """A TOML table being read: remembers its key path and which keys were used."""

    def __init__(self, file: str, path: str, raw: object) -> None:
        self.file = file
        self.path = path
        if not isinstance(raw, dict):
            self.error(None, f"expected a table, got {_type_name(raw)}")
        self.raw: dict[str, Any] = raw  # type: ignore[assignment]
        self.used: set[str] = set()

    def where(self, key: str | None) -> str:
        if key is None:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str) -> DataError:
        raise DataError(self.file, self.where(key), message)

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.raw:
            if required:
                typo = closest(key, [k for k in self.raw if k not in self.used], n=1)
                also = f" (is {typo[0]!r} a typo for it?)" if typo else ""
                self.error(key, f"required but missing{also}")
            return None
        return self.raw[key]

    def string(self, key: str, required: bool = False, one_line: bool = False) -> str | None:
        value = self.get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(key, f"expected a string, got {_type_name(value)}")
        if not value.strip():
            self.error(key, "must not be empty")
        if one_line and any(ch in value for ch in "\n\r\t\x00"):
            self.error(key, "must be one line of text")
        if any((ord(ch) < 32 and ch not in "\n\r\t") or ord(ch) == 127 for ch in value):
            self.error(key, "contains control characters")
        return value

    def number(self, key: str, required: bool = True, minimum: float = 0.0) -> float | None:
        value = self.get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, f"expected a number, got {_type_name(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            self.error(key, f"must be a finite number, got {value}")
        if value < minimum:
            self.error(key, f"must be {minimum:g} or more, got {value:g}")
        if abs(value) > MAX_VALUE:
            self.error(key, f"must be at most {MAX_VALUE:g}, got {value:g}")
        return float(value)

    def year(self, key: str, required: bool = True) -> int | None:
        value = self.get(key, required)
        if value is None:
            return None
        return self._year(key, value)

    def _year(self, key: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"expected a year as an integer, got {_type_name(value)}")
        if not MIN_YEAR <= value <= MAX_YEAR:
            self.error(key, f"year {value} is outside {MIN_YEAR}-{MAX_YEAR}")
        return value  # type: ignore[return-value]

    def boolean(self, key: str) -> bool:
        value = self.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {_type_name(value)}")
        return value

    def choice(self, key: str, enum_type: type[E], required: bool = True) -> E | None:
        value = self.get(key, required)
        if value is None:
            return None
        options = [member.value for member in enum_type]
        if not isinstance(value, str):
            self.error(key, f"expected a string, got {_type_name(value)}")
        if value not in options:
            hint = closest(value, options, n=1)
            also = f"did you mean {hint[0]!r}? " if hint else ""
            self.error(
                key, f"unknown value {value!r} ({also}expected one of: {', '.join(options)})"
            )
        return enum_type(value)

    def identifier(self, key: str) -> str:
        value = self.string(key, required=True, one_line=True)
        assert value is not None
        if not ID_PATTERN.match(value):
            self.error(
                key,
                f"{value!r} is not a valid id: use lower-case letters, digits and '-' "
                "(at most 64, starting with a letter or digit)",
            )
        return value

    def names(self, key: str) -> Names:
        sub = self.table(key, required=True)
        assert sub is not None
        en = sub.string("en", required=True, one_line=True)
        zh = sub.string("zh", required=True, one_line=True)
        sub.finish()
        return Names(en=en, zh=zh)  # type: ignore[arg-type]

    def table(self, key: str, required: bool = False) -> _Table | None:
        value = self.get(key, required)
        if value is None:
            return None
        return _Table(self.file, self.where(key), value)

    def tables(self, key: str, required: bool = False) -> list[_Table]:
        value = self.get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, f"expected an array of tables ([[{key}]]), got {_type_name(value)}")
        return [_Table(self.file, f"{self.where(key)}[{i}]", item) for i, item in enumerate(value)]

    def finish(self) -> None:
        """Refuse keys the format does not know, so a typo cannot silently drop a figure."""
        for key in self.raw:
            if key not in self.used:
                hint = closest(key, sorted(self.used), n=1)
                also = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.error(key, f"unknown key{also}")


def _build_dataset(top: _Table, file: str) -> Dataset:
    version = top.get("schema", True)
    if isinstance(version, bool) or not isinstance(version, int):
        top.error("schema", f"expected the integer {SCHEMA_VERSION}, got {_type_name(version)}")
    if version != SCHEMA_VERSION:
        newer = " (newer than this ftzcalc reads: upgrade ftzcalc)" if version > 1 else ""
        top.error("schema", f"version {version} is not supported{newer}; this ftzcalc reads 1")
    source = _build_source(top.table("source"))
    metric_tables = top.tables("metrics", required=True)
    if not metric_tables:
        top.error("metrics", "must list at least one metric")
    metrics = [_build_metric(t) for t in metric_tables]
    references = [_build_reference(t) for t in top.tables("references")]
    top.finish()
    _check_unique(top, "metrics", [m.id for m in metrics])
    _check_unique(top, "references", [r.id for r in references])
    _check_parents(top, metrics)
    return Dataset(path=file, metrics=tuple(metrics), references=tuple(references), source=source)


def _build_source(t: _Table | None) -> Source:
    if t is None:
        return Source()
    fields = {k: t.string(k) for k in ("title", "publisher", "author", "published", "note")}
    t.finish()
    return Source(**fields)


def _build_metric(t: _Table) -> Metric:
    metric_id = t.identifier("id")
    scope = t.choice("scope", Scope)
    name = t.names("name")
    unit = t.names("unit")
    parent = t.string("parent", one_line=True)
    note = t.string("note")
    baseline_table = t.table("baseline")
    baseline = _build_baseline(baseline_table) if baseline_table else None
    target_table = t.table("target", required=True)
    assert target_table is not None
    target = _build_target(target_table)
    t.finish()
    if baseline is not None:
        _check_years(target_table, baseline, target)
    return Metric(
        id=metric_id,
        scope=scope,  # type: ignore[arg-type]
        name=name,
        unit=unit,
        target=target,
        baseline=baseline,
        parent=parent,
        note=note,
    )


def _build_baseline(t: _Table) -> Baseline:
    baseline = Baseline(
        year=t.year("year"),  # type: ignore[arg-type]
        value=t.number("value"),  # type: ignore[arg-type]
        bound=t.choice("bound", Bound, required=False) or Bound.EXACT,
        wording=t.string("wording"),
        quote=t.string("quote"),
        proxy=t.string("proxy"),
        note=t.string("note"),
    )
    t.finish()
    return baseline


_TEXT_FIELDS = ("wording", "quote", "note")


def _build_target(t: _Table) -> Target:
    kind = t.choice("kind", TargetKind)
    text = {k: t.string(k) for k in _TEXT_FIELDS}
    target: Target
    if kind is TargetKind.QUALITATIVE:
        target = QualitativeTarget(
            year=t.year("year"), text=t.string("text", required=True), **text
        )  # type: ignore[arg-type]
    elif kind is TargetKind.LEVEL:
        target = LevelTarget(
            year=t.year("year"),  # type: ignore[arg-type]
            value=t.number("value"),  # type: ignore[arg-type]
            comparator=t.choice("comparator", Comparator),  # type: ignore[arg-type]
            **text,
        )
    else:
        start, end = _period(t)
        value = t.number("value")
        high = t.number("high", required=False)
        if high is not None and high < value:  # type: ignore[operator]
            t.error("high", f"the high end {high:g} is below the value {value:g}")
        target = IncreaseTarget(
            start_year=start,
            end_year=end,
            value=value,  # type: ignore[arg-type]
            high=high,
            comparator=t.choice("comparator", Comparator),  # type: ignore[arg-type]
            **text,
        )
    t.finish()
    return target


def _period(t: _Table) -> tuple[int, int]:
    value = t.get("period", True)
    if not isinstance(value, list) or len(value) != 2:
        t.error("period", f"expected [first year, last year], got {_type_name(value)}")
    start = t._year("period[0]", value[0])
    end = t._year("period[1]", value[1])
    if end < start:
        t.error("period", f"reversed: the last year {end} is before the first year {start}")
    return start, end


def _check_years(target_table: _Table, baseline: Baseline, target: Target) -> None:
    if isinstance(target, IncreaseTarget):
        if baseline.year > target.base_year:
            target_table.error(
                "period",
                f"the increase counts from the end of {target.base_year}, "
                f"but the baseline year is {baseline.year}",
            )
    elif target.year <= baseline.year:
        target_table.error(
            "year", f"the target year {target.year} is not after the baseline year {baseline.year}"
        )


def _build_reference(t: _Table) -> Reference:
    kind = t.string("kind", required=True)
    if kind not in ("growth", "share"):
        t.error("kind", f"unknown value {kind!r} (expected one of: growth, share)")
    value = t.number("value", minimum=-1.0 if kind == "growth" else 0.0)
    if kind == "growth" and value <= -1.0:  # type: ignore[operator]
        t.error("value", "a growth rate must be above -1 (-100%)")
    if kind == "share" and value > 1:  # type: ignore[operator]
        t.error(
            "value",
            f"a share is a fraction from 0 to 1, got {value:g} (did you mean {value / 100:g}?)",
        )
    reference = Reference(
        id=t.identifier("id"),
        kind=kind,  # type: ignore[arg-type]
        year=t.year("year"),  # type: ignore[arg-type]
        value=value,  # type: ignore[arg-type]
        name=t.names("name"),
        approximate=t.boolean("approximate"),
        quote=t.string("quote"),
        note=t.string("note"),
    )
    t.finish()
    return reference


def _check_unique(top: _Table, key: str, ids: list[str]) -> None:
    first: dict[str, int] = {}
    for i, item in enumerate(ids):
        if item in first:
            top.error(f"{key}[{i}].id", f"duplicate id {item!r} (first at {key}[{first[item]}])")
        first[item] = i


def _check_parents(top: _Table, metrics: list[Metric]) -> None:
    index = {m.id: i for i, m in enumerate(metrics)}
    for i, m in enumerate(metrics):
        if m.parent is None:
            continue
        where = f"metrics[{i}].parent"
        if m.parent == m.id:
            top.error(where, f"{m.id!r} cannot be its own parent")
        if m.parent not in index:
            hint = closest(m.parent, list(index), n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            top.error(where, f"no metric has the id {m.parent!r}{also}")
        parent = metrics[index[m.parent]]
        if parent.unit != m.unit:
            top.error(
                where,
                f"unit {m.unit.en!r} differs from the parent's unit {parent.unit.en!r}: "
                "children must add up to their parent",
            )
        seen = {m.id}
        walk: Metric | None = parent
        while walk is not None and walk.parent is not None:
            if walk.id in seen:
                top.error(where, f"parents form a cycle through {walk.id!r}")
            seen.add(walk.id)
            walk = metrics[index[walk.parent]] if walk.parent in index else None
