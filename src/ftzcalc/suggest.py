"""'Did you mean ...' hints for ids and keys that are almost right."""

from __future__ import annotations


def closest(word: str, choices: list[str], n: int = 1) -> list[str]:
    """The choices most like ``word``, best first; empty when none is close.

    >>> closest("zone-outpt", ["zone-output", "zone-projects", "ic-chips"])
    ['zone-output']
    >>> closest("xyz", ["zone-output"])
    []
    """
    import difflib  # only on the error path: keep it out of start-up

    return difflib.get_close_matches(word, choices, n=n, cutoff=0.6)
