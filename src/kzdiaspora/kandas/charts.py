"""The kandas chapter's charts: origins, releases, education and composition."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from .. import charts, countries, fmt, i18n
from ..i18n import N_, _, pgettext
from .education import group_words
from .releases import EDUCATION, label

#: The countries of origin in the order of the legend, and the colour of the rest (each
#: country's own colour comes from the gazetteer).
ORIGINS = ("CHN", "UZB", "TKM", "RUS", "MNG")
OTHER, OTHER_COLOUR = "other", "#DDDDDD"


#: Month initials for the releases' time axis within a year.
MONTHS = N_("JFMAMJJASOND")


def _origin_name(code: str, names: dict[str, str]) -> str:
    """An origin's name: the country's (``names``), or "other" in the page's language."""
    if code == OTHER and OTHER not in names:
        return pgettext("origin of kandas", "other")
    return names.get(code, code)


def origin_chart_data(origins: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """What :func:`origin_chart` draws: one row per release and origin (``year``, ``month`` of
    the release, ``origin`` named, ``percent``), and a row with ``note`` for each year between the
    first and the last without a release (drawn as missing, not left out)."""
    frame = pd.DataFrame(
        {
            "year": origins["as_of"].dt.year.astype(int),
            "month": origins["as_of"].dt.month.astype(int),
            "release": origins["as_of"].dt.strftime("%Y-%m-%d"),
            "origin": origins["category"].map(lambda c: _origin_name(c, names)),
            "percent": origins["percent"],
            "note": "",
        }
    )
    missing = sorted(set(range(frame["year"].min(), frame["year"].max() + 1)) - set(frame["year"]))
    gaps = pd.DataFrame(
        {"year": missing, "month": 6, "release": "", "origin": "", "percent": None, "note": _("no release")}
    )
    return pd.concat([frame, gaps], ignore_index=True) if missing else frame


def _describe_origins(origins: pd.DataFrame, names: dict[str, str], gaps: list[int]) -> str:
    shares = "; ".join(
        f"{d:%Y-%m-%d} " + ", ".join(f"{_origin_name(c, names)} {fmt.pct(p)}" for c, p in zip(g.category, g.percent))
        for d, g in origins.groupby("as_of")
    )
    text = _(
        "Origin shares by release, one panel per year (the shares count from 1 January, so only the "
        "releases of one year are comparable): {shares}."
    ).format(shares=shares)
    if gaps:
        text += " " + _("No release found for {years}.").format(years=fmt.words([str(y) for y in gaps]))
    return text


def _month_axis() -> "alt.X":
    """The months of a year, January to December: in English each named by its initial; in
    another language, whose initials repeat within a year (Russian «июнь», «июль»), the first
    month of each quarter by its abbreviated name (:func:`kzdiaspora.fmt.month_abbreviations`),
    written upright."""
    if i18n.language() == i18n.LANGUAGES[0]:
        label, angle = f"substring('{_(MONTHS)}', datum.value - 1, datum.value)", 0
    else:
        # upright: three months' width is narrower than a month's name
        names = json.dumps(fmt.month_abbreviations(), ensure_ascii=False)
        label, angle = f"datum.value % 3 == 1 ? {names}[datum.value - 1] : ''", -90
    return alt.X(
        "month:O",
        title=None,
        scale=alt.Scale(domain=list(range(1, 13))),
        axis=alt.Axis(labelExpr=label, labelAngle=angle),
    )


@charts.draws
def origin_chart(origins: pd.DataFrame, names: dict[str, str]):
    """Shares of kandas by country of origin in each release, as stacked bars: one panel per year
    (a release's shares count from 1 January, so a release is comparable with those of its own
    year only), each release at its month, a year without a release marked as such."""
    colours = {**countries.colours(), OTHER: OTHER_COLOUR}
    codes = [c for c in (*ORIGINS, OTHER) if c in set(origins["category"])]
    domain = [_origin_name(c, names) for c in codes]
    frame = origin_chart_data(origins, names)
    month = _month_axis()
    bars = (
        alt.Chart()
        .transform_filter("isValid(datum.percent)")
        .transform_calculate(order=f"indexof({domain!r}, datum.origin)")
        # hidden from screen readers, which read the chart's description: a year without a
        # release would otherwise be an empty group of marks without a name
        .mark_bar(aria=False)
        .encode(
            x=month,
            y=alt.Y("percent:Q", title=_("Share of kandas since 1 January (%)"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "origin:N",
                title=_("Came from"),
                sort=domain,
                scale=alt.Scale(domain=domain, range=[colours[c] for c in codes]),
            ),
            order=alt.Order("order:Q"),
            tooltip=[charts.tip("release"), charts.tip("origin"), charts.tip("percent:Q", format=".1f")],
        )
    )
    gap = (
        alt.Chart()
        .transform_filter("datum.note != ''")
        .mark_text(angle=270, fontSize=11, fontStyle="italic", color=charts.PAGE_TEXT)
        .encode(x=month, y=alt.datum(50), text="note:N")
    )
    gaps = sorted(frame.loc[frame["note"] != "", "year"])
    return (
        alt.layer(bars, gap, data=frame)
        .properties(width=alt.Step(9), height=260)
        .facet(
            column=alt.Column(
                "year:O",
                title=_("Release, by month of the year (shares count from 1 January)"),
                header=alt.Header(labelFontSize=12),
            ),
            spacing=10,
        )
        .properties(description=_describe_origins(origins, names, gaps))
    )


#: The years' colours in the releases chart, the latest year last (the earliest shown in grey).
YEAR_COLOURS = ("#999999", "#CC79A7", "#009E73", "#56B4E9", "#E69F00", "#0072B2")

#: How a whole year's count derived from two releases is named in charts.
DERIVED_YEAR = N_("whole year, derived from two releases")


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
                        "release": _(DERIVED_YEAR),
                        "months": 12,
                        "persons": derived["persons"],
                        "kind": _(DERIVED_YEAR),
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
    years = sorted(frame["year"].unique())
    if len(years) > len(YEAR_COLOURS):
        raise ValueError(f"the releases chart tells {len(YEAR_COLOURS)} years apart, not {len(years)}")
    base = alt.Chart(charts.status_words(frame)).encode(
        x=alt.X(
            "months:Q",
            title=_("Months of the year covered"),
            scale=alt.Scale(domain=[0, 12]),
            axis=alt.Axis(tickMinStep=1),
        ),
        y=alt.Y("persons:Q", title=_("Kandas since 1 January (persons)")),
        color=alt.Color("year:N", title=_("Year"), scale=alt.Scale(domain=years, range=YEAR_COLOURS[-len(years) :])),
        tooltip=[
            charts.tip("year"),
            charts.tip("release"),
            charts.tip("persons:Q", format=","),
            charts.tip("status"),
            charts.tip("source"),
        ],
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
                scale=alt.Scale(domain=[_(DERIVED_YEAR)], range=["circle"]),
                # on two lines, so that it fits beside the years' legend on a phone
                legend=alt.Legend(labelLimit=400, labelExpr="split(datum.label, ', ')"),
            )
        )
    )
    return alt.layer(released, derived).properties(description=_releases_description(frame))


