"""Kazakhstan's net migration, two measures kept apart: the UN's model estimate
(:func:`wpp_net_migration`) and the balance registered by the statistics bureau
(:func:`registered_balance`)."""

from __future__ import annotations

import pandas as pd

from .. import bibliography
from ..data import DataError, load
from ..i18n import N_, _
from ..migration import period_label

#: The two measures of net migration, by the name a chapter's parameter uses.
SERIES = {
    "wpp": N_("UN World Population Prospects 2024 (model estimate)"),
    "registered": N_("Registered by the statistics bureau (arrivals minus departures)"),
}


#: How a registered balance was obtained (the ``basis`` of :func:`registered_record`), in words.
BASES = {
    "published balance": N_("published balance"),
    "arrivals minus departures": N_("arrivals minus departures"),
    "arrivals minus departures, two releases": N_("arrivals minus departures, two releases"),
}


def basis_word(basis: str) -> str:
    """A ``basis`` of :func:`registered_record` in the page's language (itself when unknown)."""
    return _(BASES[basis]) if basis in BASES else basis


def wpp_net_migration(iso3: str = "KAZ") -> pd.DataFrame:
    """UN WPP 2024 net migration of one country, in persons per calendar year (model estimate).

    Columns: ``year``, ``net`` (persons), ``series`` (``wpp``), ``source``, ``copy_read``, ``status``.
    """
    wpp = load("wpp_net_migration")
    wpp = wpp[wpp.iso3 == iso3]
    if wpp.empty:
        raise DataError(f"no WPP net migration for {iso3!r}")
    return (
        pd.DataFrame(
            {
                "year": wpp.year.astype(int),
                "net": (wpp.net_migration_thousands * 1000).astype(float),
                "series": "wpp",
                "source": wpp.source,
                "copy_read": wpp.copy_read,
                "status": wpp.status,
            }
        )
        .sort_values("year")
        .reset_index(drop=True)
    )


def _balances(group: pd.DataFrame) -> list[tuple]:
    """The balances one period's releases give: (net, basis, immigration, emigration, rounded,
    releases), from each release that gives a net figure or both flows, else from two releases.
    A release is a source read in one copy: (source, copy_read)."""
    candidates = []
    for release_id, release in group.groupby(["source", "copy_read"], sort=False, dropna=False):
        value = dict(zip(release.flow, release.persons.astype(int)))
        rounded = bool((release.approximation != "exact").any())
        if "net" in value:
            basis = "published balance"
            net = value["net"]
        elif "immigration" in value and "emigration" in value:
            basis = "arrivals minus departures"
            net = value["immigration"] - value["emigration"]
        else:
            continue
        candidates.append((net, basis, value.get("immigration"), value.get("emigration"), rounded, [release_id]))
    if not candidates:
        imm, emi = group[group.flow == "immigration"], group[group.flow == "emigration"]
        if imm.empty or emi.empty:
            return []
        i, e = imm.iloc[0], emi.iloc[0]
        candidates.append(
            (
                int(i.persons) - int(e.persons),
                "arrivals minus departures, two releases",
                int(i.persons),
                int(e.persons),
                i.approximation != "exact" or e.approximation != "exact",
                [(i.source, i.copy_read), (e.source, e.copy_read)],
            )
        )
    return candidates


def _merged(candidates: list[tuple]) -> list[list]:
    """Balances of equal value merged into one, with the releases (and flows) of each."""
    merged: dict[int, list] = {}
    for net, basis, imm, emi, rounded, sources in candidates:
        if net in merged:
            entry = merged[net]
            entry[5] = entry[5] + [s for s in sources if s not in entry[5]]
            entry[2] = entry[2] if entry[2] is not None else imm
            entry[3] = entry[3] if entry[3] is not None else emi
        else:
            merged[net] = [net, basis, imm, emi, rounded, list(sources)]
    return list(merged.values())


def _national_totals() -> pd.DataFrame:
    """Kazakhstan's registered national counts and balances of all migrants, each within one calendar year."""
    mig = load("external_migration")
    mig = mig[(mig.reporter_iso3 == "KAZ") & mig.partner_iso3.isna() & (mig.ethnicity == "all") & mig.persons.notna()]
    return mig[mig.period_start.dt.year == mig.period_end.dt.year]


