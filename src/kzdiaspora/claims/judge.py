"""Deciding the outcome of each claim: its tolerance, whether our value agrees with the printed
one, how strong the evidence is, and the outcome with the reason shown to readers.

The rule: *the printed number agrees with ours when the values the printed number stands for and
the values ours stands for overlap*.

* The printed number stands for half a unit of its last printed digit either side (17.2 %:
  17.15–17.25 %), unless the claim states a tolerance of its own with a reason; "more than N"
  and "above N" for any value above N (a lower bound; a quoted "more than N" is also met by a
  source stating N, to its rounding), "up to N" for any value up to it, a sign for every value
  of that sign.
* Ours stands for itself give or take the rounding of its inputs (:attr:`Finding.margin`), or
  for a range when an input is itself a range or a bound.
* When the evidence leaves part of the quantity open (:attr:`Finding.bounds`), a verdict is
  given only when it is the same whatever the open part holds; otherwise the claim cannot be
  checked.

The basis of a verdict is the weakest of the ledger's (the evidence the check reads, for this
claim) and the finding's (what the data gave this time); an input that is the article's own number
makes it internal, and an input inferred from the very number checked makes the check void.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .. import fmt, i18n, markup
from ..data import DataError
from ..i18n import gettext as _
from ..i18n import pgettext
from .findings import BASES, CHECKS, Finding, NotCheckable, weakest
from .ledger import ledger, parse_check, readings

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
    return _convert(finding.value, finding.unit, unit)


def _convert(value, have: str, want: str):
    if have == want or value is None or want == "sign":  # a sign is read off any quantity
        return value
    if have in _SCALE and want in _SCALE:
        factor = _SCALE[have] / _SCALE[want]
        return tuple(v * factor for v in value) if isinstance(value, tuple) else value * factor
    raise ValueError(f"a check found a value in {have}, the claim is in {want}")


def printed_interval(claim, tol: float) -> tuple[float, float]:
    """The values the printed number stands for (closed interval; an open end is moved in by a
    hair). "More than N" is a lower bound: any value above N, or for a quoted number also the
    source's own "more than N", stated as N (so N to its rounding). Any other quoted number is
    compared with the source's number as stated."""
    printed = float(claim.value)
    if claim.unit == "sign":
        return (_EPS, math.inf) if printed > 0 else (-math.inf, -_EPS)
    if claim.bound == "above":
        return printed + _EPS, math.inf
    if claim.bound == "more-than":  # "more than 72": any value above 72
        return (printed - tol if claim.kind == "quoted" else printed + _EPS), math.inf
    if claim.kind == "quoted" or claim.bound == "about":
        return printed - tol, printed + tol
    if claim.bound == "up-to":
        return -math.inf, printed + tol
    raise ValueError(f"unknown bound {claim.bound!r}")


def agreement(claim, ours, margin: float = 0.0, bounds=None) -> bool | None:
    """Whether ``ours`` (in the claim's unit) agrees with the printed value: True, False, or None
    when the ``bounds`` the evidence leaves open hold values of both kinds."""
    tol = tolerance(claim)
    if claim.bound == "range":
        if not isinstance(ours, tuple):
            return False
        return abs(ours[0] - float(claim.value)) <= tol + margin + _EPS and (
            abs(ours[1] - float(claim.value_high)) <= tol + margin + _EPS
        )
    low, high = printed_interval(claim, tol)
    low, high = low - margin - _EPS, high + margin + _EPS
    if bounds is not None:
        if low <= bounds[0] and bounds[1] <= high:
            return True
        return None if bounds[0] <= high and low <= bounds[1] else False
    first, last = ours if isinstance(ours, tuple) else (ours, ours)
    return first <= high and low <= last


def data_text(text, column: str):
    """A text of the ledger (``column`` of ``claims``, or of ``claim_readings`` for a reading's own
    text) in the page's language, from the library's catalog; missing values unchanged."""
    if pd.isna(text) or not text:
        return text
    shown = i18n.data_text(str(text), "claims", column)
    return shown if shown != text else i18n.data_text(str(text), "claim_readings", column)


def render(template, values, where: str, column: str = "note") -> str:
    """A note of the ledger with its ``{name}`` fields filled from a finding's values (the note
    in the page's language, see :func:`data_text`)."""
    if pd.isna(template) or not template:
        return ""
    template = data_text(template, column)
    try:
        return str(template).format_map(values)
    except KeyError as exc:
        known = ", ".join(sorted(values)) or "none"
        raise DataError(f"{where}: the note names {{{exc.args[0]}}}, which the check does not give (it gives: {known})")


def _circular(claim, finding: Finding) -> str:
    """The input of the finding inferred from the very number the claim prints, if any."""
    numbers = [re.escape(n) for n in re.findall(r"\d[\d,.]*\d|\d", str(claim.printed))]
    if not numbers:
        return ""
    alone = re.compile(rf"(?<![\d.,])(?:{'|'.join(numbers)})(?![\d]|[.,]\d)")
    return next((i for i in finding.inferred if alone.search(i)), "")


