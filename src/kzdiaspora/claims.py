"""The claims ledger: every numeric claim of the paper, checked against the data package.

The ``claims`` resource lists the claims (sections 1 to 5 of the paper): the number as printed,
how precisely it is printed, and how the book checks it, as a call of one of the check functions
of this module (``table1(iso3="UZB", quantity="share", vintage="wdi-2024-12", year=2022)``).
The outcome of a claim is never stored: :func:`evaluate` runs every check on the data as they
are and decides it.

* ``reproduced``: a computed claim whose value we recompute within the tolerance;
* ``cited-only``: a quoted claim (the paper passes on a number from elsewhere) for which a public
  source we found and ship in the data gives the same number within the tolerance: the source the
  paper cites, or another publication of the same figure (the entry then names the one matched);
* ``differs``: our value is outside the tolerance (both values are shown, with the reason), or a
  source gives the same number for something else (the reason says what);
* ``not-checkable``: no public source for the number was found, or the data cannot give it.

The tolerance is half a unit of the last printed digit (17.2 % covers 17.15–17.25 %), unless a
claim states its own with a reason. A check function returns a :class:`Finding` (our value, the
inputs it used, their sources) or raises :class:`NotCheckable`; computed checks call the
chapters' library functions (:mod:`~kzdiaspora.demography`, :mod:`~kzdiaspora.policy`,
:mod:`~kzdiaspora.kandas`), so the ledger and the chapters cannot disagree.

:func:`mark` puts a small badge next to a number in a chapter, linking to the claim on the
Reproducibility report page.
"""
from __future__ import annotations

import ast
import inspect
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import pandas as pd

from . import fmt
from .data import DataError, bib_keys, load

__all__ = ["OUTCOMES", "SYMBOLS", "OUTCOME_COLOURS", "OUTCOME_MEANING", "scorecard_data", "scorecard_chart", "entry", "entries", "citations", "source_names", "Finding", "NotCheckable", "CHECKS", "ledger", "parse_check", "tolerance",
           "judge", "evaluate", "scorecard", "label", "badge", "mark"]

#: The outcomes of a claim, in the order the report shows them.
OUTCOMES = ("reproduced", "cited-only", "differs", "not-checkable")

#: The symbol of each outcome on badges and in the report.
SYMBOLS = {"reproduced": "✓", "cited-only": "≡", "differs": "≠", "not-checkable": "?"}

#: The page of the report (its document name), where every claim has an anchor.
REPORT_PAGE = "reproducibility"

#: Persons in one unit of each unit of head counts.
_SCALE = {"persons": 1.0, "thousand-persons": 1e3, "million-persons": 1e6}

_EPS = 1e-9


@dataclass(frozen=True)
class Finding:
    """What a check found.

    ``value`` is our number (a pair ``(low, high)`` for a range) in ``unit``; ``inputs`` says in
    words what it was computed from or where it was read; ``sources`` are the bibliography keys of
    the data used. A ``caveat`` makes the claim differ even when the numbers agree: the source
    gives the same number for something else.
    """

    value: float | tuple[float, float]
    unit: str
    inputs: str
    sources: tuple[str, ...] = ()
    caveat: str = ""


class NotCheckable(Exception):
    """The data cannot give the number a claim needs (the message says why)."""


#: Check functions by name: what the ``check`` column of the ledger may call.
CHECKS: dict[str, Callable[..., Finding]] = {}


def _check(fn: Callable[..., Finding]) -> Callable[..., Finding]:
    CHECKS[fn.__name__] = fn
    return fn


# --- reading the ledger ----------------------------------------------------------------------


