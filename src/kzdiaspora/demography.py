"""Population counts and the shares computed from them (the paper's section 3.2).

* :func:`table1` rebuilds the paper's Table 1 (Kazakhs, total, titular and other groups in
  Uzbekistan, Kyrgyzstan, Tajikistan and Turkmenistan) with a reference year and a status per cell,
  for a World Bank release and reference year chosen by the reader.
* :func:`reconcile` and :func:`reconciliation` check the shares and ratios the paper prints against
  every denominator the data hold, and say which ones reproduce them.
* :func:`region_total`, :func:`region_shares`, :func:`diaspora_scenarios` and
  :func:`homeland_ratios` put the region's Kazakhs in the worldwide picture.

All counts come from the data package (``ethnic_composition``, ``population``,
``diaspora_estimates``); nothing here holds a value of its own.
"""
from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from . import fmt, paths
from .data import DataError, load

#: The four host countries of the paper's Table 1, in the order its text lists them.
STUDY = ("UZB", "KGZ", "TJK", "TKM")

#: Printed measures of Table 1 (``measure`` in ``ethnic_composition``) and our names for them.
MEASURES = {"percent-of-total": "share", "percent-of-non-titular": "ratio"}
MEASURE_LABELS = {
    "share": "Kazakhs, % of the total population",
    "ratio": "Kazakhs, % of the non-titular population",
}

SHORT_LABELS = {"share": "% of total", "ratio": "% of non-titular"}

#: How a source's qualifier reads in front of a number.
_APPROX = {"exact": "", "rounded": "", "about": "≈", "more-than": ">", "up-to": "≤"}


def country_names(language: str = "en") -> dict[str, str]:
    """Country code -> name, from the gazetteer (``language``: en, ru or kk)."""
    countries = load("countries")
    return dict(zip(countries["iso3"], countries[f"name_{language}"]))


def _check_vintage(pop: pd.DataFrame, vintage: str) -> None:
    known = sorted(pop["vintage"].unique())
    if vintage not in known:
        raise DataError(f"unknown World Bank vintage {vintage!r}; the data hold {', '.join(known)}")


def vintages() -> list[str]:
    """The World Bank releases (vintages) the population table holds, oldest first."""
    return sorted(load("population")["vintage"].unique())


