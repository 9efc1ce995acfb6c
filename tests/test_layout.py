"""The layout rule, for every table of every command, at every width from 60 columns, in English
and in Chinese: an id, a figure, a year or a status (a ``no_wrap`` cell) appears whole on one
output line; every other text appears, line by line as the layout model wrapped it, losing
nothing; and no line is wider than the terminal.
"""

from __future__ import annotations

import os
import pty
import re
import select
import struct
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ftzcalc.render import fit, table
from ftzcalc.render.layout import NO_BREAK, Table
from ftzcalc.render.wrap import width, wrap

SIX_BASELINES = [
    "--baseline", "intelligent-manufacturing=250", "--baseline", "new-energy-vehicles=100",
    "--baseline", "ic-chips=5", "--baseline", "lcd-panels=10", "--baseline", "biomedicine=40",
    "--baseline", "instruments=30",
]  # fmt: skip
ACTUALS = ["--data", "examples/illustrative-actuals.toml"]

COMMANDS = {
    "gap": ["gap"],
    "gap-progress": ["gap", *ACTUALS],
    "gap-six": ["gap", *SIX_BASELINES],
    "targets-quotes": ["targets", "--quotes"],
    "scenario": ["scenario", *SIX_BASELINES],
    "scenario-one": ["scenario", "required", *SIX_BASELINES],
    "simulate": ["simulate", "--growth", "triangular(15%, 20%, 25%)", "--growth",
                 "intelligent-manufacturing=lognormal(0.18, 0.06)", "--trials", "2000",
                 "--seed", "7", *SIX_BASELINES],
    "project": ["project", "zone-output"],
    "sensitivity": ["sensitivity", "zone-output", "--years", "2019:2035"],
    "solve": ["solve", "--start", "500", "--end", "1500000", "--years", "5"],
    "check": ["check", "examples/broken-overlay.toml"],
}  # fmt: skip
WIDTHS = [60, 80, 100, 120, 160, 200]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _drawn(run, monkeypatch, args, columns, lang):
    """The command's output at ``columns`` and the reports it drew."""
    reports = []
    draw = table.print_report

    def recording(report, *a, **kw):
        reports.append(report)
        return draw(report, *a, **kw)

    monkeypatch.setattr(table, "print_report", recording)
    monkeypatch.chdir(ROOT)
    result = run(*args, env={"COLUMNS": str(columns), "FTZCALC_LANG": lang})
    assert result.exit_code in (0, 1), result.output
    assert reports, "the command drew no table"
    return result.stdout.splitlines(), reports


def _expected_lines(t: Table, plan: fit.Plan):
    """(whole, lines): the no_wrap texts that must stand whole on a line, and the wrapped lines
    of every other text, as the layout model broke them."""
    whole, lines = [], []
    shown = {i for part in plan.parts for i in part}
    for row in t.rows:
        for i in sorted(shown):
            cell, column = row[i], t.columns[i]
            if cell.bar is not None or not cell.text:
                continue
            if column.no_wrap or (plan.shape == "blocks" and i == 0):
                whole += cell.text.replace(NO_BREAK, " ").split("\n")  # drawn as a space
            else:
                lines += wrap(cell.text, plan.widths[i])
    return whole, lines


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_layout_rule(run, monkeypatch, name, columns, lang):
    output, reports = _drawn(run, monkeypatch, COMMANDS[name], columns, lang)
    for line in output:
        assert width(line) <= columns, f"{line!r} is wider than {columns}"
    for report in reports:
        for block in report.blocks:
            if not isinstance(block, Table):
                continue
            plan = fit.plan(block, columns)
            whole, lines = _expected_lines(block, plan)
            for text in whole:
                assert any(text.strip() in line for line in output), f"{text!r} is split"
            for text in lines:
                assert any(text.strip() in line for line in output), f"{text!r} is missing"


