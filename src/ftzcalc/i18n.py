"""Words a person reads, in English or Chinese, from gettext message catalogues.

The library speaks English: its errors and reasons are :class:`Message`\\ s, English text that
remembers its template and values. The command line says them again in the user's language
with :func:`localize`, after :func:`use` picked the catalogue
(``ftzcalc/locale/zh/LC_MESSAGES/ftzcalc.mo``, compiled from the ``.po`` beside it by
``scripts/update_catalogs.py``). JSON and CSV stay in English: they are for programs.

Click's own messages (``No such option``) go through the standard ``gettext`` domain, which
:func:`use` points at the same catalogue.
"""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Iterator, Mapping
from typing import Any

DOMAIN = "ftzcalc"
LANGUAGES = ("en", "zh")
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_command_line = False  # set while the command line speaks: see Named


class Message(str):
    """English text made from a template and values, that can be said again in another
    language: ``Message("{id} has no baseline", id="ic-chips")``.

    >>> m = Message("{id} has no baseline", id="ic-chips")
    >>> m, m.template, m.params
    ('ic-chips has no baseline', '{id} has no baseline', {'id': 'ic-chips'})
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = template.format(**params) if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self


class Named:
    """A thing a message names that the command line writes one way and Python another: the
    option ``--as-of`` is the parameter ``as_of``. It reads as the command line writes it while
    the command line speaks (:func:`speaking` with ``command_line``), else as Python does, so
    the library's messages name what its caller typed.

    >>> Message("no {option} year", option=Named("--as-of", "as_of"))
    'no as_of year'
    """

    __slots__ = ("command_line", "python")

    def __init__(self, command_line: str, python: str) -> None:
        self.command_line = command_line
        self.python = python

    def __str__(self) -> str:
        text = self.command_line if _command_line else self.python
        return localize(text) if isinstance(text, Message) else text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Named({self.command_line!r}, {self.python!r})"


def N_(message: str) -> str:  # gettext's name for "mark now, translate later"
    """Mark ``message`` for the catalogue without translating it yet (a constant)."""
    return message


def language_from(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: ``$FTZCALC_LANG``, else the locale (``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them) when it is Chinese, else
    English.

    >>> language_from({"LANG": "zh_CN.UTF-8"}), language_from({"LANG": "de_DE.UTF-8"})
    ('zh', 'en')
    >>> language_from({"FTZCALC_LANG": "en", "LANG": "zh_CN.UTF-8"})
    'en'
    """
    chosen = environ.get("FTZCALC_LANG", "").strip()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"


def use(language: str) -> None:
    """Speak ``language`` from now on."""
    global _catalogue, _language
    _language = language if language in LANGUAGES else "en"
    if _language == "en":
        _catalogue = gettext.NullTranslations()
    else:
        _catalogue = gettext.translation(DOMAIN, LOCALE_DIR, [_language], fallback=True)


@contextlib.contextmanager
def speaking(language: str, command_line: bool = False) -> Iterator[None]:
    """Speak ``language`` inside the block, Click's messages included: Click calls
    ``gettext.gettext``, which reads the global domain in the language of ``$LANGUAGE``, so
    both are set for the block and put back after it. With ``command_line``, messages name
    things as the command line writes them (:class:`Named`)."""
    global _command_line
    before, domain = os.environ.get("LANGUAGE"), gettext.textdomain()
    was_command_line, _command_line = _command_line, command_line
    use(language)
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _language
    try:
        yield
    finally:
        _command_line = was_command_line
        gettext.textdomain(domain)
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def language() -> str:
    """The language in use."""
    return _language


def _(message: str) -> str:
    """``message`` in the language in use."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue.ngettext(singular, plural, n)


def message_of(exc: BaseException) -> str:
    """What an exception says: the :class:`Message` it was raised with, where it has one (so it
    can be said again in another language), else its text."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message if isinstance(message, Message) else str(exc)


def said(exc: BaseException) -> str:
    """What an exception says, in the language in use."""
    return localize(message_of(exc))


def localize(text: str) -> str:
    """``text`` in the language in use: a :class:`Message` is rebuilt from its translated
    template and its values (those that are messages, localized too); a plain string is
    looked up as it is."""
    if _language == "en":
        return str(text)
    if isinstance(text, Message):
        params = {k: localize(v) if isinstance(v, Message) else v for k, v in text.params.items()}
        return _(text.template).format(**params)
    return _(text)
