"""Options every command shares, the types that parse what users type, and how output is written.

As in sqlite-utils, one decorator adds the output options to every command
(:func:`output_options`), one adds the data options (:func:`data_options`) and one the figures a
user can supply on the command line (:func:`figure_options`).
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from ftzcalc import i18n
from ftzcalc.errors import FtzcalcError, InputError
from ftzcalc.i18n import LANGUAGES, Message, _, localize, said

if TYPE_CHECKING:
    pass

FORMATS = ("table", "json", "csv")
#: The themes of ``--svg-theme``, as in :data:`ftzcalc.render.svg.THEMES` (not imported here,
#: so that a command without ``--svg`` never loads it).
SVG_THEMES = ("light", "dark")


class ParsedType(click.ParamType):
    """A Click type around one parser of :mod:`ftzcalc.parsing`; its errors become usage errors."""

    def __init__(self, name: str, parser: str, module: str = "ftzcalc.parsing") -> None:
        self.name = name
        self.parser = parser
        self.module = module

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import importlib

        if not isinstance(value, str):  # a default, or a value converted already
            return value
        try:
            return getattr(importlib.import_module(self.module), self.parser)(value)
        except InputError as exc:
            self.fail(said(exc), param, ctx)


RATE = ParsedType("RATE", "parse_rate")
NUMBER = ParsedType("NUMBER", "parse_number")


class AssignmentType(ParsedType):
    """``ID=VALUE[@YEAR]``, with metric ids offered by shell completion."""

    def __init__(self) -> None:
        super().__init__("ID=VALUE[@YEAR]", "parse_assignment")

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        return [CompletionItem(i + "=") for i in metric_ids(ctx, incomplete)]


def metric_ids(ctx: click.Context, incomplete: str) -> list[str]:
    """Metric ids for shell completion; nothing (rather than an error) if the data is bad."""
    from ftzcalc.dataset import load

    try:
        files = data_paths(ctx.params.get("data_files") or (), ctx.params.get("no_default_data"))
        dataset = load(files)
    except (FtzcalcError, click.UsageError):
        return []
    return [m.id for m in dataset.metrics if m.id.startswith(incomplete)]


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return metric_ids(ctx, incomplete)


# --------------------------------------------------------------------------------------------
# Output


#: ``--lang``: every command has it; the group reads it before Click parses anything.
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the words in tables and messages: en or zh. Default: $FTZCALC_LANG, "
    "else zh in a Chinese locale, else en.",
)


#: ``--as-of YEAR``: ``gap`` and ``report`` assess progress as of a year.
as_of_option = click.option(
    "--as-of",
    type=click.IntRange(1900, 2200),
    metavar="YEAR",
    help="Assess progress as of YEAR: later actuals are ignored, years left count from it.",
)


class Output(NamedTuple):
    """Where and how a command writes: the format on stdout, and an SVG picture of the table."""

    fmt: str
    svg: str | None = None
    force: bool = False
    svg_theme: str = "light"
    pager: bool = True
    plot: str | None = None  # a chart of the result, written to this file (--plot)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json|csv``, ``--json``, ``--svg FILE``, ``--svg-theme``, ``--force``,
    ``--no-pager`` and ``--lang``, for every command; they reach it as one argument, ``out``
    (and ``lang``, the language in use, if the command takes it)."""
    takes_lang = "lang" in inspect.signature(fn).parameters

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format: a table for people (default), JSON or CSV for scripts.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
    @click.option(
        "--svg",
        metavar="FILE",
        help="Also write the table, as drawn, to FILE as an SVG picture.",
    )
    @click.option(
        "--svg-theme",
        type=click.Choice(SVG_THEMES),
        default=None,
        help="Look of the --svg picture: light, on white without a window, for reports "
        "(default); or dark, in a terminal window.",
    )
    @click.option("--force", is_flag=True, help="Let --svg or --plot replace an existing file.")
    @click.option(
        "--no-pager",
        is_flag=True,
        help="Print straight to the terminal, even when the output is taller than the screen.",
    )
    @lang_option
    @functools.wraps(fn)
    def wrapper(
        *args: Any,
        fmt: str | None,
        as_json: bool,
        svg: str | None,
        svg_theme: str | None,
        force: bool,
        no_pager: bool,
        lang: str | None,
        **kwargs: Any,
    ) -> Any:
        if lang:  # the group read it already, before parsing; this keeps the two in step
            i18n.use(lang)
        if takes_lang:
            kwargs["lang"] = i18n.language()
        if as_json and fmt not in (None, "json"):
            raise click.UsageError(
                _("--json and --format {format} contradict each other").format(format=fmt)
            )
        if svg is not None and not svg.strip():
            raise click.UsageError(_("--svg needs a file name"))
        plot = kwargs.get("plot")  # from plot_option, for the commands that draw a chart
        if force and not (svg or plot):
            raise click.UsageError(_("--force goes with --svg FILE or --plot FILE"))
        if svg_theme and not svg:
            raise click.UsageError(_("--svg-theme goes with --svg FILE"))
        if svg and not force and os.path.exists(svg):
            raise click.ClickException(
                _("{file} exists: add --force to replace it").format(file=svg)
            )
        out = Output(
            "json" if as_json else (fmt or "table"), svg, force, svg_theme or "light", not no_pager
        )
        return fn(*args, out=out, **kwargs)

    return wrapper


