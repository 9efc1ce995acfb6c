"""The worked examples in docstrings run as doctests: every module of the package, found by
walking it, so that a new module's examples run without being listed."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ftzcalc

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(ftzcalc.__path__, prefix="ftzcalc.")
    if info.name != "ftzcalc.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name, monkeypatch):
    monkeypatch.setenv("FTZCALC_LANG", "en")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_formulas_have_worked_examples():
    """The modules of formulas and rules each carry examples, computed by hand."""
    for name in ["ftzcalc.growth", "ftzcalc.parsing", "ftzcalc.solver", "ftzcalc.suggest",
                 "ftzcalc.render.numbers", "ftzcalc.render.csvdoc", "ftzcalc.rates",
                 "ftzcalc.tracking", "ftzcalc.model", "ftzcalc.render.jsondoc",
                 "ftzcalc.render.wrap", "ftzcalc.api"]:  # fmt: skip
        tests = doctest.DocTestFinder().find(importlib.import_module(name))
        assert sum(len(t.examples) for t in tests) > 0, name
