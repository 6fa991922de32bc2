"""One country over time, for the country profiles: every count and share of its Kazakhs in the
data, and the article's figures beside the censuses and estimates of other sources.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import bibliography, fmt
from ..i18n import _
from .population import ethnic_composition, kazakh_counts, total_population
from .table1 import table1, table1_kazakhs


def kazakh_series(iso3: str) -> pd.DataFrame:
    """Every count of Kazakhs in one country, oldest first, with the value as a reader sees it
    (``text``: ``≈35,000``) and the source's short name (``who``)."""
    rows = kazakh_counts(iso3)
    return rows.assign(
        persons=rows["persons"].astype(float),
        text=[fmt.approx(p, a) for p, a in zip(rows["persons"], rows["approximation"])],
        who=rows["source"].map(bibliography.author),
    )


def share_series(iso3: str, vintage: str, reference_year: int) -> pd.DataFrame:
    """Every Kazakh share of one country's population the data hold or allow: shares as published,
    counts divided by a total of the same year (from the same source, or both from the census),
    and Table 1's count divided by the World Bank total (``vintage``, ``reference_year``). Per cent,
    oldest first."""
    eth = ethnic_composition()
    eth = eth[eth["iso3"] == iso3]
    kaz = eth[eth["group"] == "kazakhs"]
    published = kaz[kaz["measure"] == "percent-of-total"].assign(basis=_("published share"))
    counts = kaz[(kaz["measure"] == "persons") & (kaz["status"] != "stated-by-authors")]
    totals = eth[(eth["group"] == "total") & (eth["measure"] == "persons")]
    both = counts.merge(
        totals[["year", "source", "copy_read", "status", "persons"]], on="year", suffixes=("", "_total")
    )
    same_source = both["source"] == both["source_total"]
    same_census = (both["status"] == "census") & (both["status_total"] == "census")
    both = both[same_source | same_census]
    derived = both.assign(
        percent=100 * both["persons"] / both["persons_total"],
        status="derived",
        basis=[
            _("count ÷ total of the same source") if s else _("census count ÷ census total")
            for s in same_source[same_source | same_census]
        ],
        source=[a if a == b else f"{a}; {b}" for a, b in zip(both["source"], both["source_total"])],
        copy_read=[bibliography.joined(a, b) for a, b in zip(both["copy_read"], both["copy_read_total"])],
    )
    t1 = table1(vintage, reference_year).set_index(["iso3", "quantity"])
    table = pd.DataFrame(
        [
            {
                "year": reference_year,
                "date_precision": "year",
                "percent": t1.loc[(iso3, "share"), "value"],
                "status": "derived",
                "source": t1.loc[(iso3, "share"), "source"],
                "copy_read": t1.loc[(iso3, "share"), "copy_read"],
                "basis": _("the article's Table 1 count ÷ total population ({release}, {year})").format(
                    release=fmt.release(vintage), year=t1.loc[(iso3, "total"), "when"]
                ),
            }
        ]
    )
    out = pd.concat([published, derived, table], ignore_index=True)
    out = out.assign(
        percent=out["percent"].astype(float), when=[fmt.when(y, p) for y, p in zip(out["year"], out["date_precision"])]
    )
    return out.sort_values("year")[["year", "when", "percent", "basis", "status", "source", "copy_read"]].reset_index(
        drop=True
    )


def census_conflicts(iso3: str, window: int = 7, vintage: str | None = None) -> pd.DataFrame:
    """The article's own figures for the Kazakhs of one country beside every census figure and estimate
    of the same kind from other sources within ``window`` years of it, with the ratio of the two
    (paper ÷ other). ``measure`` says what is compared: ``count`` (the article's counts beside other
    counts) or ``share`` (the article's share of the total population beside other published shares).

    With a World Bank ``vintage``, ``other_persons`` and ``paper_persons`` give each pair as head
    counts: a share times the World Bank total of its year (``population_year`` says which year was
    used), and for the article's share the Kazakh count of its Table 1 reconstruction."""
    counts = kazakh_series(iso3)
    counts = counts.assign(value=counts["persons"], measure="count")
    base = table1_kazakhs().set_index("iso3").loc[iso3, "persons"] if vintage else None
    out = []
    for rows in (counts, _published_shares(iso3)):
        paper = rows[rows["status"] == "stated-by-authors"]
        others = rows[~rows["status"].isin(["stated-by-authors", "inferred"])]
        for p in paper.itertuples():
            for o in others[(others["year"] - p.year).abs() <= window].itertuples():
                row = {
                    "measure": p.measure,
                    "paper": p.value,
                    "paper_text": p.text,
                    "paper_when": p.when,
                    "paper_locator": p.locator,
                    "paper_source": p.source,
                    "other": o.value,
                    "other_text": o.text,
                    "other_when": o.when,
                    "other_status": o.status,
                    "other_source": o.source,
                    "other_copy_read": o.copy_read,
                    "other_who": o.who,
                    "ratio": p.value / o.value,
                    "paper_persons": float("nan"),
                    "other_persons": float("nan"),
                    "population_year": pd.NA,
                }
                if vintage and p.measure == "count":
                    row.update(paper_persons=float(p.value), other_persons=float(o.value))
                elif vintage:
                    total = total_population(vintage, iso3, int(o.year))
                    row.update(
                        paper_persons=float(base),
                        other_persons=o.value / 100 * float(total["population"]),
                        population_year=int(total["year"]),
                    )
                out.append(row)
    return pd.DataFrame(out, columns=_CONFLICT_COLUMNS)


_CONFLICT_COLUMNS = [
    "measure",
    "paper",
    "paper_text",
    "paper_when",
    "paper_locator",
    "paper_source",
    "other",
    "other_text",
    "other_when",
    "other_status",
    "other_source",
    "other_copy_read",
    "other_who",
    "ratio",
    "paper_persons",
    "other_persons",
    "population_year",
]


def _published_shares(iso3: str) -> pd.DataFrame:
    """Every published share of Kazakhs in the total population of one country, as text too."""
    eth = ethnic_composition()
    eth = eth[(eth["iso3"] == iso3) & (eth["group"] == "kazakhs") & (eth["measure"] == "percent-of-total")]
    return eth.assign(
        value=eth["percent"].astype(float),
        text=[
            fmt.approx(v, a, lambda x: fmt.pct(x, fmt.decimals(x)))
            for v, a in zip(eth["percent"].astype(float), eth["approximation"])
        ],
        when=[fmt.when(y, p) for y, p in zip(eth["year"], eth["date_precision"])],
        who=eth["source"].map(bibliography.author),
        measure="share",
    )


def widest_gap(conflicts: pd.DataFrame) -> pd.Series:
    """The row of a :func:`census_conflicts` frame where the article and the other source are furthest
    apart (largest ratio either way)."""
    return conflicts.loc[conflicts["ratio"].map(lambda r: abs(math.log(r))).idxmax()]