def population(vintage: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """World Bank total population of the five countries in one vintage, with country names."""
    pop = load("population")
    _check_vintage(pop, vintage)
    pop = pop[pop["vintage"] == vintage]
    if years:
        pop = pop[pop["year"].between(*years)]
    pop = pop.assign(country=pop["iso3"].map(country_names()))
    return pop[["iso3", "country", "year", "population", "vintage", "source", "copy_read", "status"]].reset_index(drop=True)


def total_population(vintage: str, iso3: str, year: int) -> pd.Series:
    """The World Bank total of ``iso3`` for ``year``, or for the latest earlier year the vintage holds.

    Returns the population row (``year`` says which year was used). Raises :class:`DataError`
    when the vintage has no year at or before ``year``.
    """
    pop = population(vintage)
    rows = pop[(pop["iso3"] == iso3) & (pop["year"] <= year)]
    if rows.empty:
        raise DataError(f"World Bank vintage {vintage!r} has no population of {iso3} for {year} or earlier")
    return rows.sort_values("year").iloc[-1]


# --- ethnic composition ---------------------------------------------------------------------


def ethnic_composition() -> pd.DataFrame:
    """Every count and share of ``ethnic_composition``, with country names."""
    eth = load("ethnic_composition")
    return eth.assign(country=eth["iso3"].map(country_names()))


def when(year, precision) -> str:
    """A reference year as a reader should see it: ``2021`` or ``c. 2024``."""
    return f"c. {year}" if precision == "circa" else str(year)


def approx(value, approximation, format=fmt.count) -> str:
    """A value with its qualifier: ``≈35,000``, ``>2,000``, ``821,200``."""
    return f"{_APPROX.get(approximation, '')}{format(value)}"


def kazakh_counts(iso3: str | None = None) -> pd.DataFrame:
    """Every count of Kazakhs (persons) in the data, one country or all, oldest first."""
    eth = ethnic_composition()
    rows = eth[(eth["group"] == "kazakhs") & (eth["measure"] == "persons")]
    if iso3:
        rows = rows[rows["iso3"] == iso3]
    rows = rows.assign(when=[when(y, p) for y, p in zip(rows["year"], rows["date_precision"])])
    cols = ["iso3", "country", "year", "when", "date_precision", "persons", "approximation", "table1",
            "source", "copy_read", "locator", "status"]
    return rows.sort_values(["iso3", "year", "persons"])[cols].reset_index(drop=True)


def table1_kazakhs() -> pd.DataFrame:
    """The Kazakh count of each country in the reconstruction of Table 1 (rows flagged ``table1``)."""
    rows = kazakh_counts()
    rows = rows[rows["table1"].fillna(False)]
    counts = rows["iso3"].value_counts()
    for iso3 in STUDY:
        if counts.get(iso3, 0) != 1:
            raise DataError(
                f"resource 'ethnic_composition': expected one Kazakh count flagged table1 for {iso3}, "
                f"found {counts.get(iso3, 0)}")
    return rows.set_index("iso3").loc[list(STUDY)].reset_index()


def decimals(printed: float) -> int:
    """How many decimals a printed figure has: ``decimals(0.52) == 2``, ``decimals(5.0) == 0``."""
    text = repr(float(printed))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def printed_table1() -> pd.DataFrame:
    """The shares and ratios Table 1 prints (status stated-by-authors), one row per figure."""
    eth = ethnic_composition()
    rows = eth[eth["table1"].fillna(False) & eth["measure"].isin(list(MEASURES))]
    rows = rows.assign(measure=rows["measure"].map(MEASURES), printed=rows["percent"].astype(float))
    rows = rows.assign(decimals=rows["printed"].map(decimals))
    order = {c: i for i, c in enumerate([*MEASURES.values(), *STUDY])}
    rows = rows.sort_values(["measure", "iso3"], key=lambda col: col.map(order))
    return rows[["iso3", "country", "measure", "printed", "decimals", "source", "locator"]].reset_index(drop=True)


def titular_shares(iso3: str | None = None, since: int | None = None) -> pd.DataFrame:
    """Every share of the titular group in the data (per cent of the total population).

    A share is taken as published, or computed from a titular count and a total of the same
    source and year (status ``derived``).
    """
    eth = ethnic_composition()
    tit = eth[eth["group"] == "titular"]
    published = tit[tit["measure"] == "percent-of-total"].assign(basis="published")
    counts = tit[tit["measure"] == "persons"]
    totals = eth[(eth["group"] == "total") & (eth["measure"] == "persons")]
    both = counts.merge(totals[["iso3", "year", "source", "copy_read", "persons"]], on=["iso3", "year", "source"],
                        suffixes=("", "_total"))
    both = both[~both.set_index(["iso3", "year", "source"]).index.isin(
        published.set_index(["iso3", "year", "source"]).index)]
    derived = both.assign(percent=100 * both["persons"] / both["persons_total"], status="derived",
                          basis="titular count ÷ total of the same source",
                          copy_read=[_keys(a, b) for a, b in zip(both["copy_read"], both["copy_read_total"])])
    shares = pd.concat([published, derived], ignore_index=True)
    if iso3:
        shares = shares[shares["iso3"] == iso3]
    if since is not None:
        shares = shares[shares["year"] >= since]
    shares = shares.assign(percent=shares["percent"].astype(float))
    return shares.sort_values(["iso3", "year"])[
        ["iso3", "year", "date_precision", "percent", "basis", "source", "copy_read", "status"]].reset_index(drop=True)


def titular_share(iso3: str, year: int) -> pd.Series | None:
    """The titular share closest to ``year``: the latest at or before it, else the earliest after.

    None when the data hold no titular share for the country (Turkmenistan).
    """
    shares = titular_shares(iso3)
    if shares.empty:
        return None
    before = shares[shares["year"] <= year]
    return (before.iloc[-1] if not before.empty else shares.iloc[0])


# --- Table 1 --------------------------------------------------------------------------------


def table1(vintage: str, reference_year: int) -> pd.DataFrame:
    """Table 1 rebuilt: one row per country and quantity, each with its year, status and source.

    Quantities: ``kazakhs`` (the paper's count), ``total`` (World Bank ``vintage`` in
    ``reference_year``, or its latest earlier year), ``titular`` (the titular share closest to the
    reference year applied to that total), ``others`` (total − titular − Kazakhs), ``share``
    (Kazakhs, % of total) and ``ratio`` (Kazakhs, % of the non-titular population, i.e. of
    total − titular). Cells the data cannot fill (no titular share for Turkmenistan) are missing.
    """
    rows = []
    for k in table1_kazakhs().itertuples():
        pop = total_population(vintage, k.iso3, reference_year)
        total, kaz = float(pop["population"]), float(k.persons)
        base = {"iso3": k.iso3, "country": k.country}
        rows.append({**base, "quantity": "kazakhs", "value": kaz, "approximation": k.approximation,
                     "when": k.when, "status": k.status, "source": k.source, "copy_read": _keys(k.copy_read)})
        rows.append({**base, "quantity": "total", "value": total, "approximation": "exact",
                     "when": str(pop["year"]), "status": pop["status"], "source": pop["source"],
                     "copy_read": _keys(pop["copy_read"])})
        tit = titular_share(k.iso3, reference_year)
        total_when = str(pop["year"])
        if tit is None:
            titular = others = ratio = math.nan
            tit_when = tit_source = tit_copy = ""
        else:
            titular = total * tit["percent"] / 100
            others = total - titular - kaz
            ratio = 100 * kaz / (total - titular)
            tit_when = when(tit["year"], tit["date_precision"])
            tit_source, tit_copy = tit["source"], tit["copy_read"]
        derived = {"approximation": "exact", "status": "derived"}
        rows.append({**base, "quantity": "titular", "value": titular, **derived,
                     "when": _years(tit_when, total_when), "source": _keys(tit_source, pop["source"]),
                     "copy_read": _keys(tit_copy, pop["copy_read"])})
        rows.append({**base, "quantity": "others", "value": others, **derived,
                     "when": _years(k.when, tit_when, total_when), "source": _keys(k.source, tit_source, pop["source"]),
                     "copy_read": _keys(k.copy_read, tit_copy, pop["copy_read"])})
        rows.append({**base, "quantity": "share", "value": 100 * kaz / total, **derived,
                     "when": _years(k.when, total_when), "source": _keys(k.source, pop["source"]),
                     "copy_read": _keys(k.copy_read, pop["copy_read"])})
        rows.append({**base, "quantity": "ratio", "value": ratio, **derived,
                     "when": _years(k.when, tit_when, total_when), "source": _keys(k.source, tit_source, pop["source"]),
                     "copy_read": _keys(k.copy_read, tit_copy, pop["copy_read"])})
    out = pd.DataFrame(rows)
    out.loc[out["value"].isna(), ["status", "when", "source", "copy_read"]] = ["", "", "", ""]
    return out


def _years(*whens: str) -> str:
    """The reference years of a derived cell's inputs, each once: ``2021, 2022``."""
    return ", ".join(dict.fromkeys(w for w in whens if w))


def _keys(*keys) -> str:
    """Citation keys (or ``;``-separated lists of them), each once, joined by ``; ``; missing ones skipped."""
    return "; ".join(dict.fromkeys(k.strip() for cell in keys if isinstance(cell, str) for k in cell.split(";")
                                   if k.strip()))


def pct(value: float) -> str:
    """A share for Table 1: two decimals, or as many as show two significant digits (``0.020 %``)."""
    if pd.isna(value):
        return "–"
    digits = 2 if value >= 0.1 else 1 - math.floor(math.log10(value))
    return fmt.pct(value, digits)


TABLE1_ROWS = {
    "kazakhs": "Kazakhs",
    "total": "Total population",
    "titular": "Titular group",
    "others": "Other groups",
    "share": MEASURE_LABELS["share"],
    "ratio": MEASURE_LABELS["ratio"],
}


def table1_display(long: pd.DataFrame) -> pd.DataFrame:
    """Table 1 for reading: quantities as rows, countries as columns, each cell
    ``value (year, status)``; shares with two decimals, counts whole; ``–`` where the data are silent."""
    def cell(r):
        if pd.isna(r.value):
            return "–"
        value = pct(r.value) if r.quantity in ("share", "ratio") else approx(r.value, r.approximation)
        return f"{value}<br><small>{r.when}; {r.status}</small>"

    shown = long.assign(cell=[cell(r) for r in long.itertuples()])
    wide = shown.pivot(index="quantity", columns="country", values="cell")
    wide = wide.loc[list(TABLE1_ROWS), [long.loc[long.iso3 == c, "country"].iloc[0] for c in STUDY]]
    wide.index = [TABLE1_ROWS[q] for q in wide.index]
    return wide.rename_axis(None, axis=1).rename_axis("Quantity").reset_index()


def table1_sources(long: pd.DataFrame) -> list[str]:
    """The bibliography keys behind the cells of a :func:`table1` frame."""
    return sorted({s.strip() for cell in long["source"] for s in cell.split(";") if s.strip()})


# --- reconciliation with the printed figures -------------------------------------------------


def denominators(iso3: str, years: tuple[int, int]) -> pd.DataFrame:
    """Every total population of ``iso3`` the data hold for ``years`` (inclusive): each World Bank
    vintage, and national figures (censuses, statistical offices)."""
    pop = load("population")
    wb = pop[(pop["iso3"] == iso3) & pop["year"].between(*years)]
    wb = wb.assign(kind="World Bank", label=[f"World Bank {v}, {y}" for v, y in zip(wb["vintage"], wb["year"])])
    eth = ethnic_composition()
    nat = eth[(eth["iso3"] == iso3) & (eth["group"] == "total") & (eth["measure"] == "persons")
              & eth["year"].between(*years) & (eth["status"] != "stated-by-authors")]
    nat = nat.assign(kind="national", vintage="", population=nat["persons"],
                     label=[f"national total as reported by {source_label(s)}, {y}" for s, y in zip(nat["source"], nat["year"])])
    cols = ["iso3", "kind", "vintage", "year", "population", "label", "source"]
    return pd.concat([wb[cols], nat[cols]], ignore_index=True).astype({"population": float})


def count_range(persons: float, approximation: str) -> tuple[float, float]:
    """The counts a printed count stands for: a lower bound ("more than 2,000") runs from the number
    to the next unit of its last non-zero digit (2,000–3,000), as the claims ledger reads "more
    than"; any other count stands for itself."""
    if approximation != "more-than":
        return float(persons), float(persons)
    unit = 1
    while persons >= unit * 10 and persons % (unit * 10) == 0:
        unit *= 10
    return float(persons), float(persons + unit)


def rounds_to(value: float, printed: float, digits: int) -> bool:
    """True when ``value`` rounded to ``digits`` decimals gives ``printed`` (half a unit of the last
    printed digit either side, inclusive)."""
    return abs(value - printed) <= 0.5 * 10.0 ** -int(digits) + 1e-12


#: Years of the totals tried against the printed figures (the paper dates Table 1 to 2022–2024;
#: Uzbekistan's count is of 2021), and the earliest titular share tried for the ratios.
RECONCILE_YEARS = (2021, 2024)
TITULAR_SINCE = 2015


def reconcile(years: tuple[int, int] = RECONCILE_YEARS, titular_since: int = TITULAR_SINCE) -> pd.DataFrame:
    """Every way the data allow to recompute each printed share and ratio of Table 1.

    One row per printed figure and candidate denominator: for shares, each total population of
    :func:`denominators`; for ratios, each of them combined with each titular share published since
    ``titular_since``. ``computed`` is the Kazakh count over that denominator (per cent), ``rounds``
    whether it rounds to the printed figure, and ``implied_kazakhs`` the count the printed figure
    would imply with that denominator.
    """
    kaz = table1_kazakhs().set_index("iso3")
    rows = []
    for p in printed_table1().itertuples():
        count = float(kaz.loc[p.iso3, "persons"])
        for d in denominators(p.iso3, years).itertuples():
            if p.measure == "share":
                bases = [(d.population, d.label)]
            else:
                bases = [(d.population * (1 - t.percent / 100),
                          f"{d.label} less titular {fmt.number(t.percent, 2)} % ({t.year})")
                         for t in titular_shares(p.iso3, since=titular_since).itertuples()]
            for base, label in bases:
                computed = 100 * count / base
                rows.append({"iso3": p.iso3, "country": p.country, "measure": p.measure, "printed": p.printed,
                             "decimals": p.decimals, "kazakhs": count, "denominator": label, "vintage": d.vintage,
                             "year": d.year, "base": base, "computed": computed,
                             "rounds": rounds_to(computed, p.printed, p.decimals),
                             "implied_kazakhs": p.printed / 100 * base})
    return pd.DataFrame(rows)


VERDICTS = ("reproduced", "reproduced with other inputs", "not reproduced", "not checkable")


def reconciliation(vintage: str, reference_year: int, years: tuple[int, int] = RECONCILE_YEARS) -> pd.DataFrame:
    """For each figure Table 1 prints: our value (with the reader's vintage and year), the verdict,
    which of the inputs tried reproduce it, and why it differs where it does.

    ``verdict`` is one of :data:`VERDICTS`; ``implied_kazakhs`` is the Kazakh count the printed
    figure implies with our denominator; ``base`` is our denominator (total or non-titular
    population) and ``implied_base`` the denominator the printed figure would need.
    """
    ours = table1(vintage, reference_year).set_index(["iso3", "quantity"])
    tried = reconcile(years)
    rows = []
    for p in printed_table1().itertuples():
        value = ours.loc[(p.iso3, p.measure), "value"]
        kazakhs = ours.loc[(p.iso3, "kazakhs"), "value"]
        low, high = count_range(kazakhs, ours.loc[(p.iso3, "kazakhs"), "approximation"])
        cands = tried[(tried.iso3 == p.iso3) & (tried.measure == p.measure)]
        hits = cands[cands["rounds"]]
        row = {"iso3": p.iso3, "country": p.country, "measure": p.measure, "printed": p.printed,
               "decimals": p.decimals, "ours": value, "kazakhs": kazakhs,
               "tried": len(cands), "reproducing": len(hits), "reproduced_by": _inputs(hits) if len(hits) else ""}
        # the denominator behind our value, and the one the printed figure would need
        row["base"] = 100 * kazakhs / value if pd.notna(value) else math.nan
        row["implied_base"] = 100 * kazakhs / p.printed
        if pd.isna(value):
            row.update(verdict="not checkable", implied_kazakhs=math.nan,
                       reason="no titular share in the data, so no non-titular population to divide by")
        else:
            implied = p.printed / value * kazakhs
            row["implied_kazakhs"] = implied
            if rounds_to(value, p.printed, p.decimals):
                row.update(verdict="reproduced", reason="our value rounds to the printed one")
            elif low < high and low < implied <= high:
                row.update(verdict="reproduced",
                           reason=f"the paper counts the Kazakhs only as more than {fmt.count(low)}; the printed "
                                  f"figure implies {fmt.count(implied)}, within that bound")
            elif len(hits):
                row.update(verdict="reproduced with other inputs",
                           reason=f"rounds to the printed value with {_inputs(hits)}")
            else:
                row.update(verdict="not reproduced",
                           reason=f"none of the {len(cands)} denominators tried gives it; with ours it implies "
                                  f"{fmt.count(implied)} Kazakhs, not {'more than ' if low < high else ''}{fmt.count(kazakhs)}")
        rows.append(row)
    return pd.DataFrame(rows)


def verdict_counts(check: pd.DataFrame) -> pd.Series:
    """How many printed figures have each verdict (all of :data:`VERDICTS`, zeros included)."""
    return check["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def reconciliation_display(check: pd.DataFrame) -> pd.DataFrame:
    """A :func:`reconciliation` frame for reading: printed and our figure side by side, the verdict,
    how many of the inputs tried reproduce it, and the reason."""
    return pd.DataFrame({
        "Country": check["country"],
        "Kazakhs as": check["measure"].map(SHORT_LABELS),
        "Printed": [fmt.pct(v, d) for v, d in zip(check["printed"], check["decimals"])],
        "Ours": check["ours"].map(pct),
        "Verdict (inputs that reproduce it)": [
            f"{v} ({fmt.count(r)} of {fmt.count(t)})" for v, r, t in zip(check["verdict"], check["reproducing"], check["tried"])],
        "Why": check["reason"],
    })


def _inputs(hits: pd.DataFrame, most: int = 3) -> str:
    """A short list of the denominators that reproduce a figure, the years of one source grouped."""
    groups: dict[str, list[str]] = {}
    for label in hits["denominator"]:
        head, _, year = label.rpartition(", ")
        groups.setdefault(head, []).append(year)
    if len(groups) > most:
        return f"{len(hits)} of the combinations tried, e.g. {hits['denominator'].iloc[0]}"
    return "; ".join(f"{head} ({', '.join(years)})" for head, years in groups.items())


def share_sensitivity(since: int | None = None) -> pd.DataFrame:
    """The Kazakh share of each country in every year (from ``since``) and World Bank vintage of the
    data, beside the printed share: how Table 1's shares move with the choice of denominator."""
    kaz = table1_kazakhs().set_index("iso3")["persons"].astype(float)
    printed = printed_table1()
    printed = printed[printed.measure == "share"].set_index("iso3")["printed"]
    pop = load("population")
    pop = pop[pop["iso3"].isin(list(STUDY)) & (pop["year"] >= (since or 0))]
    out = pop.assign(country=pop["iso3"].map(country_names()), kazakhs=pop["iso3"].map(kaz),
                     population=pop["population"].astype(float))
    counts = table1_kazakhs().set_index("iso3")
    out = out.assign(share=100 * out["kazakhs"] / out["population"], printed=out["iso3"].map(printed),
                     kazakhs_source=out["iso3"].map(counts["source"]),
                     kazakhs_copy_read=out["iso3"].map(counts["copy_read"]))
    return out[["iso3", "country", "vintage", "year", "population", "kazakhs", "share", "printed",
                "source", "copy_read", "kazakhs_source", "kazakhs_copy_read"]].reset_index(drop=True)


# --- the region and the world ---------------------------------------------------------------


def region_shares() -> pd.DataFrame:
    """Kazakhs of each of the four countries and their share of the four countries' total (per cent)."""
    kaz = table1_kazakhs()
    kaz = kaz.assign(persons=kaz["persons"].astype(float))
    return kaz.assign(percent_of_region=100 * kaz["persons"] / kaz["persons"].sum())[
        ["iso3", "country", "persons", "approximation", "when", "status", "source", "copy_read", "percent_of_region"]]


def region_total() -> float:
    """The Kazakhs of the four countries together (the sum of Table 1's counts)."""
    return float(region_shares()["persons"].sum())


def paper_region_total() -> float:
    """The regional total the paper states (``diaspora_estimates``, scope central-asia)."""
    est = load("diaspora_estimates")
    row = est[(est["scope"] == "central-asia") & (est["source"] == "nurbek2025")]
    if len(row) != 1:
        raise DataError("resource 'diaspora_estimates': expected one central-asia row from nurbek2025")
    return float(row["persons_low"].iloc[0])


@lru_cache(maxsize=1)
def _bibliography():
    import pybtex.database

    return pybtex.database.parse_file(str(paths.BIBLIOGRAPHY))


def source_label(key: str) -> str:
    """A short reader-facing name for a bibliography key: the first author's family name, or the
    organisation (``The Astana Times``)."""
    entry = _bibliography().entries.get(key)
    if entry is None:
        raise DataError(f"{key!r} is not a citation key of book/references.bib")
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        return key
    name = " ".join(people[0].last_names).replace("{", "").replace("}", "")
    return f"{name} et al." if len(people) > 2 else name


def _range_text(low, high, qualifier) -> str:
    if qualifier == "more-than":
        return f"more than {fmt.millions(low)}"
    if qualifier == "up-to":
        return f"up to {fmt.millions(high)}"
    if qualifier == "range":
        return f"{fmt.number(low / 1e6)}–{fmt.millions(high)}"
    return f"about {fmt.millions(low)}"


def diaspora_scenarios() -> pd.DataFrame:
    """Every worldwide estimate of the Kazakh diaspora, and the share of it living in the four
    countries (Table 1's total) under each.

    ``share_low``/``share_high`` bound the region's share (per cent): a diaspora of *more than*
    N gives only an upper bound on the share, one of *up to* N only a lower bound.
    ``estimate_id`` (``source-year-qualifier``) names an estimate in a chapter's parameters.
    """
    est = load("diaspora_estimates")
    est = est[est["scope"] == "world"].copy()
    region = region_total()
    low = est["persons_low"].astype(float)
    high = est["persons_high"].astype(float)
    est = est.assign(
        estimate_id=[f"{s}-{y}-{q}" for s, y, q in zip(est["source"], est["year"], est["qualifier"])],
        persons_low=low, persons_high=high,
        share_low=100 * region / high, share_high=100 * region / low,
        estimate=[_range_text(lo, hi, q) for lo, hi, q in zip(low, high, est["qualifier"])],
        who=[("the paper" if st == "stated-by-authors" else source_label(s))
             for s, st in zip(est["source"], est["status"])],
    )
    est = est.assign(label=[f"{e} ({w}, {when(y, p)})" for e, w, y, p in
                            zip(est["estimate"], est["who"], est["year"], est["date_precision"])])
    if est["estimate_id"].duplicated().any():
        raise DataError("resource 'diaspora_estimates': two worldwide estimates share source, year and qualifier")
    cols = ["estimate_id", "label", "estimate", "who", "year", "qualifier", "persons_low", "persons_high",
            "share_low", "share_high", "definition", "source", "copy_read", "status"]
    return est.sort_values(["year", "persons_low", "persons_high"])[cols].reset_index(drop=True)


def diaspora_scenario(estimate_id: str) -> pd.Series:
    """One row of :func:`diaspora_scenarios`, by its ``estimate_id``."""
    sc = diaspora_scenarios()
    hit = sc[sc["estimate_id"] == estimate_id]
    if hit.empty:
        raise DataError(f"unknown diaspora estimate {estimate_id!r}; known: {', '.join(sc['estimate_id'])}")
    return hit.iloc[0]


def kazakhstan_kazakhs() -> pd.Series:
    """Kazakhstan's own Kazakhs: the latest official count (persons), with the share of the total
    population published for the same date (``percent``, missing if none)."""
    eth = ethnic_composition()
    kaz = eth[(eth["iso3"] == "KAZ") & (eth["group"] == "kazakhs") & (eth["status"] == "official")]
    count = kaz[kaz["measure"] == "persons"].sort_values("year").iloc[-1].copy()
    share = kaz[(kaz["measure"] == "percent-of-total") & (kaz["reference_date"] == count["reference_date"])]
    count["percent"] = float(share["percent"].iloc[0]) if len(share) else math.nan
    return count


def homeland_denominators() -> pd.DataFrame:
    """What the worldwide diaspora can be set against: Kazakhstan's own Kazakhs (latest official
    count), its total population at the same date (every official release of it), and the number
    the paper calls its Kazakh population (``stated-by-authors``)."""
    eth = ethnic_composition()
    kaz = eth[(eth["iso3"] == "KAZ") & (eth["measure"] == "persons")]
    kazakhs = kazakhstan_kazakhs()
    totals = kaz[(kaz["status"] == "official") & (kaz["group"] == "total")
                 & (kaz["reference_date"] == kazakhs["reference_date"]) & (kaz["approximation"] == "exact")]
    paper = kaz[(kaz["status"] == "stated-by-authors") & (kaz["group"] == "kazakhs") & (kaz["approximation"] == "exact")]
    rows = [("Kazakhs in Kazakhstan", kazakhs),
            *[("Total population of Kazakhstan", t) for _, t in totals.iterrows()],
            *[("Kazakhstan's Kazakh population, as the paper gives it", p) for _, p in paper.iterrows()]]
    return pd.DataFrame([{
        "denominator": name, "persons": float(r["persons"]), "approximation": r["approximation"],
        "date": r["reference_date"].date().isoformat() if pd.notna(r["reference_date"]) else str(r["year"]),
        "source": r["source"], "copy_read": r["copy_read"], "status": r["status"]} for name, r in rows])


def paper_homeland_is_total() -> bool:
    """True when the number the paper calls Kazakhstan's Kazakh population is one of the official
    totals of the whole population in the data."""
    den = homeland_denominators()
    paper = den[den["status"] == "stated-by-authors"]["persons"]
    totals = den[den["denominator"] == "Total population of Kazakhstan"]["persons"]
    return bool(len(paper)) and paper.isin(totals).all()


def homeland_ratios(estimate_id: str) -> pd.DataFrame:
    """The worldwide diaspora (one estimate, both ends) as a percentage of each of
    :func:`homeland_denominators`."""
    sc = diaspora_scenario(estimate_id)
    low = sc["persons_low"] if pd.notna(sc["persons_low"]) else sc["persons_high"]
    high = sc["persons_high"] if pd.notna(sc["persons_high"]) else sc["persons_low"]
    den = homeland_denominators()
    return den.assign(ratio_low=100 * low / den["persons"], ratio_high=100 * high / den["persons"],
                      estimate=sc["label"], estimate_copy_read=sc["copy_read"])


def share_range_text(low: float, high: float, digits: int = 1, *, between: bool = False) -> str:
    """A share bounded by ``low`` and ``high`` (either may be missing) in words: ``12.4–17.3 %``,
    ``at most 28.9 %``, ``at least 17.3 %``, ``19.3 %``; with ``between``, a range reads
    ``between 12.4 and 17.3 %`` (for running text after "is")."""
    if pd.isna(low) and pd.isna(high):
        return "–"
    if pd.isna(low):
        return f"at most {fmt.pct(high, digits)}"
    if pd.isna(high):
        return f"at least {fmt.pct(low, digits)}"
    if fmt.number(low, digits) == fmt.number(high, digits):
        return fmt.pct(low, digits)
    if between:
        return f"between {fmt.number(low, digits)} and {fmt.pct(high, digits)}"
    return f"{fmt.number(low, digits)}–{fmt.pct(high, digits)}"


def common_year(year: int) -> int:
    """The latest year at or before ``year`` that every World Bank vintage in the data covers."""
    pop = load("population")
    last = min(int(pop[pop["vintage"] == v]["year"].max()) for v in vintages())
    return min(year, last)


def vintage_revision(iso3: str, year: int) -> float:
    """How far the later World Bank vintage moved a country's population for ``year``
    (later minus earlier, persons)."""
    old, new = vintages()[0], vintages()[-1]
    return float(total_population(new, iso3, year)["population"]) - float(total_population(old, iso3, year)["population"])


# --- charts ---------------------------------------------------------------------------------


def share_map_data(long: pd.DataFrame) -> pd.DataFrame:
    """One row per country for the map: Table 1's four countries (from a :func:`table1` frame) and
    Kazakhstan itself (its official count and published share)."""
    t = long.set_index(["iso3", "quantity"])
    rows = []
    for iso3 in STUDY:
        k, tot, sh = t.loc[(iso3, "kazakhs")], t.loc[(iso3, "total")], t.loc[(iso3, "share")]
        rows.append({"iso3": iso3, "country": k["country"], "kazakhs": k["value"],
                     "kazakhs_text": approx(k["value"], k["approximation"]), "kazakhs_year": k["when"],
                     "kazakhs_status": k["status"], "population": tot["value"], "population_year": tot["when"],
                     "share": sh["value"], "share_text": pct(sh["value"]), "share_status": "derived",
                     "copy_read": sh["copy_read"]})
    kaz = kazakhstan_kazakhs()
    rows.append({"iso3": "KAZ", "country": country_names()["KAZ"], "kazakhs": float(kaz["persons"]),
                 "kazakhs_text": approx(kaz["persons"], kaz["approximation"]), "kazakhs_year": str(kaz["year"]),
                 "kazakhs_status": kaz["status"], "population": math.nan, "population_year": "",
                 "share": kaz["percent"], "share_text": pct(kaz["percent"]), "share_status": kaz["status"],
                 "copy_read": kaz["copy_read"]})
    return pd.DataFrame(rows)


def share_map(data: pd.DataFrame, tolerance: float | None = None):
    """Choropleth of the Kazakh share of each country's population (log colour scale: the shares
    run from hundredths of a per cent to a majority), capitals marked, numbers in the tooltips."""
    import altair as alt

    from . import maps

    tooltip = [alt.Tooltip("country:N", title="Country"),
               alt.Tooltip("kazakhs_text:N", title="Kazakhs"),
               alt.Tooltip("kazakhs_year:N", title="Year of the count"),
               alt.Tooltip("kazakhs_status:N", title="Status of the count"),
               alt.Tooltip("share_text:N", title="Share of the population"),
               alt.Tooltip("share_status:N", title="Status of the share")]
    shown = data[["iso3", "share", *[t.shorthand.split(":")[0] for t in tooltip]]].drop_duplicates(subset="iso3")
    shown = shown.loc[:, ~shown.columns.duplicated()]
    return maps.choropleth(shown, "share", title="Kazakhs, % of the population (log scale)", tooltip=tooltip,
                           scale=alt.Scale(type="log", scheme="blues"),
                           tolerance=maps.TOLERANCE if tolerance is None else tolerance)


BOUNDS = {
    "about": "point estimate",
    "range": "ends of a range",
    "more-than": "at most (diaspora 'more than')",
    "up-to": "at least (diaspora 'up to')",
}


def diaspora_range_data(scenarios: pd.DataFrame | None = None) -> pd.DataFrame:
    """The region's share of the worldwide diaspora, one row per estimate and known end:
    ``share`` (per cent), ``end`` (low/high) and ``bound`` (what kind of bound it is)."""
    sc = diaspora_scenarios() if scenarios is None else scenarios
    rows = []
    for r in sc.itertuples():
        for end, share in (("low", r.share_low), ("high", r.share_high)):
            if pd.notna(share):
                rows.append({"estimate_id": r.estimate_id, "label": r.label, "end": end, "share": share,
                             "bound": BOUNDS[r.qualifier], "range": share_range_text(r.share_low, r.share_high),
                             "source": r.source, "copy_read": r.copy_read, "status": r.status})
    return pd.DataFrame(rows)


def diaspora_range_chart(data: pd.DataFrame, order: list[str]):
    """Each estimate of the worldwide diaspora as the range of shares it leaves for the region:
    a line between the ends where both are known, a marker per end (a triangle for a one-sided bound)."""
    import altair as alt

    from . import charts

    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("share:Q", title="Kazakhs of the four countries, % of the worldwide diaspora",
              scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("label:N", title="Estimate"), alt.Tooltip("range:N", title="Region's share"),
               alt.Tooltip("bound:N", title="Kind"), alt.Tooltip("status:N", title="Status")]
    colour = alt.Color("status:N", scale=charts.status_scale(sorted(data["status"].unique())), title="Status")
    # one row per estimate (low and high end side by side); the markers unfold it again
    wide = data.pivot_table(index=["label", "status", "range", "bound"], columns="end", values="share")
    wide = wide.reindex(columns=["low", "high"]).round(2).reset_index()
    base = alt.Chart(wide)
    rule = base.mark_rule(strokeWidth=3).encode(y=y, x="low:Q", x2="high:Q", color=colour, tooltip=tooltip
                                                ).transform_filter("isValid(datum.low) && isValid(datum.high)")
    shape = alt.Shape("bound:N", title="Marker", scale=alt.Scale(
        domain=list(BOUNDS.values()), range=["circle", "circle", "triangle-left", "triangle-right"]))
    ends = base.mark_point(size=90, filled=True).encode(y=y, x=x, color=colour, shape=shape, tooltip=tooltip
                                                        ).transform_fold(["low", "high"], as_=["end", "share"]
                                                        ).transform_filter("isValid(datum.share)")
    return alt.layer(rule, ends).properties(width=300, height=alt.Step(26)).configure_legend(
        orient="bottom", columns=1, labelLimit=260)


def sensitivity_chart(data: pd.DataFrame):
    """Small multiples: each country's Kazakh share by year under each World Bank vintage, with the
    share the paper prints as a dashed line."""
    import altair as alt

    from . import charts

    vints = sorted(data["vintage"].unique())
    base = alt.Chart(data[["country", "vintage", "year", "share", "printed"]].round({"share": 4}))
    lines = base.mark_line(point=True).encode(
        x=alt.X("year:Q", title="Year of the population total", axis=alt.Axis(format="d", tickMinStep=2),
                scale=alt.Scale(zero=False)),
        y=alt.Y("share:Q", title="Kazakhs, % of total", scale=alt.Scale(zero=False)),
        color=alt.Color("vintage:N", title="World Bank release",
                        scale=alt.Scale(domain=vints, range=charts.PALETTE[: len(vints)])),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("vintage:N", title="Release"),
                 alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("share:Q", title="Share, %", format=".3f"),
                 alt.Tooltip("printed:Q", title="Printed, %")],
    )
    printed = base.mark_rule(strokeDash=[4, 3], color="#555555").encode(
        y="printed:Q", tooltip=[alt.Tooltip("printed:Q", title="Share the paper prints, %")])
    return alt.layer(lines, printed).properties(width=230, height=150).facet(
        facet=alt.Facet("country:N", title=None, sort=[country_names()[c] for c in STUDY]), columns=2,
    ).resolve_scale(y="independent")


# --- one country over time (the country profiles) ------------------------------------------


def kazakh_series(iso3: str) -> pd.DataFrame:
    """Every count of Kazakhs in one country, oldest first, with the value as a reader sees it
    (``text``: ``≈35,000``) and the source's short name (``who``)."""
    rows = kazakh_counts(iso3)
    return rows.assign(persons=rows["persons"].astype(float),
                       text=[approx(p, a) for p, a in zip(rows["persons"], rows["approximation"])],
                       who=rows["source"].map(source_label))


def share_series(iso3: str, vintage: str, reference_year: int) -> pd.DataFrame:
    """Every Kazakh share of one country's population the data hold or allow: shares as published,
    counts divided by a total of the same year (from the same source, or both from the census),
    and Table 1's count divided by the World Bank total (``vintage``, ``reference_year``). Per cent,
    oldest first."""
    eth = ethnic_composition()
    eth = eth[eth["iso3"] == iso3]
    kaz = eth[eth["group"] == "kazakhs"]
    published = kaz[kaz["measure"] == "percent-of-total"].assign(basis="published share")
    counts = kaz[(kaz["measure"] == "persons") & (kaz["status"] != "stated-by-authors")]
    totals = eth[(eth["group"] == "total") & (eth["measure"] == "persons")]
    both = counts.merge(totals[["year", "source", "copy_read", "status", "persons"]], on="year", suffixes=("", "_total"))
    same_source = both["source"] == both["source_total"]
    same_census = (both["status"] == "census") & (both["status_total"] == "census")
    both = both[same_source | same_census]
    derived = both.assign(percent=100 * both["persons"] / both["persons_total"], status="derived",
                          basis=["count ÷ total of the same source" if s else "census count ÷ census total"
                                 for s in same_source[same_source | same_census]],
                          source=[a if a == b else f"{a}; {b}" for a, b in zip(both["source"], both["source_total"])],
                          copy_read=[_keys(a, b) for a, b in zip(both["copy_read"], both["copy_read_total"])])
    t1 = table1(vintage, reference_year).set_index(["iso3", "quantity"])
    table = pd.DataFrame([{
        "year": reference_year, "date_precision": "year", "percent": t1.loc[(iso3, "share"), "value"],
        "status": "derived", "source": t1.loc[(iso3, "share"), "source"], "copy_read": t1.loc[(iso3, "share"), "copy_read"],
        "basis": f"Table 1 count ÷ World Bank total ({vintage}, {t1.loc[(iso3, 'total'), 'when']})"}])
    out = pd.concat([published, derived, table], ignore_index=True)
    out = out.assign(percent=out["percent"].astype(float),
                     when=[when(y, p) for y, p in zip(out["year"], out["date_precision"])])
    return out.sort_values("year")[["year", "when", "percent", "basis", "status", "source", "copy_read"]].reset_index(drop=True)


def census_conflicts(iso3: str, window: int = 7, vintage: str | None = None) -> pd.DataFrame:
    """The paper's own figures for the Kazakhs of one country beside every census figure and estimate
    of the same kind from other sources within ``window`` years of it, with the ratio of the two
    (paper ÷ other). ``measure`` says what is compared: ``count`` (the paper's counts beside other
    counts) or ``share`` (the paper's share of the total population beside other published shares).

    With a World Bank ``vintage``, ``other_persons`` and ``paper_persons`` give each pair as head
    counts: a share times the World Bank total of its year (``population_year`` says which year was
    used), and for the paper's share the Kazakh count of its Table 1 reconstruction."""
    eth = ethnic_composition()
    eth = eth[(eth["iso3"] == iso3) & (eth["group"] == "kazakhs") & (eth["measure"] == "percent-of-total")]
    shares = eth.assign(value=eth["percent"].astype(float),
                        text=[approx(v, a, lambda x: fmt.pct(x, decimals(x)))
                              for v, a in zip(eth["percent"].astype(float), eth["approximation"])],
                        when=[when(y, p) for y, p in zip(eth["year"], eth["date_precision"])],
                        who=eth["source"].map(source_label), measure="share")
    counts = kazakh_series(iso3)
    counts = counts.assign(value=counts["persons"], measure="count")
    base = table1_kazakhs().set_index("iso3").loc[iso3, "persons"] if vintage else None
    out = []
    for rows in (counts, shares):
        paper = rows[rows["status"] == "stated-by-authors"]
        others = rows[~rows["status"].isin(["stated-by-authors", "inferred"])]
        for p in paper.itertuples():
            for o in others[(others["year"] - p.year).abs() <= window].itertuples():
                row = {"measure": p.measure, "paper": p.value, "paper_text": p.text, "paper_when": p.when,
                       "paper_locator": p.locator, "other": o.value, "other_text": o.text,
                       "other_when": o.when, "other_status": o.status, "other_source": o.source,
                       "other_copy_read": o.copy_read,
                       "other_who": o.who, "ratio": p.value / o.value,
                       "paper_persons": float("nan"), "other_persons": float("nan"), "population_year": pd.NA}
                if vintage and p.measure == "count":
                    row.update(paper_persons=float(p.value), other_persons=float(o.value))
                elif vintage:
                    total = total_population(vintage, iso3, int(o.year))
                    row.update(paper_persons=float(base), other_persons=o.value / 100 * float(total["population"]),
                               population_year=int(total["year"]))
                out.append(row)
    cols = ["measure", "paper", "paper_text", "paper_when", "paper_locator", "other", "other_text", "other_when",
            "other_status", "other_source", "other_copy_read", "other_who", "ratio", "paper_persons", "other_persons",
            "population_year"]
    return pd.DataFrame(out, columns=cols)


def widest_gap(conflicts: pd.DataFrame) -> pd.Series:
    """The row of a :func:`census_conflicts` frame where the paper and the other source are furthest
    apart (largest ratio either way)."""
    return conflicts.loc[conflicts["ratio"].map(lambda r: abs(math.log(r))).idxmax()]


def series_chart(series: pd.DataFrame, country: str):
    """Every count of Kazakhs in one country as points by year, coloured by status (log scale when
    the counts span more than a factor of twenty; otherwise a linear scale from zero, so that
    counts close to each other look close)."""
    import altair as alt

    from . import charts

    data = series[["year", "when", "persons", "text", "status", "who"]]
    spread = data["persons"].max() / data["persons"].min()
    statuses = [s for s in charts.STATUS_COLOURS if s in set(data["status"])]
    return alt.Chart(data).mark_point(size=80, filled=True, opacity=0.9).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, padding=12)),
        y=alt.Y("persons:Q", title=f"Kazakhs in {country}" + (" (log scale)" if spread > 20 else ""),
                scale=(alt.Scale(type="log", padding=12) if spread > 20
                       else alt.Scale(domain=[0, 1.1 * float(data["persons"].max())], nice=True)),
                axis=alt.Axis(format="~s")),
        color=alt.Color("status:N", scale=charts.status_scale(statuses), title="Status"),
        shape=alt.Shape("status:N", scale=alt.Scale(domain=statuses), title="Status"),
        tooltip=[alt.Tooltip("when:N", title="Year"), alt.Tooltip("text:N", title="Kazakhs"),
                 alt.Tooltip("status:N", title="Status"), alt.Tooltip("who:N", title="Source")],
    ).properties(height=260)