def test_every_character_of_every_quote_appears_at_80(run, monkeypatch):
    from ftzcalc.dataset import load, shipped_data_path

    output, _ = _drawn(run, monkeypatch, ["targets", "--quotes"], 80, "zh")
    squeezed = re.sub(r"\s", "", "".join(output))
    dataset = load([shipped_data_path()])
    quotes = [m.target.quote for m in dataset.metrics] + [r.quote for r in dataset.references]
    for quote in filter(None, quotes):
        assert re.sub(r"\s", "", quote) in squeezed
    for m in dataset.metrics:
        assert re.sub(r"\s", "", m.name.zh) in squeezed


TEXT = st.text(st.sampled_from([*"ab cd,1.5%先进制造业（）。、 ", "\u00a0"]), max_size=80)


@given(TEXT, st.integers(2, 40))
def test_wrap_loses_nothing_and_fits(text, columns):
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.replace("\u00a0", " ").split())


def test_wrap_never_splits_a_latin_run():
    assert wrap("growth reaches 1,500.25 by 2023", 10) == [
        "growth",
        "reaches",
        "1,500.25",
        "by 2023",
    ]
    assert wrap("企业30余家，2018年", 6) == ["企业30", "余家，", "2018年"]


def test_plan_leaves_out_optional_columns_then_splits():
    from ftzcalc.render.layout import Cell, Column

    columns = (
        Column("ID", no_wrap=True), Column("Name", optional=1),
        *(Column(f"Figure {i}", "right", True) for i in range(6)),
    )  # fmt: skip
    rows = ((Cell("zone-output"), Cell("A long name"), *(Cell("1,234.56") for _ in range(6))),)
    t = Table(columns, rows)
    assert fit.plan(t, None).shape == "table"
    wide = fit.plan(t, 200)
    assert wide.shape == "table" and wide.dropped == ()
    assert fit.plan(t, 75).dropped == (1,)  # 11 + 6 × 8 + 6 × 2 = 71 without the name
    split = fit.plan(t, 60)
    assert split.shape == "split" and split.parts == ((0, 2, 3, 4), (0, 5, 6, 7))


def _screen(argv, pager="cat", rows=24, cols=80):
    """What ``ftzcalc ARGV`` shows in a real terminal of ``rows`` × ``cols`` (a pty)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of rows × cols
        import fcntl
        import termios

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
        env.update(TERM="xterm-256color", FTZCALC_PAGER=pager, NO_COLOR="1")
        os.execve(sys.executable, [sys.executable, "-m", "ftzcalc", *argv], env)
    out, end = b"", time.time() + 30
    while time.time() < end:
        if select.select([fd], [], [], 0.5)[0]:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
    os.waitpid(pid, 0)
    text = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", "", out.decode("utf-8")).replace("\r", "")
    return text.splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_first_screen_of_gap_in_a_real_80x24_terminal():
    screen = _screen(["gap"])[:24]
    assert screen[0] == "Gap to target"
    assert screen[1].split() == ["CAGR"]
    assert screen[2].split() == ["ID", "Baseline", "Target", "Gap", "Years", "needed"]
    assert set(screen[3]) == {"─"} and len(screen[3]) == 80
    ids = [line.split()[0] for line in screen[4:] if line and not line.startswith(" ")]
    assert ids[:3] == ["zone-output", "zone-projects", "intelligent-manufacturing"]
    assert all(width(line) <= 80 for line in screen)


def test_pager_is_not_used_in_a_pipe():
    out = subprocess.run(
        [sys.executable, "-m", "ftzcalc", "gap"], capture_output=True, text=True,
        env={**os.environ, "FTZCALC_PAGER": "false"},
    )  # fmt: skip
    assert out.returncode == 0 and out.stdout.startswith("Gap to target\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_tall_output_goes_through_the_pager_and_short_output_does_not():
    tall = _screen(["gap"], "cat -n")
    assert tall[0].split() == ["1", "Gap", "to", "target"]
    short = _screen(["solve", "--start", "500", "--end", "1500", "--years", "5"], "cat -n")
    assert short[0].split() == ["Figure", "Value"]
    unpaged = _screen(["gap", "--no-pager"], "cat -n")
    assert unpaged[0] == "Gap to target"