def _releases_description(frame: pd.DataFrame) -> str:
    """The releases chart in words: each release's count, then each whole year derived from two."""
    releases = frame[frame["kind"] == "release"]
    derived = frame[frame["kind"] != "release"]
    return (
        _("Counts since 1 January by release: {counts}.").format(
            counts="; ".join(f"{r.release} {fmt.count(r.persons)}" for r in releases.itertuples())
        )
        + " "
        + "".join(
            _("Whole year {year}, derived from two releases: {count}.").format(year=r.year, count=fmt.count(r.persons))
            + " "
            for r in derived.itertuples()
        )
    ).strip()


def _education_tooltip() -> list:
    """What hovering over an education bar shows (titles in the page's language)."""
    return [
        charts.tip("group"),
        alt.Tooltip("label:N", title=_("education")),
        charts.tip("percent:Q", format=".1f"),
        charts.tip("persons:Q", format=","),
        charts.tip("base"),
    ]


@charts.draws
def education_chart(comparison: pd.DataFrame):
    """Education shares of working-age kandas and of emigrants, side by side per level, each bar
    labelled; a level one group's source does not report is written "not reported"."""
    comparison = comparison.assign(group=comparison["group"].map(group_words))
    description = "; ".join(f"{r.group}: {r.label} {fmt.pct(r.percent)}" for r in comparison.itertuples()) + "."
    levels = [label(c) for c in EDUCATION]
    groups = list(dict.fromkeys(comparison["group"]))
    comparison = comparison[["group", "label", "percent", "persons", "base"]]
    bars = (
        alt.Chart(comparison)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=levels),
            yOffset=alt.YOffset("group:N", sort=groups),
            x=alt.X("percent:Q", title=_("Share of the group (%)")),
            color=alt.Color(
                "group:N",
                title=None,
                sort=groups,
                scale=alt.Scale(range=["#009E73", "#D55E00"]),
                legend=alt.Legend(labelLimit=400),
            ),
            tooltip=_education_tooltip(),
        )
    )
    values = bars.mark_text(align="left", dx=3, fontSize=11, color=charts.PAGE_TEXT).encode(
        text=alt.Text("percent:Q", format=".1f"), color=alt.value(charts.PAGE_TEXT)
    )
    shown = set(zip(comparison["group"], comparison["label"]))
    absent = pd.DataFrame(
        [{"group": g, "label": lv, "text": _("not reported")} for g in groups for lv in levels if (g, lv) not in shown]
    )
    layers = [bars, values]
    if len(absent):
        layers.append(
            alt.Chart(absent)
            .mark_text(align="left", dx=3, fontSize=11, fontStyle="italic", color=charts.PAGE_TEXT)
            .encode(
                y=alt.Y("label:N", sort=levels),
                yOffset=alt.YOffset("group:N", sort=groups),
                x=alt.datum(0),
                text="text:N",
            )
        )
        description += " " + _("Not reported: {levels}.").format(
            levels="; ".join(f"{r.group}, {r.label}" for r in absent.itertuples())
        )
    return alt.layer(*layers).properties(width=440, description=description)


