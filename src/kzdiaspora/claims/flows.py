"""Check functions on migration flows and stocks: the registered moves the statistics offices
publish (``external_migration``, as :func:`kzdiaspora.migration.registered_flows` reads them) and
the UN bilateral migrant stocks (:func:`kzdiaspora.migration.regional_balance`)."""

from __future__ import annotations

import math

import pandas as pd

from .. import countries, demography, fmt, i18n, migration
from ..data import load
from ..i18n import N_, ngettext, pgettext
from ..i18n import gettext as _
from .findings import Finding, NotCheckable, check, missing_years

#: How a sentence names the flows of the data.
_FLOWS = {"immigration": "arrivals", "emigration": "departures"}


def _flow(flow: str) -> str:
    """A flow as a sentence of the page's language names it (Russian: in the genitive)."""
    words = {
        "immigration": pgettext("flow, after 'of' or 'among'", "arrivals"),
        "emigration": pgettext("flow, after 'of' or 'among'", "departures"),
    }
    return words[flow]


def _names() -> dict[str, str]:
    """Country code -> name in the page's language."""
    return countries.names(i18n.language())


def _named(name: str) -> str:
    """A country named in English (as the registered flows name partners and offices) in the
    page's language."""
    english, shown = countries.names("en"), _names()
    return {english[code]: shown[code] for code in english}.get(name, name)


#: The revision of the UN's migrant stocks the ledger's stock checks read unless they name another
#: (the years the ledger names, such as 2019, are years of that revision).
STOCK_REVISION = 2019


def national(reporter: str, flow: str) -> pd.DataFrame:
    """A country's registered arrivals or departures (all partners, all migrants) per calendar
    year: ``year``, ``low`` and ``high`` (the smallest and largest figure when releases
    disagree), ``sources``."""
    mig = load("external_migration")
    mig = mig[
        (mig["reporter_iso3"] == reporter)
        & mig["partner_iso3"].isna()
        & (mig["flow"] == flow)
        & (mig["ethnicity"] == "all")
        & mig["persons"].notna()
        & (mig["period_start"].dt.year == mig["period_end"].dt.year)
        & (mig["period_start"].dt.day_of_year == 1)
        & (mig["period_end"].dt.month == 12)
        & (mig["period_end"].dt.day == 31)
    ]
    mig = mig.assign(year=mig["period_start"].dt.year)
    return (
        mig.groupby("year")
        .agg(low=("persons", "min"), high=("persons", "max"), sources=("source", lambda s: tuple(dict.fromkeys(s))))
        .reset_index()
    )


def _years(frame: pd.DataFrame) -> str:
    return ", ".join(
        f"{r.year} {fmt.count(r.low)}" if r.low == r.high else f"{r.year} {fmt.count(r.low)}–{fmt.count(r.high)}"
        for r in frame.itertuples()
    )


@check
def flow_change(reporter: str, flow: str, first: int, last: int) -> Finding:
    """The change in a country's registered arrivals or departures (``flow``) from the first to
    the last calendar year of ``first``–``last`` the data hold (persons; negative: a fall)."""
    series = national(reporter, flow)
    series = series[series["year"].between(first, last)]
    if len(series) < 2:
        raise NotCheckable(
            _("Fewer than two years of {flow} between {first} and {last} in the data.").format(
                flow=_flow(flow), first=first, last=last
            )
        )
    a, b = series.iloc[0], series.iloc[-1]
    falling = bool((series["high"].diff().dropna() < 0).all())
    return Finding(
        float((b["low"] + b["high"]) / 2 - (a["low"] + a["high"]) / 2),
        "persons",
        (
            _("registered {flow}, {country}: {years} (falling every year)")
            if falling
            else _("registered {flow}, {country}: {years}")
        ).format(flow=_flow(flow), country=_names()[reporter], years=_years(series)),
        tuple(dict.fromkeys(k for s in series["sources"] for k in s)),
        values={"first": f"{a['year']}", "last": f"{b['year']}"},
    )


