"""The language of the text written by code (kzdiaspora.i18n) and the data texts shown on pages."""

import csv
import re

import pandas as pd
import pytest

from kzdiaspora import countries, data, i18n, markup, publish


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


def _footer(monkeypatch, tmp_path) -> str:
    monkeypatch.setenv(publish.ASSETS_ENV, str(tmp_path))
    monkeypatch.setenv(publish.PAGE_ENV, "page")
    monkeypatch.setenv(publish.TEMPLATE_ENV, "chapters/page.md")
    publish._record({"kind": "table", "name": "tab-a", "sources": ["k1"]})
    many = [f"k{i}" for i in range(9)]
    return "\n".join(
        publish._footer("n", sources, tmp_path / "n.csv", [], note, copies)
        for sources, note, copies in [(["k1", "tab-a"], "A note.", ["c1"]), (many, None, ["c1", "c2"])]
    )


def test_the_footer_of_an_exhibit_in_english(monkeypatch, tmp_path):
    footer = _footer(monkeypatch, tmp_path)
    assert "**Note:** A note. **Source:** {cite:p}`k1`; the sources of {numref}`tab-a`; read in {cite:p}`c1`." in footer
    assert "**Source:** 9 publications, read in 2 copies, listed under “Sources”." in footer
    assert "**Data:** {download}`n.csv" in footer and "**Code:** {download}`chapters/page.md" in footer


def test_the_footer_of_an_exhibit_in_russian(monkeypatch, tmp_path, russian):
    footer = _footer(monkeypatch, tmp_path)
    assert "**Примечание.** A note. **Источник:** {cite:p}`k1`; источники {numref}`таблицы %s <tab-a>`;" in footer
    assert "**Источник:** 9 публикаций, прочитано в 2 копиях; список — в разделе «Источники»." in footer
    assert "<summary>Источники</summary>" in footer
    assert "**Данные:** {download}`n.csv" in footer and "**Код:** {download}`chapters/page.md" in footer


@pytest.mark.parametrize("n, word", [(1, "публикация"), (3, "публикации"), (5, "публикаций"), (21, "публикация")])
def test_russian_plural_forms(russian, n, word):
    assert i18n.ngettext("{n} publication", "{n} publications", n).format(n=n) == f"{n} {word}"


def test_names_follow_the_names_table(russian):
    assert i18n.name("Kyrgyzstan") == "Кыргызстан"
    assert i18n.name("Frontiers in Political Science") == "Frontiers in Political Science"
    with pytest.raises(KeyError, match="book/locale/ru/names.csv"):
        i18n.name("Atlantis")


def test_english_names_are_themselves():
    assert i18n.name("Atlantis") == "Atlantis"


def test_the_names_table_gives_every_form_a_source():
    with (i18n.NAMES_DIR / "ru" / "names.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [*rows[0]] == ["english", "russian", "kind", "source"]
    assert all(r["english"] and r["russian"] and r["kind"] and r["source"] for r in rows)
    assert len({r["english"] for r in rows}) == len(rows)


def test_country_names_are_in_the_page_language(russian):
    assert countries.names()["KGZ"] == "Кыргызстан"
    assert countries.names("en")["KGZ"] == "Kyrgyzstan"
    by_table = {iso3: i18n.name(english) for iso3, english in countries.names("en").items()}
    assert countries.names() == by_table


def test_country_names_in_english_by_default():
    assert countries.names()["KGZ"] == "Kyrgyzstan"


def test_the_glossary_table_holds_the_fixed_headwords():
    with (i18n.NAMES_DIR / "ru" / "glossary.csv").open(encoding="utf-8") as fh:
        glossary = {r["english"]: r["russian"] for r in csv.DictReader(fh)}
    assert glossary["Kandas"] == "Кандасы"
    assert glossary["Migrant stock"] == "Численность международных мигрантов"


def test_every_data_text_pages_show_has_a_russian_translation(russian):
    missing = []
    for name, columns in data.TRANSLATED.items():
        frame = data.load(name)
        shown = data.translated(frame, name)
        for column in columns:
            for english, russian_text in zip(frame[column], shown[column]):
                # a text without a word (a number as printed: "100") reads the same in Russian
                if isinstance(english, str) and re.search("[A-Za-z]", english) and russian_text == english:
                    missing.append(f"{name}.{column}: {english!r}")
    assert not missing, "untranslated data texts (run python -m kzdiaspora_book.catalogs and translate):\n" + "\n".join(
        missing
    )


def test_data_texts_are_translated_at_display_only(russian):
    codebook = data.load("press_codebook")
    shown = data.translated(codebook, "press_codebook")
    assert dict(zip(shown["code"], shown["label"]))["kandas-support"] == "Поддержка кандасов"
    assert shown["code"].equals(codebook["code"])
