"""Repatriates (*kandas*): counts, composition and education, from the ministry's releases.

The labour ministry publishes, every month or two, how many ethnic Kazakhs received kandas
status since 1 January (and since 1991), with shares by country of origin and age group of all
of them, and by education of the working-age among them. :func:`releases` gives the counts
since 1 January, :func:`shares` any breakdown, :func:`snapshot` the composition at one release
(1 July 2024 is the one the paper uses), and :func:`education_comparison` sets the education of
working-age kandas against that of the year's emigrants, as section 3.1 of the paper does.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts, countries, fmt
from .data import DataError, load
from .migration import period_label
from .policy import registered_total

__all__ = ["releases", "whole_years", "shares", "snapshot", "emigrant_education", "education_comparison", "EDUCATION", "AGE",
           "ORIGINS", "label", "origin_chart", "releases_chart", "releases_chart_data", "education_chart", "composition",
           "composition_chart",
           "snapshot_figures", "emigrant_figures"]

#: Education levels, highest first, with readable names (kandas and emigrants share the first three).
EDUCATION = {
    "higher": "higher",
    "vocational-secondary": "vocational secondary",
    "general-secondary": "general secondary",
    "basic-secondary": "basic secondary",
    "none": "none",
}
#: Age groups of the releases, with readable names.
AGE = {"under-working-age": "under working age", "working-age": "working age", "pension-age": "pension age"}

def label(code: str) -> str:
    """A readable name for an education level or age group code."""
    return EDUCATION.get(code) or AGE.get(code) or code


def _one_per_release(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per release (``keys``): copies of a release that give the same count are one
    observation; copies that disagree are an error the data must resolve."""
    frame = frame.drop_duplicates([*keys, "persons"])
    twice = frame[frame.duplicated(keys, keep=False)]
    if len(twice):
        raise DataError(f"resource 'kandas_counts': copies of one release disagree: {twice[[*keys, 'persons', 'copy_read']].to_dict('records')}")
    return frame.reset_index(drop=True)


