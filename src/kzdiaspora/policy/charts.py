"""The migration policy chapter's charts: net migration over the periods, and the framework as a
timeline."""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from .. import charts as style
from .. import fmt
from ..i18n import N_, _, ngettext
from .framework import KIND_GROUPS, kind_word, translated_items
from .periods import check_periods, period_label
from .series import SERIES, basis_word


def _period_band(periods, x: "alt.X", label_y=None):
    """Shaded rectangles and labels for the migration periods, on the time axis ``x`` (its title
    and scale); the labels at the top of the plot, or at ``label_y`` (pixels from its top)."""
    bands = pd.DataFrame(
        [
            {"period": period_label(p), "start": p[0], "end": p[1] + 1, "shade": 0.18 if i % 2 else 0.08}
            for i, p in enumerate(check_periods(periods))
        ]
    )
    x = x.copy()
    x.shorthand = "start:Q"
    shade = (
        alt.Chart(bands)
        .mark_rect(color="#888888")
        .encode(
            x=x,
            x2="end:Q",
            opacity=alt.Opacity("shade:Q", scale=None, legend=None),
            tooltip=[alt.Tooltip("period:N", title=_("period"))],
        )
    )
    baseline = "top" if label_y is None else "bottom"
    label = (
        alt.Chart(bands)
        .mark_text(
            align="left", baseline=baseline, dx=3, dy=3 if label_y is None else -3, fontSize=11, color=style.PAGE_TEXT
        )
        .encode(x=x, text="period:N", y=alt.value(label_y or 0))
    )
    return shade, label


def _year_axis(years, periods, title=None, field="year:Q") -> "alt.X":
    """The time axis of a chart over ``years`` and the ``periods`` (titled ``title``, default "Year")."""
    bounds = [y for p in check_periods(periods) for y in p]
    lo = int(min(min(years), *bounds))
    hi = int(max(max(years), *bounds)) + 1
    return alt.X(
        field,
        title=_("Year") if title is None else title,
        scale=alt.Scale(domain=[lo, hi], nice=False),
        axis=alt.Axis(format="d", tickMinStep=1),
    )


def focus_start(series: pd.DataFrame, periods=None) -> int:
    """The first year of the migration chart's focus panel: the start of the period in which the
    registered balance begins (of the last period without it), so that the panel shows the years
    both measures cover on a scale of their own, not the 1990s' outflow."""
    chosen = check_periods(periods)
    registered = series.loc[series["series"] == "registered", "year"]
    first = int(registered.min()) if len(registered) else chosen[-1][0]
    return max([p[0] for p in chosen if p[0] <= first] or [first])


def describe_migration(shown: pd.DataFrame, periods=None) -> str:
    """A text description of :func:`migration_chart` for screen readers, from the data it plots."""
    parts = []
    wpp = shown[shown.series == "wpp"]
    if len(wpp):
        worst = wpp.loc[wpp.net.idxmin()]
        best = wpp.loc[wpp.net.idxmax()]
        parts.append(
            ngettext(
                "UN WPP model estimate for {n} year, {first}–{last}, lowest {low} in {low_year}, "
                "highest {high} in {high_year}",
                "UN WPP model estimate for {n} years, {first}–{last}, lowest {low} in {low_year}, "
                "highest {high} in {high_year}",
                len(wpp),
            ).format(
                n=len(wpp),
                first=int(wpp.year.min()),
                last=int(wpp.year.max()),
                low=fmt.signed(worst.net),
                low_year=int(worst.year),
                high=fmt.signed(best.net),
                high_year=int(best.year),
            )
        )
    reg = shown[shown.series == "registered"]
    if len(reg):
        parts.append(
            _("registered balance {values}").format(
                values=", ".join(f"{int(r.year)} {fmt.signed(r.net)}" for r in reg.itertuples())
            )
        )
    return _(
        "Net migration of Kazakhstan by year, in two panels: every year on one axis, then the years from "
        "{start} on an axis of their own: {parts}. Shaded periods: {periods}."
    ).format(
        start=focus_start(shown, periods),
        parts="; ".join(parts),
        periods=", ".join(period_label(p) for p in check_periods(periods)),
    )


#: Each measure's colour and mark (the legend shows the marks the chart draws).
MEASURE_MARKS = {"wpp": ("#0072B2", "circle"), "registered": ("#D55E00", "diamond")}


