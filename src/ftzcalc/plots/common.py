"""The look every chart shares: fonts, colours, a white report page, a title and a source line.

Every chart is a :class:`ReportFigure`, matplotlib's object-oriented ``Figure`` (no pyplot: no
global state, no GUI), drawn and saved inside :func:`style`, the chart's own rcParams:

* SVG keeps text as text (``svg.fonttype: none``) and its ids are salted with a constant, so
  the same chart gives the same bytes;
* one font list for every text: the Chinese families first (so a browser showing an SVG, and
  matplotlib drawing a PNG or PDF, find Chinese glyphs), then DejaVu Sans, which matplotlib
  ships; a PNG or PDF whose text has Chinese but no Chinese font on the system is refused with
  :class:`~ftzcalc.errors.OutputError`, since it would show empty boxes.

matplotlib is imported here, so this module is imported only when a chart is drawn.
"""

from __future__ import annotations

import contextlib
import functools
import os
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.figure import Figure, SubFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from ftzcalc.errors import OutputError
from ftzcalc.i18n import Message, _
from ftzcalc.render import numbers
from ftzcalc.render.wrap import east_asian_cells

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType  # matplotlib 3.9 and later

#: Chinese families, most wanted first: the font of a PNG or PDF is the first one installed;
#: an SVG names them all, for the viewer to choose.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "PingFang SC",
)
LATIN_FAMILY = "DejaVu Sans"  # shipped with matplotlib: always there

# Colours: one meaning, one colour, in every chart.
INK = "#222222"
MUTED = "#666666"
FAINT = "#dddddd"
PROJECTED = "#1f5fa8"  # a projection, the simulated median
REQUIRED = "#7a7a7a"  # the path a target requires
ACTUAL = "#111111"  # figures observed
TARGET = "#c2410c"  # the target marker
MET = "#1a7f37"
MISSED = "#c0262d"
EDGE = "#9a6700"  # amber: reaches a strict target exactly, which is not enough
#: For series told apart by colour only (scenarios, rates): Okabe and Ito's palette for colour
#: blindness, without its yellow, which does not show on white.
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999")

WIDTH = 9.0  # inches: 648 px in an SVG, 1350 px in a PNG
FOOTER_SIZE = 7.5


def target_style(size: float) -> dict[str, Any]:
    """How a target is marked on every chart: an orange diamond edged in white."""
    return {"linestyle": "none", "marker": "D", "markersize": size, "color": TARGET,
            "markeredgecolor": "white"}  # fmt: skip


def target_marker(ax: Any, x: float, y: float, size: float, gid: str, **kwargs: Any) -> Any:
    """The target's diamond at (``x``, ``y``) on ``ax``, with its id for the tests."""
    (marker,) = ax.plot([x], [y], **target_style(size), **kwargs)
    marker.set_gid(gid)
    return marker


def _rc() -> dict[RcKeyType, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "ftzcalc",
        "font.family": ["sans-serif", LATIN_FAMILY],
        "font.sans-serif": [*CJK_FAMILIES, LATIN_FAMILY],
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.labelsize": 9,
        "axes.labelcolor": INK,
        "axes.edgecolor": "#999999",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.facecolor": "white",
        "grid.color": FAINT,
        "grid.linewidth": 0.6,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "xtick.color": "#555555",
        "ytick.color": "#555555",
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "legend.fontsize": 8,
        "legend.frameon": True,
        "legend.framealpha": 0.85,
        "legend.edgecolor": "none",
        "text.color": INK,
        "figure.facecolor": "white",
        "figure.titlesize": 12,
        "figure.titleweight": "bold",
        "savefig.facecolor": "white",
        "savefig.dpi": 150,
        "image.interpolation": "nearest",
        "mathtext.default": "regular",
    }


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The charts' rcParams, for the block (drawing and saving): nothing global is changed
    for long, nothing but the chart is touched."""
    with matplotlib.rc_context(_rc()):
        yield


@functools.cache
def cjk_font() -> str | None:
    """The Chinese family that PNG and PDF files use: the first of :data:`CJK_FAMILIES`
    installed, or ``None``."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FAMILIES if name in installed), None)


def has_cjk(text: str) -> bool:
    """Whether ``text`` has a character only a Chinese (CJK) font draws.

    >>> has_cjk("Advanced-manufacturing output"), has_cjk("先进制造业"), has_cjk("≥1,500")
    (False, True, False)
    """
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


#: Width in half-em cells: 2 for a Chinese character, 1 for others.
cells = east_asian_cells


def wrap(text: str, size: float, inches: float) -> str:
    """``text`` broken into lines that fit ``inches`` at font ``size`` (points), bold or not,
    between words or Chinese characters (:func:`ftzcalc.render.wrap.wrap`): a Chinese
    character takes an em, a Latin one at most 0.6 of one."""
    from ftzcalc.render.wrap import wrap as wrap_lines

    columns = max(int(inches * 72 / (size * 0.6)), 8)
    return "\n".join(wrap_lines(text, columns, cells))


