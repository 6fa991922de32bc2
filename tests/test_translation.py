"""Translated prose keeps its glued values, citations, cross-references, glossary links and the
book's own roles: a tiny book (two notebook pages with glue data, a glossary, a bibliography and
Russian catalogs) built strictly with Sphinx in Russian, with the book's Sphinx extension."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from bs4 import BeautifulSoup

from kzdiaspora_book import sandbox

GLUE = "application/papermill.record/"

CONF = """
extensions = ["myst_nb", "sphinxcontrib.bibtex", "kzdiaspora_book.sphinxext"]
project = "A tiny book"
html_theme = "sphinx_book_theme"
root_doc = "index"
exclude_patterns = ["_build"]
nb_execution_mode = "off"
nb_render_markdown_format = "myst"
numfig = True
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year_distinct"
bibtex_default_style = "author_year"
locale_dirs = ["locale"]
gettext_compact = False
"""

BIB = """
@article{nurbek2025,
  author = {Nurbek, Aigerim and Kalashnikova, Natalia and Turan, Serdar},
  title = {The Kazakh diaspora in Central Asia},
  journal = {Frontiers in Political Science},
  year = {2025},
}
"""

INDEX = """
# A tiny book

```{toctree}
counts
other
glossary
bibliography
```
"""

GLOSSARY = """
# Glossary

```{glossary}
Kandas
  An ethnic Kazakh who settles in Kazakhstan from abroad.
```
"""

BIBLIOGRAPHY = """
# Bibliography

```{bibliography}
```
"""

# The page's paragraphs, one line each: the line is the message Sphinx extracts.
TITLE = "Counts"
TABLE_CAPTION = "Returnees by year"
COUNTS = (
    "We counted {glue:text}`n_people:,d` returnees in {glue:text}`year` {cite:p}`nurbek2025`, as "
    "{cite:t}`nurbek2025` report; {numref}`tbl-counts` lists them, and {doc}`the glossary <glossary>` "
    "explains {term}`kandas`. The other page counts {glue:text}`other.ipynb::total:s`."
)
NOTE = "Read {web}`on the site`{print}`in the book` that {glue:md}`note:myst`."
RU = {
    TITLE: "Подсчёты",
    TABLE_CAPTION: "Репатрианты по годам",
    COUNTS: (
        "Мы насчитали {glue:text}`n_people:,d` репатриантов в {glue:text}`year` г. {cite:p}`nurbek2025`, "
        "как сообщают {cite:t}`nurbek2025`; их перечисляет {numref}`tbl-counts`, а {doc}`глоссарий "
        "<glossary>` объясняет, кто такие {term}`кандасы <Кандасы>`. На другой странице насчитано "
        "{glue:text}`other.ipynb::total:s`."
    ),
    NOTE: "Прочтите {web}`на сайте`{print}`в книге`, что {glue:md}`note:myst`.",
}
GLOSSARY_RU = {
    "Glossary": "Глоссарий",
    "Kandas": "Кандасы",
    "An ethnic Kazakh who settles in Kazakhstan from abroad.": "Этнический казах, переселившийся в Казахстан.",
}


def _glued(key: str, data: dict) -> nbformat.NotebookNode:
    """An output as myst-nb's ``glue(key, value, display=False)`` records it."""
    return nbformat.v4.new_output(
        "display_data",
        data={GLUE + mime: value for mime, value in data.items()},
        metadata={"scrapbook": {"name": key, "mime_prefix": GLUE}},
    )


def _notebook(markdown: str, outputs: list) -> nbformat.NotebookNode:
    code = nbformat.v4.new_code_cell("glue(...)", outputs=outputs, execution_count=1)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown), code])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def _catalog(path: Path, messages: dict[str, str]) -> None:
    catalog = Catalog(locale="ru")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog)