def plot_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--plot FILE``: a chart of the result, for the commands that have one; the format by
    the extension. Goes under :func:`output_options`, which it fills ``out.plot`` of."""

    @click.option(
        "--plot",
        metavar="FILE",
        help="Also draw the result as a chart to FILE: .svg, .png or .pdf.",
    )
    @functools.wraps(fn)
    def wrapper(*args: Any, plot: str | None, out: Output, **kwargs: Any) -> Any:
        if plot is not None:
            from ftzcalc.plots import FORMATS as PLOT_FORMATS

            if not plot.strip():
                raise click.UsageError(_("--plot needs a file name"))
            if os.path.splitext(plot)[1].lower() not in PLOT_FORMATS:
                raise click.UsageError(
                    _("--plot {file}: name a .svg, .png or .pdf file").format(file=plot)
                )
            if not out.force and os.path.exists(plot):
                raise click.ClickException(
                    _("{file} exists: add --force to replace it").format(file=plot)
                )
        return fn(*args, out=out._replace(plot=plot), **kwargs)

    return wrapper


def charted_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options of a command that reads the data, prints a result and can draw it:
    :func:`data_options`, :func:`output_options` and :func:`plot_option`, in that order."""
    return data_options(output_options(plot_option(f)))


def emit(
    out: Output,
    view: Any,
    result: Any,
    figure: Callable[[], Any] | None = None,
    **context: Any,
) -> None:
    """Write ``result`` in the format asked for, by ``view`` (the command's module of
    ``ftzcalc.views``), whose ``to_json``, ``to_csv`` and ``to_table`` each take the result and,
    by name, what they need of ``context`` (``data_files``, ``lang``, ``quotes``). JSON and CSV
    never go through Rich. The result is computed, and the picture written, before anything goes
    to stdout, so a command that fails writes nothing there; JSON records are then encoded and
    written one by one."""
    import inspect

    def made(name: str) -> Callable[[], Any]:
        function = getattr(view, name)
        wanted = inspect.signature(function).parameters
        return lambda: function(result, **{k: v for k, v in context.items() if k in wanted})

    json_doc, csv_doc, table = made("to_json"), made("to_csv"), made("to_table")
    text = pieces = None
    if out.fmt == "json":
        from ftzcalc.render import jsondoc, output

        ascii_only = not output.writes_any_character(sys.stdout)  # the same JSON, \u escapes
        pieces = jsondoc.chunks(json_doc(), ascii_only)
    elif out.fmt == "csv":
        from ftzcalc.render import csvdoc

        text = csvdoc.dumps(*csv_doc())
    report = table() if out.fmt == "table" or out.svg else None
    if out.plot and figure is not None:
        from ftzcalc import plots

        plots.save(figure(), out.plot, out.force)
    if out.svg and report is not None:  # there is a report whenever there is an SVG
        from ftzcalc.render.table import save_svg

        save_svg(report, out.svg, out.force, out.svg_theme)
    if pieces is not None:
        from ftzcalc.render import output

        output.write_pieces(pieces)
    elif text is not None:
        from ftzcalc.render import output

        output.write(text)
    elif report is not None:  # the table format
        from ftzcalc.render.table import print_report

        print_report(report, pager=out.pager)


