"""The shares and ratios Table 1 prints, checked against every denominator the data hold: which
ones reproduce them, and why they differ where they do; and how the shares move with the World
Bank release and year of the totals.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import bibliography, countries, fmt
from ..data import load
from ..i18n import N_, _, ngettext
from .population import WORLD_BANK, ethnic_composition, titular_shares
from .table1 import SHORT_LABELS, printed_table1, table1, table1_kazakhs


def denominators(iso3: str, years: tuple[int, int]) -> pd.DataFrame:
    """Every total population of ``iso3`` the data hold for ``years`` (inclusive): each vintage (the
    World Bank's releases, the UN's World Population Prospects), and national figures (censuses,
    statistical offices)."""
    pop = load("population")
    wb = pop[(pop["iso3"] == iso3) & pop["year"].between(*years)]
    world_bank = wb["vintage"].str.startswith(WORLD_BANK)
    wb = wb.assign(
        kind=world_bank.map({True: "World Bank", False: "UN WPP"}),
        label=[f"{fmt.release(v)}, {y}" for v, y in zip(wb["vintage"], wb["year"])],
    )
    eth = ethnic_composition()
    nat = eth[
        (eth["iso3"] == iso3)
        & (eth["group"] == "total")
        & (eth["measure"] == "persons")
        & eth["year"].between(*years)
        & (eth["status"] != "stated-by-authors")
    ]
    nat = nat.assign(
        kind="national",
        vintage="",
        population=nat["persons"],
        label=[
            _("national total as reported by {author}, {year}").format(author=bibliography.author(s), year=y)
            for s, y in zip(nat["source"], nat["year"])
        ],
    )
    cols = ["iso3", "kind", "vintage", "year", "population", "label", "source"]
    return pd.concat([wb[cols], nat[cols]], ignore_index=True).astype({"population": float})


def last_digit_unit(value: float) -> float:
    """The unit of the last non-zero digit of a value as written: 2,000 -> 1,000; 1,129,600 ->
    100; 0.4 -> 0.1; 70.98 -> 0.01."""
    digits = fmt.decimals(value)
    if digits:
        return 10.0**-digits
    unit = 1
    while value >= unit * 10 and value % (unit * 10) == 0:
        unit *= 10
    return float(unit)


def count_range(persons: float, approximation: str) -> tuple[float, float]:
    """The counts a printed count stands for: a lower bound ("more than 2,000") runs from the number
    to the next unit of its last non-zero digit (2,000–3,000), as "slightly more than" an input
    count; any other count stands for itself. (A printed claim "more than N" is a lower bound only:
    :func:`kzdiaspora.claims.printed_interval`.)"""
    if approximation != "more-than":
        return float(persons), float(persons)
    return float(persons), float(persons + last_digit_unit(persons))


def rounding_margin(value: float, approximation: str) -> float:
    """How far a published value may be from the true one because it was published rounded: half
    a unit of its last non-zero digit (1,129,600 -> 50; 0.4 % -> 0.05) for a value recorded as
    ``rounded``, nothing for any other (an exact count; an estimate, whose uncertainty is not a
    matter of rounding)."""
    return 0.5 * last_digit_unit(value) if approximation == "rounded" else 0.0


def rounds_to(value: float, printed: float, digits: int) -> bool:
    """True when ``value`` rounded to ``digits`` decimals gives ``printed`` (half a unit of the last
    printed digit either side, inclusive)."""
    return abs(value - printed) <= 0.5 * 10.0 ** -int(digits) + 1e-12


#: Years of the totals tried against the printed figures (the article dates Table 1 to 2022–2024;
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
                bases = [
                    (
                        d.population * (1 - t.percent / 100),
                        _("{denominator} less titular {percent} % ({year})").format(
                            denominator=d.label, percent=fmt.number(t.percent, 2), year=t.year
                        ),
                    )
                    for t in titular_shares(p.iso3, since=titular_since).itertuples()
                ]
            for base, label in bases:
                computed = 100 * count / base
                rows.append(
                    {
                        "iso3": p.iso3,
                        "country": p.country,
                        "measure": p.measure,
                        "printed": p.printed,
                        "decimals": p.decimals,
                        "kazakhs": count,
                        "denominator": label,
                        "vintage": d.vintage,
                        "year": d.year,
                        "base": base,
                        "computed": computed,
                        "rounds": rounds_to(computed, p.printed, p.decimals),
                        "implied_kazakhs": p.printed / 100 * base,
                    }
                )
    return pd.DataFrame(rows)


VERDICTS = ("reproduced", "reproduced with other inputs", "not reproduced", "not checkable")


#: The verdicts in words (the same as their codes in English).
VERDICT_WORDS = {
    "reproduced": N_("reproduced"),
    "reproduced with other inputs": N_("reproduced with other inputs"),
    "not reproduced": N_("not reproduced"),
    "not checkable": N_("not checkable"),
}


def verdict_word(verdict: str) -> str:
    """A verdict of :data:`VERDICTS` as the page's language writes it (the code itself in English)."""
    return _(VERDICT_WORDS[verdict]) if verdict in VERDICT_WORDS else verdict


