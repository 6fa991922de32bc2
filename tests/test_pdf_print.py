"""The print representation of the book's outputs and the LaTeX side of its Sphinx extension, on
small cases (the whole PDF is tested in tests/test_pdf.py)."""

from __future__ import annotations

import base64
import datetime
import json
import re

import altair as alt
import pandas as pd
import pytest
import yaml
from conftest import ROOT
from docutils import nodes
from docutils.core import publish_doctree

from kzdiaspora import charts, markup, publish
from kzdiaspora_book import latex


@charts.draws
def _chart(frame):
    return alt.Chart(frame).mark_line().encode(x="year:Q", y="n:Q").properties(description="Line chart of n by year.")


FRAME = pd.DataFrame({"year": [2020, 2021], "n": [3, 5], "source": ["nurbek2025", "nurbek2025"]})


def test_a_chart_carries_a_pdf_drawing_made_before_it_fits_the_column(tmp_path, monkeypatch):
    monkeypatch.setenv(publish.PAGE_ENV, "chapters-test")
    monkeypatch.setenv(publish.TEMPLATE_ENV, "chapters/test.md")
    monkeypatch.setenv(publish.ASSETS_ENV, str(tmp_path))
    glued = {}
    monkeypatch.setattr(publish, "display", lambda obj: None)
    monkeypatch.setattr(publish, "_myst_glue", lambda key, value: glued.__setitem__(key, value))
    publish.figure(_chart(FRAME), "fig-test", caption="A test.", data=FRAME)
    bundle = glued["fig-test"]._repr_mimebundle_()
    drawing = base64.b64decode(bundle["application/pdf"])
    assert drawing.startswith(b"%PDF") and b"/Page" in drawing
    assert glued["fig-test"].spec["width"] == "container"  # the page's chart fits the column
    assert '"container"' not in json.dumps(bundle["application/pdf"])
    assert set(bundle) == {"text/html", "text/plain", "application/pdf"}


def test_an_html_table_prints_as_the_same_table_in_markdown():
    frame = pd.DataFrame({"Column": ["iso3", "a_b"], "Meaning": ["Code *and* name | pipe", None]})
    table = markup.html_table(frame, code=["Column"])
    bundle = table._repr_mimebundle_()
    assert bundle["text/html"] == str(table) and "<table" in str(table)
    rows = bundle["text/markdown"].splitlines()
    assert rows[0] == "| Column | Meaning |" and rows[1] == "| :--- | :--- |"
    assert rows[2] == r"| `iso3` | Code \*and\* name \| pipe |"  # text shows as text
    assert rows[3] == "| `a_b` | – |"


def test_a_web_control_prints_as_nothing():
    bundle = markup.HTMLOutput("<input>")._repr_mimebundle_()
    assert bundle["text/html"] == "<input>" and bundle["text/markdown"].startswith("% ")  # a MyST comment


@pytest.mark.parametrize(
    "longest, typical, minimums, room, expected",
    [
        ([10, 20], [8, 15], [4, 5], 60, [10, 20]),  # the table fits: each column its longest cell
        # too wide: the least widths (24), and the 36 characters left shared 6 : 80, in proportion
        # to what a typical cell (at most twice the mean, at most the longest) would take beyond them
        ([10, 100], [10, 80], [4, 20], 60, [4 + 36 * 6 / 86, 20 + 36 * 80 / 86]),
        ([50, 50], [50, 50], [40, 40], 60, [30, 30]),  # not even the least widths fit: scaled down
    ],
)
def test_column_widths(longest, typical, minimums, room, expected):
    assert latex.column_widths(longest, typical, minimums, room) == pytest.approx(expected)


def _table(rst: str) -> nodes.table:
    return next(iter(publish_doctree(rst).findall(nodes.table)))


def test_a_table_too_wide_for_its_type_takes_the_smaller_one():
    narrow = _table("=====  =====\nYear   Count\n=====  =====\n2020   3\n=====  =====\n")
    spec, smaller = latex.table_layout(narrow)
    assert not smaller and spec.count(r"\X{") == 2
    widths = [int(w) for w in re.findall(r"\\X\{(\d+)\}", spec)]
    assert sum(widths) < 10 * latex.LINE_CHARS / 2  # a narrow table stays narrow
    header = " ".join(["=" * 20] * 8)
    cells = " ".join(f"``column_name_{i}_x``".ljust(20) for i in range(8))
    wide = _table(f"{header}\n{cells}\n{header}\n{cells}\n{header}\n")
    assert latex.table_layout(wide)[1]


def test_long_runs_of_characters_may_break_in_print():
    document = publish_doctree("The digest 04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394 is long.")
    latex._long_words(document)
    breaks = [r for r in document.findall(nodes.raw) if r.astext() == r"\allowbreak{}"]
    assert len(breaks) == 6 and "The digest 04342cdc1e" in document.astext().replace(r"\allowbreak{}", "")


def test_the_title_page_cites_the_article_and_the_edition():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    page = latex.title_page(citation, datetime.date(2026, 1, 2))
    assert r"\begin{titlepage}" in page and "2026-01-02" in page
    assert "Nurbek, K., Kalashnikova, N. \\& Turan, U. (2025)" in page
    assert "https://doi.org/10.3389/fpos.2025.1583799" in page
    assert f"(2026). {latex.tex(citation['title'])} (version {citation['version']})" in page
    assert latex.tex("a_b & 50% #1") == r"a\_b \& 50\% \#1"


def test_a_date_in_a_cell_stays_whole_while_words_may_break():
    table = _table(
        "==========  ==================\nDate        Note\n==========  ==================\n"
        "2023-02-07  well-known long-standing\n==========  ==================\n"
    )
    rows = list(table.findall(nodes.row))
    date, note = rows[1].children
    assert latex._longest_run(date) == len("2023-02-07")
    assert latex._longest_run(note) == len("standing")  # breaks at the hyphens
