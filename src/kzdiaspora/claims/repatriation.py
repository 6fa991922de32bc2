"""Check functions on repatriation and emigration by education: the ministry's kandas releases
(:mod:`~kzdiaspora.kandas`) and the emigrants' education (``emigrants_education``), recomputed
with the chapters' library functions."""

from __future__ import annotations

import pandas as pd

from .. import countries, demography, fmt, i18n, kandas
from ..data import load
from ..i18n import N_
from ..i18n import gettext as _
from .findings import Finding, NotCheckable, check

#: The place a count is rounded to, in words.
_PLACES = {10: N_("tens"), 100: N_("hundreds"), 1000: N_("thousands")}


def _label(code: str) -> str:
    """An education level or age group of the kandas releases in words of the page's language."""
    return _(kandas.label(code))


def _english() -> bool:
    return i18n.language() == i18n.LANGUAGES[0]


@check
def kandas_count(as_of: str) -> Finding:
    """Kandas granted the status since 1 January, in the ministry's release dated ``as_of``."""
    rel = kandas.releases()
    row = rel[rel["as_of"] == pd.Timestamp(as_of)]
    if row.empty:
        raise NotCheckable(_("No release dated {date} in the data.").format(date=as_of))
    r = row.iloc[0]
    said = _("release to {date}: {count}").format(date=as_of, count=fmt.count(r["persons"]))
    return Finding(float(r["persons"]), "persons", said, (r["source"],))


def whole_year(year: int) -> tuple[pd.Series, float, str]:
    """Kandas of a whole calendar year (a row of :func:`kandas.whole_years`), with how far it may
    be off and why: a count derived from two releases' cumulative counts, which the ministry
    rounds, carries the rounding of both (:func:`kzdiaspora.demography.rounding_margin`)."""
    whole = kandas.whole_years(year, year)
    if whole.empty:
        raise NotCheckable(_("No count of kandas for the whole of {year} in the data.").format(year=year))
    r = whole.iloc[-1]
    if r["status"] != "derived":
        return r, 0.0, ""
    counts = load("kandas_counts")
    ends = [pd.Timestamp(year, 2, 1), pd.Timestamp(year + 1, 2, 1)]
    cumulative = counts[(counts["period_start"].dt.year == 1991) & counts["as_of"].isin(ends)]
    cumulative = cumulative.drop_duplicates("as_of")
    margin = sum(demography.rounding_margin(v, a) for v, a in zip(cumulative["persons"], cumulative["approximation"]))
    units = sorted({_PLACES.get(demography.last_digit_unit(v), N_("last digit")) for v in cumulative["persons"]})
    why = _("it is the difference of {n} cumulative counts published rounded to {units}").format(
        n=len(cumulative), units=fmt.words([_(u) for u in units], "or")
    )
    return r, float(margin), why


@check
def kandas_year(year: int) -> Finding:
    """Kandas granted the status over a whole calendar year, with the rounding of the counts it is
    derived from as its margin."""
    r, margin, why = whole_year(year)
    return Finding(
        float(r["persons"]),
        "persons",
        f"{year}: {fmt.count(r['persons'])} ({r['status'] if _english() else fmt.status(r['status'])})",
        (r["source"],),
        margin=margin,
        margin_note=why,
        values={"persons": fmt.count(r["persons"])},
    )


def _part_year(r: pd.Series, category: str, year: int) -> dict:
    """What a share in a release that does not cover the whole ``year`` leaves open: the kandas of
    the months after it could have come from anywhere, so the year's share lies between the
    release's count over the whole year and that count plus all later arrivals."""
    rel = kandas.releases()
    upto = float(rel.loc[rel["as_of"] == r["as_of"], "persons"].iloc[0])
    total, margin, _why = whole_year(year)
    total = float(total["persons"])
    count = r["percent"] / 100 * upto
    slack = demography.rounding_margin(r["percent"], "rounded") / 100 * upto
    low = 100 * (count - slack) / (total + margin)
    high = 100 * (count + slack + total + margin - upto) / (total + margin)
    note = _(
        "The last release of {year} runs to {date}, with {upto} kandas; the {rest} or so of the rest of the year "
        "could have come from anywhere, so the year's share of {category} lies between {low} and {high}."
    ).format(
        year=year,
        date=fmt.date(r["as_of"], with_year=False),
        upto=fmt.count(upto),
        rest=fmt.count(total - upto),
        category=countries.names(i18n.language()).get(category, _label(category)),
        low=fmt.pct(low),
        high=fmt.pct(high),
    )
    return {"basis": "partial", "basis_note": note, "bounds": (low, high)}