# --------------------------------------------------------------------------------------------
# Data


def data_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--data PATH`` (repeatable) and ``--no-default-data``, for commands that read the
    dataset; the files reach the command as one argument, ``data``."""

    @click.option(
        "--data",
        "data_files",
        metavar="PATH",
        multiple=True,
        help="A data file laid over the shipped dataset: it adds metrics and replaces fields of "
        "those with the same id (repeatable; later files win). Default: $FTZCALC_DATA, "
        f"paths separated by '{os.pathsep}'.",
    )
    @click.option(
        "--no-default-data",
        is_flag=True,
        help="Leave out the shipped dataset: read only the --data files.",
    )
    @functools.wraps(fn)
    def wrapper(
        *args: Any, data_files: tuple[str, ...], no_default_data: bool, **kwargs: Any
    ) -> Any:
        return fn(*args, data=data_paths(data_files, no_default_data), **kwargs)

    return wrapper


def data_paths(data_files: tuple[str, ...], no_default_data: bool | None) -> list[str]:
    """The layers to read: the shipped dataset, then --data files (or $FTZCALC_DATA)."""
    from ftzcalc.dataset import shipped_data_path

    files = list(data_files)
    if not files:
        files = [p for p in os.environ.get("FTZCALC_DATA", "").split(os.pathsep) if p.strip()]
    if no_default_data:
        if not files:
            raise click.UsageError(_("--no-default-data needs at least one --data PATH"))
        return files
    return [shipped_data_path(), *files]


def figure_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--baseline`` and ``--actual``: figures typed on the command line, laid over the data
    files. The command gets ``figures``, to pass to :func:`load`."""

    @click.option(
        "--baseline",
        "baselines",
        type=AssignmentType(),
        multiple=True,
        help="Supply or replace a baseline, e.g. ic-chips=10@2018 (repeatable). "
        "The year defaults to the metric's or its parent's baseline year.",
    )
    @click.option(
        "--actual",
        "actuals",
        type=AssignmentType(),
        multiple=True,
        help="Add an actual figure, e.g. zone-output=820@2021 (repeatable; replaces a figure "
        "for the same year from the data files).",
    )
    @functools.wraps(fn)
    def wrapper(*args: Any, baselines: tuple, actuals: tuple, **kwargs: Any) -> Any:
        for metric_id, value, year in actuals:
            if year is None:
                message = _("{id}={value:g} needs a year: ID=VALUE@YEAR").format(
                    id=metric_id, value=value
                )
                raise click.BadParameter(message, param_hint="'--actual'")
        return fn(*args, figures=(baselines, actuals), **kwargs)

    return wrapper


def load(data: list[str], figures: tuple[tuple, tuple] = ((), ())):  # -> Dataset
    """The dataset from the data files, with the figures of --baseline and --actual laid over."""
    from ftzcalc import dataset as ds

    baselines, actuals = figures
    return ds.with_figures(ds.load(data), baselines, actuals)


#: The help of a --rate option: the forms a rate takes.
RATE_HELP = (
    "Growth a year: 15% or 0.15, ref:ID for a reference rate of the dataset (see 'ftzcalc "
    "targets'), or a path by year, 2019=5%,2020=8% (later years keep the last rate)."
)


def once_per_metric(metric_id: str, given, option: str) -> None:
    """Refuse a second ``option ID=…`` for the same metric: which one was meant?"""
    if metric_id in given:
        raise click.UsageError(
            localize(
                Message(
                    "{option} gives {id} twice: give one for each metric",
                    option=option,
                    id=metric_id,
                )
            )
        )
