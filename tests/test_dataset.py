"""The shipped dataset: every figure of the article, traceable to its sentence."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ARTICLE

from ftzcalc import i18n
from ftzcalc.dataset import load, parse, replace_baseline, shipped_data_path
from ftzcalc.errors import InputError
from ftzcalc.model import Bound, Comparator, IncreaseTarget, LevelTarget, QualitativeTarget


@pytest.fixture(scope="module")
def dataset():
    return load(shipped_data_path())


def test_zone_output_baseline_and_target(dataset):
    m = dataset.metric("zone-output")
    assert (m.baseline.year, m.baseline.value, m.baseline.bound) == (2018, 500, Bound.OVER)
    assert isinstance(m.target, LevelTarget)
    assert (m.target.year, m.target.value, m.target.comparator) == (
        2023,
        1500,
        Comparator.MORE_THAN,
    )
    assert m.unit.zh == "亿元"


def test_projects_target_with_proxy_baseline(dataset):
    m = dataset.metric("zone-projects")
    assert (m.target.value, m.target.comparator) == (100, Comparator.AT_LEAST)
    assert "超100家" in m.target.note
    assert m.baseline.value == 30 and m.baseline.bound is Bound.OVER
    assert "not projects" in m.baseline.proxy


def test_six_industries_are_children_adding_to_1500(dataset):
    children = dataset.children("zone-output")
    expected = {
        "intelligent-manufacturing": (700, Comparator.MORE_THAN),
        "new-energy-vehicles": (500, Comparator.AT_LEAST),
        "ic-chips": (50, Comparator.AT_LEAST),
        "lcd-panels": (50, Comparator.MORE_THAN),
        "biomedicine": (120, Comparator.MORE_THAN),
        "instruments": (80, Comparator.MORE_THAN),
    }
    assert {c.id: (c.target.value, c.target.comparator) for c in children} == expected
    assert sum(v for v, _ in expected.values()) == 1500
    assert all(c.baseline is None and c.target.year == 2023 for c in children)


def test_lcd_qualitative_target(dataset):
    m = dataset.metric("lcd-shipment-rank")
    assert isinstance(m.target, QualitativeTarget)
    assert "省内第一" in m.target.wording


def test_city_increase_targets(dataset):
    output = dataset.metric("city-new-output")
    centres = dataset.metric("city-innovation-centres")
    for m in (output, centres):
        assert isinstance(m.target, IncreaseTarget)
        assert (m.target.start_year, m.target.end_year, m.target.base_year) == (2019, 2021, 2018)
        assert m.scope.value == "city"
    assert output.target.value == 2500
    assert (centres.target.value, centres.target.high) == (3, 4)


def test_reference_rates_are_fractions(dataset):
    refs = {r.id: (r.kind, r.value, r.year) for r in dataset.references}
    assert refs == {
        "city-industrial-va-growth-2018": ("growth", 0.068, 2018),
        "city-industry-gdp-share-2018": ("share", 0.37, 2018),
        "city-equipment-va-growth-2018": ("growth", 0.088, 2018),
        "city-equipment-share-2018": ("share", 0.49, 2018),
        "city-export-delivery-growth-2018": ("growth", 0.08, 2018),
        "city-export-delivery-share-2018": ("share", 0.158, 2018),
    }


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the seed article is not beside this checkout")
def test_every_quote_stands_in_the_article(dataset):
    article = ARTICLE.read_text(encoding="utf-8")
    quotes = [
        q for m in dataset.metrics for q in (m.baseline and m.baseline.quote, m.target.quote) if q
    ]
    quotes += [r.quote for r in dataset.references]
    assert len(quotes) == 19
    for quote in quotes:
        assert quote in article, quote


def test_shipped_file_is_found_from_any_directory(tmp_path):
    code = "from ftzcalc.dataset import load, shipped_data_path; print(len(load(shipped_data_path()).metrics))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout == "11\n"


def test_replace_baseline_defaults_to_parents_year(dataset):
    changed = replace_baseline(dataset, "ic-chips", 12.5)
    b = changed.metric("ic-chips").baseline
    assert (b.year, b.value, b.origin) == (2018, 12.5, "command line")
    assert dataset.metric("ic-chips").baseline is None  # the original is untouched


def test_replace_baseline_for_increase_defaults_to_year_before_period(dataset):
    changed = replace_baseline(dataset, "city-innovation-centres", 10)
    assert changed.metric("city-innovation-centres").baseline.year == 2018


def test_replace_baseline_needs_a_year_when_none_can_be_inferred():
    data = parse(
        'schema = 1\n[[metrics]]\nid = "a"\nscope = "zone"\nname = { en = "A", zh = "甲" }\n'
        'unit = { en = "u", zh = "个" }\n[metrics.target]\nkind = "level"\nyear = 2023\n'
        'comparator = "at-least"\nvalue = 5\n'
    )
    with pytest.raises(InputError) as raised:
        replace_baseline(data, "a", 1)
    assert str(raised.value) == "baseline a: give the year as (value, year)"
    with i18n.speaking("en", command_line=True), pytest.raises(InputError) as raised:
        replace_baseline(data, "a", 1)  # as the command line names what its user typed
    assert str(raised.value) == "--baseline a: give the year as a=VALUE@YEAR"
    with i18n.speaking("zh", command_line=True):
        assert i18n.said(raised.value) == "--baseline a：请按 a=VALUE@YEAR 给出年份"
