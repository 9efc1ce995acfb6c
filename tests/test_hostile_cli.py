"""Hostile surroundings: where output goes, what the terminal is told, and when it is stopped.
Each ends in an answer, or in one ``Error:`` line with nothing on stdout, never a traceback."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

FTZCALC = [sys.executable, "-m", "ftzcalc"]


def _run(*args, env=None, **kwargs):
    return subprocess.run(
        [*FTZCALC, *args], capture_output="stdout" not in kwargs, text=True,
        env={**os.environ, **(env or {})}, **kwargs,
    )  # fmt: skip


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_behind_stdout():
    with open("/dev/full", "w") as full:
        out = subprocess.run([*FTZCALC, "gap"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert out.returncode == 1
    assert out.stderr == "Error: cannot write the output: No space left on device\n"


def test_stdout_closed():
    out = subprocess.run(
        [*FTZCALC, "gap"], stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1)
    )
    assert out.returncode == 1
    assert out.stderr == "Error: standard output is closed: there is nowhere to write\n"


def test_an_output_that_cannot_carry_chinese():
    table = _run("gap", "--lang", "en", env={"PYTHONIOENCODING": "ascii"})
    assert table.returncode == 1 and table.stdout == ""
    assert table.stderr == (
        "Error: the output's encoding (ascii) cannot write '≤': set PYTHONIOENCODING=utf-8 "
        "(or a UTF-8 locale)\n"
    )
    document = _run("gap", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert document.returncode == 0 and document.stdout.isascii()
    assert json.loads(document.stdout)["metrics"][0]["name"]["zh"] == "青岛片区先进制造业产值"


@pytest.mark.parametrize("columns", ["0", "-3", "wide", ""])
def test_columns_that_are_not_a_width_are_ignored(run, columns):
    result = run("gap", env={"COLUMNS": columns})
    assert result.exit_code == 0 and result.stdout == run("gap").stdout


def test_nothing_on_stdout_when_the_picture_fails(run, tmp_path):
    result = run("gap", "--json", "--svg", str(tmp_path / "no" / "x.svg"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: cannot write ")
    empty = run("gap", "--svg", "")
    assert empty.exit_code == 2 and empty.stderr.startswith("Error: --svg needs a file name")


def test_control_characters_never_reach_the_terminal(run, write_toml):
    from conftest import minimal

    path = write_toml(minimal(name="Bad\\u009b31m\\u2028name\\u0085\\u202eend"))
    table = run("gap", "--no-default-data", "--data", path).stdout
    assert "Bad\\x9b31m\\u2028name\\x85\\u202eend" in table
    assert not any(ch in table for ch in "\x9b\u2028\x85\u202e")
    error = run("gap", "wid\x1bgets", "--no-default-data", "--data", path)
    assert error.exit_code == 2 and "\x1b" not in error.stderr
    assert "wid\\x1bgets" in error.stderr and error.stderr.count("\n") == 1


@pytest.mark.parametrize("delay", [0.03, 0.06, 0.1, 0.15, 0.2, 0.3])
def test_ctrl_c_at_any_moment_of_start_up(delay):
    script = os.path.join(os.path.dirname(sys.executable), "ftzcalc")
    command = [script] if os.path.exists(script) else FTZCALC
    process = subprocess.Popen(
        [*command, "gap"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    if "Traceback" in stderr:
        # Before ftzcalc's first line runs (Python's own start-up, the launcher's imports: a
        # moment that a loaded machine stretches), Python reports a Ctrl-C itself; from then on
        # it never does, so no frame of the traceback is in a file of the package.
        frames = re.findall(r'File "([^"]+)"', stderr)
        assert frames and not any(f"{os.sep}ftzcalc{os.sep}" in frame for frame in frames), stderr
    assert process.returncode in (0, 130, -signal.SIGINT)
    if process.returncode == 130:
        assert stderr == "Error: interrupted\n"
