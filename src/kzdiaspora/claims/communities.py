"""Check functions on the size of the Kazakh communities of the four countries, from counts that
do not come from the article: official counts and censuses, and the estimates of embassies,
ministries and community leaders (``ethnic_composition``)."""

from __future__ import annotations

import pandas as pd

from .. import countries, demography, fmt, i18n
from ..i18n import gettext as _
from .findings import Finding, NotCheckable, check
from .lookups import not_paper


def _country(iso3: str, name: str) -> str:
    """A country's name as the data give it, or in the page's language when it is not English."""
    return name if i18n.language() == i18n.LANGUAGES[0] else countries.names(i18n.language()).get(iso3, name)


def independent_counts(since: int) -> pd.DataFrame:
    """Every count of the Kazakhs of the four countries since ``since`` that does not come from the
    article, each as the range it stands for: a lower bound up to the next unit of its last digit
    (:func:`kzdiaspora.demography.count_range`), a census share applied to the World Bank total of
    the census year with the share's rounding (latest World Bank release).

    Columns: ``iso3``, ``country``, ``when``, ``low``, ``high``, ``what`` (the count in words),
    ``official`` (a census or a statistics office's count, not an estimate), ``source``."""
    eth = not_paper(demography.ethnic_composition())
    eth = eth[
        (eth["group"] == "kazakhs")
        & (eth["year"] >= since)
        & eth["iso3"].isin(list(countries.hosts()))
        & (eth["status"] != "inferred")
    ]
    vintage = demography.vintages()[-1]
    rows = []
    for r in eth.itertuples():
        when = fmt.when(r.year, r.date_precision)
        if r.measure == "persons":
            low, high = demography.count_range(r.persons, r.approximation)
            what = _("{count} ({when})").format(count=fmt.approx(r.persons, r.approximation), when=when)
        elif r.measure == "percent-of-total" and r.status == "census":
            total = demography.total_population(vintage, r.iso3, r.year)["population"]
            slack = demography.rounding_margin(r.percent, r.approximation)
            low, high = (r.percent - slack) / 100 * total, (r.percent + slack) / 100 * total
            what = _("{share} of {total} ({when} census)").format(
                share=fmt.pct(r.percent, fmt.decimals(r.percent)), total=fmt.count(total), when=when
            )
        else:
            continue
        official = r.status in ("census", "official")
        rows.append(
            {
                "iso3": r.iso3,
                "country": _country(r.iso3, r.country),
                "when": when,
                "low": low,
                "high": high,
                "what": what,
            }
            | {"official": official, "source": r.source}
        )
    if not rows:
        raise NotCheckable(
            _("No count of the Kazakhs of the four countries since {since} outside the article.").format(since=since)
        )
    return pd.DataFrame(rows)


def _ranges(since: int) -> tuple[pd.DataFrame, str, tuple[str, ...]]:
    """Each country's range over its independent counts since ``since`` (its censuses and official
    counts when it has any, its estimates otherwise), the counts in words, and their sources."""
    counts = independent_counts(since)
    has_official = counts.groupby("iso3")["official"].transform("any")
    counts = counts[counts["official"] | ~has_official]
    missing = set(countries.hosts()) - set(counts["iso3"])
    if missing:
        raise NotCheckable(
            _("No count since {since} outside the article for {countries}.").format(
                since=since, countries=", ".join(sorted(missing))
            )
        )
    ranges = counts.groupby("iso3").agg(country=("country", "first"), low=("low", "min"), high=("high", "max"))
    ranges = ranges.loc[list(countries.hosts())]
    words = "; ".join(f"{c}: {', '.join(g['what'])}" for c, g in counts.groupby("country", sort=False))
    return ranges, words, tuple(dict.fromkeys(counts["source"]))


def _spread(r) -> str:
    return fmt.count(r.low) if round(r.low) == round(r.high) else f"{fmt.count(r.low)}–{fmt.count(r.high)}"


