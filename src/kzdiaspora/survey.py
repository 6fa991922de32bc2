"""The survey of Kazakhs in Kyrgyzstan (the article's section 3.4): intervals and Likert summaries.

The article reports a few percentages of its 100 respondents in the text; its Table 3 (importance
of elements of national identity) and Figure 1 (ratings of state structures) were published
without recoverable cells. This module gives

* :func:`wilson`, the Wilson score interval for a proportion, and :func:`with_intervals`, which
  adds it to a table of reported shares;
* the analysis the respondent-level data would allow: :func:`likert_summary` (shares per answer
  and the mean score of each item), :func:`diverging` (the layout of a diverging stacked bar
  chart) and :func:`rating_distribution` (the spread of ratings of each structure), with the
  charts :func:`likert_chart` and :func:`rating_chart`.

Nothing here invents a response: the respondent-level functions run on a file a reader points
the chapter at (validated against the documented schema) and, in the tests, on a synthetic fixture.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import altair as alt
import numpy as np
import pandas as pd

from . import charts, data, fmt, i18n
from .i18n import N_
from .i18n import gettext as _

__all__ = [
    "wilson",
    "with_intervals",
    "likert_summary",
    "diverging",
    "rating_distribution",
    "marginals",
    "read_microdata",
    "combined",
    "ANSWERS",
    "answer_label",
    "interval_text",
    "overlap",
    "describe_intervals",
    "describe_likert",
    "describe_ratings",
    "likert_chart",
    "rating_chart",
    "interval_chart",
]


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson(successes, n, confidence: float = 0.95):
    """Wilson score interval for a proportion: ``(low, high)`` as fractions of one.

    ``successes`` may be a count or (for a share reported as a percentage of ``n``) a non-integer
    number of respondents; both it and ``n`` may be arrays. Unlike the normal-approximation
    ("Wald") interval, it stays within [0, 1] and keeps its coverage for small shares.
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(n <= 0):
        raise ValueError("the sample size n must be positive")
    if np.any((x < 0) | (x > n)):
        raise ValueError("successes must lie between 0 and n")
    z = _z(confidence)
    p = x / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def with_intervals(
    frame: pd.DataFrame, confidence: float = 0.95, *, percent: str = "percent", n: str = "n"
) -> pd.DataFrame:
    """``frame`` with ``respondents`` (share × n), ``ci_low`` and ``ci_high`` (in percent) added.

    ``percent`` is a share of ``n`` in percent, as the article prints it.
    """
    for col in (percent, n):
        if col not in frame:
            raise KeyError(f"with_intervals: the table has no column {col!r}")
    share = frame[percent].astype(float) / 100
    size = frame[n].astype(float)
    low, high = wilson(share * size, size, confidence)
    return frame.assign(
        respondents=share * size, ci_low=100 * np.asarray(low), ci_high=100 * np.asarray(high), confidence=confidence
    )


def _check_scale(ratings: pd.DataFrame, column: str, scale) -> None:
    if column not in ratings:
        raise KeyError(f"no column {column!r} in the responses")
    bad = ~ratings[column].isna() & ~ratings[column].isin(scale)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        value = ratings[column].iloc[row]
        shown = repr(value) if isinstance(value, str) else f"{value:g}"
        raise ValueError(
            f"column {column!r}, row {row + 1}: {shown} is not an answer of the scale ({', '.join(map(str, scale))})"
        )


def likert_summary(
    ratings: pd.DataFrame, scale: list, *, item: str = "item", answer: str = "rating", labels: dict | None = None
) -> pd.DataFrame:
    """Shares of each answer of an ordered ``scale`` for each item, from one row per respondent and item.

    Missing answers are left out of an item's denominator, which is reported (``n``). Returns
    one row per item and answer: ``item``, ``label`` (from ``labels``, else the item), ``answer``,
    ``rank`` (1 = first answer of the scale), ``count``, ``n``, ``percent``, and per item the
    ``mean`` rank and the ``top2`` share (the two highest answers of the scale, in percent).
    Items keep their order of first appearance.
    """
    _check_scale(ratings, answer, scale)
    labels = labels or {}
    rows = []
    for name, group in ratings.groupby(item, sort=False):
        answers = group[answer].dropna()
        n = len(answers)
        counts = answers.value_counts().reindex(scale, fill_value=0)
        ranks = answers.map({a: i + 1 for i, a in enumerate(scale)}).astype(float)
        mean = ranks.mean() if n else math.nan
        top2 = 100 * counts.iloc[-2:].sum() / n if n else math.nan
        for rank, (value, count) in enumerate(counts.items(), start=1):
            rows.append(
                {
                    "item": name,
                    "label": labels.get(name, name),
                    "answer": value,
                    "rank": rank,
                    "count": int(count),
                    "n": n,
                    "percent": 100 * count / n if n else math.nan,
                    "mean": mean,
                    "top2": top2,
                }
            )
    return pd.DataFrame(rows)


