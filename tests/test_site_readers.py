"""What the site offers students and analysts: the build date on every page, a glossary whose
terms the chapters link, the pages of key figures, background and comparisons, and the whole data
package as one download."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import article, html_pages, toc_docnames

pytestmark = pytest.mark.slow

READER_PAGES = ["key-figures", "background", "glossary", "comparisons"]
#: Terms the glossary must define (Sphinx lowercases them in its anchors).
TERMS = [
    "kandas",
    "oralman",
    "titular nationality",
    "otandastar foundation",
    "ata zholy card",
    "the concept",
    "kurultai",
    "migrant stock",
    "registered flow",
]
# the English site's footer, and the Russian edition's ("Обновлено: 1 декабря 2026.")
DATE = re.compile(r"(Last updated on \d{1,2} [A-Z][a-z]+|Обновлено: \d{1,2} [а-я]+) \d{4}\.")


def test_the_reader_pages_are_in_the_table_of_contents():
    assert set(READER_PAGES) <= set(toc_docnames())


def test_every_page_shows_the_date_of_its_build(site):
    pages = [p for p in html_pages(site) if p.name not in ("search.html", "genindex.html", "index.html")]
    undated = [p.relative_to(site).as_posix() for p in pages if not DATE.search(p.read_text(encoding="utf-8"))]
    assert not undated, f"pages without the build date: {undated}"


def test_the_glossary_defines_the_terms_of_the_article(site):
    terms = {
        dt.get_text(" ", strip=True).rstrip("¶#").strip().lower()
        for dt in article(site, "glossary").select("dl.glossary dt")
    }
    assert set(TERMS) <= terms, sorted(set(TERMS) - terms)


@pytest.mark.parametrize("docname", ["policy", "kandas", "demography", "press", "profiles/index", "background"])
def test_chapters_link_the_glossary(site, docname):
    links = [a["href"] for a in article(site, docname).find_all("a", href=True) if "glossary.html#term-" in a["href"]]
    assert links, f"{docname}: no link to a glossary entry"


def test_the_whole_data_package_downloads_as_one_archive(site):
    links = [a["href"] for a in article(site, "methods").find_all("a", href=True) if a["href"].endswith(".zip")]
    assert len(links) == 1
    archive = zipfile.ZipFile(site / links[0])
    names = [n.split("/", 1)[1] for n in archive.namelist()]
    assert {"datapackage.json", "bibliography.csv", "references.bib", "ethnic_composition.csv"} <= set(names)


def test_the_data_dictionary_offers_the_lookup_of_source_keys(site):
    links = [a["href"] for a in article(site, "dictionary").find_all("a", href=True) if a["href"].endswith(".csv")]
    lookup = [h for h in links if h.endswith("/bibliography.csv")]
    assert len(lookup) == 1
    header = (site / lookup[0]).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("key,label,authors,year,title")