def releases(first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Kandas counted since 1 January of each year, one row per release of the ministry (rows with
    status official: a count derived here or the paper's own is not a release; see :func:`whole_years`).

    Columns: ``year``, ``as_of`` (the count runs to the day before), ``persons``, ``months``
    (months of the year covered), ``whole_year`` (True when the count covers the full calendar
    year), ``cumulative`` (returnees since 1991 in the same release, rounded by the ministry;
    empty when not given), ``status``, ``source``, ``copy_read``.
    """
    counts = load("kandas_counts")
    counts = counts[counts.status == "official"]
    ytd = counts[(counts.period_start.dt.month == 1) & (counts.period_start.dt.day == 1)
                 & (counts.period_start.dt.year >= 1992)]
    ytd = _one_per_release(ytd, ["period_start", "as_of"])
    since_1991 = _one_per_release(counts[counts.period_start.dt.year == 1991], ["as_of"])
    out = pd.DataFrame({
        "year": ytd.period_start.dt.year.astype(int),
        "as_of": ytd.as_of,
        "persons": ytd.persons,
        "months": ((ytd.as_of.dt.year - ytd.period_start.dt.year) * 12
                   + ytd.as_of.dt.month - ytd.period_start.dt.month).astype(int),
        "status": ytd.status,
        "source": ytd.source,
        "copy_read": ytd.copy_read,
    })
    out["whole_year"] = out.months == 12
    out = out.merge(since_1991[["as_of", "persons"]].rename(columns={"persons": "cumulative"}),
                    on="as_of", how="left")
    if first_year is not None:
        out = out[out.year >= first_year]
    if last_year is not None:
        out = out[out.year <= last_year]
    return out.sort_values("as_of").reset_index(drop=True)


def whole_years(first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Kandas granted the status over whole calendar years: a release covering the whole year, or
    else a count derived here from two releases' cumulative counts (status derived, which are
    rounded by the ministry, so ``approximation`` is rounded). The paper's own figures are not
    included.

    Columns: ``year``, ``persons``, ``approximation``, ``status``, ``source``, ``copy_read``,
    ``locator`` (the release, or the computation and the releases it uses).
    """
    counts = load("kandas_counts")
    counts = counts[counts.status.isin(["official", "derived"]) & (counts.period_start.dt.year >= 1992)
                    & (counts.period_start.dt.month == 1) & (counts.period_start.dt.day == 1)
                    & (counts.as_of == counts.period_start + pd.DateOffset(years=1))]
    out = counts.assign(year=counts.period_start.dt.year.astype(int))
    out = out.sort_values(["year", "status"], key=lambda c: c.map({"official": 0, "derived": 1}) if c.name == "status" else c)
    out = out.drop_duplicates("year")  # a release of the whole year before a count derived from two
    if first_year is not None:
        out = out[out.year >= first_year]
    if last_year is not None:
        out = out[out.year <= last_year]
    return out[["year", "persons", "approximation", "status", "source", "copy_read", "locator"]].reset_index(drop=True)


def shares(breakdown: str, *, statuses=("official",)) -> pd.DataFrame:
    """The shares of one ``breakdown`` (origin, age or education) in every release.

    Columns: ``year``, ``as_of``, ``category``, ``base`` (all-kandas or working-age-kandas),
    ``percent``, ``status``, ``source``, ``copy_read``. ``statuses`` selects the kind of rows (the paper's own
    reading of a release has status stated-by-authors).
    """
    data = load("kandas_shares")
    known = sorted(data.breakdown.unique())
    if breakdown not in known:
        raise DataError(f"unknown kandas breakdown {breakdown!r}; the data hold {', '.join(known)}")
    data = data[(data.breakdown == breakdown) & data.status.isin(statuses)]
    data = data[(data.period_start.dt.month == 1) & (data.period_start.dt.day == 1)]
    return pd.DataFrame({
        "year": data.period_start.dt.year.astype(int), "as_of": data.as_of, "category": data.category,
        "base": data.base, "percent": data.percent, "status": data.status, "source": data.source,
        "copy_read": data.copy_read,
    }).sort_values(["as_of", "category"]).reset_index(drop=True)


def snapshot(as_of: str, breakdown: str, *, statuses=("official",)) -> pd.DataFrame:
    """The shares of ``breakdown`` in the release dated ``as_of`` (YYYY-MM-DD), with readable labels."""
    frame = shares(breakdown, statuses=statuses)
    frame = frame[frame.as_of == pd.Timestamp(as_of)]
    if frame.empty:
        dates = sorted(shares(breakdown, statuses=statuses).as_of.dt.strftime("%Y-%m-%d").unique())
        raise DataError(f"no {breakdown} shares as of {as_of}; releases with them: {', '.join(dates)}")
    order = list(EDUCATION if breakdown == "education" else AGE if breakdown == "age" else frame.category)
    frame = frame.assign(label=frame.category.map(label), _o=frame.category.map(order.index))
    return frame.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def emigrant_education() -> pd.DataFrame:
    """Emigrants from Kazakhstan by education in every period of the data, with each level's share.

    Columns: ``period`` (``2023``, or ``Jan–Jun 2022`` for part of a year), ``year``, ``months``,
    ``min_age`` (youngest age counted, NA when the source does not say), ``education``, ``label``, ``persons``, ``percent`` (of the period's emigrants with one of the four
    levels), ``status``, ``source``, ``copy_read``; whole years first, the latest first.
    """
    emi = load("emigrants_education")
    starts = [pd.Timestamp(year=y, month=1, day=1) for y in emi.year]
    ends = [pd.Timestamp(year=y, month=m, day=1) + pd.offsets.MonthEnd(0) for y, m in zip(emi.year, emi.months)]
    period = [period_label(a, b) for a, b in zip(starts, ends)]
    emi = emi.assign(period=period, label=emi.education.map(label))
    emi["percent"] = 100 * emi.persons / emi.groupby(["year", "months", "source"]).persons.transform("sum")
    order = list(EDUCATION)
    emi = emi.assign(_o=emi.education.map(order.index)).sort_values(["months", "year", "_o"], ascending=[False, False, True])
    return emi[["period", "year", "months", "min_age", "education", "label", "persons", "percent", "status", "source",
                "copy_read"]].reset_index(drop=True)


def education_comparison(as_of: str, year: int) -> pd.DataFrame:
    """Education of working-age kandas at ``as_of`` next to that of the emigrants of ``year``.

    Columns: ``group``, ``education``, ``label``, ``persons`` (emigrants only; the kandas
    releases give shares), ``percent`` (of the group's total with a stated level), ``base``
    (what the percentage is a share of), ``status``, ``source``, ``copy_read``. Levels are kept as the sources
    name them: the kandas releases have "none" where the emigrant figures have "basic secondary".
    """
    kandas = snapshot(as_of, "education")
    every = emigrant_education()
    emigrants = every[every.year == year]
    if emigrants.period.nunique() != 1:
        found = ", ".join(dict.fromkeys(every.period))
        raise DataError(f"no single period of emigrants by education in {year}; the data hold {found}")
    date = pd.Timestamp(as_of)
    rows = [{"group": f"working-age kandas, {date.day} {date:%B %Y}", "education": r.category,
             "persons": pd.NA, "percent": r.percent, "base": "working-age kandas granted the status since 1 January",
             "status": r.status, "source": r.source, "copy_read": r.copy_read} for r in kandas.itertuples()]
    rows += [{"group": f"emigrants, {r.period}", "education": r.education, "persons": r.persons,
              "percent": r.percent, "base": "emigrants with one of the four levels stated",
              "status": r.status, "source": r.source, "copy_read": r.copy_read} for r in emigrants.itertuples()]
    out = pd.DataFrame(rows)
    out["label"] = out.education.map(label)
    out["persons"] = out.persons.astype("Int64")
    order = list(EDUCATION)
    return (out.assign(_o=out.education.map(order.index)).sort_values(["group", "_o"], ascending=[False, True])
            .drop(columns="_o").reset_index(drop=True)[["group", "education", "label", "persons", "percent",
                                                        "base", "status", "source", "copy_read"]])


#: The countries of origin in the order of the legend, and the colour of the rest (each
#: country's own colour comes from the gazetteer).
ORIGINS = ("CHN", "UZB", "TKM", "RUS", "MNG")
OTHER, OTHER_COLOUR = "other", "#DDDDDD"


@charts.draws
def origin_chart(origins: pd.DataFrame, names: dict[str, str]):
    """Shares of kandas by country of origin in each release, as stacked bars (one per release)."""
    colours = {**countries.colours(), OTHER: OTHER_COLOUR}
    codes = [c for c in (*ORIGINS, OTHER) if c in set(origins["category"])]
    frame = pd.DataFrame({"origin": origins["category"].map(lambda c: names.get(c, c)),
                          "release": origins["as_of"].dt.strftime("%Y-%m-%d"), "percent": origins["percent"]})
    domain = [names.get(c, c) for c in codes]
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("release:O", title="Release (as of)", axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("percent:Q", title="Share of kandas since 1 January (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("origin:N", title="Came from", sort=domain,
                        scale=alt.Scale(domain=domain, range=[colours[c] for c in codes])),
        order=alt.Order("order:Q"),
        tooltip=["release", "origin", alt.Tooltip("percent:Q", format=".1f")],
    ).transform_calculate(order=f"indexof({domain!r}, datum.origin)").properties(width=520, description=(
        "Origin shares by release: " + "; ".join(
            f"{d:%Y-%m-%d} " + ", ".join(f"{names.get(c, c)} {fmt.pct(p)}" for c, p in zip(g.category, g.percent))
            for d, g in origins.groupby("as_of")) + "."))


#: How a whole year's count derived from two releases is named in charts.
DERIVED_YEAR = "whole year, derived from two releases"


def releases_chart_data(counts: pd.DataFrame, whole: pd.DataFrame | None = None) -> pd.DataFrame:
    """What :func:`releases_chart` draws: the releases (:func:`releases`) and the whole years'
    counts derived from two releases (from :func:`whole_years`), at twelve months; ``kind`` says
    which is which."""
    frame = pd.DataFrame({"year": counts["year"].astype(str), "release": counts["as_of"].dt.strftime("%Y-%m-%d"),
                          "months": counts["months"], "persons": counts["persons"], "kind": "release",
                          "status": counts["status"], "source": counts["source"], "copy_read": counts["copy_read"]})
    if whole is not None:
        derived = whole[whole["status"] == "derived"]
        frame = pd.concat([frame, pd.DataFrame({
            "year": derived["year"].astype(str), "release": DERIVED_YEAR, "months": 12, "persons": derived["persons"],
            "kind": DERIVED_YEAR, "status": derived["status"], "source": derived["source"],
            "copy_read": derived["copy_read"]})], ignore_index=True)
    return frame


@charts.draws
def releases_chart(frame: pd.DataFrame):
    """Kandas counted since 1 January against the months elapsed (a :func:`releases_chart_data`
    frame): one line per year through its releases; a whole year's count derived from two
    releases is a hollow circle at twelve months, outside the line."""
    base = alt.Chart(frame).encode(
        x=alt.X("months:Q", title="Months of the year covered", scale=alt.Scale(domain=[0, 12]),
                axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("persons:Q", title="Kandas since 1 January (persons)"),
        color=alt.Color("year:N", title="Year", scale=alt.Scale(range=["#999999", "#56B4E9", "#E69F00", "#0072B2"])),
        tooltip=["year", "release", alt.Tooltip("persons:Q", format=","), "status", "source"],
    )
    released = base.transform_filter(alt.datum.kind == "release").mark_line(
        point=alt.OverlayMarkDef(size=50, filled=True))
    derived = base.transform_filter(alt.datum.kind != "release").mark_point(size=80, filled=False, strokeWidth=2).encode(
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=[DERIVED_YEAR], range=["circle"]),
                        legend=alt.Legend(labelLimit=400)))
    return alt.layer(released, derived).properties(description=_releases_description(frame))


def _releases_description(frame: pd.DataFrame) -> str:
    """The releases chart in words: each release's count, then each whole year derived from two."""
    releases = frame[frame["kind"] == "release"]
    derived = frame[frame["kind"] != "release"]
    return ("Counts since 1 January by release: "
            + "; ".join(f"{r.release} {fmt.count(r.persons)}" for r in releases.itertuples()) + ". "
            + "".join(f"Whole year {r.year}, derived from two releases: {fmt.count(r.persons)}. "
                      for r in derived.itertuples())).strip()


@charts.draws
def education_chart(comparison: pd.DataFrame):
    """Education shares of working-age kandas and of emigrants, side by side per level."""
    description = "; ".join(f"{r.group}: {r.label} {fmt.pct(r.percent)}" for r in comparison.itertuples()) + "."
    levels = [label(c) for c in EDUCATION]
    groups = list(dict.fromkeys(comparison["group"]))
    comparison = comparison[["group", "label", "percent", "persons", "base"]]
    return alt.Chart(comparison).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=levels),
        yOffset=alt.YOffset("group:N", sort=groups),
        x=alt.X("percent:Q", title="Share of the group (%)"),
        color=alt.Color("group:N", title=None, sort=groups, scale=alt.Scale(range=["#009E73", "#D55E00"]),
                        legend=alt.Legend(labelLimit=400)),
        tooltip=["group", alt.Tooltip("label:N", title="education"), alt.Tooltip("percent:Q", format=".1f"),
                 alt.Tooltip("persons:Q", format=","), "base"],
    ).properties(width=440, description=description)