def diverging(summary: pd.DataFrame, scale: list) -> pd.DataFrame:
    """Bar segments of a diverging stacked chart: ``start`` and ``end`` (percent) per item and answer.

    Answers below the middle of the scale extend left of zero, those above extend right; with
    an odd number of answers the middle one straddles zero, half on each side.
    """
    k = len(scale)
    out = []
    for name, group in summary.groupby("item", sort=False):
        group = group.set_index("answer").reindex(scale)
        share = group["percent"].fillna(0)
        neutral = share.iloc[k // 2] / 2 if k % 2 else 0.0
        pos = -(share.iloc[: k // 2].sum() + neutral)
        for value, pct in share.items():
            out.append(
                {
                    "item": name,
                    "label": group["label"].iloc[0],
                    "answer": value,
                    "percent": pct,
                    "start": pos,
                    "end": pos + pct,
                }
            )
            pos += pct
    return pd.DataFrame(out)


def rating_distribution(
    ratings: pd.DataFrame, scale: list, *, item: str = "item", answer: str = "rating", confidence: float = 0.95
) -> pd.DataFrame:
    """Share of each rating per item, with its Wilson interval (in percent) at ``confidence``."""
    summary = likert_summary(ratings, scale, item=item, answer=answer)
    low, high = wilson(summary["count"], summary["n"].clip(lower=1), confidence)
    empty = summary["n"] == 0
    return summary.drop(columns=["mean", "top2"]).assign(
        ci_low=np.where(empty, np.nan, 100 * np.asarray(low)),
        ci_high=np.where(empty, np.nan, 100 * np.asarray(high)),
    )


#: Readable names of the answer codes of ``survey_marginals`` and ``survey_respondents``.
ANSWERS = {
    "kazakh-only": N_("Kazakh only"),
    "mainly-kazakh": N_("mainly Kazakh"),
    "mainly-russian": N_("mainly Russian"),
    "russian-only": N_("Russian only"),
    "daily": N_("daily"),
    "at-least-monthly": N_("at least monthly"),
    "less-than-monthly": N_("less often than monthly"),
    "none": N_("no contact"),
    "not-reported": N_("not reported"),
}


def answer_label(code: str) -> str:
    """The readable name of an answer code of :data:`ANSWERS` in the page's language (the code
    itself if it has none)."""
    return _(ANSWERS[code]) if code in ANSWERS else code


def _tip(field: str, title: str):
    """A tooltip of ``field`` under ``title`` (English, translated on a page in another language);
    in English the bare field, whose name the tooltip shows as it is."""
    return field if i18n.language() == i18n.LANGUAGES[0] else alt.Tooltip(field, title=_(title))


def combined(frame: pd.DataFrame, question: str, answers: list[str], name: str) -> pd.DataFrame:
    """One row adding up the shares of several ``answers`` to ``question`` (same denominator)."""
    part = frame[(frame["question"] == question) & frame["answer"].isin(answers)]
    missing = sorted(set(answers) - set(part["answer"]))
    if missing:
        raise KeyError(f"question {question!r} has no answer {', '.join(map(repr, missing))}")
    if part["denominator"].nunique() != 1:
        raise ValueError(f"question {question!r}: the answers {answers} have different denominators")
    return pd.DataFrame(
        {
            "question": [question],
            "answer": [name],
            "percent": [part["percent"].sum()],
            "denominator": [part["denominator"].iloc[0]],
        }
    )


#: Questions of the respondent table (schema ``survey_respondents``) and their names in the
#: table of reported percentages (``survey_marginals``).
QUESTIONS = {"home_language": "home-language", "contact_frequency": "contact-with-kazakhstan"}


def marginals(respondents: pd.DataFrame) -> pd.DataFrame:
    """The percentages of :data:`QUESTIONS` computed from respondent-level answers.

    Same columns as the ``survey_marginals`` resource (``question``, ``answer``, ``percent``,
    ``denominator``), so the chapter treats reported and recomputed shares alike. Respondents
    who skipped a question are left out of its denominator.
    """
    rows = []
    for column, question in QUESTIONS.items():
        answers = respondents[column].dropna()
        for value, count in answers.value_counts(sort=False).items():
            rows.append(
                {
                    "question": question,
                    "answer": value,
                    "percent": 100 * count / len(answers),
                    "denominator": len(answers),
                }
            )
    return pd.DataFrame(rows, columns=["question", "answer", "percent", "denominator"])


def read_microdata(path, schema: str, *, respondents=None) -> pd.DataFrame:
    """Read a respondent-level file and validate it against a documented schema of the package.

    ``schema`` names one of :func:`kzdiaspora.data.microdata_schemas` (``survey_respondents``
    or ``survey_ratings``). The file is read as :func:`kzdiaspora.data.load` reads the package's
    own tables (same format, checks and errors naming file, line and column) and recorded as an
    input of the page. The foreign key of the ratings to the respondents is checked only when
    the respondents' file is given too (``respondents``).
    """
    return data.load_microdata(path, schema, references={"survey_respondents": respondents})


def overlap(frame: pd.DataFrame, a: str, b: str) -> bool:
    """Whether the intervals (``ci_low``–``ci_high``) of answers ``a`` and ``b`` of :func:`with_intervals` overlap."""
    rows = frame.set_index("answer")
    return bool(rows.loc[a, "ci_high"] > rows.loc[b, "ci_low"] and rows.loc[b, "ci_high"] > rows.loc[a, "ci_low"])


def interval_text(row) -> str:
    """``23 % (15.8 % to 32.2 %)``: a reported share with its interval (a row of :func:`with_intervals`)."""
    return _("{share} ({low} to {high})").format(
        share=fmt.pct(row.percent, 0), low=fmt.pct(row.ci_low), high=fmt.pct(row.ci_high)
    )


def describe_intervals(frame: pd.DataFrame, what: str) -> str:
    """Text description of an :func:`interval_chart` for screen readers."""
    level = f"{100 * frame['confidence'].iloc[0]:.0f} %"
    n = int(frame["denominator"].max()) if "denominator" in frame else int(frame["n"].max())
    bars = "; ".join(f"{label} {interval_text(r)}" for label, r in zip(frame["label"], frame.itertuples()))
    return _(
        "Horizontal bars of the share of {n} respondents by {what}, each with its {level} confidence interval: {bars}."
    ).format(n=n, what=what, level=level, bars=bars)


def describe_likert(summary: pd.DataFrame) -> str:
    """Text description of a :func:`likert_chart` for screen readers: mean and top-two share per item."""
    items = "; ".join(
        _("{item}: mean rating {mean}, top two ratings {top2} of {n}").format(
            item=g["label"].iloc[0],
            mean=fmt.number(g["mean"].iloc[0], 2),
            top2=fmt.pct(g["top2"].iloc[0]),
            n=fmt.count(g["n"].iloc[0]),
        )
        for _name, g in summary.groupby("item", sort=False)
    )
    return _("Diverging stacked bars, one per item: {items}.").format(items=items)


def describe_ratings(distribution: pd.DataFrame) -> str:
    """Text description of a :func:`rating_chart` for screen readers: the share of each rating per item."""
    items = "; ".join(
        f"{name}: " + ", ".join(f"{a} {fmt.pct(p)}" for a, p in zip(g["answer"], g["percent"]))
        for name, g in distribution.groupby("label", sort=False)
    )
    return _("Small bar charts, one per item, of the share of each rating: {items}.").format(items=items)


def _scale_colours(scale: list[str]) -> list[str]:
    """A diverging palette (orange for the low end, blue for the high end, grey in the middle)
    that stays readable for colour-blind readers."""
    k = len(scale)
    low, high, grey = ["#D55E00", "#E69F00", "#F0C27B"], ["#56B4E9", "#0072B2", "#004B7A"], "#BBBBBB"
    half = k // 2
    colours = low[3 - half :] if half <= 3 else low
    colours = list(colours[:half])
    if k % 2:
        colours.append(grey)
    colours += high[:half]
    return colours


@charts.draws
def likert_chart(summary: pd.DataFrame, scale: list, *, legend: str = N_("Answer")):
    """Diverging stacked bar chart of a :func:`likert_summary`, one bar per item (its segments are
    those of :func:`diverging`), described by each item's mean and top-two share."""
    segments = diverging(summary, scale)
    order = list(dict.fromkeys(segments["label"]))
    domain = [str(a) for a in scale]
    frame = segments.assign(answer=segments["answer"].astype(str))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "start:Q",
                title=_("Share of respondents (%), lower answers to the left of zero"),
                scale=alt.Scale(domain=[-100, 100]),
            ),
            x2="end:Q",
            y=alt.Y("label:N", title=None, sort=order),
            color=alt.Color(
                "answer:N", scale=alt.Scale(domain=domain, range=_scale_colours(domain)), sort=domain, title=_(legend)
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("item")),
                alt.Tooltip("answer:N", title=_(legend)),
                alt.Tooltip("percent:Q", format=".1f", title=_("percent")),
            ],
        )
        .properties(description=describe_likert(summary))
    )


