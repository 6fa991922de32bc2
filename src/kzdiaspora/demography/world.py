"""The region and the world: the Kazakhs of the four host countries together, their share of the
worldwide diaspora under each published estimate of its size, and the diaspora set against
Kazakhstan's own population.
"""

from __future__ import annotations

import pandas as pd

from .. import bibliography, fmt
from ..data import DataError, load
from ..i18n import N_, _
from .population import ethnic_composition, kazakhstan_kazakhs
from .table1 import table1_kazakhs


def region_shares() -> pd.DataFrame:
    """Kazakhs of each of the four countries and their share of the four countries' total (per cent)."""
    kaz = table1_kazakhs()
    kaz = kaz.assign(persons=kaz["persons"].astype(float))
    return kaz.assign(percent_of_region=100 * kaz["persons"] / kaz["persons"].sum())[
        ["iso3", "country", "persons", "approximation", "when", "status", "source", "copy_read", "percent_of_region"]
    ]


def region_total() -> float:
    """The Kazakhs of the four countries together (the sum of Table 1's counts)."""
    return float(region_shares()["persons"].sum())


def paper_region_total() -> float:
    """The regional total the article states (``diaspora_estimates``, scope central-asia)."""
    est = load("diaspora_estimates")
    row = est[(est["scope"] == "central-asia") & (est["source"] == "nurbek2025")]
    if len(row) != 1:
        raise DataError("resource 'diaspora_estimates': expected one central-asia row from nurbek2025")
    return float(row["persons_low"].iloc[0])


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
        persons_low=low,
        persons_high=high,
        share_low=100 * region / high,
        share_high=100 * region / low,
        estimate=[fmt.millions_range(lo, hi, q) for lo, hi, q in zip(low, high, est["qualifier"])],
        who=[
            (_("the article") if st == "stated-by-authors" else bibliography.author(s))
            for s, st in zip(est["source"], est["status"])
        ],
    )
    est = est.assign(
        label=[
            f"{e} ({w}, {fmt.when(y, p)})"
            for e, w, y, p in zip(est["estimate"], est["who"], est["year"], est["date_precision"])
        ]
    )
    if est["estimate_id"].duplicated().any():
        raise DataError("resource 'diaspora_estimates': two worldwide estimates share source, year and qualifier")
    cols = [
        "estimate_id",
        "label",
        "estimate",
        "who",
        "year",
        "qualifier",
        "persons_low",
        "persons_high",
        "share_low",
        "share_high",
        "definition",
        "source",
        "copy_read",
        "status",
    ]
    return est.sort_values(["year", "persons_low", "persons_high"])[cols].reset_index(drop=True)


def diaspora_scenario(estimate_id: str) -> pd.Series:
    """One row of :func:`diaspora_scenarios`, by its ``estimate_id``."""
    sc = diaspora_scenarios()
    hit = sc[sc["estimate_id"] == estimate_id]
    if hit.empty:
        raise DataError(f"unknown diaspora estimate {estimate_id!r}; known: {', '.join(sc['estimate_id'])}")
    return hit.iloc[0]


#: What the worldwide diaspora is set against (:func:`homeland_denominators`), in English: a page
#: shows them with ``_()``.
DENOMINATORS = (
    N_("Kazakhs in Kazakhstan"),
    N_("Total population of Kazakhstan"),
    N_("Kazakhstan's Kazakh population, as the article gives it"),
)


def homeland_denominators() -> pd.DataFrame:
    """What the worldwide diaspora can be set against: Kazakhstan's own Kazakhs (latest official
    count), its total population at the same date (every official release of it), and the number
    the article calls its Kazakh population (``stated-by-authors``)."""
    eth = ethnic_composition()
    kaz = eth[(eth["iso3"] == "KAZ") & (eth["measure"] == "persons")]
    kazakhs = kazakhstan_kazakhs()
    totals = kaz[
        (kaz["status"] == "official")
        & (kaz["group"] == "total")
        & (kaz["reference_date"] == kazakhs["reference_date"])
        & (kaz["approximation"] == "exact")
    ]
    paper = kaz[
        (kaz["status"] == "stated-by-authors") & (kaz["group"] == "kazakhs") & (kaz["approximation"] == "exact")
    ]
    rows = [
        (DENOMINATORS[0], kazakhs),
        *[(DENOMINATORS[1], t) for _i, t in totals.iterrows()],
        *[(DENOMINATORS[2], p) for _i, p in paper.iterrows()],
    ]
    return pd.DataFrame(
        [
            {
                "denominator": name,
                "persons": float(r["persons"]),
                "approximation": r["approximation"],
                "date": r["reference_date"].date().isoformat() if pd.notna(r["reference_date"]) else str(r["year"]),
                "source": r["source"],
                "copy_read": r["copy_read"],
                "status": r["status"],
            }
            for name, r in rows
        ]
    )


def paper_homeland_is_total() -> bool:
    """True when the number the article calls Kazakhstan's Kazakh population is one of the official
    totals of the whole population in the data."""
    den = homeland_denominators()
    paper = den[den["status"] == "stated-by-authors"]["persons"]
    totals = den[den["denominator"] == DENOMINATORS[1]]["persons"]
    return bool(len(paper)) and paper.isin(totals).all()


def homeland_ratios(estimate_id: str) -> pd.DataFrame:
    """The worldwide diaspora (one estimate, both ends) as a percentage of each of
    :func:`homeland_denominators`; ``estimate_source`` is the estimate's bibliography key."""
    sc = diaspora_scenario(estimate_id)
    low = sc["persons_low"] if pd.notna(sc["persons_low"]) else sc["persons_high"]
    high = sc["persons_high"] if pd.notna(sc["persons_high"]) else sc["persons_low"]
    den = homeland_denominators()
    return den.assign(
        ratio_low=100 * low / den["persons"],
        ratio_high=100 * high / den["persons"],
        estimate=sc["label"],
        estimate_source=sc["source"],
        estimate_copy_read=sc["copy_read"],
    )


BOUNDS = {
    "about": N_("point estimate"),
    "range": N_("ends of a range"),
    "more-than": N_("at most (diaspora 'more than')"),
    "up-to": N_("at least (diaspora 'up to')"),
}


def diaspora_range_data(scenarios: pd.DataFrame | None = None) -> pd.DataFrame:
    """The region's share of the worldwide diaspora, one row per estimate and known end:
    ``share`` (per cent), ``end`` (low/high) and ``bound`` (what kind of bound it is)."""
    sc = diaspora_scenarios() if scenarios is None else scenarios
    rows = []
    for r in sc.itertuples():
        for end, share in (("low", r.share_low), ("high", r.share_high)):
            if pd.notna(share):
                rows.append(
                    {
                        "estimate_id": r.estimate_id,
                        "label": r.label,
                        "end": end,
                        "share": share,
                        "bound": _(BOUNDS[r.qualifier]),
                        "range": fmt.pct_range(r.share_low, r.share_high),
                        "source": r.source,
                        "copy_read": r.copy_read,
                        "status": r.status,
                    }
                )
    return pd.DataFrame(rows)
