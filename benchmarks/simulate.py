"""Speed and memory of ``ftzcalc simulate``, measured on the machine it runs on.

Prints: the time for 10^6 trials over every seed metric that can be simulated (the shipped
dataset with assumed baselines for the six industries), with and without a rank correlation;
the time numpy's generator takes to draw the same number of random values alone; their ratios;
and the peak memory of whole runs of 10^5, 10^6 and 10^7 trials, each in a process of its own,
as /usr/bin/time -v measures it (apt-get install time), else as a fresh parent process does.

Run: python benchmarks/simulate.py. A benchmark to run and report, not a test.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

from ftzcalc.dataset import load, replace_baseline, shipped_data_path
from ftzcalc.distributions import parse_distribution
from ftzcalc.simulation import DEFAULT_CHUNK, plan, simulate

#: Assumed 2018 outputs of the six industries (亿元): the article gives none.
ASSUMED_BASELINES = {
    "intelligent-manufacturing": 250,
    "new-energy-vehicles": 100,
    "ic-chips": 5,
    "lcd-panels": 10,
    "biomedicine": 40,
    "instruments": 30,
}
DISTRIBUTION = "triangular(15%, 20%, 25%)"
TRIALS = 1_000_000


def seed_plan(rho: float | None = None):
    dataset = load(shipped_data_path())
    for metric_id, value in ASSUMED_BASELINES.items():
        dataset = replace_baseline(dataset, metric_id, value)
    return plan(dataset, default=parse_distribution(DISTRIBUTION), rho=rho)


def time_simulation(rho: float | None, runs: int) -> tuple[float, int]:
    p = seed_plan(rho)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        simulate(p.items, p.parents, TRIALS, seed=1, rank_correlation=p.correlation)
        times.append(time.perf_counter() - start)
    draws = TRIALS * len(p.items) * max(i.years for i in p.items)
    return statistics.median(times), draws


def time_drawing(draws: int, runs: int, kind: str) -> float:
    """numpy's generator alone: the same number of values, in the same chunks, as the
    simulation draws them: triangular values (independent years), or standard normals (the
    copula's draws, when metrics are correlated)."""
    rng = np.random.Generator(np.random.PCG64(1))
    out = np.empty(DEFAULT_CHUNK)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        left = draws
        while left > 0:
            n = min(DEFAULT_CHUNK, left)
            if kind == "triangular":
                rng.triangular(1.15, 1.20, 1.25, n)
            else:
                rng.standard_normal(n, out=out[:n])
            left -= n
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(trials: int) -> float:
    """Peak resident memory of the `ftzcalc simulate` process itself, in MB: as GNU time
    (/usr/bin/time -v) reports it, else as a fresh Python process reports it for its one child.

    Not this process's ``ru_maxrss``, nor its child's own ``RUSAGE_SELF``: Linux carries the
    peak of the process that starts a program over into it (Python starts children with vfork),
    so either would report this benchmark's own peak, 130 MB after the timings above, whatever
    the simulation took."""
    args = [sys.executable, "-m", "ftzcalc", "simulate", "--growth", DISTRIBUTION,
            "--trials", str(trials), "--seed", "1", "--json"]  # fmt: skip
    args += [a for k, v in ASSUMED_BASELINES.items() for a in ("--baseline", f"{k}={v}")]
    if os.access(GNU_TIME, os.X_OK):
        out = subprocess.run([GNU_TIME, "-v", *args], capture_output=True, text=True, check=True)
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
        if match is None:
            raise RuntimeError(f"{GNU_TIME} -v reported no peak memory:\n{out.stderr}")
        return int(match.group(1)) / 1024
    out = subprocess.run([sys.executable, "-c", CHILD_PEAK, *args], capture_output=True,
                         text=True, check=True)  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1]) / 1024  # ru_maxrss is in KB on Linux


GNU_TIME = "/usr/bin/time"
#: Run the command in argv as the only child of a small process, then print the child's peak.
CHILD_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def main() -> None:
    runs = 5
    python = sys.version.split()[0]
    metrics = len(seed_plan().items)
    print(f"simulate: {metrics} metrics, {DISTRIBUTION}, {TRIALS:,} trials, median of {runs} runs")
    print(f"  numpy {np.__version__}, Python {python}")
    plain, draws = time_simulation(None, runs)
    correlated, _ = time_simulation(0.5, runs)
    triangular = time_drawing(draws, runs, "triangular")
    normals = time_drawing(draws, runs, "normal")
    print(f"  drawing {draws:,} triangular values alone:  {triangular:.3f} s")
    print(f"  drawing {draws:,} standard normals alone:   {normals:.3f} s")
    print(
        f"  simulation, uncorrelated:       {plain:.3f} s = {plain / triangular:.2f} x its drawing"
    )
    ratio = correlated / normals
    print(f"  simulation, rank correlation:   {correlated:.3f} s = {ratio:.2f} x its drawing")
    for trials in (10**5, 10**6, 10**7):
        print(f"  peak memory, {trials:>10,} trials: {peak_memory_mb(trials):7.1f} MB")


if __name__ == "__main__":
    main()
