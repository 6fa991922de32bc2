"""No English left on the pages of the Russian edition, in their text or their charts."""

from __future__ import annotations

import json

import pytest
from conftest import chart_specs, page_html, toc_docnames
from english_text import chart_texts, english_words, kept_in_original, page_english

DOCNAMES = toc_docnames()
KEPT = kept_in_original()


@pytest.fixture(scope="session")
def russian_site(site):
    ru = site / "ru"
    assert (ru / "intro.html").is_file(), "the build wrote no Russian edition (_build/html/ru/)"
    return ru


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_english_on_the_russian_page(russian_site, docname):
    found = page_english(page_html(russian_site, docname), KEPT)
    assert not found, f"ru/{docname}.html: English text:\n" + "\n".join(found[:40])


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_english_in_the_russian_charts(russian_site, docname):
    found = []
    for chart, spec in chart_specs(russian_site, docname).items():
        for text in chart_texts(spec):
            words = english_words(text, KEPT)
            if words:
                found.append(f"{chart}: {' '.join(words)} ← {text[:100]}")
    assert not found, f"ru/{docname}.html: English in charts:\n" + "\n".join(sorted(set(found))[:40])


def test_the_check_sees_english_and_only_english():
    html = """<html><body><article>
    <p>Число кандасов выросло, as the data show.</p>
    <p>Название: <span lang="en">Frontiers in Political Science</span>; код <code>kz.figure</code>;
       адрес https://stat.gov.kz/ и файл data/press.csv;
       ссылка <a href="../bibliography-n-z.html#id4">Nurbek et al., 2025</a>.</p>
    <img alt="Chart of arrivals" src="x.png">
    </article></body></html>"""
    found = page_english(html, kept=[])
    assert len(found) == 2, found
    assert found[0].startswith("as the data show"), found
    assert found[1].startswith("Chart of arrivals"), found
    assert page_english("<p>Данные Jupyter Book</p>", kept=["Jupyter Book"]) == []


def test_the_chart_check_reads_titles_labels_and_values():
    spec = json.loads("""{
      "title": {"text": "Net migration", "subtitle": "Сальдо"},
      "datasets": {"d1": [{"who": "Kazakhs", "n": 1}, {"who": "казахи", "n": 2}]},
      "data": {"name": "d1"},
      "encoding": {"x": {"field": "n", "type": "quantitative", "axis": {"title": "Год",
                          "labelExpr": "datum.value == 1 ? 'one' : 'два'"}},
                   "color": {"field": "who", "type": "nominal", "legend": {"title": "Group"}},
                   "tooltip": [{"field": "n", "type": "quantitative", "title": "Count"}]}
    }""")
    texts = set(chart_texts(spec))
    assert {"Net migration", "Сальдо", "Group", "Count", "Kazakhs", "казахи", "one", "два", "Год"} <= texts, texts
