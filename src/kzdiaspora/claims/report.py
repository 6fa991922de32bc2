"""The claims on the page: the report's entries and scorecard, and the badges that put a claim's
outcome next to a number in a chapter, linking to the claim on the Reproducibility report page."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from .. import bibliography, charts, fmt, i18n, markup, publish
from ..data import DataError
from ..i18n import N_, pgettext
from ..i18n import gettext as _
from .findings import BASES
from .judge import OUTCOMES, data_text, evaluate, scorecard
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
    "reproduced": N_("recomputed from the data within the tolerance"),
    "cited-only": N_("a public source (the one cited or another publication of the figure) gives the same number"),
    "differs": N_("our value is outside the tolerance, or the source says something else"),
    "not-checkable": N_("no public source was found, or the data cannot give the number"),
}


#: How the basis of a verdict reads after its outcome in an entry.
BASIS_WORDS = {
    "direct": N_("direct evidence"),
    "partial": N_("partial evidence"),
    "proxy": N_("proxy evidence"),
    "internal": N_("the article's own numbers"),
    "none": N_("no evidence"),
}


def outcome_word(outcome: str) -> str:
    """An outcome as a page names it: its code in English (``cited-only``), the verdict's word in
    another language (TERMS: воспроизводится, только по источнику, расходится, не проверяется)."""
    if i18n.language() == i18n.LANGUAGES[0]:
        return outcome
    words = {
        "reproduced": pgettext("outcome of a claim", "reproduced"),
        "cited-only": pgettext("outcome of a claim", "cited-only"),
        "differs": pgettext("outcome of a claim", "differs"),
        "not-checkable": pgettext("outcome of a claim", "not-checkable"),
    }
    return words[outcome]


def basis_word(basis: str) -> str:
    """A basis of the evidence as the scorecard's chart names it: its code in English
    (``proxy``), a word of the page's language otherwise."""
    if i18n.language() == i18n.LANGUAGES[0]:
        return basis
    words = {
        "direct": pgettext("basis of the evidence", "direct"),
        "partial": pgettext("basis of the evidence", "partial"),
        "proxy": pgettext("basis of the evidence", "proxy"),
        "internal": pgettext("basis of the evidence", "internal"),
        "none": pgettext("basis of the evidence", "none"),
    }
    return words[basis]


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
    outcomes, bases = [outcome_word(o) for o in OUTCOMES], [basis_word(b) for b in BASES]
    scale = alt.Scale(domain=outcomes, range=[OUTCOME_COLOURS[o] for o in OUTCOMES])
    if i18n.language() != i18n.LANGUAGES[0]:  # the codes in words of the page's language
        data = data.assign(basis=data["basis"].map(basis_word), outcome=data["outcome"].map(outcome_word))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("basis:N", sort=bases, title=_("Evidence")),
            x=alt.X("sum(claims):Q", title=_("Claims"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("outcome:N", scale=scale, title=_("Outcome")),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("basis:N", title=_("Evidence")),
                alt.Tooltip("outcome:N", title=_("Outcome")),
                alt.Tooltip("claims:Q", title=_("Claims")),
            ],
        )
        .properties(
            width=420,
            height=alt.Step(28),
            description=_(
                "Stacked bar chart of the number of claims on each basis of evidence ({bases}), split by "
                "outcome: {outcomes}."
            ).format(bases=fmt.words(bases), outcomes=fmt.words(outcomes)),
        )
    )


def verdict(outcome: str, basis: str) -> str:
    """An outcome with the strength of its evidence, in words: ``differs (proxy evidence)``."""
    return _("{outcome} ({basis})").format(outcome=outcome_word(outcome), basis=_(BASIS_WORDS[basis]))


def other_reading(reading) -> str:
    """One further reading of a claim (a row of ``evaluate(readings())``) in a sentence or two."""
    ours = _("; ours {value}").format(value=reading.ours_text) if reading.ours is not None else ""
    window = _(" (tolerance {window})").format(window=reading.tolerance_text) if ours and reading.tolerance_text else ""
    said = " ".join(filter(None, [reading.basis_reason, reading.reason]))
    call = _(" Check: `{call}`.").format(call=reading.check.replace(", ", ",")) if pd.notna(reading.check) else ""
    read = _("Read {reading}: {mark} {verdict}{ours}{window}.").format(
        reading=_data(reading.reading, "reading"),
        mark=SYMBOLS[reading.outcome],
        verdict=verdict(reading.outcome, reading.basis),
        ours=ours,
        window=window,
    )
    return read + (f" {said}" if said else "") + call


def _data(text, column: str):
    """A text of the ledger's ``column`` in the page's language (see :func:`judge.data_text`)."""
    return data_text(text, column)


def _check_line(claim) -> str:
    """The check of a claim in one line: the call, what it used and the data's sources."""
    call = claim.check.replace(", ", ",")  # one code span, not one per word
    if claim.inputs and claim.check_sources:
        text = _("Check: `{call}` on {inputs}; data: {data}.")
    elif claim.inputs:
        text = _("Check: `{call}` on {inputs}.")
    elif claim.check_sources:
        text = _("Check: `{call}`; data: {data}.")
    else:
        text = _("Check: `{call}`.")
    return text.format(call=call, inputs=claim.inputs, data=_names(claim.check_sources))


