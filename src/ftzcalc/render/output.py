"""Writing to standard output: the one place every format goes through.

A table or CSV text is written whole, after it was made, so a command that fails writes nothing;
a text the output's encoding cannot carry (``PYTHONIOENCODING=ascii`` and Chinese) is refused
with the character named, instead of being written in part. A JSON document is written as it is
encoded, a record at a time, after everything it reports was computed: to an output that cannot
carry every character, with ``\\u`` escapes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from ftzcalc.errors import OutputError
from ftzcalc.i18n import Message, Named


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


def writes_any_character(stream: TextIO) -> bool:
    """Whether ``stream``'s encoding can write every character: a UTF or GB 18030."""
    import codecs

    try:
        name = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:  # an encoding Python does not know: let the stream say so
        return True
    return name.startswith("utf") or name == "gb18030"


def write_pieces(pieces: Iterable[str], stream: TextIO | None = None) -> None:
    """Write a text made a piece at a time (a JSON document, a record at a time) to ``stream``
    (standard output) as it is made, 64 KiB at a time, and flush it."""
    out = stream or sys.stdout
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            out.write("".join(buffer))
            buffer.clear()
            size = 0
    out.write("".join(buffer))
    out.flush()


def write(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` to ``stream`` (standard output) whole, and flush it."""
    out = stream or sys.stdout
    encodable(text, out)
    out.write(text)
    out.flush()


def write_file(path: str, data: str | bytes, force: bool) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` by way of a temporary file beside it, so a
    failed run leaves nothing half-written; without ``force`` an existing file is never
    replaced.

    The file gets the mode of any new file (0o666 less the umask), not the temporary file's 0600.
    """
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ftzcalc-", suffix=os.path.splitext(path)[1], dir=folder)
    except OSError as exc:
        raise OutputError(Message("cannot write {path}: {error}", path=path,
                                  error=exc.strerror or str(exc))) from None  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails, rather than replaces, if the file appeared meanwhile
    except FileExistsError:
        force_it = Named("--force", "force=True")
        message = Message("{file} exists: add {force} to replace it", file=path, force=force_it)
        raise OutputError(message) from None
    except OSError as exc:
        raise OutputError(Message("cannot write {path}: {error}", path=path,
                                  error=exc.strerror or str(exc))) from None  # fmt: skip
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    """The process's umask: read from /proc where Linux shows it, else set and put back at once
    (which another thread making a file at that instant could see)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
