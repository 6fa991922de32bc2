"""Two checks of the article's totals from the counts the data hold.

* The worldwide diaspora rebuilt from below (:func:`host_counts`, :func:`host_coverage`): one
  count of Kazakhs per host country, summed and set against every worldwide estimate.
* The region under other counts (:func:`region_scenarios`): the four countries' total, Uzbekistan's
  share of it and its share of the worldwide diaspora, with each count the data hold for the two
  disputed communities, Uzbekistan's and Turkmenistan's.

Counts come from ``ethnic_composition`` (the four host countries of the study) and
``diaspora_estimates`` (host countries outside it); nothing here holds a value of its own.
"""

from __future__ import annotations

import itertools

import pandas as pd

from .. import countries
from ..data import DataError, load
from .population import kazakh_counts
from .table1 import table1_kazakhs
from .world import diaspora_scenarios

#: Kinds of count published by a statistics office, preferred to every other kind.
OFFICE = ("census", "official")
#: Kinds of count a bottom-up sum never uses: a figure only the article gives, or one
#: reconstructed from the article's arithmetic.
ARTICLE = ("stated-by-authors", "inferred")

#: The counts of the two disputed communities a reader can choose between: a name for each
#: choice and the row it selects (``source``, ``year``) in ``ethnic_composition``; ``None`` is
#: the count the article's regional total implies (the row flagged ``table1``).
ALTERNATIVES = {
    "UZB": {"official": ("uzstat_nationality2021", 2021), "estimate": ("kazworld2012", 2012)},
    "TKM": {"article": None, "ministry": ("azathabar_tkm2017", 2017)},
}

_COLUMNS = ["iso3", "country", "persons", "approximation", "year", "status", "source", "copy_read", "choice"]


def disputed_count(iso3: str, choice: str) -> pd.Series:
    """One count of Kazakhs in Uzbekistan or Turkmenistan, by its name in :data:`ALTERNATIVES`.

    Returns a row with the columns of :func:`host_counts`. Raises :class:`DataError` for an
    unknown country or choice, or when the data do not hold exactly one such row.
    """
    if iso3 not in ALTERNATIVES or choice not in ALTERNATIVES[iso3]:
        known = "; ".join(f"{k}: {', '.join(v)}" for k, v in ALTERNATIVES.items())
        raise DataError(f"no choice {choice!r} for {iso3!r}; known: {known}")
    if ALTERNATIVES[iso3][choice] is None:
        rows = table1_kazakhs()
        rows = rows[rows["iso3"] == iso3]
    else:
        source, year = ALTERNATIVES[iso3][choice]
        rows = kazakh_counts(iso3)
        rows = rows[(rows["source"] == source) & (rows["year"] == year)]
    if len(rows) != 1:
        raise DataError(
            f"resource 'ethnic_composition': expected one count of Kazakhs for {iso3} ({choice}), found {len(rows)}"
        )
    return _row(rows.iloc[0], iso3, choice)


def _row(r: pd.Series, iso3: str, choice: str) -> pd.Series:
    return pd.Series(
        {
            "iso3": iso3,
            "country": countries.names()[iso3],
            "persons": float(r["persons"]),
            "approximation": r["approximation"],
            "year": int(r["year"]),
            "status": r["status"],
            "source": r["source"],
            "copy_read": r["copy_read"],
            "choice": choice,
        }
    )


def _candidates() -> pd.DataFrame:
    """Every count of Kazakhs by host country: the four of the study (``ethnic_composition``) and
    the others (``diaspora_estimates``, a point or a lower bound)."""
    study = kazakh_counts()
    study = study[study["iso3"].isin(countries.hosts())]
    study = study.assign(persons=study["persons"].astype(float))[
        ["iso3", "persons", "approximation", "year", "status", "source", "copy_read"]
    ]
    est = load("diaspora_estimates")
    est = est[est["scope"] == "host-country"]
    est = pd.DataFrame(
        {
            "iso3": est["host_iso3"],
            "persons": est["persons_low"].fillna(est["persons_high"]).astype(float),
            "approximation": est["qualifier"],
            "year": est["year"],
            "status": est["status"],
            "source": est["source"],
            "copy_read": est["copy_read"],
        }
    )
    return pd.concat([study, est], ignore_index=True)


