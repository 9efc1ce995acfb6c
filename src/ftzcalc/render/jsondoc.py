"""JSON output: one document, non-ASCII kept, no NaN (undefined values are null with a reason).

The layout is a record a line: the document's keys each on a line of their own, and each item of
a list of records or rows among them (a metric, a problem, a row of a grid) on a line of its own,
in full; anything else on its key's line. So every
line is written by the standard library's C encoder (an indented document would go through its
pure-Python encoder, three times as slow), ``grep`` finds a metric's whole record, and ``jq .``
lays a document out in full.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

SCHEMA_PREFIX = "ftzcalc"

_UNICODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
_NESTED = (dict, list, tuple)
_ASCII = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(", ", ": "))


def schema_name(command: str, version: int = 1) -> str:
    """The versioned schema name every JSON document carries: ``ftzcalc.gap/1``."""
    return f"{SCHEMA_PREFIX}.{command}/{version}"


def chunks(document: dict[str, Any], ascii_only: bool = False) -> Iterator[str]:
    """The document's text in pieces, a line at a time. A list given as an iterator (a view's
    records, made as they are asked for) is read an item at a time, so that a document of
    100,000 records never stands in memory whole, as objects or as text."""
    encode = (_ASCII if ascii_only else _UNICODE).encode
    separator = "{\n  "
    for key, value in document.items():
        yield separator + encode(key) + ": "
        separator = ",\n  "
        if isinstance(value, Iterator):
            opening = "[\n    "
            for item in value:
                yield opening + encode(item)
                opening = ",\n    "
            yield "[]" if opening == "[\n    " else "\n  ]"
        elif isinstance(value, list | tuple) and any(isinstance(v, _NESTED) for v in value):
            yield "[\n    " + ",\n    ".join(map(encode, value)) + "\n  ]"
        else:
            yield encode(value)
    yield "{}\n" if separator == "{\n  " else "\n}\n"


def dumps(document: dict[str, Any], ascii_only: bool = False) -> str:
    """The document as JSON text, a record a line; ``ascii_only`` writes non-ASCII characters
    as ``\\u`` escapes (the same JSON), for an output that cannot carry them.

    >>> print(dumps({"schema": "x/1", "metrics": [{"id": "a", "gap": 1.5}, {"id": "b"}],
    ...              "rates": [0.1, 0.2], "empty": iter([]), "source": {"title": "逾500亿元"}}),
    ...       end="")
    {
      "schema": "x/1",
      "metrics": [
        {"id": "a", "gap": 1.5},
        {"id": "b"}
      ],
      "rates": [0.1, 0.2],
      "empty": [],
      "source": {"title": "逾500亿元"}
    }
    >>> dumps({"metrics": (m for m in [{"id": "a"}])}) == dumps({"metrics": [{"id": "a"}]})
    True
    """
    return "".join(chunks(document, ascii_only))
