"""Rewrite README.md's generated parts from the installed ftzcalc: the ``ftzcalc gap`` output
blocks (piped, and at 80 columns), the output under every ``$ ftzcalc ...`` line of a
``console`` block, and the charts of ``docs/figures/`` (:data:`FIGURES`) with the block of the
README that shows them.

Run after changing output: python scripts/update_readme.py. tests/test_docs.py fails until then.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
FIGURES_DIR = "docs/figures"
#: The six industry baselines the README's examples assume (the article gives none).
BASELINES = (
    "--baseline intelligent-manufacturing=250 --baseline new-energy-vehicles=100 "
    "--baseline ic-chips=5 --baseline lcd-panels=10 --baseline biomedicine=40 "
    "--baseline instruments=30"
)
#: The charts the README shows: (file name in docs/figures, what it shows, the command).
FIGURES = (
    (
        "project.svg",
        "zone-output at the city's two 2018 paces and at 25% a year",
        "ftzcalc project zone-output --rate ref:city-industrial-va-growth-2018 "
        "--rate ref:city-equipment-va-growth-2018 --rate 25% --until 2026",
    ),
    (
        "sensitivity.svg",
        "zone-output's end value over growth rates and target years",
        "ftzcalc sensitivity zone-output --rates 15%:30%:2.5% --years 2021:2025",
    ),
    (
        "simulate.svg",
        "the chance of each target under uncertain growth, and what drives the zone's total",
        "ftzcalc simulate --growth 'triangular(15%, 20%, 25%)' "
        "--growth 'intelligent-manufacturing=lognormal(0.18, 0.06)' --seed 2023 " + BASELINES,
    ),
    (
        "scenario.svg",
        "every target under the three scenarios",
        "ftzcalc scenario " + BASELINES,
    ),
    (
        "gap.svg",
        "required growth and progress, with the invented figures of the example overlay",
        "ftzcalc gap zone-output intelligent-manufacturing new-energy-vehicles ic-chips "
        "biomedicine zone-energy-intensity --data examples/illustrative-actuals.toml",
    ),
)


def figure_args(command: str, path: str) -> list[str]:
    """The arguments of ``ftzcalc`` that draw a figure of :data:`FIGURES` to ``path``."""
    return [*shlex.split(command)[1:], "--lang", "en", "--plot", path, "--force"]


def figures_markdown() -> str:
    """The README block that shows the figures, with the command that draws each."""
    parts = []
    for name, what, command in FIGURES:
        path = f"{FIGURES_DIR}/{name}"
        parts.append(f"```sh\n{command} --plot {path}\n```\n\n![{what}]({path})\n")
    return "\n".join(parts)


def draw_figures() -> None:
    """Draw every figure of :data:`FIGURES` into docs/figures."""
    folder = README.parent / FIGURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    env = {"PATH": "/usr/bin:/bin"}
    for var in ("HOME", "MPLCONFIGDIR"):  # matplotlib's font cache, not rebuilt at every run
        if var in os.environ:
            env[var] = os.environ[var]
    for name, _what, command in FIGURES:
        subprocess.run(
            [sys.executable, "-m", "ftzcalc", *figure_args(command, f"{FIGURES_DIR}/{name}")],
            check=True, stdout=subprocess.DEVNULL, env=env, cwd=README.parent,
        )  # fmt: skip
    (folder / DRAWN_WITH).write_text(drawn_with() + "\n", encoding="utf-8")


#: The file that says which matplotlib drew the figures: another may place text differently.
DRAWN_WITH = "drawn-with.txt"


def drawn_with() -> str:
    import matplotlib

    return f"matplotlib {matplotlib.__version__}"


def ftzcalc(command: str, columns: int | None = None) -> str:
    command, _, head = command.partition(" | head -")
    args = shlex.split(command)[1:]
    env = {"PATH": "/usr/bin:/bin", **({"COLUMNS": str(columns)} if columns else {})}
    out = subprocess.run(
        [sys.executable, "-m", "ftzcalc", *args], capture_output=True, text=True,
        env=env, cwd=README.parent,
    ).stdout  # fmt: skip
    return "".join(out.splitlines(keepends=True)[: int(head)]) if head else out


def main() -> None:
    text = README.read_text(encoding="utf-8")
    text = re.sub(
        r"(<!-- gap-output:begin -->\n```text\n)(.*?)(```\n<!-- gap-output:end -->)",
        lambda m: m.group(1) + ftzcalc("ftzcalc gap") + m.group(3),
        text,
        flags=re.S,
    )
    text = re.sub(
        r"(<!-- gap-output-80:begin -->\n```text\n)(.*?)(```\n<!-- gap-output-80:end -->)",
        lambda m: m.group(1) + ftzcalc("ftzcalc gap", columns=80) + m.group(3),
        text,
        flags=re.S,
    )

    def console(m: re.Match[str]) -> str:
        command = m.group(2)
        return m.group(1) + command + "\n" + ftzcalc(command) + "```"

    text = re.sub(r"(```console\n\$ )(.*?)\n.*?```", console, text, flags=re.S)
    text = re.sub(
        r"(<!-- figures:begin -->\n)(.*?)(<!-- figures:end -->)",
        lambda m: m.group(1) + figures_markdown() + m.group(3),
        text,
        flags=re.S,
    )
    README.write_text(text, encoding="utf-8")
    draw_figures()


if __name__ == "__main__":
    main()
