"""Check functions that look up a source's own value in the data package (claims the article
quotes from elsewhere)."""

from __future__ import annotations

import pandas as pd

from .. import demography, fmt
from ..data import DataError, load
from .findings import Finding, NotCheckable, check


def not_paper(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of other sources than the article itself (the paper's own figures are in the data too)."""
    return frame[(frame["source"] != "nurbek2025") & (frame["status"] != "stated-by-authors")]


@check
def context(figure: str) -> Finding:
    """A figure of the ``context_figures`` resource."""
    cf = load("context_figures")
    row = cf[cf["figure_id"] == figure]
    if row.empty:
        raise DataError(f"no context figure {figure!r} in data/context_figures.csv")
    r = row.iloc[0]
    what = r["description"][:1].lower() + r["description"][1:]
    return Finding(float(r["value"]), r["unit"], f"{what} ({r['year']})", (r["source"],))


@check
def one_in_n(figure: str) -> Finding:
    """How many people there are for each one counted by a percentage of ``context_figures``."""
    share = context(figure)
    return Finding(100 / share.value, "one-in-n", f"100 ÷ {fmt.number(share.value)} % ({share.inputs})", share.sources)


@check
def diaspora(source: str, year: int, qualifier: str) -> Finding:
    """A worldwide estimate of the diaspora (``diaspora_estimates``) by source, year and qualifier."""
    est = load("diaspora_estimates")
    row = est[
        (est["scope"] == "world") & (est["source"] == source) & (est["year"] == year) & (est["qualifier"] == qualifier)
    ]
    if row.empty:
        raise NotCheckable(f"The data hold no worldwide estimate of {source} for {year} ({qualifier}).")
    r = row.iloc[0]
    value = r["persons_high"] if qualifier == "up-to" else r["persons_low"]
    words = {"more-than": "more than", "up-to": "up to", "about": "about"}.get(qualifier, qualifier)
    return Finding(float(value), "persons", f"{r['definition']}: {words} {fmt.millions(value)} ({year})", (source,))


def pick(rows: pd.DataFrame, what: str) -> pd.Series:
    """One row among several sources' figures: the exact one with the latest reference date."""
    if rows.empty:
        raise NotCheckable(f"The data hold no {what} from a source other than the article.")
    rank = rows["approximation"].map({"exact": 0, "rounded": 1, "about": 2}).fillna(3)
    rows = rows.assign(_rank=rank, _date=rows["reference_date"].fillna(pd.Timestamp(0)))
    return rows.sort_values(["_rank", "_date"], ascending=[True, False], kind="stable").iloc[0]


@check
def ethnic_count(iso3: str, group: str, year: int, source: str | None = None) -> Finding:
    """A head count of ``ethnic_composition`` (persons) from a source other than the article."""
    eth = not_paper(demography.ethnic_composition())
    rows = eth[(eth["iso3"] == iso3) & (eth["group"] == group) & (eth["year"] == year) & (eth["measure"] == "persons")]
    if source:
        rows = rows[rows["source"] == source]
    r = pick(rows, f"count of {group} in {iso3} for {year}")
    also = f" (one of {len(rows)} figures for that year in the data)" if len(rows) > 1 else ""
    return Finding(
        float(r["persons"]),
        "persons",
        f"{group} in {r['country']}, {year} ({r['status']}): {fmt.count(r['persons'])}{also}",
        (r["source"],),
    )


@check
def schooling(
    obs_id: str | None = None, measure: str | None = None, iso3: str | None = None, bilingual: bool = False
) -> Finding:
    """A count of ``kazakh_schooling``: one observation, or the latest of a measure in a country.

    ``bilingual``: the claim counts only the schools teaching in Kazakh and another language. A count
    of every school teaching in Kazakh includes those teaching in Kazakh alone, so the finding then
    carries a caveat, with the latest year for which the data split the two.
    """
    sch = not_paper(load("kazakh_schooling"))
    if obs_id:
        rows = sch[sch["obs_id"] == obs_id]
    else:
        rows = sch[(sch["measure"] == measure) & (sch["iso3"] == iso3)].sort_values("year")
    if rows.empty:
        raise NotCheckable("The data hold no such count from a source other than the article.")
    r = rows.iloc[-1]
    caveat = ""
    if bilingual and r["measure"] == "schools-kazakh-instruction":
        caveat = "The source counts every school teaching in Kazakh, not only those teaching in two languages"
        area = sch[(sch["iso3"] == r["iso3"]) & (sch["scope"] == r["scope"])]
        only = area[area["measure"] == "schools-kazakh-only"].set_index("year")["value"]
        every = area[area["measure"] == "schools-kazakh-instruction"].set_index("year")["value"]
        both = sorted(set(only.index) & set(every.index))
        if both:
            y = both[-1]
            caveat += (
                f"; in {y}, {fmt.count(only[y])} of the {fmt.count(every[y])} schools teaching in Kazakh "
                f"taught in Kazakh alone"
            )
        caveat += "."
    return Finding(float(r["value"]), "count", f"{r['note']} ({r['scope']}, {r['year']})", (r["source"],), caveat)
