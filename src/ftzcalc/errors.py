"""Exceptions of the library; the CLI turns each into one ``Error: ...`` line and an exit code."""

from __future__ import annotations

from ftzcalc.i18n import Message


class FtzcalcError(Exception):
    """Base of every error a user can cause with a file or an argument.

    ``str(error)`` is the message it was made with, a :class:`~ftzcalc.i18n.Message` kept as
    one (``Exception`` would copy it to a plain ``str``), so it can be localized.
    """

    def __str__(self) -> str:
        if len(self.args) == 1 and isinstance(self.args[0], str):
            return self.args[0]
        return super().__str__()


class GrowthError(FtzcalcError, ValueError):
    """The growth maths is undefined for these arguments (e.g. a rate of -100% or a zero start).

    ``argument`` names the offending argument, if one is to blame, so callers can restate the
    message in their own words (``pv`` is ``--start`` on the command line).
    """

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class DataError(FtzcalcError):
    """A data file cannot be read or does not follow the format; names the file and the key path."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file = file
        self.path = path
        self.message = message
        if path:
            text = Message("{file}: {path}: {message}", file=file, path=path, message=message)
        else:
            text = Message("{file}: {message}", file=file, message=message)
        super().__init__(text)


class UnreadableFile(DataError):
    """A data file that cannot be opened at all (missing, a directory, not permitted): there is
    nothing in it to check, so ``ftzcalc check`` stops at it as every other command does."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(file, "", message)
        if not file:  # "Error: : no such file" says nothing: say what is wrong
            self.args = (Message("a data file's name cannot be empty"),)


class OutputError(FtzcalcError):
    """A file the user asked for (``--svg``) cannot be written."""


class InputError(FtzcalcError, ValueError):
    """A value typed on the command line cannot be parsed (a rate, a number, ``ID=VALUE@YEAR``)."""


class UnknownMetricError(FtzcalcError, KeyError):
    """A metric id that the dataset does not have; carries the closest ids for a hint."""

    def __init__(self, metric_id: str, suggestions: list[str]) -> None:
        self.metric_id = metric_id
        self.suggestions = suggestions
        if suggestions:
            choices: str = repr(suggestions[0])
            for s in suggestions[1:]:  # 'a' or 'b' or 'c'
                choices = Message("{choices} or {choice!r}", choices=choices, choice=s)
            text = Message(
                "unknown metric {id!r} (did you mean {choices}?)", id=metric_id, choices=choices
            )
        else:
            text = Message("unknown metric {id!r}", id=metric_id)
        super().__init__(text)

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return self.args[0]
