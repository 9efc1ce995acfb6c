"""``ftzcalc check``: every problem in a set of data files, not just the first.

Beyond what loading refuses (format, types, ids, years, parents), it looks for figures that read
fine alone but not together: actuals before the baseline or in the future, children's targets
that do not add up to their parent's, children's actuals above their parent's, and an actual
that a later file gives a different value for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from ftzcalc.dataset import actual_problem, future_year, load_all_problems
from ftzcalc.errors import DataError
from ftzcalc.gaps import rollup
from ftzcalc.i18n import Message
from ftzcalc.model import Dataset, LevelTarget, Metric


class CheckReport(NamedTuple):
    files: tuple[str, ...]
    metrics: int
    problems: tuple[DataError, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(paths: Sequence[str], this_year: int) -> CheckReport:
    """Problems in the layers ``paths``; ``this_year`` is the last year an actual may be for."""
    dataset, problems = load_all_problems(paths)
    if dataset is not None:
        problems = problems + consistency_problems(dataset, this_year)
    count = len(dataset.metrics) if dataset else 0
    order = {file: i for i, file in enumerate(paths)}

    def position(p: DataError) -> tuple[int, list[int | str]]:
        # file order, then key paths in reading order: metrics[2] before metrics[10]
        parts = re.split(r"(\d+)", p.path)
        return order.get(p.file, len(order)), [int(x) if x.isdigit() else x for x in parts]

    return CheckReport(tuple(paths), count, tuple(sorted(problems, key=position)))


def consistency_problems(dataset: Dataset, this_year: int) -> list[DataError]:
    problems: list[DataError] = []
    for metric in dataset.metrics:
        problems += _actual_problems(metric, this_year)
        children = dataset.children(metric.id)
        if children:
            problems += _parent_problems(dataset, metric, children)
    return problems


def _actual_problems(metric: Metric, this_year: int) -> list[DataError]:
    problems = []
    for actual in metric.actuals:
        where = f"{actual.where}.year" if actual.where else metric.id
        problem = actual_problem(metric, actual.year)  # as --actual is refused
        messages = [problem] if problem is not None else []
        if actual.year > this_year:
            messages.append(future_year(actual.year, this_year))
        problems += [DataError(actual.origin, where, message) for message in messages]
    return problems


def _parent_problems(
    dataset: Dataset, parent: Metric, children: tuple[Metric, ...]
) -> list[DataError]:
    problems = []
    r = rollup(parent, children)
    if r is not None and not r.adds_up and isinstance(parent.target, LevelTarget):
        # tell it where the last of these targets was written: most likely the edit to look at
        layer = {file: i for i, file in enumerate(dataset.paths)}
        places = [dataset.target_places.get(m.id, (dataset.paths[0], m.id))
                  for m in (parent, *r.children)]  # fmt: skip
        file, path = max(places, key=lambda place: layer.get(place[0], -1))
        problems.append(DataError(
            file, f"{path}.value",
            Message("the {count} children's {year} targets add up to {total:g}, "
                    "not to {parent}'s {value:g}", count=len(r.children), year=r.year,
                    total=r.children_sum, parent=parent.id, value=r.parent_value),
        ))  # fmt: skip
    parent_actuals = {a.year: a for a in parent.actuals}
    years = sorted({a.year for c in children for a in c.actuals} & set(parent_actuals))
    for year in years:
        total = math.fsum(a.value for c in children for a in c.actuals if a.year == year)
        parent_actual = parent_actuals[year]
        if total > parent_actual.value:
            problems.append(DataError(
                parent_actual.origin, parent_actual.where or parent.id,
                Message("the children's {year} actuals add up to {total:g}, more than "
                        "{parent}'s {value:g}", year=year, total=total, parent=parent.id,
                        value=parent_actual.value),
            ))  # fmt: skip
    return problems