@check
def kandas_share(
    breakdown: str, category: str, as_of: str | None = None, year: int | None = None, base: str = "all-kandas"
) -> Finding:
    """A share of the kandas releases: at ``as_of``, or in the last release of ``year`` (partial
    evidence when that release does not cover the whole year: see :func:`_part_year`); of all
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
        raise NotCheckable(
            _("No {breakdown} share for {category} in that release.").format(breakdown=breakdown, category=category)
        )
    same = sh[sh["base"] == base]
    r = (same if len(same) else sh).iloc[0]
    when = _("release to {date}").format(date=f"{r['as_of']:%Y-%m-%d}")
    # "of" a base: Russian puts the bases in the genitive here
    bases = {
        "all-kandas": i18n.pgettext("share of", "all kandas"),
        "working-age-kandas": i18n.pgettext("share of", "the working-age kandas"),
    }
    caveat = (
        ""
        if len(same)
        else _("The release gives {share} % of {base}, not of {wanted}.").format(
            share=fmt.number(r["percent"]), base=bases[r["base"]], wanted=bases[base]
        )
    )
    partial = year and r["as_of"] != pd.Timestamp(year + 1, 1, 1)
    values = {"share": fmt.pct(r["percent"]), "as_of": fmt.date(r["as_of"])}
    if caveat and base == "all-kandas" and r["base"] == "working-age-kandas":
        return _all_kandas(r, category, values)
    return Finding(
        float(r["percent"]),
        "percent",
        f"{_label(category)}, {r['base'] if _english() else bases[r['base']]}, {when}",
        (r["source"],),
        caveat,
        values=values,
        **(_part_year(r, category, year) if partial else {}),
    )


def _all_kandas(r: pd.Series, category: str, values: dict) -> Finding:
    """A share of all kandas from a release that gives it of the working-age kandas only, as the
    range the release's age shares allow: the working-age kandas with the ``category`` are that
    share of the working-age share of all; the other ages could hold from none of them to all
    (children under working age have no higher education). Raises NotCheckable without the
    release's age shares."""
    rows = kandas.shares("age")
    rows = rows[(rows["as_of"] == r["as_of"]) & (rows["base"] == "all-kandas")]
    ages = rows.set_index("category")["percent"]
    if "working-age" not in ages.index:
        raise NotCheckable(
            _("The release to {date} gives the share of the working-age kandas only.").format(
                date=f"{r['as_of']:%Y-%m-%d}"
            )
        )
    working = float(ages["working-age"])
    open_ages = ["pension-age"] + ([] if category == "higher" else ["under-working-age"])
    rest = float(ages.reindex(open_ages).sum()) if set(open_ages) <= set(ages.index) else 100 - working
    low = float(r["percent"]) * working / 100
    high = low + rest
    words = fmt.words(_label(a) for a in open_ages)
    return Finding(
        (low, high),
        "percent",
        _(
            "{category}: {share} of the working-age kandas, who are {working} of all; {others} {rest} of all, not "
            "broken down (release to {date})"
        ).format(
            category=_label(category),
            share=fmt.pct(r["percent"]),
            working=fmt.pct(working),
            others=words,
            rest=fmt.pct(rest),
            date=f"{r['as_of']:%Y-%m-%d}",
        ),
        tuple(dict.fromkeys([r["source"], *rows["source"]])),
        basis="partial",
        basis_note=_("The release gives the education of the working-age kandas only, {working} of all.").format(
            working=fmt.pct(working)
        ),
        bounds=(low, high),
        values={**values, "low": fmt.pct(low), "high": fmt.pct(high), "working": fmt.pct(working)},
    )


@check
def kandas_share_total(as_of: str, breakdown: str) -> Finding:
    """The sum of the shares of one breakdown in a release (close to 100 when complete)."""
    snap = kandas.snapshot(as_of, breakdown)
    return Finding(
        float(snap["percent"].sum()),
        "percent",
        " + ".join(f"{fmt.number(p)} %" for p in snap["percent"]) + _(" (release to {date})").format(date=as_of),
        tuple(dict.fromkeys(snap["source"])),
    )


