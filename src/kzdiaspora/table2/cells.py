"""The cells of the article's Table 2 and the public figures that bear on each."""

from __future__ import annotations

import pandas as pd

from .. import countries, fmt
from ..data import load
from ..i18n import N_, _
from ..migration import FROM_KAZ, HOME, TO_KAZ, period_label, route

#: The years the article's Table 2 covers: "the past two decades" up to its latest year of data.
YEARS = (2004, 2023)

#: What a cell of the grid holds, strongest first, and how a page names it.
EVIDENCE = {
    "kazakhstan": N_("whole-year count by Kazakhstan's office"),
    "partner": N_("whole-year count by the partner's office only"),
    "share": N_("share of a whole year's migrants only"),
    "part-year": N_("part of the year only"),
    "gap": N_("no public figure"),
}


def whole_year(start: pd.Series, end: pd.Series) -> pd.Series:
    """True where a period (start and end dates, both included) is one calendar year."""
    return (
        (start.dt.strftime("%m-%d") == "01-01") & (end.dt.strftime("%m-%d") == "12-31") & (start.dt.year == end.dt.year)
    )


def _ends(flows: pd.DataFrame) -> pd.DataFrame:
    """The rows about flows between Kazakhstan and a host country, each with its ``partner_iso3``,
    its ``direction`` seen from Kazakhstan and the ``end`` that registered it (``kazakhstan`` or
    ``partner``): a partner's emigration to Kazakhstan is a move to Kazakhstan."""
    hosts = list(countries.hosts())
    own = flows[(flows["reporter_iso3"] == HOME) & flows["partner_iso3"].isin(hosts)]
    mirror = flows[flows["reporter_iso3"].isin(hosts) & (flows["partner_iso3"] == HOME)]
    own = own.assign(end="kazakhstan", direction=own["flow"].map({"immigration": TO_KAZ, "emigration": FROM_KAZ}))
    mirror = mirror.assign(
        end="partner",
        partner_iso3=mirror["reporter_iso3"],
        direction=mirror["flow"].map({"emigration": TO_KAZ, "immigration": FROM_KAZ}),
    )
    return pd.concat([own, mirror], ignore_index=True)


def _totals(flows: pd.DataFrame) -> pd.Series:
    """Each office's total of a flow for a period (all partners), by (reporter, flow, start, end):
    the base of a share; an exact total before a rounded one."""
    t = flows[flows["partner_iso3"].isna() & flows["persons"].notna()]
    t = t.sort_values("approximation", key=lambda a: a.map({"exact": 0}).fillna(1))
    return t.drop_duplicates(["reporter_iso3", "flow", "period_start", "period_end"]).set_index(
        ["reporter_iso3", "flow", "period_start", "period_end"]
    )["persons"]


def _text(row, total) -> str:
    """A figure as a cell shows it: ``5,196``, ``≈12,100``, ``56.6 % of 20,140``, ``Jan–Sep: 6,813``."""
    if pd.notna(row.persons):
        value = fmt.approx(row.persons, "about" if row.approximation == "rounded" else "exact")
    else:
        share = fmt.number(row.percent, fmt.decimals(row.percent))
        value = (
            _("{share} % of {total}").format(share=share, total=fmt.count(total))
            if pd.notna(total)
            else _("{share} %").format(share=share)
        )
    return value if row.whole_year else f"{row.period_label}: {value}"


#: The columns of :func:`figures`.
COLUMNS = [
    "partner_iso3",
    "partner",
    "direction",
    "route",
    "year",
    "end",
    "reported_by",
    "period_start",
    "period_end",
    "period_label",
    "whole_year",
    "persons",
    "percent",
    "base",
    "implied",
    "approximation",
    "level",
    "text",
    "source",
    "copy_read",
    "locator",
    "status",
]


def figures(years: tuple[int, int] = YEARS) -> pd.DataFrame:
    """Every public figure on a flow between Kazakhstan and a host country within ``years``
    (first, last; a period inside one calendar year), from either end, counts and shares.

    One row per figure: ``partner_iso3``, ``partner``, ``direction`` (seen from Kazakhstan),
    ``route``, ``year``, ``end`` (``kazakhstan`` or ``partner``: the office that registered it),
    ``reported_by``, ``period_start``, ``period_end``, ``period_label``, ``whole_year``, ``persons``,
    ``percent`` (a share of all the office's migrants in that flow), ``base`` (that total, where
    published), ``implied`` (percent × base, persons, where both are published), ``approximation``,
    ``level`` (a key of :data:`EVIDENCE`), ``text``, ``source``, ``copy_read``, ``locator``,
    ``status``. Part-year figures keep their months; nothing is annualised.
    """
    flows = load("external_migration")
    flows = flows[(flows["ethnicity"] == "all") & (flows["flow"] != "net")]
    rows = _ends(flows)
    rows = rows[(rows["period_start"].dt.year == rows["period_end"].dt.year)]
    rows = _described(rows[rows["period_start"].dt.year.between(*years)], _totals(flows))
    return rows[COLUMNS].sort_values(["partner_iso3", "direction", "year", "period_end"]).reset_index(drop=True)


