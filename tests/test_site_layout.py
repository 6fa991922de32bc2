"""The site as readers meet it, measured in a real browser (headless Debian Chromium driven by
Playwright, network blocked): one search field and no empty bar on a desktop screen; the search
page with a query shows excerpts and throws nothing, over http and file://; captions and tables
fit their column or scroll inside their box, on a phone and on a desktop; a printed page (A4)
keeps each figure on one page with its caption and prints none of the screen's controls."""

from __future__ import annotations

import io

import pytest
from conftest import EDITIONS, edition_page, toc_docnames, visit, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

#: The search fields and buttons a reader can see (the search dialog's field opens on demand).
VISIBLE_SEARCH = """() => [...document.querySelectorAll(
    '.search-button-field, form.bd-search input[type=search], input[name=q]')].filter(el => {
        if (el.closest('dialog')) return false;
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
    }).length"""


@pytest.mark.parametrize("width", [1280, 1600])
@pytest.mark.parametrize("docname", ["intro", "policy", "search"])
@pytest.mark.parametrize("language", EDITIONS)
def test_one_search_field_and_no_empty_bar_on_a_desktop(browser, server, width, docname, language):
    with visit(browser, server, edition_page(docname, language), viewport={"width": width, "height": 900}) as seen:
        page = seen.page
        header = page.evaluate(
            "(() => { const h = document.querySelector('#pst-header'); "
            "return h ? h.getBoundingClientRect().height : 0; })()"
        )
        assert header == 0, f"{docname} at {width} px: a bar {header} px high across the top"
        assert page.evaluate(VISIBLE_SEARCH) == 1, f"{docname} at {width} px: more than one search field"
    assert seen.errors == [], seen.errors


def _search(browser, base: str, mode: str, query: str):
    with visit(browser, base, "search", mode) as seen:
        page = seen.page
        page.goto(f"{base}/search.html?q={query}", wait_until="load")
        page.wait_for_function(
            "() => (document.querySelector('#search-results p.search-summary') || {}).innerText"
            "?.startsWith('Search finished')",
            timeout=20_000,
        )
        page.wait_for_timeout(500)  # the excerpts arrive one result after another
        results = page.evaluate(
            """() => [...document.querySelectorAll('#search-results ul.search > li')].map(li => ({
                title: li.querySelector('a').innerText,
                excerpt: (li.querySelector('p.context') || {}).innerText || ''}))"""
        )
    return results, seen


@pytest.mark.parametrize("mode", ["http", "file"])
def test_search_results_show_excerpts_without_errors(browser, server, site, mode):
    base = server if mode == "http" else site.as_uri()
    results, seen = _search(browser, base, mode, "kandas")
    assert len(results) >= 5, results
    missing = [r["title"] for r in results if "kandas" not in r["excerpt"].lower()]
    assert not missing, f"results without an excerpt showing the word: {missing}"
    assert seen.errors == [], seen.errors
    assert seen.left == [], seen.left


# The caption's text and each table, against the column (and the box that clips them).
OVERFLOWS = """() => {
  const column = document.querySelector('article.bd-article').getBoundingClientRect();
  const clipper = el => {
    for (let p = el.parentElement; p; p = p.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return p;
    return null; };
  const out = [];
  for (const el of document.querySelectorAll('article.bd-article :is(caption, figcaption, table)')) {
    const box = el.getBoundingClientRect();
    if (!box.width) continue;
    const clip = clipper(el);
    const name = (el.closest('[id]') || {}).id;
    if (el.tagName === 'TABLE') {
      const scrolls = clip && ['auto', 'scroll'].includes(getComputedStyle(clip).overflowX)
        && clip.getBoundingClientRect().right <= column.right + 1;
      if (box.right > column.right + 1 && !scrolls) out.push(`table ${name} runs past the column`);
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const left = Math.max(column.left, clip ? clip.getBoundingClientRect().left : column.left);
    const right = Math.min(column.right, clip ? clip.getBoundingClientRect().right : column.right);
    if (text.left < left - 1 || text.right > right + 1)
      out.push(`caption of ${name}: its text spans ${Math.round(text.left)}-${Math.round(text.right)} px, `
               + `the column ${Math.round(left)}-${Math.round(right)} px`);
  }
  return out; }"""


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.parametrize("language", EDITIONS)
def test_captions_and_tables_fit_or_scroll(browser, server, screen, language):
    options = PHONE if screen == "phone" else {"viewport": {"width": 1280, "height": 900}}
    problems = []
    for docname in toc_docnames():
        with visit(browser, server, edition_page(docname, language), **options) as seen:
            wait_for_charts(seen.page)
            problems += [f"{docname}: {p}" for p in seen.page.evaluate(OVERFLOWS)]
    assert not problems, "\n".join(problems)


# Printing -----------------------------------------------------------------------------------

SCREEN_ONLY = """() => [...document.querySelectorAll(
    'details.above-input, details.below-input, .vega-embed details, button.copybtn, .table-filter')].filter(
    el => el.getBoundingClientRect().height > 0).map(el => el.className || el.tagName)"""

# A word at the top of each figure and one at its end, in the text of the printed pages.
MARK_FIGURES = """() => [...document.querySelectorAll('article.bd-article figure')].map((figure, i) => {
    const mark = (text, where) => { const s = document.createElement('span');
        s.textContent = text; s.style.cssText = 'display:block;font-size:2px;line-height:2px;color:#fff';
        figure[where](s); };
    mark(`FIGTOP${i}X`, 'prepend'); mark(`FIGEND${i}X`, 'append');
    return figure.id; })"""


def _printed_pages(page) -> list[str]:
    from pypdf import PdfReader

    pdf = page.pdf(format="A4", print_background=False)
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("language", EDITIONS)
def test_printing_keeps_figures_whole_and_leaves_out_controls(browser, server, language):
    problems = []
    for docname in toc_docnames():
        with visit(browser, server, edition_page(docname, language)) as seen:
            page = seen.page
            if not page.locator("article.bd-article figure").count():
                continue
            wait_for_charts(page)
            page.emulate_media(media="print")
            problems += [f"{docname}: printed: {c}" for c in page.evaluate(SCREEN_ONLY)]
            figures = page.evaluate(MARK_FIGURES)
            pages = _printed_pages(page)
            for i, name in enumerate(figures):
                top = [n for n, text in enumerate(pages) if f"FIGTOP{i}X" in text]
                end = [n for n, text in enumerate(pages) if f"FIGEND{i}X" in text]
                if not top or top != end:
                    problems.append(f"{docname}: {name} starts on page {top} and ends on page {end}")
            if any("Show code cell" in text for text in pages):
                problems.append(f"{docname}: a code toggle is printed")
    assert not problems, "\n".join(problems)
