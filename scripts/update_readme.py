"""Rewrite README.md's generated parts from the installed ftzcalc: the ``ftzcalc gap`` output
blocks (piped, and at 80 columns) and the output under every ``$ ftzcalc ...`` line of a
``console`` block.

Run after changing output: python scripts/update_readme.py. tests/test_docs.py fails until then.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


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
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
