"""The SDG progress method: the published worked example, every status and every reason."""

from __future__ import annotations

import pytest

from ftzcalc.model import Comparator
from ftzcalc.tracking import Status, assess, cagr, classify

MORE, AT_LEAST, LESS, AT_MOST = (Comparator.MORE_THAN, Comparator.AT_LEAST,
                                 Comparator.LESS_THAN, Comparator.AT_MOST)  # fmt: skip


def test_worked_example_decrease():
    # CAGR_o = 0.9 ** (1/5) - 1 = exp(-0.1053605 / 5) - 1 = -0.0208516
    # CAGR_T = 0.5 ** (1/15) - 1 = exp(-0.6931472 / 15) - 1 = -0.0451584
    # R = -1 * -0.0208516 / 0.0451584 = 0.46174
    a = assess((2015, 100.0), (2020, 90.0), (2030, 50.0), AT_MOST)
    assert round(a.observed_rate, 7) == -0.0208516
    assert round(a.required_rate, 7) == -0.0451584
    assert round(a.ratio, 4) == 0.4617
    assert a.status is Status.LIMITED_PROGRESS


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        # base 100 (2018), target more than 200 in 2023: CAGR_T = 2 ** 0.2 - 1 = 0.148698;
        # observed over 3 years: exp(ln(y / 100) / 3) - 1
        ((2021, 210.0), Status.ACHIEVED, 1.8869),  # met; exp(0.741937 / 3) - 1 = 0.280579
        ((2021, 152.0), Status.ON_TRACK, 1.0073),  # exp(0.418710 / 3) - 1 = 0.149779
        ((2021, 130.0), Status.ACCELERATION_NEEDED, 0.6146),  # exp(0.262364 / 3) - 1 = 0.091393
        ((2021, 110.0), Status.LIMITED_PROGRESS, 0.2171),  # exp(0.095310 / 3) - 1 = 0.032280
        ((2021, 100.0), Status.LIMITED_PROGRESS, 0.0),  # no change: R = 0 is still limited
        ((2021, 90.0), Status.DETERIORATION, -0.2321),  # exp(-0.105361 / 3) - 1 = -0.034511
    ],
)
def test_every_status_for_a_rise(latest, status, ratio):
    a = assess((2018, 100.0), latest, (2023, 200.0), MORE)
    assert a.status is status
    assert round(a.ratio, 4) == ratio


def test_achieved_depends_on_the_comparator():
    assert assess((2018, 100.0), (2021, 200.0), (2023, 200.0), AT_LEAST).status is Status.ACHIEVED
    assert assess((2018, 100.0), (2021, 200.0), (2023, 200.0), MORE).status is Status.ON_TRACK
    assert assess((2018, 100.0), (2021, 50.0), (2023, 50.0), AT_MOST).status is Status.ACHIEVED
    assert assess((2018, 100.0), (2021, 50.0), (2023, 50.0), LESS).status is not Status.ACHIEVED


def test_decrease_that_goes_up_deteriorates():
    a = assess((2018, 100.0), (2021, 110.0), (2023, 80.0), AT_MOST)
    assert a.status is Status.DETERIORATION and a.ratio < 0


@pytest.mark.parametrize(
    ("base", "latest", "target", "comparator", "reason"),
    [
        ((2018, 100.0), (2021, 120.0), None, None, "no numeric target"),
        ((2018, 100.0), None, (2023, 200.0), MORE,
         "fewer than two points: no actual after the base year 2018"),
        ((2018, 100.0), (2018, 120.0), (2023, 200.0), MORE,
         "fewer than two points: no actual after the base year 2018"),
        ((2018, 0.0), (2021, 120.0), (2023, 200.0), MORE,
         "the base value is 0: no growth rate from it"),
        ((2018, -5.0), (2021, 120.0), (2023, 200.0), MORE,
         "the base and the actual value have opposite signs"),
        ((2018, -5.0), (2021, -1.0), (2023, 200.0), MORE,
         "the base and the target value have opposite signs"),
        ((2018, 100.0), (2021, 120.0), (2023, 100.0), AT_MOST,
         "the target equals the base value: no required growth"),
    ],
)  # fmt: skip
def test_every_cannot_assess_reason(base, latest, target, comparator, reason):
    a = assess(base, latest, target, comparator)
    assert (a.status, a.reason, a.ratio) == (Status.CANNOT_ASSESS, reason, None)


def test_thresholds_are_inclusive_from_below():
    assert classify(0.95) is Status.ON_TRACK
    assert classify(0.6) is Status.ACCELERATION_NEEDED
    assert classify(0.0) is Status.LIMITED_PROGRESS
    assert classify(-1e-12) is Status.DETERIORATION


def test_cagr_to_zero():
    assert cagr(100, 0, 4) == -1.0
    a = assess((2018, 100.0), (2021, 0.0), (2023, 0.0), AT_MOST)
    assert a.status is Status.ACHIEVED
