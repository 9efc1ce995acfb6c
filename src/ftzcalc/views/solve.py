"""``ftzcalc solve``: the four figures of one compound-growth equation, the solved one marked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ftzcalc.i18n import N_, _
from ftzcalc.render import numbers
from ftzcalc.render.jsondoc import schema_name
from ftzcalc.render.layout import Cell, Column, Paragraph, Report, Table
from ftzcalc.solver import UNKNOWNS, Solution


def to_json(solution: Solution) -> dict[str, Any]:
    return {
        "schema": schema_name("solve"),
        "solved_for": solution.solved_for,
        "start": solution.start,
        "end": solution.end,
        "rate": solution.rate,
        "years": solution.years,
    }


def to_csv(solution: Solution) -> tuple[tuple[str, ...], list[list[object]]]:
    return (*UNKNOWNS, "solved_for"), [
        [*(getattr(solution, k) for k in UNKNOWNS), solution.solved_for]
    ]


def _grouped(x: float) -> str:
    return numbers.precise(x, grouped=True)


_TEXT: dict[str, Callable[[float], str]] = {
    "start": _grouped,
    "end": _grouped,
    "rate": numbers.precise_rate,
    "years": _grouped,
}


#: The four figures' names, for the message catalogue.
FIGURE_NAMES = (N_("start"), N_("end"), N_("rate"), N_("years"))


def to_table(solution: Solution) -> Report:
    rows = []
    for name in UNKNOWNS:
        solved = name == solution.solved_for
        text = _TEXT[name](getattr(solution, name))
        rows.append((Cell(_(name), "bold" if solved else None),
                     Cell(text, "bold green" if solved else None),
                     Cell(_("solved") if solved else _("given"),
                          None if solved else "dim")))  # fmt: skip
    out = Report()
    columns = (
        Column(_("Figure"), no_wrap=True),
        Column(_("Value"), "right", True),
        Column("", no_wrap=True),
    )
    out.add(Table(columns, tuple(rows)))
    out.add(Paragraph(_("end = start × (1 + rate) ^ years"), "dim"))
    return out
