"""``ftzcalc scenario --plot``: small multiples, one panel per metric (and per roll-up), a bar
per scenario for the value in the target year, and the target as a line with a diamond."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ftzcalc.i18n import Message, _, localize
from ftzcalc.model import COMPUTED_TOLERANCE, Metric, QualitativeTarget
from ftzcalc.plots import common
from ftzcalc.render import numbers
from ftzcalc.scenarios import Outcome, ScenarioReport
from ftzcalc.views.describe import exact_edge, target_text


class _Panel:
    """A metric, or a roll-up (``key`` ``sum:ID``), with its outcome under each scenario."""

    def __init__(
        self, key: str, title: str, metric: Metric, outcomes: Sequence[Outcome], lang: str
    ) -> None:
        self.key, self.title, self.metric, self.outcomes = key, title, metric, outcomes
        self.lang = lang


def figure(report: ScenarioReport, lang: str, sources: Sequence[str]) -> common.ReportFigure:
    """A panel per metric with a figure under some scenario, then one per roll-up (Σ):
    horizontal bars, one per scenario in the scenario's colour, labelled with the value and
    ✓ met or ✗ missed; the target as a dashed line topped by a diamond."""
    panels = [
        _Panel(r.metric.id, r.metric.name.pick(lang), r.metric, r.outcomes, lang)
        for r in report.rows
        if any(o.end.value is not None for o in r.outcomes)
    ]
    for r in report.rollups:
        if any(o.end.value is not None for o in r.outcomes):
            title = f"Σ {r.parent.name.pick(lang)}"
            panels.append(_Panel(f"sum:{r.parent.id}", title, r.parent, r.outcomes, lang))
    scenarios = report.scenarios
    columns = 1 if len(panels) <= 1 else 2 if len(panels) <= 4 else 3
    rows = max(math.ceil(len(panels) / columns), 1)
    panel_height = 0.95 + 0.26 * len(scenarios)
    legend_rows = math.ceil(len(scenarios) / 4)
    with common.style():
        fig = common.new_figure(rows * panel_height + 0.25 * legend_rows + 0.2)
        (body,) = common.panels(fig, 1)
        axes = body.subplots(rows, columns, squeeze=False)
        inches = common.WIDTH / columns
        for ax, panel in zip(axes.flat, panels, strict=False):
            _draw(ax, panel, scenarios, inches)
        for ax in list(axes.flat)[len(panels) :]:
            ax.set_visible(False)
        if not panels:
            axes[0][0].set_visible(True)
            axes[0][0].text(
                0.5,
                0.5,
                _("No metric could be projected."),
                ha="center",
                va="center",
                transform=axes[0][0].transAxes,
            )
        handles = [_swatch(i) for i in range(len(scenarios))]
        body.legend(
            handles,
            [s.id for s in scenarios],
            loc="outside upper left",
            ncols=min(len(scenarios), 4),
            title=_("Scenarios"),
            alignment="left",
            title_fontsize=8,
        )
        notes = [
            _("{id}: {description}.").format(id=s.id, description=localize(s.description))
            for s in scenarios
        ]
        notes.append(_("Bars: the value in the target year, ✓ met or ✗ missed; ◆ the target."))
        if any(p.key.startswith("sum:") for p in panels):
            notes.append(_("Σ: the children's values added up, judged by the parent's target."))
        notes += _on_edge(panels)
        notes += _not_projected(report)
        return common.finish(fig, _("Scenarios"), sources, notes)


def _draw(ax: Any, panel: _Panel, scenarios: Sequence[Any], inches: float) -> None:
    target = panel.metric.target
    ax.set_title(common.wrap(panel.title, 9, inches - 0.5), loc="left", fontsize=9)
    ax.xaxis.set_major_formatter(common.value_formatter())
    ax.xaxis.set_major_locator(_locator())
    ax.set_xlabel(panel.metric.unit.pick(panel.lang), fontsize=7.5, color=common.MUTED)
    ax.grid(axis="y", visible=False)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    positions = range(len(scenarios))
    values = []
    for pos, scenario, outcome in zip(positions, scenarios, panel.outcomes, strict=True):
        end = outcome.end.value
        if end is None:
            ax.annotate(
                "—",
                (0, pos),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=common.MUTED,
            )
            continue
        values.append(end)
        (bar,) = ax.barh([pos], [end], height=0.7, color=common.SERIES[pos % len(common.SERIES)])
        bar.set_gid(f"bar:{scenario.id}:{panel.key}")
        mark = "✓" if outcome.met else "✗"
        colour = common.MET if outcome.met else common.MISSED
        if _exact(outcome):  # as the tables: "✗ 0", not met but not short either
            mark, colour = "✗ 0", common.EDGE
        ax.annotate(
            f"{numbers.value(end)} {mark}",
            (max(end, 0), pos),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=colour,
            bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"},
        )
    level = _level(panel.metric)
    values.append(level or 0.0)
    high = max(values)
    right = high * 1.45 if high > 0 else 1.0
    if level is not None:  # a row of its own, above the bars: the target's line and diamond
        line = ax.axvline(level, color=common.TARGET, linestyle="--", linewidth=1.2)
        line.set_gid(f"target:{panel.key}")
        common.target_marker(ax, level, -1, 6, f"target-marker:{panel.key}")
        left_side = level > right / 2
        label = ax.annotate(
            _("Target {target}").format(target=target_text(target)),
            (level, -1),
            xytext=(-6 if left_side else 6, 0),
            textcoords="offset points",
            ha="right" if left_side else "left",
            va="center",
            fontsize=7.5,
            color=common.TARGET,
        )
        label.set_gid(f"target-label:{panel.key}")
    ax.set_ylim(len(scenarios) - 0.4, -1.6)
    ax.set_xlim(min(0.0, *values), right)


def _level(metric: Metric) -> float | None:
    """The level the target asks for (for an increase, the baseline plus the increase)."""
    from ftzcalc.projection import NotProjectable, target_point

    try:
        return target_point(metric).value
    except NotProjectable:
        return None


def _locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=4)


def _swatch(index: int) -> Any:
    from matplotlib.patches import Patch

    return Patch(color=common.SERIES[index % len(common.SERIES)])


def _exact(outcome: Outcome) -> bool:
    """Whether the value reaches a strict target's value exactly: not met, a margin of 0."""
    return outcome.met is False and outcome.margin.value == 0.0


