"""The charts of :mod:`ftzcalc.plots`, as SVG to put inline in a page.

Each command's chart comes from ``ftzcalc.plots.<command>.figure(result, lang, sources)``; a
command whose module is not there (yet) has no chart, and the page says so instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from typing import Any

#: The charts a report draws, by the plots module that draws each.
KINDS = ("gap", "project", "scenario", "sensitivity", "simulate")


def available(kind: str) -> bool:
    """Whether ``ftzcalc.plots.<kind>`` exists and has its ``figure``."""
    name = f"ftzcalc.plots.{kind}"
    try:
        if importlib.util.find_spec(name) is None:
            return False
    except ModuleNotFoundError:
        return False
    return callable(getattr(importlib.import_module(name), "figure", None))


def sources(dataset: Any) -> list[str]:
    """What a chart's source line names (:func:`ftzcalc.plots.sources`), else the data files."""
    from ftzcalc import plots

    named = getattr(plots, "sources", None)
    return list(named(dataset)) if callable(named) else list(dataset.paths)


def svg(
    kind: str, result: Any, lang: str, named: list[str], prefix: str, **extra: Any
) -> str | None:
    """The chart of ``result`` as SVG markup for an HTML page, its ids starting with ``prefix``
    (so that two charts on one page never share one); ``None`` where there is no chart.
    ``extra`` keyword arguments go to the chart where its ``figure`` takes them."""
    if not available(kind):
        return None
    import inspect

    from ftzcalc import plots

    make = importlib.import_module(f"ftzcalc.plots.{kind}").figure
    accepted = inspect.signature(make).parameters
    figure = make(result, lang, named, **{k: v for k, v in extra.items() if k in accepted})
    try:
        text = plots.to_svg(figure)
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close(figure)
    return inline(text, prefix)


_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


def inline(text: str, prefix: str) -> str:
    """An SVG document as markup to put inside HTML: without its XML declaration, doctype and
    comments, every ``id`` (and every reference to one) given ``prefix``.

    >>> inline('<?xml version="1.0"?><svg><defs><path id="a"/></defs>'
    ...        '<use xlink:href="#a"/><g clip-path="url(#a)"/></svg>', "f1-")
    '<svg><defs><path id="f1-a"/></defs><use xlink:href="#f1-a"/><g clip-path="url(#f1-a)"/></svg>'
    """
    text = _PROLOGUE.sub("", text).strip()
    ids = set(_ID.findall(text))
    if not ids:
        return text
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    pattern = re.compile(rf'(\bid="|href="#|url\(#)({names})(?=[")])')
    return pattern.sub(lambda m: m.group(1) + prefix + m.group(2), text)