def composition(as_of: str) -> pd.DataFrame:
    """Age groups (of all kandas) and education (of the working-age) in the release ``as_of``, stacked."""
    return pd.concat([
        snapshot(as_of, "age").assign(breakdown="age group (all kandas)"),
        snapshot(as_of, "education").assign(breakdown="education (working-age kandas)"),
    ], ignore_index=True)


@charts.draws
def composition_chart(frame: pd.DataFrame):
    """Bars of :func:`composition`, one panel per breakdown."""
    frame = frame[["breakdown", "label", "percent", "base"]]
    description = "; ".join(f"{r.breakdown}: {r.label} {fmt.pct(r.percent)}" for r in frame.itertuples()) + "."
    panels = list(dict.fromkeys(frame["breakdown"]))
    return alt.Chart(frame).mark_bar(color="#009E73").encode(
        x=alt.X("percent:Q", title="Share (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", title=None, sort=None),
        row=alt.Row("breakdown:N", title=None, sort=panels,
                    header=alt.Header(labelOrient="top", labelAnchor="start", labelAngle=0, labelFontSize=12,
                                      labelFontWeight="bold")),
        tooltip=["breakdown", "label", alt.Tooltip("percent:Q", format=".1f"), "base"],
    ).resolve_scale(y="independent").properties(width=400, description=description)


