"""The press corpus of section 3.5: coded items, theme counts and which themes appear together.

Each press item carries one or more theme codes from the codebook (a ``;``-separated list in
the data). :func:`themes_long` turns the items into one row per item and theme, from which
:func:`theme_counts` counts items per theme over time or by outlet and :func:`cooccurrence`
counts the items in which two themes appear together. :func:`filter_box` emits a small search
box (plain HTML and JavaScript, nothing fetched) that filters the rows of a rendered table.
"""

from __future__ import annotations

import html
import itertools
import json
import re

import altair as alt
import pandas as pd

from . import charts, i18n
from .data import DataError, load
from .i18n import gettext as _
from .i18n import ngettext, pgettext

__all__ = [
    "codebook",
    "corpus",
    "split_themes",
    "themes_long",
    "theme_counts",
    "cooccurrence",
    "items_with",
    "items_in_both",
    "THEME_GROUPS",
    "group_counts",
    "triangle",
    "describe_grid",
    "filter_box",
    "heatmap",
]

SEPARATOR = ";"


def codebook() -> pd.DataFrame:
    """The theme codes (``press_codebook``): code, label, definition, example, in codebook order."""
    return load("press_codebook")


#: Status of an item the article cites but whose text we could not find: coded from the article's
#: description of it, listed, never counted among the items read.
UNREAD = "stated-by-authors"


def corpus(
    first_year: int | None = None,
    last_year: int | None = None,
    themes: list[str] | None = None,
    *,
    unread: bool = False,
) -> pd.DataFrame:
    """The coded press items published in ``first_year``–``last_year`` (both included), those
    whose text we read; with ``unread``, also the items the article cites that we could not read
    (status :data:`UNREAD`).

    With ``themes``, only the items coded with at least one of them are kept; a theme that is
    not in the codebook is an error. Adds ``when``, the publication date as precisely as it is
    known (``2023-10-11``, ``2023-10`` or ``2023``), and ``theme_list``, the codes as a list.
    Every theme code of the items is checked against the codebook.
    """
    items = load("press")
    if not unread:
        items = items[items["status"] != UNREAD]
    codes = list(codebook()["code"])
    themes_long(items, codebook=codes)  # raises on a code outside the codebook
    if themes is not None:
        unknown = [t for t in themes if t not in codes]
        if unknown:
            raise DataError(
                f"unknown press theme(s) {', '.join(map(repr, unknown))}; the codebook has {', '.join(codes)}"
            )
    if first_year is not None:
        items = items[items["year"] >= first_year]
    if last_year is not None:
        items = items[items["year"] <= last_year]
    items = items.assign(theme_list=items["themes"].map(split_themes))
    if themes is not None:
        items = items[items["theme_list"].map(lambda ts: any(t in themes for t in ts))]
    when = [
        r.date.strftime("%Y-%m-%d")
        if r.date_precision == "day"
        else f"{r.year}-{int(r.month):02d}"
        if r.date_precision == "month"
        else str(r.year)
        for r in items.itertuples()
    ]
    return items.assign(when=when).reset_index(drop=True)


