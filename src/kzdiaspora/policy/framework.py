"""The legal and programme framework of the policy (the ``policy`` resource) as a timeline."""

from __future__ import annotations

import pandas as pd

from ..data import DataError, load

#: Kinds of items of the policy timeline, grouped into the lanes of its chart.
KIND_GROUPS = {
    "law": "laws",
    "amendment": "laws",
    "concept": "concepts and plans",
    "plan": "concepts and plans",
    "programme": "programmes and projects",
    "project": "programmes and projects",
    "foundation": "programmes and projects",
    "card": "instruments",
    "portal": "instruments",
    "visa": "instruments",
    "quota": "instruments",
    "forum": "forums",
}


def timeline() -> pd.DataFrame:
    """The legal and programme framework (the ``policy`` resource), dated items first in date order.

    Adds ``when`` (the date as precisely as a source gives it: ``2022-11-15``, ``2023-07``,
    ``2023``, or ``undated``), ``date_text`` (the same in words: ``15 November 2022``, ``July 2023``),
    ``date_phrase`` (the date after its preposition, for running text: ``on 15 November 2022``,
    ``in July 2023``, ``in 2023``; ``at an unknown date`` when undated), ``position`` (a decimal
    year for charts: mid-month or mid-year when the day or month is unknown; empty when undated)
    and ``lane`` (see :data:`KIND_GROUPS`).
    """
    items = load("policy")
    unknown = sorted(set(items["kind"]) - set(KIND_GROUPS))
    if unknown:
        raise DataError(f"policy items of kind {', '.join(unknown)} have no lane in policy.KIND_GROUPS")
    when, text, position = [], [], []
    for r in items.itertuples():
        precision = None if pd.isna(r.date_precision) else r.date_precision
        if precision == "day":
            when.append(r.date.strftime("%Y-%m-%d"))
            text.append(f"{r.date.day} {r.date:%B %Y}")
            position.append(r.year + (r.date.day_of_year - 0.5) / 365.25)
        elif precision == "month":
            when.append(f"{r.year}-{int(r.month):02d}")
            text.append(f"{pd.Timestamp(year=int(r.year), month=int(r.month), day=1):%B} {r.year}")
            position.append(r.year + (int(r.month) - 0.5) / 12)
        elif precision == "year":
            when.append(str(r.year))
            text.append(str(r.year))
            position.append(r.year + 0.5)
        else:
            when.append("undated")
            text.append("undated")
            position.append(float("nan"))
    phrase = [
        f"on {t}" if w.count("-") == 2 else "at an unknown date" if w == "undated" else f"in {t}"
        for w, t in zip(when, text)
    ]
    items = items.assign(
        when=when, date_text=text, date_phrase=phrase, position=position, lane=items["kind"].map(KIND_GROUPS)
    )
    return items.sort_values("position", na_position="last", kind="stable").reset_index(drop=True)
