"""How the book writes a figure's chart and a table into a page: the chart's HTML (one call of
vega-embed), its width fitted to the page's column, and tables as Markdown pipe tables or as
plain HTML. :mod:`kzdiaspora.publish` uses them; chapters use :func:`html_table` for long
reference tables.

Every output also has a print representation, which the book's PDF edition shows (Jupyter
Book's LaTeX builder picks ``application/pdf``, then ``text/markdown``, where the site picks
``text/html``): a chart as a PDF drawing (:func:`chart_pdf`), an HTML table as a Markdown table,
and a control that works only on the web page (a search box) as nothing (:class:`HTMLOutput`).

On a page in another language than English, a chart's numbers and dates are written in that
language's conventions, on the web page and in print alike (:func:`chart_locale`: d3's format
locales, as vl-convert ships them offline), and text that stays in its original language (a
publication's title, a quotation) is marked as such for readers and screen readers
(:func:`original`)."""

from __future__ import annotations

import base64
import functools
import json
import re
from html import escape
from typing import Iterable

import altair as alt
import pandas as pd

from . import i18n
from .i18n import gettext as _

__all__ = [
    "ChartHTML",
    "HTMLOutput",
    "chart_locale",
    "chart_pdf",
    "fit_to_column",
    "html_table",
    "markdown_table",
    "original",
    "stack_legends",
]

#: The d3 locale (as vl-convert names the locales it ships) of each language of the edition but
#: English, whose charts keep Vega's defaults.
D3_LOCALES = {"ru": "ru-RU"}


@functools.cache
def _d3_locale(code: str) -> tuple[dict, dict]:
    """d3's number and time format locales for ``code`` (a key of :data:`D3_LOCALES`)."""
    # imported once a page in another language draws a chart (the library loads it anyway then)
    import vl_convert as vlc

    number = vlc.get_format_locale(D3_LOCALES[code])
    # the minus sign of kzdiaspora.fmt (d3's default too), said explicitly: the same in text and charts
    return {**number, "minus": "\u2212"}, vlc.get_time_format_locale(D3_LOCALES[code])


def chart_locale(language: str | None = None) -> dict:
    """The format locales a chart is drawn with in ``language`` (default: the page's), as
    vega-embed's options name them: ``{"formatLocale": {...}, "timeFormatLocale": {...}}`` (d3
    locale objects: decimal mark, group separator, month and day names), or ``{}`` in English,
    whose charts keep Vega's defaults. vl-convert takes the same objects as ``format_locale`` and
    ``time_format_locale``. Raises KeyError for a language with no d3 locale."""
    language = language or i18n.language()
    if language == i18n.LANGUAGES[0]:
        return {}
    number, time = _d3_locale(language)
    return {"formatLocale": number, "timeFormatLocale": time}


#: Vega's layout of the legends below a chart, on a page in another language than English: one
#: under another, from the left, where side by side their longer words run past the column.
STACKED_LEGENDS = {"bottom": {"direction": "vertical", "anchor": "start"}}


def stack_legends(spec: dict, language: str | None = None) -> dict:
    """``spec`` (a Vega-Lite specification with its ``config``) with the legends below the chart
    one under another (:data:`STACKED_LEGENDS`, given to Vega through the legend config), each
    legend's entries one under another unless the chart sets their direction, and no label cut
    short, on a page in ``language`` (default: the page's) other than English; in English
    ``spec`` itself, unchanged."""
    if (language or i18n.language()) == i18n.LANGUAGES[0]:
        return spec
    spec = _unlimited_labels(spec)
    config = spec.get("config", {})
    legend = {
        **config.get("legend", {}),
        "layout": STACKED_LEGENDS,
        "direction": "vertical",
        "labelLimit": 0,
        "titleLimit": 0,
    }
    axis = {**config.get("axis", {}), "labelLimit": 0}
    return {**spec, "config": {**config, "legend": legend, "axis": axis}}