def _described(rows: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
    """The figures of :func:`figures` with their names, periods, bases, levels and texts."""
    names = countries.names()
    keys = zip(rows["reporter_iso3"], rows["flow"], rows["period_start"], rows["period_end"])
    rows = rows.assign(
        partner=rows["partner_iso3"].map(names),
        year=rows["period_start"].dt.year.astype(int),
        reported_by=rows["reporter_iso3"].map(names),
        period_label=[period_label(s, e) for s, e in zip(rows["period_start"], rows["period_end"])],
        whole_year=whole_year(rows["period_start"], rows["period_end"]),
        base=pd.array([totals.get(k) for k in keys], dtype="Float64"),
    )
    return rows.assign(
        route=[route(p, d) for p, d in zip(rows["partner"], rows["direction"])],
        implied=(rows["percent"].astype("Float64") * rows["base"] / 100).round(0),
        level=[_level(r) for r in rows.itertuples()],
        text=[_text(r, b) for r, b in zip(rows.itertuples(), rows["base"])],
    )


def _level(row) -> str:
    if not row.whole_year:
        return "part-year"
    if pd.isna(row.persons):
        return "share"
    return "kazakhstan" if row.end == "kazakhstan" else "partner"


def grid(years: tuple[int, int] = YEARS) -> pd.DataFrame:
    """Table 2 as a grid: one row per partner, direction and year of ``years`` (both included),
    holding the strongest figure found for the cell (see :data:`EVIDENCE`; an exact figure before
    a rounded one) or an explicit gap.

    Columns: ``partner_iso3``, ``partner``, ``direction``, ``route``, ``year``, ``level``,
    ``evidence`` (its words), ``text`` (the figure as shown; "–" for a gap), ``persons`` (a
    whole-year count, else empty), ``reported_by``, ``period_label``, ``figures`` (how many
    figures the data hold for the cell), ``source``, ``copy_read``, ``status`` (empty for a gap).
    """
    if years[0] > years[1]:
        raise ValueError(f"the first year of the grid, {years[0]}, comes after its last, {years[1]}")
    found = figures(years)
    rank = {level: i for i, level in enumerate(EVIDENCE)}
    found = found.assign(
        _rank=found["level"].map(rank), _rounded=(found["approximation"] != "exact").astype(int)
    ).sort_values(["_rank", "_rounded", "period_end"], ascending=[True, True, False])
    cell = ["partner_iso3", "direction", "year"]
    best = found.drop_duplicates(cell).set_index(cell)
    counts = found.groupby(cell).size()
    names = countries.names()
    rows = []
    for p in countries.hosts():
        for d in (TO_KAZ, FROM_KAZ):
            for y in range(years[0], years[1] + 1):
                key = (p, d, y)
                b = best.loc[key] if key in best.index else None
                level = "gap" if b is None else b["level"]
                rows.append(
                    {
                        "partner_iso3": p,
                        "partner": names[p],
                        "direction": d,
                        "route": route(names[p], d),
                        "year": y,
                        "level": level,
                        "evidence": _(EVIDENCE[level]),
                        "text": "–" if b is None else b["text"],
                        "persons": b["persons"] if b is not None and level in ("kazakhstan", "partner") else pd.NA,
                        "reported_by": None if b is None else b["reported_by"],
                        "period_label": None if b is None else b["period_label"],
                        "figures": int(counts.get(key, 0)),
                        "source": None if b is None else b["source"],
                        "copy_read": None if b is None else b["copy_read"],
                        "status": None if b is None else b["status"],
                    }
                )
    out = pd.DataFrame(rows)
    out["persons"] = out["persons"].astype("Int64")
    return out


def coverage(cells: pd.DataFrame) -> pd.DataFrame:
    """How many cells of a :func:`grid` each kind of evidence holds, strongest first.

    Columns: ``level``, ``evidence``, ``cells``, ``cumulative`` (cells with this or stronger
    evidence), ``of`` (all cells of the grid).
    """
    n = cells["level"].value_counts()
    out = pd.DataFrame({"level": list(EVIDENCE), "evidence": [_(e) for e in EVIDENCE.values()]})
    out["cells"] = [int(n.get(level, 0)) for level in EVIDENCE]
    out["cumulative"] = out["cells"].cumsum()
    out["of"] = len(cells)
    return out
