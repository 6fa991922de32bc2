"""The language of the text a page's code writes: captions, table headers, chart labels and
glued phrases.

The edition is written in English and translated into Russian. Prose written by hand (the
Markdown of the pages) is translated by Sphinx's catalogs under ``book/locale/``; text written
by this library and the chapters' code goes through gettext with the catalog
``src/kzdiaspora/locale/<language>/LC_MESSAGES/kzdiaspora.po``, read directly (no compiled
``.mo`` file is kept). Numbers and dates are formatted for the language by :mod:`kzdiaspora.fmt`
with Babel.

A module of the library imports ``from .i18n import gettext as _`` (the house rules keep names
starting with an underscore private to their module). A page sets its language once, from its
``language`` parameter::

    i18n.set_language(language)           # "en" (the default) or "ru"
    _("Net migration")                     # -> "Сальдо миграции" on a Russian page
    ngettext("{n} country", "{n} countries", n).format(n=fmt.count(n))

A string defined when a module is imported (a dict of labels, a constant) is marked with
:func:`N_` and translated where it is used, with :func:`_`: modules are imported before a page
sets its language (the kernels are forked from a process that has imported them).
"""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

from . import paths

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "data_text",
    "gettext",
    "language",
    "locale",
    "name",
    "ngettext",
    "pgettext",
    "set_language",
]

#: The languages of the edition; the first is the one it is written in.
LANGUAGES = ("en", "ru")
#: The catalogs of the library's messages (one ``<language>/LC_MESSAGES/kzdiaspora.po`` each).
LOCALE_DIR = Path(__file__).parent / "locale"
#: The names of people, places, institutions and publications in each language but English, and
#: where each form comes from (``book/locale/<language>/names.csv``; see the README there).
NAMES_DIR = paths.BOOK / "locale"
DOMAIN = "kzdiaspora"

_current = {"language": LANGUAGES[0]}


def set_language(code: str) -> None:
    """Make ``code`` (one of :data:`LANGUAGES`) the language of the text written from now on.

    Raises ValueError for a language the edition does not have."""
    if code not in LANGUAGES:
        raise ValueError(f"language {code!r}: the edition is written in {', '.join(LANGUAGES)}")
    _current["language"] = code


def language() -> str:
    """The current language's code: ``"en"`` or ``"ru"``."""
    return _current["language"]


def locale() -> str:
    """The current language as a Babel locale identifier (``"en"``, ``"ru"``)."""
    return _current["language"]


@functools.cache
def _translations(code: str):
    """The gettext translations of ``code`` from its ``.po`` catalog (fuzzy entries left out),
    or None for the edition's own language. Raises FileNotFoundError if the catalog is missing."""
    if code == LANGUAGES[0]:
        return None
    # Babel only when a page is not in English: the English kernels never import it
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str) -> str:
    """``message`` in the current language (itself if the catalog has no translation). Modules
    import it under gettext's usual name, which the catalog command looks for:
    ``from .i18n import gettext as _``."""
    t = _translations(language())
    return message if t is None else t.gettext(message)


#: :func:`gettext` under its usual short name (for the chapters' code).
_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that goes with the number ``n``, in the current language (Russian
    has three: 1 страна, 2 страны, 5 стран). Format the number into the result yourself."""
    t = _translations(language())
    if t is None:
        return singular if n == 1 else plural
    return t.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where the same English words need different
    translations in different places (``context`` tells them apart)."""
    t = _translations(language())
    return message if t is None else t.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (see the module's note)."""
    return message


def data_text(text: str, resource: str, column: str) -> str:
    """A text value of the data package (a label, a description) in the current language: its
    translation in the library's catalog under the context ``"<resource>.<column>"``, or itself."""
    context = f"{resource}.{column}"
    t = _translations(language())
    return text if t is None else t.pgettext(context, text)


@functools.cache
def _names(code: str) -> dict[str, str]:
    """English name -> its form in ``code``, from ``book/locale/<code>/names.csv``."""
    with (NAMES_DIR / code / "names.csv").open(encoding="utf-8", newline="") as fh:
        return {row["english"]: row["russian" if code == "ru" else code] for row in csv.DictReader(fh)}


def name(english: str) -> str:
    """A name of a person, place, institution or publication, as written in English, in the
    current language: itself in English, else its form in ``book/locale/<language>/names.csv``
    (the forms the institutions use; ``name("Kyrgyzstan")`` -> ``"Кыргызстан"``). Raises
    KeyError naming that file for a name it does not list."""
    if language() == LANGUAGES[0]:
        return english
    names = _names(language())
    if english not in names:
        where = (NAMES_DIR / language() / "names.csv").relative_to(paths.ROOT)
        raise KeyError(f"{english!r} is not in {where}: add its {language()} form and the form's source there")
    return names[english]
