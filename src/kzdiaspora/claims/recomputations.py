"""Check functions that recompute a claim with the chapters' own library functions
(:mod:`~kzdiaspora.demography`, :mod:`~kzdiaspora.policy`, :mod:`~kzdiaspora.kandas`,
:mod:`~kzdiaspora.migration`), so that the ledger and the chapters cannot disagree."""

from __future__ import annotations

import pandas as pd

from .. import bibliography, demography, fmt, kandas, migration, policy
from ..data import DataError, load
from .findings import Finding, NotCheckable, check

#: The revision of the UN's migrant stocks the ledger's stock checks read unless they name another
#: (the years the ledger names, such as 2019, are years of that revision).
STOCK_REVISION = 2019


@check
def kazakh_share_of_kazakhstan() -> Finding:
    """Ethnic Kazakhs over the total population of Kazakhstan at the same date (official counts)."""
    den = demography.homeland_denominators()
    kaz = den[den["denominator"] == "Kazakhs in Kazakhstan"].iloc[0]
    total = den[den["denominator"] == "Total population of Kazakhstan"].iloc[0]
    return Finding(
        100 * kaz["persons"] / total["persons"],
        "percent",
        f"{fmt.count(kaz['persons'])} Kazakhs ÷ {fmt.count(total['persons'])} people, {kaz['date']}",
        (kaz["source"], total["source"]),
    )


@check
def table1(iso3: str, quantity: str, vintage: str, year: int) -> Finding:
    """A share or ratio of Table 1 as the demography chapter rebuilds it (World Bank ``vintage``,
    reference ``year``), with the other denominators that would reproduce the printed figure."""
    cells = demography.table1(vintage, year)
    cell = cells[(cells["iso3"] == iso3) & (cells["quantity"] == quantity)].iloc[0]
    if pd.isna(cell["value"]):
        raise NotCheckable("The data cannot give this cell of Table 1 (see the demography chapter).")
    reconciled = demography.reconciliation(vintage, year)
    rec = reconciled[(reconciled["iso3"] == iso3) & (reconciled["measure"] == quantity)].iloc[0]
    inputs = f"Table 1 rebuilt with World Bank {vintage}, {year}"
    if rec["reproducing"] and not demography.rounds_to(
        float(cell["value"]), float(rec["printed"]), int(rec["decimals"])
    ):
        inputs += f"; the printed figure is obtained with {rec['reproduced_by']}"
    sources = tuple(bibliography.keys(cell["source"]))
    kazakhs = cells[(cells["iso3"] == iso3) & (cells["quantity"] == "kazakhs")].iloc[0]
    low, high = demography.count_range(kazakhs["value"], kazakhs["approximation"])
    if low < high:  # the count is a lower bound: the value is a range, from the bound up
        value = float(cell["value"])
        inputs += (
            f"; the Kazakh count is a lower bound (more than {fmt.count(low)}), read as up to "
            f"{fmt.count(high)}; the printed figure implies {fmt.count(rec['implied_kazakhs'])}"
        )
        return Finding((value, value * high / low), "percent", inputs, sources)
    return Finding(float(cell["value"]), "percent", inputs, sources)


def inferred_counts() -> tuple[str, ...]:
    """The accounts (locators) of Table 1's counts that are inferred from the paper's numbers."""
    kaz = demography.table1_kazakhs()
    return tuple(kaz.loc[kaz["status"] == "inferred", "locator"])


@check
def region_total() -> Finding:
    """The Kazakhs of the four countries together (Table 1's counts)."""
    shares = demography.region_shares()
    parts = ", ".join(f"{r.country} {fmt.approx(r.persons, r.approximation)}" for r in shares.itertuples())
    return Finding(
        demography.region_total(), "persons", f"sum of {parts}", tuple(shares["source"]), inferred=inferred_counts()
    )


@check
def region_share(iso3: str) -> Finding:
    """One country's share of the four countries' Kazakhs."""
    shares = demography.region_shares().set_index("iso3")
    r = shares.loc[iso3]
    return Finding(
        float(r["percent_of_region"]),
        "percent",
        f"{fmt.count(r['persons'])} of {fmt.count(shares['persons'].sum())}",
        tuple(shares["source"]),
        inferred=inferred_counts(),
    )


@check
def community_rank(iso3: str) -> Finding:
    """The place of a country among the four by the size of its Kazakh community (1 = largest)."""
    shares = demography.region_shares().sort_values("persons", ascending=False).reset_index(drop=True)
    rank = int(shares.index[shares["iso3"] == iso3][0]) + 1
    order = ", ".join(f"{r.country} {fmt.count(r.persons)}" for r in shares.itertuples())
    return Finding(float(rank), "rank", f"by size: {order}", tuple(shares["source"]), inferred=inferred_counts())


