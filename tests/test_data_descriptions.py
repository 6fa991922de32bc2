"""The titles and descriptions of the data package's descriptors on pages in each language
(kzdiaspora.data.described and the library catalog)."""

import copy

import pytest
from babel.messages.pofile import read_po, write_po

from kzdiaspora import catalogue, data, i18n
from kzdiaspora_book import catalogs


def _catalog():
    with catalogs.po_path("ru").open("rb") as f:
        return read_po(f, locale="ru", domain=i18n.DOMAIN)


def test_every_title_and_description_of_the_package_has_a_russian_translation():
    catalog = _catalog()
    texts = list(data.descriptor_texts())
    assert {kind for _, _, kind in texts} == set(data.DESCRIBED)
    missing, fuzzy = [], []
    for filename, text, kind in texts:
        message = catalog.get(text, context=f"datapackage.{kind}")
        if message is None or not message.string:
            missing.append(f"{filename} ({kind}): {text[:60]}")
        elif message.fuzzy:
            fuzzy.append(f"{filename} ({kind}): {text[:60]}")
    assert not missing, "no Russian translation (run python -m kzdiaspora_book.catalogs):\n" + "\n".join(missing)
    assert not fuzzy, "translation stale after a correction (fuzzy):\n" + "\n".join(fuzzy)


def test_translations_keep_code_links_and_numbers():
    """What sits between backticks, every URL and every number of an English text stays in its
    translation (column names, file names, units, years)."""
    import re  # only this test reads the texts this way

    catalog = _catalog()
    kept = re.compile(r"`[^`]+`|https?://[^\s)]+|\d+")
    for _, text, kind in data.descriptor_texts():
        message = catalog.get(text, context=f"datapackage.{kind}")
        if message is None or not message.string:
            continue
        english = sorted(m.rstrip(".,;") for m in kept.findall(text))
        russian = sorted(m.rstrip(".,;") for m in kept.findall(message.string))
        assert english == russian, f"{kind}: {text!r}\n -> {message.string!r}"


def test_english_texts_are_returned_as_written():
    for res in data.resources():
        assert data.described_resource(res) == res
        for field in res.get("schema", {}).get("fields", []):
            assert data.described(field.get("description", ""), "field") == field.get("description", "")
    for schema in data.microdata_schemas().values():
        assert data.described_schema(schema) == schema


def test_russian_descriptors_are_copies_in_russian(russian):
    res = data.resource("kandas_counts")
    kept = copy.deepcopy(res)
    shown = data.described_resource(res)
    assert res == kept, "the descriptor as read is never changed"
    assert shown["name"] == res["name"] and shown["path"] == res["path"]
    assert shown["title"] != res["title"] and shown["description"] != res["description"]
    assert [f["name"] for f in shown["schema"]["fields"]] == [f["name"] for f in res["schema"]["fields"]]
    assert all(f["description"] != g["description"] for f, g in zip(shown["schema"]["fields"], res["schema"]["fields"]))
    schema = data.described_schema(data.microdata_schemas()["survey_respondents"])
    assert "Кыргызстан" in schema["title"]


def test_the_catalogue_and_the_dictionary_show_russian_texts(russian):
    cat = catalogue.catalogue()
    english = {r["name"]: r for r in data.resources()}
    assert all(t != english[n]["title"] for n, t in zip(cat.name, cat.title))
    cols = catalogue.columns("countries")
    assert not set(cols.description) & {f["description"] for f in english["countries"]["schema"]["fields"]}
    shared, own = catalogue.dictionary()
    i18n.set_language("en")
    shared_en, own_en = catalogue.dictionary()
    assert list(shared.column) == list(shared_en.column), "the same columns are shared in both languages"
    assert list(zip(own.resource, own.column)) == list(zip(own_en.resource, own_en.column))


def test_unknown_kinds_and_missing_values():
    with pytest.raises(ValueError, match="field"):
        data.described("Year", "column")
    assert data.described(None, "field") is None
    assert data.described("", "resource") == ""


def test_a_text_the_catalog_does_not_know_stays_as_written(russian):
    assert data.described("A description written yesterday", "resource") == "A description written yesterday"


def test_a_corrected_description_makes_only_its_translation_stale(tmp_path, monkeypatch):
    """Updating the catalog after a description is corrected marks that one translation fuzzy
    (kept for the translator); a page then shows the corrected English until it is translated."""
    res = data.resource("countries")
    old = res["schema"]["fields"][0]["description"]
    new = old + " (corrected)"
    texts = list(data.descriptor_texts())
    monkeypatch.setattr(data, "descriptor_texts", lambda: [(f, new if t == old else t, k) for f, t, k in texts])
    catalog = _catalog()
    catalog.update(catalogs.template(), no_fuzzy_matching=False)
    stale = catalog.get(new, context="datapackage.field")
    assert stale.fuzzy and stale.string == _catalog().get(old, context="datapackage.field").string
    others = [catalog.get(t, context=f"datapackage.{k}") for _, t, k in texts if t != old]
    assert not any(m.fuzzy for m in others)

    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.po").open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._translations.cache_clear()
    try:
        i18n.set_language("ru")
        assert data.described(new, "field") == new
        assert data.described(texts[3][1], texts[3][2]) != texts[3][1]
    finally:
        i18n.set_language("en")
        i18n._translations.cache_clear()