def evidence(claim, finding: Finding | None, context: Finding | None) -> tuple[str, list[str]]:
    """The basis of a claim's verdict and the sentences saying why it is not direct."""
    if finding is None and context is None or pd.isna(claim.basis):
        return "none", []
    used = finding or context
    notes = [used.basis_note] if used.basis_note else []
    basis = weakest(claim.basis, used.basis)
    if claim.source in used.sources and basis != "internal":
        basis = "internal"
        notes.append(_("One of its inputs is the article's own figure."))
    return basis, notes


def judge(claim, finding: Finding | None, why_not: str = "", context: Finding | None = None) -> dict:
    """The outcome of one claim given what its check found (None: nothing) and what its context
    call found, with our value, the basis and the reasons shown to readers.

    Returns ``outcome``, ``basis``, ``ours`` (None when nothing decided it), ``reason`` (the
    rendered note, with any caveat) and ``basis_reason`` (why the basis is not direct)."""
    values = {**(context.values if context else {}), **(finding.values if finding else {})}
    where = f"data/claims.csv, claim {claim.claim_id}"
    note = render(claim.note, values, f"{where}, column 'note'")
    basis, why_basis = evidence(claim, finding, context)
    why_basis = [render(claim.basis_reason, values, f"{where}, column 'basis_reason'", "basis_reason"), *why_basis]
    verdict = {"basis": basis, "basis_reason": " ".join(filter(None, why_basis)), "ours": None}
    if finding is None:
        return {**verdict, "outcome": "not-checkable", "reason": note or why_not}
    ours = in_unit(finding, claim.unit)
    circular = _circular(claim, finding)
    if circular:
        # the input's account is the data's own locator, in English: marked so on other pages
        reason = _("The check cannot fail: one of its inputs is inferred from this very number ({input}).").format(
            input=markup.original(circular)
        )
        return {**verdict, "outcome": "not-checkable", "ours": ours, "reason": " ".join(filter(None, [reason, note]))}
    bounds = _convert(finding.bounds, finding.unit, claim.unit)
    agreed = agreement(claim, ours, _convert(finding.margin, finding.unit, claim.unit), bounds)
    if agreed is None:
        return {**verdict, "outcome": "not-checkable", "ours": ours, "reason": note or why_not}
    if agreed and not finding.caveat:
        outcome = "cited-only" if claim.kind == "quoted" else "reproduced"
        return {**verdict, "outcome": outcome, "ours": ours, "reason": note}
    reason = " ".join(filter(None, [finding.caveat, note])) or (
        _("Our value, {ours}, lies outside what the printed “{printed}” allows.").format(
            ours=show(claim, ours), printed=markup.original(claim.printed)
        )
    )
    return {**verdict, "outcome": "differs", "ours": ours, "reason": reason}


def run(call) -> tuple[Finding | None, str]:
    """Run one call of the ledger (``check`` or ``context`` column): the finding, or the reason
    the data cannot give it."""
    if pd.isna(call) or not call:
        return None, ""
    name, kwargs = parse_check(call)
    try:
        return CHECKS[name](**kwargs), ""
    except NotCheckable as exc:
        return None, str(exc)


