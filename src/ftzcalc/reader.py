"""Read TOML data files with errors that name the file and the key path of every problem.

:func:`read_text` and :func:`parse_toml` refuse, before anything else, what no data file needs
and what would exhaust the reader: files above :data:`MAX_FILE_BYTES`, arrays and inline tables
nested deeper than :data:`MAX_NESTING`, integers outside TOML's 64 bits.

:class:`TableReader` walks one TOML table, checks each value's type and range as it is read,
and refuses keys it was never asked for, so that a typo cannot silently drop a figure. Numbers
obey the limits of :mod:`ftzcalc.parsing` (:data:`MAX_VALUE`, :data:`MIN_MAGNITUDE`), the same
as numbers typed on the command line.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from typing import Any, Literal, NoReturn, TypeVar, overload

import tomli

from ftzcalc.errors import DataError, UnreadableFile
from ftzcalc.i18n import Message
from ftzcalc.model import Names
from ftzcalc.parsing import MAX_VALUE, MAX_YEAR, MIN_MAGNITUDE, MIN_YEAR, too_large, too_small
from ftzcalc.suggest import closest

#: The largest data file read: 4 MiB, 350 times the shipped one (the parser takes a second over
#: 4 MiB of small values). No more than this and one byte is ever read, so that ``--data /dev/zero``
#: is refused at once.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: How deep arrays and inline tables may nest (a data file needs 3): the parser reads them by
#: recursion, and a file nested a thousand deep would exhaust the stack.
MAX_NESTING = 32
#: TOML integers are 64-bit: "if an integer cannot be represented losslessly, an error must be
#: thrown" (the specification); the parser (tomli) reads any size, which no figure needs.
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: Control characters that text may not hold (line breaks and tabs may, in multi-line text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK_OR_TAB = re.compile(r"[\n\r\t\x00]")

E = TypeVar("E", bound=enum.Enum)


def read_toml(file: str) -> dict[str, Any]:
    """The top-level table of a TOML file; any failure is a :class:`DataError` naming the file."""
    return parse_toml(read_text(file), file)


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """The top-level table of TOML text; ``file`` names it in errors.

    Refuses nesting deeper than :data:`MAX_NESTING` before parsing, and integers outside 64 bits
    after.
    """
    if not text.strip():
        raise DataError(
            file, "", Message("the file is empty: a data file has schema = 1 and [[metrics]]")
        )
    _check_nesting(text, file)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise DataError(file, "", Message("not valid TOML: {error}", error=str(exc))) from None
    except ValueError:  # an integer of more digits than Python converts (4300)
        raise DataError(file, "", _integer_range()) from None
    except RecursionError as exc:  # the parser's own limits (a key of over 1,000 parts)
        raise DataError(file, "", Message("not valid TOML: {error}", error=str(exc))) from None
    if _LONG_DIGIT_RUN.search(text):  # else no integer in the file can be outside 64 bits
        _check_integers(document, file)
    return document


#: 16 or more digits (and underscores) in a row: an integer of 15 digits in any base that TOML
#: writes (binary, octal, decimal, hexadecimal) fits in 64 bits, so a file without such a run
#: needs no walk through its values.
_LONG_DIGIT_RUN = re.compile(r"[0-9A-Fa-f_]{16,}")


#: Strings and comments: brackets in them do not nest. Unterminated ones run to the end of the
#: line or of the file (the parser then says what is wrong).
_QUOTED = (
    r'"""[^"\\]*(?:(?:\\.?|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''.*?(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
)
_NOT_BRACKETS = re.compile(_QUOTED + r"""|[^\[\]{}"'#]+""", re.S)
_BRACKETS = re.compile(_QUOTED + r"|[\[\]{}]", re.S)
_SQUARE = str.maketrans("{}", "[]")


