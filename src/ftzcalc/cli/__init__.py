"""The ``ftzcalc`` command: a thin Click layer over the library."""

from __future__ import annotations

from typing import Any

from ftzcalc.cli.app import cli

__all__ = ["cli", "main"]


def main(*args: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("prog_name", "ftzcalc")
    return cli.main(*args, **kwargs)
