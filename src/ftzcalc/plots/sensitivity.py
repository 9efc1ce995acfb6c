"""``ftzcalc sensitivity --plot``: the grid as a heatmap of end values, growth rates up, target
years (or start values) across, with the edge between cells that meet the target and cells
that miss it drawn, and the rate that reaches it exactly."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ftzcalc.grids import Grid
from ftzcalc.i18n import _
from ftzcalc.plots import common
from ftzcalc.render import numbers

#: Grids up to this many cells (and columns) get their values written in the cells.
LABELLED_CELLS = 120
LABELLED_COLUMNS = 12


def figure(grid: Grid, lang: str, sources: Sequence[str]) -> common.ReportFigure:
    """A heatmap of the end values, blue where the target is met and red where it is missed
    (deeper further from the target), the boundary between the two as a black line along the
    cells' edges, and the exact rate of each column as a dashed line."""
    import numpy as np
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.lines import Line2D

    metric, target, start = grid.metric, grid.target, grid.start
    values, met = grid.values, grid.met
    rows, columns = values.shape
    with common.style():
        fig = common.new_figure(5.6)
        (body,) = common.panels(fig, 1)
        ax = body.add_subplot()
        rising = target.comparator.direction > 0
        low, high = float(values.min()), float(values.max())
        # values over more than three orders of magnitude are coloured by their logarithm
        logarithmic = low > 0 and target.value > 0 and high / low > 1000
        shown = np.log10(values) if logarithmic else values
        centre = math.log10(target.value) if logarithmic else target.value
        low, high = float(shown.min()), float(shown.max())
        spread = max(high - low, abs(centre) * 0.01, 1e-12)
        norm = TwoSlopeNorm(
            vcenter=centre,
            vmin=min(low, centre - spread * 0.01),
            vmax=max(high, centre + spread * 0.01),
        )
        cmap = "RdBu" if rising else "RdBu_r"
        image = ax.imshow(
            shown, origin="lower", aspect="auto", cmap=cmap, norm=norm, interpolation="nearest"
        )
        image.set_gid("heatmap")
        ax.grid(False)

        texts = [
            [
                numbers.value(float(values[i, j])) + (" ✓" if met[i, j] else "")
                for j in range(columns)
            ]
            for i in range(rows)
        ]
        size = _label_size(max((common.cells(t) for row in texts for t in row), default=1), columns)
        labelled = values.size <= LABELLED_CELLS and columns <= LABELLED_COLUMNS and size > 0
        if labelled:
            colours = image.cmap
            for i in range(rows):
                for j in range(columns):
                    shade = abs(norm(shown[i, j]) - 0.5) > 0.3  # a deep colour: white text
                    # a box in the cell's colour: the exact-rate line, drawn under, stops short
                    box = {"boxstyle": "square,pad=0.1", "edgecolor": "none"}
                    box["facecolor"] = colours(norm(shown[i, j]))
                    ax.text(
                        j,
                        i,
                        texts[i][j],
                        ha="center",
                        va="center",
                        fontsize=size,
                        color="white" if shade else common.INK,
                        zorder=4,
                        bbox=box,
                    )

        segments = _boundary(met)
        if segments:
            from matplotlib.collections import LineCollection

            edge = LineCollection(segments, colors="black", linewidths=2.2, capstyle="projecting")
            edge.set_gid("boundary")
            ax.add_collection(edge)

        step = (grid.rates[-1] - grid.rates[0]) / (rows - 1) if rows > 1 else 0.0
        if step > 0:
            exact = [np.nan if r is None else (r - grid.rates[0]) / step for r in grid.exact_rates]
            (line,) = ax.plot(
                range(columns),
                exact,
                color=common.INK,
                linestyle="--",
                linewidth=0.8,
                alpha=0.6,
                marker="none" if labelled else "o",
                markersize=3,
                zorder=2.5,  # over the cells and their edge, under the numbers
            )
            line.set_gid("exact")
        ax.set_xlim(-0.5, columns - 0.5)
        ax.set_ylim(-0.5, rows - 0.5)

        ax.set_yticks(*_ticks([numbers.rate(float(r)) for r in grid.rates], 14))
        if grid.axis == "year":
            labels = [str(int(c)) for c in grid.columns]
            ax.set_xlabel(_("Target year"))
            across = _("target year")
        else:
            labels = [numbers.value(float(c)) for c in grid.columns]
            ax.set_xlabel(
                _("Start value in {year} ({unit})").format(
                    year=start.year, unit=metric.unit.pick(lang)
                )
            )
            across = _("start value in {year}").format(year=start.year)
        ax.set_xticks(*_ticks(labels, 12))
        ax.set_ylabel(_("Growth a year"))

        bar = body.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
        bar.set_label(common.unit_label(metric.unit.pick(lang)))
        if logarithmic:
            from matplotlib.ticker import FuncFormatter

            bar.ax.yaxis.set_major_formatter(
                FuncFormatter(lambda x, _pos: common.value_text(10**x))
            )
        else:
            bar.ax.yaxis.set_major_formatter(common.value_formatter())
        assert norm.vmin is not None and norm.vmax is not None  # given to the norm above
        bar.set_ticks(_bar_ticks(norm.vmin, centre, norm.vmax, integer=logarithmic))
        bar.ax.axhline(centre, color="black", linewidth=1.5)
        goal = f"{target.comparator.symbol}{numbers.value(target.value)}"
        bar.ax.annotate(
            _("Target {target}").format(target=goal),
            (0, centre),
            xycoords=("axes fraction", "data"),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=7.5,
            fontweight="bold",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
        )

        handles = [
            Line2D([], [], color="black", linewidth=2.2),
            Line2D([], [], color=common.INK, linestyle="--", linewidth=0.8, alpha=0.6),
        ]
        where = _("above") if rising else _("below")
        body.legend(
            handles,
            [
                _("Edge of the cells that meet the target ✓ ({where} it)").format(where=where),
                _("The rate that reaches the target exactly"),
            ],
            loc="outside upper left",
            ncols=2,
            alignment="left",
        )
        title = _(
            "{name} ({id}): value by growth rate and {across}, from {start} ({year}); "
            "target {target}"
        ).format(
            name=metric.name.pick(lang),
            id=metric.id,
            across=across,
            start=numbers.value(start.value),
            year=start.year,
            target=target.comparator.symbol + numbers.value(target.value),
        )
        return common.finish(fig, title, sources)


