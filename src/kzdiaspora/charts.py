"""The book's charts: one altair theme used by every chapter, colour scales (each country's colour
comes from the gazetteer, :func:`kzdiaspora.countries.colours`), and the record every chart
keeps of how it was drawn.

Every library function that draws a chart is decorated with :func:`draws` and gives its chart a
text description (``.properties(description=...)``, read by screen readers). The chart then
carries, in its Vega-Lite ``usermeta``, the functions that drew it and the bibliography keys of
the data it draws beyond the figure's own (:func:`cite`: map boundaries, capitals);
:func:`kzdiaspora.publish.figure` lists them in the figure's footer and strips them from the page.

Colours are the Okabe–Ito palette, which stays distinguishable for the common forms of colour
blindness; the fonts are the reader's own system fonts (nothing is fetched from a font host).
"""

from __future__ import annotations

import functools
from typing import Callable, Iterable

import altair as alt
import pandas as pd

from . import countries, fmt, i18n
from .i18n import N_, _

#: Okabe & Ito (2008), without the yellow that fails on a white background.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]

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
NEUTRALS = (
    "#ffffff",
    "#eeeeee",
    "#dddddd",
    "#d9d9d9",
    "#bbbbbb",
    "#999999",
    "#888888",
    "#555555",
    "#444444",
    "#333333",
    "#222222",
    "#000000",
)

#: Text written on the page's background beside the marks (values at the end of bars, notes
#: such as "not found"); the book's stylesheet draws it light in dark mode. Text on coloured cells
#: or on a map's land keeps a colour of its own.
PAGE_TEXT = "#444444"

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
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "gridColor": "#dddddd",
                "domainColor": "#888888",
                "tickColor": "#888888",
                "labelColor": "#333333",
                "titleColor": "#333333",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "labelColor": "#333333",
                "titleColor": "#333333",
                "orient": "bottom",
            },
            "title": {"fontSize": 14, "anchor": "start", "color": "#333333"},
            "line": {"strokeWidth": 2},
            "point": {"size": 50, "filled": True},
        }
    }


# Export buttons yes; the "open in the Vega editor" action would leave the site.
EMBED_OPTIONS = {"actions": {"export": True, "source": True, "compiled": False, "editor": False}}

alt.renderers.set_embed_options(**EMBED_OPTIONS)


def country_scale(codes=None) -> alt.Scale:
    """A colour scale mapping country codes (the countries of the study, or ``codes``) to each
    country's colour in the gazetteer (:func:`kzdiaspora.countries.colours`)."""
    codes = list(codes or countries.study())
    colours = countries.colours()
    return alt.Scale(domain=codes, range=[colours[c] for c in codes])


def status_scale(statuses=None) -> alt.Scale:
    """Colour scale of row statuses (codes, default all), over their plain words (:func:`fmt.status`):
    a chart encodes a column passed through :func:`status_words`."""
    statuses = list(statuses or STATUS_COLOURS)
    return alt.Scale(domain=[fmt.status(s) for s in statuses], range=[STATUS_COLOURS[s] for s in statuses])