def _migration_panel(frame: pd.DataFrame, periods, present: list[str], title: str, height: int):
    """One panel of :func:`migration_chart`: the measures over the shaded periods, on ``frame``'s years."""
    measures = [_(SERIES[k]) for k in present]
    colour = alt.Color(
        "measure:N",
        title=None,
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
        scale=alt.Scale(domain=measures, range=[MEASURE_MARKS[k][0] for k in present]),
    )
    shape = alt.Shape(
        "measure:N", title=None, scale=alt.Scale(domain=measures, range=[MEASURE_MARKS[k][1] for k in present])
    )
    x = _year_axis(frame["year"], [p for p in check_periods(periods) if p[1] >= frame["year"].min()] or None)
    y = alt.Y("net:Q", title=title, axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip("measure:N", title=_("measure")),
        alt.Tooltip("year:Q", format="d", **style.field_title("year")),
        alt.Tooltip("net:Q", format=",.0f", title=_("net migration")),
        alt.Tooltip("source:N", **style.field_title("source")),
    ]
    shown_periods = [p for p in check_periods(periods) if p[1] >= frame["year"].min()]
    shade, label = _period_band([[max(p[0], int(frame["year"].min())), p[1]] for p in shown_periods], x)
    zero = alt.Chart(pd.DataFrame({"net": [0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y="net:Q")
    layers = [shade, label, zero]
    # each measure's name is computed in the chart from its key, not repeated in every row of its data
    named = (
        " : ".join(
            f"datum.series === {json.dumps(k)} ? {json.dumps(_(SERIES[k]), ensure_ascii=False)}" for k in present
        )
        + ' : ""'
    )
    if "wpp" in present:
        wpp = (
            alt.Chart(frame[frame["series"] == "wpp"])
            .transform_calculate(measure=named)
            .encode(x=x, y=y, color=colour, tooltip=tooltip)
        )
        layers += [wpp.mark_line(), wpp.mark_point(size=20, filled=True, opacity=1).encode(shape=shape)]
    if "registered" in present:
        layers.append(
            alt.Chart(frame[frame["series"] == "registered"])
            .transform_calculate(measure=named)
            .mark_point(size=80, filled=True, opacity=1)
            .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
        )
    return alt.layer(*layers).properties(width=style.WIDTH, height=height)


@style.draws
def migration_chart(series: pd.DataFrame, periods=None):
    """Net migration by year, one colour and mark per measure, over the shaded periods: every
    year in one panel, then the years from :func:`focus_start` in a second with its own scale,
    where the measures' differences of some thousands are not flattened by the 1990s' hundreds
    of thousands.

    ``series`` stacks frames of :func:`wpp_net_migration` and :func:`registered_balance`
    (column ``series`` says which); both are in persons.
    """
    frame = series[["series", "year", "net", "source"]]
    present = [k for k in SERIES if k in set(series["series"])]
    start = focus_start(series, periods)
    every = _migration_panel(frame, periods, present, _("Net migration (persons per year)"), 260)
    focus = _migration_panel(
        frame[frame["year"] >= start],
        periods,
        present,
        _("Net migration from {start} (own scale)").format(start=start),
        220,
    )
    return alt.vconcat(every, focus, spacing=24).properties(description=describe_migration(series, periods))


def _describe_timeline(dated: pd.DataFrame) -> str:
    lanes = dated.groupby("lane").size()
    return ngettext(
        "Timeline of {n} dated item from {first} to {last}, in lanes: {lanes}. Items in date order: {items}.",
        "Timeline of {n} dated items from {first} to {last}, in lanes: {lanes}. Items in date order: {items}.",
        len(dated),
    ).format(
        n=len(dated),
        first=int(dated.year.min()),
        last=int(dated.year.max()),
        lanes="; ".join(
            ngettext("{lane}, {n} item", "{lane}, {n} items", n).format(lane=_(lane), n=n) for lane, n in lanes.items()
        ),
        items="; ".join(f"{r.when} {r.title}" for r in dated.itertuples()),
    )


#: Shapes of the timeline's kinds of items (with their colours, a second way to tell them apart).
LANE_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]
ROW = 30  # pixels per item of the timeline (two lines of label)
NBSP = "\u00a0"


def _timeline_label(row) -> list[str]:
    """An item's label on the timeline: its title and date (kept on one line), in lines of at most
    56 characters (two at most)."""
    return textwrap.wrap(f"{row.title} ({row.date_text.replace(' ', NBSP)})", 56)


@style.draws
def timeline_chart(items: pd.DataFrame, periods=None):
    """The dated items of :func:`timeline` on a time axis, one row per item labelled with its
    title and date (readable in print and without hovering), marked by kind of item."""
    items = translated_items(items)
    description = _describe_timeline(items[items["position"].notna()])
    dated = items.loc[items["position"].notna(), ["position", "lane", "title", "kind", "date_text"]]
    dated = dated.assign(lane=dated["lane"].map(_), kind=dated["kind"].map(kind_word))
    # the date is in the label beside each mark, and a hundredth of a year (four days) is finer
    # than the axis shows: more would only weigh on the page
    dated = dated.assign(
        label=[" | ".join(_timeline_label(r)) for r in dated.itertuples()], position=dated["position"].round(2)
    ).drop(columns="date_text")
    lanes = [_(lane) for lane in dict.fromkeys(KIND_GROUPS.values())]
    x = _year_axis(dated["position"], periods, field="position:Q")
    height = ROW * len(dated)
    shade, label = _period_band(periods, x, label_y=height)
    points = (
        alt.Chart(dated)
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=x,
            y=alt.Y(
                "label:N",
                title=None,
                sort=list(dated["label"]),
                axis=alt.Axis(
                    labelExpr="split(datum.label, ' | ')",
                    labelLimit=0,
                    labelFontSize=11,
                    labelLineHeight=12,
                    ticks=False,
                    domain=False,
                ),
                scale=alt.Scale(domain=list(dated["label"])),
            ),
            color=alt.Color(
                "lane:N",
                sort=lanes,
                scale=alt.Scale(domain=lanes),
                title=_("Kind"),
                legend=alt.Legend(columns=style.legend_columns(2)),
            ),
            shape=alt.Shape("lane:N", sort=lanes, scale=alt.Scale(domain=lanes, range=LANE_SHAPES), title=_("Kind")),
            tooltip=[
                alt.Tooltip("title:N", **style.field_title("title")),
                alt.Tooltip("kind:N", **style.field_title("kind")),
            ],
        )
    )
    return alt.layer(shade, label, points).properties(height=height, width=250, description=description)


#: How the record chart names a balance for a whole year and one for part of a year.
SPANS = {True: N_("Whole calendar year"), False: N_("Part of a year, the months shown only")}


def record_chart_data(record: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """What :func:`record_chart` draws: each balance of :func:`registered_record` (within
    ``years``, first and last included) with its span on a time axis in years (``x`` at the start
    of its first month, ``x2`` at the end of its last) and its kind (``span``: :data:`SPANS`)."""
    shown = record if years is None else record[record.year.between(*years)]
    return shown.assign(
        x=shown.period_start.dt.year + (shown.period_start.dt.month - 1) / 12,
        x2=shown.period_end.dt.year + shown.period_end.dt.month / 12,
        span=shown.whole_year.map(lambda whole: _(SPANS[whole])),
    )[["period", "months", "span", "x", "x2", "net", "basis", "approximation", "source", "copy_read", "status"]]


@style.draws
def record_chart(data: pd.DataFrame, periods=None):
    """Kazakhstan's registered balance as far back as found (a frame of :func:`record_chart_data`):
    each balance drawn over the months it covers, a whole year in one colour and a part of a year
    in another, never scaled to a year; the migration periods the data reach shaded."""
    data = style.status_words(data).assign(basis=data["basis"].map(basis_word))
    colour = alt.Color(
        "span:N",
        title=None,
        scale=alt.Scale(domain=[_(s) for s in SPANS.values()], range=["#D55E00", "#0072B2"]),
        # a part-year's label on two lines, which fit a phone's column
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400, labelExpr="split(datum.label, ', ')"),
    )
    lo, hi = int(data.x.min() // 1), int(-(-data.x2.max() // 1))
    shaded = [p for p in check_periods(periods) if p[0] < hi and p[1] + 1 > lo]  # the periods the data reach
    lo, hi = min([lo, *(p[0] for p in shaded)]), max([hi, *(p[1] + 1 for p in shaded)])
    x = alt.X(
        "x:Q",
        title=_("Year"),
        scale=alt.Scale(domain=[lo, hi], nice=False),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    y = alt.Y("net:Q", title=_("Registered balance over the period (persons)"), axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip("period:N", title=_("Period")),
        alt.Tooltip("net:Q", title=_("Balance"), format="+,.0f"),
        alt.Tooltip("basis:N", title=_("How")),
        alt.Tooltip("source:N", title=_("Source")),
    ]
    zero = alt.Chart(pd.DataFrame({"net": [0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y="net:Q")
    spans = alt.Chart(data).mark_rule(strokeWidth=3).encode(x=x, x2="x2:Q", y=y, color=colour, tooltip=tooltip)
    ends = alt.Chart(data).mark_point(filled=True, size=40).encode(x="x2:Q", y=y, color=colour, tooltip=tooltip)
    figures = "; ".join(f"{r.period} {fmt.signed(r.net)}" for r in data.itertuples())
    description = _(
        "Registered migration balance of Kazakhstan, each figure drawn over the months it covers: {figures}."
    ).format(figures=figures)
    layers = [zero, spans, ends]
    if shaded:
        layers = [*_period_band(shaded, x), *layers]
        description = _(
            "Registered migration balance of Kazakhstan, each figure drawn over the months it covers: {figures}. "
            "Shaded periods: {periods}."
        ).format(figures=figures, periods=", ".join(period_label(p) for p in shaded))
    return alt.layer(*layers).properties(height=320, description=description)