def entry(claim, others: pd.DataFrame | None = None) -> str:
    """One claim of an :func:`evaluate` frame as MyST: its anchor, outcome and basis, the printed
    value and ours, the agreement window, the evidence, the reason, the check, its other readings
    (``others``: rows of ``evaluate(readings())`` for this claim) and the names of the sources
    (cited once per section, see :func:`entries`, to keep the page light)."""
    shown = _("Printed {printed}").format(printed=_data(claim.printed, "printed"))
    if claim.ours is not None:
        shown += _("; ours {value}").format(value=claim.ours_text) + (
            _(" (tolerance {window})").format(window=claim.tolerance_text) if claim.tolerance_text else ""
        )
    lines = [
        f"**{claim.claim_id}** {SYMBOLS[claim.outcome]} {verdict(claim.outcome, claim.basis)}. "
        f"{_stop(_data(claim.description, 'description'))} {shown}."
    ]
    if pd.notna(claim.reading) and claim.reading:
        lines.append(_("Read {reading}.").format(reading=_data(claim.reading, "reading")))
    if claim.tolerance_why:
        lines.append(
            claim.tolerance_why
            if claim.tolerance_why.startswith(("Tolerance", _("Tolerance")))
            else _("Tolerance: {why}").format(why=claim.tolerance_why)
        )
    if claim.basis_reason:
        lines.append(_("Evidence: {why}").format(why=claim.basis_reason))
    if claim.reason:
        lines.append(_("Why: {why}").format(why=claim.reason))
    if claim.context_text:
        names = _names(claim.context_sources)
        lines.append(
            _("Shown for context, not judged: {context}; data: {data}.").format(context=claim.context_text, data=names)
        )
    if pd.notna(claim.check):
        lines.append(_check_line(claim))
    lines += [other_reading(r) for r in (others.itertuples() if others is not None else [])]
    cited = bibliography.keys(claim.cited_source)
    where = _data(claim.locator, "locator")
    if cited:
        lines.append(_("Paper: {where}; cites {works}.").format(where=where, works=_names(claim.cited_source)))
    else:
        lines.append(_("Paper: {where}.").format(where=where))
    matched = bibliography.keys(claim.check_sources)
    if claim.outcome == "cited-only" and not set(matched) & set(cited):
        lines.append(
            _("Matched in {works}, not in the publication the article cites.").format(works=_names(claim.check_sources))
        )
    return f"({label(claim.claim_id)})=\n" + " \\\n".join(lines) + "\n"


def _names(cells) -> str:
    """The works whose keys a cell of the data holds, named as in running text (in the Latin
    letters of the bibliography, marked as such on a page in another language)."""
    return markup.original(bibliography.short_names(bibliography.keys(cells)))


def entries(results: pd.DataFrame, section: str, outcomes=OUTCOMES, readings: pd.DataFrame | None = None) -> str:
    """The claims of one section (with one of ``outcomes``) as MyST, each with its other
    ``readings`` (an :func:`evaluate` frame of :func:`readings`), or a sentence saying there are none."""
    part = results[(results["section"] == section) & results["outcome"].isin(list(outcomes))]
    if part.empty:
        if set(outcomes) >= set(OUTCOMES):
            return _("No numeric claim in this section.") + "\n"
        return _("No numeric claim with the outcomes shown in this section.") + "\n"
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
    return f"{{cite:p}}`{','.join(keys)}`" if keys else pgettext("no sources", "none")


def label(claim_id: str) -> str:
    """The anchor of a claim on the report page: ``claim-c27``."""
    return f"claim-{claim_id.lower()}"


#: What each mark says, in the words of the legend that follows a page's first mark.
MARK_WORDS = {
    "reproduced": N_("the data give the printed value"),
    "cited-only": N_("found in a published source"),
    "differs": N_("the data give something else"),
    "not-checkable": N_("cannot be checked"),
}

#: The sign a mark carries when the evidence behind its verdict is not direct.
WEAKER = "*"


def legend() -> str:
    """The legend of the verdict marks, in plain words (one line)."""
    marks = " · ".join(f"{SYMBOLS[o]} {_(MARK_WORDS[o])}" for o in OUTCOMES)
    return _(
        "Marks: {marks}; {weaker} on weaker evidence (part of the period, another measure, or the "
        "article's own numbers). Each links to the claim in the reproducibility report."
    ).format(marks=marks, weaker=WEAKER)


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
        f"- {{glue:md}}`claim-{cid}:myst` {_data(claims.loc[cid, 'description'], 'description')}: "
        f"*{_data(claims.loc[cid, 'printed'], 'printed')}*"
        for cid in claim_ids
    )


def _stop(text: str) -> str:
    """``text`` ended with a full stop, unless it ends with one already (a translation that ends
    with an abbreviation such as «2024 г.» keeps its one stop)."""
    return text if text.endswith(".") else text + "."
