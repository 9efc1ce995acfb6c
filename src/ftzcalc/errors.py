"""Exceptions of the library; the CLI turns each into one ``Error: ...`` line and an exit code."""


class FtzcalcError(Exception):
    """Base of every error a user can cause with a file or an argument."""


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
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {message}")


class OutputError(FtzcalcError):
    """A file the user asked for (``--svg``) cannot be written."""


class InputError(FtzcalcError, ValueError):
    """A value typed on the command line cannot be parsed (a rate, a number, ``ID=VALUE@YEAR``)."""


class UnknownMetricError(FtzcalcError, KeyError):
    """A metric id that the dataset does not have; carries the closest ids for a hint."""

    def __init__(self, metric_id: str, suggestions: list[str]) -> None:
        self.metric_id = metric_id
        self.suggestions = suggestions
        hint = (
            f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
        )
        super().__init__(f"unknown metric {metric_id!r}{hint}")

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return self.args[0]