@charts.draws
def rating_chart(distribution: pd.DataFrame, scale: list, *, axis: str = N_("Rating"), columns: int = 3):
    """One small bar chart per item: the share of each rating with its confidence interval."""
    domain = [str(a) for a in scale]
    frame = distribution.assign(answer=distribution["answer"].astype(str))
    base = alt.Chart().encode(
        x=alt.X("answer:N", sort=domain, scale=alt.Scale(domain=domain), title=_(axis), axis=alt.Axis(labelAngle=0))
    )
    bars = base.mark_bar(color="#0072B2").encode(
        y=alt.Y("percent:Q", title=_("Share of respondents (%)"), scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            alt.Tooltip("label:N", title=_("item")),
            alt.Tooltip("answer:N", title=_(axis)),
            _tip("count:Q", N_("count")),
            _tip("n:Q", N_("n")),
            alt.Tooltip("percent:Q", format=".1f", title=_("percent")),
            alt.Tooltip("ci_low:Q", format=".1f", title=_("interval from")),
            alt.Tooltip("ci_high:Q", format=".1f", title=_("interval to")),
        ],
    )
    rules = base.mark_rule(color="#333333", strokeWidth=1.5).encode(y="ci_low:Q", y2="ci_high:Q")
    return (
        alt.layer(bars, rules, data=frame)
        .properties(width=160, height=160)
        .facet(facet=alt.Facet("label:N", title=None), columns=columns)
        .properties(description=describe_ratings(distribution))
    )


