"""Finding English left on a page of the Russian edition: in the text a reader sees and in the
text of its charts.

A word in Latin letters on a Russian page is English left untranslated unless it is marked as
being in another language (an element with a ``lang`` other than Russian: a quoted title, a
publication's name), is code or an address, is a citation or a bibliographic entry (which stay as
published), or is listed in ``book/locale/ru/kept_in_original.txt`` (names and titles that stay
in the original, one per line; ``#`` starts a comment).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

ROOT = Path(__file__).resolve().parents[1]
KEPT = ROOT / "book" / "locale" / "ru" / "kept_in_original.txt"

#: a word in Latin letters (with inner apostrophes, hyphens, dots: "et al.", "Vega-Lite")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[-.][A-Za-z][A-Za-z'’]*)*")
#: what a reader never reads as prose: addresses, e-mail, file names, DOIs
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\S+\.(?:csv|json|md|py|pdf|geojson|bib|ipynb|yml|txt|html)\b|\b10\.\d{4,}/\S+")
#: elements whose text is not prose to translate
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "svg", "math", "noscript", "template"}
#: classes of elements that stay as published: citations and the entries of the bibliography
SKIPPED_CLASSES = {"citation", "bibtex-citation", "highlight", "headerlink", "visually-hidden"}


def kept_in_original(path: Path = KEPT) -> list[str]:
    """The names and titles that stay in the original on a Russian page, longest first."""
    if not path.exists():
        return []
    names = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted((n for n in names if n), key=len, reverse=True)


def _skipped(element: Tag) -> bool:
    if element.name in SKIPPED_TAGS:
        return True
    lang = element.get("lang") or element.get("xml:lang")
    if lang and not lang.lower().startswith("ru"):
        return True
    if SKIPPED_CLASSES & set(element.get("class") or []):
        return True
    # a citation: a link to an entry of the bibliography
    href = element.get("href") or ""
    return element.name == "a" and bool(re.match(r"(?:\.\./)*bibliography[^/]*\.html#", href))


def visible_texts(root: Tag) -> Iterator[str]:
    """The strings of ``root`` a reader sees, without those of skipped elements."""
    for child in root.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            yield str(child)
        elif isinstance(child, Tag) and not _skipped(child):
            yield from visible_texts(child)
            for attribute in ("alt", "title", "aria-label", "placeholder"):
                if isinstance(child.get(attribute), str):
                    yield child[attribute]


def english_words(text: str, kept: list[str]) -> list[str]:
    """The words in Latin letters of ``text`` once addresses and kept names are taken out."""
    text = ADDRESS.sub(" ", text)
    for name in kept:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    return WORD.findall(text)


def page_english(html: str, kept: list[str]) -> list[str]:
    """Each piece of text of a page (its whole body: content, navigation, footer) that holds
    English words, as ``"words ← context"``."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for text in visible_texts(soup.body or soup):
        words = english_words(text, kept)
        if words:
            found.append(f"{' '.join(words)} ← {' '.join(text.split())[:120]}")
    return found


# --- charts ----------------------------------------------------------------------------------

_CHANNELS_WITH_VALUES = {"x", "y", "color", "fill", "stroke", "shape", "row", "column", "facet", "text"}
_TITLED = ("title", "subtitle", "description")


def _literals(expression: str) -> list[str]:
    return re.findall(r"'([^']*)'|\"([^\"]*)\"", expression)


def _titles(spec: dict, data: dict) -> Iterator[str]:
    for key in _TITLED:
        value = spec.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))
        elif isinstance(value, dict):
            yield from chart_texts(value, data)
    if isinstance(spec.get("text"), str):
        yield spec["text"]
    for key in ("labelExpr", "expr"):
        if isinstance(spec.get(key), str):
            yield from (s for pair in _literals(spec[key]) for s in pair if s)


def _shown_values(spec: dict, data: dict) -> Iterator[str]:
    encoding = spec.get("encoding")
    if not isinstance(encoding, dict):
        return
    for channel, definition in encoding.items():
        if channel not in _CHANNELS_WITH_VALUES and channel != "tooltip":
            continue
        for d in definition if isinstance(definition, list) else [definition]:
            if not (isinstance(d, dict) and d.get("type") in ("nominal", "ordinal") and "field" in d):
                continue
            # values drawn without an axis, a legend or a header are not read
            if any(key in d and d[key] is None for key in ("axis", "legend", "header")):
                continue
            yield from _field_values(spec, data, d["field"])


def chart_texts(spec, data: dict | None = None) -> Iterator[str]:
    """The texts of a Vega-Lite specification a reader sees: titles, descriptions, axis and
    legend titles, tooltip titles, literal strings of label expressions, text marks and the
    values of the nominal and ordinal fields shown (axis labels, legend entries)."""
    if data is None:
        data = spec.get("datasets", {}) if isinstance(spec, dict) else {}
    if isinstance(spec, dict):
        yield from _titles(spec, data)
        yield from _shown_values(spec, data)
        for key, value in spec.items():
            if key not in _TITLED and key not in ("datasets", "data", "$schema", "usermeta", "config"):
                yield from chart_texts(value, data)
    elif isinstance(spec, list):
        for item in spec:
            yield from chart_texts(item, data)


def _field_values(spec: dict, data: dict, field: str) -> Iterator[str]:
    source = spec.get("data") or {}
    rows = source.get("values") or data.get(source.get("name"), []) if isinstance(source, dict) else []
    if not rows:  # a layer without its own data: the datasets of the chart
        rows = [row for rows_ in data.values() for row in rows_]
    for row in rows:
        value = row.get(field) if isinstance(row, dict) else None
        if isinstance(value, str):
            yield value