@check
def national_balance(reporter: str, first: int, last: int) -> Finding:
    """A country's registered arrivals less departures (all partners) summed over the years of
    ``first``–``last`` in which both are known (partial evidence when some are missing: see
    :func:`~.findings.missing_years`)."""
    arr, dep = national(reporter, "immigration"), national(reporter, "emigration")
    both = arr.merge(dep, on="year", suffixes=("_in", "_out"))
    both = both[both["year"].between(first, last)]
    if both.empty:
        raise NotCheckable(
            _("No year of {first}–{last} with both arrivals and departures in the data.").format(first=first, last=last)
        )
    lows, highs = both["low_in"] - both["high_out"], both["high_in"] - both["low_out"]
    years = last - first + 1
    listed = ", ".join(
        _("{year} {arrivals} arrivals and {departures} departures").format(
            year=r.year, arrivals=fmt.count(r.low_in), departures=fmt.count(r.low_out)
        )
        for r in both.itertuples()
    )
    partial = {}
    if len(both) < years:
        note, bounds = missing_years(lows, highs, years)
        partial = {"basis": "partial", "basis_note": note, "bounds": bounds}
    sources = [k for col in ("sources_in", "sources_out") for s in both[col] for k in s]
    return Finding(
        float((lows.sum() + highs.sum()) / 2),
        "sign",
        _("registered moves of {country}, {listed}").format(country=_names()[reporter], listed=listed),
        tuple(dict.fromkeys(sources)),
        **partial,
    )


def _monthly(rows: pd.DataFrame) -> pd.DataFrame:
    months = (rows["period_end"].dt.year - rows["period_start"].dt.year) * 12 + (
        rows["period_end"].dt.month - rows["period_start"].dt.month + 1
    )
    return rows.assign(months=months, rate=rows["persons"] / months)


@check
def partner_flows(partner: str | None = None) -> Finding:
    """Kazakhstan's registered arrivals from each of the four countries (or from ``partner`` only)
    less its departures to them, in every period in which one statistics office registered both
    (partial evidence: the periods and partners found); the value is the smallest of those balances."""
    flows = migration.registered_flows(partner)
    wide = flows.pivot_table(
        index=["partner", "reported_by", "period", "period_start"],
        columns="direction",
        values="persons",
        aggfunc="first",
    ).dropna()
    if wide.empty:
        raise NotCheckable(
            _("No period with registered moves in both directions between Kazakhstan and its neighbours.")
        )
    wide = wide.sort_index(level="period_start")
    net = wide[migration.TO_KAZ] - wide[migration.FROM_KAZ]
    listed = "; ".join(
        _("{partner} ({office}, {period}): {to} to Kazakhstan, {away} from it").format(
            partner=_named(p),
            office=_named(o),
            period=per,
            to=fmt.count(r[migration.TO_KAZ]),
            away=fmt.count(r[migration.FROM_KAZ]),
        )
        for (p, o, per, _start), r in wide.iterrows()
    )
    ratio = (wide[migration.TO_KAZ] / wide[migration.FROM_KAZ]).min()
    partners = sorted(set(wide.index.get_level_values("partner")))
    return Finding(
        float(net.min()),
        "sign",
        listed,
        tuple(dict.fromkeys(flows["source"])),
        basis="partial",
        basis_note=ngettext(
            "Moves in both directions are registered only for {partners}, and only for the {n} periods listed; "
            "in each, more people moved to Kazakhstan than from it, at least {ratio} times as many.",
            "Moves in both directions are registered only for {partners}, and only for the {n} periods listed; "
            "in each, more people moved to Kazakhstan than from it, at least {ratio} times as many.",
            len(wide),
        ).format(partners=fmt.words(_named(p) for p in partners), n=len(wide), ratio=fmt.number(ratio)),
    )


