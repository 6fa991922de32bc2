"""The article's Table 1, rebuilt: Kazakhs, total, titular and other population of the four host
countries, with a reference year and a status per cell, for a World Bank release and reference
year chosen by the reader; and the shares and ratios the table prints.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import bibliography, countries, fmt
from ..data import DataError
from ..i18n import N_, _
from .population import ethnic_composition, kazakh_counts, titular_share, total_population

#: Printed measures of Table 1 (``measure`` in ``ethnic_composition``) and our names for them.
MEASURES = {"percent-of-total": "share", "percent-of-non-titular": "ratio"}


MEASURE_LABELS = {
    "share": N_("Kazakhs, % of the total population"),
    "ratio": N_("Kazakhs, % of the non-titular population"),
}


SHORT_LABELS = {"share": N_("% of total"), "ratio": N_("% of non-titular")}


def table1_kazakhs() -> pd.DataFrame:
    """The Kazakh count of each country in the reconstruction of Table 1 (rows flagged ``table1``)."""
    rows = kazakh_counts()
    rows = rows[rows["table1"].fillna(False)]
    counts = rows["iso3"].value_counts()
    for iso3 in countries.hosts():
        if counts.get(iso3, 0) != 1:
            raise DataError(
                f"resource 'ethnic_composition': expected one Kazakh count flagged table1 for {iso3}, "
                f"found {counts.get(iso3, 0)}"
            )
    return rows.set_index("iso3").loc[list(countries.hosts())].reset_index()


def printed_table1() -> pd.DataFrame:
    """The shares and ratios Table 1 prints (status stated-by-authors), one row per figure."""
    eth = ethnic_composition()
    rows = eth[eth["table1"].fillna(False) & eth["measure"].isin(list(MEASURES))]
    rows = rows.assign(measure=rows["measure"].map(MEASURES), printed=rows["percent"].astype(float))
    rows = rows.assign(decimals=rows["printed"].map(fmt.decimals))
    order = {c: i for i, c in enumerate([*MEASURES.values(), *countries.hosts()])}
    rows = rows.sort_values(["measure", "iso3"], key=lambda col: col.map(order))
    return rows[["iso3", "country", "measure", "printed", "decimals", "source", "locator"]].reset_index(drop=True)


def table1(vintage: str, reference_year: int) -> pd.DataFrame:
    """Table 1 rebuilt: one row per country and quantity, each with its year, status and source.

    Quantities: ``kazakhs`` (the article's count), ``total`` (World Bank ``vintage`` in
    ``reference_year``, or its latest earlier year), ``titular`` (the titular share closest to the
    reference year applied to that total), ``others`` (total − titular − Kazakhs), ``share``
    (Kazakhs, % of total) and ``ratio`` (Kazakhs, % of the non-titular population, i.e. of
    total − titular). Cells the data cannot fill (no titular share for Turkmenistan) are missing.
    """
    rows = [cell for k in table1_kazakhs().itertuples() for cell in _country_cells(k, vintage, reference_year)]
    out = pd.DataFrame(rows)
    out.loc[out["value"].isna(), ["status", "when", "source", "copy_read"]] = ["", "", "", ""]
    return out


def _country_cells(k, vintage: str, reference_year: int) -> list[dict]:
    """The six cells of one country of :func:`table1` (``k``: its row of :func:`table1_kazakhs`)."""
    pop = total_population(vintage, k.iso3, reference_year)
    total, kaz, total_when = float(pop["population"]), float(k.persons), str(pop["year"])
    tit = titular_share(k.iso3, reference_year)
    if tit is None:
        titular = others = ratio = math.nan
        tit_when = tit_source = tit_copy = ""
    else:
        # a count computed from a published share is as precise as the share: whole persons, "about"
        titular = round(total * tit["percent"] / 100)
        others = total - titular - kaz
        ratio = 100 * kaz / (total - titular)
        tit_when, tit_source, tit_copy = fmt.when(tit["year"], tit["date_precision"]), tit["source"], tit["copy_read"]

    def cell(quantity, value, whens, keys, copies, approximation="exact", status="derived") -> dict:
        return {
            "iso3": k.iso3,
            "country": k.country,
            "quantity": quantity,
            "value": value,
            "approximation": approximation,
            "when": _years(*whens),
            "status": status,
            "source": bibliography.joined(*keys),
            "copy_read": bibliography.joined(*copies),
        }

    total_keys, total_copy = [pop["source"]], [pop["copy_read"]]
    return [
        cell("kazakhs", kaz, [k.when], [k.source], [k.copy_read], k.approximation, k.status),
        cell("total", total, [total_when], total_keys, total_copy, "exact", pop["status"]),
        cell("titular", titular, [tit_when, total_when], [tit_source, *total_keys], [tit_copy, *total_copy], "about"),
        cell(
            "others",
            others,
            [k.when, tit_when, total_when],
            [k.source, tit_source, *total_keys],
            [k.copy_read, tit_copy, *total_copy],
            "about",
        ),
        cell("share", 100 * kaz / total, [k.when, total_when], [k.source, *total_keys], [k.copy_read, *total_copy]),
        cell(
            "ratio",
            ratio,
            [k.when, tit_when, total_when],
            [k.source, tit_source, *total_keys],
            [k.copy_read, tit_copy, *total_copy],
        ),
    ]


def _years(*whens: str) -> str:
    """The reference years of a derived cell's inputs, each once: ``2021, 2022``."""
    return ", ".join(dict.fromkeys(w for w in whens if w))


TABLE1_ROWS = {
    "kazakhs": N_("Kazakhs"),
    "total": N_("Total population"),
    "titular": N_("Titular group"),
    "others": N_("Other groups"),
    "share": MEASURE_LABELS["share"],
    "ratio": MEASURE_LABELS["ratio"],
}


def table1_display(long: pd.DataFrame) -> pd.DataFrame:
    """Table 1 for reading: quantities as rows, countries as columns, each cell
    ``value (year, status in words)``; shares with two decimals, counts whole; ``–`` where the data are silent."""

    def cell(r):
        if pd.isna(r.value):
            return "–"
        value = fmt.share(r.value) if r.quantity in ("share", "ratio") else fmt.approx(r.value, r.approximation)
        return f"{value}<br><small>{r.when}; {fmt.status(r.status)}</small>"

    shown = long.assign(cell=[cell(r) for r in long.itertuples()])
    wide = shown.pivot(index="quantity", columns="country", values="cell")
    wide = wide.loc[list(TABLE1_ROWS), [long.loc[long.iso3 == c, "country"].iloc[0] for c in countries.hosts()]]
    wide.index = [_(TABLE1_ROWS[q]) for q in wide.index]
    return wide.rename_axis(None, axis=1).rename_axis(_("Quantity")).reset_index()


def table1_sources(long: pd.DataFrame) -> list[str]:
    """The bibliography keys behind the cells of a :func:`table1` frame."""
    return sorted(bibliography.keys(*long["source"]))