@check
def region_counts(since: int) -> Finding:
    """The Kazakhs of the four countries together, as the range the counts since ``since`` from
    sources other than the article allow (each country from its smallest to its largest count; its
    censuses and official counts when it has any). The counts are of different years, so the
    total of any one year is left open within that range (``bounds``): a verdict is given only
    when the whole range decides it."""
    ranges, words, sources = _ranges(since)
    low, high = float(ranges["low"].sum()), float(ranges["high"].sum())
    return Finding(
        (low, high),
        "persons",
        _("{counts} (counts of {since} or later)").format(counts=words, since=since),
        sources,
        bounds=(low, high),
        values={"low": fmt.count(low), "high": fmt.count(high)},
    )


@check
def region_share_range(iso3: str, since: int) -> Finding:
    """One country's share of the four countries' Kazakhs, as the range the counts since ``since``
    from sources other than the article allow."""
    ranges, words, sources = _ranges(since)
    mine, others = ranges.loc[iso3], ranges.drop(index=iso3)
    low = 100 * mine["low"] / (mine["low"] + others["high"].sum())
    high = 100 * mine["high"] / (mine["high"] + others["low"].sum())
    said = _("{counts} (counts of {since} or later)").format(counts=words, since=since)
    return Finding((float(low), float(high)), "percent", said, sources)


@check
def community_place(iso3: str, since: int) -> Finding:
    """The place of a country among the four by the size of its Kazakh community (1 = largest),
    from the counts since ``since`` that do not come from the article: a range when its counts and
    another country's overlap."""
    ranges, words, sources = _ranges(since)
    mine, others = ranges.loc[iso3], ranges.drop(index=iso3)
    best = 1 + int((others["low"] > mine["high"]).sum())
    worst = 1 + int((others["high"] >= mine["low"]).sum())
    ordered = ranges.sort_values("high", ascending=False)
    order = ", ".join(f"{r.country} {_spread(r)}" for r in ordered.itertuples())
    margins = {
        "next_below": fmt.count(others.loc[others["high"] < mine["low"], "high"].max()),
        "lowest": fmt.count(mine["low"]),
    }
    return Finding(
        float(best),
        "rank",
        _("by size, {order} ({counts})").format(order=order, counts=words),
        sources,
        bounds=None if best == worst else (float(best), float(worst)),
        values=margins,
    )


@check
def census_share(iso3: str, year: int, quantity: str = "share") -> Finding:
    """The Kazakhs of a census as a percentage of the population (``share``) or of the population
    other than the titular group (``ratio``), from the census's own rounded shares: a range over
    their rounding."""
    eth = not_paper(demography.ethnic_composition())
    eth = eth[(eth["iso3"] == iso3) & (eth["year"] == year) & (eth["measure"] == "percent-of-total")]
    eth = eth[eth["status"] == "census"].set_index("group")
    if "kazakhs" not in eth.index or (quantity == "ratio" and "titular" not in eth.index):
        raise NotCheckable(_("No census shares for {country} in {year} in the data.").format(country=iso3, year=year))
    kaz = eth.loc["kazakhs"]
    k, dk = float(kaz["percent"]), demography.rounding_margin(kaz["percent"], kaz["approximation"])
    said = _("census of {year}: Kazakhs {share} of the population").format(year=year, share=fmt.pct(k, fmt.decimals(k)))
    if quantity == "share":
        return Finding((k - dk, k + dk), "percent", said, (kaz["source"],))
    tit = eth.loc["titular"]
    t, dt = float(tit["percent"]), demography.rounding_margin(tit["percent"], tit["approximation"])
    value = ((k - dk) / (100 - t + dt) * 100, (k + dk) / (100 - t - dt) * 100)
    return Finding(
        value,
        "percent",
        _("{census}, the titular group {share}").format(census=said, share=fmt.pct(t, fmt.decimals(t))),
        tuple(dict.fromkeys([kaz["source"], tit["source"]])),
    )


