"""Baselines and targets in words and as JSON, shared by the ``targets`` and ``gap`` views."""

from __future__ import annotations

from typing import Any

from ftzcalc.i18n import _
from ftzcalc.model import (
    Actual,
    Baseline,
    Comparator,
    IncreaseTarget,
    LevelTarget,
    Metric,
    QualitativeTarget,
    Scenario,
    Target,
)
from ftzcalc.render import numbers


def baseline_json(baseline: Baseline | None) -> dict[str, Any] | None:
    if baseline is None:
        return None
    return {
        "year": baseline.year,
        "value": baseline.value,
        "bound": baseline.bound.value,
        "proxy": baseline.proxy,
        "origin": baseline.origin,
        "wording": baseline.wording,
    }


def target_json(target: Target) -> dict[str, Any]:
    if isinstance(target, QualitativeTarget):
        return {
            "kind": "qualitative",
            "year": target.year,
            "text": target.text,
            "wording": target.wording,
        }
    if isinstance(target, IncreaseTarget):
        return {
            "kind": "increase",
            "period": [target.start_year, target.end_year],
            "comparator": target.comparator.value,
            "value": target.value,
            "high": target.high,
            "wording": target.wording,
        }
    return {
        "kind": "level",
        "year": target.year,
        "comparator": target.comparator.value,
        "value": target.value,
        "wording": target.wording,
    }


def metric_json(metric: Metric) -> dict[str, Any]:
    return {
        "id": metric.id,
        "name": metric.name.as_dict(),
        "scope": metric.scope.value,
        "unit": metric.unit.as_dict(),
        "parent": metric.parent,
        "baseline": baseline_json(metric.baseline),
        "target": target_json(metric.target),
        "actuals": [actual_json(a) for a in metric.actuals],
    }


def actual_json(actual: Actual) -> dict[str, Any]:
    return {"year": actual.year, "value": actual.value, "origin": actual.origin}


def scenario_json(s: Scenario) -> dict[str, Any]:
    correlation: Any = s.correlation
    if isinstance(correlation, tuple):
        correlation = {"metrics": list(correlation[0]), "matrix": [list(r) for r in correlation[1]]}
    return {
        "id": s.id,
        "description": s.description,
        "origin": s.origin or "built in",
        "required": s.required,
        "rate": s.rate.as_json() if s.rate else None,
        "rates": {metric_id: path.as_json() for metric_id, path in s.rates},
        "growth": s.growth.label if s.growth else None,
        "growths": {metric_id: d.label for metric_id, d in s.growths},
        "correlation": correlation,
    }


def names_optional(lang: str, rank: int) -> int:
    """How readily a table leaves out its names column: Chinese names wrap between any two
    characters, so they stay at every width; English ones, a word a line, go at ``rank``."""
    return 0 if lang == "zh" else rank


def exact_edge(comparator: Comparator, what: str) -> str:
    """What every command says of a value that equals a strict target within the tolerance.

    >>> exact_edge(Comparator.MORE_THAN, "1,500")
    "reaches 1,500 exactly; a 'more than' target needs more"
    """
    if comparator is Comparator.LESS_THAN:
        return _("reaches {value} exactly; a 'less than' target needs less").format(value=what)
    return _("reaches {value} exactly; a 'more than' target needs more").format(value=what)


def baseline_text(baseline: Baseline) -> str:
    """``>500 (2018)``: the bound's sign, the value and the year."""
    return value_in_year(baseline.bound.symbol, baseline.value, baseline.year)


def value_in_year(sign: str, value: float, year: int) -> str:
    """``>500 (2018)``: a figure and the year it is for."""
    return _("{sign}{value} ({year})").format(sign=sign, value=numbers.value(value), year=year)


def target_text(target: Target) -> str:
    """``>1,500 by 2023``, ``≥+3–4, 2019–2021``, ``qualitative, 2023``."""
    if isinstance(target, QualitativeTarget):
        return _("qualitative, {year}").format(year=target.year)
    if isinstance(target, IncreaseTarget):
        amount = numbers.value(target.value)
        if target.high is not None:
            amount += f"–{numbers.value(target.high)}"
        return _("{sign}+{amount}, {first}–{last}").format(
            sign=target.comparator.symbol, amount=amount, first=target.start_year,
            last=target.end_year,
        )  # fmt: skip
    assert isinstance(target, LevelTarget)
    return _("{sign}{value} by {year}").format(
        sign=target.comparator.symbol, value=numbers.value(target.value), year=target.year
    )
