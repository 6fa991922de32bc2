"""The latest value the data hold for each figure a reader of the article looks for, with its
date, kind and source, set beside the article's own figure and the verdict of the claims ledger.

Every value is picked from the data package by a rule (the latest count, the latest release);
nothing here holds a value of its own.
"""

from __future__ import annotations

import pandas as pd

from . import countries, fmt, kandas
from .claims import evaluate, ledger
from .demography import host_counts, kazakhstan_kazakhs

#: The kinds of value of the data (``status``), in plain words.
KINDS = {
    "census": "census",
    "official": "official figure",
    "estimate": "estimate",
    "attributed": "reported by the press for an office",
    "model": "UN model",
    "derived": "computed here",
    "stated-by-authors": "only in the article",
    "inferred": "reconstructed from the article",
}
#: The outcomes of the claims ledger, in plain words.
VERDICTS = {
    "reproduced": "agrees",
    "cited-only": "agrees with the cited source",
    "differs": "differs",
    "not-checkable": "cannot be checked",
}
#: For each community abroad, the claim of the ledger giving the article's count of it.
COMMUNITY_CLAIMS = {"TJK": "C54", "TKM": "C49"}


def _claims(ids) -> pd.DataFrame:
    claims = ledger()
    return evaluate(claims[claims["claim_id"].isin(list(ids))]).set_index("claim_id")


def key_figures(since: int = 2010) -> pd.DataFrame:
    """One row per figure: figure (what it is), value (int, persons), value_text, as_of (a
    date or year, as text), year (int), kind (plain words), source, copy_read, claim_id (the
    ledger's claim giving the article's figure, or empty), article (the article's figure as
    printed, or empty), verdict (plain words, or empty), chapter (the page that discusses it).

    Communities abroad follow :func:`kzdiaspora.demography.host_counts` with no figure imposed
    for Uzbekistan and Turkmenistan (the latest count of a statistics office since ``since``,
    otherwise the latest estimate).
    """
    out = pd.DataFrame([*_community_rows(since), *_kandas_rows()])
    verdicts = _claims([c for c in out["claim_id"] if c])
    return out.assign(
        article=[verdicts.loc[c, "printed"] if c else "" for c in out["claim_id"]],
        verdict=[VERDICTS[verdicts.loc[c, "outcome"]] if c else "" for c in out["claim_id"]],
    )


def _community_rows(since: int) -> list[dict]:
    """Kazakhstan's own Kazakhs, then the latest count of each community abroad."""
    kaz = kazakhstan_kazakhs()
    text = fmt.approx(kaz["persons"], kaz["approximation"])
    date = kaz["reference_date"].date().isoformat()
    rows = [_row("Kazakhs in Kazakhstan", kaz["persons"], text, date, kaz["year"], kaz, "C26", "demography")]
    for r in host_counts(since, None, None).itertuples():
        page = f"profiles/{r.iso3}" if r.iso3 in countries.hosts() else "comparisons"
        text = fmt.approx(r.persons, r.approximation)
        claim = COMMUNITY_CLAIMS.get(r.iso3, "")
        rows.append(_row(f"Kazakhs in {r.country}", r.persons, text, str(r.year), r.year, r._asdict(), claim, page))
    return rows


def _kandas_rows() -> list[dict]:
    """The kandas of the latest release (since 1 January, and since 1991) and of the latest whole year."""
    rel = kandas.releases()
    last = rel.sort_values("as_of").iloc[-1]
    cum = rel.dropna(subset=["cumulative"]).sort_values("as_of").iloc[-1]
    whole = kandas.whole_years().sort_values("year").iloc[-1]
    return [
        _row(
            f"New kandas in {last['year']}, latest release",
            last["persons"],
            fmt.count(last["persons"]),
            last["as_of"].date().isoformat(),
            last["year"],
            last,
            "C13",
            "kandas",
        ),
        _row(
            "Kandas since 1991",
            cum["cumulative"],
            fmt.approx(cum["cumulative"], "rounded"),
            cum["as_of"].date().isoformat(),
            cum["year"],
            cum,
            "",
            "kandas",
        ),
        _row(
            f"New kandas in the whole year {whole['year']}",
            whole["persons"],
            fmt.approx(whole["persons"], whole["approximation"]),
            str(whole["year"]),
            whole["year"],
            whole,
            "C51",
            "kandas",
        ),
    ]


def _row(figure, value, text, as_of, year, record, claim_id, chapter) -> dict:
    copy = record["copy_read"]
    return {
        "figure": figure,
        "value": int(round(float(value))),
        "value_text": text,
        "as_of": as_of,
        "year": int(year),
        "kind": KINDS[record["status"]],
        "source": record["source"],
        "copy_read": copy if isinstance(copy, str) else "",
        "claim_id": claim_id,
        "chapter": chapter,
    }
