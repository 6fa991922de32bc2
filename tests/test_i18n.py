"""The language of the text written by code (kzdiaspora.i18n) and the data texts shown on pages."""

import pandas as pd
import pytest

from kzdiaspora import data, i18n


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
