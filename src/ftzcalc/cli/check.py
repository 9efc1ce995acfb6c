"""``ftzcalc check``: every problem in the data files, without computing anything else."""

from __future__ import annotations

import sys

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    Output,
    data_options,
    emit,
    output_options,
)


@click.command(cls=Command, short_help="Check data files and list every problem found.")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@data_options
@output_options
def check(files: tuple[str, ...], data: list[str], lang: str, out: Output) -> None:
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
    emit(out, view, report)
    if not report.ok:
        sys.exit(1)