def _unlimited_labels(node):
    """``node`` with every label length limit lifted (``labelLimit`` 0): the limits are set for
    the English labels, which Vega would cut with "…" in a longer translation."""
    if isinstance(node, dict):
        return {k: 0 if k in ("labelLimit", "titleLimit") else _unlimited_labels(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_unlimited_labels(v) for v in node]
    return node


def fit_to_column(spec: dict) -> dict:
    """A single chart (one mark or layers of marks) over a continuous x axis, with no width of
    its own, takes the width of the page's column (Vega-Lite's ``"container"`` width): wider on
    a large screen, and whole on a phone's. Other charts keep their size (a chart wider than the
    screen scrolls inside its box). Such a chart lists its legends' entries one under another: a
    row of entries does not wrap, and would be cut at a narrow column's edge. On a page in another
    language than English, legends below a chart are stacked (:func:`stack_legends`)."""
    spec = stack_legends(spec)
    if "width" in spec or not {"mark", "layer"} & spec.keys():
        return spec
    encodings = [spec.get("encoding", {}), *(layer.get("encoding", {}) for layer in spec.get("layer", []))]
    types = {enc["x"].get("type") for enc in encodings if isinstance(enc.get("x"), dict)}
    if types and types <= {"quantitative", "temporal"}:
        config = spec.get("config", {})
        legend = {**config.get("legend", {}), "direction": "vertical"}
        return {**spec, "width": "container", "config": {**config, "legend": legend}}
    return spec


def chart_pdf(spec: dict) -> bytes:
    """The chart of a Vega-Lite specification drawn as a one-page PDF (vector graphics, its text
    as text), by vl-convert, offline. Give the specification as drawn, before
    :func:`fit_to_column`: a ``"container"`` width has no meaning off the web page (the chart
    keeps the theme's width, and print scales it to the text block)."""
    import vl_convert as vlc  # imported once a page draws a chart
    from altair.utils._importers import vl_version_for_vl_convert

    locales = chart_locale()
    if not locales:
        return vlc.vegalite_to_pdf(spec, vl_version=vl_version_for_vl_convert())
    spec = stack_legends(spec)
    return vlc.vegalite_to_pdf(
        spec,
        vl_version=vl_version_for_vl_convert(),
        format_locale=locales["formatLocale"],
        time_format_locale=locales["timeFormatLocale"],
    )


class ChartHTML:
    """A chart as the book's pages show it: a container and one call of vega-embed; in print, the
    same chart as a PDF drawing (``pdf``, from :func:`chart_pdf`), if given.

    The page loads the Vega libraries once (the book's Sphinx extension adds them to every page
    with a chart), so a chart needs neither altair's script loader nor a random element id: the
    id is derived from the figure's name, and the same data give the same page. On a page in
    another language than English, vega-embed is given that language's format locales
    (:func:`chart_locale`) and the menu button's name is in that language."""

    def __init__(self, spec: dict, element_id: str, pdf: bytes | None = None):
        self.spec, self.element_id, self.pdf = spec, element_id, pdf
        self.language = i18n.language()

    def _repr_mimebundle_(self, include=None, exclude=None):
        options = {
            "mode": "vega-lite",
            **alt.renderers.options.get("embed_options", {}),
            **chart_locale(self.language),
        }
        spec = json.dumps(self.spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        # vega-embed's menu button (export, view source) is an icon: name it for screen readers
        menu = _("Save the chart or view its source")
        name_menu = (
            'function () { var s = document.querySelector("#%s details > summary"); '
            'if (s) s.setAttribute("aria-label", %s); }' % (self.element_id, json.dumps(menu, ensure_ascii=False))
        )
        element = f'document.getElementById("{self.element_id}")'
        embed = f"vegaEmbed({element}, {_script_safe(spec)}, {json.dumps(options, sort_keys=True)})"
        html = (
            f'<div id="{self.element_id}" class="book-chart"></div>\n'
            f'<script type="text/javascript">{embed}.then({name_menu})'
            ".catch(function (err) { console.error(err); });</script>"
        )
        bundle = {"text/html": html, "text/plain": f"<chart {self.element_id}>"}
        if self.pdf is not None:
            bundle["application/pdf"] = base64.b64encode(self.pdf).decode("ascii")
        return bundle


class HTMLOutput:
    """An output that the web page shows as HTML and print as Markdown: ``markdown``, or nothing
    when it is ``None`` (a control that works only on the web page, such as a search box)."""

    #: A MyST comment: print shows nothing, yet the output has a representation for it.
    NOTHING = "% shown on the web page only"

    def __init__(self, html: str, markdown: str | None = None):
        self.html, self.markdown = html, markdown

    def __str__(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/markdown": self.NOTHING if self.markdown is None else self.markdown}


def _script_safe(text: str) -> str:
    """JSON inside an HTML ``<script>``: no sequence in it may close the element."""
    return text.replace("<", "\\u003c")


def _cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return str(value).replace("|", "\\|").replace("\n", " ")


#: A formatted number (kzdiaspora.fmt) in any language: ``−3,052``, ``33.8 %``, ``−3 052``, ``33,8 %``.
_NUMERIC = re.compile(r"^[+−-]?[\d,.\u00a0]+([ \u00a0]?%)?$|^–$")


def _numeric(column: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna().astype(str)
    return len(values) > 0 and values.str.match(_NUMERIC).all()


def markdown_table(frame: pd.DataFrame, align: dict | None = None) -> str:
    """A pipe table; columns of numbers (also formatted ones) are right-aligned unless
    ``align`` ({column: "left" | "right"}) says otherwise."""
    align = align or {}
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = []
    for col in frame.columns:
        side = align.get(col) or ("right" if _numeric(frame[col]) else "left")
        rule.append("---:" if side == "right" else ":---")
    lines = [header, "| " + " | ".join(rule) + " |"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


def html_table(frame: pd.DataFrame, code: Iterable[str] = ()) -> HTMLOutput:
    """``frame`` as a plain HTML table, for long reference tables that are not results (a data
    dictionary): once rendered, a Markdown table weighs three to four times as much. Text is
    escaped; the columns named in ``code`` are shown as code. Print shows the same table in
    Markdown (:func:`markdown_table`). Display it with IPython's ``display``."""
    code = set(code)

    def cell(column, value) -> str:
        text = escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))
        return f"<td><code>{text}</code></td>" if column in code and text else f"<td>{text}</td>"

    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    body = "\n".join(
        "<tr>" + "".join(cell(c, v) for c, v in zip(frame.columns, row)) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    html = (
        f'<div class="pst-scrollable-table-container book-table"><table class="table">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>"
    )
    cells = {c: frame[c].map(lambda v, c=c: _markdown_text(v, c in code)) for c in frame.columns}
    return HTMLOutput(html, markdown_table(pd.DataFrame(cells), align={c: "left" for c in frame.columns}))


def _markdown_text(value, literal: bool):
    """A cell of plain text as Markdown that shows that text: inline code, or with Markdown's
    punctuation escaped (``|`` is left to :func:`markdown_table`)."""
    if not isinstance(value, str) or not value:
        return value
    return _literal(value) if literal else re.sub(r"([\\`*_\[\]<>{}~#!$&])", r"\\\1", value)


def _literal(text: str) -> str:
    """Markdown inline code holding ``text`` (its fence longer than any run of backticks in it)."""
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def original(text: str, lang: str = "en") -> str:
    """``text`` that stays in its original language ``lang`` (a BCP 47 code) on a page in
    another language: a publication's title, a quotation, a name in Latin letters. On a page in
    the same language it is ``text`` itself (English pages unchanged); otherwise it is wrapped in
    ``<span lang="…">`` so that browsers, screen readers and hyphenation read it in its language.
    ``text`` is put in the page as it is (Markdown or HTML): escape it first if it is plain text
    that may hold ``<`` or ``&``."""
    if lang == i18n.language():
        return text
    return f'<span lang="{escape(lang, quote=True)}">{text}</span>'
