"""The ``ftzcalc`` group: one-line errors, exit codes, and the library's errors turned into Click's.

Exit 2 for what was typed wrong (Click's usage errors, unknown ids), 1 for bad data and
impossible maths, 130 when interrupted. A command's module is imported only when it runs, and
Rich and numpy only by the commands and formats that need them, so ``--help``, completion and
JSON start fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ftzcalc import __version__, i18n
from ftzcalc.cli import helptext
from ftzcalc.errors import FtzcalcError, InputError, UnknownMetricError
from ftzcalc.i18n import _


def language_of(args: list[str]) -> str:
    """The language asked for by ``--lang`` anywhere on the command line, else by the
    environment; read before Click parses anything, so its messages are in it too."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in i18n.LANGUAGES:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in i18n.LANGUAGES:
            return arg[7:]
    return i18n.language_from(os.environ)


#: Each command, in its own module of this package, named as the command: imported only when the
#: command runs (or when help or completion lists them all), so that a command starts without the
#: others' imports.
COMMANDS = ("check", "gap", "project", "report", "scenario", "sensitivity", "simulate", "solve",
            "targets")  # fmt: skip


class Interrupted(BaseException):
    """A Ctrl-C in the ``ftzcalc`` script, raised by its SIGINT handler in place of
    KeyboardInterrupt, which Click would answer with an empty line before ours."""

    @classmethod
    def raise_(cls, signum: int, frame: object) -> None:
        raise cls()


class FtzcalcGroup(click.Group):
    """Prints every error as one line, turns library errors into Click's, gives every command
    its help in the user's language, and imports a command's module only when it is asked for."""

    context_class = helptext.Context
    command_class = helptext.Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"ftzcalc.cli.{cmd_name}")
        command: click.Command = getattr(module, cmd_name)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:  # "did you mean" among all the commands
            error = click.exceptions.NoSuchCommand(exc.command_name, None, COMMANDS, ctx)
            if not error.possibilities:  # the start of a name: "sim" for simulate
                starting = [c for c in COMMANDS if c.startswith(exc.command_name)]
                # Click reads the attribute to word its hint; its stubs call it Final
                setattr(error, "possibilities", starting or None)  # noqa: B010
            raise error from None

    def get_help(self, ctx: click.Context) -> str:
        with helptext.translated(self, ctx):
            return super().get_help(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before Click would print an empty line for it
            raise click.Abort() from None
        except (UnknownMetricError, InputError) as exc:  # typed wrong: a usage error, exit 2
            raise click.UsageError(i18n.said(exc)) from None
        except FtzcalcError as exc:
            raise click.ClickException(i18n.said(exc)) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        argv = kwargs.get("args", args[0] if args else None)
        language = language_of(list(sys.argv[1:] if argv is None else argv))
        with i18n.speaking(language, command_line=True):
            return self._main(*args, standalone_mode=standalone_mode, **kwargs)

    def _main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        # mypy cannot tell that *args leaves standalone_mode to the keyword (Click's main is
        # overloaded on it): the two calls below forward what Click was called with
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        if sys.stdout is None:  # started with standard output closed (ftzcalc gap >&-)
            _fail(_("standard output is closed: there is nowhere to write"), 1)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.format_message())  # plain `ftzcalc`: show the help, as --help does
            sys.exit(0)
        except click.UsageError as exc:
            hint = ""
            if exc.ctx:
                hint = _(" (see '{command} --help')").format(command=exc.ctx.command_path)
            _fail(exc.format_message() + hint, exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except (click.Abort, KeyboardInterrupt, Interrupted):
            _fail(_("interrupted"), 130)
        except BrokenPipeError:
            # the reader went away (``ftzcalc gap --csv | head``): stop quietly
            _drop_stdout()
            sys.exit(1)
        except OSError as exc:  # a full disk or a broken device behind standard output
            _drop_stdout()
            message = _("cannot write the output: {error}")
            _fail(message.format(error=exc.strerror or str(exc)), 1)
        sys.exit(code if isinstance(code, int) else 0)


def _drop_stdout() -> None:
    """Point standard output at the null device, so that what is still buffered for it is not
    flushed again, with a traceback, as Python exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str, code: int) -> None:
    """One line on stderr, whatever the message holds, and exit with ``code``."""
    from ftzcalc.render.layout import printable

    line = printable(message.replace("\r\n", " ").replace("\n", " "))
    click.echo(_("Error: {message}").format(message=line), err=True)
    sys.exit(code)


@click.group(cls=FtzcalcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ftzcalc", message="%(prog)s %(version)s")
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    expose_value=False,
    help="Language of tables, messages and help: en or zh (also an option of every command).",
)
def cli() -> None:
    """Projection calculator for the Qingdao Area's 2023 advanced-manufacturing targets.

    The shipped dataset holds every figure of the 2019 article that set them, each with its
    source sentence. Start with 'ftzcalc gap'.
    """