@charts.draws
def interval_chart(
    frame: pd.DataFrame, *, what: str, category: str = "answer", order: list[str] | None = None, colour: str = "#0072B2"
):
    """Reported shares (``percent``) as bars with their ``ci_low``–``ci_high`` interval as error
    bars; ``what`` the respondents were asked, for the description (``language spoken at home``)."""
    order = order or list(frame[category])
    shown = frame[[category, "percent", "ci_low", "ci_high"]]  # what the chart draws, nothing more
    base = alt.Chart(shown).encode(y=alt.Y(f"{category}:N", sort=order, title=None))
    bars = base.mark_bar(color=colour).encode(
        x=alt.X("percent:Q", title=_("Share of respondents (%)"), scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            _tip(category, N_("answer") if category in ("answer", "label") else category),
            alt.Tooltip("percent:Q", format=".0f", title=_("reported (%)")),
            alt.Tooltip("ci_low:Q", format=".1f", title=_("interval from (%)")),
            alt.Tooltip("ci_high:Q", format=".1f", title=_("interval to (%)")),
        ],
    )
    rules = base.mark_rule(color="#333333", strokeWidth=2).encode(x="ci_low:Q", x2="ci_high:Q")
    ticks = base.mark_tick(color="#333333", thickness=2, size=14)
    return (bars + rules + ticks.encode(x="ci_low:Q") + ticks.encode(x="ci_high:Q")).properties(
        height=alt.Step(30), description=describe_intervals(frame, what)
    )
