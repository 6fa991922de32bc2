"""The migration policy chapter's charts: net migration over the periods, and the framework as a
timeline."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import charts as style
from .. import fmt
from .framework import KIND_GROUPS
from .periods import check_periods, period_label
from .series import SERIES


def _period_band(periods, x: "alt.X"):
    """Shaded rectangles and labels for the migration periods, on the time axis ``x`` (its title and scale)."""
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
            tooltip=[alt.Tooltip("period:N", title="period")],
        )
    )
    label = (
        alt.Chart(bands)
        .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color="#555555")
        .encode(x=x, text="period:N", y=alt.value(0))
    )
    return shade, label


def _year_axis(years, periods, title="Year", field="year:Q") -> "alt.X":
    bounds = [y for p in check_periods(periods) for y in p]
    lo = int(min(min(years), *bounds))
    hi = int(max(max(years), *bounds)) + 1
    return alt.X(
        field, title=title, scale=alt.Scale(domain=[lo, hi], nice=False), axis=alt.Axis(format="d", tickMinStep=1)
    )


def describe_migration(shown: pd.DataFrame, periods=None) -> str:
    """A text description of :func:`migration_chart` for screen readers, from the data it plots."""
    parts = []
    wpp = shown[shown.series == "wpp"]
    if len(wpp):
        worst = wpp.loc[wpp.net.idxmin()]
        best = wpp.loc[wpp.net.idxmax()]
        parts.append(
            f"UN WPP model estimate for {len(wpp)} years, {int(wpp.year.min())}–{int(wpp.year.max())}, "
            f"lowest {fmt.signed(worst.net)} in {int(worst.year)}, highest {fmt.signed(best.net)} in {int(best.year)}"
        )
    reg = shown[shown.series == "registered"]
    if len(reg):
        parts.append("registered balance " + ", ".join(f"{int(r.year)} {fmt.signed(r.net)}" for r in reg.itertuples()))
    return (
        "Net migration of Kazakhstan by year, on one axis: "
        + "; ".join(parts)
        + ". Shaded periods: "
        + ", ".join(period_label(p) for p in check_periods(periods))
        + "."
    )


@style.draws
def migration_chart(series: pd.DataFrame, periods=None):
    """Net migration by year, one colour and mark per measure, over the shaded periods.

    ``series`` stacks frames of :func:`wpp_net_migration` and :func:`registered_balance`
    (column ``series`` says which); both are in persons.
    """
    frame = series.assign(measure=series["series"].map(SERIES))[["series", "measure", "year", "net", "source"]]
    present = [k for k in SERIES if k in set(series["series"])]
    colours = {"wpp": "#0072B2", "registered": "#D55E00"}
    colour = alt.Color(
        "measure:N",
        title=None,
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
        scale=alt.Scale(domain=[SERIES[k] for k in present], range=[colours[k] for k in present]),
    )
    x = _year_axis(frame["year"], periods)
    y = alt.Y("net:Q", title="Net migration (persons per year)", axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip("measure:N", title="measure"),
        alt.Tooltip("year:Q", format="d"),
        alt.Tooltip("net:Q", format=",.0f", title="net migration"),
        alt.Tooltip("source:N"),
    ]
    shade, label = _period_band(periods, x)
    zero = alt.Chart(pd.DataFrame({"net": [0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y="net:Q")
    layers = [shade, label, zero]
    if "wpp" in present:
        layers.append(
            alt.Chart(frame[frame["series"] == "wpp"])
            .mark_line(point=alt.OverlayMarkDef(size=20))
            .encode(x=x, y=y, color=colour, tooltip=tooltip)
        )
    if "registered" in present:
        layers.append(
            alt.Chart(frame[frame["series"] == "registered"])
            .mark_point(size=80, filled=True, shape="diamond", opacity=1)
            .encode(x=x, y=y, color=colour, tooltip=tooltip)
        )
    return alt.layer(*layers).properties(height=320, description=describe_migration(series, periods))


def _describe_timeline(dated: pd.DataFrame) -> str:
    lanes = dated.groupby("lane").size()
    return (
        f"Timeline of {len(dated)} dated items from {int(dated.year.min())} to {int(dated.year.max())}, in lanes: "
        + "; ".join(f"{lane}, {n} item{'s' if n != 1 else ''}" for lane, n in lanes.items())
        + ". "
        + "Items in date order: "
        + "; ".join(f"{r.when} {r.title}" for r in dated.itertuples())
        + "."
    )


@style.draws
def timeline_chart(items: pd.DataFrame, periods=None):
    """The dated items of :func:`timeline` as points on a time axis, one lane per group of kinds."""
    description = _describe_timeline(items[items["position"].notna()])
    dated = items.loc[items["position"].notna(), ["position", "lane", "when", "title", "kind"]]
    lanes = list(dict.fromkeys(KIND_GROUPS.values()))
    x = _year_axis(dated["position"], periods, field="position:Q")
    shade, label = _period_band(periods, x)
    points = (
        alt.Chart(dated)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=x,
            y=alt.Y("lane:N", title=None, sort=lanes),
            color=alt.Color("lane:N", sort=lanes, legend=None),
            shape=alt.Shape("lane:N", sort=lanes, legend=None),
            tooltip=[alt.Tooltip("when:N", title="date"), alt.Tooltip("title:N"), alt.Tooltip("kind:N")],
        )
    )
    return alt.layer(shade, label, points).properties(height=220, width=460, description=description)


#: How the record chart names a balance for a whole year and one for part of a year.
SPANS = {True: "Whole calendar year", False: "Part of a year (the months shown only)"}


def record_chart_data(record: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """What :func:`record_chart` draws: each balance of :func:`registered_record` (within
    ``years``, first and last included) with its span on a time axis in years (``x`` at the start
    of its first month, ``x2`` at the end of its last) and its kind (``span``: :data:`SPANS`)."""
    shown = record if years is None else record[record.year.between(*years)]
    return shown.assign(
        x=shown.period_start.dt.year + (shown.period_start.dt.month - 1) / 12,
        x2=shown.period_end.dt.year + shown.period_end.dt.month / 12,
        span=shown.whole_year.map(SPANS),
    )[["period", "months", "span", "x", "x2", "net", "basis", "approximation", "source", "copy_read", "status"]]


@style.draws
def record_chart(data: pd.DataFrame, periods=None):
    """Kazakhstan's registered balance as far back as found (a frame of :func:`record_chart_data`):
    each balance drawn over the months it covers, a whole year in one colour and a part of a year
    in another, never scaled to a year; the migration periods the data reach shaded."""
    colour = alt.Color(
        "span:N",
        title=None,
        scale=alt.Scale(domain=list(SPANS.values()), range=["#D55E00", "#0072B2"]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
    )
    lo, hi = int(data.x.min() // 1), int(-(-data.x2.max() // 1))
    shaded = [p for p in check_periods(periods) if p[0] < hi and p[1] + 1 > lo]  # the periods the data reach
    lo, hi = min([lo, *(p[0] for p in shaded)]), max([hi, *(p[1] + 1 for p in shaded)])
    x = alt.X(
        "x:Q",
        title="Year",
        scale=alt.Scale(domain=[lo, hi], nice=False),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    y = alt.Y("net:Q", title="Registered balance over the period (persons)", axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("net:Q", title="Balance", format="+,.0f"),
        alt.Tooltip("basis:N", title="How"),
        alt.Tooltip("source:N", title="Source"),
    ]
    zero = alt.Chart(pd.DataFrame({"net": [0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y="net:Q")
    spans = alt.Chart(data).mark_rule(strokeWidth=3).encode(x=x, x2="x2:Q", y=y, color=colour, tooltip=tooltip)
    ends = alt.Chart(data).mark_point(filled=True, size=40).encode(x="x2:Q", y=y, color=colour, tooltip=tooltip)
    description = (
        "Registered migration balance of Kazakhstan, each figure drawn over the months it covers: "
        + "; ".join(f"{r.period} {fmt.signed(r.net)}" for r in data.itertuples())
    )
    layers = [zero, spans, ends]
    if shaded:
        layers = [*_period_band(shaded, x), *layers]
        description += ". Shaded periods: " + ", ".join(period_label(p) for p in shaded)
    return alt.layer(*layers).properties(height=320, description=description + ".")