@check
def diaspora_share(estimate: str, end: str) -> Finding:
    """The region's share of a worldwide estimate of the diaspora: the ``low`` end (over its upper
    bound) or the ``high`` end (over its lower bound)."""
    sc = demography.diaspora_scenario(estimate)
    share = sc[f"share_{end}"]
    if pd.isna(share):
        raise NotCheckable(f"The estimate {sc['label']} has no bound on that side.")
    diaspora = sc["persons_high"] if end == "low" else sc["persons_low"]
    return Finding(
        float(share), "percent", f"{fmt.count(demography.region_total())} ÷ {fmt.count(diaspora)}", (sc["source"],)
    )


@check
def homeland_ratio(estimate: str, denominator: str) -> Finding:
    """The worldwide diaspora (both ends of an estimate) as a percentage of one of the demography
    chapter's denominators, named as the chapter names it (``Kazakhs in Kazakhstan``)."""
    ratios = demography.homeland_ratios(estimate)
    rows = ratios[ratios["denominator"] == denominator]
    if rows.empty:
        raise DataError(f"no denominator {denominator!r}; known: {', '.join(ratios['denominator'].unique())}")
    r = rows.iloc[0]
    return Finding(
        (float(r["ratio_low"]), float(r["ratio_high"])),
        "percent",
        f"{r['estimate']} ÷ {fmt.count(r['persons'])} ({r['denominator']})",
        (r["source"],),
    )


#: The two measures of net migration, as a sentence names them.
_MEASURES = {"wpp": "the UN model estimates (World Population Prospects 2024)", "registered": "the registered balance"}


@check
def period_sign(series: str, first: int, last: int, fallback: str | None = None) -> Finding:
    """The sign of Kazakhstan's net migration summed over a period (policy chapter): ``wpp`` (UN
    model estimates) or ``registered`` (statistics bureau).

    The registered balance is read from every figure the data hold for the period: the whole
    years found and, for a year without one, its longest part published (its months only; see
    :func:`kzdiaspora.policy.record_sum`). When they do not cover every month of the period the
    basis is partial, and a verdict holds only if the months missing could not reverse the sum
    (see :func:`_registered`). When no registered figure falls in the period, the check reads the
    ``fallback`` series instead (if given) and says so (basis proxy; see :func:`_stand_in`);
    otherwise the claim cannot be checked.
    """
    frames = {"wpp": policy.wpp_net_migration, "registered": policy.registered_balance}
    if series == "registered":
        return _registered(frames, first, last, fallback)
    frame = frames[series]()
    s = policy.period_sums(frame, [(first, last)]).iloc[0]
    if s["years_covered"] == 0:
        if fallback is None:
            raise NotCheckable(f"The {policy.SERIES[series]} series has no year of {first}–{last} in the data.")
        return _stand_in(frames, series, fallback, first, last)
    if pd.isna(s["sign"]):
        raise NotCheckable(
            f"The releases of the {policy.SERIES[series]} series disagree on the sign of {first}–{last}."
        )
    part = frame[frame["year"].between(first, last)]
    coverage, basis, note, bounds = "", "direct", "", None
    if not s["complete"]:
        nets = part.groupby("year")["net"]
        signs = {
            "negative" if high < 0 else "positive" if low > 0 else "mixed" for low, high in zip(nets.min(), nets.max())
        }
        each = f", each {signs.pop()}" if len(signs) == 1 and "mixed" not in signs else ""
        coverage = (
            f" ({s['years_covered']} of the {s['years']} years found: {', '.join(str(y) for y in nets.groups)}{each})"
        )
        basis = "partial"
        note, bounds = _missing_years(frame, s)
    sources = tuple(dict.fromkeys(k.strip() for cell in part["source"] for k in cell.split(";")))
    return Finding(
        float(s["net"]),
        "sign",
        f"{policy.SERIES[series]}, {first}–{last}{coverage}: {fmt.signed(s['net'])} people",
        sources,
        basis=basis,
        basis_note=note,
        bounds=bounds,
        values={"net": fmt.signed(s["net"]), "years_found": str(s["years_covered"]), "years": str(s["years"])},
    )