def host_counts(
    since: int = 2010, uzbekistan: str | None = "official", turkmenistan: str | None = "article"
) -> pd.DataFrame:
    """One count of Kazakhs per host country the data hold, largest first.

    For each host: the latest count by a statistics office (census or official figure) since
    ``since``; failing that, the latest other count since then; never a figure only the article
    gives. Uzbekistan and Turkmenistan take the counts chosen by name (:data:`ALTERNATIVES`), as
    the regional figures do, or follow the same rule as the others when their choice is None.
    ``choice`` says how each row was picked (``office``, ``other``, or the name of the chosen
    alternative). A host with no count since ``since`` is left out.

    Columns: iso3, country, persons (float, persons), approximation, year, status, source,
    copy_read, choice.
    """
    cand = _candidates()
    cand = cand[(cand["year"] >= since) & ~cand["status"].isin(ARTICLE)]
    rows = []
    for iso3, group in cand.groupby("iso3", sort=False):
        if {"UZB": uzbekistan, "TKM": turkmenistan}.get(iso3) is not None:
            continue
        office = group[group["status"].isin(OFFICE)]
        pick, choice = (office, "office") if len(office) else (group, "other")
        rows.append(_row(pick.sort_values(["year", "persons"]).iloc[-1], iso3, choice))
    rows += [disputed_count(c, choice) for c, choice in (("UZB", uzbekistan), ("TKM", turkmenistan)) if choice]
    out = pd.DataFrame(rows)[_COLUMNS]
    return out.sort_values("persons", ascending=False).reset_index(drop=True)


def host_coverage(counts: pd.DataFrame) -> pd.DataFrame:
    """The sum of ``counts`` (a :func:`host_counts` frame) as a percentage of each worldwide
    estimate of the diaspora (:func:`kzdiaspora.demography.diaspora_scenarios`), one row per
    estimate and known end.

    Columns: estimate_id, label, end (low, high, or point for a point estimate), diaspora
    (persons), host_sum (persons), coverage (per cent), shortfall (persons; negative when the sum
    exceeds the estimate), who, status, source, copy_read.
    """
    total = float(counts["persons"].sum())
    rows = []
    for r in diaspora_scenarios().itertuples():
        ends = (("low", r.persons_low), ("high", r.persons_high))
        if r.persons_low == r.persons_high:  # a point estimate: one row
            ends = (("point", r.persons_low),)
        for end, persons in ends:
            if pd.notna(persons):
                rows.append(
                    {
                        "estimate_id": r.estimate_id,
                        "label": r.label,
                        "end": end,
                        "diaspora": persons,
                        "host_sum": total,
                        "coverage": 100 * total / persons,
                        "shortfall": persons - total,
                        "who": r.who,
                        "status": r.status,
                        "source": r.source,
                        "copy_read": r.copy_read,
                    }
                )
    return pd.DataFrame(rows)


def region_scenarios() -> pd.DataFrame:
    """The four countries' Kazakhs under each combination of the counts in :data:`ALTERNATIVES`,
    Kyrgyzstan and Tajikistan kept at the counts the article's total implies.

    One row per scenario and country: scenario (``uzbekistan=…; turkmenistan=…``), uzbekistan,
    turkmenistan (the choice names), iso3, country, persons, year, status, source, copy_read,
    region_total (persons), percent_of_region (per cent). The scenario of the counts the article
    implies (Uzbekistan ``official``, Turkmenistan ``article``) reproduces
    :func:`kzdiaspora.demography.region_total`.
    """
    base = table1_kazakhs()
    rows = []
    for uzb, tkm in itertools.product(ALTERNATIVES["UZB"], ALTERNATIVES["TKM"]):
        picked = {"UZB": disputed_count("UZB", uzb), "TKM": disputed_count("TKM", tkm)}
        frame = pd.DataFrame([picked.get(r["iso3"], _row(r, r["iso3"], "article")) for _, r in base.iterrows()])
        total = frame["persons"].sum()
        rows.append(
            frame.assign(
                scenario=f"uzbekistan={uzb}; turkmenistan={tkm}",
                uzbekistan=uzb,
                turkmenistan=tkm,
                region_total=total,
                percent_of_region=100 * frame["persons"] / total,
            )
        )
    out = pd.concat(rows, ignore_index=True)
    return out[
        [
            "scenario",
            "uzbekistan",
            "turkmenistan",
            "iso3",
            "country",
            "persons",
            "year",
            "status",
            "source",
            "copy_read",
            "region_total",
            "percent_of_region",
        ]
    ]


def region_scenario_summary(scenarios: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per scenario of :func:`region_scenarios`: region_total (persons), uzbekistan_share
    (per cent of the region), and the region as a percentage of each end of the article's range of
    the worldwide diaspora (``share_of_low``, ``share_of_high``: of its low and high end)."""
    sc = region_scenarios() if scenarios is None else scenarios
    world = diaspora_scenarios()
    article = world[(world["status"] == "stated-by-authors") & (world["qualifier"] == "range")]
    if len(article) != 1:
        raise DataError("resource 'diaspora_estimates': expected one worldwide range stated by the article")
    low, high = float(article["persons_low"].iloc[0]), float(article["persons_high"].iloc[0])
    uzb = sc[sc["iso3"] == "UZB"].set_index("scenario")
    summary = sc.drop_duplicates("scenario").set_index("scenario")[["uzbekistan", "turkmenistan", "region_total"]]
    return summary.assign(
        uzbekistan_share=uzb["percent_of_region"],
        share_of_high=100 * summary["region_total"] / high,
        share_of_low=100 * summary["region_total"] / low,
        diaspora_low=low,
        diaspora_high=high,
    ).reset_index()
