"""The built site in a real browser (headless Debian Chromium driven by Playwright), with the
network blocked: every page loads, every chart draws SVG marks, no console error, and no
request leaves the machine, over http://127.0.0.1 and over file://; charts stay readable in dark
mode and on a narrow (phone) screen.

Needs Debian's Chromium (``apt-get install chromium``); Playwright never downloads a browser
here. Without Chromium the tests are skipped, except under CI (``CI=true``), where they fail.
Screenshots are written to a temporary folder whose path the tests print (``pytest -s``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHART, EDITIONS, edition_page, toc_docnames, visit, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOWCASE = "profiles/UZB"  # a page with a line chart, a dot chart and a map


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _screenshot(page, folder: Path, name: str, **options) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), **options)
    print(f"screenshot: {path}")


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("docname", toc_docnames())
@pytest.mark.parametrize("language", EDITIONS)
def test_page_renders_offline(browser, server, site, screenshots, mode, docname, language):
    base = server if mode == "http" else site.as_uri()
    with visit(browser, base, edition_page(docname, language), mode) as seen:
        page = seen.page
        if mode == "http":
            assert seen.response is not None and seen.response.ok, (
                f"{docname}: HTTP {seen.response and seen.response.status}"
            )
        assert page.title(), f"{docname}: no title"
        wait_for_charts(page)  # every chart gets an SVG with drawn marks from the vendored vega-embed
        if docname == SHOWCASE and mode == "http":
            _screenshot(page, screenshots, f"profile-UZB-{language}", full_page=True)
        page.wait_for_timeout(200)  # late console errors
    assert seen.left == [], f"{docname}: requests leaving the machine: {sorted(set(seen.left))}"
    assert seen.errors == [], f"{docname}: {seen.errors}"


# Relative luminance (WCAG) of the colour an element is painted with.
LUMINANCE = """
const luminance = css => {
  const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const background = el => {   // the first ancestor with a visible background colour
  for (; el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
  }
  return getComputedStyle(document.body).backgroundColor;
};
"""


@pytest.mark.parametrize("docname", [SHOWCASE, "survey", "policy", "kandas"])
@pytest.mark.parametrize("language", EDITIONS)
def test_dark_mode_keeps_charts_readable(browser, server, screenshots, docname, language):
    """In dark mode a chart sits on the dark page, its axis and legend text is light, and none of
    its marks (points, lines, bars, whiskers) is drawn in a colour too dark to see."""
    with visit(browser, server, edition_page(docname, language), color_scheme="dark") as seen:
        page = seen.page
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert wait_for_charts(page) >= 1
        report = page.evaluate(
            "() => {"
            + LUMINANCE
            + """
            const painted = c => c && c !== 'none' && !c.startsWith('rgba(0, 0, 0, 0)');
            return [...document.querySelectorAll('[id^="altair-viz-"]')].map(chart => ({
                id: chart.id,
                ground: luminance(background(chart)),
                text: [...chart.querySelectorAll('.role-axis text, .role-legend text')].map(
                    t => luminance(getComputedStyle(t).fill)),
                marks: [...chart.querySelectorAll('.role-mark > :not(text)')].flatMap(m => {
                    const s = getComputedStyle(m);
                    return [s.fill, s.stroke].filter(painted).map(luminance); }),
            })); }"""
        )
        if docname == SHOWCASE:
            page.locator(CHART).first.scroll_into_view_if_needed()
            _screenshot(page, screenshots, f"profile-UZB-dark-{language}")
    for chart in report:
        assert chart["ground"] < 0.1, f"{chart['id']}: drawn on a light background in dark mode"
        assert chart["text"] and min(chart["text"]) > 0.6, (
            f"{chart['id']}: axis or legend text too dark: {chart['text']}"
        )
        assert chart["marks"] and min(chart["marks"]) > 0.08, f"{chart['id']}: marks too dark to see on a dark page"
    assert seen.errors == [] and seen.left == []


@pytest.mark.parametrize("language", EDITIONS)
def test_narrow_screen_keeps_pages_within_the_screen(browser, server, screenshots, language):
    """On a phone-sized screen no page scrolls sideways; a chart wider than the column scrolls
    inside its own box, at full size (its text is not shrunk)."""
    problems = []
    for docname in toc_docnames():
        with visit(browser, server, edition_page(docname, language), **PHONE) as seen:
            page = seen.page
            wait_for_charts(page)
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1]:
                problems.append(f"{docname}: page is {width[0]} px wide on a {width[1]} px screen")
            shrunk = page.evaluate("""() => [...document.querySelectorAll('[id^="altair-viz-"] svg')].filter(
                svg => Math.abs(svg.getBoundingClientRect().width - svg.width.baseVal.value) > 1).map(
                svg => svg.closest('[id^="altair-viz-"]').id)""")
            problems += [f"{docname}: chart {c} is scaled down" for c in shrunk]
            if docname == SHOWCASE:
                page.locator(CHART).first.scroll_into_view_if_needed()
                _screenshot(page, screenshots, f"profile-UZB-phone-{language}")
        problems += [f"{docname}: {e}" for e in seen.errors]
    assert not problems, "\n".join(problems)
