"""The charts of the built site: each has a text description, and uses only colours that stay
apart for colour-blind readers (the Okabe–Ito palette of kzdiaspora.charts, its documented
shades and greys, and single-hue schemes for counts)."""

from __future__ import annotations

import re

import pytest
from conftest import EDITIONS, chart_specs, edition_page, edition_site, toc_docnames

from kzdiaspora import charts, countries

pytestmark = pytest.mark.slow

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
NAMED = {"white": "#ffffff", "black": "#000000"}
#: Spec keys whose string values are colours.
COLOUR_KEYS = {
    "color",
    "fill",
    "stroke",
    "background",
    "gridColor",
    "domainColor",
    "tickColor",
    "labelColor",
    "titleColor",
    "symbolFillColor",
    "symbolStrokeColor",
    "strokeColor",
    "value",
    "range",
}


def _colours(node, key=None):
    """Every colour a specification names (and the schemes it uses, as ``scheme:<name>``)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "datasets" or k == "data":
                continue
            if k == "scheme":
                yield f"scheme:{v}"
            else:
                yield from _colours(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _colours(v, key)
    elif isinstance(node, str) and key in COLOUR_KEYS:
        if HEX.match(node):
            yield node.lower()
        elif node.lower() in NAMED:
            yield NAMED[node.lower()]


ALLOWED = {c.lower() for c in (*charts.PALETTE, *charts.NEUTRALS, *charts.SHADES)}
ALLOWED |= {f"scheme:{s}" for s in charts.SCHEMES}


def test_the_house_palette_is_okabe_ito():
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#0072b2", "#d55e00", "#cc79a7", "#000000"}  # (yellow left out)
    assert {c.lower() for c in charts.PALETTE} == okabe_ito
    for scale in (countries.colours(), charts.STATUS_COLOURS):
        assert {c.lower() for c in scale.values()} <= ALLOWED


@pytest.mark.parametrize("docname", toc_docnames())
@pytest.mark.parametrize("language", EDITIONS)
def test_charts_have_a_description_and_known_colours(site, docname, language):
    for element, spec in chart_specs(edition_site(site, language), docname).items():
        assert len(spec.get("description", "")) > 40, f"{docname}: {element} has no text description"
        unknown = set(_colours(spec)) - ALLOWED
        assert not unknown, f"{docname}: {element} uses colours outside the palette: {sorted(unknown)}"


def test_colour_check_sees_colours():
    spec = {
        "mark": {"type": "rule", "color": "#123456"},
        "encoding": {"color": {"scale": {"range": ["#0072B2"], "scheme": "rainbow"}}},
        "datasets": {"d": [{"color": "#ff0000"}]},
    }
    assert set(_colours(spec)) == {"#123456", "#0072b2", "scheme:rainbow"}


# The chart checklist (src/kzdiaspora/CHARTS.md), where a specification can show it ----------------

#: Fields that hold a time: on a position channel they need a time (continuous) axis.
TIME_FIELDS = {"year", "position", "months", "month", "release", "as_of", "date", "when"}
POSITIONS = ("x", "y")


def _units(spec, inherited=None):
    """Every single-mark chart of a specification, with the encoding it draws with (a layer's or a
    facet's shared encoding included), and the specifications that resolve scales."""
    encoding = {**(inherited or {}), **spec.get("encoding", {})}
    if "mark" in spec:
        mark = spec["mark"]["type"] if isinstance(spec["mark"], dict) else spec["mark"]
        yield mark, encoding
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from _units(child, encoding)
    if "spec" in spec:
        yield from _units(spec["spec"], encoding)


def _field(channel) -> str:
    return channel.get("field", "") if isinstance(channel, dict) else ""


def _axis_problems(mark: str, channel: dict) -> list[str]:
    """What one position channel of one mark breaks of the checklist."""
    field, kind, scale = _field(channel), channel.get("type"), channel.get("scale") or {}
    domain = scale.get("domain")
    problems = []
    if field in TIME_FIELDS and kind in ("nominal", "ordinal"):
        if not (isinstance(domain, list) and domain == list(range(domain[0], domain[0] + len(domain)))):
            problems.append(f"{field} (a time) on a {kind} axis without every period in its domain")
    if kind == "quantitative" and scale.get("zero") is False and field not in TIME_FIELDS:
        problems.append(f"{field}: an axis of magnitudes that does not start at zero")
    if mark in ("bar", "area") and kind == "quantitative":
        if scale.get("zero") is False or (isinstance(domain, list) and not domain[0] <= 0 <= domain[-1]):
            problems.append(f"{field}: bars that do not start at zero")
    return problems


def _checklist_problems(spec) -> list[str]:
    problems = [
        problem
        for mark, encoding in _units(spec)
        for name in POSITIONS
        if isinstance(encoding.get(name), dict)
        for problem in _axis_problems(mark, encoding[name])
    ]
    for channel, how in (spec.get("resolve", {}).get("scale") or {}).items():
        if how == "independent" and channel in POSITIONS:
            titles = [
                str(enc[channel].get("title", ""))
                for _, enc in _units(spec)
                if isinstance(enc.get(channel), dict) and enc[channel].get("type") == "quantitative"
            ]
            # "own scale" as the edition writes it in each language (the library's catalog)
            if titles and not any(words in t for t in titles for words in ("own scale", "своя шкала")):
                problems.append(f"independent {channel} scales the axis title does not announce ('own scale')")
    return problems


@pytest.mark.parametrize("docname", toc_docnames())
@pytest.mark.parametrize("language", EDITIONS)
def test_charts_keep_the_checklist(site, docname, language):
    """Time on a time axis, magnitudes from zero, independent scales said: in every chart."""
    problems = [
        f"{element}: {problem}"
        for element, spec in chart_specs(edition_site(site, language), docname).items()
        for problem in _checklist_problems(spec)
    ]
    assert not problems, f"{docname}:\n" + "\n".join(problems)


def test_the_checklist_check_sees_problems():
    release_axis = {"mark": "bar", "encoding": {"x": {"field": "release", "type": "ordinal"}}}
    cut_bars = {"mark": "bar", "encoding": {"y": {"field": "n", "type": "quantitative", "scale": {"zero": False}}}}
    independent = {
        "facet": {"field": "c", "type": "nominal"},
        "spec": {"mark": "line", "encoding": {"y": {"field": "share", "type": "quantitative", "title": "Share"}}},
        "resolve": {"scale": {"y": "independent"}},
    }
    months = {"mark": "bar", "encoding": {"x": {"field": "month", "type": "ordinal", "scale": {"domain": [1, 2, 3]}}}}
    assert len(_checklist_problems(release_axis)) == 1
    assert len(_checklist_problems(cut_bars)) == 2
    assert len(_checklist_problems(independent)) == 1
    labels = {**independent, "spec": {"mark": "bar", "encoding": {"y": {"field": "label", "type": "nominal"}}}}
    assert _checklist_problems(labels) == []  # categories of their own in each panel
    assert _checklist_problems(months) == []


#: Charts whose drawing runs past the page's column (unless wide charts may scroll in their box,
#: as on a phone), and text of a chart outside its drawing (cut at the drawing's edge).
CUT_CHARTS = """(scrolls) => {
    const column = document.querySelector('article.bd-article').getBoundingClientRect();
    const out = [];
    for (const svg of document.querySelectorAll('[id^="altair-viz-"] svg')) {
        const name = svg.closest('[id]').id, box = svg.getBoundingClientRect();
        if (!scrolls && box.right > column.right + 1)
            out.push(`${name} runs past the column`);
        for (const text of svg.querySelectorAll('text')) {
            const r = text.getBoundingClientRect();
            if (r.width && (r.right > box.right + 1 || r.left < box.left - 1))
                out.push(`${name}: ${JSON.stringify(text.textContent)} cut at the chart's edge`);
        }
    }
    return out; }"""


@pytest.mark.browser
@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("language", EDITIONS)
def test_no_chart_label_is_cut(browser, server, screen, language):
    """Vega shortens a label longer than its limit with "…", and a legend's row of entries does
    not wrap but is cut at the chart's edge: no chart of the site does either, on a desktop screen
    (1280 px) or a phone's (390 px). On a desktop every chart also fits the column (on a phone a
    wider one scrolls in its box)."""
    from conftest import visit, wait_for_charts

    options = {"viewport": {"width": 390, "height": 844}} if screen == "phone" else {}
    cut = []
    for docname in toc_docnames():
        with visit(browser, server, edition_page(docname, language), **options) as seen:
            if wait_for_charts(seen.page):
                cut += [
                    f"{docname}: {text!r}"
                    for text in seen.page.evaluate(
                        """() => [...document.querySelectorAll('[id^="altair-viz-"] svg text')]
                            .map(t => t.textContent).filter(t => t.includes('…'))"""
                    )
                ]
                cut += [f"{docname}: {problem}" for problem in seen.page.evaluate(CUT_CHARTS, screen == "phone")]
    assert not cut, "\n".join(cut)