#: What a release's share is of (the ``base`` codes of ``kandas_shares``), in words.
BASES = {"all-kandas": N_("all kandas"), "working-age-kandas": N_("working-age kandas")}


def base_word(base: str) -> str:
    """A ``base`` code in the page's language; the code itself on an English page."""
    if i18n.language() == i18n.LANGUAGES[0] or base not in BASES:
        return base
    return _(BASES[base])


@charts.draws
def composition_chart(frame: pd.DataFrame):
    """Bars of :func:`composition`, one panel per breakdown."""
    frame = frame[["breakdown", "label", "percent", "base"]]
    frame = frame.assign(base=frame["base"].map(base_word))
    description = "; ".join(f"{r.breakdown}: {r.label} {fmt.pct(r.percent)}" for r in frame.itertuples()) + "."
    panels = list(dict.fromkeys(frame["breakdown"]))
    base = alt.Chart().encode(
        x=alt.X("percent:Q", title=_("Share (%)"), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", title=None, sort=None),
        tooltip=[
            charts.tip("breakdown"),
            charts.tip("label"),
            charts.tip("percent:Q", format=".1f"),
            charts.tip("base"),
        ],
    )
    values = base.mark_text(align="left", dx=3, fontSize=11, color=charts.PAGE_TEXT).encode(
        text=alt.Text("percent:Q", format=".1f")
    )
    return (
        alt.layer(base.mark_bar(color="#009E73"), values, data=frame)
        .properties(width=400)
        .facet(
            row=alt.Row(
                "breakdown:N",
                title=None,
                sort=panels,
                header=alt.Header(
                    labelOrient="top", labelAnchor="start", labelAngle=0, labelFontSize=12, labelFontWeight="bold"
                ),
            ),
        )
        .resolve_scale(y="independent")
        .properties(description=description)
    )
