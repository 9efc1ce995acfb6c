"""The ``ftzcalc`` command: a thin Click layer over the library.

Library errors become one ``Error: ...`` line: exit 2 for what was typed wrong (Click's usage
errors, unknown ids), exit 1 for bad data and impossible maths. Rich and numpy are imported only
by the commands and formats that need them, so ``--help``, completion and JSON start fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from ftzcalc import __version__
from ftzcalc.errors import FtzcalcError, InputError, UnknownMetricError

FORMATS = ("table", "json", "csv")


class FtzcalcGroup(click.Group):
    """Prints every error as one line and turns library errors into Click's."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnknownMetricError as exc:
            raise click.UsageError(str(exc)) from None
        except FtzcalcError as exc:
            raise click.ClickException(str(exc)) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.format_message())  # plain `ftzcalc`: show the help, as --help does
            sys.exit(0)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            _fail(exc.format_message() + hint, exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            _fail("interrupted", 130)
        except BrokenPipeError:
            # the reader went away (``ftzcalc gap --csv | head``): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> None:
    click.echo("Error: " + " ".join(message.split()), err=True)
    sys.exit(code)


# --------------------------------------------------------------------------------------------
# Shared options and parameter types


class ParsedType(click.ParamType):
    """A Click type around one parser of :mod:`ftzcalc.parsing`; its errors become usage errors."""

    def __init__(self, name: str, parser: str) -> None:
        self.name = name
        self.parser = parser

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ftzcalc import parsing

        if not isinstance(value, str):  # a default, or a value converted already
            return value
        try:
            return getattr(parsing, self.parser)(value)
        except InputError as exc:
            self.fail(str(exc), param, ctx)


RATE = ParsedType("RATE", "parse_rate")
NUMBER = ParsedType("NUMBER", "parse_number")


class AssignmentType(ParsedType):
    """``ID=VALUE[@YEAR]``, with metric ids offered by shell completion."""

    def __init__(self) -> None:
        super().__init__("ID=VALUE[@YEAR]", "parse_assignment")

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        return [
            click.shell_completion.CompletionItem(i + "=") for i in _metric_ids(ctx, incomplete)
        ]


def _metric_ids(ctx: click.Context, incomplete: str) -> list[str]:
    """Metric ids for shell completion; nothing (rather than an error) if the data is bad."""
    from ftzcalc.dataset import load

    try:
        dataset = load(
            data_paths(ctx.params.get("data_files") or (), ctx.params.get("no_default_data", False))
        )
    except (FtzcalcError, click.UsageError):
        return []
    return [m.id for m in dataset.metrics if m.id.startswith(incomplete)]


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return _metric_ids(ctx, incomplete)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json|csv`` and ``--json``, for every command."""

    @click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default=None,
        help="Output format: a table for people (default), JSON or CSV for scripts.",
    )  # fmt: skip
    @click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str | None, as_json: bool, **kwargs: Any) -> Any:
        if as_json and fmt not in (None, "json"):
            raise click.UsageError(f"--json and --format {fmt} contradict each other")
        return fn(*args, fmt="json" if as_json else (fmt or "table"), **kwargs)

    return wrapper


def data_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--data PATH`` (repeatable), ``--no-default-data`` and ``--lang``, for commands that
    read the dataset; they reach the command as one argument, ``data``: the files to read."""

    @click.option(
        "--data", "data_files", metavar="PATH", multiple=True,
        help="A data file laid over the shipped dataset: it adds metrics and replaces fields of "
        "those with the same id (repeatable; later files win). Default: $FTZCALC_DATA, "
        f"paths separated by '{os.pathsep}'.",
    )  # fmt: skip
    @click.option(
        "--no-default-data", is_flag=True,
        help="Leave out the shipped dataset: read only the --data files.",
    )  # fmt: skip
    @click.option(
        "--lang", type=click.Choice(["en", "zh"]), default="en", envvar="FTZCALC_LANG",
        show_default=True, help="Language of metric names in tables.",
    )  # fmt: skip
    @functools.wraps(fn)
    def wrapper(
        *args: Any, data_files: tuple[str, ...], no_default_data: bool, **kwargs: Any
    ) -> Any:
        return fn(*args, data=data_paths(data_files, no_default_data), **kwargs)

    return wrapper


def data_paths(data_files: tuple[str, ...], no_default_data: bool) -> list[str]:
    """The layers to read: the shipped dataset, then --data files (or $FTZCALC_DATA)."""
    from ftzcalc.dataset import shipped_data_path

    files = list(data_files)
    if not files:
        files = [p for p in os.environ.get("FTZCALC_DATA", "").split(os.pathsep) if p.strip()]
    if no_default_data:
        if not files:
            raise click.UsageError("--no-default-data needs at least one --data PATH")
        return files
    return [shipped_data_path(), *files]


def _load(data: list[str]):  # -> Dataset
    from ftzcalc.dataset import load

    return load(data)


def _emit(
    fmt: str, json_doc: Callable[[], dict], csv_doc: Callable[[], tuple], table: Callable[[], Any]
) -> None:
    if fmt == "json":
        from ftzcalc.render import jsondoc

        click.echo(jsondoc.dumps(json_doc()), nl=False)
    elif fmt == "csv":
        from ftzcalc.render import csvdoc

        click.echo(csvdoc.dumps(*csv_doc()), nl=False)
    else:
        from ftzcalc.render.table import print_report

        print_report(table())


# --------------------------------------------------------------------------------------------
# Commands


@click.group(cls=FtzcalcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ftzcalc", message="%(prog)s %(version)s")
def cli() -> None:
    """Projection calculator for the Qingdao Area's 2023 advanced-manufacturing targets.

    The shipped dataset holds every figure of the 2019 article that set them, each with its
    source sentence. Start with 'ftzcalc gap'.
    """


@cli.command(short_help="List the metrics, baselines, targets and reference figures.")
@click.option("--quotes", is_flag=True, help="Show each figure's source sentence.")
@data_options
@output_options
def targets(quotes: bool, data: list[str], lang: str, fmt: str) -> None:
    """List the metrics, their baselines and targets, and the reference figures.

    \b
    Example:
      ftzcalc targets --quotes --lang zh
    """
    from ftzcalc.views import targets as view

    dataset = _load(data)
    files = list(dataset.paths)
    _emit(fmt, lambda: view.to_json(dataset, files), lambda: view.to_csv(dataset),
          lambda: view.to_table(dataset, lang, quotes))  # fmt: skip


@cli.command(short_help="Gap to each target and the annual growth it requires.")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=_complete_ids)
@click.option(
    "--baseline", "baselines", type=AssignmentType(), multiple=True,
    help="Supply or replace a baseline, e.g. ic-chips=10@2018 (repeatable). "
    "The year defaults to the metric's or its parent's baseline year.",
)  # fmt: skip
@click.option(
    "--actual", "actuals", type=AssignmentType(), multiple=True,
    help="Add an actual figure, e.g. zone-output=820@2021 (repeatable; replaces a figure "
    "for the same year from the data files).",
)  # fmt: skip
@click.option(
    "--as-of", type=click.IntRange(1900, 2200), metavar="YEAR",
    help="Assess progress as of YEAR: later actuals are ignored, years left count from it.",
)  # fmt: skip
@data_options
@output_options
def gap(
    ids: tuple[str, ...], baselines: tuple, actuals: tuple, as_of: int | None,
    data: list[str], lang: str, fmt: str,
) -> None:  # fmt: skip
    """How far each target is, and the compound annual growth it requires.

    For every metric (or the IDs given): baseline, target, absolute gap, multiple, years and
    the required rate a year; then whether children's targets add up to their parent's. Given
    actual figures (an overlay file or --actual), a second table tells how far each target has
    come and whether it is on track, by the SDG progress method.

    \b
    Examples:
      ftzcalc gap
      ftzcalc gap zone-output --json
      ftzcalc gap --baseline intelligent-manufacturing=300@2018 intelligent-manufacturing
      ftzcalc gap --data my-figures.toml --as-of 2021
    """
    from ftzcalc.dataset import add_actual, replace_baseline
    from ftzcalc.gap import compute_gap
    from ftzcalc.views import gap as view

    dataset = _load(data)
    for metric_id, value, year in baselines:
        dataset = replace_baseline(dataset, metric_id, value, year)
    for metric_id, value, year in actuals:
        if year is None:
            raise click.BadParameter(f"{metric_id}={value:g} needs a year: ID=VALUE@YEAR",
                                     param_hint="'--actual'")  # fmt: skip
        dataset = add_actual(dataset, metric_id, value, year)
    report = compute_gap(dataset, list(ids), as_of)
    files = list(dataset.paths)
    _emit(fmt, lambda: view.to_json(report, files), lambda: view.to_csv(report),
          lambda: view.to_table(report, lang))  # fmt: skip


@cli.command(short_help="Solve end = start × (1 + rate) ^ years for the one left out.")
@click.option("--start", type=NUMBER, help="Value at the start, e.g. 500.")
@click.option("--end", type=NUMBER, help="Value at the end, e.g. 1500.")
@click.option("--rate", type=RATE, help="Growth a year: 15% or 0.15.")
@click.option("--years", type=NUMBER, help="Years between start and end, e.g. 5.")
@output_options
def solve(
    start: float | None, end: float | None, rate: float | None, years: float | None, fmt: str
) -> None:
    """Give three of start, end, rate and years; get the fourth.

    Solves end = start × (1 + rate) ^ years, as Excel's RRI, FV, PV and NPER do for one sum.

    \b
    Examples:
      ftzcalc solve --start 500 --end 1500 --years 5     # rate: 24.573094%
      ftzcalc solve --start 500 --end 1500 --rate 25%    # years: 4.923343
    """
    from ftzcalc.solve import solve as solve_for
    from ftzcalc.views import solve as view

    try:
        solution = solve_for(start=start, end=end, rate=rate, years=years)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    _emit(fmt, lambda: view.to_json(solution), lambda: view.to_csv(solution),
          lambda: view.to_table(solution))  # fmt: skip


@cli.command(short_help="Check data files and list every problem found.")
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(dir_okay=True))
@data_options
@output_options
def check(files: tuple[str, ...], data: list[str], lang: str, fmt: str) -> None:
    """Check data files without computing anything else, and list every problem.

    FILEs are read as overlays after the shipped dataset (and any --data files), as 'gap' reads
    them. Besides the format, types, ids and years, it checks that actuals fall between the
    baseline year and this year, that children's targets add up to their parent's, that
    children's actuals do not exceed their parent's, and that no two files give different
    figures for the same actual. Exit 0 when clean, 1 otherwise.

    \b
    Examples:
      ftzcalc check
      ftzcalc check my-figures.toml --format json
    """
    import datetime

    from ftzcalc.check import check as check_files
    from ftzcalc.views import check as view

    report = check_files([*data, *files], datetime.date.today().year)
    _emit(fmt, lambda: view.to_json(report), lambda: view.to_csv(report),
          lambda: view.to_table(report))  # fmt: skip
    if not report.ok:
        sys.exit(1)


def main(*args: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("prog_name", "ftzcalc")
    return cli.main(*args, **kwargs)
