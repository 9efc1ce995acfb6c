"""Run named scenarios over every metric: where each ends in its target year, met or missed.

Parents are rolled up from their children's projected values in the parent's target year (a child
whose own target is for another year is projected to the parent's year too) and judged against
the parent's own target, so a plan can show industries that each fall short adding up to a zone
that misses too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from ftzcalc.errors import FtzcalcError, InputError
from ftzcalc.i18n import Message, Named, message_of
from ftzcalc.model import (
    COMPUTED_TOLERANCE,
    Dataset,
    Figure,
    LevelTarget,
    Metric,
    Scenario,
    TargetKind,
)
from ftzcalc.projection import (
    NotProjectable,
    project,
    rate_needed_now,
    value_in,
)
from ftzcalc.rates import RatePath
from ftzcalc.suggest import closest

REQUIRED = Scenario(
    id="required",
    description=Message("Each metric at the rate its own target requires"),
    required=True,
)
AD_HOC = "command-line"


class Outcome(NamedTuple):
    """One metric under one scenario."""

    end: Figure  # value in the target year
    met: bool | None
    margin: Figure  # beyond the target in its direction: + surplus, - shortfall
    rate: RatePath | None


class ScenarioRow(NamedTuple):
    metric: Metric
    outcomes: tuple[Outcome, ...]  # one per scenario, in order


class RollupRow(NamedTuple):
    parent: Metric
    children: tuple[str, ...]
    outcomes: tuple[Outcome, ...]  # the sum of the children's end values, against the parent


class ScenarioReport(NamedTuple):
    scenarios: tuple[Scenario, ...]
    rows: tuple[ScenarioRow, ...]
    rollups: tuple[RollupRow, ...]


def available(dataset: Dataset) -> tuple[Scenario, ...]:
    """The built-in scenario, then those of the data files."""
    return (REQUIRED, *dataset.scenarios)


def pick(dataset: Dataset, names: Sequence[str]) -> tuple[Scenario, ...]:
    known = {s.id: s for s in available(dataset)}
    chosen = []
    for name in names:
        if name not in known:
            hint = closest(name, list(known))
            if hint:
                raise InputError(
                    Message(
                        "no scenario {name!r} (did you mean {hint!r}?); known: {known}",
                        name=name,
                        hint=hint[0],
                        known=", ".join(known),
                    )
                )
            raise InputError(
                Message("no scenario {name!r}; known: {known}", name=name, known=", ".join(known))
            )
        chosen.append(known[name])
    return tuple(chosen)


def rate_path(scenario: Scenario, metric_id: str) -> RatePath | None:
    """The scenario's rate path for a metric; for a scenario of distributions only, a constant
    rate at the distribution's mean."""
    for mid, path in scenario.rates:
        if mid == metric_id:
            return path
    if scenario.rate is not None:
        return scenario.rate
    distribution = scenario.distribution_for(metric_id)
    if distribution is None:
        return None
    label = Message("mean of {distribution}", distribution=str(distribution))
    return RatePath.constant(distribution.mean_rate(), label)


def ad_hoc(default: RatePath | None, per_metric: Sequence[tuple[str, RatePath]]) -> Scenario:
    """The scenario ``--rate`` options describe."""
    description = Message("Rates given with {option}", option=Named("--rate", "rate or rates"))
    return Scenario(AD_HOC, description, default, tuple(per_metric), AD_HOC)


def run(dataset: Dataset, scenarios: Sequence[Scenario]) -> ScenarioReport:
    metrics = [m for m in dataset.metrics if m.target.kind is not TargetKind.QUALITATIVE]
    rows = tuple(ScenarioRow(m, tuple(outcome(m, s) for s in scenarios)) for m in metrics)
    by_id = {r.metric.id: r for r in rows}
    rollups = []
    for parent in metrics:
        children = [by_id[c.id] for c in dataset.children(parent.id) if c.id in by_id]
        if children and isinstance(parent.target, LevelTarget):
            sums = tuple(_rollup(parent, children, i) for i in range(len(scenarios)))
            rollups.append(RollupRow(parent, tuple(c.metric.id for c in children), sums))
    return ScenarioReport(tuple(scenarios), rows, tuple(rollups))


def outcome(metric: Metric, scenario: Scenario) -> Outcome:
    try:
        if scenario.required:
            path = RatePath.constant(rate_needed_now(metric))
        else:
            found = rate_path(scenario, metric.id)
            if found is None:
                return _missing(Message("the scenario has no rate for {id}", id=metric.id))
            path = found
        p = project(metric, path)
    except NotProjectable as exc:
        return _missing(Message("not projectable: {reason}", reason=exc.reason))
    except FtzcalcError as exc:
        return _missing(message_of(exc))
    return Outcome(Figure(p.end_value), p.rows[-1].met, Figure(p.margin), path)


def _missing(reason: str) -> Outcome:
    return Outcome(Figure.missing(reason), None, Figure.missing(reason), None)


def _rollup(parent: Metric, children: list[ScenarioRow], index: int) -> Outcome:
    """The children's values in the PARENT's target year, added up and judged by its target:
    a child whose own target is for another year is projected to the parent's year, on the
    path the scenario gives it (:func:`~ftzcalc.projection.value_in`)."""
    outcomes = [c.outcomes[index] for c in children]
    paths = [o.rate for o in outcomes if o.rate is not None]
    if len(paths) < len(children):
        why = Message(
            "{count} of {total} children not projectable",
            count=len(children) - len(paths),
            total=len(children),
        )
        return _missing(why)
    target = parent.target
    assert isinstance(target, LevelTarget)
    values = []
    for child, path in zip(children, paths, strict=True):
        try:
            values.append(value_in(child.metric, path, target.year))
        except FtzcalcError as exc:
            return _missing(Message("{id}: {reason}", id=child.metric.id, reason=message_of(exc)))
    total = math.fsum(values)
    met = target.comparator.is_met(total, target.value, COMPUTED_TOLERANCE)
    margin = target.comparator.margin(total, target.value, COMPUTED_TOLERANCE)
    return Outcome(Figure(total), met, Figure(margin), None)