def _check_nesting(text: str, file: str) -> None:
    """Refuse arrays and inline tables nested deeper than :data:`MAX_NESTING`, before the parser
    recurses into them (table headers count as deep as their brackets: harmless).

    The brackets alone, matched pairs taken out innermost first: a pair left after
    :data:`MAX_NESTING` rounds, or more unmatched openings than that, is too deep. Each round is
    one ``str.replace``, so a file of 16 MiB of brackets takes a fraction of a second.
    """
    brackets = _NOT_BRACKETS.sub("", text).translate(_SQUARE)
    for _ in range(MAX_NESTING):
        if "[]" not in brackets:
            break
        brackets = brackets.replace("[]", "")
    if "[]" in brackets or brackets.count("[") > MAX_NESTING:
        raise DataError(file, "", _too_deep(_too_deep_line(text)))


def _too_deep_line(text: str) -> int | None:
    """The line where nesting first goes deeper than :data:`MAX_NESTING`."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        bracket = match.group()
        if bracket == "[" or bracket == "{":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, match.start()) + 1
        elif bracket == "]" or bracket == "}":
            depth = max(depth - 1, 0)
    return None


def _too_deep(line: int | None) -> Message:
    if line is None:
        return Message("arrays and tables nested more than {limit} levels deep", limit=MAX_NESTING)
    return Message(
        "arrays and tables nested more than {limit} levels deep (at line {line})",
        limit=MAX_NESTING,
        line=line,
    )


def _integer_range() -> Message:
    return Message(
        "not valid TOML: an integer must fit in 64 bits, from {low} to {high}",
        low=MIN_INTEGER,
        high=MAX_INTEGER,
    )


def _check_integers(document: dict[str, Any], file: str) -> None:
    """Refuse integers outside 64 bits, wherever they are. Walks without recursion (dotted keys
    nest tables as deep as they like), each table and array in one pass of C loops."""
    pending: list[Any] = [document]
    while pending:
        node = pending.pop()
        values = list(node.values()) if type(node) is dict else node
        kinds = set(map(type, values))
        if int in kinds:
            ints = values if len(kinds) == 1 else [v for v in values if type(v) is int]
            if min(ints) < MIN_INTEGER or max(ints) > MAX_INTEGER:
                raise DataError(file, _path_of_integer(document), _integer_range())
        if dict in kinds or list in kinds:
            pending += [v for v in values if type(v) is dict or type(v) is list]


def _path_of_integer(document: dict[str, Any]) -> str:
    """The key path of the first integer outside 64 bits, in the order the file gives them."""
    pending: list[tuple[str, Any]] = [("", document)]
    while pending:
        path, node = pending.pop()
        items = node.items() if type(node) is dict else enumerate(node)
        nested: list[tuple[str, Any]] = []
        for key, value in items:
            where = (
                f"{path}[{key}]" if type(node) is list else f"{path}.{key}" if path else str(key)
            )
            if type(value) is int and not MIN_INTEGER <= value <= MAX_INTEGER:
                return where
            if type(value) is dict or type(value) is list:
                nested.append((where, value))
        pending += reversed(nested)
    return ""


def read_text(file: str) -> str:
    """The text of a data file of at most :data:`MAX_FILE_BYTES`, UTF-8 (a BOM is allowed)."""
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableFile(file, Message("no such file")) from None
    except IsADirectoryError:
        raise UnreadableFile(file, Message("is a directory, not a data file")) from None
    except PermissionError:
        raise UnreadableFile(file, Message("cannot be read: permission denied")) from None
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise UnreadableFile(file, Message("cannot be read: {reason}", reason=reason)) from None
    if len(data) > MAX_FILE_BYTES:
        message = Message(
            "larger than {limit} MiB: a data file must be smaller",
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
        raise DataError(file, "", message)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        message = Message(
            "not UTF-8 text (byte 0x{byte} at offset {offset}); save it as UTF-8",
            byte=bad,
            offset=exc.start,
        )
        raise DataError(file, "", message) from None


def type_name(value: object) -> Message:
    """What a TOML value is, for "expected ..., got ..." (a :class:`Message`)."""
    if isinstance(value, bool):
        return Message("a boolean")
    if isinstance(value, int):
        return Message("the integer {value}", value=value)
    if isinstance(value, float):
        return Message("the number {value:g}", value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return Message("the string {value!r}", value=shown)
    if isinstance(value, list):
        return Message("an array")
    if isinstance(value, dict):
        return Message("a table")
    return Message("a date or time")  # the only other TOML type


def unknown_value(value: str, options: list[str]) -> Message:
    """A value that is none of ``options`` (and close to none of them)."""
    return Message(
        "unknown value {value!r} (expected one of: {options})",
        value=value,
        options=", ".join(options),
    )


@functools.cache
def _members(enum_type: type[E]) -> dict[str, E]:
    """An enumeration's members by their values, in their order."""
    return {member.value: member for member in enum_type}


