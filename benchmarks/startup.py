"""Start-up times of ftzcalc commands next to ``python -c "import click"``, measured in one run.

Run: python benchmarks/startup.py [--runs N]. Prints the median and the best wall time of N runs of
each command (new processes, output to /dev/null). A benchmark to run and report, not a test.
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
COMMANDS = {
    'python -c "import click"': [sys.executable, "-c", "import click"],
    "ftzcalc --help": [*FTZCALC, "--help"],
    "ftzcalc gap --format json": [*FTZCALC, "gap", "--format", "json"],
    "ftzcalc gap": [*FTZCALC, "gap"],
}


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("ftzcalc") is None:
        print("note: ftzcalc is not on PATH; timing 'python -m ftzcalc'", file=sys.stderr)
    python = sys.version.split()[0]
    print(f"{'command':<30} {'median ms':>10} {'best ms':>9}  ({args.runs} runs, Python {python})")
    baseline = None
    for name, argv in COMMANDS.items():
        time_once(argv)  # warm the file cache
        times = [time_once(argv) for _ in range(args.runs)]
        median = statistics.median(times) * 1000
        baseline = baseline or median
        print(f"{name:<30} {median:>10.1f} {min(times) * 1000:>9.1f}  ({median / baseline:.2f}x)")


if __name__ == "__main__":
    main()
