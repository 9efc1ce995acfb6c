"""``ftzcalc solve``: end = start × (1 + rate) ^ years, for the one left out."""

from __future__ import annotations

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    NUMBER,
    RATE,
    Output,
    emit,
    output_options,
)
from ftzcalc.errors import InputError
from ftzcalc.i18n import said


@click.command(
    cls=Command, short_help="Solve end = start × (1 + rate) ^ years for the one left out."
)
@click.option("--start", type=NUMBER, help="Value at the start, e.g. 500.")
@click.option("--end", type=NUMBER, help="Value at the end, e.g. 1500.")
@click.option("--rate", type=RATE, help="Growth a year: 15% or 0.15.")
@click.option("--years", type=NUMBER, help="Years between start and end, e.g. 5.")
@output_options
def solve(
    start: float | None, end: float | None, rate: float | None, years: float | None, out: Output
) -> None:
    """Give three of start, end, rate and years; get the fourth.

    Solves end = start × (1 + rate) ^ years, as Excel's RRI, FV, PV and NPER do for one sum.

    \b
    Examples:
      ftzcalc solve --start 500 --end 1500 --years 5     # rate: 24.573094%
      ftzcalc solve --start 500 --end 1500 --rate 25%    # years: 4.923343
    """
    from ftzcalc.solver import solve as solve_for
    from ftzcalc.views import solve as view

    try:
        solution = solve_for(start=start, end=end, rate=rate, years=years)
    except InputError as exc:
        raise click.UsageError(said(exc)) from None
    emit(out, view, solution)
