"""The demography chapter's charts and map, and a country's counts of Kazakhs over time."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from .. import charts as style
from .. import countries, fmt, maps
from ..i18n import _, ngettext, pgettext
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
    data = style.status_words(data)

    tooltip = [
        alt.Tooltip("country:N", title=_("Country")),
        alt.Tooltip("kazakhs_text:N", title=_("Kazakhs")),
        alt.Tooltip("kazakhs_year:N", title=_("Year of the count")),
        alt.Tooltip("kazakhs_status:N", title=_("Status of the count")),
        alt.Tooltip("share_text:N", title=_("Share of the population")),
        alt.Tooltip("share_status:N", title=_("Status of the share")),
    ]
    shown = data[["iso3", "share", *[t.shorthand.split(":")[0] for t in tooltip]]].drop_duplicates(subset="iso3")
    shown = shown.loc[:, ~shown.columns.duplicated()]
    return maps.choropleth(
        shown,
        "share",
        title=_("Kazakhs, % of the population (log scale)"),
        tooltip=tooltip,
        scale=alt.Scale(type="log", scheme="blues"),
        tolerance=maps.TOLERANCE if tolerance is None else tolerance,
    ).properties(
        description=_(
            "Map of Kazakhstan and its four southern neighbours, coloured by the Kazakh share of the population: "
            "{values}."
        ).format(
            values="; ".join(
                _("{country} {share} ({kazakhs} Kazakhs, {status})").format(
                    country=r.country, share=r.share_text, kazakhs=r.kazakhs_text, status=r.kazakhs_status
                )
                for r in data.itertuples()
            )
        )
    )


def _describe_ranges(data: pd.DataFrame) -> str:
    """:func:`diaspora_range_chart` in words."""
    return _(
        "Range chart, one row per estimate of the number of Kazakhs abroad. The region's {total} Kazakhs are {shares}."
    ).format(
        total=fmt.count(region_total()),
        shares="; ".join(
            _("{range} of {estimate}").format(range=r.range, estimate=r.label)
            for r in data.drop_duplicates("label").itertuples()
        ),
    )


@style.draws
def diaspora_range_chart(data: pd.DataFrame, order: list[str]):
    """Each estimate of the worldwide diaspora as the range of shares it leaves for the region:
    a line between the ends where both are known, a marker per end (a triangle for a one-sided bound)."""

    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X(
        "share:Q", title=_("Kazakhs of the four countries, % of the worldwide diaspora"), scale=alt.Scale(zero=True)
    )
    tooltip = [
        alt.Tooltip("label:N", title=_("Estimate")),
        alt.Tooltip("range:N", title=_("Region's share")),
        alt.Tooltip("bound:N", title=_("Kind")),
        alt.Tooltip("status:N", title=_("Status")),
    ]
    colour = alt.Color("status:N", scale=style.status_scale(sorted(data["status"].unique())), title=_("Status"))
    data = style.status_words(data)
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
        title=_("Marker"),
        scale=alt.Scale(
            domain=[_(b) for b in BOUNDS.values()], range=["circle", "circle", "triangle-left", "triangle-right"]
        ),
    )
    ends = (
        base.mark_point(size=90, filled=True)
        .encode(y=y, x=x, color=colour, shape=shape, tooltip=tooltip)
        .transform_fold(["low", "high"], as_=["end", "share"])
        .transform_filter("isValid(datum.share)")
    )
    description = _describe_ranges(data)
    return (
        alt.layer(rule, ends)
        .properties(width=300, height=alt.Step(26), description=description)
        .configure_legend(orient="bottom", columns=1, labelLimit=260)
    )


def _describe_sensitivity(data: pd.DataFrame) -> str:
    """:func:`sensitivity_chart` in words, from the data it plots."""
    return _(
        "Four small line charts, one per country, each on its own scale from zero, of the Kazakh share "
        "computed with each year's total population in each release of the totals, against the printed share. "
    ) + " ".join(
        _("{country}: from {low} to {high}, printed {printed}.").format(
            country=c,
            low=fmt.share(g.share.min()),
            high=fmt.share(g.share.max()),
            printed=fmt.pct(g.printed.iloc[0], fmt.decimals(g.printed.iloc[0])),
        )
        for c, g in data.groupby("country", sort=False)
    )


@style.draws
def sensitivity_chart(data: pd.DataFrame):
    """Small multiples: each country's Kazakh share by year under each release of the totals (named
    in words, listed under the panels), the share the article prints dashed and in the panel's title.
    Each axis starts at zero, so that a difference looks as large as it is against the share; the
    shares differ a hundredfold, so each country has a scale of its own, as the axis says."""
    releases = [fmt.release(v) for v in sorted(data["vintage"].unique())]
    printed_text = {c: fmt.pct(p, fmt.decimals(p)) for c, p in zip(data["country"], data["printed"])}
    panel = {c: _("{country} (printed: {share})").format(country=c, share=printed_text[c]) for c in printed_text}
    frame = data.assign(panel=data["country"].map(panel), release=data["vintage"].map(fmt.release))
    base = alt.Chart(frame[["panel", "country", "release", "year", "share", "printed"]].round({"share": 4}))
    lines = base.mark_line(point=True).encode(
        x=alt.X(
            "year:Q",
            title=_("Year of the population total"),
            axis=alt.Axis(format="d", tickMinStep=2),
            scale=alt.Scale(zero=False),
        ),
        y=alt.Y("share:Q", title=_("% of total, own scale"), scale=alt.Scale(zero=True)),
        color=alt.Color(
            "release:N",
            title=_("Release of the totals"),
            scale=alt.Scale(domain=releases, range=style.PALETTE[: len(releases)]),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
        ),
        tooltip=[
            alt.Tooltip("country:N", title=_("Country")),
            alt.Tooltip("release:N", title=_("Release")),
            alt.Tooltip("year:Q", title=_("Year")),
            alt.Tooltip("share:Q", title=_("Share, %"), format=".3f"),
            alt.Tooltip("printed:Q", title=_("Printed, %")),
        ],
    )
    printed = base.mark_rule(strokeDash=[4, 3], color="#555555").encode(
        y="printed:Q", tooltip=[alt.Tooltip("printed:Q", title=_("Share the article prints, %"))]
    )
    return (
        alt.layer(lines, printed)
        .properties(width=230, height=150)
        .facet(
            facet=alt.Facet(
                "panel:N",
                title=None,
                sort=[panel[n] for n in (countries.names()[c] for c in countries.hosts()) if n in panel],
                header=alt.Header(labelFontSize=12),
            ),
            columns=2,
        )
        .resolve_scale(y="independent")
        .properties(description=_describe_sensitivity(data))
    )


@style.draws
def series_chart(series: pd.DataFrame, country: str):
    """Every count of Kazakhs in one country as points by year, coloured by status (log scale when
    the counts span more than a factor of twenty; otherwise a linear scale from zero, so that
    counts close to each other look close)."""

    data = series[["year", "when", "persons", "text", "status", "who"]]
    spread = data["persons"].max() / data["persons"].min()
    statuses = [s for s in style.STATUS_COLOURS if s in set(data["status"])]
    data, series = style.status_words(data), style.status_words(series)
    return (
        alt.Chart(data)
        .mark_point(size=80, filled=True, opacity=0.9)
        .encode(
            x=alt.X("year:Q", title=_("Year"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, padding=12)),
            y=alt.Y(
                "persons:Q",
                title=(
                    pgettext("axis", "Kazakhs in {country} (log scale)")
                    if spread > 20
                    else pgettext("axis", "Kazakhs in {country}")
                ).format(country=country),
                scale=(
                    alt.Scale(type="log", padding=12)
                    if spread > 20
                    else alt.Scale(domain=[0, 1.1 * float(data["persons"].max())], nice=True)
                ),
                axis=alt.Axis(format=style.count_format()),
            ),
            color=alt.Color("status:N", scale=style.status_scale(statuses), title=_("Status")),
            shape=alt.Shape("status:N", scale=alt.Scale(domain=[fmt.status(s) for s in statuses]), title=_("Status")),
            tooltip=[
                alt.Tooltip("when:N", title=_("Year")),
                alt.Tooltip("text:N", title=_("Kazakhs")),
                alt.Tooltip("status:N", title=_("Status")),
                alt.Tooltip("who:N", title=_("Source")),
            ],
        )
        .properties(
            height=260,
            description=_("Dot chart of the number of Kazakhs in {country} by year: {counts}.").format(
                country=country,
                counts="; ".join(f"{r.when} {r.text} ({r.status}, {r.who})" for r in series.itertuples()),
            ),
        )
    )


def _country_colours(codes) -> alt.Scale:
    """Colour scale over country names, each in its gazetteer colour."""
    names, colours = countries.names(), countries.colours()
    return alt.Scale(domain=[names[c] for c in codes], range=[colours[c] for c in codes])


def _estimate_rules(estimates: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """One dashed vertical rule per distinct worldwide estimate (``estimates``: label, diaspora),
    labelled in millions; returns the rules' data and the layers (rules, then labels)."""
    marks = estimates.drop_duplicates("diaspora")[["diaspora", "label"]]
    marks = marks.groupby("diaspora", as_index=False)["label"].agg(" / ".join)
    # labels of neighbouring rules on two lines, so that close estimates (4.5 and 5 million) stay legible
    marks = marks.assign(
        short=[fmt.millions(v) for v in marks["diaspora"]], dy=[-30 + 12 * (i % 2) for i in range(len(marks))]
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#333333")
        .encode(x="diaspora:Q", tooltip=[alt.Tooltip("label:N", title=_("Estimate"))])
    )
    labels = [
        alt.Chart(marks[marks["dy"] == dy])
        .mark_text(align="left", dx=3, dy=dy, fontSize=11)
        .encode(x="diaspora:Q", text="short:N")
        for dy in sorted(marks["dy"].unique())
    ]
    return marks, [rules, *labels]