@check
def education_gap(as_of: str, year: int) -> Finding:
    """Share with higher education among the emigrants of ``year`` minus that among working-age
    kandas at ``as_of`` (percentage points; positive when the emigrants are more educated)."""
    comp = kandas.education_comparison(as_of, year)
    higher = comp[comp["education"] == "higher"].set_index("group")["percent"]
    emig = higher[[g for g in higher.index if g.startswith("emigrants")]]
    kand = higher[[g for g in higher.index if not g.startswith("emigrants")]]
    return Finding(
        float(emig.iloc[0] - kand.iloc[0]),
        "sign",
        _("higher education: {emigrants} {emigrants_share}, {kandas} {kandas_share}").format(
            emigrants=kandas.group_words(emig.index[0]),
            emigrants_share=fmt.pct(emig.iloc[0]),
            kandas=kandas.group_words(kand.index[0]),
            kandas_share=fmt.pct(kand.iloc[0]),
        ),
        tuple(dict.fromkeys(comp["source"])),
        values={"emigrants": fmt.pct(emig.iloc[0]), "kandas": fmt.pct(kand.iloc[0])},
    )


def _emigrants(year: int) -> pd.DataFrame:
    emi = load("emigrants_education")
    emi = emi[emi["year"] == year]
    if emi.empty:
        raise NotCheckable(_("No emigrants by education for {year} in the data.").format(year=year))
    return emi


@check
def emigrant_education_rank(year: int, level: str) -> Finding:
    """The place of an education level among the emigrants of ``year`` (1 = most emigrants)."""
    emi = _emigrants(year).sort_values("persons", ascending=False).reset_index(drop=True)
    rank = int(emi.index[emi["education"] == level][0]) + 1
    order = ", ".join(f"{_label(r.education)} {fmt.count(r.persons)}" for r in emi.itertuples())
    aged = emi["min_age"].notna().any()
    said = (
        _("emigrants aged {age} and over by number, {year}: {order}").format(
            age=int(emi["min_age"].max()), year=year, order=order
        )
        if aged
        else _("emigrants by number, {year}: {order}").format(year=year, order=order)
    )
    return Finding(
        float(rank),
        "rank",
        said,
        tuple(dict.fromkeys(emi["source"])),
        values={"min_age": fmt.count(emi["min_age"].max()) if aged else ""},
    )


@check
def emigrant_education_share(year: int, levels: str, base: str = "stated") -> Finding:
    """The share of the emigrants of ``year`` with one of ``levels`` (``;`` between several): of
    those whose level the figures state (``base="stated"``), or of every registered emigrant of
    the same months (``base="all"``, from ``external_migration``)."""
    emi = _emigrants(year)
    chosen = [level.strip() for level in levels.split(";")]
    part = float(emi.loc[emi["education"].isin(chosen), "persons"].sum())
    sources = list(dict.fromkeys(emi["source"]))
    whom = (
        _("emigrants with a stated level aged {age} and over").format(age=int(emi["min_age"].iloc[0]))
        if emi["min_age"].notna().any()
        else _("emigrants with a stated level")
    )
    total = float(emi["persons"].sum())
    if base == "all":
        months = int(emi["months"].iloc[0])
        end = pd.Timestamp(year, months, 1) + pd.offsets.MonthEnd(0)
        mig = load("external_migration")
        row = mig[
            (mig["reporter_iso3"] == "KAZ")
            & mig["partner_iso3"].isna()
            & (mig["flow"] == "emigration")
            & (mig["ethnicity"] == "all")
            & (mig["period_start"] == pd.Timestamp(year, 1, 1))
            & (mig["period_end"] == end)
        ]
        if row.empty:
            raise NotCheckable(
                _("No count of all emigrants for the same months of {year} in the data.").format(year=year)
            )
        total, whom = float(row["persons"].iloc[0]), _("all registered emigrants")
        sources.append(row["source"].iloc[0])
    words = fmt.words(_label(level) for level in chosen)
    return Finding(
        100 * part / total,
        "percent",
        _("{levels}: {part} of {total} {whom}, {year}").format(
            levels=words, part=fmt.count(part), total=fmt.count(total), whom=whom, year=year
        ),
        tuple(dict.fromkeys(sources)),
        values={
            "share": fmt.pct(100 * part / total),
            "min_age": fmt.count(emi["min_age"].max()) if emi["min_age"].notna().any() else "",
        },
    )
