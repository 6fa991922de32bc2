"""The built site holds together offline: every internal link and anchor resolves, citations tell
works apart, and no page is heavier than a reader on a slow connection should wait for."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import EDITIONS, ROOT, article, edition_site, html_pages, toc_docnames

from kzdiaspora_book.pdf import target_name

pytestmark = pytest.mark.slow

BIBLIOGRAPHY_PAGES = ("bibliography", "bibliography-g-m", "bibliography-n-z")
#: The limit of a page's own HTML (its scripts and styles are shared files): bytes for the English
#: site; characters for the Russian one, a tenth more, as Russian text runs about a tenth longer
#: than the same text in English (and its charts carry the Russian number and date formats).
PAGE_LIMIT = {"en": 100 * 1024, "ru": 110 * 1024}
# The PDF edition joins the site by a step of its own (python -m kzdiaspora_book.pdf); tests/test_pdf.py
# builds it and follows the links to it.
EDITION_PDFS = {target_name(ROOT / "_config.yml", language) for language in EDITIONS}


@lru_cache(maxsize=None)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset[str]:
    soup = _parse(path)
    return frozenset(
        [*(e["id"] for e in soup.find_all(id=True)), *(e["name"] for e in soup.find_all("a", attrs={"name": True}))]
    )


def _internal_links(site: Path, page: Path):
    """(attribute value, target file, fragment) for every link of the page that stays in the site."""
    soup = _parse(page)
    for element in soup.find_all(["a", "link", "script", "img", "iframe", "source"]):
        for attr in ("href", "src"):
            value = element.get(attr)
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue  # another site (not fetched: test_build and the browser tests see to that)
            if parts.path:
                target = (page.parent / unquote(parts.path)).resolve()
            else:
                target = page.resolve()
            yield value, target, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    pages = html_pages(site)
    assert len(pages) >= len(EDITIONS) * len(toc_docnames())  # both editions: the Russian in ru/
    for page in pages:
        for value, target, fragment in _internal_links(site, page):
            where = page.relative_to(site).as_posix()
            if not target.is_relative_to(site.resolve()):
                broken.append(f"{where}: {value} leaves the site")
            elif target.is_dir():
                if not (target / "index.html").is_file():
                    broken.append(f"{where}: {value} is a folder without index.html")
            elif not target.is_file() and target.name not in EDITION_PDFS:
                broken.append(f"{where}: {value} not found")
            elif fragment and target.suffix == ".html" and fragment not in _ids(target):
                broken.append(f"{where}: {value}: no anchor #{fragment} in {target.relative_to(site.resolve())}")
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:40])


@pytest.mark.parametrize("docname", toc_docnames())
@pytest.mark.parametrize("language", EDITIONS)
def test_page_weight(site, docname, language):
    """A page's own HTML stays under the limit: in bytes for the English site; in characters for
    the Russian one, whose Cyrillic letters take two bytes each in UTF-8 (and compress as well)."""
    page = edition_site(site, language) / f"{docname}.html"
    size = page.stat().st_size if language == "en" else len(page.read_text(encoding="utf-8"))
    limit = PAGE_LIMIT[language]
    assert size <= limit, f"{language} {docname}.html is {size / 1024:.1f} KB, over {limit // 1024} KB"


def _label(entry) -> str:
    return " ".join(entry.find(class_="label").get_text().split()).strip("[]")


def test_each_citation_names_one_work(site):
    """Author-year citations are unique: works of one author and year get a letter after the year
    ("Kazinform, 2023a"), and each citation shows the label of the entry it links to."""
    labels = {}
    for docname in BIBLIOGRAPHY_PAGES:
        for entry in article(site, docname).select("div.citation"):
            labels[f"{docname}.html#{entry['id']}"] = _label(entry)
    assert len(labels) == len(set(labels.values())), "bibliography labels repeat"
    assert {"Kazinform, 2023a", "Kazinform, 2023b", "Wikipedia contributors, n.d.-a"} <= set(labels.values())
    checked, wrong = 0, []
    for docname in toc_docnames():
        for link in article(site, docname).select("span.bibtex-citation a[href]"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), link["href"]))
            text, label = " ".join(link.get_text().split()), labels.get(target)
            # parenthetical: the whole label; textual ("Nurbek et al. (2025)"): its year
            if label is None or text not in (label, label.rsplit(", ", 1)[-1]):
                wrong.append(f"{docname}: {text!r} links to {target} ({label!r})")
            checked += 1
    assert checked > 100 and not wrong, "\n".join(wrong[:20])
