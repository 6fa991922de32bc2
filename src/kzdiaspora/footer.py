"""The words of the provenance footer under a figure or table, in the page's language.

:func:`kzdiaspora.publish.figure` and :func:`kzdiaspora.publish.table` gather what a footer
names (bibliography keys, the figures and tables it shares sources with, the copies read, the
data download, the code); :func:`provenance` puts it in words: ``**Source:** … **Data:** …``
in English, ``**Источник:** … **Данные:** …`` in Russian, with Russian plural forms after a
count (:func:`kzdiaspora.i18n.ngettext`). The citations, file and function names stay as they are.
"""

from __future__ import annotations

from . import i18n
from .i18n import gettext as _

__all__ = ["FOOTER_SOURCES", "exhibit_ref", "folded", "provenance"]

#: How many sources and copies a footer lists in the open; a longer list is folded.
FOOTER_SOURCES = 8


def exhibit_ref(name: str, kind: str) -> str:
    """MyST for the number of figure or table ``name`` (``kind``: ``"figure"`` or ``"table"``)
    after "the sources of": Sphinx's own title in English (``Table 12``); in Russian the title in
    the genitive the phrase needs («таблицы 12», «рис. 12»)."""
    if i18n.language() == i18n.LANGUAGES[0]:
        return f"{{numref}}`{name}`"
    if kind == "figure":
        title = i18n.pgettext("after 'the sources of'", "Figure %s")
    else:
        title = i18n.pgettext("after 'the sources of'", "Table %s")
    return f"{{numref}}`{title} <{name}>`"


def folded(summary: str, text: str) -> str:
    """MyST for a folded part of a footer: HTML's ``details`` around a paragraph of MyST (print,
    which drops the HTML, shows the paragraph)."""
    return f'\n\n<details class="provenance-more"><summary>{summary}</summary>\n\n{text}\n\n</details>'


def provenance(
    *,
    note: str | None,
    keys: list[str],
    refs: dict[str, str],
    copies: list[str],
    data: str,
    template: str | None,
    functions: list[tuple[str, int]],
) -> str:
    """The footer (a MyST ``provenance`` container): the note, the sources (bibliography
    ``keys``; ``refs``: figures and tables shown earlier whose sources this one shares, name ->
    kind; the ``copies`` read, keys), the data download (``data``: MyST of its link), the page's
    template (path relative to ``book/``) and the library ``functions`` (MyST of a link, line).
    A list of more than :data:`FOOTER_SOURCES` sources and copies is folded under "Sources"."""
    parts = [_("**Note:** {note}").format(note=note)] if note else []
    referred = [_("the sources of {exhibit}").format(exhibit=exhibit_ref(r, kind)) for r, kind in refs.items()]
    cited = ([f"{{cite:p}}`{','.join(keys)}`"] if keys else []) + referred
    read_in = "; " + _("read in {citation}").format(citation=f"{{cite:p}}`{','.join(copies)}`") if copies else ""
    more = []
    if len(keys) + len(copies) > FOOTER_SOURCES:
        # a long list folded, so that the footer stays shorter than its exhibit
        if i18n.language() == i18n.LANGUAGES[0]:  # the English edition's words, byte for byte ("1 copies" too)
            counted = f"{len(keys)} publications" + (f", read in {len(copies)} copies" if copies else "")
        else:
            counted = i18n.ngettext("{n} publication", "{n} publications", len(keys)).format(n=len(keys))
            if copies:
                n = len(copies)
                counted += ", " + i18n.ngettext("read in {n} copy", "read in {n} copies", n).format(n=n)
        counted = "; ".join([counted, *referred])
        parts.append(_("**Source:** {sources}, listed under “Sources”.").format(sources=counted))
        more.append(folded(_("Sources"), f"{'; '.join(cited)}{read_in}."))
    else:
        parts.append(_("**Source:** {sources}.").format(sources=f"{'; '.join(cited)}{read_in}"))
    parts.append(_("**Data:** {download}.").format(download=data))
    if template:
        parts.append(_("**Code:** {download}.").format(download=f"{{download}}`{template} </{template}>`"))
    if functions:  # names for programmers, not for the reading path
        links = ", ".join(f"{link} " + _("(line {line})").format(line=line) for link, line in functions)
        more.append(folded(_("Functions"), _("Library functions: {functions}.").format(functions=links)))
    return ":::{container} provenance\n" + " ".join(parts) + "".join(more) + "\n:::"