def reconciliation(vintage: str, reference_year: int, years: tuple[int, int] = RECONCILE_YEARS) -> pd.DataFrame:
    """For each figure Table 1 prints: our value (with the reader's vintage and year), the verdict,
    which of the inputs tried reproduce it, and why it differs where it does.

    ``source`` holds the bibliography keys of the printed figure and of ours, ``copy_read`` those of
    the copies ours was read in; ``verdict`` is one
    of :data:`VERDICTS`; ``implied_kazakhs`` is the Kazakh count the printed
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
        row = {
            "iso3": p.iso3,
            "country": p.country,
            "measure": p.measure,
            "printed": p.printed,
            "decimals": p.decimals,
            "ours": value,
            "kazakhs": kazakhs,
            "source": bibliography.joined(p.source, ours.loc[(p.iso3, p.measure), "source"]),
            "copy_read": ours.loc[(p.iso3, p.measure), "copy_read"],
            "tried": len(cands),
            "reproducing": len(hits),
            "reproduced_by": _inputs(hits) if len(hits) else "",
        }
        # the denominator behind our value, and the one the printed figure would need
        row["base"] = 100 * kazakhs / value if pd.notna(value) else math.nan
        row["implied_base"] = 100 * kazakhs / p.printed
        row.update(_verdict(p, value, kazakhs, (low, high), cands, hits))
        rows.append(row)
    return pd.DataFrame(rows)


def _verdict(
    p, value: float, kazakhs: float, bounds: tuple[float, float], cands: pd.DataFrame, hits: pd.DataFrame
) -> dict:
    """The verdict on one printed figure (a row of :func:`printed_table1`) given our value, the
    Kazakh count and what it stands for (``bounds``, see :func:`count_range`), the inputs tried
    and those that reproduce it; with the count it implies and the reason."""
    if pd.isna(value):
        return {
            "verdict": "not checkable",
            "implied_kazakhs": math.nan,
            "reason": _("no titular share in the data, so no non-titular population to divide by"),
        }
    low, high = bounds
    implied = p.printed / value * kazakhs
    if rounds_to(value, p.printed, p.decimals):
        return {"implied_kazakhs": implied, "verdict": "reproduced", "reason": _("our value rounds to the printed one")}
    if low < high and low < implied <= high:
        return {
            "implied_kazakhs": implied,
            "verdict": "reproduced",
            "reason": _(
                "the article counts the Kazakhs only as more than {low}; the printed "
                "figure implies {implied}, within that bound"
            ).format(low=fmt.count(low), implied=fmt.count(implied)),
        }
    if len(hits):
        return {
            "implied_kazakhs": implied,
            "verdict": "reproduced with other inputs",
            "reason": _("rounds to the printed value with {inputs}").format(inputs=_inputs(hits)),
        }
    return {
        "implied_kazakhs": implied,
        "verdict": "not reproduced",
        "reason": (
            ngettext(
                "none of the {n} denominator tried gives it; with ours it implies {implied} Kazakhs, "
                "not more than {kazakhs}",
                "none of the {n} denominators tried gives it; with ours it implies {implied} Kazakhs, "
                "not more than {kazakhs}",
                len(cands),
            )
            if low < high
            else ngettext(
                "none of the {n} denominator tried gives it; with ours it implies {implied} Kazakhs, not {kazakhs}",
                "none of the {n} denominators tried gives it; with ours it implies {implied} Kazakhs, not {kazakhs}",
                len(cands),
            )
        ).format(n=len(cands), implied=fmt.count(implied), kazakhs=fmt.count(kazakhs)),
    }


def verdict_counts(check: pd.DataFrame) -> pd.Series:
    """How many printed figures have each verdict (all of :data:`VERDICTS`, zeros included)."""
    return check["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def verdict_figures(check: pd.DataFrame) -> dict[str, str]:
    """For each of :data:`VERDICTS`, the printed figures that have it, in words ("the share for
    Tajikistan and the ratio for Uzbekistan"; "none" when no figure has it)."""
    out = {}
    for verdict in VERDICTS:
        rows = check[check["verdict"] == verdict]
        phrases = []
        for measure, group in rows.groupby("measure", sort=False):
            names = fmt.words(list(group["country"]))
            if measure == "share":
                phrase = ngettext("the share for {countries}", "the shares for {countries}", len(group))
            else:
                phrase = ngettext("the ratio for {countries}", "the ratios for {countries}", len(group))
            phrases.append(phrase.format(countries=names))
        out[verdict] = fmt.words(phrases) if phrases else _("none")
    return out


def reconciliation_display(check: pd.DataFrame) -> pd.DataFrame:
    """A :func:`reconciliation` frame for reading: printed and our figure side by side, the verdict,
    how many of the inputs tried reproduce it, and the reason."""
    return pd.DataFrame(
        {
            _("Country"): check["country"],
            _("Kazakhs as"): check["measure"].map(lambda m: _(SHORT_LABELS[m])),
            _("Printed"): [fmt.pct(v, d) for v, d in zip(check["printed"], check["decimals"])],
            _("Ours"): check["ours"].map(fmt.share),
            _("Verdict (inputs that reproduce it)"): [
                _("{verdict} ({reproducing} of {tried})").format(
                    verdict=verdict_word(v), reproducing=fmt.count(r), tried=fmt.count(t)
                )
                for v, r, t in zip(check["verdict"], check["reproducing"], check["tried"])
            ],
            _("Why"): check["reason"],
        }
    )


def _inputs(hits: pd.DataFrame, most: int = 3) -> str:
    """A short list of the denominators that reproduce a figure, the years of one source grouped."""
    groups: dict[str, list[str]] = {}
    for label in hits["denominator"]:
        head, _, year = label.rpartition(", ")
        groups.setdefault(head, []).append(year)
    if len(groups) > most:
        return ngettext(
            "{n} of the combinations tried, e.g. {example}", "{n} of the combinations tried, e.g. {example}", len(hits)
        ).format(n=len(hits), example=hits["denominator"].iloc[0])
    return "; ".join(f"{head} ({', '.join(years)})" for head, years in groups.items())


def share_sensitivity(since: int | None = None) -> pd.DataFrame:
    """The Kazakh share of each country in every year (from ``since``, up to the last year of the
    World Bank's releases) and vintage of the totals (World Bank releases, UN WPP 2024), beside the
    printed share: how Table 1's shares move with the choice of denominator."""
    kaz = table1_kazakhs().set_index("iso3")["persons"].astype(float)
    printed = printed_table1()
    printed = printed[printed.measure == "share"].set_index("iso3")["printed"]
    pop = load("population")
    last = pop.loc[pop["vintage"].str.startswith(WORLD_BANK), "year"].max()
    pop = pop[pop["iso3"].isin(list(countries.hosts())) & pop["year"].between(since or 0, last)]
    out = pop.assign(
        country=pop["iso3"].map(countries.names()),
        kazakhs=pop["iso3"].map(kaz),
        population=pop["population"].astype(float),
    )
    counts = table1_kazakhs().set_index("iso3")
    out = out.assign(
        share=100 * out["kazakhs"] / out["population"],
        printed=out["iso3"].map(printed),
        kazakhs_source=out["iso3"].map(counts["source"]),
        kazakhs_copy_read=out["iso3"].map(counts["copy_read"]),
    )
    return out[
        [
            "iso3",
            "country",
            "vintage",
            "year",
            "population",
            "kazakhs",
            "share",
            "printed",
            "source",
            "copy_read",
            "kazakhs_source",
            "kazakhs_copy_read",
        ]
    ].reset_index(drop=True)
