"""Bring the message catalogues up to date with the source, with Babel.

Extracts every message of ftzcalc (``_``, ``N_``, ``Message``, ``ngettext``) and of the
installed Click (its usage errors and help headings reach users too), merges them into each
language's ``.po`` under ``src/ftzcalc/locale`` (new messages untranslated, gone ones dropped)
and compiles the ``.mo`` that ftzcalc reads at run time.

Run after adding or changing a message: python scripts/update_catalogs.py; then translate the
new entries of the ``.po`` and run it again. tests/test_i18n.py fails until the catalogue
is complete and compiled.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ftzcalc"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("zh",)
KEYWORDS = {"_": None, "N_": None, "Message": None, "ngettext": (1, 2)}


def template() -> Catalog:
    """Every message of ftzcalc, then Click's, without source locations (so that moving code
    does not churn the catalogue)."""
    import click

    catalog = Catalog(project="ftzcalc", fuzzy=False)
    sources = [(PACKAGE, KEYWORDS), (Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)})]
    for folder, keywords in sources:
        for _file, _line, message, comments, context in extract_from_dir(
            str(folder), keywords=keywords, comment_tags=("Translators:",)
        ):
            if message and message != "":
                catalog.add(message, None, auto_comments=comments, context=context)
    from ftzcalc.cli import cli
    from ftzcalc.cli.helptext import help_texts

    for text in help_texts(cli):  # the commands' own help, as Click keeps it
        catalog.add(text, None, auto_comments=["help text"])
    return catalog


def translated(message: Message) -> bool:
    """Whether a catalogue entry has its translation (every form, for a plural)."""
    string = message.string
    forms = list(string) if isinstance(string, (tuple, list)) else [string]
    return all(forms)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "ftzcalc.po"


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="ftzcalc", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def main() -> int:
    source = template()
    for language in LANGUAGES:
        catalog = read(language)
        source.creation_date = catalog.creation_date  # no churn in the header
        catalog.update(source, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = po_path(language)
        os.makedirs(path.parent, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True,
                     no_location=True)  # fmt: skip
        path.with_suffix(".mo").write_bytes(compiled(catalog))
        missing = [m.id for m in catalog if m.id and not translated(m)]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