@check
def departure_trend(each: bool = False) -> Finding:
    """Registered departures from Kazakhstan to the four countries, per month of each period
    found, from the first period to the last, for each partner and each office that registered
    them. ``each``: whether they fall to every partner (the value is the largest change, positive
    if any rose; a rise to one partner decides it); otherwise the total to the four, which the
    data cannot form when a partner is missing (its change is then left open)."""
    flows = _monthly(migration.registered_flows())
    dep = flows[flows["direction"] == migration.FROM_KAZ].sort_values(["period_end", "months"])
    changes, parts = [], []
    for (partner, office), rows in dep.groupby(["partner", "reported_by"]):
        if len(rows) < 2:
            continue
        a, b = rows.iloc[0], rows.iloc[-1]
        changes.append(b["rate"] - a["rate"])
        parts.append(
            _("to {partner} ({office}) {first} in {first_period} → {last} in {last_period}").format(
                partner=_named(partner),
                office=_named(office),
                first=fmt.count(a["persons"]),
                first_period=a["period"],
                last=fmt.count(b["persons"]),
                last_period=b["period"],
            )
        )
    if not changes:
        raise NotCheckable(_("No partner with departures registered in two periods."))
    found = sorted(set(dep["partner"]))
    if each:
        note = _(
            "Departures are registered only to {partners}, in a few periods of different lengths, compared here "
            "per month (as if the months of a year were alike); a rise to one partner is enough to decide it."
        )
    else:
        note = _(
            "Departures are registered only to {partners}, in a few periods of different lengths, compared here "
            "per month (as if the months of a year were alike)."
        )
    missing = len(found) < len(countries.hosts())
    return Finding(
        float(max(changes) if each else sum(changes)),
        "sign",
        "; ".join(parts),
        tuple(dict.fromkeys(dep["source"])),
        basis="partial",
        basis_note=note.format(partners=fmt.words(_named(p) for p in found)),
        bounds=(-math.inf, math.inf) if missing and not each else None,
    )


def _place(rows: pd.DataFrame, start, end, partner: str, pool: list[str] | None) -> dict | None:
    """The place of ``partner`` among the destinations of the departures ``rows`` of one period
    (``best`` and ``worst`` when countries without a figure could pass it), the counts in words,
    the first destination when several are known, and what is left open; None without a total."""
    names = _names()
    period = rows[(rows["period_start"] == start) & (rows["period_end"] == end)]
    by_partner = period.dropna(subset=["partner_iso3"]).groupby("partner_iso3")["persons"].max()
    total = period.loc[period["partner_iso3"].isna(), "persons"].max()
    if pd.isna(total):
        return None
    known = by_partner if pool is None else by_partner[by_partner.index.isin(pool)]
    left = total - by_partner.sum()
    unknown = (len(pool) - len(known)) if pool else (math.inf if left > 0 else 0)
    best = 1 + int((known.drop(partner) > by_partner[partner]).sum())
    worst = best + (unknown if left >= by_partner[partner] else 0)
    label = migration.period_label(start, end)
    listed = ", ".join(f"{names.get(c, c)} {fmt.count(v)}" for c, v in known.sort_values(ascending=False).items())
    return {
        "best": best,
        "worst": worst,
        "said": _("{period}: {listed}, of {total} in all").format(period=label, listed=listed, total=fmt.count(total)),
        "lead": (names.get(known.idxmax(), known.idxmax()), label) if len(known) > 1 else None,
        "open": _("{period}: the departures to the others are not known (together at most {left}).").format(
            period=label, left=fmt.count(left)
        )
        if worst != best
        else "",
    }