def make_book(root: Path) -> Path:
    """The tiny book's sources in ``root/book`` (and a ``_config.yml`` above, where the book's
    extension looks for the project's root)."""
    book = root / "book"
    book.mkdir(parents=True)
    (root / "_config.yml").write_text("title: A tiny book\n", encoding="utf-8")
    (book / "conf.py").write_text(CONF, encoding="utf-8")
    (book / "references.bib").write_text(BIB, encoding="utf-8")
    for name, text in {"index": INDEX, "glossary": GLOSSARY, "bibliography": BIBLIOGRAPHY}.items():
        (book / f"{name}.md").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    table = f"```{{list-table}} {TABLE_CAPTION}\n:name: tbl-counts\n\n* - 2022\n  - 12345\n```"
    counts = _notebook(
        f"# {TITLE}\n\n{COUNTS}\n\n{table}\n\n{NOTE}\n",
        [
            _glued("n_people", {"text/plain": "12345"}),
            _glued("year", {"text/plain": "'2022'"}),
            _glued("note", {"text/plain": "''", "text/markdown": "**seven** of the [census](https://example.org/c)"}),
        ],
    )
    nbformat.write(counts, book / "counts.ipynb")
    nbformat.write(
        _notebook("# Other\n\nAnother page.\n", [_glued("total", {"text/plain": "'6789'"})]), book / "other.ipynb"
    )
    messages = book / "locale" / "ru" / "LC_MESSAGES"
    _catalog(messages / "counts.po", RU)
    _catalog(messages / "glossary.po", GLOSSARY_RU)
    return book


def sphinx_build(book: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """Sphinx's HTML build of ``book`` into ``out``, strictly (``-W -n --keep-going``)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-q", *options, str(book), str(out)],
        cwd=book.parent,
        env=sandbox.environment(sandbox.ROOT),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def russian(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    root = tmp_path_factory.mktemp("tiny")
    book = make_book(root)
    proc = sphinx_build(book, root / "html", "-D", "language=ru")
    return proc, root / "html"


def _paragraph(html: Path, start: str):
    soup = BeautifulSoup((html / "counts.html").read_text(encoding="utf-8"), "html.parser")
    found = [p for p in soup.select("article p") if p.get_text(" ", strip=True).startswith(start)]
    assert found, f"no paragraph starting {start!r} in counts.html"
    return found[0]


def test_strict_russian_build_has_no_warning(russian):
    proc, _html = russian
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stdout + proc.stderr


def test_glued_values_in_translated_text(russian):
    _proc, html = russian
    para = _paragraph(html, "Мы насчитали")
    pasted = [span.get_text() for span in para.select("span.pasted-text")]
    assert pasted == ["12,345", "2022", "6789"]  # this page's values, formatted, and the other page's


def test_glued_markdown_parsed_inline(russian):
    _proc, html = russian
    para = _paragraph(html, "Прочтите")
    assert para.find("strong").get_text() == "seven"
    assert para.find("a", href="https://example.org/c").get_text() == "census"
    assert "на сайте" in para.get_text() and "в книге" not in para.get_text()  # {web} shown, {print} not


def test_references_in_translated_text(russian):
    _proc, html = russian
    para = _paragraph(html, "Мы насчитали")
    text = para.get_text(" ", strip=True)
    assert "Nurbek" in text and "2025" in text  # {cite:p} and {cite:t}
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in para.find_all("a")}
    assert any(href.startswith("bibliography.html#") for href in hrefs.values()), hrefs
    numref = next(label for label in hrefs if label.startswith("Таблица"))
    assert hrefs[numref] == "#tbl-counts"  # {numref}, in the Russian caption's words
    assert hrefs["глоссарий"] == "glossary.html"  # {doc}
    assert hrefs["кандасы"].startswith("glossary.html#term-")  # {term}, to the Russian headword


def test_glossary_headword_translated(russian):
    _proc, html = russian
    soup = BeautifulSoup((html / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    for link in soup.select("dl.glossary dt a.headerlink"):
        link.decompose()
    assert [dt.get_text(strip=True) for dt in soup.select("dl.glossary dt")] == ["Кандасы"]
