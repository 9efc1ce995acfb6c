"""The growth engine: worked examples by hand, every edge of the domain, and inverse properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ftzcalc.errors import GrowthError
from ftzcalc.growth import fv, nper, pv, rri


def test_zone_output_requires_24_573094_percent():
    # (1500 / 500) ** (1 / 5) - 1 = 3 ** 0.2 - 1 = 0.2457309396155173...
    assert rri(5, 500, 1500) == pytest.approx(0.24573094, abs=5e-9)
    assert round(rri(5, 500, 1500) * 100, 6) == 24.573094


def test_at_25_percent_500_reaches_1500_after_4_923343_years():
    # ln 3 / ln 1.25 = 1.0986122887 / 0.2231435513 = 4.9233432...
    assert round(nper(0.25, 500, 1500), 6) == 4.923343


def test_hand_computed_values():
    assert fv(0.1, 2, 100) == pytest.approx(121.0, rel=1e-15)
    assert pv(0.1, 2, 121) == pytest.approx(100.0, rel=1e-15)
    assert rri(2, 100, 121) == pytest.approx(0.1, rel=1e-14)
    assert nper(0.1, 100, 121) == pytest.approx(2.0, rel=1e-14)
    # the zone at the city's 2018 industrial pace: 1.068^2 = 1.140624, ^4 = 1.301023109376,
    # ^5 = 1.389492680813568, times 500 = 694.746340406784
    assert fv(0.068, 5, 500) == pytest.approx(694.746340406784, rel=1e-13)


def test_equal_values_give_rate_zero_and_zero_years():
    assert rri(5, 500, 500) == 0.0
    assert nper(0.3, 500, 500) == 0.0
    assert nper(0.0, 500, 500) == 0.0


def test_target_below_start_needs_negative_rate():
    r = rri(5, 1000, 500)
    assert r == pytest.approx(0.5**0.2 - 1, rel=1e-14)
    assert r < 0


def test_end_zero_is_minus_100_percent():
    assert rri(3, 100, 0) == -1.0
    assert fv(0.5, 3, 0) == 0.0
    assert pv(0.5, 3, 0) == 0.0


def test_negative_years_in_fv_and_pv_look_back():
    assert fv(0.1, -1, 110) == pytest.approx(100.0, rel=1e-15)
    assert pv(0.1, -1, 100) == pytest.approx(110.0, rel=1e-15)


def test_nper_is_negative_when_end_lies_behind():
    assert nper(0.1, 121, 100) == pytest.approx(-2.0, rel=1e-14)


def test_small_rates_keep_their_digits():
    # (1 + 1e-12) ** 1 - 1 would lose 4 digits through 1 + rate; log1p/expm1 keep them
    assert rri(1, 1.0, 1.0 + 1e-12) == pytest.approx(1e-12, rel=1e-4)
    assert fv(1e-15, 1, 1.0) == 1.000000000000001


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rri(0, 500, 1500), "nper must be above 0 for a rate per period, got 0"),
        (lambda: rri(-1, 500, 1500), "nper must be above 0 for a rate per period, got -1"),
        (lambda: rri(5, 0, 1500), "pv must be above 0 for compound growth, got 0"),
        (lambda: rri(5, -500, 1500), "pv must be above 0 for compound growth, got -500"),
        (lambda: rri(5, 500, -1), "fv must be 0 or more for compound growth, got -1"),
        (lambda: fv(-1, 5, 500), "a rate of -100% is -100% or less: nothing is left to grow"),
        (lambda: fv(-1.5, 5, 500), "a rate of -150% is -100% or less: nothing is left to grow"),
        (lambda: pv(-1, 5, 500), "a rate of -100% is -100% or less: nothing is left to grow"),
        (
            lambda: nper(0, 100, 150),
            "at a rate of 0 the value never changes, so 100 never becomes 150",
        ),
        (lambda: nper(0.1, 0, 150), "pv must be above 0 for compound growth, got 0"),
        (lambda: nper(0.1, 100, 0), "fv must be above 0 for compound growth, got 0"),
        (lambda: rri(math.nan, 1, 2), "nper must be a finite number, got nan"),
        (lambda: fv(math.inf, 1, 2), "rate must be a finite number, got inf"),
        (lambda: pv(0.1, 1, -math.inf), "fv must be a finite number, got -inf"),
        (lambda: fv(0.1, 1, "500"), "pv must be a number, got '500'"),
        (lambda: fv(1.0, 5000, 1), "the result is too large to represent"),
        (lambda: pv(-0.999, 5000, 1), "the result is too large to represent"),
    ],
)
def test_domain_edges_raise_growth_error(call, message):
    with pytest.raises(GrowthError) as info:
        call()
    assert str(info.value) == message


# Properties: each function inverts the others to 1e-9 relative --------------------------------

rates = st.floats(min_value=-0.9, max_value=2.0).filter(lambda r: abs(r) > 1e-6)
years = st.floats(min_value=0.25, max_value=50)
values = st.floats(min_value=1e-3, max_value=1e12)


def _in_range(x: float) -> bool:
    return 1e-300 < abs(x) < 1e300


@given(rates, years, values)
def test_rri_inverts_fv(rate, n, start):
    end = fv(rate, n, start)
    assume(_in_range(end) and end != start)
    assert rri(n, start, end) == pytest.approx(rate, rel=1e-9, abs=1e-12)


@given(rates, years, values)
def test_pv_inverts_fv(rate, n, start):
    end = fv(rate, n, start)
    assume(_in_range(end))
    assert pv(rate, n, end) == pytest.approx(start, rel=1e-9)


@given(rates, years, values)
def test_nper_inverts_fv(rate, n, start):
    end = fv(rate, n, start)
    assume(_in_range(end) and abs(math.log(end / start)) > 1e-6)
    assert nper(rate, start, end) == pytest.approx(n, rel=1e-9)


@given(years, values, values)
def test_fv_inverts_rri(n, start, end):
    assume(abs(math.log(end / start)) / n < 5)
    rate = rri(n, start, end)
    assert fv(rate, n, start) == pytest.approx(end, rel=1e-9)
