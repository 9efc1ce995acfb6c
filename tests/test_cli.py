"""What every command shares, run as a user runs it: --version, python -m, help, NO_COLOR, --data
and its environment variable, completion, Ctrl-C and a closed pipe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from conftest import minimal

from ftzcalc import __version__


def test_version(run):
    assert run("--version").stdout == f"ftzcalc {__version__}\n"


def test_python_m_ftzcalc():
    out = subprocess.run(
        [sys.executable, "-m", "ftzcalc", "--version"], capture_output=True, text=True
    )
    assert out.stdout == f"ftzcalc {__version__}\n"


def test_bare_command_shows_help(run):
    result = run()
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ftzcalc [OPTIONS] COMMAND")


def test_no_color_is_honoured(run):
    coloured = run("gap", "zone-output", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[36m" in coloured  # ids are cyan on a terminal
    plain = run("gap", "zone-output", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[36m" not in plain


def test_data_option_and_environment_agree(run, write_toml, tmp_path):
    one = write_toml(minimal(), "one.toml")
    two = write_toml(minimal().replace('"widgets"', '"gadgets"'), "two.toml")
    by_option = run("gap", "--data", one, "--data", two, "--json").stdout
    by_env = run("gap", "--json", env={"FTZCALC_DATA": f"{one}{os.pathsep}{two}"}).stdout
    assert by_option == by_env
    doc = json.loads(by_option)
    assert doc["data"][1:] == [one, two]
    assert [m["id"] for m in doc["metrics"]][-2:] == ["widgets", "gadgets"]
    # --data wins over the variable
    only_one = run("gap", "--json", "--data", one, env={"FTZCALC_DATA": two}).stdout
    assert json.loads(only_one)["data"][1:] == [one]


def test_completion_of_metric_ids(run):
    env = {
        "_FTZCALC_COMPLETE": "bash_complete",
        "COMP_WORDS": "ftzcalc gap zone-",
        "COMP_CWORD": "2",
    }
    result = run(env=env)
    assert result.stdout == "plain,zone-output\nplain,zone-projects\n"


def test_ctrl_c_exits_130_without_traceback():
    code = (
        "import sys, time\n"
        "from ftzcalc.cli import gap, main\n"
        "gap.load = lambda *args: (print('ready', flush=True), time.sleep(30))\n"
        "sys.argv = ['ftzcalc', 'gap']\n"
        "main()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert (proc.returncode, out, err.strip()) == (130, "", "Error: interrupted")


def test_closed_pipe_stops_quietly():
    proc = subprocess.Popen(
        [sys.executable, "-m", "ftzcalc", "targets", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    proc.stdout.close()
    assert proc.wait(timeout=10) in (0, 1)
    assert proc.stderr.read() == b""
