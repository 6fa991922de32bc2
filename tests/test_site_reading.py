"""The reading path of the built site: no machinery in the prose, and the article's exhibits under
the article's numbers only.

Machinery (a claim's id, a status code, a World Bank release id, a function or a parameter as
code writes it) belongs in the folded parts of a page: the code cells, the box "How this page was
made", the footers' code links, and the reproducibility report's entries and its section for
programmers. The data dictionary documents the data's own names and is left out.
"""

from __future__ import annotations

import re

import pytest
from conftest import article, chart_specs, toc_docnames

pytestmark = pytest.mark.slow

#: Where machinery may be shown: folded or technical parts of a page.
TECHNICAL = [
    "details",  # "How this page was made", folded code and lists
    "div.cell_input",  # code
    "pre",
    "script",
    "style",
    "div.provenance",  # footers: the data file and the code behind an exhibit
    "p[id^=claim-]",  # the reproducibility report's entries (its technical column)
    "section[id^=for-programmers]",
]
#: Pages whose subject is the data's own names.
REFERENCE_PAGES = {"dictionary"}

MACHINERY = {
    "claim id": re.compile(r"\bC\d{2,3}\b"),
    "status code": re.compile(r"\b(stated-by-authors|not-checkable|cited-only)\b"),
    "release id": re.compile(r"\bwdi-\d{4}-\d{2}\b"),
    "function name": re.compile(
        r"\bkzdiaspora(_book)?\.\w+|\b[a-z]\w*\(\)"
        r"|\b(catalogue|claims|community|data|demography|fmt|kandas|maps|migration|policy|press|publish|survey)"
        r"\.(?!(csv|json|md|py|ipynb|html|txt|zip)\b)[a-z_]+\b(?!\.)"  # a file or a host is no function
    ),
    "parameter syntax": re.compile(r"\b[a-z]+(_[a-z0-9]+)+\s*=\s*\S"),
}

#: A caption that names an exhibit of the article by the article's number.
ARTICLE_EXHIBIT = re.compile(r"^Article (Table [123]|Figure 1)\b")


def reading_text(art) -> str:
    for selector in TECHNICAL:
        for element in art.select(selector):
            element.decompose()
    return " ".join(art.get_text(" ").split())


def machinery(text: str) -> list[tuple[str, str]]:
    text = re.sub(r"https?://\S+", " ", text)  # an address is not prose
    return [(kind, m.group(0)) for kind, pattern in MACHINERY.items() for m in pattern.finditer(text)]


@pytest.mark.parametrize("docname", [d for d in toc_docnames() if d not in REFERENCE_PAGES])
def test_no_machinery_in_the_prose(site, docname):
    found = machinery(reading_text(article(site, docname)))
    assert not found, f"{docname}: machinery in the reading path: {sorted(set(found))}"


def test_the_check_finds_machinery():
    assert machinery("ours ≠ C32 in 2022") == [("claim id", "C32")]
    assert machinery("a figure (c. 2024; stated-by-authors)")[0][0] == "status code"
    assert machinery("World Bank release wdi-2024-12")[0][0] == "release id"
    assert machinery("see kzdiaspora.demography.table1")[0][0] == "function name"
    assert machinery("the functions are survey.likert_summary and survey.diverging")[0][0] == "function name"
    assert machinery("download press.csv or data.json from data.worldbank.org") == []
    assert machinery('wb_vintage = "wdi"')[-1][0] == "parameter syntax"
    assert machinery("World Bank data as of December 2024; Table 5.2; C. 2024") == []


def _captions(art) -> list[tuple[str, str, str]]:
    """(kind, number shown, caption text) of every figure and table of a page."""
    found = []
    for kind, holder, tag in [("figure", "figure", "figcaption"), ("table", "table", "caption")]:
        for node in art.find_all(holder):
            caption = node.find(tag)
            if caption is None:
                continue
            number = caption.find(class_="caption-number")
            shown = number.get_text(" ", strip=True) if number else ""
            text = caption.get_text(" ", strip=True)
            text = text[len(shown) :].strip() if shown and text.startswith(shown) else text
            found.append((kind, shown, text))
    return found