def split_themes(value) -> list[str]:
    """The theme codes of one item: ``"kandas;Ata-Zholy"`` -> ``["kandas", "Ata-Zholy"]``."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    return [t.strip() for t in str(value).split(SEPARATOR) if t.strip()]


def themes_long(
    items: pd.DataFrame,
    *,
    id: str = "item_id",
    themes: str = "themes",
    keep: list[str] | None = None,
    codebook: list[str] | None = None,
) -> pd.DataFrame:
    """One row per item and theme (``id``, ``theme`` and the ``keep`` columns of the item).

    With ``codebook`` (the list of valid codes), a code not in it raises an error naming the
    item, so a typo cannot silently create a new theme.
    """
    keep = keep or []
    rows = []
    for row in items.itertuples(index=False):
        record = row._asdict()
        for theme in split_themes(record[themes]):
            if codebook is not None and theme not in codebook:
                raise ValueError(f"item {record[id]!r}: theme {theme!r} is not in the codebook")
            rows.append({id: record[id], "theme": theme, **{k: record[k] for k in keep}})
    return pd.DataFrame(rows, columns=[id, "theme", *keep])


def theme_counts(long: pd.DataFrame, by: str, *, id: str = "item_id", themes: list[str] | None = None) -> pd.DataFrame:
    """Number of items per theme and value of ``by`` (a year, an outlet...), zeros included.

    ``themes`` restricts (and orders) the themes counted.
    """
    if themes is not None:
        long = long[long["theme"].isin(themes)]
    counts = long.groupby(["theme", by])[id].nunique().rename("items")
    theme_index = themes if themes is not None else sorted(long["theme"].unique())
    by_index = sorted(long[by].dropna().unique())
    full = pd.MultiIndex.from_product([theme_index, by_index], names=["theme", by])
    return counts.reindex(full, fill_value=0).reset_index()


def cooccurrence(long: pd.DataFrame, *, id: str = "item_id", themes: list[str] | None = None) -> pd.DataFrame:
    """For each unordered pair of themes, the number of items coded with both.

    Returns ``theme_a``, ``theme_b`` (``theme_a`` < ``theme_b``) and ``items``, largest first;
    pairs that never occur together are left out.
    """
    if themes is not None:
        long = long[long["theme"].isin(themes)]
    pairs: dict[tuple[str, str], int] = {}
    for _key, group in long.groupby(id):
        for a, b in itertools.combinations(sorted(set(group["theme"])), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    frame = pd.DataFrame(
        [{"theme_a": a, "theme_b": b, "items": n} for (a, b), n in pairs.items()],
        columns=["theme_a", "theme_b", "items"],
    )
    return frame.sort_values(["items", "theme_a", "theme_b"], ascending=[False, True, True]).reset_index(drop=True)


#: Families of themes this edition reads the corpus with, to set it against the article's claims:
#: bringing Kazakhs back to Kazakhstan ("return"), engaging them where they live ("engagement"),
#: and the channels the article's discussion weighs: language teaching, cultural events, professional
#: networks and digital tools.
THEME_GROUPS = {
    "return": ["repatriation-statistics", "kandas-support", "settlement-regions", "ata-zholy"],
    "engagement": ["otandastar", "youth", "language-education", "culture", "congresses"],
    "language": ["language-education"],
    "events": ["culture", "congresses"],
    "networks": ["business-networks", "higher-education"],
    "digital": ["digital-tools"],
}


def group_counts(items: pd.DataFrame, groups: dict[str, list[str]] | None = None) -> dict[str, int]:
    """Number of items with at least one theme of each group (default: :data:`THEME_GROUPS`)."""
    long = themes_long(items)
    return {name: items_with(long, codes) for name, codes in (groups or THEME_GROUPS).items()}


def triangle(pairs: pd.DataFrame, labels: dict[str, str], order: list[str]) -> pd.DataFrame:
    """A :func:`cooccurrence` table laid out as one half of a grid: with the labels in ``order``,
    each pair's later label is its row (``theme``) and its earlier one its column (``with``)."""
    a, b = pairs["theme_a"].map(labels), pairs["theme_b"].map(labels)
    rank = {label: i for i, label in enumerate(order)}
    later = [x if rank[x] > rank[y] else y for x, y in zip(a, b)]
    earlier = [y if rank[x] > rank[y] else x for x, y in zip(a, b)]
    return pd.DataFrame({"theme": later, "with": earlier, "items": pairs["items"].to_numpy()})


def describe_grid(frame: pd.DataFrame, x: str, y: str, *, value: str = "items", limit: int | None = None) -> str:
    """A text description of a :func:`heatmap` for screen readers: its non-empty cells, largest first."""
    cells = frame[frame[value] > 0].sort_values(value, ascending=False, kind="stable")
    shown = cells if limit is None else cells.head(limit)
    listed = "; ".join(f"{r[y]}, {r[x]}: {int(r[value])}" for _row, r in shown.iterrows())
    grid = ngettext(
        "Grid of {rows} rows ({y}) by {columns} columns ({x}), {cells} non-empty cell",
        "Grid of {rows} rows ({y}) by {columns} columns ({x}), {cells} non-empty cells",
        len(cells),
    ).format(rows=frame[y].nunique(), y=_field(y), columns=frame[x].nunique(), x=_field(x), cells=len(cells))
    if limit and len(cells) > limit:
        return _("{grid}; the {n} largest: {cells}.").format(grid=grid, n=len(shown), cells=listed)
    return _("{grid}: {cells}.").format(grid=grid, cells=listed)


def _field(name: str) -> str:
    """A column of the press tables as a chart's tooltip or description names it: the column's
    own name in English, a word of the page's language otherwise."""
    if i18n.language() == i18n.LANGUAGES[0]:
        return name
    words = {
        "year": pgettext("press table column", "year"),
        "outlet": pgettext("press table column", "outlet"),
        "label": pgettext("press table column", "theme"),
        "theme": pgettext("press table column", "theme"),
        "with": pgettext("press table column", "with"),
        "items": pgettext("press table column", "items"),
    }
    return words.get(name, name)


def _tooltip(field: str):
    """A tooltip of a press table's column: the bare field in English (its name is its title)."""
    return field if i18n.language() == i18n.LANGUAGES[0] else alt.Tooltip(field, title=_field(field))


