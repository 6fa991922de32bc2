"""The bibliography (``book/references.bib``): whom each work is by, and the label it is cited by.

One label per work, as in APA or Chicago author-date style: "Kazinform, 2023b".

* The authors are the family names an author-year citation gives: "Kazinform", "Adamson and
  Han", "Nurbek et al." (three or more); else the editors; else the title.
* The year carries a letter where the same authors have several works of one year, given in the
  order of the works' ``sortkey`` (as in biblatex), else of their titles; undated works are
  "n.d.-a", "n.d.-b".
* Works are ordered, and split between the bibliography's pages, by the names as written in Latin
  letters: accents and case ignored (Á with A, Ç with C, Ø with O), a name in another script by
  its transliteration (Қазинформ as Qazinform, by anyascii), punctuation before the first letter
  ignored ("Berek" under B); see :func:`sort_key` and :func:`filed_under`.

The book's citations and bibliography (:mod:`kzdiaspora_book.citations`) and the library's own
running text (the claims report, chart tooltips) both take their labels from here, so a work is
named the same everywhere. Only pybtex is needed: the Sphinx side imports this module without
the rest of the library.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from string import ascii_lowercase
from typing import Iterable, Iterator

import pybtex.database
from anyascii import anyascii
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.richtext import Text
from pybtex.style.names import name_part
from pybtex.style.template import join

from . import paths

UNDATED = "n.d."
#: Separator of several bibliography keys in one cell of the data (``worldbank2024;nurbek2025``).
SEPARATOR = ";"
#: Rendering to plain text (made once: pybtex finds a backend by scanning the entry points).
_PLAIN = PlainText()


@lru_cache(maxsize=1)
def entries() -> dict:
    """Every entry of ``book/references.bib`` (pybtex entries), by citation key."""
    return dict(pybtex.database.parse_file(str(paths.BIBLIOGRAPHY)).entries)


def _entry(key: str):
    entry = entries().get(key)
    if entry is None:
        raise KeyError(f"{key!r} is not a citation key of book/references.bib")
    return entry


def _family_name(person) -> Text:
    """A person's family name with its particles ("van der Berg"), LaTeX decoded."""
    return join[name_part(tie=True)[person.rich_prelast_names], name_part[person.rich_last_names]].format()


def authors(entry) -> str:
    """Whom a citation names (a pybtex entry): "Kazinform", "Adamson and Han", "Nurbek et al.";
    else the editors; else the title."""
    for role in ("author", "editor"):
        names = [name for name in map(_family_name, entry.persons.get(role, [])) if name]
        if names:
            text = (
                names[0]
                if len(names) == 1
                else (Text(names[0], " and ", names[1]) if len(names) == 2 else Text(names[0], " et al."))
            )
            return _plain(text)
    return _plain(Text.from_latex(entry.fields.get("title", "")))


def _plain(text: Text) -> str:
    return text.render(_PLAIN).replace("{", "").replace("}", "")


def _sort_text(text: str) -> str:
    """``text`` as the bibliography files it: in Latin letters without accents (a name in another
    script transliterated), case ignored, from its first letter or digit."""
    return re.sub(r"^[^0-9a-z]+", "", anyascii(text).casefold())


def sort_key(entry) -> tuple:
    """Where an entry goes in the bibliography: by authors, then year (undated last), then
    ``sortkey`` or title, each compared as :func:`_sort_text` writes it."""
    year = entry.fields.get("year", "")
    within = entry.fields.get("sortkey") or entry.fields.get("title", "")
    return (_sort_text(authors(entry)), year == "", year, _sort_text(within))


def filed_under(entry) -> str:
    """The letter (or digit) an entry is filed under: the first of its :func:`sort_key`, so that
    the bibliography's pages split where its order does ("a" for Ávila, "q" for Қазинформ)."""
    return sort_key(entry)[0][:1]


def format_labels(sorted_entries: Iterable) -> Iterator[str]:
    """The label of each entry, in the order given (sorted by :func:`sort_key`): "Authors, year",
    with a letter after the year where authors and year are shared."""
    bases = [f"{authors(e)}, {e.fields.get('year') or UNDATED}" for e in sorted_entries]
    shared = Counter(bases)
    seen: Counter = Counter()
    for base in bases:
        if shared[base] == 1:
            yield base
            continue
        letter = ascii_lowercase[seen[base]] if seen[base] < 26 else str(seen[base] + 1)
        seen[base] += 1
        yield f"{base}-{letter}" if base.endswith(UNDATED) else f"{base}{letter}"


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """The label of every work of the bibliography, by citation key."""
    ordered = sorted(entries().values(), key=sort_key)
    return {entry.key: label for entry, label in zip(ordered, format_labels(ordered))}


def year_of(label: str) -> str:
    """The year part of a label: "2023b" in "Kazinform, 2023b"."""
    return label.rsplit(", ", 1)[-1]


def author(key: str) -> str:
    """Whom the work ``key`` is by, as its citations name it ("Adamson and Han")."""
    return authors(_entry(key))


def label(key: str) -> str:
    """The label of the work ``key``: "Kazinform, 2023b". Raises KeyError for an unknown key."""
    _entry(key)
    return labels()[key]


def short_names(keys: Iterable[str]) -> str:
    """Works named in running text, without brackets: ``World Bank Group 2024; Plov Press n.d.``."""
    return "; ".join(f"{author(key)} {year_of(label(key))}" for key in keys)


def keys(*cells) -> list[str]:
    """The citation keys in cells of the data that hold several, separated by ``;`` (empty and
    missing cells skipped), each once, in order of appearance."""
    found = []
    for cell in cells:
        if isinstance(cell, str):
            found += [k.strip() for k in cell.split(SEPARATOR) if k.strip()]
    return list(dict.fromkeys(found))


def joined(*keys_or_cells: str) -> str:
    """Several keys (or cells holding keys) as one cell: ``worldbank2024; nurbek2025``."""
    return "; ".join(keys(*keys_or_cells))


#: Fields that name where a work was published, in order of preference.
_CONTAINERS = ("journal", "booktitle", "howpublished", "publisher", "institution", "school", "organization")


def records() -> list[dict[str, str]]:
    """Every work of the bibliography as plain text, in the bibliography's order: key, label (as
    cited, "Kazinform, 2023b"), authors (all of them, or the editors), year, title, published_in
    (journal, book, site or publisher), url, doi and note. Used to look up the keys of the data's
    ``source`` and ``copy_read`` columns without a BibTeX reader."""
    out = []
    for entry in sorted(entries().values(), key=sort_key):
        fields = entry.fields
        role = "author" if entry.persons.get("author") else "editor"
        people = "; ".join(_plain(Text.from_latex(str(p))) for p in entry.persons.get(role, []))
        container = next((fields[f] for f in _CONTAINERS if fields.get(f)), "")
        out.append(
            {
                "key": entry.key,
                "label": labels()[entry.key],
                "authors": people,
                "year": fields.get("year", UNDATED),
                "title": _plain(Text.from_latex(fields.get("title", ""))),
                "published_in": _plain(Text.from_latex(container)),
                "url": fields.get("url", ""),
                "doi": fields.get("doi", ""),
                "note": _plain(Text.from_latex(fields.get("note", ""))),
            }
        )
    return out
