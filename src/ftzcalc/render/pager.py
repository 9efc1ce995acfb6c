"""Long output in a terminal goes through a pager, as git's does.

The pager is ``$FTZCALC_PAGER``, else ``$PAGER``, else ``less``; ``less`` gets ``LESS=FRX``
unless ``$LESS`` is set (quit if one screen, keep colours, leave the text on the screen). An
empty pager or ``cat`` means none. Click runs it (``click.echo_via_pager``), and pages only
when standard input and output are terminals.
"""

from __future__ import annotations

import os

import click


def pager_command() -> str:
    """The pager to run; empty for none."""
    for name in ("FTZCALC_PAGER", "PAGER"):
        if name in os.environ:
            return os.environ[name].strip()
    return "less"


def page(text: str) -> None:
    """Show ``text`` (with its colours) through the pager, or print it if there is none."""
    command = pager_command()
    if command in ("", "cat"):
        click.echo(text, nl=False, color=True)
        return
    os.environ["PAGER"] = command  # what Click reads
    os.environ.setdefault("LESS", "FRX")
    click.echo_via_pager(text, color=True)
