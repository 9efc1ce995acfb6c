"""``ftzcalc gap --plot``: the growth a year each target requires, against the city's own
growth rates; with actual figures, how much of the way each target has come."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ftzcalc.gaps import Effect, GapReport, GapRow
from ftzcalc.i18n import _
from ftzcalc.model import Reference
from ftzcalc.plots import common
from ftzcalc.render import numbers
from ftzcalc.tracking import Status

_EFFECT_SIGN = {Effect.AT_MOST: "≤", Effect.AT_LEAST: "≥", Effect.APPROXIMATE: "≈"}
_STATUS_COLOUR = {
    Status.ACHIEVED: common.MET,
    Status.ON_TRACK: "#4c9f38",
    Status.ACCELERATION_NEEDED: "#E69F00",
    Status.LIMITED_PROGRESS: "#D55E00",
    Status.DETERIORATION: common.MISSED,
    Status.CANNOT_ASSESS: "#999999",
}
_REFERENCE_STYLES = (("#6a3d9a", "-"), ("#8c564b", "--"), ("#17becf", ":"), ("#7f7f7f", "-."))
_BAR = 0.36  # inches a bar takes, with its gap


def figure(
    report: GapReport, lang: str, sources: Sequence[str], references: Sequence[Reference] = ()
) -> common.ReportFigure:
    """Horizontal bars: the required growth a year of each metric that has one, the growth
    references as vertical lines; under them, with actual figures, the share of the way
    covered, coloured by status."""
    with common.style():
        rated = [r for r in report.rows if r.required_rate.value is not None]
        tracked = [
            r for r in report.rows if r.progress is not None and r.progress.latest is not None
        ]
        growths = [ref for ref in references if ref.kind == "growth"]
        heights = [_panel_height(len(rated) or 1, len(growths))]
        if tracked:
            heights.append(_panel_height(len(tracked), 0))
        fig = common.new_figure(sum(heights))
        panels = common.panels(fig, 2, height_ratios=heights) if tracked else common.panels(fig, 1)
        notes = []
        _rates(panels[0], rated, growths, lang)
        if any(r.rate_effect in _EFFECT_SIGN for r in rated):
            notes.append(
                _("≤ The baseline is a floor: the growth needed is at most the rate shown.")
            )
        if tracked:
            _progress(panels[1], tracked, lang)
        return common.finish(fig, _("Gap to target"), sources, notes)


def _panel_height(bars: int, legend: int) -> float:
    """Inches for a panel of ``bars`` bars under a legend of ``legend`` lines."""
    return 1.25 + bars * _BAR + (0.2 * (legend + 1) if legend else 0)


def _names(rows: Sequence[GapRow], lang: str) -> list[str]:
    return [common.wrap(r.metric.name.pick(lang), 8, 3.2) for r in rows]


def _rates(panel: Any, rows: Sequence[GapRow], references: Sequence[Reference], lang: str) -> None:
    ax = panel.add_subplot()
    ax.set_title(_("Growth a year each target requires"), loc="left")
    ax.set_xlabel(_("Growth a year"))
    ax.xaxis.set_major_formatter(common.rate_formatter())
    ax.grid(axis="y", visible=False)
    if not rows:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            _("No target has a baseline to grow from: give one with --baseline."),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=common.MUTED,
        )
    positions = list(range(len(rows)))
    # every row has a rate (figure passes only those): zip below checks they pair up
    rates = [r.required_rate.value for r in rows if r.required_rate.value is not None]
    bars = ax.barh(positions, rates, height=0.6, color=common.PROJECTED)
    for bar, row, rate in zip(bars, rows, rates, strict=True):
        bar.set_gid(f"rate:{row.metric.id}")
        sign = _EFFECT_SIGN.get(row.rate_effect, "")
        _label(ax, f"{sign}{numbers.rate(rate)}", rate, bar.get_y() + bar.get_height() / 2)
    for i, ref in enumerate(references):
        colour, dash = _REFERENCE_STYLES[i % len(_REFERENCE_STYLES)]
        label = _("{name} ({year}): {rate}").format(
            name=ref.name.pick(lang), year=ref.year, rate=numbers.rate(ref.value, 1)
        )
        line = ax.axvline(ref.value, color=colour, linestyle=dash, linewidth=1.2, label=label)
        line.set_gid(f"reference:{ref.id}")
    ax.axvline(0, color="#999999", linewidth=0.8)
    ax.set_yticks(positions, _names(rows, lang))
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first metric on top
    values = [*rates, *(ref.value for ref in references), 0.0]
    low, high = min(values), max(values)
    span = (high - low) or 0.1
    ax.set_xlim(min(low, 0) - (0.03 * span if low < 0 else 0), high + 0.18 * span)
    if references:
        panel.legend(
            loc="outside upper left",
            ncols=1,
            title=_("Reference growth rates"),
            alignment="left",
            title_fontsize=8,
        )


def _progress(panel: Any, rows: Sequence[GapRow], lang: str) -> None:
    ax = panel.add_subplot()
    ax.set_title(_("Progress"), loc="left")
    ax.set_xlabel(_("Share of the way from the baseline to the target covered"))
    ax.xaxis.set_major_formatter(common.rate_formatter())
    ax.grid(axis="y", visible=False)
    positions = list(range(len(rows)))
    shares = []
    for pos, row in zip(positions, rows, strict=True):
        p = row.progress
        assert p is not None and p.latest is not None
        share = p.share_covered.value
        shares.append(share or 0.0)
        colour = _STATUS_COLOUR[p.status]
        if share is not None:
            (bar,) = ax.barh([pos], [share], height=0.6, color=colour)
            bar.set_gid(f"covered:{row.metric.id}")
        text = _("{share} ({year}), {status}").format(
            share="—" if share is None else f"{share * 100:.0f}%",
            year=p.latest.year,
            status=_(p.status.label),
        )
        muted = p.status is Status.CANNOT_ASSESS
        _label(ax, text, share or 0.0, pos, common.MUTED if muted else colour)
    line = ax.axvline(1.0, color=common.TARGET, linestyle="--", linewidth=1.2)
    line.set_gid("covered:target")
    ax.annotate(
        _("Target"),
        (1.0, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 2),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
        color=common.TARGET,
    )
    ax.axvline(0, color="#999999", linewidth=0.8)
    ax.set_yticks(positions, _names(rows, lang))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    low, high = min([*shares, 0.0]), max([*shares, 1.0])
    span = high - low
    ax.set_xlim(low - (0.03 * span if low < 0 else 0), high + 0.45 * span)


def _label(ax: Any, text: str, x: float, y: float, colour: str = common.INK) -> None:
    """A bar's figure beside its end, or beside 0 for a bar that runs left (where the end's
    left would be the metric names)."""
    ax.annotate(
        text,
        (max(x, 0.0), y),
        xytext=(4, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=8,
        color=colour,
    )
