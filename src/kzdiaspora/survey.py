"""The survey of Kazakhs in Kyrgyzstan (paper section 3.4): intervals and Likert summaries.

The paper reports a few percentages of its 100 respondents in the text; its Table 3 (importance
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

__all__ = ["wilson", "with_intervals", "likert_summary", "diverging", "rating_distribution",
           "likert_chart", "rating_chart", "interval_chart"]


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


def with_intervals(frame: pd.DataFrame, confidence: float = 0.95, *, percent: str = "percent",
                   n: str = "n") -> pd.DataFrame:
    """``frame`` with ``respondents`` (share × n), ``ci_low`` and ``ci_high`` (in percent) added.

    ``percent`` is a share of ``n`` in percent, as the paper prints it.
    """
    for col in (percent, n):
        if col not in frame:
            raise KeyError(f"with_intervals: the table has no column {col!r}")
    share = frame[percent].astype(float) / 100
    size = frame[n].astype(float)
    low, high = wilson(share * size, size, confidence)
    return frame.assign(respondents=share * size, ci_low=100 * np.asarray(low),
                        ci_high=100 * np.asarray(high), confidence=confidence)


def _check_scale(responses: pd.DataFrame, items, scale) -> None:
    for item in items:
        if item not in responses:
            raise KeyError(f"no column {item!r} in the responses")
        bad = ~responses[item].isna() & ~responses[item].isin(scale)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(f"column {item!r}, row {row + 1}: {responses[item].iloc[row]!r} is not an answer "
                             f"of the scale ({', '.join(map(str, scale))})")


def likert_summary(responses: pd.DataFrame, items: dict[str, str] | list[str], scale: list[str]) -> pd.DataFrame:
    """Shares of each answer of an ordered ``scale`` for each item (one column per item).

    ``items`` maps column names to readable labels (or is a list of columns). Missing answers
    are left out of the denominator, which is reported per item (``n``). Returns one row per
    item and answer: ``item``, ``label``, ``answer``, ``rank`` (1 = first answer of the scale),
    ``count``, ``n``, ``percent``, and per item the ``mean`` score (ranks 1..k) and the ``top2``
    share (the two highest answers of the scale, in percent).
    """
    items = dict(items) if isinstance(items, dict) else {c: c for c in items}
    _check_scale(responses, items, scale)
    rows = []
    for col, label in items.items():
        answers = responses[col].dropna()
        n = len(answers)
        counts = answers.value_counts().reindex(scale, fill_value=0)
        ranks = answers.map({a: i + 1 for i, a in enumerate(scale)}).astype(float)
        mean = ranks.mean() if n else math.nan
        top2 = 100 * counts.iloc[-2:].sum() / n if n else math.nan
        for rank, (answer, count) in enumerate(counts.items(), start=1):
            rows.append({"item": col, "label": label, "answer": answer, "rank": rank, "count": int(count),
                         "n": n, "percent": 100 * count / n if n else math.nan, "mean": mean, "top2": top2})
    return pd.DataFrame(rows)


def diverging(summary: pd.DataFrame, scale: list[str]) -> pd.DataFrame:
    """Bar segments of a diverging stacked chart: ``start`` and ``end`` (percent) per item and answer.

    Answers below the middle of the scale extend left of zero, those above extend right; with
    an odd number of answers the middle one straddles zero, half on each side.
    """
    k = len(scale)
    mid = (k - 1) / 2
    out = []
    for item, group in summary.groupby("item", sort=False):
        group = group.set_index("answer").reindex(scale)
        share = group["percent"].fillna(0)
        neutral = share.iloc[int(mid)] / 2 if k % 2 else 0.0
        left = share.iloc[: k // 2].sum() + neutral
        pos = -left
        for answer, value in share.items():
            out.append({"item": item, "label": group["label"].iloc[0], "answer": answer,
                        "percent": value, "start": pos, "end": pos + value})
            pos += value
    return pd.DataFrame(out)


def rating_distribution(responses: pd.DataFrame, column: str, scale: list[str],
                        by: str | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """Shares of each rating of ``column`` (optionally per value of ``by``), with Wilson intervals."""
    if by is not None and by not in responses:
        raise KeyError(f"no column {by!r} in the responses")
    _check_scale(responses, [column], scale)
    groups = responses.groupby(by, sort=True) if by else [(None, responses)]
    rows = []
    for key, group in groups:
        answers = group[column].dropna()
        n = len(answers)
        counts = answers.value_counts().reindex(scale, fill_value=0)
        for rank, (answer, count) in enumerate(counts.items(), start=1):
            low, high = wilson(count, n, confidence) if n else (math.nan, math.nan)
            row = {"answer": answer, "rank": rank, "count": int(count), "n": n,
                   "percent": 100 * count / n if n else math.nan, "ci_low": 100 * low, "ci_high": 100 * high}
            if by:
                row = {by: key, **row}
            rows.append(row)
    return pd.DataFrame(rows)


def _scale_colours(scale: list[str]) -> list[str]:
    """A diverging palette (orange for the low end, blue for the high end, grey in the middle)
    that stays readable for colour-blind readers."""
    k = len(scale)
    low, high, grey = ["#D55E00", "#E69F00", "#F0C27B"], ["#56B4E9", "#0072B2", "#004B7A"], "#BBBBBB"
    half = k // 2
    colours = low[3 - half:] if half <= 3 else low
    colours = list(colours[:half])
    if k % 2:
        colours.append(grey)
    colours += high[:half]
    return colours


def likert_chart(segments: pd.DataFrame, scale: list[str], *, title: str = "Share of respondents (%)"):
    """Diverging stacked bar chart of :func:`diverging` segments, one bar per item."""
    order = list(dict.fromkeys(segments["label"]))
    return alt.Chart(segments).mark_bar().encode(
        x=alt.X("start:Q", title=title, scale=alt.Scale(domain=[-100, 100])),
        x2="end:Q",
        y=alt.Y("label:N", title=None, sort=order),
        color=alt.Color("answer:N", scale=alt.Scale(domain=scale, range=_scale_colours(scale)),
                        sort=scale, title="Answer"),
        order=alt.Order("order:Q"),
        tooltip=["label", "answer", alt.Tooltip("percent:Q", format=".1f", title="percent")],
    ).transform_calculate(order=f"indexof({scale!r}, datum.answer)")


def rating_chart(distribution: pd.DataFrame, scale: list[str], *, by: str | None = None):
    """Bars of the share of each rating with their confidence intervals as error bars."""
    base = alt.Chart(distribution).encode(
        x=alt.X("answer:N", sort=scale, title="Rating", axis=alt.Axis(labelAngle=0)),
    )
    bars = base.mark_bar(color="#0072B2").encode(
        y=alt.Y("percent:Q", title="Share of respondents (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[*( [by] if by else []), "answer", "count", "n",
                 alt.Tooltip("percent:Q", format=".1f"), alt.Tooltip("ci_low:Q", format=".1f"),
                 alt.Tooltip("ci_high:Q", format=".1f")],
    )
    rules = base.mark_rule(color="#333333").encode(y="ci_low:Q", y2="ci_high:Q")
    chart = bars + rules
    if by:
        chart = chart.properties(width=160).facet(column=alt.Column(f"{by}:N", title=None))
    return chart


def interval_chart(frame: pd.DataFrame, *, category: str = "answer", order: list[str] | None = None,
                   colour: str = "#0072B2"):
    """Reported shares (``percent``) as bars with their ``ci_low``–``ci_high`` interval as error bars."""
    order = order or list(frame[category])
    base = alt.Chart(frame).encode(y=alt.Y(f"{category}:N", sort=order, title=None))
    bars = base.mark_bar(color=colour).encode(
        x=alt.X("percent:Q", title="Share of respondents (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[category, alt.Tooltip("percent:Q", format=".0f", title="reported (%)"),
                 alt.Tooltip("ci_low:Q", format=".1f", title="interval from (%)"),
                 alt.Tooltip("ci_high:Q", format=".1f", title="interval to (%)")],
    )
    rules = base.mark_rule(color="#333333", strokeWidth=2).encode(x="ci_low:Q", x2="ci_high:Q")
    ticks = base.mark_tick(color="#333333", thickness=2, size=10)
    return bars + rules + ticks.encode(x="ci_low:Q") + ticks.encode(x="ci_high:Q")
