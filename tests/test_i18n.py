"""The language of the text written by code (kzdiaspora.i18n) and the data texts shown on pages."""

import pandas as pd
import pytest

from kzdiaspora import data, i18n, markup


@pytest.fixture
def russian():
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="ru"):
        i18n.set_language("de")


def test_english_data_texts_are_the_data_themselves():
    frame = pd.DataFrame({"label": ["Support for kandas", None], "value": [1, 2]})
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(data.TRANSLATED, "example", ("label",))
        assert data.translated(frame, "example").equals(frame)


def test_a_resource_without_translated_columns_is_an_error():
    with pytest.raises(KeyError):
        data.translated(pd.DataFrame({"label": ["x"]}), "no such resource")


def test_a_data_text_without_a_translation_stays_as_written(russian):
    assert i18n.data_text("A label nobody translated", "example", "label") == "A label nobody translated"


def test_english_charts_keep_vega_defaults():
    assert markup.chart_locale("en") == {}
    html = markup.ChartHTML({"mark": "bar"}, "altair-viz-x")._repr_mimebundle_()["text/html"]
    assert "formatLocale" not in html and '"aria-label", "Save the chart or view its source"' in html


def test_russian_charts_use_russian_number_and_date_formats(russian):
    locales = markup.chart_locale()
    assert locales["formatLocale"]["decimal"] == ","
    assert locales["formatLocale"]["thousands"] == "\u00a0"
    assert locales["formatLocale"]["minus"] == "\u2212"
    assert "ноября" in locales["timeFormatLocale"]["months"]
    html = markup.ChartHTML({"mark": "bar"}, "altair-viz-x")._repr_mimebundle_()["text/html"]
    assert '"formatLocale": {' in html and '"timeFormatLocale": {' in html
    assert "Save the chart" not in html


def test_original_text_is_marked_only_on_pages_in_another_language():
    assert markup.original("Kazakh diaspora") == "Kazakh diaspora"
    i18n.set_language("ru")
    try:
        assert markup.original("Kazakh diaspora") == '<span lang="en">Kazakh diaspora</span>'
        assert markup.original("Абай үйі", lang="kk") == '<span lang="kk">Абай үйі</span>'
    finally:
        i18n.set_language("en")
