"""``ftzcalc simulate --plot``: a fan chart per metric (and per roll-up), the chance of meeting
its target in its title; for each parent, how much each child drives the spread of the sum."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ftzcalc.i18n import _
from ftzcalc.model import Metric, TargetPoint
from ftzcalc.plots import common
from ftzcalc.render import numbers
from ftzcalc.simulation import ParentResult, PathStats, Result, Stats

_FAN_HEIGHT = {1: 3.4, 2: 2.6, 3: 2.05}  # inches a row of fan charts takes, by columns
_BAR = 0.26  # inches a bar of rank correlation takes


class _Fan:
    """One panel: a metric, or a parent's sum (``key`` ``sum:ID``)."""

    def __init__(
        self,
        key: str,
        title: str,
        metric: Metric,
        target: TargetPoint,
        stats: Stats,
        path: PathStats,
    ) -> None:
        self.key, self.title, self.metric, self.target = key, title, metric, target
        self.stats, self.path = stats, path


def figure(result: Result, lang: str, sources: Sequence[str]) -> common.ReportFigure:
    """Small multiples of fan charts, P5–P95 and P25–P75 bands by year around the median, the
    target a diamond in its year; under them, for each parent, its children's rank
    correlations with the total as bars, largest first."""
    fans = [
        _Fan(item.metric.id, item.metric.name.pick(lang), item.metric, item.target, s, path)
        for item, s, path in zip(result.items, result.stats, result.paths, strict=True)
    ]
    for p in result.parents:
        fans.append(
            _Fan(
                f"sum:{p.parent.id}",
                f"Σ {p.parent.name.pick(lang)}",
                p.parent,
                p.target,
                p.stats,
                p.path,
            )
        )
    columns = 1 if len(fans) == 1 else 2 if len(fans) <= 4 else 3
    rows = math.ceil(len(fans) / columns)
    fan_height = rows * _FAN_HEIGHT[columns] + 0.35
    parents = [p for p in result.parents if p.contributions]
    bars_height = sum(1.0 + _BAR * len(p.contributions) for p in parents)
    names = {item.metric.id: item.metric.name.pick(lang) for item in result.items}
    with common.style():
        fig = common.new_figure(fan_height + bars_height)
        if parents:
            top, bottom = common.panels(fig, 2, height_ratios=[fan_height, bars_height])
        else:
            (top,), bottom = common.panels(fig, 1), None
        axes = top.subplots(rows, columns, squeeze=False)
        inches = common.WIDTH / columns
        for ax, fan in zip(axes.flat, fans, strict=False):
            _fan(ax, fan, inches, lang)
        for ax in list(axes.flat)[len(fans) :]:
            ax.set_visible(False)
        top.legend(*_legend(), loc="outside upper left", ncols=4)
        if bottom is not None:
            heights = [1.0 + _BAR * len(p.contributions) for p in parents]
            panels = bottom.subplots(
                len(parents), 1, squeeze=False, gridspec_kw={"height_ratios": heights}
            )
            for ax, parent in zip(panels.flat, parents, strict=True):
                _contributions(ax, parent, names)
        drawn = _("one draw for all years") if result.persistence else _("drawn each year")
        if result.rank_correlation:
            drawn = _("{drawn}, rank-correlated").format(drawn=drawn)
        title = _("Chance of meeting each target: {trials:,} trials, seed {seed}, {drawn}").format(
            trials=result.trials, seed=result.seed, drawn=drawn
        )
        by_growth: dict[str, list[str]] = {}
        for item in result.items:
            by_growth.setdefault(item.distribution.label, []).append(item.metric.id)
        if len(by_growth) == 1:
            growths = next(iter(by_growth))
        else:
            growths = _("; ").join(
                f"{label} ({_(', ').join(ids)})" for label, ids in by_growth.items()
            )
        notes = [_("Growth a year: {growths}.").format(growths=growths)]
        notes.append(
            _(
                "Bands: the middle 90% (P5–P95) and 50% (P25–P75) of the trials each "
                "year; P(met): the share of trials meeting the target."
            )
        )
        if result.parents:
            notes.append(_("Σ: the children's values added up, judged by the parent's target."))
        if parents:
            notes.append(
                _(
                    "Rank corr.: Spearman's, of a child's value with the total (first "
                    "100,000 trials)."
                )
            )
        return common.finish(fig, title, sources, notes)


