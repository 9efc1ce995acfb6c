"""JSON output: one document, non-ASCII kept, no NaN (undefined values are null with a reason)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_PREFIX = "ftzcalc"


def schema_name(command: str, version: int = 1) -> str:
    """The versioned schema name every JSON document carries: ``ftzcalc.gap/1``."""
    return f"{SCHEMA_PREFIX}.{command}/{version}"


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
