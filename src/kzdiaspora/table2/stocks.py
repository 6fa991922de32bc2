"""Table 2's long series: the UN's bilateral migrant stocks in the table's shape."""

from __future__ import annotations

import pandas as pd

from .. import countries, fmt
from ..i18n import _
from ..migration import FROM_KAZ, REVISION, TO_KAZ, bilateral_stocks, route


def stocks_table(revision: int = REVISION) -> pd.DataFrame:
    """The UN stocks between Kazakhstan and each partner (``revision`` of the UN's estimates), both
    directions, one row per partner and direction and one column per year; ``source`` and
    ``copy_read`` name the revision and the copy it was read in."""
    rows = pd.concat([bilateral_stocks(p, revision) for p in countries.hosts()], ignore_index=True)
    wide = rows.pivot_table(index=["partner_iso3", "partner", "direction"], columns="year", values="migrants")
    order = {c: i for i, c in enumerate([*countries.hosts(), TO_KAZ, FROM_KAZ])}
    wide = (
        wide.reset_index().sort_values(["partner_iso3", "direction"], key=lambda c: c.map(order)).reset_index(drop=True)
    )
    wide.columns.name = None
    return wide.assign(revision=revision, source=rows["source"].iloc[0], copy_read=rows["copy_read"].iloc[0])


def display(wide: pd.DataFrame) -> pd.DataFrame:
    """A wide frame of :func:`stocks_table` for reading: one route per row (``Uzbekistan →
    Kazakhstan``), counts with thousands separators, ``–`` where there is none, years as column names."""
    years = [c for c in wide.columns if isinstance(c, int)]
    out = pd.DataFrame({_("Route"): [route(p, d) for p, d in zip(wide["partner"], wide["direction"])]})
    for y in years:
        out[str(y)] = wide[y].map(fmt.count).to_numpy()
    return out
