"""Writing to standard output: the one place every format goes through.

A text is written whole, after it was made, so a command that fails writes nothing; a text the
output's encoding cannot carry (``PYTHONIOENCODING=ascii`` and Chinese) is refused with the
character named, instead of being written in part.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ftzcalc.errors import OutputError
from ftzcalc.i18n import Message


def encodable(text: str, stream: TextIO) -> None:
    """Raise :class:`OutputError` if ``stream`` cannot encode ``text``."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise OutputError(
            Message(
                "the output's encoding ({encoding}) cannot write {char!r}: set "
                "PYTHONIOENCODING=utf-8 (or a UTF-8 locale)",
                encoding=encoding,
                char=exc.object[exc.start],
            )
        ) from None
    except LookupError:  # an encoding Python does not know: let the stream say so
        pass


def write(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` to ``stream`` (standard output) whole, and flush it."""
    out = stream or sys.stdout
    encodable(text, out)
    out.write(text)
    out.flush()
