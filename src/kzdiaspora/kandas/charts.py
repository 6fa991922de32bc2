"""The kandas chapter's charts: origins, releases, education and composition."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import charts, countries, fmt
from .releases import EDUCATION, label

#: The countries of origin in the order of the legend, and the colour of the rest (each
#: country's own colour comes from the gazetteer).
ORIGINS = ("CHN", "UZB", "TKM", "RUS", "MNG")
OTHER, OTHER_COLOUR = "other", "#DDDDDD"


@charts.draws
def origin_chart(origins: pd.DataFrame, names: dict[str, str]):
    """Shares of kandas by country of origin in each release, as stacked bars (one per release)."""
    colours = {**countries.colours(), OTHER: OTHER_COLOUR}
    codes = [c for c in (*ORIGINS, OTHER) if c in set(origins["category"])]
    frame = pd.DataFrame(
        {
            "origin": origins["category"].map(lambda c: names.get(c, c)),
            "release": origins["as_of"].dt.strftime("%Y-%m-%d"),
            "percent": origins["percent"],
        }
    )
    domain = [names.get(c, c) for c in codes]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("release:O", title="Release (as of)", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("percent:Q", title="Share of kandas since 1 January (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "origin:N",
                title="Came from",
                sort=domain,
                scale=alt.Scale(domain=domain, range=[colours[c] for c in codes]),
            ),
            order=alt.Order("order:Q"),
            tooltip=["release", "origin", alt.Tooltip("percent:Q", format=".1f")],
        )
        .transform_calculate(order=f"indexof({domain!r}, datum.origin)")
        .properties(
            width=520,
            description=(
                "Origin shares by release: "
                + "; ".join(
                    f"{d:%Y-%m-%d} "
                    + ", ".join(f"{names.get(c, c)} {fmt.pct(p)}" for c, p in zip(g.category, g.percent))
                    for d, g in origins.groupby("as_of")
                )
                + "."
            ),
        )
    )


#: How a whole year's count derived from two releases is named in charts.
DERIVED_YEAR = "whole year, derived from two releases"


def releases_chart_data(counts: pd.DataFrame, whole: pd.DataFrame | None = None) -> pd.DataFrame:
    """What :func:`releases_chart` draws: the releases (:func:`releases`) and the whole years'
    counts derived from two releases (from :func:`whole_years`), at twelve months; ``kind`` says
    which is which."""
    frame = pd.DataFrame(
        {
            "year": counts["year"].astype(str),
            "release": counts["as_of"].dt.strftime("%Y-%m-%d"),
            "months": counts["months"],
            "persons": counts["persons"],
            "kind": "release",
            "status": counts["status"],
            "source": counts["source"],
            "copy_read": counts["copy_read"],
        }
    )
    if whole is not None:
        derived = whole[whole["status"] == "derived"]
        frame = pd.concat(
            [
                frame,
                pd.DataFrame(
                    {
                        "year": derived["year"].astype(str),
                        "release": DERIVED_YEAR,
                        "months": 12,
                        "persons": derived["persons"],
                        "kind": DERIVED_YEAR,
                        "status": derived["status"],
                        "source": derived["source"],
                        "copy_read": derived["copy_read"],
                    }
                ),
            ],
            ignore_index=True,
        )
    return frame


@charts.draws
def releases_chart(frame: pd.DataFrame):
    """Kandas counted since 1 January against the months elapsed (a :func:`releases_chart_data`
    frame): one line per year through its releases; a whole year's count derived from two
    releases is a hollow circle at twelve months, outside the line."""
    base = alt.Chart(frame).encode(
        x=alt.X(
            "months:Q",
            title="Months of the year covered",
            scale=alt.Scale(domain=[0, 12]),
            axis=alt.Axis(tickMinStep=1),
        ),
        y=alt.Y("persons:Q", title="Kandas since 1 January (persons)"),
        color=alt.Color("year:N", title="Year", scale=alt.Scale(range=["#999999", "#56B4E9", "#E69F00", "#0072B2"])),
        tooltip=["year", "release", alt.Tooltip("persons:Q", format=","), "status", "source"],
    )
    released = base.transform_filter(alt.datum.kind == "release").mark_line(
        point=alt.OverlayMarkDef(size=50, filled=True)
    )
    derived = (
        base.transform_filter(alt.datum.kind != "release")
        .mark_point(size=80, filled=False, strokeWidth=2)
        .encode(
            shape=alt.Shape(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=[DERIVED_YEAR], range=["circle"]),
                legend=alt.Legend(labelLimit=400),
            )
        )
    )
    return alt.layer(released, derived).properties(description=_releases_description(frame))


def _releases_description(frame: pd.DataFrame) -> str:
    """The releases chart in words: each release's count, then each whole year derived from two."""
    releases = frame[frame["kind"] == "release"]
    derived = frame[frame["kind"] != "release"]
    return (
        "Counts since 1 January by release: "
        + "; ".join(f"{r.release} {fmt.count(r.persons)}" for r in releases.itertuples())
        + ". "
        + "".join(
            f"Whole year {r.year}, derived from two releases: {fmt.count(r.persons)}. " for r in derived.itertuples()
        )
    ).strip()


@charts.draws
def education_chart(comparison: pd.DataFrame):
    """Education shares of working-age kandas and of emigrants, side by side per level."""
    description = "; ".join(f"{r.group}: {r.label} {fmt.pct(r.percent)}" for r in comparison.itertuples()) + "."
    levels = [label(c) for c in EDUCATION]
    groups = list(dict.fromkeys(comparison["group"]))
    comparison = comparison[["group", "label", "percent", "persons", "base"]]
    return (
        alt.Chart(comparison)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=levels),
            yOffset=alt.YOffset("group:N", sort=groups),
            x=alt.X("percent:Q", title="Share of the group (%)"),
            color=alt.Color(
                "group:N",
                title=None,
                sort=groups,
                scale=alt.Scale(range=["#009E73", "#D55E00"]),
                legend=alt.Legend(labelLimit=400),
            ),
            tooltip=[
                "group",
                alt.Tooltip("label:N", title="education"),
                alt.Tooltip("percent:Q", format=".1f"),
                alt.Tooltip("persons:Q", format=","),
                "base",
            ],
        )
        .properties(width=440, description=description)
    )


@charts.draws
def composition_chart(frame: pd.DataFrame):
    """Bars of :func:`composition`, one panel per breakdown."""
    frame = frame[["breakdown", "label", "percent", "base"]]
    description = "; ".join(f"{r.breakdown}: {r.label} {fmt.pct(r.percent)}" for r in frame.itertuples()) + "."
    panels = list(dict.fromkeys(frame["breakdown"]))
    return (
        alt.Chart(frame)
        .mark_bar(color="#009E73")
        .encode(
            x=alt.X("percent:Q", title="Share (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("label:N", title=None, sort=None),
            row=alt.Row(
                "breakdown:N",
                title=None,
                sort=panels,
                header=alt.Header(
                    labelOrient="top", labelAnchor="start", labelAngle=0, labelFontSize=12, labelFontWeight="bold"
                ),
            ),
            tooltip=["breakdown", "label", alt.Tooltip("percent:Q", format=".1f"), "base"],
        )
        .resolve_scale(y="independent")
        .properties(width=400, description=description)
    )
