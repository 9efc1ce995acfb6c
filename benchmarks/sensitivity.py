"""Time a 100 × 100 sensitivity grid: the numpy computation alone, and the whole command.

Run: python benchmarks/sensitivity.py [--runs N]. A benchmark to run and report, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from ftzcalc.dataset import load, shipped_data_path
from ftzcalc.grids import grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    metric = load(shipped_data_path()).metric("zone-output")
    rates = [i / 200 for i in range(100)]  # 0% to 49.5%
    years = list(range(2019, 2119))  # 100 target years
    grid(metric, rates, years=years)  # warm up: numpy's first call loads its kernels
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        grid(metric, rates, years=years)
        times.append(time.perf_counter() - start)
    median, best = statistics.median(times) * 1000, min(times) * 1000
    print(f"grid() 100 x 100: median {median:.2f} ms, best {best:.2f} ms ({args.runs} runs)")
    ftzcalc = shutil.which("ftzcalc")
    command = [ftzcalc] if ftzcalc else [sys.executable, "-m", "ftzcalc"]
    argv = [*command, "sensitivity", "zone-output", "--rates", "0%:49.5%:0.5%",
            "--years", "2019:2118"]  # fmt: skip
    for fmt in ("json", "csv", "table"):
        runs = []
        for _ in range(max(3, args.runs // 4)):
            start = time.perf_counter()
            subprocess.run([*argv, "--format", fmt], stdout=subprocess.DEVNULL, check=True)
            runs.append(time.perf_counter() - start)
        median, best = statistics.median(runs) * 1000, min(runs) * 1000
        label = f"ftzcalc sensitivity (100 x 100, --format {fmt})"
        print(f"{label}: median {median:.0f} ms, best {best:.0f} ms")


if __name__ == "__main__":
    main()
