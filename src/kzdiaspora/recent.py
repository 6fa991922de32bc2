"""After the article: what the figures published since its data end say about its reading.

The article's registered migration ends with 2023 and its returnees with the ministry's release of
1 July 2024 (:data:`SINCE`, :data:`SNAPSHOT`). The figures published since are kept apart from the
reconstruction of the article: they test whether its reading still holds (is the positive balance
of 2023 holding, where do the returnees now come from), not what it said.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts, countries, fmt, kandas, migration
from .i18n import N_, _, ngettext
from .policy import registered_record

#: The origin of kandas that a release does not name separately.
OTHER = N_("other countries")

#: The first year after the article's registered migration figures.
SINCE = 2024
#: The ministry's release of kandas that the article reads.
SNAPSHOT = pd.Timestamp("2024-07-01")


def balances() -> pd.DataFrame:
    """Kazakhstan's registered balance of the article's last year and after: the whole years and
    the parts of the latest year (a frame of :func:`kzdiaspora.policy.registered_record`)."""
    record = registered_record()
    record = record[record.year >= SINCE - 1]
    latest = record.year.max()
    return record[record.whole_year | (record.year == latest)].reset_index(drop=True)


def _positive_run(record: pd.DataFrame) -> list[int]:
    """The latest whole years, in a row, whose every release gives a positive balance."""
    whole = record[record.whole_year].groupby("year")["net"].min().sort_index()
    run = []
    for year, low in whole[::-1].items():
        if low <= 0 or (run and year != run[-1] - 1):
            break
        run.append(int(year))
    return sorted(run)


def _before(record: pd.DataFrame, first: int) -> str:
    """The whole years found before ``first`` back to the previous positive one, as a phrase:
    ``negative in each of the 8 whole years found in 2012–2022``."""
    whole = record[record.whole_year & (record.year < first)].groupby("year")["net"].max().sort_index()
    negative = []
    for year, high in whole[::-1].items():
        if high >= 0:
            break
        negative.append(int(year))
    if not negative:
        return _("not negative in the whole year found before")
    return ngettext(
        "negative in each of the {n} whole year found in {first}–{last}",
        "negative in each of the {n} whole years found in {first}–{last}",
        len(negative),
    ).format(n=len(negative), first=min(negative), last=max(negative))


def balance_findings() -> dict[str, str]:
    """Phrases for a page: ``positive_run`` (the years in a row with a positive balance),
    ``before_run`` (how the whole years before it went), ``latest_year``, ``latest_balance``,
    ``latest_arrivals``, ``latest_departures`` (the latest whole year, as published),
    ``latest_parts`` (the parts of that year released, each over its months), ``first_after`` (the
    balances of :data:`SINCE`, each release's)."""
    record = registered_record()
    run = _positive_run(record)
    whole = record[record.whole_year]
    latest = whole[whole.year == whole.year.max()].iloc[-1]
    first = whole[whole.year == SINCE]
    parts = record[~record.whole_year & (record.year == latest.year)]
    return {
        "positive_run": fmt.words(map(str, run)) if run else _("no year"),
        "before_run": _before(record, run[0]) if run else "",
        "latest_year": str(int(latest.year)),
        "latest_balance": fmt.signed(latest.net),
        "latest_arrivals": fmt.count(latest.immigration),
        "latest_departures": fmt.count(latest.emigration),
        "latest_parts": fmt.words(f"{r.period} {fmt.signed(r.net)}" for r in parts.itertuples()) or _("none"),
        "first_after": _(" or ").join(fmt.signed(v) for v in first.net) or _("not found"),
    }


def kandas_origins(first_year: int = 2021) -> pd.DataFrame:
    """Where the year's kandas came from, in the last release of each year from ``first_year``
    (share of those granted the status since 1 January), with the months the release covers.
    Columns: ``year``, ``as_of``, ``months``, ``category``, ``origin``, ``percent``, ``source``,
    ``copy_read``."""
    shares = kandas.shares("origin")
    shares = shares[shares.year >= first_year]
    last = shares[shares.as_of == shares.groupby("year").as_of.transform("max")]
    names = {**countries.names(), "other": _(OTHER)}
    months = (last.as_of.dt.year - last.year) * 12 + last.as_of.dt.month - 1
    return last.assign(origin=last.category.map(names), months=months)[
        ["year", "as_of", "months", "category", "origin", "percent", "source", "copy_read"]
    ].reset_index(drop=True)


def kandas_findings() -> dict[str, str]:
    """Phrases for a page about the kandas after the article: ``whole_years`` (the years with a
    count for the whole year), ``latest_year``, ``latest_count``, ``latest_origins`` (the main
    origins in the latest whole year), ``snapshot_origins`` (the same in the article's release)."""
    whole = kandas.whole_years()
    latest = whole.iloc[-1]
    origins = kandas.shares("origin")

    def main(release: pd.DataFrame) -> str:
        top = release.sort_values("percent", ascending=False).head(2)
        return fmt.words(f"{countries.names().get(c, c)} {fmt.pct(p)}" for c, p in zip(top.category, top.percent))

    year_end = pd.Timestamp(year=int(latest.year) + 1, month=1, day=1)
    return {
        "whole_years": fmt.words(
            f"{int(r.year)}: {fmt.count(r.persons)}"
            if r.status == "official"
            else _("{year}: about {count} (derived here from two releases)").format(
                year=int(r.year), count=fmt.count(round(r.persons, -2))
            )
            for r in whole.itertuples()
        ),
        "latest_year": str(int(latest.year)),
        "latest_count": fmt.count(latest.persons),
        "latest_origins": main(origins[origins.as_of == year_end]),
        "snapshot_origins": main(origins[origins.as_of == SNAPSHOT]),
    }


def flows(iso3: str) -> pd.DataFrame:
    """Every registered move between Kazakhstan and ``iso3`` published for :data:`SINCE` and later,
    from either end (a frame of :func:`kzdiaspora.migration.registered_flows`)."""
    f = migration.registered_flows(iso3)
    return f[f.period_start.dt.year >= SINCE].reset_index(drop=True)


@charts.draws
def origins_chart(origins: pd.DataFrame):
    """The share of each origin among the year's kandas, in the last release of each year (a frame
    of :func:`kandas_origins`): one line per origin."""
    labels = {
        r.year: ngettext("{year} ({n} month)", "{year} ({n} months)", r.months).format(year=r.year, n=r.months)
        for r in origins.drop_duplicates("year").itertuples()
    }
    data = origins.assign(release=origins.year.map(labels))[["year", "release", "origin", "percent"]]
    colours = {countries.names()[c]: colour for c, colour in countries.colours().items()}
    colours[_(OTHER)] = charts.NEUTRALS[4]
    shown = [o for o in data.sort_values("percent", ascending=False).origin.unique()]
    description = _(
        "Line chart of the kandas' countries of origin, share in the last release of each year: {values}."
    ).format(
        values="; ".join(
            f"{o}: " + ", ".join(f"{r.year} {fmt.pct(r.percent)}" for r in g.itertuples())
            for o, g in data.groupby("origin", sort=False)
        )
    )
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=_("Year (last release of the year)"), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("percent:Q", title=_("Share of the year's kandas, %")),
            color=alt.Color(
                "origin:N",
                title=None,
                sort=shown,
                scale=alt.Scale(domain=shown, range=[colours[o] for o in shown]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("release:N", title=_("Release")),
                alt.Tooltip("origin:N", title=_("From")),
                alt.Tooltip("percent:Q", title=_("Share, %")),
            ],
        )
        .properties(height=260, description=description)
    )


def kandas_share_of(iso3: str) -> dict[str, str] | None:
    """The share of ``iso3`` among the kandas in the article's release (:data:`SNAPSHOT`) and in the
    latest whole year released: ``snapshot``, ``latest``, ``latest_year`` (phrases); None when the
    releases do not list the country separately."""
    origins = kandas.shares("origin")
    own = origins[origins.category == iso3]
    whole = own[own.as_of == pd.to_datetime(own.year.astype(str) + "-12-31") + pd.Timedelta(days=1)]
    at_snapshot = own[own.as_of == SNAPSHOT]
    if whole.empty or at_snapshot.empty:
        return None
    latest = whole.iloc[-1]
    return {
        "snapshot": fmt.pct(at_snapshot.percent.iloc[0]),
        "latest": fmt.pct(latest.percent),
        "latest_year": str(int(latest.year)),
    }