def snapshot_figures(as_of: str) -> dict[str, float]:
    """The numbers section 3.1 of the paper quotes from one release, recomputed.

    ``count`` (kandas since 1 January), the age shares ``working``, ``minors``, ``pension``
    (percent of all), the education shares ``higher_wa`` and ``general_wa`` (percent of the
    working-age), ``higher_all`` (the working-age with a higher education as a percent of all
    kandas: higher_wa × working / 100) and ``paper_higher`` (the share the paper prints, NaN if
    it gives none for this release).
    """
    date = pd.Timestamp(as_of)
    rel = releases()
    count = rel.loc[rel.as_of == date, "persons"]
    age = snapshot(as_of, "age").set_index("category").percent
    edu = snapshot(as_of, "education").set_index("category").percent
    paper = shares("education", statuses=("stated-by-authors",))
    paper = paper[(paper.as_of == date) & (paper.category == "higher")].percent
    return {
        "count": float(count.iloc[0]) if len(count) else float("nan"),
        "working": float(age["working-age"]), "minors": float(age["under-working-age"]),
        "pension": float(age["pension-age"]),
        "higher_wa": float(edu["higher"]), "general_wa": float(edu["general-secondary"]),
        "higher_all": float(edu["higher"] * age["working-age"] / 100),
        "paper_higher": float(paper.iloc[0]) if len(paper) else float("nan"),
    }


