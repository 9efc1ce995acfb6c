"""CSV output: one header row, plain values, cells neutralised against formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ftzcalc.parsing import NUMBER

_FORMULA_START = ("=", "+", "-", "@")


def neutralise(cell: object) -> str:
    """Text for one cell; a text starting with = + - @ (and not a number) gets a leading '.

    >>> neutralise("=1+1"), neutralise("-5"), neutralise("@SUM(A1)"), neutralise(None)
    ("'=1+1", '-5', "'@SUM(A1)", '')
    """
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell)
    text = str(cell)
    if text.startswith(_FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    # tab and carriage return can start a formula in some spreadsheet programs
    if text[:1] in ("\t", "\r"):
        return "'" + text
    return text


#: Cells the csv module writes as :func:`neutralise` would: numbers (a float as its repr) and
#: None (empty); only the others go through it.
_WRITTEN_AS_IS = frozenset((int, float, type(None)))


def dumps(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The CSV text: the header, then the rows, every cell but a number or None neutralised.

    >>> print(dumps(["id", "value", "met"], [["=cmd", 1.5, True], ["-5", None, False]]), end="")
    id,value,met
    '=cmd,1.5,true
    -5,,false
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(
        [cell if type(cell) in _WRITTEN_AS_IS else neutralise(cell) for cell in row] for row in rows
    )
    return buffer.getvalue()