def parse_check(text: str) -> tuple[str, dict]:
    """``'f(a=1, b="x")'`` -> ``("f", {"a": 1, "b": "x"})``: a call of a check function with
    keyword arguments whose values are literals (numbers, strings). Raises ValueError otherwise."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise ValueError(f"{text!r} is not a function call") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError(f"{text!r} is not a call of a check function, e.g. region_total()")
    if node.args:
        raise ValueError(f"{text!r}: give the arguments by name (name=value)")
    kwargs = {}
    for kw in node.keywords:
        if kw.arg is None or not isinstance(kw.value, (ast.Constant, ast.UnaryOp)):
            raise ValueError(f"{text!r}: argument values must be numbers or quoted strings")
        kwargs[kw.arg] = ast.literal_eval(kw.value)
    return node.func.id, kwargs


def ledger() -> pd.DataFrame:
    """The ``claims`` resource, validated: its schema (by :func:`kzdiaspora.load`), then the
    citation keys of ``cited_source`` and the check calls, with errors naming line and column."""
    claims = load("claims")
    keys = set(bib_keys())
    problems = []
    for line, row in enumerate(claims.itertuples(), start=2):
        where = f"resource 'claims', file data/claims.csv, line {line}"
        if pd.notna(row.cited_source):
            for key in (k.strip() for k in row.cited_source.split(";")):
                if key not in keys:
                    problems.append(f"{where}, column 'cited_source': {key!r} is not a citation key of book/references.bib")
        if pd.notna(row.check):
            try:
                name, kwargs = parse_check(row.check)
                if name not in CHECKS:
                    raise ValueError(f"no check function {name!r}; known: {', '.join(sorted(CHECKS))}")
                inspect.signature(CHECKS[name]).bind(**kwargs)
            except (ValueError, TypeError) as exc:
                problems.append(f"{where}, column 'check': {exc}")
    if problems:
        raise DataError(f"{len(problems)} problem(s) in data/claims.csv:\n  " + "\n  ".join(problems))
    return claims


# --- deciding the outcome --------------------------------------------------------------------


def tolerance(claim) -> float:
    """The claim's own tolerance, or half a unit of its last printed digit."""
    if pd.notna(claim.tolerance):
        return float(claim.tolerance)
    return 0.5 * 10.0 ** (-int(claim.decimals))


def _in_unit(finding: Finding, unit: str):
    """The finding's value converted to ``unit`` (persons <-> thousands <-> millions)."""
    value = finding.value
    if finding.unit == unit:
        return value
    if finding.unit in _SCALE and unit in _SCALE:
        factor = _SCALE[finding.unit] / _SCALE[unit]
        return tuple(v * factor for v in value) if isinstance(value, tuple) else value * factor
    raise ValueError(f"a check found a value in {finding.unit}, the claim is in {unit}")


def _agrees(claim, ours, tol: float) -> bool:
    printed = float(claim.value)
    if claim.bound == "range":
        if not isinstance(ours, tuple):
            return False
        return abs(ours[0] - printed) <= tol + _EPS and abs(ours[1] - float(claim.value_high)) <= tol + _EPS
    if isinstance(ours, tuple):
        # our value is a range (an input known only as a bound): the printed number must lie in it
        return claim.bound == "about" and ours[0] - tol - _EPS <= printed <= ours[1] + tol + _EPS
    if claim.unit == "sign":
        return ours != 0 and math.copysign(1, ours) == printed
    if claim.kind == "quoted" or claim.bound == "about":
        # a quoted number is compared with the source's number as stated
        return abs(ours - printed) <= tol + _EPS
    if claim.bound == "more-than":
        # "more than 20 million": above 20 million, and below the next unit of the last digit
        return printed < ours <= printed + 2 * tol + _EPS
    if claim.bound == "up-to":
        return ours <= printed + tol + _EPS
    raise ValueError(f"unknown bound {claim.bound!r}")


def judge(claim, finding: Finding | None, why_not: str = "") -> dict:
    """The outcome of one claim given what its check found (None: nothing), with our value and the
    reason shown to readers."""
    note = claim.note if pd.notna(claim.note) else ""
    if finding is None:
        return {"outcome": "not-checkable", "ours": None, "reason": note or why_not}
    ours = _in_unit(finding, claim.unit)
    agrees = _agrees(claim, ours, tolerance(claim))
    if agrees and not finding.caveat:
        outcome = "reproduced" if claim.kind == "computed" else "cited-only"
        reason = note
    else:
        outcome = "differs"
        reason = " ".join(filter(None, [finding.caveat, note])) or (
            f"Our value, {show(claim, ours)}, is outside the tolerance of the printed {claim.printed}.")
    return {"outcome": outcome, "ours": ours, "reason": reason}


def show(claim, value) -> str:
    """A value in the claim's unit: head counts and ranks whole, other numbers with one more digit
    than the paper printed."""
    if value is None:
        return "–"
    if isinstance(value, tuple):
        return "–".join(show(claim, v) for v in value)
    if claim.unit == "sign":
        return "positive" if value > 0 else "negative" if value < 0 else "zero"
    if claim.unit in ("persons", "count", "rank"):
        return fmt.count(value)
    text = fmt.number(value, max(int(claim.decimals) + 1, 0))
    return {"percent": f"{text} %", "million-persons": f"{text} million", "thousand-persons": f"{text} thousand",
            "one-in-n": f"one in {text}"}.get(claim.unit, text)


