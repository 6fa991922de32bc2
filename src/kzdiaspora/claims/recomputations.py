"""Check functions that recompute a claim with the chapters' own library functions
(:mod:`~kzdiaspora.demography`, :mod:`~kzdiaspora.policy`, :mod:`~kzdiaspora.kandas`,
:mod:`~kzdiaspora.migration`), so that the ledger and the chapters cannot disagree."""

from __future__ import annotations

import pandas as pd

from .. import bibliography, countries, demography, fmt, i18n, policy
from ..data import DataError, load
from ..i18n import N_, pgettext
from ..i18n import gettext as _
from .findings import Finding, NotCheckable, check, missing_years


@check
def kazakh_share_of_kazakhstan() -> Finding:
    """Ethnic Kazakhs over the total population of Kazakhstan at the same date (official counts)."""
    den = demography.homeland_denominators()
    kaz = den[den["denominator"] == "Kazakhs in Kazakhstan"].iloc[0]
    total = den[den["denominator"] == "Total population of Kazakhstan"].iloc[0]
    return Finding(
        100 * kaz["persons"] / total["persons"],
        "percent",
        _("{kazakhs} Kazakhs ÷ {people} people, {date}").format(
            kazakhs=fmt.count(kaz["persons"]), people=fmt.count(total["persons"]), date=kaz["date"]
        ),
        (kaz["source"], total["source"]),
    )


@check
def table1(iso3: str, quantity: str, vintage: str, year: int) -> Finding:
    """A share or ratio of Table 1 as the demography chapter rebuilds it (World Bank ``vintage``,
    reference ``year``), with the other denominators that would reproduce the printed figure."""
    cells = demography.table1(vintage, year)
    cell = cells[(cells["iso3"] == iso3) & (cells["quantity"] == quantity)].iloc[0]
    if pd.isna(cell["value"]):
        raise NotCheckable(_("The data cannot give this cell of Table 1 (see the demography chapter)."))
    reconciled = demography.reconciliation(vintage, year)
    rec = reconciled[(reconciled["iso3"] == iso3) & (reconciled["measure"] == quantity)].iloc[0]
    inputs = _("the article's Table 1 rebuilt with {release}, for {year}").format(
        release=fmt.release(vintage), year=year
    )
    if rec["reproducing"] and not demography.rounds_to(
        float(cell["value"]), float(rec["printed"]), int(rec["decimals"])
    ):
        inputs += _("; the printed figure is obtained with {denominator}").format(denominator=rec["reproduced_by"])
    sources = tuple(bibliography.keys(cell["source"]))
    kazakhs = cells[(cells["iso3"] == iso3) & (cells["quantity"] == "kazakhs")].iloc[0]
    low, high = demography.count_range(kazakhs["value"], kazakhs["approximation"])
    values = {"count": fmt.count(low), "high": fmt.count(high), "implied": fmt.count(rec["implied_kazakhs"])}
    if low < high:  # the count is a lower bound: the value is a range, from the bound up
        value = float(cell["value"])
        inputs += _(
            "; the Kazakh count is a lower bound (more than {low}), read as up to {high}; the printed figure implies "
            "{implied}"
        ).format(low=fmt.count(low), high=fmt.count(high), implied=fmt.count(rec["implied_kazakhs"]))
        return Finding((value, value * high / low), "percent", inputs, sources, values=values)
    return Finding(float(cell["value"]), "percent", inputs, sources, values=values)


def _country(iso3: str, name: str) -> str:
    """A country's name as the data give it, or in the page's language when it is not English."""
    return name if i18n.language() == i18n.LANGUAGES[0] else countries.names(i18n.language()).get(iso3, name)


def inferred_counts() -> tuple[str, ...]:
    """The accounts (locators) of Table 1's counts that are inferred from the article's numbers."""
    kaz = demography.table1_kazakhs()
    return tuple(kaz.loc[kaz["status"] == "inferred", "locator"])


@check
def region_total() -> Finding:
    """The Kazakhs of the four countries together (Table 1's counts)."""
    shares = demography.region_shares()
    parts = ", ".join(
        f"{_country(r.iso3, r.country)} {fmt.approx(r.persons, r.approximation)}" for r in shares.itertuples()
    )
    return Finding(
        demography.region_total(),
        "persons",
        _("sum of {parts}").format(parts=parts),
        tuple(shares["source"]),
        inferred=inferred_counts(),
    )


@check
def region_share(iso3: str) -> Finding:
    """One country's share of the four countries' Kazakhs."""
    shares = demography.region_shares().set_index("iso3")
    r = shares.loc[iso3]
    return Finding(
        float(r["percent_of_region"]),
        "percent",
        _("{part} of {total}").format(part=fmt.count(r["persons"]), total=fmt.count(shares["persons"].sum())),
        tuple(shares["source"]),
        inferred=inferred_counts(),
    )