def _registered(frames: dict, first: int, last: int, fallback: str | None) -> Finding:
    """The sign of a period from the registered record: whole years and parts of years, with what
    the months it does not cover could do to the sum (basis partial when there are such months)."""
    r = policy.record_sum(policy.registered_record(), first, last)
    if r["months"] == 0:
        if fallback is None:
            raise NotCheckable(f"The {policy.SERIES['registered']} series has no year of {first}–{last} in the data.")
        return _stand_in(frames, "registered", fallback, first, last)
    if r["low"] < 0 < r["high"]:
        raise NotCheckable(f"The releases of the registered balance disagree on the sign of {first}–{last}.")
    net = (r["low"] + r["high"]) / 2
    found = "; ".join(filter(None, [r["whole"] and f"whole years {r['whole']}", r["parts"] and f"parts {r['parts']}"]))
    complete = r["months"] == r["period_months"]
    least, most = r["extremes"]
    note = (
        ""
        if complete
        else f"The registered balance is known for {r['months']} of the period's {r['period_months']} months; "
        f"if each month missing were as far either way as the largest yearly balance found ({fmt.signed(most)} "
        f"and {fmt.signed(least)} a year), the sum would lie between {fmt.signed(r['bounds'][0])} and "
        f"{fmt.signed(r['bounds'][1])}."
    )
    return Finding(
        float(net),
        "sign",
        f"{policy.SERIES['registered']}, {first}–{last} ({r['months']} of its {r['period_months']} months found: "
        f"{found}): {fmt.signed(net)} people",
        tuple(r["sources"]),
        basis="direct" if complete else "partial",
        basis_note=note,
        bounds=None if complete else r["bounds"],
        values={
            "net": fmt.signed(net),
            "months_found": str(r["months"]),
            "months": str(r["period_months"]),
            "whole_years": r["whole"] or "none",
            "parts": r["parts"] or "none",
        },
    )


def _missing_years(frame: pd.DataFrame, s: pd.Series) -> tuple[str, tuple[float, float]]:
    """What the years missing from a partial series could do to its sum: each as far either way as
    the largest yearly balance of that sign anywhere in the series."""
    missing = int(s["years"] - s["years_covered"])
    most, least = max(float(frame["net"].max()), 0.0), min(float(frame["net"].min()), 0.0)
    note = (
        f"The registered balance is known for {s['years_covered']} of the period's {s['years']} years; "
        f"if each of the {missing} missing years were as far either way as the largest yearly balance found "
        f"({fmt.signed(most)} and {fmt.signed(least)}), the sum would lie between "
        f"{fmt.signed(s['low'] + missing * least)} and {fmt.signed(s['high'] + missing * most)}."
    )
    return note, (float(s["low"] + missing * least), float(s["high"] + missing * most))


def _stand_in(frames: dict, series: str, fallback: str, first: int, last: int) -> Finding:
    """The sign of a period from the ``fallback`` series standing in for ``series``: basis proxy,
    with the range the sum could take if the two series differed every year by as much as they
    do at most where both are known."""
    found = period_sign(fallback, first, last)
    wanted = frames[series]().groupby("year")["net"].agg(["min", "max"])
    other = frames[fallback]().set_index("year")["net"]
    both = wanted.index.intersection(other.index)
    gaps = pd.concat([(other[both] - wanted.loc[both, "min"]).abs(), (other[both] - wanted.loc[both, "max"]).abs()])
    years = last - first + 1
    gap = float(gaps.max()) * years if len(both) else float("inf")
    where = (
        f"in the years where both are known ({fmt.words(map(str, both))}) they differ by up to "
        f"{fmt.count(gaps.max())} people a year, that is up to {fmt.count(gap)} over the period's {years} years"
        if len(both)
        else "no year is known in both, so the gap between them cannot be bounded"
    )
    stand_in = _MEASURES[fallback][:1].upper() + _MEASURES[fallback][1:]
    return Finding(
        found.value,
        found.unit,
        f"{found.inputs} (that series alone: the data hold no {series} figures for those years)",
        found.sources,
        basis="proxy",
        basis_note=f"{stand_in} stand in for {_MEASURES[series]}: {where}.",
        bounds=(found.value - gap, found.value + gap),
        values=found.values,
    )


@check
def kandas_count(as_of: str) -> Finding:
    """Kandas granted the status since 1 January, in the ministry's release dated ``as_of``."""
    rel = kandas.releases()
    row = rel[rel["as_of"] == pd.Timestamp(as_of)]
    if row.empty:
        raise NotCheckable(f"No release dated {as_of} in the data.")
    r = row.iloc[0]
    return Finding(float(r["persons"]), "persons", f"release to {as_of}: {fmt.count(r['persons'])}", (r["source"],))


@check
def kandas_year(year: int) -> Finding:
    """Kandas granted the status over a whole calendar year."""
    whole = kandas.whole_years(year, year)
    if whole.empty:
        raise NotCheckable(f"No count of kandas for the whole of {year} in the data.")
    r = whole.iloc[-1]
    return Finding(float(r["persons"]), "persons", f"{year}: {fmt.count(r['persons'])} ({r['status']})", (r["source"],))


