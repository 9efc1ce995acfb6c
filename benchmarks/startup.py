"""Start-up times of ftzcalc commands next to ``python -c "import click"``, measured in one run.

Run: python benchmarks/startup.py [--runs N]. Prints the median and the best wall time of N runs of
each command (new processes, output to /dev/null), each against its floor: the JSON and help
against importing Click, the table against importing Click and Rich's console. The runs are
interleaved (a round of every command, N times), so that a change in the machine's load falls on
all of them alike. ftzcalc's modules are compiled to bytecode first, as an install does (with
PYTHONDONTWRITEBYTECODE set they would be compiled again in every run). ``python -X importtime
-m ftzcalc gap --format json`` then shows where each millisecond goes. A benchmark to run and
report, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

FTZCALC = (
    [shutil.which("ftzcalc") or ""]
    if shutil.which("ftzcalc")
    else [sys.executable, "-m", "ftzcalc"]
)
CLICK = 'python -c "import click"'
CLICK_RICH = 'python -c "import click, rich.console"'
COMMANDS = {
    CLICK: [sys.executable, "-c", "import click"],
    CLICK_RICH: [sys.executable, "-c", "import click, rich.console"],
    "ftzcalc --help": [*FTZCALC, "--help"],
    "ftzcalc gap --format json": [*FTZCALC, "gap", "--format", "json"],
    "ftzcalc gap": [*FTZCALC, "gap"],
}
#: What each command is measured against.
FLOORS = {"ftzcalc --help": CLICK, "ftzcalc gap --format json": CLICK, "ftzcalc gap": CLICK_RICH}


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def compile_ftzcalc() -> None:
    """Write the bytecode of every ftzcalc module, where an install would have."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("ftzcalc")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("ftzcalc") is None:
        print("note: ftzcalc is not on PATH; timing 'python -m ftzcalc'", file=sys.stderr)
    compile_ftzcalc()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():
        time_once(argv)  # warm the file cache
    for _ in range(args.runs):
        for name, argv in COMMANDS.items():
            times[name].append(time_once(argv))
    python = sys.version.split()[0]
    print(f"{'command':<38} {'median ms':>9} {'best ms':>8}  against  ({args.runs} runs, "
          f"Python {python})")  # fmt: skip
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    for name, t in times.items():
        floor = FLOORS.get(name)
        ratio = f"{medians[name] / medians[floor]:.2f}x {floor}" if floor else ""
        print(f"{name:<38} {medians[name]:>9.1f} {min(t) * 1000:>8.1f}  {ratio}")


if __name__ == "__main__":
    main()
