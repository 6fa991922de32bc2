"""The survey module: Wilson intervals on known values, Likert summaries and the diverging layout."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzdiaspora import DataError, survey

SCALE = [1, 2, 3, 4, 5]


def test_wilson_known_value():
    # 23 of 100 at 95 %: 15.8 %–32.2 % (Wilson 1927; e.g. Agresti & Coull 1998, eq. 2)
    low, high = survey.wilson(23, 100, 0.95)
    assert low == pytest.approx(0.1584, abs=5e-4)
    assert high == pytest.approx(0.3216, abs=5e-4)


def test_wilson_edges_stay_within_unit_interval():
    low, high = survey.wilson(0, 100)
    assert low == 0 and 0.03 < high < 0.04  # 0/100: upper bound about 3.7 %
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
    assert out.ci_high.iloc[1] == pytest.approx(48.8, abs=0.1)  # 39/100: 29.9 %–48.8 %


def test_with_intervals_names_missing_column():
    with pytest.raises(KeyError, match="percent"):
        survey.with_intervals(pd.DataFrame({"n": [100]}))


def _ratings():
    wide = pd.DataFrame(
        {
            "lang": [5] * 6 + [4] * 2 + [3, 1],
            "food": [3] * 4 + [2] * 4 + [None, 5],
        }
    )
    long = wide.reset_index(names="respondent_id").melt("respondent_id", var_name="item", value_name="rating")
    return long


def test_likert_summary_shares_and_mean():
    summary = survey.likert_summary(_ratings(), SCALE, labels={"lang": "Language"})
    lang = summary[summary.item == "lang"].set_index("answer")
    assert lang.label.iloc[0] == "Language"
    assert lang.percent[5] == 60
    assert lang.n.iloc[0] == 10
    assert lang["mean"].iloc[0] == pytest.approx((6 * 5 + 2 * 4 + 3 + 1) / 10)
    assert lang.top2.iloc[0] == 80
    food = summary[summary.item == "food"]
    assert food.label.iloc[0] == "food"
    assert food.n.iloc[0] == 9  # the missing answer is left out
    assert food.percent.sum() == pytest.approx(100)


def test_likert_summary_rejects_answer_off_the_scale():
    bad = _ratings()
    bad.loc[3, "rating"] = 7
    with pytest.raises(ValueError, match=r"column 'rating', row 4: 7"):
        survey.likert_summary(bad, SCALE)


def test_diverging_centres_the_neutral_answer():
    seg = survey.diverging(survey.likert_summary(_ratings(), SCALE), SCALE)
    lang = seg[seg.item == "lang"].set_index("answer")
    # 10 % at 1, 0 % at 2, 10 % at 3: the bar starts at -(10 + 0 + 5)
    assert lang.start.iloc[0] == pytest.approx(-15)
    assert lang.loc[3, "start"] == pytest.approx(-5)
    assert lang.loc[3, "end"] == pytest.approx(5)
    assert lang.end.iloc[-1] == pytest.approx(85)
    for _, group in seg.groupby("item"):
        assert group.end.iloc[-1] - group.start.iloc[0] == pytest.approx(100)


def test_diverging_even_scale_has_no_middle():
    ratings = pd.DataFrame({"item": ["q"] * 4, "rating": ["a", "b", "c", "d"]})
    seg = survey.diverging(survey.likert_summary(ratings, ["a", "b", "c", "d"]), ["a", "b", "c", "d"])
    assert list(seg.start) == [-50, -25, 0, 25]


def test_rating_distribution_intervals():
    dist = survey.rating_distribution(_ratings(), SCALE)
    lang = dist[dist.item == "lang"].set_index("answer")
    assert lang.ci_low[5] == pytest.approx(100 * survey.wilson(6, 10)[0])
    assert lang.ci_high[2] == pytest.approx(100 * survey.wilson(0, 10)[1])
    assert dist.groupby("item").percent.sum().tolist() == pytest.approx([100, 100])


def test_marginals_from_respondents():
    resp = pd.DataFrame(
        {
            "home_language": ["kazakh-only", "mainly-kazakh", "kazakh-only", None],
            "contact_frequency": ["daily", "none", "daily", "daily"],
        }
    )
    m = survey.marginals(resp).set_index(["question", "answer"])
    assert m.loc[("home-language", "kazakh-only"), "percent"] == pytest.approx(200 / 3)
    assert m.loc[("home-language", "kazakh-only"), "denominator"] == 3
    assert m.loc[("contact-with-kazakhstan", "daily"), "percent"] == 75


def test_charts_build():
    summary = survey.likert_summary(_ratings(), SCALE)
    spec = survey.likert_chart(summary, SCALE).to_dict()
    assert spec["mark"]["type"] == "bar"
    dist = survey.rating_distribution(_ratings(), SCALE)
    assert "facet" in survey.rating_chart(dist, SCALE).to_dict()
    out = survey.with_intervals(pd.DataFrame({"answer": ["a"], "percent": [12.0], "n": [100]}))
    assert "layer" in survey.interval_chart(out.assign(label=["A"]), what="answer").to_dict()


# --- the synthetic fixture (tests/fixtures): made-up answers with known counts, never shown in the book ---
FIXTURES = Path(__file__).parent / "fixtures"
RATINGS = FIXTURES / "survey_synthetic.csv"
RESPONDENTS = FIXTURES / "survey_synthetic_respondents.csv"


def test_fixture_reads_and_validates_against_documented_schemas():
    ratings = survey.read_microdata(RATINGS, "survey_ratings", respondents=RESPONDENTS)
    assert list(ratings.columns) == ["respondent_id", "dimension", "item", "rating"]
    assert str(ratings.rating.dtype) == "Int64"
    assert ratings.respondent_id.str.startswith("SYNTHETIC-").all()
    respondents = survey.read_microdata(RESPONDENTS, "survey_respondents")
    assert len(respondents) == 10


def test_fixture_likert_summary_known_values():
    ratings = survey.read_microdata(RATINGS, "survey_ratings")
    identity = ratings[ratings.dimension == "identity-element"]
    summary = survey.likert_summary(identity, [1, 2, 3, 4, 5]).set_index(["item", "answer"])
    a = summary.loc["synthetic-element-A"]
    assert a.n.iloc[0] == 9  # one skipped answer
    assert a.loc[5, "count"] == 4 and a.loc[4, "count"] == 3
    assert a["mean"].iloc[0] == pytest.approx((5 * 4 + 4 * 3 + 3 + 2) / 9)
    assert summary.loc[("synthetic-element-C", 4), "percent"] == 100
    seg = survey.diverging(summary.reset_index(), [1, 2, 3, 4, 5])
    c = seg[seg.item == "synthetic-element-C"].set_index("answer")
    assert (c.loc[4, "start"], c.loc[4, "end"]) == (0, 100)


def test_fixture_rating_distribution_of_structures():
    ratings = survey.read_microdata(RATINGS, "survey_ratings")
    dist = survey.rating_distribution(ratings[ratings.dimension == "state-structure"], [1, 2, 3, 4, 5])
    x = dist[dist.item == "synthetic-structure-X"].set_index("answer")
    assert x.n.iloc[0] == 9 and x.loc[2, "count"] == 3
    assert x.loc[2, "ci_low"] == pytest.approx(100 * survey.wilson(3, 9)[0])


def test_fixture_marginals_from_respondents():
    respondents = survey.read_microdata(RESPONDENTS, "survey_respondents")
    m = survey.marginals(respondents).set_index(["question", "answer"])
    assert m.loc[("home-language", "mainly-kazakh"), "percent"] == pytest.approx(400 / 9)
    assert m.loc[("contact-with-kazakhstan", "at-least-monthly"), "denominator"] == 10


def test_microdata_errors_name_file_line_and_column(tmp_path):
    bad = tmp_path / "ratings.csv"
    lines = RATINGS.read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",7"  # a rating off the 1–5 scale
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"ratings\.csv, line 4, column 'rating'"):
        survey.read_microdata(bad, "survey_ratings")
    with pytest.raises(DataError, match="no documented schema"):
        survey.read_microdata(RATINGS, "survey_everything")
    with pytest.raises(DataError, match="not found"):
        survey.read_microdata(tmp_path / "missing.csv", "survey_ratings")


def test_microdata_foreign_key_to_respondents(tmp_path):
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(RATINGS.read_text() + "SYNTHETIC-99,identity-element,synthetic-element-A,3\n")
    with pytest.raises(DataError, match="SYNTHETIC-99"):
        survey.read_microdata(ratings, "survey_ratings", respondents=RESPONDENTS)


def test_reported_marginals_with_intervals():
    import kzdiaspora as kz

    reported = kz.load("survey_marginals")
    out = survey.with_intervals(reported[reported.status != "inferred"], n="denominator").set_index("answer")
    assert out.loc["kazakh-only", "ci_low"] == pytest.approx(15.84, abs=0.01)
    assert out.loc["kazakh-only", "ci_high"] == pytest.approx(32.16, abs=0.01)
    both = survey.combined(reported, "home-language", ["kazakh-only", "mainly-kazakh"], "Kazakh")
    assert both.percent.iloc[0] == 62


def test_overlap_and_texts():
    frame = survey.with_intervals(
        pd.DataFrame({"answer": ["a", "b", "c"], "percent": [23.0, 29.0, 62.0], "denominator": [100] * 3}),
        n="denominator",
    )
    assert survey.overlap(frame, "a", "b") and not survey.overlap(frame, "a", "c")
    assert survey.interval_text(frame.iloc[0]) == "23 % (15.8 % to 32.2 %)"
    text = survey.describe_intervals(frame.assign(label=["A", "B", "C"]), "answer")
    assert text.startswith("Horizontal bars of the share of 100 respondents by answer, each with its 95 %")
    ratings = survey.read_microdata(RATINGS, "survey_ratings")
    summary = survey.likert_summary(ratings[ratings.dimension == "identity-element"], [1, 2, 3, 4, 5])
    assert "synthetic-element-C: mean rating 4.00, top two ratings 100.0 % of 10" in survey.describe_likert(summary)
    dist = survey.rating_distribution(ratings[ratings.dimension == "state-structure"], [1, 2, 3, 4, 5])
    assert survey.describe_ratings(dist).startswith("Small bar charts")


@pytest.mark.slow
def test_chapter_runs_on_a_respondent_level_file():
    """The survey chapter, pointed at the synthetic files, draws the Table 3 and Figure 1 analyses."""
    import jupytext
    import papermill as pm

    chapter = Path(__file__).parents[1] / "book" / "chapters" / "survey.md"
    nb = pm.execute_notebook(
        jupytext.read(chapter),
        None,
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        cwd=str(chapter.parent),
        parameters={"ratings_file": str(RATINGS), "respondents_file": str(RESPONDENTS)},
    )
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Article Table 3, rebuilt from the answers: importance of elements of national identity" in shown
    assert "Article Figure 1, rebuilt from the answers: ratings of state structures" in shown
    assert "computed from the respondent-level file" in "".join(
        str(o.get("data", {})) for c in nb.cells for o in c.get("outputs", [])
    )