def _fan(ax: Any, fan: _Fan, inches: float, lang: str) -> None:
    path, target = fan.path, fan.target
    years = list(path.years)
    chance = f"{_('P(met)')} {numbers.probability(fan.stats.probability)}"
    ax.set_title(common.wrap(fan.title, 9, inches - 0.6) + "\n" + chance, loc="left", fontsize=9)
    outer = ax.fill_between(
        years, path.p5, path.p95, color=common.PROJECTED, alpha=0.16, linewidth=0
    )
    outer.set_gid(f"band90:{fan.key}")
    inner = ax.fill_between(
        years, path.p25, path.p75, color=common.PROJECTED, alpha=0.34, linewidth=0
    )
    inner.set_gid(f"band50:{fan.key}")
    (median,) = ax.plot(years, path.p50, color=common.PROJECTED, linewidth=1.8)
    median.set_gid(f"median:{fan.key}")
    common.target_marker(ax, target.year, target.value, 7, f"target:{fan.key}")
    goal = f"{target.comparator.symbol}{numbers.value(target.value)}"
    rising = target.comparator.direction > 0
    ax.annotate(
        goal,
        (target.year, target.value),
        xytext=(-6, 5 if rising else -5),
        textcoords="offset points",
        ha="right",
        va="bottom" if rising else "top",
        fontsize=7.5,
        color=common.TARGET,
        fontweight="bold",
    )
    common.year_axis(ax.xaxis)
    ax.xaxis.set_major_locator(_year_locator(years[0], target.year, 5 if inches < 4 else 8))
    ax.yaxis.set_major_formatter(common.value_formatter())
    ax.yaxis.set_major_locator(_value_locator())
    ax.set_ylabel(fan.metric.unit.pick(lang), fontsize=7.5, color=common.MUTED)
    values = [*path.p5, *path.p95, target.value]
    if min(values) >= 0:
        ax.set_ylim(0, max(values) * 1.15)
    ax.set_xlim(years[0] - 0.3, max(years[-1], target.year) + 0.3)


def _contributions(ax: Any, parent: ParentResult, names: dict[str, str]) -> None:
    ax.set_title(
        _("What drives the spread of Σ {id}").format(id=parent.parent.id), loc="left", fontsize=9
    )
    ax.set_xlabel(_("Rank corr."))
    ax.grid(axis="y", visible=False)
    positions = list(range(len(parent.contributions)))
    for pos, c in zip(positions, parent.contributions, strict=True):
        (bar,) = ax.barh([pos], [c.rank_correlation], height=0.65, color="#CC79A7")
        bar.set_gid(f"corr:{parent.parent.id}:{c.metric_id}")
        ax.annotate(
            f"{c.rank_correlation:.3f}",
            (max(c.rank_correlation, 0.0), pos),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
        )
    labels = [names.get(c.metric_id, c.metric_id) for c in parent.contributions]
    ax.set_yticks(positions, labels)
    ax.set_ylim(len(positions) - 0.5, -0.5)
    low = min((c.rank_correlation for c in parent.contributions), default=0.0)
    ax.set_xlim(min(low, 0.0) * 1.1, 1.08)
    ax.axvline(0, color="#999999", linewidth=0.8)


def _legend() -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=common.PROJECTED, alpha=0.16, linewidth=0),
        Patch(color=common.PROJECTED, alpha=0.34 + 0.16 * (1 - 0.34), linewidth=0),
        Line2D([], [], color=common.PROJECTED, linewidth=1.8),
        Line2D([], [], **common.target_style(7)),
    ]
    return handles, ["P5–P95", "P25–P75", _("Median"), _("Target")]


def _year_locator(first: int, target: int, most: int) -> Any:
    """Every year up to 8 of them, else matplotlib's choice: with the target year either way
    (a tick too near it dropped, so the labels do not run into each other)."""
    from matplotlib.ticker import FixedLocator, MaxNLocator

    if target - first + 1 <= 8:
        return FixedLocator(range(first, target + 1))
    ticks = list(MaxNLocator(integer=True, nbins=most).tick_values(first, target))
    ticks = [int(t) for t in ticks if first <= t <= target]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    kept = [t for t in ticks if abs(t - target) * 2 >= step]
    return FixedLocator(sorted({*kept, target}))


def _value_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=4)
