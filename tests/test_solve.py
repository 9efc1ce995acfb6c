"""ftzcalc solve: the fourth of start, end, rate and years, as the command prints it."""

from __future__ import annotations

import json

SOLVE_RATE = """\
Figure       Value
──────────────────────────
start          500  given
end          1,500  given
rate    24.573094%  solved
years            5  given

end = start × (1 + rate) ^ years
"""


def test_solve_rate_table(run):
    result = run("solve", "--start", "500", "--end", "1500", "--years", "5")
    assert result.stdout == SOLVE_RATE


def test_solve_each_unknown(run):
    def solved(*args):
        return json.loads(run("solve", *args, "--json").stdout)

    assert solved("--start", "500", "--end", "1500", "--rate", "25%")["years"] == 4.923343212016677
    # 100 * 1.1 ** 2 = 121
    assert round(solved("--start", "100", "--rate", "10%", "--years", "2")["end"], 10) == 121
    assert round(solved("--end", "121", "--rate", "0.1", "--years", "2")["start"], 10) == 100
    doc = solved("--start", "500", "--end", "1500", "--years", "5")
    assert doc == {"schema": "ftzcalc.solve/1", "solved_for": "rate", "start": 500.0,
                   "end": 1500.0, "rate": 0.24573093961551734, "years": 5.0}  # fmt: skip


def test_solve_negative_rate_and_unicode_minus(run):
    a = json.loads(
        run("solve", "--start", "100", "--rate", "-10%", "--years", "2", "--json").stdout
    )
    b = json.loads(
        run("solve", "--start", "100", "--rate", "−10%", "--years", "2", "--json").stdout
    )
    assert round(a["end"], 10) == 81 and a == b


def test_solve_csv(run):
    result = run("solve", "--start", "500", "--end", "1500", "--years", "5", "--format", "csv")
    assert (
        result.stdout
        == "start,end,rate,years,solved_for\n500.0,1500.0,0.24573093961551734,5.0,rate\n"
    )
