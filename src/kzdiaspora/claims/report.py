"""The claims on the page: the report's entries and scorecard, and the badges that put a claim's
outcome next to a number in a chapter, linking to the claim on the Reproducibility report page."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from .. import bibliography, charts, fmt, publish
from ..data import DataError
from .findings import BASES
from .judge import OUTCOMES, evaluate, scorecard
from .ledger import ledger

#: The symbol of each outcome on badges and in the report.
SYMBOLS = {"reproduced": "✓", "cited-only": "≡", "differs": "≠", "not-checkable": "?"}


#: The page of the report (its document name), where every claim has an anchor.
REPORT_PAGE = "reproducibility"


#: Okabe–Ito colours of the outcomes (green: reproduced, blue: found in the source, vermilion:
#: differs, grey: cannot be checked).
OUTCOME_COLOURS = {"reproduced": "#009E73", "cited-only": "#56B4E9", "differs": "#D55E00", "not-checkable": "#999999"}


#: What each outcome means, in one phrase (legend of the report).
OUTCOME_MEANING = {
    "reproduced": "recomputed from the data within the tolerance",
    "cited-only": "a public source (the one cited or another publication of the figure) gives the same number",
    "differs": "our value is outside the tolerance, or the source says something else",
    "not-checkable": "no public source was found, or the data cannot give the number",
}


#: How the basis of a verdict reads after its outcome in an entry.
BASIS_WORDS = {
    "direct": "direct evidence",
    "partial": "partial evidence",
    "proxy": "proxy evidence",
    "internal": "the article's own numbers",
    "none": "no evidence",
}


def scorecard_data(results: pd.DataFrame) -> pd.DataFrame:
    """Claims per basis and outcome, long (one row per pair with at least one claim)."""
    table = scorecard(results).drop(index="all", columns="claims")
    long = table.rename_axis(index="basis", columns="outcome").reset_index()
    long = long.melt(id_vars="basis", var_name="outcome", value_name="claims")
    long = long[long["claims"] > 0]
    return long.assign(order=long["outcome"].map(OUTCOMES.index)).reset_index(drop=True)


@charts.draws
def scorecard_chart(data: pd.DataFrame):
    """Stacked bars: claims per basis of the evidence, coloured by outcome."""
    scale = alt.Scale(domain=list(OUTCOMES), range=[OUTCOME_COLOURS[o] for o in OUTCOMES])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("basis:N", sort=list(BASES), title="Evidence"),
            x=alt.X("sum(claims):Q", title="Claims", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("outcome:N", scale=scale, title="Outcome"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("basis:N", title="Evidence"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("claims:Q", title="Claims"),
            ],
        )
        .properties(
            width=420,
            height=alt.Step(28),
            description=(
                "Stacked bar chart of the number of claims on each basis of evidence "
                f"({fmt.words(BASES)}), split by outcome: {fmt.words(OUTCOMES)}."
            ),
        )
    )


def verdict(outcome: str, basis: str) -> str:
    """An outcome with the strength of its evidence, in words: ``differs (proxy evidence)``."""
    return f"{outcome} ({BASIS_WORDS[basis]})"


def other_reading(reading) -> str:
    """One further reading of a claim (a row of ``evaluate(readings())``) in a sentence or two."""
    ours = f"; ours {reading.ours_text}" if reading.ours is not None else ""
    window = f" (tolerance {reading.tolerance_text})" if ours and reading.tolerance_text else ""
    said = " ".join(filter(None, [reading.basis_reason, reading.reason]))
    call = f" Check: `{reading.check.replace(', ', ',')}`." if pd.notna(reading.check) else ""
    return (
        f"Read {reading.reading}: {SYMBOLS[reading.outcome]} {verdict(reading.outcome, reading.basis)}{ours}{window}."
        + (f" {said}" if said else "")
        + call
    )


def entry(claim, others: pd.DataFrame | None = None) -> str:
    """One claim of an :func:`evaluate` frame as MyST: its anchor, outcome and basis, the printed
    value and ours, the agreement window, the evidence, the reason, the check, its other readings
    (``others``: rows of ``evaluate(readings())`` for this claim) and the names of the sources
    (cited once per section, see :func:`entries`, to keep the page light)."""
    shown = f"Printed {claim.printed}"
    if claim.ours is not None:
        shown += f"; ours {claim.ours_text}" + (f" (tolerance {claim.tolerance_text})" if claim.tolerance_text else "")
    lines = [
        f"**{claim.claim_id}** {SYMBOLS[claim.outcome]} {verdict(claim.outcome, claim.basis)}. "
        f"{claim.description}. {shown}."
    ]
    if pd.notna(claim.reading) and claim.reading:
        lines.append(f"Read {claim.reading}.")
    if claim.tolerance_why:
        lines.append(
            claim.tolerance_why if claim.tolerance_why.startswith("Tolerance") else f"Tolerance: {claim.tolerance_why}"
        )
    if claim.basis_reason:
        lines.append(f"Evidence: {claim.basis_reason}")
    if claim.reason:
        lines.append(f"Why: {claim.reason}")
    if claim.context_text:
        data = bibliography.short_names(bibliography.keys(claim.context_sources))
        lines.append(f"Shown for context, not judged: {claim.context_text}; data: {data}.")
    if pd.notna(claim.check):
        used = f" on {claim.inputs}" if claim.inputs else ""
        data = (
            f"; data: {bibliography.short_names(bibliography.keys(claim.check_sources))}" if claim.check_sources else ""
        )
        call = claim.check.replace(", ", ",")  # one code span, not one per word
        lines.append(f"Check: `{call}`{used}{data}.")
    lines += [other_reading(r) for r in (others.itertuples() if others is not None else [])]
    cited = bibliography.keys(claim.cited_source)
    lines.append(f"Paper: {claim.locator}" + (f"; cites {bibliography.short_names(cited)}" if cited else "") + ".")
    matched = bibliography.keys(claim.check_sources)
    if claim.outcome == "cited-only" and not set(matched) & set(cited):
        lines.append(f"Matched in {bibliography.short_names(matched)}, not in the publication the article cites.")
    return f"({label(claim.claim_id)})=\n" + " \\\n".join(lines) + "\n"


def entries(results: pd.DataFrame, section: str, outcomes=OUTCOMES, readings: pd.DataFrame | None = None) -> str:
    """The claims of one section (with one of ``outcomes``) as MyST, each with its other
    ``readings`` (an :func:`evaluate` frame of :func:`readings`), or a sentence saying there are none."""
    part = results[(results["section"] == section) & results["outcome"].isin(list(outcomes))]
    if part.empty:
        shown = "" if set(outcomes) >= set(OUTCOMES) else " with the outcomes shown"
        return f"No numeric claim{shown} in this section.\n"
    others = readings.groupby("claim_id") if readings is not None else None
    return "\n".join(
        entry(c, others.get_group(c.claim_id) if others is not None and c.claim_id in others.groups else None)
        for c in part.itertuples()
    )


def citations(results: pd.DataFrame, outcomes=OUTCOMES) -> str:
    """One citation (MyST) of every source the claims with one of ``outcomes`` name: the data the
    checks used and what the article cites."""
    part = results[results["outcome"].isin(list(outcomes))]
    keys = bibliography.keys(*part["check_sources"], *part["context_sources"], *part["cited_source"].fillna(""))
    return f"{{cite:p}}`{','.join(keys)}`" if keys else "none"


def label(claim_id: str) -> str:
    """The anchor of a claim on the report page: ``claim-c27``."""
    return f"claim-{claim_id.lower()}"


#: What each mark says, in the words of the legend that follows a page's first mark.
MARK_WORDS = {
    "reproduced": "the data give the printed value",
    "cited-only": "found in a published source",
    "differs": "the data give something else",
    "not-checkable": "cannot be checked",
}

#: The sign a mark carries when the evidence behind its verdict is not direct.
WEAKER = "*"


def legend() -> str:
    """The legend of the verdict marks, in plain words (one line)."""
    marks = " · ".join(f"{SYMBOLS[o]} {MARK_WORDS[o]}" for o in OUTCOMES)
    return (
        f"Marks: {marks}; {WEAKER} on weaker evidence (part of the period, another measure, or the "
        "article's own numbers). Each links to the claim in the reproducibility report."
    )


def badge(claim_id: str, outcome: str, basis: str = "direct") -> str:
    """MyST for a verdict mark: the outcome's symbol, with :data:`WEAKER` when the evidence is
    neither direct nor absent, linking to the claim's anchor (the stylesheet raises it like a
    footnote's number; the claim's id and the basis in words stay in the report)."""
    return f"{{ref}}`{symbol(outcome, basis)} <{label(claim_id)}>`"


def symbol(outcome: str, basis: str = "direct") -> str:
    """The text of a verdict mark: ``≠`` on direct evidence, ``≠*`` on weaker evidence."""
    return SYMBOLS[outcome] + ("" if basis in ("direct", "none") else WEAKER)


def mark(*claim_ids: str) -> dict[str, str]:
    """Check the given claims and glue each one's badge under the key ``claim-<id>`` (``claim-C27``).

    In the prose of the same page: ``{glue:md}`claim-C27:myst``` (the ``:myst`` makes the badge a
    cross-reference that the build checks). Returns each claim's outcome.
    """
    if not claim_ids:
        return {}
    claims = ledger()
    unknown = sorted(set(claim_ids) - set(claims["claim_id"]))
    if unknown:
        raise DataError(f"no claim {', '.join(map(repr, unknown))} in data/claims.csv")
    results = evaluate(claims[claims["claim_id"].isin(claim_ids)]).set_index("claim_id", drop=False)
    for claim_id in claim_ids:
        glue_badge(f"claim-{claim_id}", results.loc[claim_id])
    return results["outcome"].to_dict()


def glue_badge(key: str, claim) -> None:
    """Glue the badge of one claim of an :func:`evaluate` frame under ``key``."""
    publish.glue(
        key,
        Markdown(badge(claim["claim_id"], claim["outcome"], claim["basis"])),
        kind="claim",
        claim=claim["claim_id"],
        outcome=claim["outcome"],
        basis=claim["basis"],
    )


def glue_outcomes(results: pd.DataFrame) -> None:
    """Glue the mark of every claim of an :func:`evaluate` frame (``claim-C27-mark``: its
    :func:`symbol`), from which a page that is not executed shows the claim's mark with
    ``{verdict}`C27``` (see :mod:`kzdiaspora_book.reading`), so that its marks follow the ledger."""
    for claim in results.itertuples():
        publish.text(f"claim-{claim.claim_id}-mark", symbol(claim.outcome, claim.basis))


def badge_list(claim_ids) -> str:
    """MyST bullets, one per claim: its badge (glued by :func:`mark` on the same page), what it is
    about and the value as the article prints it."""
    claims = ledger().set_index("claim_id")
    return "\n".join(
        f"- {{glue:md}}`claim-{cid}:myst` {claims.loc[cid, 'description']}: *{claims.loc[cid, 'printed']}*"
        for cid in claim_ids
    )
