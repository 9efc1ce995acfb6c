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
from typing import Any

SCHEMA_PREFIX = "ftzcalc"

_UNICODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
_NESTED = (dict, list, tuple)
_ASCII = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(", ", ": "))


def schema_name(command: str, version: int = 1) -> str:
    """The versioned schema name every JSON document carries: ``ftzcalc.gap/1``."""
    return f"{SCHEMA_PREFIX}.{command}/{version}"


def dumps(document: dict[str, Any], ascii_only: bool = False) -> str:
    """The document as JSON text, a record a line; ``ascii_only`` writes non-ASCII characters
    as ``\\u`` escapes (the same JSON), for an output that cannot carry them.

    >>> print(dumps({"schema": "x/1", "metrics": [{"id": "a", "gap": 1.5}, {"id": "b"}],
    ...              "rates": [0.1, 0.2], "empty": [], "source": {"title": "逾500亿元"}}), end="")
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
    """
    encode = (_ASCII if ascii_only else _UNICODE).encode
    lines = []
    for key, value in document.items():
        name = encode(key)
        if isinstance(value, list | tuple) and any(isinstance(v, _NESTED) for v in value):
            items = ",\n    ".join(map(encode, value))
            lines.append(f"  {name}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {name}: {encode(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n" if lines else "{}\n"
