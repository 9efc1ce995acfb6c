"""ftzcalc sensitivity: grids over rates and years or start values, their limits and errors."""

from __future__ import annotations

import json

import pytest

from ftzcalc.dataset import load, shipped_data_path

SHIPPED = load(shipped_data_path())
ZONE = SHIPPED.metric("zone-output")
INDUSTRY_BASELINES = [("intelligent-manufacturing", 250), ("new-energy-vehicles", 100),
                      ("ic-chips", 5), ("lcd-panels", 10), ("biomedicine", 40), ("instruments", 30)]  # fmt: skip


def test_sensitivity_grid_values_and_turning_rates(run):
    doc = json.loads(run("sensitivity", "zone-output", "--rates", "10%:30%:10%",
                         "--years", "2021:2023", "--json").stdout)  # fmt: skip
    assert doc["rates"] == [0.1, 0.2, 0.3] and doc["columns"] == [2021, 2022, 2023]
    # 500 * 1.1^3 = 665.5, 500 * 1.2^4 = 1036.8, 500 * 1.3^5 = 1856.465
    assert doc["values"][0][0] == pytest.approx(665.5, rel=1e-14)
    assert doc["values"][1][1] == pytest.approx(1036.8, rel=1e-14)
    assert doc["values"][2][2] == pytest.approx(1856.465, rel=1e-14)
    assert doc["met"] == [[False, False, False], [False, False, False], [False, False, True]]
    assert doc["turning_rates"] == [None, None, 0.3]
    # the exact rates: 3 ** (1/3) - 1, 3 ** (1/4) - 1, 3 ** (1/5) - 1
    assert doc["exact_rates"] == pytest.approx(
        [3 ** (1 / 3) - 1, 3**0.25 - 1, 3**0.2 - 1], rel=1e-14
    )


def test_sensitivity_against_start_values(run):
    doc = json.loads(run("sensitivity", "zone-output", "--rates", "20%:25%:5%",
                         "--starts", "400:600:100", "--json").stdout)  # fmt: skip
    assert doc["axis"] == "start" and doc["columns"] == [400.0, 500.0, 600.0]
    # 600 * 1.2 ** 5 = 1492.99 (missed); 600 * 1.25 ** 5 = 1831.05 (met)
    assert [row[2] for row in doc["met"]] == [False, True]
    assert doc["turning_rates"] == [None, 0.25, 0.25]


def test_sensitivity_table_and_its_limit(run):
    out = run("sensitivity", "zone-output").stdout
    assert "met from" in out and "exact" in out and "24.57%" in out
    result = run("sensitivity", "zone-output", "--rates", "0%:100%:1%", "--years", "2019:2119")
    assert (result.exit_code, result.stderr) == (2, (
        "Error: a 101 × 101 grid has 10,201 cells; tables stop at 10,000 (use a coarser step or a "
        "narrower range, or --format json or csv)\n"))  # fmt: skip
    doc = json.loads(run("sensitivity", "zone-output", "--rates", "0%:100%:1%",
                         "--years", "2019:2119", "--json").stdout)  # fmt: skip
    assert len(doc["values"]) == 101 and len(doc["values"][0]) == 101


def test_sensitivity_errors(run):
    assert (
        run("sensitivity", "zone-output", "--years", "2021:2023", "--starts", "1:2:1").exit_code
        == 2
    )
    result = run("sensitivity", "zone-output", "--rates", "30%:10%:5%")
    assert result.exit_code == 2 and "the range runs backwards" in result.stderr
    result = run("sensitivity", "zone-output", "--rates", "10%:30%")
    assert result.exit_code == 2 and "is not a range: write START:STOP:STEP" in result.stderr


SENSITIVITY_TOP = """\
    Rate      2021        2022        2023        2024        2025
──────────────────────────────────────────────────────────────────
  12.50%    711.91      800.90      901.02    1,013.64    1,140.35
  15.00%    760.44      874.50    1,005.68    1,156.53    1,330.01
  17.50%    811.12      953.06    1,119.85    1,315.82  ✓ 1,546.09
  20.00%    864.00    1,036.80    1,244.16    1,492.99  ✓ 1,791.59
"""


def test_grid_lines_up_on_the_decimal_point(run):
    """500 × 1.2³ = 864 exactly: shown 864.00 among two-decimal values, and the ✓ goes before
    a number, so that every number of a column ends in the same place."""
    out = run("sensitivity", "zone-output", env={"COLUMNS": "100"}).stdout
    assert "".join(out.splitlines(keepends=True)[2:8]) == SENSITIVITY_TOP
