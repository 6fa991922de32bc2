"""The book's chart style: one altair theme and one colour per country, used by every chapter.

Colours are the Okabe–Ito palette, which stays distinguishable for the common forms of colour
blindness; the fonts are the reader's own system fonts (nothing is fetched from a font host).
"""
from __future__ import annotations

import altair as alt

#: Okabe & Ito (2008), without the yellow that fails on a white background.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]

#: One fixed colour per country, so a country looks the same in every chart of the book.
COUNTRY_COLOURS = {"KAZ": "#0072B2", "UZB": "#E69F00", "KGZ": "#009E73", "TJK": "#D55E00", "TKM": "#CC79A7"}

#: Colours for the status of a value (official statistics, estimates, the authors' figures...).
STATUS_COLOURS = {
    "official": "#0072B2",
    "census": "#009E73",
    "estimate": "#56B4E9",
    "model": "#999999",
    "attributed": "#555555",  # a dark grey (drawn light on the dark page): a value not traced to its publication
    "derived": "#E69F00",
    "stated-by-authors": "#D55E00",
    "inferred": "#CC79A7",
}

#: Greys for what is not a category: text, axes, grids, reference lines and whiskers, empty map
#: land and borders, the "other" or "model" categories. (In dark mode the book's stylesheet draws
#: the dark ones light.)
NEUTRALS = ("#ffffff", "#eeeeee", "#dddddd", "#d9d9d9", "#bbbbbb", "#999999", "#888888", "#555555",
            "#333333", "#222222", "#000000")

#: A lighter orange and a darker blue, to extend the palette's orange and blue into ordered
#: (diverging) scales, such as rating scales from "poor" to "good".
SHADES = ("#F0C27B", "#004B7A")

#: Named colour schemes for counts: single-hue sequential, readable with any colour vision.
SCHEMES = ("blues",)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WIDTH = 560


@alt.theme.register("kzdiaspora", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "transparent",
            "view": {"continuousWidth": WIDTH, "continuousHeight": 300, "stroke": None},
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                     "gridColor": "#dddddd", "domainColor": "#888888", "tickColor": "#888888",
                     "labelColor": "#333333", "titleColor": "#333333"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                       "labelColor": "#333333", "titleColor": "#333333", "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start", "color": "#333333"},
            "line": {"strokeWidth": 2},
            "point": {"size": 50, "filled": True},
        }
    }


# Export buttons yes; the "open in the Vega editor" action would leave the site.
alt.renderers.set_embed_options(actions={"export": True, "source": True, "compiled": False, "editor": False})


def country_scale(codes=None) -> alt.Scale:
    """A colour scale mapping country codes (all five, or ``codes``) to their fixed colours."""
    codes = list(codes or COUNTRY_COLOURS)
    return alt.Scale(domain=codes, range=[COUNTRY_COLOURS[c] for c in codes])


def status_scale(statuses=None) -> alt.Scale:
    statuses = list(statuses or STATUS_COLOURS)
    return alt.Scale(domain=statuses, range=[STATUS_COLOURS[s] for s in statuses])