def _concatenation(template: str, names: dict[str, str]) -> str:
    """A JavaScript expression joining the text of ``template`` with the variables its
    ``{fields}`` stand for (``names``: field -> expression), in the template's order."""
    parts = re.split(r"\{(\w+)\}", template)
    pieces = [names[p] if i % 2 else json.dumps(p, ensure_ascii=False) for i, p in enumerate(parts) if i % 2 or p]
    return " + ".join(pieces)


def items_in_both(items: pd.DataFrame, first: list[str], second: list[str], *, themes: str = "themes") -> int:
    """Number of items coded with at least one theme of ``first`` and at least one of ``second``."""
    sets = items[themes].map(lambda v: set(split_themes(v)))
    return int(sets.map(lambda ts: bool(ts & set(first)) and bool(ts & set(second))).sum())


def items_with(long: pd.DataFrame, themes: list[str], *, id: str = "item_id") -> int:
    """Number of distinct items coded with at least one of ``themes``."""
    return int(long.loc[long["theme"].isin(themes), id].nunique())


_SCRIPT = """
(function () {
  var box = document.getElementById(%(box)s);
  var status = document.getElementById(%(status)s);
  function rows() {
    var table = document.getElementById(%(table)s);
    if (table && table.tagName !== "TABLE") { table = table.querySelector("table"); }
    return table ? table.tBodies[0].rows : [];
  }
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var all = rows(), shown = 0;
    for (var i = 0; i < all.length; i++) {
      var text = all[i].textContent.toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      all[i].style.display = match ? "" : "none";
      if (match) { shown += 1; }
    }
    status.textContent = %(status_text)s;
  }
  box.addEventListener("input", apply);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", apply); } else { apply(); }
})();
"""


def filter_box(table_id: str, *, label: str = i18n.N_("Filter the items")) -> str:
    """HTML for a search box that hides the rows of table ``table_id`` not containing every typed word.

    Plain HTML and a few lines of inline JavaScript: it works offline and without any library.
    """
    box, status = f"{table_id}-filter", f"{table_id}-filter-status"
    placeholder = _("e.g. kandas 2024")
    status_text = _concatenation(_("{shown} of {all} items shown"), {"shown": "shown", "all": "all.length"})
    script = _SCRIPT % {
        "box": json.dumps(box),
        "status": json.dumps(status),
        "table": json.dumps(table_id),
        "status_text": status_text,
    }
    return (
        f'<div class="table-filter">'
        f'<label for="{html.escape(box)}">{html.escape(_(label))}</label> '
        f'<input type="search" id="{html.escape(box)}" placeholder="{html.escape(placeholder)}"'
        ' autocomplete="off">'
        f' <span id="{html.escape(status)}" role="status" aria-live="polite"></span>'
        f"</div>\n<script>{script}</script>"
    )


@charts.draws
def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    value: str = "items",
    x_title: str | None = None,
    y_title: str | None = None,
    x_order=None,
    y_order=None,
    limit: int | None = None,
):
    """Counts as a grid of shaded cells with the count written in each; empty cells stay blank.
    The description lists the non-empty cells, largest first (the ``limit`` largest)."""
    description = describe_grid(frame, x, y, value=value, limit=limit)
    frame = frame.loc[frame[value] > 0, list(dict.fromkeys([x, y, value]))]  # only what is drawn
    top = max(int(frame[value].max()), 1) if len(frame) else 1
    cells = (
        alt.Chart()
        .mark_rect(stroke="#ffffff", strokeWidth=1)
        .encode(
            color=alt.Color(
                f"{value}:Q",
                title=_("Items"),
                scale=alt.Scale(scheme="blues", domain=[0, top]),
                legend=alt.Legend(orient="right", tickMinStep=1, format="d"),
            ),
            tooltip=[_tooltip(x), _tooltip(y), _tooltip(value)],
        )
    )
    labels = (
        alt.Chart()
        .mark_text(fontSize=11)
        .encode(
            text=alt.Text(f"{value}:Q"),
            color=alt.condition(f"datum.{value} > {top / 2}", alt.value("white"), alt.value("#333333")),
        )
    )
    # the axes are shared by both layers, so given once
    return (
        alt.layer(cells, labels, data=frame)
        .encode(
            x=alt.X(f"{x}:N", title=x_title, **_categories(x_order), axis=alt.Axis(labelAngle=-40, labelLimit=0)),
            y=alt.Y(f"{y}:N", title=y_title, **_categories(y_order), axis=alt.Axis(labelLimit=0)),
        )
        .properties(description=description)
    )


def _categories(order) -> dict:
    """The sort and scale of a heatmap's axis: the categories in ``order`` (a scale's domain gives
    the order of its categories), or in the data's order."""
    if order is None:
        return {"sort": None, "scale": alt.Undefined}
    return {"sort": alt.Undefined, "scale": alt.Scale(domain=list(order))}
