"""Read TOML data files with errors that name the file and the key path of every problem.

:class:`TableReader` walks one TOML table, checks each value's type and range as it is read,
and refuses keys it was never asked for, so that a typo cannot silently drop a figure.
"""

from __future__ import annotations

import math
import re
import tomllib
from typing import Any, TypeVar

from ftzcalc.errors import DataError
from ftzcalc.i18n import Message
from ftzcalc.model import Names
from ftzcalc.suggest import closest

MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_VALUE = 1e15  # beyond this, float digits no longer hold a figure to the unit
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

E = TypeVar("E", bound="Any")


def read_toml(file: str) -> dict[str, Any]:
    """The top-level table of a TOML file; any failure is a :class:`DataError` naming the file."""
    return parse_toml(read_text(file), file)


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """The top-level table of TOML text; ``file`` names it in errors."""
    if not text.strip():
        raise DataError(
            file, "", Message("the file is empty: a data file has schema = 1 and [[metrics]]")
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(file, "", Message("not valid TOML: {error}", error=str(exc))) from None


def read_text(file: str) -> str:
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise DataError(file, "", Message("no such file")) from None
    except IsADirectoryError:
        raise DataError(file, "", Message("is a directory, not a data file")) from None
    except PermissionError:
        raise DataError(file, "", Message("cannot be read: permission denied")) from None
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise DataError(file, "", Message("cannot be read: {reason}", reason=reason)) from None
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


class TableReader:
    """A TOML table being read: remembers its key path and which keys were used."""

    def __init__(self, file: str, path: str, raw: object) -> None:
        self.file = file
        self.path = path
        if not isinstance(raw, dict):
            self.error(None, Message("expected a table, got {got}", got=type_name(raw)))
        self.raw: dict[str, Any] = raw  # type: ignore[assignment]
        self.used: set[str] = set()

    def where(self, key: str | None) -> str:
        if key is None:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str | None, message: str) -> DataError:
        raise DataError(self.file, self.where(key), message)

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.raw:
            if required:
                typo = closest(key, [k for k in self.raw if k not in self.used], n=1)
                if typo:
                    self.error(
                        key,
                        Message("required but missing (is {key!r} a typo for it?)", key=typo[0]),
                    )
                self.error(key, Message("required but missing"))
            return None
        return self.raw[key]

    def string(self, key: str, required: bool = False, one_line: bool = False) -> str | None:
        value = self.get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(key, Message("expected a string, got {got}", got=type_name(value)))
        if not value.strip():
            self.error(key, Message("must not be empty"))
        if one_line and any(ch in value for ch in "\n\r\t\x00"):
            self.error(key, Message("must be one line of text"))
        if any((ord(ch) < 32 and ch not in "\n\r\t") or ord(ch) == 127 for ch in value):
            self.error(key, Message("contains control characters"))
        return value

    def number(self, key: str, required: bool = True, minimum: float = 0.0) -> float | None:
        value = self.get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, Message("expected a number, got {got}", got=type_name(value)))
        if isinstance(value, float) and not math.isfinite(value):
            self.error(key, Message("must be a finite number, got {value}", value=value))
        if value < minimum:
            self.error(
                key,
                Message("must be {minimum:g} or more, got {value:g}", minimum=minimum, value=value),
            )
        if abs(value) > MAX_VALUE:
            self.error(
                key,
                Message(
                    "must be at most {maximum:g}, got {value:g}", maximum=MAX_VALUE, value=value
                ),
            )
        return float(value)

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
        return value  # type: ignore[return-value]

    def boolean(self, key: str) -> bool:
        value = self.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, Message("expected true or false, got {got}", got=type_name(value)))
        return value

    def choice(self, key: str, enum_type: type[E], required: bool = True) -> E | None:
        value = self.get(key, required)
        if value is None:
            return None
        options = [member.value for member in enum_type]
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
        assert value is not None
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

    def names(self, key: str) -> Names:
        sub = self.table(key, required=True)
        assert sub is not None
        en = sub.string("en", required=True, one_line=True)
        zh = sub.string("zh", required=True, one_line=True)
        sub.finish()
        return Names(en=en, zh=zh)  # type: ignore[arg-type]

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
        """Refuse keys the format does not know, so a typo cannot silently drop a figure."""
        for key in self.raw:
            if key not in self.used:
                hint = closest(key, sorted(self.used), n=1)
                if hint:
                    self.error(key, Message("unknown key (did you mean {key!r}?)", key=hint[0]))
                self.error(key, Message("unknown key"))