@check
def destination_rank(
    partner: str, year: int | None = None, among: str = "", first: int | None = None, last: int | None = None
) -> Finding:
    """The place of ``partner`` among the destinations of Kazakhstan's registered departures in
    ``year`` (1 = most), among every country or among ``among`` (``;`` between codes); or in each
    period of ``first``–``last`` (whole years or parts of one) with departures to ``partner``, the
    place then being the range over the periods. Countries without a figure may have at most what
    the period's total leaves, so the place is a range when they could pass the partner."""
    mig = load("external_migration")
    rows = mig[(mig["reporter_iso3"] == "KAZ") & (mig["flow"] == "emigration") & (mig["ethnicity"] == "all")]
    if year is not None:
        first = last = year
        rows = rows[
            (rows["period_start"] == pd.Timestamp(year, 1, 1)) & (rows["period_end"] == pd.Timestamp(year, 12, 31))
        ]
    rows = rows[
        rows["period_start"].dt.year.between(first, last) & (rows["period_end"].dt.year == rows["period_start"].dt.year)
    ]
    mine = rows[rows["partner_iso3"] == partner]
    periods = sorted(set(zip(mine["period_start"], mine["period_end"])))
    pool = [c.strip() for c in among.split(";")] if among else None
    places = [p for p in (_place(rows, s, e, partner, pool) for s, e in periods) if p]
    if not places:
        what = year if year is not None else f"{first}–{last}"
        raise NotCheckable(
            _("No registered departures to {partner} and in all for {period} in the data.").format(
                partner=partner, period=what
            )
        )
    bests = [p["best"] for p in places]
    low, high = min(bests), max(p["worst"] for p in places)
    notes = [p["open"] for p in places if p["open"]]
    if min(bests) != max(bests):
        notes.append(_("The place differs between the periods found."))
    leads = [p["lead"] for p in places if p["lead"]]
    used = rows[[(s, e) in set(periods) for s, e in zip(rows["period_start"], rows["period_end"])]]
    return Finding(
        float(bests[0]) if min(bests) == max(bests) else (float(min(bests)), float(max(bests))),
        "rank",
        _("registered departures from Kazakhstan, {periods}").format(periods="; ".join(p["said"] for p in places)),
        tuple(dict.fromkeys(used["source"])),
        basis="direct" if year is not None and low == high else "partial",
        basis_note=" ".join(notes),
        bounds=None if low == high else (float(low), float(high)),
        values={
            "first": fmt.words(
                _("{country} in {period}").format(country=n, period=p) if len(periods) > 1 else n for n, p in leads
            )
        },
    )


@check
def kazakh_share(year: int, flow: str) -> Finding:
    """Kazakhs among Kazakhstan's registered arrivals or departures (``flow``) of a year, from the
    bureau's counts of both (per cent)."""
    mig = load("external_migration")
    rows = mig[
        (mig["reporter_iso3"] == "KAZ")
        & mig["partner_iso3"].isna()
        & (mig["flow"] == flow)
        & (mig["period_start"] == pd.Timestamp(year, 1, 1))
        & (mig["period_end"] == pd.Timestamp(year, 12, 31))
        & mig["persons"].notna()
    ]
    kaz, every = rows[rows["ethnicity"] == "kazakh"], national("KAZ", flow).set_index("year")
    if kaz.empty or year not in every.index:
        raise NotCheckable(
            _("No count of the Kazakhs among the {flow} of {year} in the data.").format(flow=_flow(flow), year=year)
        )
    part, total = float(kaz["persons"].iloc[0]), float(every.loc[year, "high"])
    return Finding(
        100 * part / total,
        "percent",
        _("Kazakhs among the {flow} of {year}: {part} of {total}").format(
            flow=_flow(flow), year=year, part=fmt.count(part), total=fmt.count(total)
        ),
        tuple(dict.fromkeys([*kaz["source"], *every.loc[year, "sources"]])),
        margin=100 * demography.rounding_margin(part, kaz["approximation"].iloc[0]) / total,
        margin_note=N_("the count of Kazakhs is published rounded"),
    )


