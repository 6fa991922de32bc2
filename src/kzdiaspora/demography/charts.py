"""The demography chapter's charts and map, and a country's counts of Kazakhs over time."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from .. import charts as style
from .. import countries, fmt, maps
from .population import kazakhstan_kazakhs
from .world import BOUNDS, region_total


def share_map_data(long: pd.DataFrame) -> pd.DataFrame:
    """One row per country for the map: Table 1's host countries (from a :func:`table1` frame) and
    Kazakhstan itself (its official count and published share), each with the bibliography keys
    of its values (``source``)."""
    t = long.set_index(["iso3", "quantity"])
    rows = []
    for iso3 in countries.hosts():
        k, tot, sh = t.loc[(iso3, "kazakhs")], t.loc[(iso3, "total")], t.loc[(iso3, "share")]
        rows.append(
            {
                "iso3": iso3,
                "country": k["country"],
                "kazakhs": k["value"],
                "kazakhs_text": fmt.approx(k["value"], k["approximation"]),
                "kazakhs_year": k["when"],
                "kazakhs_status": k["status"],
                "population": tot["value"],
                "population_year": tot["when"],
                "share": sh["value"],
                "share_text": fmt.share(sh["value"]),
                "share_status": "derived",
                "source": sh["source"],
                "copy_read": sh["copy_read"],
            }
        )
    kaz = kazakhstan_kazakhs()
    rows.append(
        {
            "iso3": countries.HOMELAND,
            "country": countries.names()[countries.HOMELAND],
            "kazakhs": float(kaz["persons"]),
            "kazakhs_text": fmt.approx(kaz["persons"], kaz["approximation"]),
            "kazakhs_year": str(kaz["year"]),
            "kazakhs_status": kaz["status"],
            "population": math.nan,
            "population_year": "",
            "share": kaz["percent"],
            "share_text": fmt.share(kaz["percent"]),
            "share_status": kaz["status"],
            "source": kaz["source"],
            "copy_read": kaz["copy_read"],
        }
    )
    return pd.DataFrame(rows)


@style.draws
def share_map(data: pd.DataFrame, tolerance: float | None = None):
    """Choropleth of the Kazakh share of each country's population (log colour scale: the shares
    run from hundredths of a per cent to a majority), capitals marked, numbers in the tooltips."""

    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("kazakhs_text:N", title="Kazakhs"),
        alt.Tooltip("kazakhs_year:N", title="Year of the count"),
        alt.Tooltip("kazakhs_status:N", title="Status of the count"),
        alt.Tooltip("share_text:N", title="Share of the population"),
        alt.Tooltip("share_status:N", title="Status of the share"),
    ]
    shown = data[["iso3", "share", *[t.shorthand.split(":")[0] for t in tooltip]]].drop_duplicates(subset="iso3")
    shown = shown.loc[:, ~shown.columns.duplicated()]
    return maps.choropleth(
        shown,
        "share",
        title="Kazakhs, % of the population (log scale)",
        tooltip=tooltip,
        scale=alt.Scale(type="log", scheme="blues"),
        tolerance=maps.TOLERANCE if tolerance is None else tolerance,
    ).properties(
        description=(
            "Map of Kazakhstan and its four southern neighbours, coloured by the Kazakh share of the population: "
            + "; ".join(
                f"{r.country} {r.share_text} ({r.kazakhs_text} Kazakhs, {r.kazakhs_status})" for r in data.itertuples()
            )
            + "."
        )
    )


@style.draws
def diaspora_range_chart(data: pd.DataFrame, order: list[str]):
    """Each estimate of the worldwide diaspora as the range of shares it leaves for the region:
    a line between the ends where both are known, a marker per end (a triangle for a one-sided bound)."""

    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("share:Q", title="Kazakhs of the four countries, % of the worldwide diaspora", scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("label:N", title="Estimate"),
        alt.Tooltip("range:N", title="Region's share"),
        alt.Tooltip("bound:N", title="Kind"),
        alt.Tooltip("status:N", title="Status"),
    ]
    colour = alt.Color("status:N", scale=style.status_scale(sorted(data["status"].unique())), title="Status")
    # one row per estimate (low and high end side by side); the markers unfold it again
    wide = data.pivot_table(index=["label", "status", "range", "bound"], columns="end", values="share")
    wide = wide.reindex(columns=["low", "high"]).round(2).reset_index()
    base = alt.Chart(wide)
    rule = (
        base.mark_rule(strokeWidth=3)
        .encode(y=y, x="low:Q", x2="high:Q", color=colour, tooltip=tooltip)
        .transform_filter("isValid(datum.low) && isValid(datum.high)")
    )
    shape = alt.Shape(
        "bound:N",
        title="Marker",
        scale=alt.Scale(domain=list(BOUNDS.values()), range=["circle", "circle", "triangle-left", "triangle-right"]),
    )
    ends = (
        base.mark_point(size=90, filled=True)
        .encode(y=y, x=x, color=colour, shape=shape, tooltip=tooltip)
        .transform_fold(["low", "high"], as_=["end", "share"])
        .transform_filter("isValid(datum.share)")
    )
    description = (
        "Range chart, one row per estimate of the number of Kazakhs abroad. The region's "
        f"{fmt.count(region_total())} Kazakhs are "
        + "; ".join(f"{r.range} of {r.label}" for r in data.drop_duplicates("label").itertuples())
        + "."
    )
    return (
        alt.layer(rule, ends)
        .properties(width=300, height=alt.Step(26), description=description)
        .configure_legend(orient="bottom", columns=1, labelLimit=260)
    )


@style.draws
def sensitivity_chart(data: pd.DataFrame):
    """Small multiples: each country's Kazakh share by year under each vintage of the totals, with the
    share the paper prints as a dashed line."""

    vints = sorted(data["vintage"].unique())
    base = alt.Chart(data[["country", "vintage", "year", "share", "printed"]].round({"share": 4}))
    lines = base.mark_line(point=True).encode(
        x=alt.X(
            "year:Q",
            title="Year of the population total",
            axis=alt.Axis(format="d", tickMinStep=2),
            scale=alt.Scale(zero=False),
        ),
        y=alt.Y("share:Q", title="Kazakhs, % of total", scale=alt.Scale(zero=False)),
        color=alt.Color(
            "vintage:N", title="Release of the totals", scale=alt.Scale(domain=vints, range=style.PALETTE[: len(vints)])
        ),
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("vintage:N", title="Release"),
            alt.Tooltip("year:Q", title="Year"),
            alt.Tooltip("share:Q", title="Share, %", format=".3f"),
            alt.Tooltip("printed:Q", title="Printed, %"),
        ],
    )
    printed = base.mark_rule(strokeDash=[4, 3], color="#555555").encode(
        y="printed:Q", tooltip=[alt.Tooltip("printed:Q", title="Share the paper prints, %")]
    )
    return (
        alt.layer(lines, printed)
        .properties(width=230, height=150)
        .facet(
            facet=alt.Facet("country:N", title=None, sort=[countries.names()[c] for c in countries.hosts()]),
            columns=2,
        )
        .resolve_scale(y="independent")
        .properties(
            description=(
                "Four small line charts, one per country, of the Kazakh share computed with each year's total "
                "population in each release of the totals, against the printed share. "
                + " ".join(
                    f"{c}: from {fmt.share(g.share.min())} to {fmt.share(g.share.max())}, "
                    f"printed {fmt.pct(g.printed.iloc[0], fmt.decimals(g.printed.iloc[0]))}."
                    for c, g in data.groupby("country", sort=False)
                )
            )
        )
    )


@style.draws
def series_chart(series: pd.DataFrame, country: str):
    """Every count of Kazakhs in one country as points by year, coloured by status (log scale when
    the counts span more than a factor of twenty; otherwise a linear scale from zero, so that
    counts close to each other look close)."""

    data = series[["year", "when", "persons", "text", "status", "who"]]
    spread = data["persons"].max() / data["persons"].min()
    statuses = [s for s in style.STATUS_COLOURS if s in set(data["status"])]
    return (
        alt.Chart(data)
        .mark_point(size=80, filled=True, opacity=0.9)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, padding=12)),
            y=alt.Y(
                "persons:Q",
                title=f"Kazakhs in {country}" + (" (log scale)" if spread > 20 else ""),
                scale=(
                    alt.Scale(type="log", padding=12)
                    if spread > 20
                    else alt.Scale(domain=[0, 1.1 * float(data["persons"].max())], nice=True)
                ),
                axis=alt.Axis(format="~s"),
            ),
            color=alt.Color("status:N", scale=style.status_scale(statuses), title="Status"),
            shape=alt.Shape("status:N", scale=alt.Scale(domain=statuses), title="Status"),
            tooltip=[
                alt.Tooltip("when:N", title="Year"),
                alt.Tooltip("text:N", title="Kazakhs"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("who:N", title="Source"),
            ],
        )
        .properties(
            height=260,
            description=f"Dot chart of the number of Kazakhs in {country} by year: "
            + "; ".join(f"{r.when} {r.text} ({r.status}, {r.who})" for r in series.itertuples())
            + ".",
        )
    )
