"""The Chinese interface: every message has a Chinese entry, the compiled catalogue is current,
and the commands speak Chinese when asked, by --lang or by the locale."""

from __future__ import annotations

import importlib.util
import string
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_catalogs", ROOT / "scripts" / "update_catalogs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["update_catalogs"] = module
    spec.loader.exec_module(module)
    return module


catalogs = _script()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _own_messages():
    from babel.messages.extract import extract_from_dir

    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(catalogs.PACKAGE), keywords=catalogs.KEYWORDS
        )
    }


def test_every_message_of_ftzcalc_has_a_chinese_entry():
    from ftzcalc.cli import cli
    from ftzcalc.cli.helptext import help_texts

    zh = catalogs.read("zh")
    wanted = _own_messages() | set(help_texts(cli))  # the commands' help too
    missing = sorted(m for m in wanted if not (zh.get(m) and catalogs.translated(zh.get(m))))
    assert missing == [], "no Chinese for: " + "; ".join(missing[:20])


def test_translations_keep_their_placeholders():
    for message in catalogs.read("zh"):
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if "python-format" in message.flags:
            continue  # Click's %(prog)s style, checked by Babel itself
        for translated in strings:
            assert _fields(translated) == _fields(ids[-1]), (message.id, translated)


def test_compiled_catalogue_is_current():
    zh = catalogs.read("zh")
    assert catalogs.po_path("zh").with_suffix(".mo").read_bytes() == catalogs.compiled(zh)


def test_gap_table_in_chinese(run):
    out = run("gap", "zone-output", "ic-chips", "--lang", "zh").stdout
    assert out.startswith("距离目标\n")
    assert "青岛片区先进制造业产值" in out
    assert "≤1,000" in out and "≤24.57%" in out  # numbers keep their format


@pytest.mark.parametrize("variable", ["LANG", "LC_ALL", "LANGUAGE"])
def test_chinese_locale_is_the_default_and_lang_overrides_it(run, variable):
    assert run("gap", env={variable: "zh_CN.UTF-8"}).stdout.startswith("距离目标\n")
    assert run("gap", "--lang", "en", env={variable: "zh_CN.UTF-8"}).stdout.startswith(
        "Gap to target\n"
    )


def test_errors_in_chinese(run):
    unknown = run("gap", "zone-outptu", "--lang", "zh")
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert unknown.stderr.startswith("错误：")
    assert "zone-output" in unknown.stderr
    click_error = run("gap", "--nope", "--lang", "zh")
    assert click_error.exit_code == 2 and click_error.stderr.startswith("错误：")
    assert "--nope" in click_error.stderr and "No such option" not in click_error.stderr


def test_json_stays_in_english(run):
    import json

    en = json.loads(run("gap", "--json").stdout)
    zh = json.loads(run("gap", "--json", "--lang", "zh").stdout)
    assert en == zh


def test_help_in_chinese_fits_80_columns(run):
    from rich.cells import cell_len

    top = run("--lang", "zh", "--help", env={"COLUMNS": "80"})
    assert (
        top.exit_code == 0
        and "用法：" in top.stdout
        and "显示本帮助信息并退出" in top.stdout
        and "选项：" in top.stdout
    )
    for command in ("gap", "targets", "check", "solve", "project", "scenario", "sensitivity",
                    "simulate"):  # fmt: skip
        page = run(command, "--help", "--lang", "zh", env={"COLUMNS": "80"}).stdout
        assert "--lang" in page and "用法：" in page
        prose = [line for line in page.splitlines() if cell_len(line) > len(line)]  # Chinese
        assert max(cell_len(line) for line in prose) <= 80, command
    english = run("gap", "--help").stdout
    assert "How far each target is" in english and "用法" not in english