def _describe_host_sum(counts: pd.DataFrame, total: float, marks: pd.DataFrame) -> str:
    """:func:`host_sum_chart` in words."""
    return ngettext(
        "One stacked bar of {n} host country's counts of Kazakhs, {total} in all: {counts}. "
        "Dashed rules mark the worldwide estimates of {estimates}.",
        "One stacked bar of {n} host countries' counts of Kazakhs, {total} in all: {counts}. "
        "Dashed rules mark the worldwide estimates of {estimates}.",
        len(counts),
    ).format(
        n=len(counts),
        total=fmt.count(total),
        counts="; ".join(
            f"{r.country} {fmt.approx(r.persons, r.approximation)} ({r.year})" for r in counts.itertuples()
        ),
        estimates=fmt.words(list(marks["short"])),
    )


@style.draws
def host_sum_chart(counts: pd.DataFrame, estimates: pd.DataFrame):
    """The counts of :func:`host_counts` stacked in one bar, largest first, against each worldwide
    estimate in ``estimates`` (columns label, diaspora: persons) as a labelled vertical rule."""
    order = list(counts["iso3"])
    data = counts.assign(
        bar=_("Counts by host country"),
        text=[fmt.approx(p, a) for p, a in zip(counts["persons"], counts["approximation"])],
        rank=range(len(counts)),
    )
    x = alt.X(
        "persons:Q",
        title=_("Kazakhs living outside Kazakhstan (persons)"),
        stack="zero",
        axis=alt.Axis(format=style.count_format()),
        scale=alt.Scale(domainMin=0),
    )
    bars = (
        alt.Chart(style.status_words(data[["bar", "country", "persons", "text", "year", "status", "rank"]]))
        .mark_bar(height=34)
        .encode(
            y=alt.Y("bar:N", title=None, axis=None),
            x=x,
            color=alt.Color("country:N", scale=_country_colours(order), title=_("Host country"), sort=None),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("country:N", title=_("Host")),
                alt.Tooltip("text:N", title=_("Kazakhs")),
                alt.Tooltip("year:Q", title=_("Year")),
                alt.Tooltip("status:N", title=_("Kind")),
            ],
        )
    )
    marks, rules = _estimate_rules(estimates)
    total = float(counts["persons"].sum())
    description = _describe_host_sum(counts, total, marks)
    return (
        alt.layer(bars, *rules)
        .properties(width=340, height=90, description=description)
        .configure_legend(orient="bottom", direction="vertical")
    )


