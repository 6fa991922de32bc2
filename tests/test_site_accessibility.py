"""Accessibility of the built site, in headless Chromium: an axe-core scan of every page, in the
light and the dark colour mode, finds no serious or critical violation; every chart carries its
text description for screen readers.

axe-core's script comes with the axe-playwright-python package (installed with the test extra),
so the scan needs no network."""

from __future__ import annotations

import pytest
from conftest import EDITIONS, chart_specs, edition_page, edition_site, toc_docnames, visit, wait_for_charts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _report(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"][:3]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {' '.join(node['html'].split())[:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("docname", toc_docnames())
@pytest.mark.parametrize("language", EDITIONS)
def test_axe_finds_no_serious_violation(browser, server, axe, docname, scheme, language):
    with visit(browser, server, edition_page(docname, language), color_scheme=scheme) as seen:
        page = seen.page
        page.wait_for_function("s => document.documentElement.dataset.theme === s", arg=scheme)
        # colours are measured once the theme has settled, not halfway through a transition
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        wait_for_charts(page)
        results = axe.run(page).response
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{language} {docname} ({scheme}):\n{_report(blocking)}"


@pytest.mark.parametrize("docname", [d for d in toc_docnames()])
@pytest.mark.parametrize("language", EDITIONS)
def test_every_chart_has_its_description_for_screen_readers(browser, server, site, docname, language):
    specs = chart_specs(edition_site(site, language), docname)
    if not specs:
        pytest.skip("no chart on this page")
    with visit(browser, server, edition_page(docname, language)) as seen:
        wait_for_charts(seen.page)
        labels = seen.page.evaluate("""() => Object.fromEntries(
            [...document.querySelectorAll('[id^="altair-viz-"]')].map(
                el => { const g = el.querySelector('[role="graphics-document"]');
                        return [el.id, g ? g.getAttribute('aria-label') : null]; }))""")
    assert labels == {element: spec["description"] for element, spec in specs.items()}
