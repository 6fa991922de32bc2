"""The survey module: Wilson intervals on known values, Likert summaries and the diverging layout."""
import math

import numpy as np
import pandas as pd
import pytest

from kzdiaspora import survey

SCALE = ["not important", "rather not important", "neutral", "rather important", "very important"]


def test_wilson_known_value():
    # 23 of 100 at 95 %: 15.8 %–32.2 % (Wilson 1927; e.g. Agresti & Coull 1998, eq. 2)
    low, high = survey.wilson(23, 100, 0.95)
    assert low == pytest.approx(0.1584, abs=5e-4)
    assert high == pytest.approx(0.3216, abs=5e-4)


def test_wilson_edges_stay_within_unit_interval():
    low, high = survey.wilson(0, 100)
    assert low == 0 and 0.03 < high < 0.04          # 0/100: upper bound about 3.7 %
    low, high = survey.wilson(100, 100)
    assert high == pytest.approx(1) and 0.96 < low < 0.97


def test_wilson_wider_at_higher_confidence_and_vectorised():
    lo90, hi90 = survey.wilson(12, 100, 0.90)
    lo99, hi99 = survey.wilson(12, 100, 0.99)
    assert lo99 < lo90 and hi99 > hi90
    low, high = survey.wilson(np.array([23, 39]), np.array([100, 100]))
    assert low.shape == (2,) and low[0] == pytest.approx(survey.wilson(23, 100)[0])


@pytest.mark.parametrize("args", [(5, 0), (-1, 10), (11, 10)])
def test_wilson_rejects_impossible_counts(args):
    with pytest.raises(ValueError):
        survey.wilson(*args)


def test_wilson_rejects_bad_confidence():
    with pytest.raises(ValueError, match="confidence"):
        survey.wilson(5, 10, 95)


def test_with_intervals_from_reported_percentages():
    frame = pd.DataFrame({"answer": ["a", "b"], "percent": [23.0, 39.0], "n": [100, 100]})
    out = survey.with_intervals(frame)
    assert list(out.respondents) == [23, 39]
    assert out.ci_low.iloc[0] == pytest.approx(15.84, abs=0.05)
    assert out.ci_high.iloc[1] == pytest.approx(48.8, abs=0.1)   # 39/100: 29.9 %–48.8 %


def test_with_intervals_names_missing_column():
    with pytest.raises(KeyError, match="percent"):
        survey.with_intervals(pd.DataFrame({"n": [100]}))


def _responses():
    return pd.DataFrame({
        "lang": ["very important"] * 6 + ["rather important"] * 2 + ["neutral", "not important"],
        "food": ["neutral"] * 4 + ["rather not important"] * 4 + [None, "very important"],
    })


def test_likert_summary_shares_and_mean():
    summary = survey.likert_summary(_responses(), {"lang": "Language", "food": "Cuisine"}, SCALE)
    lang = summary[summary.item == "lang"].set_index("answer")
    assert lang.percent["very important"] == 60
    assert lang.n.iloc[0] == 10
    assert lang["mean"].iloc[0] == pytest.approx((6 * 5 + 2 * 4 + 3 + 1) / 10)
    assert lang.top2.iloc[0] == 80
    food = summary[summary.item == "food"]
    assert food.n.iloc[0] == 9                     # the missing answer is left out
    assert food.percent.sum() == pytest.approx(100)


def test_likert_summary_rejects_answer_off_the_scale():
    bad = _responses()
    bad.loc[3, "lang"] = "important-ish"
    with pytest.raises(ValueError, match=r"column 'lang', row 4: 'important-ish'"):
        survey.likert_summary(bad, ["lang"], SCALE)


def test_diverging_centres_the_neutral_answer():
    summary = survey.likert_summary(_responses(), ["lang", "food"], SCALE)
    seg = survey.diverging(summary, SCALE)
    lang = seg[seg.item == "lang"].set_index("answer")
    # 10 % not important, 0 % rather not, 10 % neutral: the bar starts at -(10 + 0 + 5)
    assert lang.start.iloc[0] == pytest.approx(-15)
    assert lang.loc["neutral", "start"] == pytest.approx(-5)
    assert lang.loc["neutral", "end"] == pytest.approx(5)
    assert lang.end.iloc[-1] == pytest.approx(85)
    for _, group in seg.groupby("item"):
        assert group.end.iloc[-1] - group.start.iloc[0] == pytest.approx(100)


def test_rating_distribution_with_groups_and_intervals():
    frame = pd.DataFrame({"rating": ["good", "poor", "good", "fair"], "body": ["x", "x", "y", "y"]})
    dist = survey.rating_distribution(frame, "rating", ["poor", "fair", "good"], by="body")
    x = dist[dist.body == "x"].set_index("answer")
    assert x.percent["good"] == 50 and x.n.iloc[0] == 2
    assert x.ci_low["good"] == pytest.approx(100 * survey.wilson(1, 2)[0])
    assert math.isclose(dist.groupby("body").percent.sum().min(), 100)


def test_charts_build():
    summary = survey.likert_summary(_responses(), ["lang", "food"], SCALE)
    spec = survey.likert_chart(survey.diverging(summary, SCALE), SCALE).to_dict()
    assert spec["mark"]["type"] == "bar"
    dist = survey.rating_distribution(_responses(), "lang", SCALE)
    assert "layer" in survey.rating_chart(dist, SCALE).to_dict()
    out = survey.with_intervals(pd.DataFrame({"answer": ["a"], "percent": [12.0], "n": [100]}))
    assert "layer" in survey.interval_chart(out).to_dict()
