"""Population counts of the data package: total populations (two World Bank releases and the UN's
World Population Prospects 2024) and the ethnic composition of each country (counts and shares of
Kazakhs, the titular group and the whole population).

All counts come from the data package (``population``, ``ethnic_composition``); nothing here
holds a value of its own.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import bibliography, countries, fmt
from ..data import DataError, load
from ..i18n import _

#: How the vintages of the World Bank's releases begin (``wdi-2024-12``); the others are the UN's.
WORLD_BANK = "wdi-"


def vintages() -> list[str]:
    """The World Bank releases (vintages) the population table holds, oldest first."""
    return sorted(v for v in load("population")["vintage"].unique() if v.startswith(WORLD_BANK))


def release_label(vintage: str) -> str:
    """A vintage of the totals as a page names it (:func:`fmt.release`): ``World Bank data as of
    December 2024`` or ``UN World Population Prospects 2024``."""
    return fmt.release(vintage)


def _check_vintage(pop: pd.DataFrame, vintage: str) -> None:
    known = sorted(pop["vintage"].unique())
    if vintage not in known:
        raise DataError(f"unknown World Bank vintage {vintage!r}; the data hold {', '.join(known)}")


def population(vintage: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Total population of the five countries in one vintage (a World Bank release or the UN's
    World Population Prospects 2024, ``wpp-2024``), with country names."""
    pop = load("population")
    _check_vintage(pop, vintage)
    pop = pop[pop["vintage"] == vintage]
    if years:
        pop = pop[pop["year"].between(*years)]
    pop = pop.assign(country=pop["iso3"].map(countries.names()))
    return pop[["iso3", "country", "year", "population", "vintage", "source", "copy_read", "status"]].reset_index(
        drop=True
    )


def total_population(vintage: str, iso3: str, year: int) -> pd.Series:
    """The total of ``iso3`` for ``year`` in ``vintage``, or for the latest earlier year the vintage holds.

    Returns the population row (``year`` says which year was used). Raises :class:`DataError`
    when the vintage has no year at or before ``year``.
    """
    pop = population(vintage)
    rows = pop[(pop["iso3"] == iso3) & (pop["year"] <= year)]
    if rows.empty:
        raise DataError(f"World Bank vintage {vintage!r} has no population of {iso3} for {year} or earlier")
    return rows.sort_values("year").iloc[-1]


def ethnic_composition() -> pd.DataFrame:
    """Every count and share of ``ethnic_composition``, with country names."""
    eth = load("ethnic_composition")
    return eth.assign(country=eth["iso3"].map(countries.names()))


def kazakh_counts(iso3: str | None = None) -> pd.DataFrame:
    """Every count of Kazakhs (persons) in the data, one country or all, oldest first."""
    eth = ethnic_composition()
    rows = eth[(eth["group"] == "kazakhs") & (eth["measure"] == "persons")]
    if iso3:
        rows = rows[rows["iso3"] == iso3]
    rows = rows.assign(when=[fmt.when(y, p) for y, p in zip(rows["year"], rows["date_precision"])])
    cols = [
        "iso3",
        "country",
        "year",
        "when",
        "date_precision",
        "persons",
        "approximation",
        "table1",
        "source",
        "copy_read",
        "locator",
        "status",
    ]
    return rows.sort_values(["iso3", "year", "persons"])[cols].reset_index(drop=True)


def titular_shares(iso3: str | None = None, since: int | None = None) -> pd.DataFrame:
    """Every share of the titular group in the data (per cent of the total population).

    A share is taken as published, or computed from a titular count and a total of the same
    source and year (status ``derived``).
    """
    eth = ethnic_composition()
    tit = eth[eth["group"] == "titular"]
    published = tit[tit["measure"] == "percent-of-total"].assign(basis=_("published"))
    counts = tit[tit["measure"] == "persons"]
    totals = eth[(eth["group"] == "total") & (eth["measure"] == "persons")]
    both = counts.merge(
        totals[["iso3", "year", "source", "copy_read", "persons"]],
        on=["iso3", "year", "source"],
        suffixes=("", "_total"),
    )
    both = both[
        ~both.set_index(["iso3", "year", "source"]).index.isin(published.set_index(["iso3", "year", "source"]).index)
    ]
    derived = both.assign(
        percent=100 * both["persons"] / both["persons_total"],
        status="derived",
        basis=_("titular count ÷ total of the same source"),
        copy_read=[bibliography.joined(a, b) for a, b in zip(both["copy_read"], both["copy_read_total"])],
    )
    shares = pd.concat([published, derived], ignore_index=True)
    if iso3:
        shares = shares[shares["iso3"] == iso3]
    if since is not None:
        shares = shares[shares["year"] >= since]
    shares = shares.assign(percent=shares["percent"].astype(float))
    return shares.sort_values(["iso3", "year"])[
        ["iso3", "year", "date_precision", "percent", "basis", "source", "copy_read", "status"]
    ].reset_index(drop=True)


def titular_share(iso3: str, year: int) -> pd.Series | None:
    """The titular share closest to ``year``: the latest at or before it, else the earliest after.

    None when the data hold no titular share for the country (Turkmenistan).
    """
    shares = titular_shares(iso3)
    if shares.empty:
        return None
    before = shares[shares["year"] <= year]
    return before.iloc[-1] if not before.empty else shares.iloc[0]


def kazakhstan_kazakhs() -> pd.Series:
    """Kazakhstan's own Kazakhs: the latest official count (persons), with the share of the total
    population published for the same date (``percent``, missing if none)."""
    eth = ethnic_composition()
    kaz = eth[(eth["iso3"] == "KAZ") & (eth["group"] == "kazakhs") & (eth["status"] == "official")]
    count = kaz[kaz["measure"] == "persons"].sort_values("year").iloc[-1].copy()
    share = kaz[(kaz["measure"] == "percent-of-total") & (kaz["reference_date"] == count["reference_date"])]
    count["percent"] = float(share["percent"].iloc[0]) if len(share) else math.nan
    return count


def common_year(year: int) -> int:
    """The latest year at or before ``year`` that every World Bank vintage in the data covers."""
    pop = load("population")
    last = min(int(pop[pop["vintage"] == v]["year"].max()) for v in vintages())
    return min(year, last)


def vintage_revision(iso3: str, year: int) -> float:
    """How far the later World Bank vintage moved a country's population for ``year``
    (later minus earlier, persons)."""
    old, new = vintages()[0], vintages()[-1]
    return float(total_population(new, iso3, year)["population"]) - float(
        total_population(old, iso3, year)["population"]
    )