@check
def community_rank(iso3: str) -> Finding:
    """The place of a country among the four by the size of its Kazakh community (1 = largest)."""
    shares = demography.region_shares().sort_values("persons", ascending=False).reset_index(drop=True)
    rank = int(shares.index[shares["iso3"] == iso3][0]) + 1
    order = ", ".join(f"{_country(r.iso3, r.country)} {fmt.count(r.persons)}" for r in shares.itertuples())
    said = _("by size: {order}").format(order=order)
    return Finding(float(rank), "rank", said, tuple(shares["source"]), inferred=inferred_counts())


@check
def table1_place(iso3: str, quantity: str, vintage: str, year: int) -> Finding:
    """The place of a country among the four by a share or ratio of Table 1 as the demography
    chapter rebuilds it (1 = highest); a range when a count known only as a bound makes two
    countries' values overlap."""
    cells = demography.table1(vintage, year)
    cells = cells[cells["quantity"] == quantity].set_index("iso3")
    if cells["value"].isna().any():
        raise NotCheckable(_("The data cannot give every cell of that row of Table 1."))
    kaz = demography.table1_kazakhs().set_index("iso3")
    spans = {}
    for code, r in cells.iterrows():
        low, high = demography.count_range(kaz.loc[code, "persons"], kaz.loc[code, "approximation"])
        spans[code] = (float(r["value"]), float(r["value"]) * high / low)
    mine = spans[iso3]
    others = [v for k, v in spans.items() if k != iso3]
    best = 1 + sum(lo > mine[1] for lo, _ in others)
    worst = 1 + sum(hi >= mine[0] for _, hi in others)
    names = countries.names(i18n.language())
    order = ", ".join(
        f"{names[k]} {fmt.quantity(v if v[0] != v[1] else v[0], 'percent', 2)}"
        for k, v in sorted(spans.items(), key=lambda kv: -kv[1][1])
    )
    sources = tuple(dict.fromkeys(k for cell in cells["source"] for k in bibliography.keys(cell)))
    return Finding(
        float(best),
        "rank",
        _("Table 1 rebuilt with World Bank {vintage}, {year}: {order}").format(vintage=vintage, year=year, order=order),
        sources,
        bounds=None if best == worst else (float(best), float(worst)),
    )


@check
def diaspora_share(estimate: str, end: str) -> Finding:
    """The region's share of a worldwide estimate of the diaspora: the ``low`` end (over its upper
    bound) or the ``high`` end (over its lower bound)."""
    sc = demography.diaspora_scenario(estimate)
    share = sc[f"share_{end}"]
    if pd.isna(share):
        raise NotCheckable(_("The estimate {estimate} has no bound on that side.").format(estimate=sc["label"]))
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
        f"{r['estimate']} ÷ {fmt.count(r['persons'])} ({_(r['denominator'])})",  # the denominators are N_-marked
        (r["source"],),
    )


#: The two measures of net migration, as a sentence names them.
_MEASURES = {
    "wpp": N_("the UN model estimates (World Population Prospects 2024)"),
    "registered": N_("the registered balance"),
}


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
            raise NotCheckable(
                _("The {series} series has no year of {first}–{last} in the data.").format(
                    series=_(policy.SERIES[series]), first=first, last=last
                )
            )
        return _stand_in(frames, series, fallback, first, last)
    if pd.isna(s["sign"]):
        raise NotCheckable(
            _("The releases of the {series} series disagree on the sign of {first}–{last}.").format(
                series=_(policy.SERIES[series]), first=first, last=last
            )
        )
    part = frame[frame["year"].between(first, last)]
    coverage, basis, note, bounds = ("", "direct", "", None) if s["complete"] else _coverage(s, part, frame)
    sources = tuple(dict.fromkeys(k.strip() for cell in part["source"] for k in cell.split(";")))
    return Finding(
        float(s["net"]),
        "sign",
        _("{series}, {first}–{last}{coverage}: {net} people").format(
            series=_(policy.SERIES[series]), first=first, last=last, coverage=coverage, net=fmt.signed(s["net"])
        ),
        sources,
        basis=basis,
        basis_note=note,
        bounds=bounds,
        values={"net": fmt.signed(s["net"]), "years_found": str(s["years_covered"]), "years": str(s["years"])},
    )


