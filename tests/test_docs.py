"""The README tells the truth: every command is documented and every example prints what it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from ftzcalc.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in cli.list_commands(click.Context(cli)):
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


def _update_readme():
    """scripts/update_readme.py, which draws the README's figures."""
    import importlib.util

    path = README.parent / "scripts" / "update_readme.py"
    spec = importlib.util.spec_from_file_location("update_readme", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_shows_every_figure_with_its_command():
    script = _update_readme()
    match = re.search(r"<!-- figures:begin -->\n(.*?)<!-- figures:end -->", TEXT, re.S)
    assert match, "README lacks the figures block"
    assert match.group(1) == script.figures_markdown()
    for name, _what, _command in script.FIGURES:
        assert (README.parent / script.FIGURES_DIR / name).is_file(), name


def test_readme_figures_are_current(run, tmp_path, monkeypatch):
    """Drawing the README's figures again gives the committed bytes (on a system with the font
    they were drawn with: text is measured in it; a new matplotlib may move things too, and
    python scripts/update_readme.py draws them again)."""
    from ftzcalc import i18n
    from ftzcalc.plots import common

    if common.cjk_font() != "Noto Sans CJK SC":
        pytest.skip("the figures were drawn with Noto Sans CJK SC, which is not installed")
    script = _update_readme()
    recorded = (README.parent / script.FIGURES_DIR / script.DRAWN_WITH).read_text().strip()
    if recorded != script.drawn_with():
        pytest.skip(f"the figures were drawn with {recorded}, not {script.drawn_with()}")
    monkeypatch.chdir(README.parent)  # the examples name files relative to the repository
    for name, _what, command in script.FIGURES:
        drawn = tmp_path / name
        result = run(*script.figure_args(command, str(drawn)))
        i18n.use("en")
        assert result.exit_code == 0, result.stderr
        committed = (README.parent / script.FIGURES_DIR / name).read_bytes()
        assert drawn.read_bytes() == committed, f"{name} is stale: python scripts/update_readme.py"