@check
def kandas_share(
    breakdown: str, category: str, as_of: str | None = None, year: int | None = None, base: str = "all-kandas"
) -> Finding:
    """A share of the kandas releases: at ``as_of``, or in the last release of ``year``; of all
    kandas or of the working-age ones (``base``). When the release gives the share only of another
    base, the finding carries that as a caveat."""
    sh = kandas.shares(breakdown)
    if as_of:
        sh = sh[sh["as_of"] == pd.Timestamp(as_of)]
    else:
        sh = sh[sh["year"] == year]
        sh = sh[sh["as_of"] == sh["as_of"].max()]
    sh = sh[sh["category"] == category]
    if sh.empty:
        raise NotCheckable(f"No {breakdown} share for {category} in that release.")
    same = sh[sh["base"] == base]
    r = (same if len(same) else sh).iloc[0]
    when = f"release to {r['as_of']:%Y-%m-%d}"
    bases = {"all-kandas": "all kandas", "working-age-kandas": "the working-age kandas"}
    caveat = (
        ""
        if len(same)
        else (f"The release gives {fmt.number(r['percent'])} % of {bases[r['base']]}, not of {bases[base]}.")
    )
    return Finding(
        float(r["percent"]), "percent", f"{kandas.label(category)}, {r['base']}, {when}", (r["source"],), caveat
    )


@check
def kandas_share_total(as_of: str, breakdown: str) -> Finding:
    """The sum of the shares of one breakdown in a release (close to 100 when complete)."""
    snap = kandas.snapshot(as_of, breakdown)
    return Finding(
        float(snap["percent"].sum()),
        "percent",
        " + ".join(f"{fmt.number(p)} %" for p in snap["percent"]) + f" (release to {as_of})",
        tuple(dict.fromkeys(snap["source"])),
    )


@check
def education_gap(as_of: str, year: int) -> Finding:
    """Share with higher education among the emigrants of ``year`` minus that among working-age
    kandas at ``as_of`` (percentage points; positive when the emigrants are more educated)."""
    comp = kandas.education_comparison(as_of, year)
    higher = comp[comp["education"] == "higher"].set_index("group")["percent"]
    emig = higher[[g for g in higher.index if g.startswith("emigrants")]].iloc[0]
    kand = higher[[g for g in higher.index if not g.startswith("emigrants")]].iloc[0]
    return Finding(
        float(emig - kand),
        "sign",
        f"higher education: emigrants {fmt.pct(emig)}, working-age kandas {fmt.pct(kand)}",
        tuple(dict.fromkeys(comp["source"])),
    )


@check
def emigrant_education_rank(year: int, level: str) -> Finding:
    """The place of an education level among the emigrants of ``year`` (1 = most emigrants)."""
    emi = load("emigrants_education")
    emi = emi[emi["year"] == year].sort_values("persons", ascending=False).reset_index(drop=True)
    if emi.empty:
        raise NotCheckable(f"No emigrants by education for {year} in the data.")
    rank = int(emi.index[emi["education"] == level][0]) + 1
    order = ", ".join(f"{r.education} {fmt.count(r.persons)}" for r in emi.itertuples())
    return Finding(float(rank), "rank", f"by number: {order}", tuple(dict.fromkeys(emi["source"])))


@check
def survey_total(question: str) -> Finding:
    """The sum of the percentages the paper reports for one survey question."""
    svy = load("survey_marginals")
    rows = svy[(svy["question"] == question) & (svy["status"] == "stated-by-authors")]
    return Finding(
        float(rows["percent"].sum()),
        "percent",
        " + ".join(f"{fmt.count(p)} %" for p in rows["percent"]),
        tuple(dict.fromkeys(rows["source"])),
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
        raise NotCheckable(f"No migrant stocks for {iso3} in {year} in the data.")
    r = row.iloc[0]
    return Finding(
        float(r["balance"]),
        "sign",
        f"{year}: {fmt.count(r['hosted'])} people born in the other four countries live in {r['country']}, "
        f"{fmt.count(r['abroad'])} born there live in them",
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
        raise NotCheckable(f"The migrant stocks do not cover {first} and {last}.")
    steady = bool((series.diff().dropna() < 0).all())
    years = ", ".join(f"{y} {fmt.count(v)}" for y, v in series.items())
    return Finding(
        float(series.iloc[-1] - series.iloc[0]),
        "sign",
        f"{years} ({'falling at every step' if steady else 'not falling at every step'})",
        tuple(dict.fromkeys(migration.stocks(revision)["source"])),
    )