def _scenario_bars(scenarios: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """The rows of :func:`region_scenarios` labelled by the two counts each scenario uses, ranked
    in the study's order of countries, shares rounded for the tooltips."""
    counts = scenarios.pivot_table(index="scenario", columns="iso3", values="persons")
    names = countries.names()
    labels = {
        s: f"{names['UZB']} {fmt.count(r['UZB'])}, {names['TKM']} {fmt.count(r['TKM'])}" for s, r in counts.iterrows()
    }
    return scenarios.assign(
        label=scenarios["scenario"].map(labels),
        rank=[order.index(c) for c in scenarios["iso3"]],
        share=scenarios["percent_of_region"].round(2),
        total=scenarios["region_total"],
    )


def _describe_scenarios(data: pd.DataFrame, names: dict, article_total: float) -> str:
    """:func:`region_scenarios_chart` in words."""
    return _(
        "Four stacked bars, one per choice of counts for {uzbekistan} and {turkmenistan}: {bars}. "
        "A dashed rule marks the article's total of {total}."
    ).format(
        uzbekistan=names["UZB"],
        turkmenistan=names["TKM"],
        bars="; ".join(
            _("{label}: {total} in all, {uzbekistan} {share}").format(
                label=r.label, total=fmt.count(r.total), uzbekistan=names["UZB"], share=fmt.pct(r.share)
            )
            for r in data[data["iso3"] == "UZB"].itertuples()
        ),
        total=fmt.count(article_total),
    )


@style.draws
def region_scenarios_chart(scenarios: pd.DataFrame, article_total: float):
    """One stacked bar per scenario of :func:`region_scenarios` (the four countries' counts), with
    the regional total the article states as a dashed rule."""
    order, names = list(countries.hosts()), countries.names()
    data = _scenario_bars(scenarios, order)
    y = alt.Y("label:N", title=None, sort=list(dict.fromkeys(data["label"])), axis=alt.Axis(labelLimit=300))
    bars = (
        alt.Chart(style.status_words(data[["label", "country", "persons", "share", "total", "year", "status", "rank"]]))
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "persons:Q",
                title=_("Kazakhs in the four countries (persons)"),
                stack="zero",
                axis=alt.Axis(format=style.count_format()),
            ),
            color=alt.Color(
                "country:N", scale=_country_colours(order), title=_("Country"), sort=[names[c] for c in order]
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("country:N", title=_("Country")),
                alt.Tooltip("persons:Q", title=_("Kazakhs"), format=","),
                alt.Tooltip("share:Q", title=_("% of the region")),
                alt.Tooltip("total:Q", title=_("Region's total"), format=","),
                alt.Tooltip("status:N", title=_("Kind")),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"total": [article_total]}))
        .mark_rule(strokeDash=[4, 3], color="#333333")
        .encode(x="total:Q", tooltip=[alt.Tooltip("total:Q", title=_("The article's regional total"), format=",")])
    )
    description = _describe_scenarios(data, names, article_total)
    return (
        alt.layer(bars, rule)
        .properties(width=260, height=alt.Step(34), description=description)
        .configure_legend(orient="bottom", direction="vertical")
    )
