"""The latest value the data hold for each figure a reader of the article looks for, with its
date, kind and source, set beside the article's own figure and the verdict of the claims ledger.

Every value is picked from the data package by a rule (the latest count, the latest release);
nothing here holds a value of its own.
"""

from __future__ import annotations

import re

import pandas as pd

from . import charts, countries, fmt, kandas
from .claims import evaluate, ledger
from .demography import host_counts, kazakhstan_kazakhs
from .i18n import N_, _

#: The kinds of value of the data (``status``), in plain words.
KINDS = {
    "census": N_("census"),
    "official": N_("official figure"),
    "estimate": N_("estimate"),
    "attributed": N_("reported by the press for an office"),
    "model": N_("UN model"),
    "derived": N_("computed here"),
    "stated-by-authors": N_("only in the article"),
    "inferred": N_("reconstructed from the article"),
}
#: The outcomes of the claims ledger, in plain words.
VERDICTS = {
    "reproduced": N_("agrees"),
    "cited-only": N_("agrees with the cited source"),
    "differs": N_("differs"),
    "not-checkable": N_("cannot be checked"),
}
#: For each community abroad, the claim of the ledger giving the article's count of it.
COMMUNITY_CLAIMS = {"TJK": "C54", "TKM": "C49"}


#: The figures of :func:`key_figures` by the English words that name them, and the message each
#: is written with on a page (:func:`figure_words`).
_FIGURES = (
    (re.compile(r"Kazakhs in (?P<country>.+)"), N_("Kazakhs in {country}")),
    (re.compile(r"New kandas in (?P<year>\d+), latest release"), N_("New kandas in {year}, latest release")),
    (re.compile(r"Kandas since 1991"), N_("Kandas since 1991")),
    (re.compile(r"New kandas in the whole year (?P<year>\d+)"), N_("New kandas in the whole year {year}")),
)


def _code(name: str) -> str:
    """The code of a country named in English (the names :func:`key_figures` writes)."""
    return {n: code for code, n in countries.names("en").items()}[name]


def place(figure: str) -> str | None:
    """The community a figure of :func:`key_figures` counts ("Kazakhs in Uzbekistan"), as the
    country's name in the page's language ("Узбекистан"); None for a figure of another kind."""
    match = _FIGURES[0][0].fullmatch(figure)
    return countries.names()[_code(match["country"])] if match else None


def figure_words(figure: str) -> str:
    """What a figure of :func:`key_figures` is (its ``figure``, kept in English in the data) in the
    page's language: "Kazakhs in Uzbekistan", «Казахи в Узбекистане»; the text itself when it is
    none of the figures the function knows."""
    for pattern, message in _FIGURES:
        match = pattern.fullmatch(figure)
        if match is None:
            continue
        values = match.groupdict()
        if "country" in values:
            values = charts.country_forms(_code(values["country"]))
        return _(message).format(**values)
    return figure


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
        name = countries.names("en")[r.iso3]  # the figure is named in English in the data (figure_words)
        rows.append(_row(f"Kazakhs in {name}", r.persons, text, str(r.year), r.year, r._asdict(), claim, page))
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
