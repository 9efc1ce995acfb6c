"""SVG pictures of a report, for ``--svg FILE``: themes, exact text positions, writing the file.

Rich's ``Console.export_svg`` draws each run of same-styled text as one ``<text>`` with a start
``x`` and a ``textLength`` counted in characters, not terminal cells. A Chinese character is two
cells wide, so a browser squeezes such text into half its width, and librsvg, which ignores
``textLength``, lets each font decide where the following text goes, so right-aligned numbers no
longer line up. :func:`export_svg` therefore puts every character in a ``<tspan>`` with its own
``x``, taken from the terminal cell it starts in (librsvg reads only the first of a list of x
values on a ``<text>``), and the text stays text: searchable and copyable. Bars become
rectangles, which have no seams between cells.

Imported only when ``--svg`` is given; it imports Rich lazily and never numpy.
"""

from __future__ import annotations

import html
import re
from typing import Any, TypedDict

#: Rich draws text 20px high, a cell ``FONT_ASPECT`` times as wide, lines 1.22 times as tall.
CHAR_HEIGHT = 20
FONT_ASPECT = 0.61
CELL_WIDTH = CHAR_HEIGHT * FONT_ASPECT
LINE_HEIGHT = CHAR_HEIGHT * 1.22
#: White space around the light picture, in px.
MARGIN = 10


class _Palette(TypedDict):
    background: str
    foreground: str
    normal: list[str]  # the eight ANSI colours
    bright: list[str]  # and their bright forms


#: Light: ANSI colours that read on white (after GitHub's light palette).
LIGHT: _Palette = {
    "background": "#ffffff",
    "foreground": "#1f2328",
    "normal": [
        "#24292f", "#cf222e", "#1a7f37", "#9a6700",  # black red green yellow
        "#0969da", "#8250df", "#1b7c83", "#6e7781",  # blue magenta cyan white
    ],
    "bright": [
        "#57606a", "#a40e26", "#2da44e", "#bf8700",
        "#218bff", "#a475f9", "#3192aa", "#8c959f",
    ],
}  # fmt: skip

#: Colours of Rich's 256-colour palette, which no terminal theme changes, made darker on white:
#: ``dark_orange`` (a status in ``gap``) is #ff8700.
LIGHT_FIXED = {"#ff8700": "#bc4c00"}

#: The themes ``--svg-theme`` offers: light on white, without a window (for reports, the
#: default); dark, in Rich's picture of a terminal window.
THEMES = ("light", "dark")

#: Fonts for the light picture: installed monospace fonts, then CJK ones (nothing fetched).
FONTS = (
    '"Fira Code", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", '
    '"Noto Sans Mono CJK SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", monospace'
)

# The body of the light picture, as a ``code_format`` for Rich (doubled braces are CSS): no
# window, title or web fonts. Its size and background are added by :func:`_light_frame`, from
# the text drawn, so the picture ends where the text does.
_LIGHT_BODY = (
    """\
<style>
    .{unique_id}-matrix {{
        font-family: """
    + FONTS  # has no braces
    + """;
        font-size: {char_height}px;
        line-height: {line_height}px;
    }}
    {styles}
    </style>
    <defs>
    {lines}
    </defs>
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
"""
)


