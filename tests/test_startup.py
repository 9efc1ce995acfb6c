"""Start-up: --help, completion and JSON output must not import numpy or Rich; no command
imports matplotlib or a workbook library unless it draws a chart or writes a report.

This checks which modules load, not how long they take; timings are measured by
benchmarks/startup.py and reported, never asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('HEAVY=' + ','.join(sorted("
    "m for m in ('numpy', 'rich', 'matplotlib', 'xlsxwriter', 'openpyxl')"
    " if m in sys.modules)) + '\\n'))\n"
    "from ftzcalc.cli import main\n"
    "main()\n"
)


def heavy_imports(*args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})},
    )  # fmt: skip
    line = [x for x in out.stderr.splitlines() if x.startswith("HEAVY=")][-1]
    return line.removeprefix("HEAVY="), out.stdout


@pytest.mark.parametrize(
    "args",
    [["--help"], ["gap", "--help"], ["gap", "--format", "json"], ["gap", "--format", "csv"],
     ["targets", "--json"], ["solve", "--start", "1", "--end", "2", "--years", "1", "--json"],
     ["project", "zone-output", "--json"], ["scenario", "--format", "csv"], ["check", "--json"]],
)  # fmt: skip
def test_machine_output_and_help_import_neither_numpy_nor_rich(args):
    heavy, stdout = heavy_imports(*args)
    assert heavy == ""
    assert stdout  # the command really ran
    if "json" in args:
        json.loads(stdout)


def test_a_command_imports_no_other_command():
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('CLI=' + ','.join(sorted("
        "m for m in sys.modules if m.startswith('ftzcalc.cli.'))) + '\\n'))\n"
        "from ftzcalc.cli import main\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, "gap", "--json"], capture_output=True,
                         text=True)  # fmt: skip
    line = [x for x in out.stderr.splitlines() if x.startswith("CLI=")][-1]
    assert line == "CLI=ftzcalc.cli.app,ftzcalc.cli.gap,ftzcalc.cli.helptext,ftzcalc.cli.options"


def test_completion_imports_neither():
    env = {"_FTZCALC_COMPLETE": "bash_complete", "COMP_WORDS": "ftzcalc gap ic", "COMP_CWORD": "2"}
    heavy, stdout = heavy_imports(env=env)
    assert heavy == "" and stdout == "plain,ic-chips\n"


def test_table_output_does_import_rich():
    heavy, _ = heavy_imports("gap")
    assert heavy == "rich"


@pytest.mark.parametrize(
    "args",
    [["sensitivity", "zone-output", "--json"],
     ["simulate", "--growth", "20%", "--trials", "10", "--json"]],
)  # fmt: skip
def test_only_grids_and_simulations_import_numpy(args):
    heavy, stdout = heavy_imports(*args)
    assert heavy == "numpy" and json.loads(stdout)["schema"].startswith("ftzcalc.")
