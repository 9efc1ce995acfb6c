"""The ``ftzcalc`` group: one-line errors, exit codes, and the library's errors turned into Click's.

Exit 2 for what was typed wrong (Click's usage errors, unknown ids), 1 for bad data and
impossible maths, 130 when interrupted. Rich and numpy are imported only by the commands and
formats that need them, so ``--help``, completion and JSON start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ftzcalc import __version__
from ftzcalc.errors import FtzcalcError, UnknownMetricError


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


@click.group(cls=FtzcalcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ftzcalc", message="%(prog)s %(version)s")
def cli() -> None:
    """Projection calculator for the Qingdao Area's 2023 advanced-manufacturing targets.

    The shipped dataset holds every figure of the 2019 article that set them, each with its
    source sentence. Start with 'ftzcalc gap'.
    """