def _label_size(longest: int, columns: int) -> float:
    """The font size (points, at most 7) that fits a label ``longest`` half-em cells long in a
    cell, the heatmap taking about 0.72 of the page's width; 0 below 5 points: no labels."""
    cell = common.WIDTH * 0.72 / max(columns, 1) * 72 * 0.9  # points, with a margin
    size = min(7.0, cell / (0.55 * max(longest, 1)))
    return round(size, 1) if size >= 5 else 0.0


def _bar_ticks(low: float, centre: float, high: float, integer: bool) -> list[float]:
    """Ticks of the colour bar on both sides of the target (each side takes half the bar,
    whatever its range), none too near the target, where its label is."""
    from matplotlib.ticker import MaxNLocator

    ticks: list[float] = []
    for a, b in ((low, centre), (centre, high)):
        near = (b - a) * 0.12
        ticks += [
            float(t)
            for t in MaxNLocator(nbins=4, integer=integer).tick_values(a, b)
            if a <= t <= b and abs(t - centre) > near
        ]
    return sorted(set(ticks))


def _ticks(labels: list[str], most: int) -> tuple[list[int], list[str]]:
    """Positions and labels of at most ``most`` ticks, evenly spaced over the cells."""
    every = max(1, -(-len(labels) // most))
    positions = list(range(0, len(labels), every))
    return positions, [labels[i] for i in positions]


def _boundary(met: Any) -> list[list[tuple[float, float]]]:
    """The cell edges between a cell that meets the target and one that misses it, as line
    segments in cell coordinates (cell (i, j) spans j±0.5, i±0.5)."""
    import numpy as np

    segments: list[list[tuple[float, float]]] = []
    for i, j in np.argwhere(met[1:, :] != met[:-1, :]):  # between rows i and i + 1
        segments.append([(float(j) - 0.5, float(i) + 0.5), (float(j) + 0.5, float(i) + 0.5)])
    for i, j in np.argwhere(met[:, 1:] != met[:, :-1]):  # between columns j and j + 1
        segments.append([(float(j) + 0.5, float(i) - 0.5), (float(j) + 0.5, float(i) + 0.5)])
    return segments