def status_words(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each status column (``status``, or a name ending in ``_status``) in plain
    words, as legends and tooltips show it; the figure's download keeps the codes."""
    columns = [c for c in frame.columns if c == "status" or str(c).endswith("_status")]
    return frame.assign(**{c: frame[c].map(lambda v: fmt.status(v) if v in fmt.STATUS_WORDS else v) for c in columns})


#: The names of data columns that charts show as their own titles (a tooltip with no title of
#: its own shows its field's name): each one's words for a page in another language.
FIELD_TITLES = {
    "year": N_("year"),
    "source": N_("source"),
    "title": N_("title"),
    "kind": N_("kind"),
    "country": N_("country"),
    "status": N_("status"),
    "period": N_("period"),
    "value": N_("value"),
    "release": N_("release"),
    "note": N_("note"),
    "label": N_("label"),
    "group": N_("group"),
    "share": N_("share"),
    "persons": N_("persons"),
    "percent": N_("percent"),
    "origin": N_("origin"),
    "breakdown": N_("breakdown"),
    "base": N_("base"),
    "months": N_("months"),
    "partner": N_("partner"),
    "direction": N_("direction"),
    "migrants": N_("migrants"),
}


def field_title(field: str) -> dict:
    """Keyword arguments giving an encoding (``alt.Tooltip``, an axis, a legend) the title
    ``field`` (a data column's name, one of :data:`FIELD_TITLES`) in the page's language:
    ``{}`` on an English page, where the encoding keeps showing the column's name, so that the
    English chart stays as it was; ``{"title": "год"}`` on a Russian one. Raises KeyError for a
    field with no words in :data:`FIELD_TITLES`."""
    words = FIELD_TITLES[field]
    return {} if i18n.language() == i18n.LANGUAGES[0] else {"title": _(words)}


def tip(field: str, **kwargs):
    """A tooltip entry for the data column ``field`` (``"year"``, ``"percent:Q"``; one of
    :data:`FIELD_TITLES`), with ``kwargs`` for :class:`altair.Tooltip` (``format``): on an English
    page the entry a chart has always had (the bare shorthand when there are no ``kwargs``, which
    shows the column's name), on a page in another language an ``alt.Tooltip`` titled in it."""
    title = field_title(field.split(":")[0])
    if not title and not kwargs:
        return field
    return alt.Tooltip(field, **{**title, **kwargs})


def count_format() -> str:
    """The d3 format of an axis of counts of persons in the page's language: ``"~s"`` in English
    (``40k``, ``1.5M``, as the English charts have always had), ``",d"`` in another language, whose
    locale groups the digits (``40 000``); d3's SI suffixes are English letters whatever the
    locale."""
    return "~s" if i18n.language() == i18n.LANGUAGES[0] else ",d"


def legend_columns(columns: int) -> int:
    """The columns of a legend's entries: ``columns`` on an English page, as the chart was laid
    out; one on a page in another language, whose longer words would carry a row of entries past
    the chart's edge (a row does not wrap)."""
    return columns if i18n.language() == i18n.LANGUAGES[0] else 1


#: The key of the book's record in a chart's ``usermeta``.
META = "kzdiaspora"


def meta(chart) -> dict:
    """What a chart records of how it was drawn: ``drawn_by`` (qualified names of the drawing
    functions, the outermost first), ``sources`` (bibliography keys of data it draws itself) and
    ``read_in`` (those of the copies such data were read in)."""
    usermeta = getattr(chart, "usermeta", alt.Undefined)
    return dict(usermeta.get(META, {})) if isinstance(usermeta, dict) else {}


def _with_meta(chart, **record):
    return chart.properties(usermeta={META: {**meta(chart), **record}})


def draws(fn: Callable) -> Callable:
    """Decorator of a library function that returns a chart: the chart records the function
    (its figure's footer names it among the code that made the figure)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def drawing(*args, **kwargs):
        chart = fn(*args, **kwargs)
        drawn_by = [name, *[d for d in meta(chart).get("drawn_by", []) if d != name]]
        return _with_meta(chart, drawn_by=drawn_by)

    return drawing


def cite(chart, keys: Iterable[str], copies: Iterable[str] = ()):
    """The chart, recording the bibliography keys of data it draws that the figure's data do not
    hold (the boundaries and capitals of a map), and of the copies they were read in (``copy_read``
    cells, ``;`` between keys); the figure's footer cites them."""
    record = meta(chart)
    sources = sorted({*record.get("sources", []), *(k for k in keys if isinstance(k, str) and k)})
    read = [k.strip() for cell in copies if isinstance(cell, str) for k in cell.split(";") if k.strip()]
    return _with_meta(chart, sources=sources, read_in=list(dict.fromkeys([*record.get("read_in", []), *read])))


#: Each country of the study after "in" and after "of", for messages whose language declines a
#: country's name there (Russian: «в Узбекистане», «казахи Узбекистана»). A message names the
#: forms it needs (:func:`country_forms`); a translation may use others than the English.
IN_COUNTRY = {
    "KAZ": N_("in Kazakhstan"),
    "UZB": N_("in Uzbekistan"),
    "KGZ": N_("in Kyrgyzstan"),
    "TJK": N_("in Tajikistan"),
    "TKM": N_("in Turkmenistan"),
    "CHN": N_("in China"),
    "RUS": N_("in Russia"),
    "MNG": N_("in Mongolia"),
}
OF_COUNTRY = {
    "KAZ": N_("of Kazakhstan"),
    "UZB": N_("of Uzbekistan"),
    "KGZ": N_("of Kyrgyzstan"),
    "TJK": N_("of Tajikistan"),
    "TKM": N_("of Turkmenistan"),
    "CHN": N_("of China"),
    "RUS": N_("of Russia"),
    "MNG": N_("of Mongolia"),
}


def country_forms(iso3: str) -> dict[str, str]:
    """The forms of a country's name a message may use, as keyword arguments for ``str.format``:
    ``country`` (the name, from :func:`kzdiaspora.countries.names`), ``in_country`` ("in
    Uzbekistan", «в Узбекистане») and ``of_country`` ("of Uzbekistan", «Узбекистана»). A country
    without its own forms gets "in"/"of" and its name. Raises KeyError for a code not in the
    gazetteer."""
    name = countries.names()[iso3]
    in_country = _(IN_COUNTRY[iso3]) if iso3 in IN_COUNTRY else _("in {country}").format(country=name)
    of_country = _(OF_COUNTRY[iso3]) if iso3 in OF_COUNTRY else _("of {country}").format(country=name)
    return {"country": name, "in_country": in_country, "of_country": of_country}