def evaluate(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run the check of every claim and decide its outcome and basis.

    Adds ``outcome``, ``basis`` (one of :data:`BASES`; replaces the ledger's), ``basis_reason``,
    ``ours`` (our value in the claim's unit; a pair for a range; None when not checked),
    ``ours_text``, ``tolerance_text`` (the agreement window) and ``tolerance_why`` (why it is not
    the default), ``inputs`` (what the check used), ``check_sources`` (bibliography keys of the
    data it used), ``context_text`` and ``context_sources`` (what the context call found, shown
    beside the verdict, never judged) and ``reason`` to the ledger.

    A claim of the ledger with a reading as close to its words as its own (``equally_close`` in
    :func:`readings`) is decided only where the two agree: otherwise it is not checkable, and
    the reason names both outcomes. Rows of :func:`readings` are judged each on its own.
    """
    claims = ledger() if claims is None else claims
    rows = []
    for claim in claims.itertuples():
        finding, why_not = run(claim.check)
        context, _why = run(claim.context)
        if pd.isna(claim.check) and pd.isna(claim.note):
            why_not = _("No public source for the number was found.")
        verdict = judge(claim, finding, why_not, context)
        window, why = tolerance_text(claim, finding) if finding else ("", "")
        rows.append(
            {
                **verdict,
                "ours_text": show(claim, verdict["ours"]),
                "tolerance_text": window,
                "tolerance_why": why,
                "inputs": finding.inputs if finding else "",
                "check_sources": ";".join(finding.sources) if finding else "",
                "context_text": context.inputs if context else "",
                "context_sources": ";".join(context.sources) if context else "",
            }
        )
    # the ledger's basis is the strongest its evidence can have; the verdict's replaces it
    claims = claims.drop(columns=["basis", "basis_reason"]).reset_index(drop=True)
    results = pd.concat([claims, pd.DataFrame(rows)], axis=1)
    return results if "equally_close" in claims.columns else _unless_readings_disagree(results)


#: How each outcome reads in a sentence saying what a reading of a claim comes to.
_COMES_TO = {"reproduced": "agrees", "cited-only": "agrees", "differs": "differs", "not-checkable": "cannot be checked"}


def _comes_to(outcome: str) -> str:
    """What a reading of a claim comes to, in words of the page's language (see :data:`_COMES_TO`)."""
    words = {
        "agrees": pgettext("a claim, read one way", "agrees"),
        "differs": pgettext("a claim, read one way", "differs"),
        "cannot be checked": pgettext("a claim, read one way", "cannot be checked"),
    }
    return words[_COMES_TO[outcome]]


def _unless_readings_disagree(results: pd.DataFrame) -> pd.DataFrame:
    """``results`` (an :func:`evaluate` frame of the ledger) with every claim whose readings as
    close to its words (``equally_close``) come to another outcome made not checkable."""
    close = readings()
    close = close[close["equally_close"].fillna(False).astype(bool) & close["claim_id"].isin(results["claim_id"])]
    if close.empty:
        return results
    judged = evaluate(close)
    results = results.copy()
    for claim_id, others in judged.groupby("claim_id", sort=False):
        at = results.index[results["claim_id"] == claim_id][0]
        own = results.loc[at]
        if own["outcome"] == "not-checkable" or all(
            _COMES_TO[o] == _COMES_TO[own["outcome"]] for o in others["outcome"]
        ):
            continue
        said = "; ".join(
            _("read {reading}, it {comes_to}").format(
                reading=data_text(r.reading, "reading"), comes_to=_comes_to(r.outcome)
            )
            for r in others.itertuples()
        )
        results.loc[at, "reason"] = _(
            "Read so, the claim {comes_to}; {said}. These readings are as close to the sentence's words as each "
            "other, so the claim is decided only where they agree."
        ).format(comes_to=_comes_to(own["outcome"]), said=said)
        results.loc[at, "outcome"] = "not-checkable"
    return results


def tolerance_text(claim, finding: Finding) -> tuple[str, str]:
    """The agreement window of a claim (``±0.15 thousand``) and why it is not half a unit of the
    last printed digit (its own tolerance, or the rounding of our inputs); empty for a sign, a
    bound, or a whole number printed to the unit."""
    if (
        claim.unit == "sign"
        or claim.bound in ("above", "more-than")
        or (claim.bound == "up-to" and claim.kind != "quoted")
    ):
        return "", ""
    tol = tolerance(claim)
    margin = _convert(finding.margin, finding.unit, claim.unit)
    whole = claim.unit in ("persons", "count", "rank")
    if whole and tol + margin < 1:
        return "", ""
    unit = "count" if claim.unit == "one-in-n" else claim.unit
    digits = max(int(claim.decimals) + 1, 0)
    why = [data_text(claim.tolerance_reason, "tolerance_reason")] if pd.notna(claim.tolerance) else []
    if margin:
        printed = _("the claim's own tolerance") if why else _("half a unit of the last printed digit")
        why.append(
            _("Tolerance ±{window}: {printed}, ±{tolerance}, plus ±{margin} for our value: {why}.").format(
                window=_plain(tol + margin, unit, digits),
                printed=printed,
                tolerance=_plain(tol, unit, digits),
                margin=_plain(margin, unit, digits),
                why=_(finding.margin_note) if finding.margin_note else "",
            )
        )
    return f"±{_plain(tol + margin, unit, digits)}", " ".join(why)


def _plain(value: float, unit: str, digits: int) -> str:
    digits = 0 if float(value).is_integer() else max(digits, 1)
    return fmt.quantity(value, unit if unit not in ("rank", "count") else "persons", digits)


def scorecard(results: pd.DataFrame) -> pd.DataFrame:
    """Claims per basis of the evidence (rows, strongest first) and outcome (columns), with totals."""
    table = pd.crosstab(results["basis"], results["outcome"])
    table = table.reindex(index=list(BASES), columns=list(OUTCOMES), fill_value=0)
    table.loc["all"] = table.sum()
    table["claims"] = table.sum(axis=1)
    return table


def agreement_rate(results: pd.DataFrame, basis: str = "direct") -> tuple[int, int]:
    """How many claims checked on ``basis`` evidence agree with our value, out of how many were
    checked (reproduced, cited-only or differs)."""
    part = results[(results["basis"] == basis) & (results["outcome"] != "not-checkable")]
    return int(part["outcome"].isin(["reproduced", "cited-only"]).sum()), len(part)


def show(claim, value) -> str:
    """A value in the claim's unit, with one more digit than the article printed (head counts and
    ranks whole)."""
    return fmt.quantity(value, claim.unit, max(int(claim.decimals) + 1, 0))