def _terminal_theme(name: str) -> Any:
    from rich.terminal_theme import SVG_EXPORT_THEME, TerminalTheme

    if name == "dark":
        return SVG_EXPORT_THEME
    return TerminalTheme(
        _rgb(LIGHT["background"]),
        _rgb(LIGHT["foreground"]),
        [_rgb(c) for c in LIGHT["normal"]],
        [_rgb(c) for c in LIGHT["bright"]],
    )


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def export_svg(console: Any, theme: str = "light") -> str:
    """The SVG of what ``console`` (a Rich Console made with ``record=True``) has printed.

    ``theme`` is one of :data:`THEMES`. The record is cleared, as by Rich's own export.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown SVG theme {theme!r}: use one of {', '.join(THEMES)}")
    from rich.console import CONSOLE_SVG_FORMAT

    svg = console.export_svg(
        title="ftzcalc",
        theme=_terminal_theme(theme),
        code_format=_LIGHT_BODY if theme == "light" else CONSOLE_SVG_FORMAT,
        font_aspect_ratio=FONT_ASPECT,
    )
    svg, right, bottom = _place_characters(svg)
    if theme == "dark":
        return svg
    for rich_colour, ours in LIGHT_FIXED.items():
        svg = svg.replace(f"fill: {rich_colour}", f"fill: {ours}")
    return _light_frame(svg, right, bottom)


# One ``<text>`` of Rich's output: its attributes and its (escaped) content. Rich writes text
# with no markup inside, spaces as &#160;, and a textLength on every text of the terminal (not
# on the window's title, which is left alone).
_TEXT = re.compile(r"<text ([^>]*textLength=[^>]*)>([^<]*)</text>")
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
#: The block elements of which Rich draws bars, as the part of a cell each fills: from, to.
_BAR = {
    "█": (0, 8), "▐": (4, 8), "▕": (7, 8), "▉": (0, 7), "▊": (0, 6), "▋": (0, 5),
    "▌": (0, 4), "▍": (0, 3), "▎": (0, 2), "▏": (0, 1),
}  # fmt: skip


def _place_characters(svg: str) -> tuple[str, float, float]:
    """Put each character of each text at the start of its terminal cell.

    Each character that is not a space becomes a ``<tspan>`` with its own ``x``. (A list of x
    values on the ``<text>`` would do in browsers, but librsvg and resvg use only the first.)
    ``textLength``, which Rich counts in characters, not cells, goes, and so do texts that are
    blank (Rich's line breaks). Bars become rectangles: drawn as text, each cell of a bar is a
    glyph of its own, with a faint seam between glyphs in browsers. Returns the SVG, and the
    right and bottom edges (px) of what is drawn.
    """
    from rich.cells import cell_len

    right = bottom = 0.0

    def place(match: re.Match[str]) -> str:
        nonlocal right, bottom
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        text = html.unescape(match.group(2))
        if not text.strip():
            return ""
        del attributes["textLength"]
        cell = round(float(attributes["x"]) / CELL_WIDTH)
        line = round((float(attributes["y"]) - CHAR_HEIGHT) / LINE_HEIGHT)
        parts: list[str] = []
        bars: list[list[float]] = []  # [from, to] in cells
        # One character at a time; a combining mark or joiner stays with the one before.
        for piece in re.findall(r".[\u0300-\u036f\u200d\ufe0f]*", text, re.S):
            if piece.isspace():  # kept, so that copied text has its gaps; placed by what follows
                parts.append(_escape(piece))
            elif piece in _BAR:
                start, end = (cell + eighths / 8 for eighths in _BAR[piece])
                if bars and bars[-1][1] == start:
                    bars[-1][1] = end
                else:
                    bars.append([start, end])
            else:
                parts.append(f'<tspan x="{_px(cell * CELL_WIDTH)}">{_escape(piece)}</tspan>')
            cell += cell_len(piece)
            if not piece.isspace():
                right = max(right, cell * CELL_WIDTH)
        bottom = max(bottom, (line + 1) * LINE_HEIGHT)
        drawn = [
            f'<rect class="{attributes["class"]}" x="{_px(start * CELL_WIDTH)}" '
            f'y="{_px(line * LINE_HEIGHT + 4)}" width="{_px((end - start) * CELL_WIDTH)}" '
            f'height="{_px(LINE_HEIGHT - 4)}"/>'
            for start, end in bars
        ]
        if any(part.startswith("<tspan") for part in parts):
            tag = " ".join(f'{k}="{v}"' for k, v in attributes.items())
            drawn.insert(0, f"<text {tag}>{''.join(parts)}</text>")
        return "".join(drawn)

    return _TEXT.sub(place, svg), right, bottom


def _escape(text: str) -> str:
    """As Rich escapes text: XML's escapes, and no-break spaces, which SVG does not collapse."""
    return html.escape(text, quote=False).replace(" ", "&#160;").replace("\xa0", "&#160;")


def _px(value: float) -> str:
    return format(round(value, 2), "g")


def _light_frame(body: str, right: float, bottom: float) -> str:
    """Wrap the light body in an ``<svg>`` as large as its text, plus a margin, on white."""
    width, height = max(right, CELL_WIDTH) + 2 * MARGIN, max(bottom, LINE_HEIGHT) + 2 * MARGIN
    size = f'width="{_px(width)}" height="{_px(height)}"'
    return (
        f'<svg class="rich-terminal" viewBox="0 0 {_px(width)} {_px(height)}" {size} '
        'xmlns="http://www.w3.org/2000/svg">\n'
        "    <!-- Generated by ftzcalc with Rich https://github.com/Textualize/rich -->\n"
        f'    <rect class="background" x="0" y="0" {size} fill="{LIGHT["background"]}"/>\n'
        f'    <g transform="translate({MARGIN}, {MARGIN})">\n'
        f"    {body}"
        "    </g>\n"
        "</svg>\n"
    )


# --------------------------------------------------------------------------------------------
# Writing