def emigrant_figures(as_of: str, year: int) -> dict[str, float]:
    """The education comparison of section 3.1 in numbers (see :func:`education_comparison`).

    Counts: ``higher_n``, ``vocational_n``, ``stated`` (emigrants with one of the four levels),
    ``registered`` (all registered departures of the same months, NaN if unknown). Percentages:
    ``higher`` and ``higher_vocational`` (of ``stated``), ``kandas_higher_vocational`` (of the
    working-age kandas), ``coverage`` (stated / registered) and ``higher_vocational_all``
    (higher + vocational emigrants / registered).
    """
    comp = education_comparison(as_of, year)
    emi = comp[comp.group.str.startswith("emigrants")].set_index("education")
    kan = comp[comp.group.str.startswith("working-age")].set_index("education")
    both = ["higher", "vocational-secondary"]
    stated = float(emi.persons.sum())
    every = emigrant_education()
    months = int(every.loc[every.year == year, "months"].iloc[0])  # one period: education_comparison checked
    total = registered_total(year, "emigration", months)
    total = float(total) if total else float("nan")
    return {
        "higher_n": float(emi.persons["higher"]), "vocational_n": float(emi.persons["vocational-secondary"]),
        "stated": stated, "registered": total,
        "higher": float(emi.percent["higher"]), "higher_vocational": float(emi.percent[both].sum()),
        "kandas_higher_vocational": float(kan.percent[both].sum()),
        "coverage": 100 * stated / total, "higher_vocational_all": 100 * float(emi.persons[both].sum()) / total,
    }