@check
def kazakh_flow_gap(year: int, measure: str = "numbers") -> Finding:
    """The gap between the Kazakhs among a year's arrivals and among its departures, from their
    shares (``external_migration``, ethnicity kazakh) and the year's registered totals: as a
    percentage of the smaller number (``measure="numbers"``), or the gap between the two shares in
    percentage points (``measure="shares"``)."""
    mig = load("external_migration")
    rows = mig[
        (mig["reporter_iso3"] == "KAZ") & (mig["ethnicity"] == "kazakh") & (mig["period_start"].dt.year == year)
    ].dropna(subset=["percent"])
    shares = rows.set_index("flow")["percent"]
    if set(shares.index) != {"immigration", "emigration"}:
        raise NotCheckable(
            _("No shares of Kazakhs among the arrivals and departures of {year} in the data.").format(year=year)
        )
    said = _("{arrivals} of arrivals, {departures} of departures").format(
        arrivals=fmt.pct(shares["immigration"]), departures=fmt.pct(shares["emigration"])
    )
    if measure == "shares":
        return Finding(
            float(shares["immigration"] - shares["emigration"]), "percent", said, tuple(dict.fromkeys(rows["source"]))
        )
    arr = national("KAZ", "immigration").set_index("year").loc[year]
    dep = national("KAZ", "emigration").set_index("year").loc[year]
    kaz_in, kaz_out = shares["immigration"] / 100 * arr["high"], shares["emigration"] / 100 * dep["high"]
    return Finding(
        float(100 * abs(kaz_in - kaz_out) / min(kaz_in, kaz_out)),
        "percent",
        _(
            "Kazakhs among the arrivals of {year}: {share_in} of {arrivals}, about {kazakhs_in}; among the "
            "departures: {share_out} of {departures}, about {kazakhs_out}"
        ).format(
            year=year,
            share_in=fmt.pct(shares["immigration"]),
            arrivals=fmt.count(arr["high"]),
            kazakhs_in=fmt.count(kaz_in),
            share_out=fmt.pct(shares["emigration"]),
            departures=fmt.count(dep["high"]),
            kazakhs_out=fmt.count(kaz_out),
        ),
        tuple(dict.fromkeys([*rows["source"], *arr["sources"], *dep["sources"]])),
        values={"arrivals": fmt.count(kaz_in), "departures": fmt.count(kaz_out)},
    )


@check
def stock_balance(iso3: str, year: int, revision: int = STOCK_REVISION) -> Finding:
    """People born in the other four countries living in ``iso3`` less people born in ``iso3``
    living in them, in one year of the UN bilateral migrant stocks (positive: ``iso3`` has received
    more), from :func:`kzdiaspora.migration.regional_balance`; ``revision`` of the UN's estimates
    (:data:`STOCK_REVISION` unless the ledger names another)."""
    rb = migration.regional_balance(revision)
    row = rb[(rb["iso3"] == iso3) & (rb["year"] == year)]
    if row.empty:
        raise NotCheckable(_("No migrant stocks for {country} in {year} in the data.").format(country=iso3, year=year))
    r = row.iloc[0]
    return Finding(
        float(r["balance"]),
        "sign",
        _(
            "{year}: {hosted} people born in the other four countries live in {country}, {abroad} born there live "
            "in them"
        ).format(
            year=year,
            hosted=fmt.count(r["hosted"]),
            country=r["country"] if i18n.language() == i18n.LANGUAGES[0] else _names().get(iso3, r["country"]),
            abroad=fmt.count(r["abroad"]),
        ),
        tuple(dict.fromkeys(migration.stocks(revision)["source"])),
    )


@check
def stock_trend(origin: str, first: int, last: int, revision: int = STOCK_REVISION) -> Finding:
    """Change from ``first`` to ``last`` in the number of people born in ``origin`` living in the
    other four countries (UN bilateral migrant stocks, :func:`kzdiaspora.migration.regional_balance`,
    ``revision`` as in :func:`stock_balance`); the finding lists every year and says whether the
    number fell at every step."""
    rb = migration.regional_balance(revision)
    series = rb[(rb["iso3"] == origin) & rb["year"].between(first, last)].set_index("year")["abroad"].sort_index()
    if series.empty or series.index.min() != first or series.index.max() != last:
        raise NotCheckable(_("The migrant stocks do not cover {first} and {last}.").format(first=first, last=last))
    steady = bool((series.diff().dropna() < 0).all())
    years = ", ".join(f"{y} {fmt.count(v)}" for y, v in series.items())
    return Finding(
        float(series.iloc[-1] - series.iloc[0]),
        "sign",
        _("{years} (falling at every step)").format(years=years)
        if steady
        else _("{years} (not falling at every step)").format(years=years),
        tuple(dict.fromkeys(migration.stocks(revision)["source"])),
    )