class ReportFigure(Figure):
    """A ``Figure`` that saves in its own style, whoever saves it (:func:`ftzcalc.plots.save`,
    :func:`ftzcalc.plots.to_svg`), and refuses a PNG or PDF it cannot draw the Chinese of."""

    #: The file the chart goes to, for error messages (saving writes to a buffer first).
    file: str | None = None

    def savefig(self, fname: Any, *, format: str | None = None, **kwargs: Any) -> None:
        if format is None and isinstance(fname, (str, os.PathLike)):
            format = os.path.splitext(os.fspath(fname))[1][1:]
        fmt = (format or "png").lower()
        metadata = dict(kwargs.pop("metadata", None) or {})
        if fmt in ("svg", "pdf"):  # no version of matplotlib in the file: the same bytes
            metadata.setdefault("Creator", "ftzcalc")
        if fmt == "pdf":
            metadata.setdefault("Producer", "ftzcalc")
        with style():
            if fmt != "svg" and cjk_font() is None and has_cjk("".join(self.all_text())):
                name = self.file or (
                    os.fspath(fname)
                    if isinstance(fname, (str, os.PathLike))
                    else f"the .{fmt} chart"
                )
                raise OutputError(
                    Message(
                        "no Chinese font found for {file}: install one, e.g. 'apt-get install "
                        "fonts-noto-cjk', or use --plot with .svg",
                        file=name,
                    )
                )
            super().savefig(fname, format=format, metadata=metadata, **kwargs)

    def all_text(self) -> list[str]:
        """Every text the chart draws: titles, labels, legends, notes and tick labels."""
        from matplotlib.text import Text

        texts = [t.get_text() for t in self.findobj(Text)]
        for ax in self.axes:
            texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        return texts


def new_figure(height: float, width: float = WIDTH) -> ReportFigure:
    """A white page ``width`` × ``height`` inches, laid out by matplotlib's constrained layout
    (titles, labels and legends never overlap or fall off the edge)."""
    figure = ReportFigure(figsize=(width, height), facecolor="white", layout="constrained")
    _constrained(figure).set(w_pad=0.08, h_pad=0.08, hspace=0.04, wspace=0.04)
    return figure


def _constrained(figure: Figure) -> ConstrainedLayoutEngine:
    """The layout engine of a figure from :func:`new_figure`, until :func:`finish` fixes it."""
    engine = figure.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    return engine


def panels(figure: Figure, rows: int, **kwargs: Any) -> list[SubFigure]:
    """``rows`` sub-figures of ``figure``, one above the other: ``Figure.subfigures`` always
    as a list (never squeezed to one), so that its type is known."""
    return list(figure.subfigures(rows, 1, squeeze=False, **kwargs)[:, 0])


def finish(
    figure: ReportFigure, title: str, sources: Sequence[str], notes: Sequence[str] = ()
) -> ReportFigure:
    """Add the title, the notes and the source line under the chart (making the page taller
    by as much, so the chart keeps its size)."""
    width = figure.get_size_inches()[0]
    figure.suptitle(wrap(title, 12, width - 0.3), x=0.01, ha="left", gid="title")
    lines = [wrap(note, FOOTER_SIZE, width - 0.3) for note in notes]
    if sources:
        source = _("Source: {sources}").format(sources=_("; ").join(sources))
        lines.append(wrap(source, FOOTER_SIZE, width - 0.3))
    if lines:
        _footer(figure, "\n".join(lines))
    # lay the chart out once, and keep it so: constrained layout run again at each save would
    # move things by a hair, and the same chart would not give the same bytes
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    return figure


def _footer(figure: ReportFigure, text: str) -> None:
    """``text`` under the chart, in a strip the page grows by."""
    width, height = figure.get_size_inches()
    footer = (text.count("\n") + 1) * FOOTER_SIZE * 1.4 / 72 + 0.12
    figure.set_size_inches(width, height + footer)
    total = height + footer
    _constrained(figure).set(rect=(0, footer / total, 1, 1 - footer / total))
    figure.text(
        0.01,
        0.06 / total,
        text,
        ha="left",
        va="bottom",
        fontsize=FOOTER_SIZE,
        color=MUTED,
        linespacing=1.4,
        gid="source",
    )


def value_text(x: float) -> str:
    """A figure as tables write it (1,500 and 694.75), or in short above a billion and below a
    hundredth (1.5e+12, 1e-08).

    >>> value_text(1500.0), value_text(1.5e12), value_text(1e-8), value_text(0.0)
    ('1,500', '1.5e+12', '1e-08', '0')
    """
    return f"{x:.3g}" if abs(x) >= 1e9 or 0 < abs(x) < 0.01 else numbers.value(x)


def value_formatter() -> Any:
    """Axis ticks as tables write figures: 1,500 and 694.75."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: value_text(x))


def rate_formatter(decimals: int = 0) -> Any:
    """Axis ticks as percentages: 25%."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: f"{x * 100:.{decimals}f}%")


def year_axis(axis: Any) -> None:
    """Whole years only, written without a thousands separator."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:.0f}"))


def unit_label(unit: str) -> str:
    """An axis label in the metric's unit."""
    return _("Value ({unit})").format(unit=unit)
