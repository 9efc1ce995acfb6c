"""ftzcalc: how far the Qingdao Area's 2023 manufacturing targets are, and the growth they need.

The package is the library the ``ftzcalc`` command runs on: a function for each command,
returning the typed results the command formats (see :mod:`ftzcalc.api`, where they are
written), and :func:`to_json` for the document ``--format json`` prints.

>>> import ftzcalc
>>> data = ftzcalc.load()
>>> round(ftzcalc.gap(data, ["zone-output"]).rows[0].required_rate.value, 6)
0.245731

Importing the package loads none of them: each is imported when first used, so that the
command line, which imports this package too, starts as fast as it can.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (9 ms) for it

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "gap",
    "load",
    "progress",
    "project",
    "scenario",
    "sensitivity",
    "simulate",
    "solve",
    "to_json",
]

if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from typing import Any

    from ftzcalc.api import (
        gap,
        load,
        progress,
        project,
        scenario,
        sensitivity,
        simulate,
        solve,
        to_json,
    )


def __getattr__(name: str) -> Any:
    """The public functions, imported from :mod:`ftzcalc.api` on first use."""
    if name in __all__:
        from ftzcalc import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ftzcalc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