def _coverage(s: pd.Series, part: pd.DataFrame, frame: pd.DataFrame) -> tuple[str, str, str, tuple]:
    """The years a period sum of :func:`policy.period_sums` (``s``) found, in words, with the
    partial basis, its note and bounds (see :func:`missing_years`): ``part`` the period's rows of
    the series ``frame``."""
    nets = part.groupby("year")["net"]
    signs = {
        "negative" if high < 0 else "positive" if low > 0 else "mixed" for low, high in zip(nets.min(), nets.max())
    }
    listed = ", ".join(str(y) for y in nets.groups)
    if len(signs) == 1 and "mixed" not in signs:
        each = _(", each negative") if signs.pop() == "negative" else _(", each positive")
    else:
        each = ""
    coverage = _(" ({found} of the {years} years found: {listed}{each})").format(
        found=s["years_covered"], years=s["years"], listed=listed, each=each
    )
    note, bounds = missing_years(nets.min(), nets.max(), int(s["years"]), frame["net"])
    return coverage, "partial", note, bounds


def _months_note(r: dict) -> str:
    """Why a sum of the registered record (:func:`policy.record_sum`) is partial, or ''."""
    if r["months"] == r["period_months"]:
        return ""
    least, most = r["extremes"]
    return _(
        "The registered balance is known for {found} of the period's {months} months; if each month missing "
        "were as far either way as the largest yearly balance found ({most} and {least} a year), the sum would "
        "lie between {low} and {high}."
    ).format(
        found=r["months"],
        months=r["period_months"],
        most=fmt.signed(most),
        least=fmt.signed(least),
        low=fmt.signed(r["bounds"][0]),
        high=fmt.signed(r["bounds"][1]),
    )


def _registered(frames: dict, first: int, last: int, fallback: str | None) -> Finding:
    """The sign of a period from the registered record: whole years and parts of years, with what
    the months it does not cover could do to the sum (basis partial when there are such months)."""
    r = policy.record_sum(policy.registered_record(), first, last)
    if r["months"] == 0:
        if fallback is None:
            raise NotCheckable(
                _("The {series} series has no year of {first}–{last} in the data.").format(
                    series=_(policy.SERIES["registered"]), first=first, last=last
                )
            )
        return _stand_in(frames, "registered", fallback, first, last)
    if r["low"] < 0 < r["high"]:
        disagree = _("The releases of the registered balance disagree on the sign of {first}–{last}.")
        raise NotCheckable(disagree.format(first=first, last=last))
    net = (r["low"] + r["high"]) / 2
    whole = _("whole years {years}").format(years=r["whole"]) if r["whole"] else ""
    found = "; ".join(filter(None, [whole, _("parts {parts}").format(parts=r["parts"]) if r["parts"] else ""]))
    complete = r["months"] == r["period_months"]
    note = _months_note(r)
    return Finding(
        float(net),
        "sign",
        _("{series}, {first}–{last} ({found} of its {months} months found: {listed}): {net} people").format(
            series=_(policy.SERIES["registered"]),
            first=first,
            last=last,
            found=r["months"],
            months=r["period_months"],
            listed=found,
            net=fmt.signed(net),
        ),
        tuple(r["sources"]),
        basis="direct" if complete else "partial",
        basis_note=note,
        bounds=None if complete else r["bounds"],
        values={
            "net": fmt.signed(net),
            "months_found": str(r["months"]),
            "months": str(r["period_months"]),
            "whole_years": r["whole"] or pgettext("years or parts found", "none"),
            "parts": r["parts"] or pgettext("years or parts found", "none"),
        },
    )


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
        _(
            "in the years where both are known ({known}) they differ by up to {gap} people a year, that is up to "
            "{total} over the period's {years} years"
        ).format(known=fmt.words(map(str, both)), gap=fmt.count(gaps.max()), total=fmt.count(gap), years=years)
        if len(both)
        else _("no year is known in both, so the gap between them cannot be bounded")
    )
    stand_in = _(_MEASURES[fallback])
    stand_in = stand_in[:1].upper() + stand_in[1:]
    return Finding(
        found.value,
        found.unit,
        _("{inputs} (that series alone: the data hold no {series} figures for those years)").format(
            inputs=found.inputs, series=_(policy.SERIES[series]) if i18n.language() != i18n.LANGUAGES[0] else series
        ),
        found.sources,
        basis="proxy",
        basis_note=_("{stand_in} stand in for {measure}: {where}.").format(
            stand_in=stand_in, measure=_(_MEASURES[series]), where=where
        ),
        bounds=(found.value - gap, found.value + gap),
        values=found.values,
    )


@check
def survey_total(question: str) -> Finding:
    """The sum of the percentages the article reports for one survey question."""
    svy = load("survey_marginals")
    rows = svy[(svy["question"] == question) & (svy["status"] == "stated-by-authors")]
    return Finding(
        float(rows["percent"].sum()),
        "percent",
        " + ".join(f"{fmt.count(p)} %" for p in rows["percent"]),
        tuple(dict.fromkeys(rows["source"])),
    )
