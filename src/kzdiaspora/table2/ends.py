"""Both ends of a flow: the same moves as Kazakhstan's office and the partner's office registered
them, set side by side only for the same period."""

from __future__ import annotations

import pandas as pd

from .. import bibliography, fmt
from ..i18n import _
from .cells import figures


class PeriodMismatch(ValueError):
    """Two figures of different periods were set side by side without saying so."""


def compare(a, b, *, periods_may_differ: bool = False) -> dict:
    """Two figures of one flow (rows with ``period_start``, ``period_end``, ``period_label`` and a
    count in ``value``) side by side: ``difference`` (b − a), ``ratio`` (b ÷ a) and ``periods``
    (the period, or both periods when they differ).

    Raises :class:`PeriodMismatch` when the periods differ (a part of a year against a whole
    year, or two different months), unless ``periods_may_differ``: then ``periods`` names both,
    so that whoever shows the comparison says it.
    """
    same = (a.period_start, a.period_end) == (b.period_start, b.period_end)
    if not same and not periods_may_differ:
        raise PeriodMismatch(
            f"{a.period_label} is compared with {b.period_label}: a figure is set beside one of another "
            "period only when the page says so (periods_may_differ=True)"
        )
    return {
        "difference": float(b.value) - float(a.value),
        "ratio": float(b.value) / float(a.value) if a.value else float("nan"),
        "periods": a.period_label
        if same
        else _("{period} against {other}").format(period=a.period_label, other=b.period_label),
    }


def _value(rows: pd.DataFrame) -> pd.Series | None:
    """One end's figure for a period: a count (an exact one first), or else the count a share of a
    published total implies (derived here, marked so). None when the end gives neither."""
    counts = rows[rows["persons"].notna()].sort_values("approximation", key=lambda a: a.map({"exact": 0}).fillna(1))
    if len(counts):
        r = counts.iloc[0].copy()
        r["value"], r["basis"] = float(r["persons"]), _("published count")
        return r
    shares = rows[rows["implied"].notna()]
    if len(shares):
        r = shares.iloc[0].copy()
        r["value"] = float(r["implied"])
        r["basis"] = _("derived: {percent} % of {base}").format(
            percent=fmt.number(r["percent"]), base=fmt.count(r["base"])
        )
        r["approximation"] = "rounded"
        return r
    return None


def both_ends(years: tuple[int, int] = (1990, 2100)) -> pd.DataFrame:
    """The flows between Kazakhstan and a partner for which both offices published a figure of the
    same period (within ``years``): Kazakhstan's, the partner's and their difference.

    Columns: ``partner_iso3``, ``partner``, ``direction``, ``route``, ``period_start``,
    ``period_end``, ``period_label``, ``whole_year``, ``kazakhstan`` and ``partner_office``
    (persons), their ``*_basis`` (a published count, or derived from a share and a total),
    ``difference`` (partner's − Kazakhstan's), ``ratio``, ``approximate`` (either figure rounded
    or derived), ``source``, ``copy_read`` (both ends' keys). Registers of two countries count
    different acts (a residence permit, a de-registration), so a difference is not an error.
    """
    found = figures(years)
    rows = []
    for _key, group in found.groupby(["partner_iso3", "direction", "period_start", "period_end"], sort=False):
        kaz = _value(group[group["end"] == "kazakhstan"])
        other = _value(group[group["end"] == "partner"])
        if kaz is None or other is None:
            continue
        side = compare(kaz, other)
        rows.append(
            {
                **{k: kaz[k] for k in ("partner_iso3", "partner", "direction", "route", "period_start", "period_end")},
                "period_label": side["periods"],
                "whole_year": bool(kaz["whole_year"]),
                "kazakhstan": kaz["value"],
                "kazakhstan_basis": kaz["basis"],
                "partner_office": other["value"],
                "partner_office_basis": other["basis"],
                "difference": side["difference"],
                "ratio": side["ratio"],
                "approximate": kaz["approximation"] != "exact" or other["approximation"] != "exact",
                "source": bibliography.joined(kaz["source"], other["source"]),
                "copy_read": bibliography.joined(kaz["copy_read"], other["copy_read"]),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["partner_iso3", "direction", "period_start", "period_end"]).reset_index(drop=True)