@check
def count_ratio(iso3: str, year: int) -> Finding:
    """The Kazakhs as a percentage of the population other than the titular group, from the
    official counts of one ``year`` (Kazakhs, titular group, total), as the range the rounding of
    the counts allows (:func:`kzdiaspora.demography.rounding_margin`)."""
    eth = not_paper(demography.ethnic_composition())
    eth = eth[(eth["iso3"] == iso3) & (eth["year"] == year) & (eth["measure"] == "persons")]
    eth = eth[eth["status"].isin(["official", "census"])].drop_duplicates("group").set_index("group")
    if not {"kazakhs", "titular", "total"} <= set(eth.index):
        raise NotCheckable(
            _("No official counts of the Kazakhs, the titular group and the total of {country} in {year}.").format(
                country=iso3, year=year
            )
        )
    k, t, n = (float(eth.loc[g, "persons"]) for g in ("kazakhs", "titular", "total"))
    dk, dt, dn = (
        demography.rounding_margin(eth.loc[g, "persons"], eth.loc[g, "approximation"])
        for g in ("kazakhs", "titular", "total")
    )
    low, high = 100 * (k - dk) / (n + dn - t + dt), 100 * (k + dk) / (n - dn - t - dt)
    return Finding(
        (low, high),
        "percent",
        _(
            "{kazakhs} Kazakhs of {people} people, {titular} of the titular group ({year}): {ratio}, between {low} "
            "and {high} with the rounding of the counts"
        ).format(
            kazakhs=fmt.count(k),
            people=fmt.count(n),
            titular=fmt.count(t),
            year=year,
            ratio=fmt.pct(100 * k / (n - t)),
            low=fmt.pct(low),
            high=fmt.pct(high),
        ),
        tuple(dict.fromkeys(eth.loc[["kazakhs", "titular", "total"], "source"])),
        values={"ratio_low": fmt.pct(low), "ratio_high": fmt.pct(high), "ratio": fmt.pct(100 * k / (n - t))},
    )


@check
def census_peak(iso3: str, first: int, last: int) -> Finding:
    """The largest census count of the Kazakhs of ``iso3`` taken from ``first`` to ``last``
    (a decade: the census at each end bounds the years between)."""
    counts = demography.kazakh_counts(iso3)
    counts = counts[(counts["status"] == "census") & counts["year"].between(first, last)]
    if counts.empty:
        raise NotCheckable(
            _("No census of {country} between {first} and {last} in the data.").format(
                country=iso3, first=first, last=last
            )
        )
    listed = ", ".join(f"{r.year} {fmt.count(r.persons)}" for r in counts.itertuples())
    peak = counts.loc[counts["persons"].idxmax()]
    return Finding(
        float(peak["persons"]),
        "persons",
        _("censuses of {first}–{last}: {listed}").format(first=first, last=last, listed=listed),
        tuple(dict.fromkeys(counts["source"])),
        values={"censuses": listed},
    )


@check
def community_change(iso3: str, first: int, last: int) -> Finding:
    """The change of the Kazakh community of ``iso3`` between its official or census counts of
    ``first`` and ``last``, in per cent of the first."""
    counts = not_paper(demography.kazakh_counts(iso3))
    counts = counts[counts["status"].isin(["census", "official"])].set_index("year")
    if first not in counts.index or last not in counts.index:
        raise NotCheckable(
            _("No official counts of {first} and {last} for {country} in the data.").format(
                first=first, last=last, country=iso3
            )
        )
    a, b = counts.loc[[first]].iloc[0], counts.loc[[last]].iloc[0]
    return Finding(
        100 * (b["persons"] - a["persons"]) / a["persons"],
        "percent",
        f"{first}: {fmt.count(a['persons'])}; {last}: {fmt.count(b['persons'])}",
        tuple(dict.fromkeys([a["source"], b["source"]])),
    )
