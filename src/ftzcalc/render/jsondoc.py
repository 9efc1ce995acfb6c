"""JSON output: one document, non-ASCII kept, no NaN (undefined values are null with a reason)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_PREFIX = "ftzcalc"


def schema_name(command: str, version: int = 1) -> str:
    """The versioned schema name every JSON document carries: ``ftzcalc.gap/1``."""
    return f"{SCHEMA_PREFIX}.{command}/{version}"


def dumps(document: dict[str, Any], ascii_only: bool = False) -> str:
    """The document as JSON text; ``ascii_only`` writes non-ASCII characters as ``\\u``
    escapes (the same JSON), for an output that cannot carry them."""
    return json.dumps(document, ensure_ascii=ascii_only, indent=2, allow_nan=False) + "\n"