def registered_record() -> pd.DataFrame:
    """Kazakhstan's registered migration balance for every period a release gives one: whole
    calendar years and parts of years, as far back as found, each period as published (a part of a
    year is never scaled up to a year).

    For each period, the balance is the net figure a release publishes, or else arrivals minus
    departures (from one release, or from two releases when none gives both). Releases giving
    the same balance are merged; two releases that disagree give two rows. A period with only one
    of the two flows has no row. Columns: ``period_start``, ``period_end``, ``period`` (``2011``,
    ``Jan–Sep 2004``), ``months``, ``whole_year``, ``year`` (the calendar year the period falls
    in), ``immigration``, ``emigration``, ``net`` (persons), ``basis``, ``approximation`` (exact,
    or rounded when any figure used was rounded), ``source`` and ``copy_read`` (citation keys,
    ``;`` between several), ``status`` (``attributed`` when any release used is only attributed to
    the statistics office by the copy read).
    """
    mig = _national_totals()
    status = {(s, c): st for s, c, st in zip(mig.source, mig.copy_read, mig.status)}
    rows = []
    for (start, end), group in mig.groupby(["period_start", "period_end"], sort=True):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        for net, basis, imm, emi, rounded, releases in _merged(_balances(group)):
            rows.append(
                {
                    "period_start": start,
                    "period_end": end,
                    "period": period_label(start, end),
                    "months": months,
                    "whole_year": months == 12 and start.month == 1 and start.day == 1 and end.day == 31,
                    "year": start.year,
                    "immigration": imm,
                    "emigration": emi,
                    "net": float(net),
                    "basis": basis,
                    "approximation": "rounded" if rounded else "exact",
                    "source": ";".join(bibliography.keys(*(s for s, _ in releases))),
                    "copy_read": ";".join(bibliography.keys(*(c for _, c in releases))),
                    "status": "attributed" if any(status.get(r) == "attributed" for r in releases) else "official",
                }
            )
    out = pd.DataFrame(rows)
    for col in ("immigration", "emigration"):
        out[col] = out[col].astype("Int64")
    return out.sort_values(["period_start", "period_end", "net"]).reset_index(drop=True)


def registered_balance() -> pd.DataFrame:
    """Kazakhstan's registered migration balance per calendar year: the whole years of
    :func:`registered_record`. Two releases that disagree give two rows for the year; a year with
    only one of the two flows has no row: it is a gap. Columns: ``year``, ``immigration``,
    ``emigration``, ``net`` (persons), ``basis``, ``approximation``, ``series``
    (``registered``), ``source``, ``copy_read``, ``status``.
    """
    record = registered_record()
    whole = record[record.whole_year].assign(series="registered")
    cols = ["year", "immigration", "emigration", "net", "basis", "approximation", "series", "source", "copy_read"]
    return whole[[*cols, "status"]].sort_values(["year", "net"]).reset_index(drop=True)


def registered_total(year: int, flow: str = "emigration", months: int = 12) -> int | None:
    """Kazakhstan's registered national total of ``flow`` (immigration or emigration) for the first
    ``months`` months of ``year`` (12: the calendar year).

    None when no release gives it; an error when releases disagree (the caller must choose).
    """
    mig = load("external_migration")
    end = pd.Timestamp(year=year, month=months, day=1) + pd.offsets.MonthEnd(0)
    rows = mig[
        (mig.reporter_iso3 == "KAZ")
        & mig.partner_iso3.isna()
        & (mig.flow == flow)
        & (mig.ethnicity == "all")
        & (mig.period_start == pd.Timestamp(year=year, month=1, day=1))
        & (mig.period_end == end)
    ]
    values = sorted(set(rows.persons.dropna().astype(int)))
    if len(values) > 1:
        raise DataError(f"releases disagree on the registered {flow} of {year} (first {months} months): {values}")
    return values[0] if values else None


def net_migration(series: str = "both", iso3: str = "KAZ") -> pd.DataFrame:
    """The net-migration series a chapter shows: ``wpp``, ``registered`` or ``both`` (stacked)."""
    if series not in ("wpp", "registered", "both"):
        raise ValueError(f"series must be 'wpp', 'registered' or 'both', not {series!r}")
    parts = []
    if series in ("wpp", "both"):
        parts.append(wpp_net_migration(iso3))
    if series in ("registered", "both"):
        if iso3 != "KAZ":
            raise ValueError("the registered balance is only available for Kazakhstan (KAZ)")
        parts.append(registered_balance())
    return pd.concat(parts, ignore_index=True)
