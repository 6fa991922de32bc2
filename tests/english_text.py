"""Finding English left on a page of the Russian edition: in the text a reader sees and in the
text of its charts.

A word in Latin letters on a Russian page is English left untranslated unless it is marked as
being in another language (an element with a ``lang`` other than Russian: a quoted title, a
publication's name), is code, an identifier or an address, is a citation or a bibliographic entry
(which stay as published), is a name the bibliography or the press review gives in Latin letters
(an author, publisher, journal or outlet: they stay as published), or is listed in
``book/locale/ru/kept_in_original.txt`` (other names and titles that stay in the original, one per
line; ``#`` starts a comment).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

ROOT = Path(__file__).resolve().parents[1]
KEPT = ROOT / "book" / "locale" / "ru" / "kept_in_original.txt"

#: a word in Latin letters (with inner apostrophes, hyphens, dots: "et al.", "Vega-Lite")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[-.][A-Za-z][A-Za-z'’]*)*")
#: what a reader never reads as prose: addresses, e-mail, file names, DOIs
#: identifiers a reader sees as codes: with an underscore or a digit (``ethnic_composition``,
#: ``wpp2024``, ``CC-BY-4.0``), or lowercase words joined by hyphens (``stated-by-authors``)
IDENTIFIER = re.compile(
    r"\w+\([^()]*\)|[\w.+-]*(?:_|\d)[\w.+-]*|(?<![\w-])[a-z]+(?:-[a-z]+)+-?(?!\w)|[A-Z]+(?:\.[A-Z]+)+|[a-z]+\.[a-z]+"
)
#: a letter alone: an initial, a Roman numeral, a variable ("n = 100")
LETTER = re.compile(r"(?<![\w.])[A-Za-z](?![\w.])")
ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\S+\.(?:csv|json|md|py|pdf|geojson|bib|ipynb|yml|txt|html|lock|toml)\b|\b10\.\d{4,}/\S+"
)
#: elements whose text is not prose to translate
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "svg", "math", "noscript", "template"}
#: classes of elements that stay as published: citations and the entries of the bibliography
SKIPPED_CLASSES = {"citation", "bibtex-citation", "highlight", "headerlink", "visually-hidden"}


def _published_names() -> list[str]:
    """The names the bibliography and the press review give in Latin letters: authors (with
    "et al."), publishers, journals, institutions, titles, outlets."""
    import csv

    from pybtex.database import parse_file

    names = set()
    for entry in parse_file(ROOT / "book" / "references.bib").entries.values():
        for person in entry.persons.get("author", []) + entry.persons.get("editor", []):
            last = " ".join(person.last_names).strip("{}")
            names |= {last, f"{last} et al.", str(person).replace("{", "").replace("}", "")}
        for field in ("publisher", "journal", "institution", "organization", "title", "howpublished"):
            value = re.sub(r"[{}]", "", entry.fields.get(field, ""))
            # a title of one or two words could hide a word left untranslated
            if value and (field != "title" or len(value.split()) > 2):
                names.add(value)
    with (ROOT / "data" / "press.csv").open(encoding="utf-8") as f:
        names |= {row["outlet"] for row in csv.DictReader(f) if row.get("outlet")}
    return [n for n in names if WORD.search(n)]


@functools.cache
def _package_identifiers() -> frozenset[str]:
    """The identifiers of the data package a page may show as they are: resource and column
    names, the codes its schemas allow (``enum``), the countries' ISO codes, JSON's booleans."""
    import csv
    import json

    names = {"true", "false"}
    resources = json.loads((ROOT / "data" / "datapackage.json").read_text("utf-8"))["resources"]
    schemas = [r["schema"] for r in resources if "schema" in r]
    schemas += [json.loads(p.read_text("utf-8")) for p in (ROOT / "data" / "schemas").glob("*.json")]
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as f:
        names |= {row["iso3"] for row in csv.DictReader(f)}
    names |= {resource["name"] for resource in resources}
    for schema in schemas:
        for field in schema.get("fields", []):
            names.add(field["name"])
            names |= {str(v) for v in field.get("constraints", {}).get("enum", [])}
    return frozenset(n for n in names if WORD.search(n))


def kept_in_original(path: Path = KEPT) -> list[str]:
    """The names and titles that stay in the original on a Russian page, longest first: those of
    ``path`` and those the bibliography and the press review give (:func:`_published_names`)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    names = ({line.split("#", 1)[0].strip() for line in lines} - {""}) | set(_published_names())
    return sorted((n for n in names if WORD.search(n)), key=len, reverse=True)


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


def _without(text: str, names) -> str:
    for name in names:
        if name in text:
            text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    return text


def english_words(text: str, kept: list[str]) -> list[str]:
    """The words in Latin letters of ``text`` once addresses, kept names, code and the data
    package's identifiers are taken out."""
    text = IDENTIFIER.sub(" ", _without(ADDRESS.sub(" ", text), kept))
    words = WORD.findall(LETTER.sub(" ", text))
    return [w for w in words if w not in _package_identifiers()]


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
    """The string literals of a Vega expression that it can write, not those it compares with."""
    expression = re.sub(r"==\s*(?:'[^']*'|\"[^\"]*\")", "", expression)
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
            # values relabelled by an expression are read as that expression writes them
            if any(isinstance(d.get(key), dict) and "labelExpr" in d[key] for key in ("axis", "legend", "header")):
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
