"""The translation catalogs are complete and current: every page's catalog holds exactly the
messages Sphinx extracts from the page now (none missing, none stale or obsolete, none fuzzy,
none untranslated), with every MyST role and link of a message kept in its translation; and the
same for the library's catalog against the messages of the code.

The pages are extracted from the book the test run builds once (``built_book``): the gettext
builder reads its executed pages, so nothing is executed again (about a minute)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from kzdiaspora import i18n, paths
from kzdiaspora_book import catalogs, sandbox

LANGUAGES = i18n.LANGUAGES[1:]

#: A MyST role: ``{name}`content``` (the content may be fenced by several backticks).
ROLE = re.compile(r"\{([A-Za-z][\w:+-]*)\}(`+)(.*?)\2", re.S)
#: The target of a Markdown link or image: ``[text](target)``.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
#: Roles whose content is ``text <target>`` or a target alone; the text is translated.
REFERENCES = {"doc", "ref", "numref", "term", "download", "any"}
#: Roles whose content is translated entirely (the book's web- and print-only wording).
WORDING = {"web", "print"}


@pytest.fixture(scope="module")
def templates(built_book, tmp_path_factory) -> dict:
    """Every page's messages as Sphinx's gettext builder extracts them from the built book."""
    if built_book.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {built_book.returncode}):\n{built_book.log[-6000:]}")
    out = tmp_path_factory.mktemp("gettext")
    try:
        pot_dir = catalogs.extract_pages(out, built_book.project, env=sandbox.environment(built_book.project))
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"the gettext build failed (exit {exc.returncode}):\n{(exc.stdout + exc.stderr)[-6000:]}")
    found = catalogs.page_templates(pot_dir)
    assert "intro" in found and "profiles/UZB" in found, sorted(found)
    return found


def _page_catalogs(templates, language):
    for page in templates:
        path = catalogs.page_po_path(page, language)
        yield page, path, catalogs.read_page_catalog(path, language) if path.exists() else None


def _key(message) -> tuple:
    return message.context, message.id


def test_every_page_catalog_has_the_pages_messages(templates):
    problems = []
    for language in LANGUAGES:
        for page, path, catalog in _page_catalogs(templates, language):
            where = path.relative_to(paths.ROOT)
            if catalog is None:
                problems.append(f"{where}: missing (python -m kzdiaspora_book.catalogs makes it)")
                continue
            fresh = {_key(m) for m in templates[page] if m.id}
            held = {_key(m) for m in catalog if m.id}
            problems += [f"{where}: missing message {msgid!r}" for _c, msgid in sorted(fresh - held)]
            problems += [f"{where}: stale message {msgid!r}" for _c, msgid in sorted(held - fresh)]
            problems += [f"{where}: obsolete entry {m.id!r}" for m in catalog.obsolete.values()]
    assert not problems, "\n".join(problems) + "\n(run python -m kzdiaspora_book.catalogs)"


def _untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not all(s and s.strip() for s in strings)


def test_no_page_message_is_fuzzy(templates):
    fuzzy = [
        f"{path.relative_to(paths.ROOT)}: {m.id!r}"
        for language in LANGUAGES
        for _page, path, catalog in _page_catalogs(templates, language)
        if catalog is not None
        for m in catalog
        if m.id and m.fuzzy
    ]
    assert not fuzzy, "a translation to review (its English changed), then drop its fuzzy flag:\n" + "\n".join(fuzzy)


def test_every_page_message_is_translated(templates):
    empty = [
        f"{path.relative_to(paths.ROOT)}: {m.id!r}"
        for language in LANGUAGES
        for _page, path, catalog in _page_catalogs(templates, language)
        if catalog is not None
        for m in catalog
        if m.id and _untranslated(m)
    ]
    assert not empty, f"{len(empty)} messages without a translation:\n" + "\n".join(empty)


def glossary_headwords(path: Path = paths.BOOK / "glossary.md") -> list[str]:
    """The headwords of the glossary page (the unindented lines of its ``glossary`` blocks)."""
    words, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^(`{3,}|:{3,})\{glossary\}", line):
            inside = True
        elif inside and re.match(r"^(`{3,}|:{3,})\s*$", line):
            inside = False
        elif inside and line.strip() and not line[0].isspace() and not line.startswith(":"):
            words.append(line.strip())
    return words


def term_targets(language: str) -> dict[str, str]:
    """English glossary headword (lower case) -> the headword a ``{term}`` targets in
    ``language``: the headword's translation in the glossary's catalog, or the English
    headword while it is untranslated (Sphinx resolves a term's target ignoring case)."""
    path = catalogs.page_po_path("glossary", language)
    catalog = catalogs.read_page_catalog(path, language)
    targets = {}
    for word in glossary_headwords():
        message = catalog.get(word)
        targets[word.lower()] = message.string if message is not None and message.string else word
    return targets


def references(text: str, terms: dict[str, str] | None = None) -> Counter:
    """What a message refers to, which its translation must keep: each role with its target
    (the whole content of a role that is not a reference; only the name of a wording role), and
    each link's target. With ``terms``, a ``{term}`` target is mapped to the headword it must
    name in the translation (:func:`term_targets`)."""
    found = Counter()
    for name, _ticks, content in ROLE.findall(text):
        if name in WORDING:
            found[(name, None)] += 1
            continue
        if name in REFERENCES or name.startswith("std:"):
            explicit = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>\s*", content)
            content = (explicit[2] if explicit else content).strip()
            if name == "term" and terms is not None:
                content = terms.get(content.lower(), content)
        found[(name, " ".join(content.split()))] += 1
    for target in LINK.findall(ROLE.sub("", text)):
        found[("link", target)] += 1
    return found


def test_translations_keep_every_role_and_link(templates):
    problems = []
    for language in LANGUAGES:
        terms = term_targets(language)
        for _page, path, catalog in _page_catalogs(templates, language):
            if catalog is None:
                continue
            for message in catalog:
                if not message.id or _untranslated(message) or message.fuzzy:
                    continue
                wanted, kept = references(message.id, terms), references(message.string)
                if wanted != kept:
                    lost, added = wanted - kept, kept - wanted
                    problems.append(
                        f"{path.relative_to(paths.ROOT)}: {message.id[:70]!r}...\n"
                        f"    expected {sorted(lost, key=str)}, found {sorted(added, key=str)}"
                    )
    assert not problems, "translations that lost or changed a role, target or link:\n" + "\n".join(problems)


def test_references_of_a_message():
    terms = {"kandas": "Кандасы", "migrant stock": "Численность международных мигрантов"}
    english = "{glue:text}`n:,d` {term}`kandas` {term}`stocks <Migrant stock>` {cite:p}`a,b` {web}`here` [x](y.md)"
    russian = (
        "{glue:text}`n:,d` {term}`кандасы <Кандасы>` {term}`численность <Численность международных мигрантов>` "
        "{cite:p}`a,b` {web}`здесь` [икс](y.md)"
    )
    assert references(english, terms) == references(russian)
    assert references(english, terms) != references(russian.replace("<Кандасы>", "<Kandas>"))
    assert references(english, terms) != references(russian.replace("{cite:p}`a,b`", "{cite:p}`a`"))


# --- the library's catalog --------------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    template = catalogs.template()
    found = {}
    for language in LANGUAGES:
        with catalogs.po_path(language).open("rb") as f:
            found[language] = catalogs.read_po(f, locale=language)
    return template, found


def test_library_catalog_has_the_codes_messages(library):
    template, found = library
    fresh = {_key(m) for m in template if m.id}
    problems = []
    for language, catalog in found.items():
        where = catalogs.po_path(language).relative_to(paths.ROOT)
        held = {_key(m) for m in catalog if m.id}
        problems += [f"{where}: missing message {k!r}" for k in sorted(fresh - held, key=str)]
        problems += [f"{where}: stale message {k!r}" for k in sorted(held - fresh, key=str)]
        problems += [f"{where}: obsolete entry {m.id!r}" for m in catalog.obsolete.values()]
        problems += [f"{where}: fuzzy {m.id!r}" for m in catalog if m.id and m.fuzzy]
    assert not problems, "\n".join(problems) + "\n(run python -m kzdiaspora_book.catalogs)"


def test_every_library_message_is_translated(library):
    _template, found = library
    empty = [
        f"{catalogs.po_path(language).relative_to(paths.ROOT)}: {m.id!r}"
        for language, catalog in found.items()
        for m in catalog
        if m.id and _untranslated(m)
    ]
    assert not empty, f"{len(empty)} messages without a translation:\n" + "\n".join(empty)
