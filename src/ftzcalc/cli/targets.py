"""``ftzcalc targets``: the metrics, baselines and targets, reference figures and scenarios."""

from __future__ import annotations

import click

from ftzcalc.cli.helptext import Command
from ftzcalc.cli.options import (
    Output,
    data_options,
    emit,
    load,
    output_options,
)


@click.command(
    cls=Command, short_help="List the metrics, baselines, targets, reference figures and scenarios."
)
@click.option("--quotes", is_flag=True, help="Show each figure's source sentence.")
@data_options
@output_options
def targets(quotes: bool, data: list[str], lang: str, out: Output) -> None:
    """List the metrics, their baselines and targets, the reference figures and the scenarios.

    \b
    Example:
      ftzcalc targets --quotes --lang zh
    """
    from ftzcalc.views import targets as view

    dataset = load(data)
    files = list(dataset.paths)
    emit(out, view, dataset, data_files=files, lang=lang, quotes=quotes)