def evaluate(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run the check of every claim and decide its outcome.

    Adds ``outcome``, ``ours`` (our value in the claim's unit; a pair for a range; None when not
    checkable), ``ours_text``, ``inputs`` (what the check used), ``check_sources`` (bibliography
    keys of the data it used) and ``reason`` to the ledger.
    """
    claims = ledger() if claims is None else claims
    rows = []
    for claim in claims.itertuples():
        finding, why_not = None, ""
        if pd.notna(claim.check):
            name, kwargs = parse_check(claim.check)
            try:
                finding = CHECKS[name](**kwargs)
            except NotCheckable as exc:
                why_not = str(exc)
        elif pd.isna(claim.note):
            why_not = "No public source for the number was found."
        verdict = judge(claim, finding, why_not)
        rows.append({**verdict, "ours_text": show(claim, verdict["ours"]),
                     "inputs": finding.inputs if finding else "",
                     "check_sources": ";".join(finding.sources) if finding else ""})
    return pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def scorecard(results: pd.DataFrame) -> pd.DataFrame:
    """Claims per section (rows, in the paper's order) and outcome (columns), with totals."""
    table = pd.crosstab(results["section"], results["outcome"]).reindex(columns=list(OUTCOMES), fill_value=0)
    order = sorted(table.index, key=lambda s: [int(p) for p in s.split(".")])
    table = table.loc[order]
    table.loc["all"] = table.sum()
    table["claims"] = table.sum(axis=1)
    return table


# --- the report page -------------------------------------------------------------------------

#: Okabe–Ito colours of the outcomes (green: reproduced, blue: found in the source, vermillion:
#: differs, grey: cannot be checked).
OUTCOME_COLOURS = {"reproduced": "#009E73", "cited-only": "#56B4E9", "differs": "#D55E00", "not-checkable": "#999999"}

#: What each outcome means, in one phrase (legend of the report).
OUTCOME_MEANING = {
    "reproduced": "recomputed from the data within the tolerance",
    "cited-only": "a public source (the one cited or another publication of the figure) gives the same number",
    "differs": "our value is outside the tolerance, or the source says something else",
    "not-checkable": "no public source was found, or the data cannot give the number",
}


def scorecard_data(results: pd.DataFrame) -> pd.DataFrame:
    """Claims per section and outcome, long (one row per pair with at least one claim)."""
    table = scorecard(results).drop(index="all", columns="claims")
    long = table.reset_index().melt(id_vars="section", var_name="outcome", value_name="claims")
    long = long[long["claims"] > 0]
    return long.assign(order=long["outcome"].map(OUTCOMES.index)).reset_index(drop=True)


def scorecard_chart(data: pd.DataFrame):
    """Stacked bars: claims per section of the paper, coloured by outcome."""
    import altair as alt

    sections = sorted(data["section"].unique(), key=lambda s: [int(p) for p in s.split(".")])
    scale = alt.Scale(domain=list(OUTCOMES), range=[OUTCOME_COLOURS[o] for o in OUTCOMES])
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("section:N", sort=sections, title="Section of the paper"),
        x=alt.X("sum(claims):Q", title="Claims", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("outcome:N", scale=scale, title="Outcome"),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("section:N", title="Section"), alt.Tooltip("outcome:N", title="Outcome"),
                 alt.Tooltip("claims:Q", title="Claims")],
    ).properties(width=420, height=alt.Step(28))


def _keys(*cells) -> list[str]:
    """Bibliography keys from cells holding ``;``-separated keys (empty cells skipped), each once."""
    keys = []
    for cell in cells:
        if isinstance(cell, str):
            keys += [k.strip() for k in cell.split(";") if k.strip()]
    return list(dict.fromkeys(keys))


def source_names(keys) -> str:
    """Short names of bibliography entries for running text: ``World Bank Group 2024; Plov Press n.d.``."""
    from . import demography

    years = _bib_years()
    return "; ".join(f"{demography.source_label(key)} {years.get(key, 'n.d.')}" for key in keys)


@lru_cache(maxsize=1)
def _bib_years() -> dict[str, str]:
    """The year part of each bibliography entry's label: its year (or n.d.), with a letter where
    one author has several works of a year, lettered in the bibliography's order (the entry's
    ``sortkey``, else its title), so that the names here match the book's citations."""
    import unicodedata
    from string import ascii_lowercase

    import pybtex.database

    from . import demography, paths

    def order(key):
        text = entries[key].fields.get("sortkey") or entries[key].fields.get("title", "")
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()

    entries = pybtex.database.parse_file(str(paths.BIBLIOGRAPHY)).entries
    groups: dict[tuple[str, str], list[str]] = {}
    for key, item in entries.items():
        groups.setdefault((demography.source_label(key), item.fields.get("year", "n.d.")), []).append(key)
    years = {}
    for (_, year), keys in groups.items():
        for i, key in enumerate(sorted(keys, key=order)):
            letter = "" if len(keys) == 1 else ("-" if year == "n.d." else "") + ascii_lowercase[i]
            years[key] = year + letter
    return years


def entry(claim) -> str:
    """One claim of an :func:`evaluate` frame as MyST: its anchor, outcome, the printed value and
    ours, the reason, the check and the names of the sources (cited once per section, see
    :func:`entries`, to keep the page light)."""
    outcome = claim.outcome
    shown = f"Printed {claim.printed}; ours {claim.ours_text}"
    if claim.ours is not None and claim.unit != "sign":
        tol = tolerance(claim)
        shown += f" (±{fmt.number(tol, 0 if float(tol).is_integer() else max(int(claim.decimals) + 1, 1))})"
    lines = [f"**{claim.claim_id}** {SYMBOLS[outcome]} {outcome}. {claim.description}. {shown}."]
    if claim.reason:
        lines.append(f"Why: {claim.reason}")
    if pd.notna(claim.check):
        used = f" on {claim.inputs}" if claim.inputs else ""
        data = f"; data: {source_names(_keys(claim.check_sources))}" if claim.check_sources else ""
        call = claim.check.replace(", ", ",")  # one code span, not one per word
        lines.append(f"Check: `{call}`{used}{data}.")
    cited = _keys(claim.cited_source)
    lines.append(f"Paper: {claim.locator}" + (f"; cites {source_names(cited)}" if cited else "") + ".")
    matched = _keys(claim.check_sources)
    if outcome == "cited-only" and not set(matched) & set(cited):
        lines.append(f"Matched in {source_names(matched)}, not in the publication the paper cites.")
    return f"({label(claim.claim_id)})=\n" + " \\\n".join(lines) + "\n"


def entries(results: pd.DataFrame, section: str, outcomes=OUTCOMES) -> str:
    """The claims of one section (with one of ``outcomes``) as MyST, or a sentence saying there are none."""
    part = results[(results["section"] == section) & results["outcome"].isin(list(outcomes))]
    if part.empty:
        shown = "" if set(outcomes) >= set(OUTCOMES) else " with the outcomes shown"
        return f"No numeric claim{shown} in this section.\n"
    return "\n".join(entry(c) for c in part.itertuples())


def citations(results: pd.DataFrame, outcomes=OUTCOMES) -> str:
    """One citation (MyST) of every source the claims with one of ``outcomes`` name: the data the
    checks used and what the paper cites."""
    part = results[results["outcome"].isin(list(outcomes))]
    keys = _keys(*part["check_sources"], *part["cited_source"].fillna(""))
    return f"{{cite:p}}`{','.join(keys)}`" if keys else "none"


# --- badges ----------------------------------------------------------------------------------


def label(claim_id: str) -> str:
    """The anchor of a claim on the report page: ``claim-c27``."""
    return f"claim-{claim_id.lower()}"


def badge(claim_id: str, outcome: str) -> str:
    """MyST for a badge: the outcome's symbol and the claim's id, linking to the claim's anchor."""
    return f"{{ref}}`{SYMBOLS[outcome]} {claim_id} <{label(claim_id)}>`"


def mark(*claim_ids: str) -> dict[str, str]:
    """Check the given claims and glue each one's badge under the key ``claim-<id>`` (``claim-C27``).

    In the prose of the same page: ``{glue:md}`claim-C27:myst``` (the ``:myst`` makes the badge a
    cross-reference that the build checks). Returns each claim's outcome.
    """
    from IPython.display import Markdown

    from .publish import _glue, _record

    claims = ledger()
    unknown = sorted(set(claim_ids) - set(claims["claim_id"]))
    if unknown:
        raise DataError(f"no claim {', '.join(map(repr, unknown))} in data/claims.csv")
    results = evaluate(claims[claims["claim_id"].isin(claim_ids)])
    outcomes = dict(zip(results["claim_id"], results["outcome"]))
    for claim_id in claim_ids:
        key = f"claim-{claim_id}"
        _glue(key, Markdown(badge(claim_id, outcomes[claim_id])))
        _record({"kind": "claim", "key": key, "claim": claim_id, "outcome": outcomes[claim_id]})
    return outcomes



def about(iso3: str) -> list[str]:
    """The ids of the claims about one country (column ``iso3`` of the ledger), in ledger order."""
    claims = ledger()
    return claims.loc[claims["iso3"] == iso3, "claim_id"].tolist()


def badge_list(claim_ids) -> str:
    """MyST bullets, one per claim: its badge (glued by :func:`mark` on the same page), what it is
    about and the value as the paper prints it."""
    claims = ledger().set_index("claim_id")
    return "\n".join(f"- {{glue:md}}`claim-{cid}:myst` {claims.loc[cid, 'description']}: "
                     f"*{claims.loc[cid, 'printed']}*" for cid in claim_ids)

# --- the checks: lookups of the sources' own values -----------------------------------------

def _not_paper(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of other sources than the paper itself (the paper's own figures are in the data too)."""
    return frame[(frame["source"] != "nurbek2025") & (frame["status"] != "stated-by-authors")]


@_check
def context(figure: str) -> Finding:
    """A figure of the ``context_figures`` resource."""
    cf = load("context_figures")
    row = cf[cf["figure_id"] == figure]
    if row.empty:
        raise DataError(f"no context figure {figure!r} in data/context_figures.csv")
    r = row.iloc[0]
    what = r["description"][:1].lower() + r["description"][1:]
    return Finding(float(r["value"]), r["unit"], f"{what} ({r['year']})", (r["source"],))


@_check
def one_in_n(figure: str) -> Finding:
    """How many people there are for each one counted by a percentage of ``context_figures``."""
    share = context(figure)
    return Finding(100 / share.value, "one-in-n", f"100 ÷ {fmt.number(share.value)} % ({share.inputs})", share.sources)


@_check
def diaspora(source: str, year: int, qualifier: str) -> Finding:
    """A worldwide estimate of the diaspora (``diaspora_estimates``) by source, year and qualifier."""
    est = load("diaspora_estimates")
    row = est[(est["scope"] == "world") & (est["source"] == source) & (est["year"] == year)
              & (est["qualifier"] == qualifier)]
    if row.empty:
        raise NotCheckable(f"The data hold no worldwide estimate of {source} for {year} ({qualifier}).")
    r = row.iloc[0]
    value = r["persons_high"] if qualifier == "up-to" else r["persons_low"]
    words = {"more-than": "more than", "up-to": "up to", "about": "about"}.get(qualifier, qualifier)
    return Finding(float(value), "persons", f"{r['definition']}: {words} {fmt.millions(value)} ({year})", (source,))


def _pick(rows: pd.DataFrame, what: str) -> pd.Series:
    """One row among several sources' figures: the exact one with the latest reference date."""
    if rows.empty:
        raise NotCheckable(f"The data hold no {what} from a source other than the paper.")
    rank = rows["approximation"].map({"exact": 0, "rounded": 1, "about": 2}).fillna(3)
    rows = rows.assign(_rank=rank, _date=rows["reference_date"].fillna(pd.Timestamp(0)))
    return rows.sort_values(["_rank", "_date"], ascending=[True, False], kind="stable").iloc[0]


@_check
def ethnic_count(iso3: str, group: str, year: int, source: str | None = None) -> Finding:
    """A head count of ``ethnic_composition`` (persons) from a source other than the paper."""
    from . import demography

    eth = _not_paper(demography.ethnic_composition())
    rows = eth[(eth["iso3"] == iso3) & (eth["group"] == group) & (eth["year"] == year) & (eth["measure"] == "persons")]
    if source:
        rows = rows[rows["source"] == source]
    r = _pick(rows, f"count of {group} in {iso3} for {year}")
    also = f" (one of {len(rows)} figures for that year in the data)" if len(rows) > 1 else ""
    return Finding(float(r["persons"]), "persons",
                   f"{group} in {r['country']}, {year} ({r['status']}): {fmt.count(r['persons'])}{also}", (r["source"],))


@_check
def schooling(obs_id: str | None = None, measure: str | None = None, iso3: str | None = None,
              bilingual: bool = False) -> Finding:
    """A count of ``kazakh_schooling``: one observation, or the latest of a measure in a country.

    ``bilingual``: the claim counts only the schools teaching in Kazakh and another language. A count
    of every school teaching in Kazakh includes those teaching in Kazakh alone, so the finding then
    carries a caveat, with the latest year for which the data split the two.
    """
    sch = _not_paper(load("kazakh_schooling"))
    if obs_id:
        rows = sch[sch["obs_id"] == obs_id]
    else:
        rows = sch[(sch["measure"] == measure) & (sch["iso3"] == iso3)].sort_values("year")
    if rows.empty:
        raise NotCheckable("The data hold no such count from a source other than the paper.")
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
            caveat += (f"; in {y}, {fmt.count(only[y])} of the {fmt.count(every[y])} schools teaching in Kazakh "
                       f"taught in Kazakh alone")
        caveat += "."
    return Finding(float(r["value"]), "count", f"{r['note']} ({r['scope']}, {r['year']})", (r["source"],), caveat)


# --- the checks: recomputations with the chapters' functions --------------------------------


@_check
def kazakh_share_of_kazakhstan() -> Finding:
    """Ethnic Kazakhs over the total population of Kazakhstan at the same date (official counts)."""
    from . import demography

    den = demography.homeland_denominators()
    kaz = den[den["denominator"] == "Kazakhs in Kazakhstan"].iloc[0]
    total = den[den["denominator"] == "Total population of Kazakhstan"].iloc[0]
    return Finding(100 * kaz["persons"] / total["persons"], "percent",
                   f"{fmt.count(kaz['persons'])} Kazakhs ÷ {fmt.count(total['persons'])} people, {kaz['date']}",
                   (kaz["source"], total["source"]))


@_check
def table1(iso3: str, quantity: str, vintage: str, year: int) -> Finding:
    """A share or ratio of Table 1 as the demography chapter rebuilds it (World Bank ``vintage``,
    reference ``year``), with the other denominators that would reproduce the printed figure."""
    from . import demography

    cells = demography.table1(vintage, year)
    cell = cells[(cells["iso3"] == iso3) & (cells["quantity"] == quantity)].iloc[0]
    if pd.isna(cell["value"]):
        raise NotCheckable("The data cannot give this cell of Table 1 (see the demography chapter).")
    check = demography.reconciliation(vintage, year)
    rec = check[(check["iso3"] == iso3) & (check["measure"] == quantity)].iloc[0]
    inputs = f"Table 1 rebuilt with World Bank {vintage}, {year}"
    if rec["reproducing"] and not demography.rounds_to(float(cell["value"]), float(rec["printed"]), int(rec["decimals"])):
        inputs += f"; the printed figure is obtained with {rec['reproduced_by']}"
    sources = tuple(s.strip() for s in cell["source"].split(";") if s.strip())
    kazakhs = cells[(cells["iso3"] == iso3) & (cells["quantity"] == "kazakhs")].iloc[0]
    low, high = demography.count_range(kazakhs["value"], kazakhs["approximation"])
    if low < high:  # the count is a lower bound: the value is a range, from the bound up
        value = float(cell["value"])
        inputs += (f"; the Kazakh count is a lower bound (more than {fmt.count(low)}), read as up to "
                   f"{fmt.count(high)}; the printed figure implies {fmt.count(rec['implied_kazakhs'])}")
        return Finding((value, value * high / low), "percent", inputs, sources)
    return Finding(float(cell["value"]), "percent", inputs, sources)


@_check
def region_total() -> Finding:
    """The Kazakhs of the four countries together (Table 1's counts)."""
    from . import demography

    shares = demography.region_shares()
    parts = ", ".join(f"{r.country} {demography.approx(r.persons, r.approximation)}" for r in shares.itertuples())
    return Finding(demography.region_total(), "persons", f"sum of {parts}", tuple(shares["source"]))


@_check
def region_share(iso3: str) -> Finding:
    """One country's share of the four countries' Kazakhs."""
    from . import demography

    shares = demography.region_shares().set_index("iso3")
    r = shares.loc[iso3]
    return Finding(float(r["percent_of_region"]), "percent",
                   f"{fmt.count(r['persons'])} of {fmt.count(shares['persons'].sum())}", tuple(shares["source"]))


@_check
def community_rank(iso3: str) -> Finding:
    """The place of a country among the four by the size of its Kazakh community (1 = largest)."""
    from . import demography

    shares = demography.region_shares().sort_values("persons", ascending=False).reset_index(drop=True)
    rank = int(shares.index[shares["iso3"] == iso3][0]) + 1
    order = ", ".join(f"{r.country} {fmt.count(r.persons)}" for r in shares.itertuples())
    return Finding(float(rank), "rank", f"by size: {order}", tuple(shares["source"]))


@_check
def diaspora_share(estimate: str, end: str) -> Finding:
    """The region's share of a worldwide estimate of the diaspora: the ``low`` end (over its upper
    bound) or the ``high`` end (over its lower bound)."""
    from . import demography

    sc = demography.diaspora_scenario(estimate)
    share = sc[f"share_{end}"]
    if pd.isna(share):
        raise NotCheckable(f"The estimate {sc['label']} has no bound on that side.")
    diaspora = sc["persons_high"] if end == "low" else sc["persons_low"]
    return Finding(float(share), "percent", f"{fmt.count(demography.region_total())} ÷ {fmt.count(diaspora)}",
                   (sc["source"],))


@_check
def homeland_ratio(estimate: str, denominator: str) -> Finding:
    """The worldwide diaspora (both ends of an estimate) as a percentage of one of the demography
    chapter's denominators, named as the chapter names it (``Kazakhs in Kazakhstan``)."""
    from . import demography

    ratios = demography.homeland_ratios(estimate)
    rows = ratios[ratios["denominator"] == denominator]
    if rows.empty:
        raise DataError(f"no denominator {denominator!r}; known: {', '.join(ratios['denominator'].unique())}")
    r = rows.iloc[0]
    return Finding((float(r["ratio_low"]), float(r["ratio_high"])), "percent",
                   f"{r['estimate']} ÷ {fmt.count(r['persons'])} ({r['denominator']})", (r["source"],))


@_check
def period_sign(series: str, first: int, last: int, fallback: str | None = None) -> Finding:
    """The sign of Kazakhstan's net migration summed over a period (policy chapter): ``wpp`` (UN
    model estimates) or ``registered`` (statistics bureau).

    The registered balance is known only for some years: its sum runs over the years found, and
    the finding says how many of the period's years these are and lists them. When the series
    covers no year of the period, the check reads the ``fallback`` series instead (if given) and
    says so; otherwise the claim cannot be checked.
    """
    from . import policy

    frames = {"wpp": policy.wpp_net_migration, "registered": policy.registered_balance}
    frame = frames[series]()
    s = policy.period_sums(frame, [(first, last)]).iloc[0]
    if s["years_covered"] == 0:
        if fallback is None:
            raise NotCheckable(f"The {policy.SERIES[series]} series has no year of {first}–{last} in the data.")
        found = period_sign(fallback, first, last)
        return Finding(found.value, found.unit, f"{found.inputs} (that series alone: the data hold no "
                                                f"{series} figures for those years)", found.sources)
    if pd.isna(s["sign"]):
        raise NotCheckable(f"The releases of the {policy.SERIES[series]} series disagree on the sign of "
                           f"{first}–{last}.")
    coverage = ""
    if not s["complete"]:
        nets = frame[frame["year"].between(first, last)].groupby("year")["net"]
        signs = {"negative" if high < 0 else "positive" if low > 0 else "mixed"
                 for low, high in zip(nets.min(), nets.max())}
        each = f", each {signs.pop()}" if len(signs) == 1 and "mixed" not in signs else ""
        coverage = (f" ({s['years_covered']} of the {s['years']} years found: "
                    f"{', '.join(str(y) for y in nets.groups)}{each})")
    sources = tuple(dict.fromkeys(k.strip() for cell in frame.loc[frame["year"].between(first, last), "source"]
                                  for k in cell.split(";")))
    return Finding(float(s["net"]), "sign",
                   f"{policy.SERIES[series]}, {first}–{last}{coverage}: {fmt.signed(s['net'])} people", sources)


@_check
def kandas_count(as_of: str) -> Finding:
    """Kandas granted the status since 1 January, in the ministry's release dated ``as_of``."""
    from . import kandas

    rel = kandas.releases()
    row = rel[rel["as_of"] == pd.Timestamp(as_of)]
    if row.empty:
        raise NotCheckable(f"No release dated {as_of} in the data.")
    r = row.iloc[0]
    return Finding(float(r["persons"]), "persons", f"release to {as_of}: {fmt.count(r['persons'])}", (r["source"],))


@_check
def kandas_year(year: int) -> Finding:
    """Kandas granted the status over a whole calendar year."""
    from . import kandas

    whole = kandas.whole_years(year, year)
    if whole.empty:
        raise NotCheckable(f"No count of kandas for the whole of {year} in the data.")
    r = whole.iloc[-1]
    return Finding(float(r["persons"]), "persons", f"{year}: {fmt.count(r['persons'])} ({r['status']})", (r["source"],))


@_check
def kandas_share(breakdown: str, category: str, as_of: str | None = None, year: int | None = None,
                 base: str = "all-kandas") -> Finding:
    """A share of the kandas releases: at ``as_of``, or in the last release of ``year``; of all
    kandas or of the working-age ones (``base``). When the release gives the share only of another
    base, the finding carries that as a caveat."""
    from . import kandas

    sh = kandas.shares(breakdown)
    if as_of:
        sh = sh[sh["as_of"] == pd.Timestamp(as_of)]
    else:
        sh = sh[sh["year"] == year]
        sh = sh[sh["as_of"] == sh["as_of"].max()]
    sh = sh[sh["category"] == category]
    if sh.empty:
        raise NotCheckable(f"No {breakdown} share for {category} in that release.")
    same = sh[sh["base"] == base]
    r = (same if len(same) else sh).iloc[0]
    when = f"release to {r['as_of']:%Y-%m-%d}"
    bases = {"all-kandas": "all kandas", "working-age-kandas": "the working-age kandas"}
    caveat = "" if len(same) else (f"The release gives {fmt.number(r['percent'])} % of {bases[r['base']]}, "
                                   f"not of {bases[base]}.")
    return Finding(float(r["percent"]), "percent", f"{kandas.label(category)}, {r['base']}, {when}", (r["source"],),
                   caveat)


@_check
def kandas_share_total(as_of: str, breakdown: str) -> Finding:
    """The sum of the shares of one breakdown in a release (close to 100 when complete)."""
    from . import kandas

    snap = kandas.snapshot(as_of, breakdown)
    return Finding(float(snap["percent"].sum()), "percent",
                   " + ".join(f"{fmt.number(p)} %" for p in snap["percent"]) + f" (release to {as_of})",
                   tuple(dict.fromkeys(snap["source"])))


@_check
def education_gap(as_of: str, year: int) -> Finding:
    """Share with higher education among the emigrants of ``year`` minus that among working-age
    kandas at ``as_of`` (percentage points; positive when the emigrants are more educated)."""
    from . import kandas

    comp = kandas.education_comparison(as_of, year)
    higher = comp[comp["education"] == "higher"].set_index("group")["percent"]
    emig = higher[[g for g in higher.index if g.startswith("emigrants")]].iloc[0]
    kand = higher[[g for g in higher.index if not g.startswith("emigrants")]].iloc[0]
    return Finding(float(emig - kand), "sign",
                   f"higher education: emigrants {fmt.pct(emig)}, working-age kandas {fmt.pct(kand)}",
                   tuple(dict.fromkeys(comp["source"])))


@_check
def emigrant_education_rank(year: int, level: str) -> Finding:
    """The place of an education level among the emigrants of ``year`` (1 = most emigrants)."""
    emi = load("emigrants_education")
    emi = emi[emi["year"] == year].sort_values("persons", ascending=False).reset_index(drop=True)
    if emi.empty:
        raise NotCheckable(f"No emigrants by education for {year} in the data.")
    rank = int(emi.index[emi["education"] == level][0]) + 1
    order = ", ".join(f"{r.education} {fmt.count(r.persons)}" for r in emi.itertuples())
    return Finding(float(rank), "rank", f"by number: {order}", tuple(dict.fromkeys(emi["source"])))


@_check
def survey_total(question: str) -> Finding:
    """The sum of the percentages the paper reports for one survey question."""
    svy = load("survey_marginals")
    rows = svy[(svy["question"] == question) & (svy["status"] == "stated-by-authors")]
    return Finding(float(rows["percent"].sum()), "percent", " + ".join(f"{fmt.count(p)} %" for p in rows["percent"]),
                   tuple(dict.fromkeys(rows["source"])))


@_check
def stock_balance(iso3: str, year: int) -> Finding:
    """People born in the other four countries living in ``iso3`` less people born in ``iso3``
    living in them, in one year of the UN bilateral migrant stocks (positive: ``iso3`` has received
    more), from :func:`kzdiaspora.migration.regional_balance`."""
    from . import migration

    rb = migration.regional_balance()
    row = rb[(rb["iso3"] == iso3) & (rb["year"] == year)]
    if row.empty:
        raise NotCheckable(f"No migrant stocks for {iso3} in {year} in the data.")
    r = row.iloc[0]
    return Finding(float(r["balance"]), "sign",
                   f"{year}: {fmt.count(r['hosted'])} people born in the other four countries live in {r['country']}, "
                   f"{fmt.count(r['abroad'])} born there live in them", tuple(dict.fromkeys(migration.stocks()["source"])))


@_check
def stock_trend(origin: str, first: int, last: int) -> Finding:
    """Change from ``first`` to ``last`` in the number of people born in ``origin`` living in the
    other four countries (UN bilateral migrant stocks, :func:`kzdiaspora.migration.regional_balance`);
    the finding lists every year and says whether the number fell at every step."""
    from . import migration

    rb = migration.regional_balance()
    series = rb[(rb["iso3"] == origin) & rb["year"].between(first, last)].set_index("year")["abroad"].sort_index()
    if series.empty or series.index.min() != first or series.index.max() != last:
        raise NotCheckable(f"The migrant stocks do not cover {first} and {last}.")
    steady = bool((series.diff().dropna() < 0).all())
    years = ", ".join(f"{y} {fmt.count(v)}" for y, v in series.items())
    return Finding(float(series.iloc[-1] - series.iloc[0]), "sign",
                   f"{years} ({'falling at every step' if steady else 'not falling at every step'})",
                   tuple(dict.fromkeys(migration.stocks()["source"])))
