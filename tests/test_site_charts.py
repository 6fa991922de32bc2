"""The charts of the built site: each has a text description, and uses only colours that stay
apart for colour-blind readers (the Okabe–Ito palette of kzdiaspora.charts, its documented
shades and greys, and single-hue schemes for counts)."""

from __future__ import annotations

import re

import pytest
from conftest import chart_specs, toc_docnames

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
def test_charts_have_a_description_and_known_colours(site, docname):
    for element, spec in chart_specs(site, docname).items():
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
