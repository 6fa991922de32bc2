"""Dates written as data, counts on chart axes, month names and legends on a Russian page; the
English output of the same calls as it was before the Russian edition."""

import json

from kzdiaspora import charts, fmt, markup
from kzdiaspora.kandas import charts as kandas_charts

NBSP = "\u00a0"


def test_english_days_counts_months_and_legends_are_unchanged():
    assert [fmt.day(v) for v in ("2024-01-01", "2017-06", "2023", "undated")] == [
        "2024-01-01",
        "2017-06",
        "2023",
        "undated",
    ]
    assert charts.count_format() == "~s"
    assert charts.legend_columns(2) == 2
    spec = {"mark": "point", "config": {"legend": {"orient": "bottom"}}}
    assert markup.stack_legends(spec) is spec
    label = kandas_charts._month_axis().to_dict()["axis"]["labelExpr"]
    assert label == "substring('JFMAMJJASOND', datum.value - 1, datum.value)"


def test_russian_days_in_words(russian):
    assert fmt.day("2024-07-01") == f"1 июля 2024{NBSP}г."
    assert fmt.day("2017-06") == f"июнь 2017{NBSP}г."
    assert fmt.day("2023") == "2023"


def test_russian_axes_legends_and_months(russian):
    assert charts.count_format() == ",d"
    assert charts.legend_columns(2) == 1
    layout = markup.stack_legends({"mark": "point", "config": {}})["config"]["legend"]["layout"]
    assert layout["bottom"]["direction"] == "vertical"
    names = fmt.month_abbreviations()
    assert len(set(names)) == 12 and names[0] == "янв."
    label = kandas_charts._month_axis().to_dict()["axis"]["labelExpr"]
    assert json.dumps(names, ensure_ascii=False) in label
