"""The README tells the truth: every command is documented and every example prints what it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from ftzcalc.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in cli.commands:
        assert f"### `ftzcalc {name}`" in TEXT, f"README has no section for ftzcalc {name}"


def _between(tag: str) -> str:
    match = re.search(rf"<!-- {tag}:begin -->\n```\w*\n(.*?)```\n<!-- {tag}:end -->", TEXT, re.S)
    assert match, f"README lacks the {tag} block"
    return match.group(1)


def test_quick_start_is_two_commands():
    lines = _between("quickstart").strip().splitlines()
    assert lines == ["python -m pip install '.[test]' && ftzcalc gap", "python -m pytest"]


def test_gap_output_in_readme_is_current(run):
    assert _between("gap-output") == run("gap").stdout
    assert _between("gap-output-80") == run("gap", env={"COLUMNS": "80"}).stdout


def _console_examples() -> list[tuple[str, str]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", TEXT, re.S):
        command, _, output = block.partition("\n")
        examples.append((command.removeprefix("$ "), output))
    return examples


@pytest.mark.parametrize(("command", "expected"), _console_examples())
def test_console_examples(command, expected, run, monkeypatch):
    monkeypatch.chdir(README.parent)  # examples name files relative to the repository
    command, _, head = command.partition(" | head -")
    args = shlex.split(command)
    assert args[0] == "ftzcalc"
    result = run(*args[1:])
    assert result.exit_code in (0, 1), result.stderr  # `check` exits 1 on a broken file
    output = result.stdout
    if head:
        output = "".join(output.splitlines(keepends=True)[: int(head)])
    assert output == expected