def _on_edge(panels: Sequence[_Panel]) -> list[str]:
    """The tables' note on "✗ 0", with the ids of the panels it is drawn in."""
    edge = {
        p.key.replace("sum:", "Σ ", 1): p.metric.target.comparator
        for p in panels
        # only a computed target can be missed
        if not isinstance(p.metric.target, QualitativeTarget) and any(_exact(o) for o in p.outcomes)
    }
    notes = []
    for comparator in dict.fromkeys(edge.values()):
        ids = _(", ").join(i for i, c in edge.items() if c is comparator)
        words = exact_edge(comparator, _("the target"))
        notes.append(
            _("✗ 0 ({ids}): {words} (within a relative {tolerance:g}).").format(
                ids=ids, words=words, tolerance=COMPUTED_TOLERANCE
            )
        )
    return notes


def _not_projected(report: ScenarioReport) -> list[str]:
    """A note for each reason metrics were not projected, with their ids (as the table)."""
    by_reason: dict[str, list[str]] = {}
    for row in report.rows:
        reasons = [o.end.reason for o in row.outcomes if o.end.value is None]
        if reasons and len(reasons) == len(row.outcomes):
            reason = reasons[0] or ""
            if isinstance(reason, Message) and reason.template == "not projectable: {reason}":
                reason = reason.params["reason"]
            by_reason.setdefault(localize(reason), []).append(row.metric.id)
    return [
        _("— Not projected ({reason}): {ids}.").format(reason=r, ids=_(", ").join(ids))
        for r, ids in by_reason.items()
    ]
