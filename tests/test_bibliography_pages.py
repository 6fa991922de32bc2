"""The bibliography's three pages, built by Sphinx from the book's own pages and styles over a small
bibliography of names that test the rule (accented initials, another script, punctuation before
the first letter, a DOI holding ``#``): the order and the split follow one key, and a DOI's link
is percent-encoded. The built site's pages are checked against the same key."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, page_html

from kzdiaspora import bibliography

#: The bibliography's pages, in order: authors A–F, G–M and N–Z.
PAGES = ("bibliography", "bibliography-g-m", "bibliography-n-z")

BIB = r"""
@misc{zhang, author = {Zhang, Wei}, title = {Z}, year = {2017}}
@misc{abai, author = {Abai, Qunanbaiuly}, title = {A}, year = {2019}}
@misc{avila, author = {{\'A}vila, Ana}, title = {Tilde and hash}, year = {2020}, doi = {10.1234/abc#def?x}}
@misc{celik, author = {Çelik, Can}, title = {C}, year = {2021}}
@misc{lee, author = {Lee, Li}, title = {L}, year = {2018}}
@misc{ozkan, author = {Özkan, Oya}, title = {O}, year = {2022}}
@misc{kazinform, author = {{Қазинформ}}, title = {Q}, year = {2023}}
@misc{berek, title = {{"Berek"}}, year = {2020}}
"""

CONF = """
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "author_year"
bibtex_reference_style = "author_year_distinct"
exclude_patterns = ["_build"]


def setup(app):
    from kzdiaspora_book import citations

    citations.setup(app)
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("bib")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "references.bib").write_text(textwrap.dedent(BIB), encoding="utf-8")
    for name in PAGES:
        shutil.copy(ROOT / "book" / f"{name}.md", src / f"{name}.md")
    (src / "index.md").write_text("# Index\n\n```{toctree}\n" + "\n".join(PAGES) + "\n```\n", encoding="utf-8")
    out = src / "_build"
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html", status=None, warning=None)
    app.build()
    return {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in PAGES}


def _labels(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [div.find(class_="label").get_text(strip=True).strip("[]") for div in soup.select("div.citation")]


def test_accented_initials_file_with_their_letter_and_other_scripts_by_transliteration(pages):
    assert _labels(pages["bibliography"]) == ["Abai, 2019", "Ávila, 2020", '"Berek", 2020', "Çelik, 2021"]
    assert _labels(pages["bibliography-g-m"]) == ["Lee, 2018"]
    assert _labels(pages["bibliography-n-z"]) == ["Özkan, 2022", "Қазинформ, 2023", "Zhang, 2017"]


def test_a_doi_link_is_percent_encoded(pages):
    soup = BeautifulSoup(pages["bibliography"], "html.parser")
    links = [a["href"] for a in soup.select("div.citation a") if "doi.org" in a.get("href", "")]
    assert links == ["https://doi.org/10.1234/abc%23def%3Fx"]
    assert "doi:10.1234/abc#def?x" in soup.get_text()


def test_filed_under_is_the_first_letter_of_the_sort_key():
    for entry in bibliography.entries().values():
        assert bibliography.filed_under(entry) == bibliography.sort_key(entry)[0][:1]
        assert bibliography.filed_under(entry).isalnum()


@pytest.mark.slow
def test_the_sites_bibliography_is_sorted_and_split_on_one_key(site):
    by_label = {label: key for key, label in bibliography.labels().items()}
    entries = bibliography.entries()
    first, second, third = ([entries[by_label[label]] for label in _labels(page_html(site, name))] for name in PAGES)
    assert len(first) + len(second) + len(third) == len(entries)
    keys = [bibliography.sort_key(e) for e in first + second + third]
    assert keys == sorted(keys), "the three pages, one after the other, are not in the key's order"
    assert all(bibliography.filed_under(e) <= "f" for e in first)
    assert all("g" <= bibliography.filed_under(e) <= "m" for e in second)
    assert all(bibliography.filed_under(e) > "m" for e in third)