def test_the_article_exhibits_keep_the_article_numbers(site):
    """No exhibit of the article under a number of the edition; the edition's own numbered by
    chapter; each of the article's exhibits shown once, and mapped from the introduction."""
    labels = []
    for docname in toc_docnames():
        for kind, shown, text in _captions(article(site, docname)):
            if text.startswith("Article "):
                assert not shown, f"{docname}: the article's exhibit shown as {shown!r}: {text[:80]}"
                labels.append(ARTICLE_EXHIBIT.match(text).group(1) if ARTICLE_EXHIBIT.match(text) else text)
            else:
                assert shown, f"{docname}: an exhibit of the edition without a number: {text[:80]}"
                assert re.fullmatch(r"(Table|Fig\.) \d+\.\d+", shown), f"{docname}: {shown!r} is not by chapter"
    assert labels.count("Table 1") == 1 and labels.count("Table 3") == 1, labels
    assert labels.count("Table 2") == 2  # rebuilt in part, and approximated from migrant stocks
    intro = article(site, "intro")
    mapped = {a["href"].split("#")[-1] for a in intro.select("table a.reference.internal")}
    assert {
        "tab-demography-table1",
        "tab-profiles-table2-cells",
        "tab-profiles-table2-stocks",
        "tab-survey-exhibits",
    } <= mapped


def test_every_verdict_mark_has_its_legend_on_the_page(site):
    for docname in toc_docnames():
        art = article(site, docname)
        marks = art.select('a.reference.internal[href*="#claim-c"]')
        if marks and docname != "reproducibility" and not docname.startswith("claims/"):
            legend = art.select("p.claim-legend")
            assert len(legend) == 1, f"{docname}: {len(legend)} legends for {len(marks)} marks"
            # the symbol alone, starred when the evidence is not direct; never the claim's id
            assert all(re.fullmatch(r"[✓≡≠?]\*?", m.get_text(strip=True)) for m in marks), docname


def test_glued_values_are_not_bold(site):
    css = (site / "_static" / "book.css").read_text(encoding="utf-8")
    assert re.search(r"span\.pasted-text[^{]*\{\s*font-weight:\s*inherit", css)


#: The row statuses of the data as codes (kzdiaspora.fmt.STATUS_WORDS has their words).
STATUS_CODES = {"official", "census", "estimate", "model", "attributed", "derived", "stated-by-authors", "inferred"}
#: Codes that are also plain English words: a legend or tooltip showing them is no machinery.
PLAIN_CODES = {"census", "estimate"}


def _status_values(spec) -> set[str]:
    """Every value of a status field (``status``, ``*_status``) in a chart's data, wherever the
    specification holds data (top level, layers, datasets)."""
    found = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "datasets":
                rows = [row for rows in value.values() for row in rows]
            elif key == "values" and isinstance(value, list):
                rows = value
            else:
                found |= _status_values(value)
                continue
            found |= {
                str(v)
                for row in rows
                if isinstance(row, dict)
                for k, v in row.items()
                if k == "status" or k.endswith("_status")
            }
    elif isinstance(spec, list):
        for item in spec:
            found |= _status_values(item)
    return found


@pytest.mark.parametrize("docname", [d for d in toc_docnames() if d not in REFERENCE_PAGES])
def test_charts_show_statuses_in_words(site, docname):
    """Legends and tooltips read a chart's data: no status code there, only its words."""

    for chart_id, spec in chart_specs(site, docname).items():
        codes = _status_values(spec) & (STATUS_CODES - PLAIN_CODES)
        assert not codes, f"{docname}: chart {chart_id} shows status codes {sorted(codes)}"