@functools.lru_cache(maxsize=1024)
def _shared_names(en: str, zh: str) -> Names:
    return Names(en=en, zh=zh)


class TableReader:
    """A TOML table being read: remembers its key path and which keys were used."""

    def __init__(self, file: str, path: str, raw: object) -> None:
        self.file = file
        self.path = path
        if not isinstance(raw, dict):
            self.error(None, Message("expected a table, got {got}", got=type_name(raw)))
        self.raw: dict[str, Any] = raw
        self.used: set[str] = set()

    def where(self, key: str | None) -> str:
        if key is None:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str) -> NoReturn:
        raise DataError(self.file, self.where(key), message)

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        value = self.raw.get(key)  # TOML has no null: None is a missing key
        if value is None and required:
            typo = closest(key, [k for k in self.raw if k not in self.used], n=1)
            if typo:
                self.error(
                    key,
                    Message("required but missing (is {key!r} a typo for it?)", key=typo[0]),
                )
            self.error(key, Message("required but missing"))
        return value

    @overload
    def string(self, key: str, required: Literal[True], one_line: bool = ...) -> str: ...
    @overload
    def string(self, key: str, required: bool = ..., one_line: bool = ...) -> str | None: ...
    def string(self, key: str, required: bool = False, one_line: bool = False) -> str | None:
        value = self.get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(key, Message("expected a string, got {got}", got=type_name(value)))
        if not value.strip():
            self.error(key, Message("must not be empty"))
        if one_line and _LINE_BREAK_OR_TAB.search(value):
            self.error(key, Message("must be one line of text"))
        if _CONTROL.search(value):
            self.error(key, Message("contains control characters"))
        return value

    @overload
    def number(self, key: str, required: Literal[True] = ..., minimum: float = ...) -> float: ...
    @overload
    def number(self, key: str, required: bool, minimum: float = ...) -> float | None: ...
    def number(self, key: str, required: bool = True, minimum: float = 0.0) -> float | None:
        value = self.get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, Message("expected a number, got {got}", got=type_name(value)))
        try:
            number = float(value)
        except OverflowError:  # an integer beyond floats: not from TOML (64 bits), from a caller
            number = math.copysign(math.inf, value)
        if isinstance(value, float) and not math.isfinite(value):
            self.error(key, Message("must be a finite number, got {value}", value=value))
        if number < minimum:
            self.error(
                key,
                Message(
                    "must be {minimum:g} or more, got {value:g}", minimum=minimum, value=number
                ),
            )
        # the limits of numbers typed on the command line too (parsing.parse_number)
        if too_large(number):
            self.error(
                key,
                Message(
                    "must be at most {maximum:g}, got {value:g}", maximum=MAX_VALUE, value=number
                ),
            )
        if too_small(number):
            self.error(
                key,
                Message(
                    "must be 0 or at least {minimum:g} in size, got {value:g}",
                    minimum=MIN_MAGNITUDE,
                    value=number,
                ),
            )
        return number

    @overload
    def year(self, key: str, required: Literal[True] = ...) -> int: ...
    @overload
    def year(self, key: str, required: bool) -> int | None: ...
    def year(self, key: str, required: bool = True) -> int | None:
        value = self.get(key, required)
        if value is None:
            return None
        return self.year_value(key, value)

    def year_value(self, key: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                key, Message("expected a year as an integer, got {got}", got=type_name(value))
            )
        if not MIN_YEAR <= value <= MAX_YEAR:
            self.error(
                key,
                Message(
                    "year {year} is outside {first}-{last}",
                    year=value,
                    first=MIN_YEAR,
                    last=MAX_YEAR,
                ),
            )
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, Message("expected true or false, got {got}", got=type_name(value)))
        return value

    @overload
    def choice(self, key: str, enum_type: type[E], required: Literal[True] = ...) -> E: ...
    @overload
    def choice(self, key: str, enum_type: type[E], required: bool) -> E | None: ...
    def choice(self, key: str, enum_type: type[E], required: bool = True) -> E | None:
        value = self.get(key, required)
        if value is None:
            return None
        members = _members(enum_type)
        if type(value) is str and value in members:
            return members[value]
        options = list(members)
        if not isinstance(value, str):
            self.error(key, Message("expected a string, got {got}", got=type_name(value)))
        if value not in options:
            hint = closest(value, options, n=1)
            if hint:
                self.error(
                    key,
                    Message(
                        "unknown value {value!r} (did you mean {hint!r}? "
                        "expected one of: {options})",
                        value=value,
                        hint=hint[0],
                        options=", ".join(options),
                    ),
                )
            self.error(key, unknown_value(value, options))
        return enum_type(value)

    def identifier(self, key: str) -> str:
        value = self.string(key, required=True, one_line=True)
        if not ID_PATTERN.match(value):
            self.error(
                key,
                Message(
                    "{value!r} is not a valid id: use lower-case letters, digits and '-' "
                    "(at most 64, starting with a letter or digit)",
                    value=value,
                ),
            )
        return value

    def names(self, key: str, shared: bool = False) -> Names:
        """A name in English and Chinese; ``shared`` for one that many tables repeat (a unit):
        they all get the same object, as memory goes (216 bytes a metric: 21 MB in 100,000)."""
        sub = self.table(key, required=True)
        en = sub.string("en", required=True, one_line=True)
        zh = sub.string("zh", required=True, one_line=True)
        sub.finish()
        return _shared_names(en, zh) if shared else Names(en=en, zh=zh)

    @overload
    def table(self, key: str, required: Literal[True]) -> TableReader: ...
    @overload
    def table(self, key: str, required: bool = ...) -> TableReader | None: ...
    def table(self, key: str, required: bool = False) -> TableReader | None:
        value = self.get(key, required)
        if value is None:
            return None
        return TableReader(self.file, self.where(key), value)

    def tables(self, key: str, required: bool = False) -> list[TableReader]:
        value = self.get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(
                key,
                Message(
                    "expected an array of tables ([[{key}]]), got {got}",
                    key=key,
                    got=type_name(value),
                ),
            )
        return [
            TableReader(self.file, f"{self.where(key)}[{i}]", item) for i, item in enumerate(value)
        ]

    def finish(self) -> None:
        """Refuse keys the format does not know, so a typo cannot silently drop a figure: every
        one of them, in one :class:`Problems` (which says the first)."""
        problems = []
        for key in self.raw:
            if key not in self.used:
                hint = closest(key, sorted(self.used), n=1)
                if hint:
                    message = Message("unknown key (did you mean {key!r}?)", key=hint[0])
                else:
                    message = Message("unknown key")
                problems.append(DataError(self.file, self.where(key), message))
        if problems:
            raise Problems(problems)


class Problems(DataError):
    """Several problems found at once, such as every unknown key of a table. It says the first,
    as one :class:`DataError` would; ``ftzcalc check`` lists them all (``problems``)."""

    def __init__(self, problems: list[DataError]) -> None:
        first = problems[0]
        super().__init__(first.file, first.path, first.message)
        self.problems = problems
