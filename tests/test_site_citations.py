"""The book's author-year citation styles (kzdiaspora_book.citations): one label per work, with a
letter after the year for an author's several works of one year, shared by the citations and the
bibliography."""

from __future__ import annotations

import pybtex.plugin
import pytest
from pybtex.database import Entry, Person, parse_file

from kzdiaspora import bibliography, paths
from kzdiaspora_book import citations


@pytest.fixture(scope="module")
def style():
    citations.register()
    return pybtex.plugin.find_plugin("pybtex.style.formatting", citations.NAME)()


def _entry(key, author, year=None, title="A title", **fields):
    entry = Entry("misc", fields={"title": title, **({"year": year} if year else {}), **fields})
    for name in author.split(" and "):
        entry.add_person(Person(name), "author")
    entry.key = key
    return entry


def _labels(style, entries):
    ordered = style.sort(entries)
    return {e.key: label for e, label in zip(ordered, style.format_labels(ordered))}


def test_same_author_and_year_get_letters_in_title_order(style):
    entries = [
        _entry("k3", "{Kazinform}", "2023", "Zhas Ulan"),
        _entry("k1", "{Kazinform}", "2023", "Abai"),
        _entry("k2", "{Kazinform}", "2023", "Kandas"),
        _entry("k0", "{Kazinform}", "2022"),
        _entry("w1", "{Wikipedia contributors}", title="B"),
        _entry("w2", "{Wikipedia contributors}", title="A"),
        _entry("n", "Nurbek, K. and Kalashnikova, N. and Turan, U.", "2025"),
        _entry("a", "Adamson, Fiona B. and Han, Enze", "2024"),
    ]
    assert _labels(style, entries) == {
        "k0": "Kazinform, 2022",
        "k1": "Kazinform, 2023a",
        "k2": "Kazinform, 2023b",
        "k3": "Kazinform, 2023c",
        "w2": "Wikipedia contributors, n.d.-a",
        "w1": "Wikipedia contributors, n.d.-b",
        "n": "Nurbek et al., 2025",
        "a": "Adamson and Han, 2024",
    }


def test_the_bibliography_is_sorted_by_label(style):
    entries = [_entry("z", "{Zakon.kz}", "2020"), _entry("b", "Bekov, A.", "2021"), _entry("a", "Abai, K.", "2019")]
    assert [e.key for e in style.sort(entries)] == ["a", "b", "z"]


def test_every_work_of_the_bibliography_has_its_own_label(style):
    bib = parse_file(str(paths.BIBLIOGRAPHY))
    labels = list(_labels(style, list(bib.entries.values())).values())
    assert len(labels) == len(set(labels)) == len(bib.entries)
    assert sum(label[-1].islower() for label in labels) >= 10  # the book cites many agencies' items


def test_a_web_address_shows_its_host(style):
    entry = _entry("k", "{Kazinform}", "2023", url="https://www.inform.kz/en/some-long-path_a123")
    text = style.format_entry("Kazinform, 2023", entry).text.render_as("html")
    assert '<a href="https://www.inform.kz/en/some-long-path_a123">inform.kz</a>' in text


def test_citations_take_the_year_and_letter_of_the_label():
    """The referencing style prints the year part of the entry's label (rendering a whole citation
    needs Sphinx: the built site is checked in test_site_links)."""
    from sphinxcontrib.bibtex.plugin import find_plugin

    citations.register()
    reference = find_plugin("sphinxcontrib.bibtex.style.referencing", citations.REFERENCE_STYLE)()
    assert bibliography.year_of("Kazinform, 2023b") == "2023b"
    assert bibliography.year_of("Wikipedia contributors, n.d.-a") == "n.d.-a"
    assert reference.bracket_parenthetical.left == "(" and reference.bracket_parenthetical.sep == "; "
    assert {"p", "t", "year"} <= set(reference.role_names())


def test_a_sortkey_orders_works_of_one_author_and_year(style):
    entries = [
        _entry("x", "{IOM}", "2024", "A report the article does not cite", sortkey="c"),
        _entry("p1", "{IOM}", "2024", "Situation report", sortkey="a"),
        _entry("p2", "{IOM}", "2024", "World migration report", sortkey="b"),
    ]
    assert _labels(style, entries) == {"p1": "IOM, 2024a", "p2": "IOM, 2024b", "x": "IOM, 2024c"}


def test_the_articles_sources_keep_the_articles_letters(style):
    """Where the article cites IOM (2024a) and IOM (2024b), the book's labels carry the same letters,
    although the bibliography holds a third IOM work of 2024."""
    bib = parse_file(str(paths.BIBLIOGRAPHY))
    labels = _labels(style, list(bib.entries.values()))
    for key in ("iom2023a", "iom2023b", "iom2024a", "iom2024b", "bns2024a", "bns2024b"):
        assert labels[key].endswith(key[-5:]), (key, labels[key])


def test_the_library_names_works_as_the_citations_do(style):
    """The library names works in running text (the claims report, chart tooltips) with the same
    label as the book's citations and bibliography: one module makes both."""
    bib = parse_file(str(paths.BIBLIOGRAPHY))
    assert _labels(style, list(bib.entries.values())) == bibliography.labels()


def test_authors_are_named_as_sphinxcontrib_bibtex_names_them():
    """Our author names (pybtex only) are those sphinxcontrib-bibtex's author-year referencing style
    prints for every work of the bibliography: two authors both, three or more "et al.", LaTeX
    accents decoded ("Echeverría-King")."""
    from pybtex.backends.plaintext import Backend
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    reference = AuthorYearReferenceStyle()
    template = reference.person.author_or_editor_or_title(full=False)

    def theirs(entry):
        return (
            template.format_data({"entry": entry, "style": reference})
            .render(Backend())
            .replace("{", "")
            .replace("}", "")
        )

    works = bibliography.entries().values()
    assert {e.key: bibliography.authors(e) for e in works} == {e.key: theirs(e) for e in works}
    assert bibliography.author("adamson2024") == "Adamson and Han"
    assert bibliography.label("echeverriaking2022") == "Echeverría-King et al., 2022"
