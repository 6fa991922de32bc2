"""Deciding the outcome of each claim: its tolerance, whether our value agrees with the printed
one, and the outcome with the reason shown to readers.

The tolerance is half a unit of the last printed digit (17.2 % covers 17.15–17.25 %), unless a
claim states its own with a reason.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import fmt
from .findings import CHECKS, Finding, NotCheckable
from .ledger import ledger, parse_check

#: The outcomes of a claim, in the order the report shows them.
OUTCOMES = ("reproduced", "cited-only", "differs", "not-checkable")


#: Persons in one unit of each unit of head counts.
_SCALE = {"persons": 1.0, "thousand-persons": 1e3, "million-persons": 1e6}


_EPS = 1e-9


def tolerance(claim) -> float:
    """The claim's own tolerance, or half a unit of its last printed digit."""
    if pd.notna(claim.tolerance):
        return float(claim.tolerance)
    return 0.5 * 10.0 ** (-int(claim.decimals))


def in_unit(finding: Finding, unit: str):
    """The finding's value converted to ``unit`` (persons <-> thousands <-> millions)."""
    value = finding.value
    if finding.unit == unit:
        return value
    if finding.unit in _SCALE and unit in _SCALE:
        factor = _SCALE[finding.unit] / _SCALE[unit]
        return tuple(v * factor for v in value) if isinstance(value, tuple) else value * factor
    raise ValueError(f"a check found a value in {finding.unit}, the claim is in {unit}")


def agrees(claim, ours, tol: float) -> bool:
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
    ours = in_unit(finding, claim.unit)
    agreed = agrees(claim, ours, tolerance(claim))
    if agreed and not finding.caveat:
        outcome = "reproduced" if claim.kind == "computed" else "cited-only"
        reason = note
    else:
        outcome = "differs"
        reason = " ".join(filter(None, [finding.caveat, note])) or (
            f"Our value, {show(claim, ours)}, is outside the tolerance of the printed {claim.printed}."
        )
    return {"outcome": outcome, "ours": ours, "reason": reason}


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
        rows.append(
            {
                **verdict,
                "ours_text": show(claim, verdict["ours"]),
                "inputs": finding.inputs if finding else "",
                "check_sources": ";".join(finding.sources) if finding else "",
            }
        )
    return pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def scorecard(results: pd.DataFrame) -> pd.DataFrame:
    """Claims per section (rows, in the article's order) and outcome (columns), with totals."""
    table = pd.crosstab(results["section"], results["outcome"]).reindex(columns=list(OUTCOMES), fill_value=0)
    order = sorted(table.index, key=lambda s: [int(p) for p in s.split(".")])
    table = table.loc[order]
    table.loc["all"] = table.sum()
    table["claims"] = table.sum(axis=1)
    return table


def show(claim, value) -> str:
    """A value in the claim's unit, with one more digit than the article printed (head counts and
    ranks whole)."""
    return fmt.quantity(value, claim.unit, max(int(claim.decimals) + 1, 0))
