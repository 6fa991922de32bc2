"""Every number in the prose of the built site is glued (computed), not typed.

tests/test_prose_numbers.py checks the MyST sources; this checks what a reader sees, once every
role, directive and output is rendered. Numbers are allowed in glued text (``span.pasted-text``),
in everything a code cell produced (figures, tables, their captions and footers), in code, in
citations and the bibliography, in cross-references ("Table 3", a claim's badge), and in the
contexts that tests/prose_numbers.py allows in the sources (years, section numbers, dates...).
"""

from __future__ import annotations

import re

import pytest
from conftest import article, chart_specs, toc_docnames
from prose_numbers import ALLOWED

pytestmark = pytest.mark.slow

#: Rendered elements whose digits are not prose typed by an author.
NOT_PROSE = [
    "div.cell",  # code cells: their code and everything they output
    "span.pasted-text",  # glued values
    "span.bibtex-citation",  # citations
    "div.citation-list",  # the bibliography
    "a.reference.internal",  # cross-references: "Table 3", "Fig. 2", a claim's badge
    "a.reference.download",  # file names
    "code",
    "pre",
    "script",
    "style",
    "span.caption-number",
    "span.section-number",  # chapter numbers in headings and the navigation
    "a.headerlink",
]
HYPHEN_MINUS = re.compile(r"(?<![\w.–-])-\d")  # "-2.1": a sign written with a hyphen


def prose(art) -> list[str]:
    for selector in NOT_PROSE:
        for element in art.select(selector):
            element.decompose()
    blocks = art.find_all(["p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "th", "td", "figcaption", "caption"])
    texts = []
    for block in blocks:
        if block.find(["p", "li"]):  # a container: its own paragraphs are read separately
            continue
        texts.append(" ".join(block.get_text(" ").split()))
    return texts


def typed_numbers(text: str) -> list[str]:
    rest = text
    for pattern in ALLOWED:
        rest = pattern.sub(" ", rest)
    return [m.group(0).rstrip(",.") for m in re.finditer(r"\d[\d,.]*", rest)]


@pytest.mark.parametrize("docname", toc_docnames())
def test_no_typed_number_in_the_rendered_prose(site, docname):
    found = [(n, text) for text in prose(article(site, docname)) for n in typed_numbers(text)]
    assert not found, f"{docname}: numbers in the prose that are not glued:\n" + "\n".join(
        f"  {n!r} in: {text[:200]}" for n, text in found
    )


@pytest.mark.parametrize("docname", toc_docnames())
def test_signed_values_use_the_minus_sign(site, docname):
    """A negative value reads "−2.1 %" (kzdiaspora.fmt's minus sign), never "-2.1 %", in glued
    text, in the numbered tables of the page (not in the data dictionary, whose constraints are
    the schema's literal values) and in the text descriptions of its charts."""
    art = article(site, docname)
    texts = [span.get_text() for span in art.select("span.pasted-text")]
    texts += [" ".join(td.get_text(" ").split()) for td in art.select("table:has(> caption) td")]
    texts += [spec.get("description", "") for spec in chart_specs(site, docname).values()]
    bad = [t for t in texts if HYPHEN_MINUS.search(t)]
    assert not bad, f"{docname}: values signed with a hyphen: {bad[:5]}"


def test_the_check_finds_a_typed_number():
    from bs4 import BeautifulSoup

    html = (
        '<article><p>The paper counts 821,200 Kazakhs in <span class="pasted-text">2,400</span> places '
        '(<span class="bibtex-citation">Smith, 2020</span>), see Table 1 and section 3.2, 1 July 2024.</p>'
        '<div class="cell"><p>12.5</p></div></article>'
    )
    texts = prose(BeautifulSoup(html, "html.parser"))
    assert [n for t in texts for n in typed_numbers(t)] == ["821,200"]
