"""``--help`` in the user's language.

Commands keep their English help (docstrings and ``help=``) as the message ids of the catalogue
(``scripts/update_catalogs.py`` collects them from the commands themselves); while a help page
is drawn, each text is swapped for its translation. Click wraps help with ``textwrap``, which
counts characters, not terminal cells, breaks Chinese only at spaces and English at hyphens
(``ic-`` / ``chips``); help is wrapped here instead, by :func:`ftzcalc.render.wrap.wrap` with a
measure that needs no Rich.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

import click

from ftzcalc import i18n

_HELP_ATTRIBUTES = ("help", "short_help", "epilog")


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of ``command``, its parameters and its subcommands: what the catalogue
    must translate."""
    for attribute in _HELP_ATTRIBUTES:
        text = getattr(command, attribute, None)
        if text:
            yield text
    for param in command.params:
        text = getattr(param, "help", None)  # arguments have none
        if text:
            yield text
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from help_texts(sub)


@contextlib.contextmanager
def translated(command: click.Command, ctx: click.Context | None = None) -> Iterator[None]:
    """Inside the block, ``command``'s help texts (and its parameters', the help option's
    too when ``ctx`` is given) are translated."""
    if i18n.language() == "en":
        yield
        return
    params = command.get_params(ctx) if ctx is not None else command.params
    saved = [
        (owner, attribute, getattr(owner, attribute))
        for owner in (command, *params)
        for attribute in _HELP_ATTRIBUTES
        if getattr(owner, attribute, None)
    ]
    for owner, attribute, text in saved:
        setattr(owner, attribute, i18n._(text))
    try:
        yield
    finally:
        for owner, attribute, text in saved:
            setattr(owner, attribute, text)


def _cells(text: str) -> int:
    """Terminal cells of help text (ftzcalc's own words), measured without Rich, so that
    --help stays quick; imported only when help is drawn."""
    from ftzcalc.render.wrap import east_asian_cells

    return east_asian_cells(text)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of ``text`` at ``width`` cells: paragraphs (blank-line separated) rewrapped,
    those that start with Click's ``\\b`` kept as they are."""
    from ftzcalc.render.wrap import wrap

    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            lines.append("")
        if paragraph.startswith("\b"):
            lines += paragraph.splitlines()[1:]
        else:
            lines += wrap(" ".join(paragraph.split()), width, _cells)
    return lines


class HelpFormatter(click.HelpFormatter):
    """Click's formatter, with text wrapped by terminal cells, between words or Chinese
    characters, never inside an id or option (``ic-chips``, ``--baseline``) as ``textwrap``
    does at hyphens."""

    def write_heading(self, heading: str) -> None:
        if _cells(heading) == len(heading):
            return super().write_heading(heading)
        self.write(f"{'':>{self.current_indent}}{heading}：\n")  # a Chinese colon

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in _wrap(text, max(self.width - self.current_indent, 11)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max(_cells(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrap(second, max(self.width - first_col - 2, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose help is drawn in the user's language."""

    context_class = Context

    def get_help(self, ctx: click.Context) -> str:
        with translated(self, ctx):
            return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with translated(self):
            return super().get_short_help_str(limit)

    def get_usage(self, ctx: click.Context) -> str:
        with translated(self, ctx):
            return super().get_usage(ctx)
