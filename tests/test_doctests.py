"""The worked examples in docstrings run as doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["ftzcalc.growth", "ftzcalc.parsing", "ftzcalc.solve", "ftzcalc.suggest",
           "ftzcalc.render.numbers", "ftzcalc.render.csvdoc", "ftzcalc.rates", "ftzcalc.progress",
           "ftzcalc.model"]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
