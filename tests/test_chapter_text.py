"""The text the chapters' library code writes is in the page's language: Russian captions, table
headers, chart titles, axes, legends, tooltips, descriptions and glued phrases on a Russian page,
and on an English page exactly the English of the edition."""

import json
import re

import pandas as pd

from kzdiaspora import (
    charts,
    community,
    demography,
    fmt,
    i18n,
    kandas,
    keyfigures,
    maps,
    markup,
    migration,
    policy,
    table2,
)

#: English words that may stay on a Russian page inside code text: none of the words checked here
#: (country names and data texts come from the gazetteer and the data package, checked elsewhere).
ENGLISH = re.compile(r"\b(?:the|of|and|in|by|per|year|years|net|migration|share|persons|balance|chart|from)\b", re.I)


def _texts(spec) -> list[str]:
    """The texts a reader sees in a Vega-Lite spec: titles, descriptions and legend/axis labels."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "description") and isinstance(value, str):
                found.append(value)
            elif key != "datasets":
                found += _texts(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _texts(value)
    return found


def _no_english(texts) -> list[str]:
    return [t for t in texts if ENGLISH.search(t)]


def test_policy_findings_are_russian_phrases(russian):
    wpp, registered = policy.wpp_net_migration(), policy.registered_balance()
    findings = policy.period_findings(wpp, registered)
    assert findings["first_verdict"] in ("противоречит", "не противоречит", "не поддаётся сравнению применительно к")
    assert "тыс." in findings["wpp_by_period"]
    assert not _no_english([findings["wpp_by_period"], findings["reg_by_period"], findings["reg_last_years"]])


def test_policy_period_table_has_russian_headers_and_cells(russian):
    wpp, registered = policy.wpp_net_migration(), policy.registered_balance()
    directions = policy.concept_directions()
    table = policy.period_table(
        policy.against_concept(policy.period_sums(wpp), directions),
        policy.against_concept(policy.period_sums(registered), directions),
    )
    assert list(table.columns)[:2] == ["период", "по Концепции"]
    assert set(table["по Концепции"]) <= {"приток", "отток", "–"}


def test_policy_charts_speak_russian(russian):
    spec = policy.migration_chart(policy.net_migration("both")).to_dict()
    texts = _texts(spec)
    assert "Сальдо миграции (чел. в год)" in texts
    assert not _no_english(texts)
    timeline = policy.timeline_chart(policy.timeline()).to_dict()
    assert "Вид" in _texts(timeline)


def test_policy_dates_are_russian_with_their_prepositions(russian):
    items = policy.timeline().set_index("item_id")
    assert items.loc["concept-migration-2023-2027", "date_text"] == "30 ноября 2022 г."
    assert items.loc["concept-migration-2023-2027", "date_phrase"] == "30 ноября 2022 г."
    months = items[items["when"].str.count("-") == 1]
    assert months["date_phrase"].str.match(r"в [а-я]+е \d{4} г\.").all()


def test_english_phrases_are_the_edition_own(tmp_path):
    items = policy.timeline().set_index("item_id")
    assert items.loc["concept-migration-2023-2027", "date_phrase"] == "on 30 November 2022"
    assert migration.period_label(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-03-31")) == "Jan–Mar 2021"
    assert fmt.date("2024-07-01") == "1 July 2024"
    assert charts.tip("year") == "year"
    assert charts.country_forms("UZB")["in_country"] == "in Uzbekistan"


def test_kandas_labels_and_charts_are_russian(russian):
    assert kandas.label("higher") == "высшее"
    assert kandas.label("none") == "без образования"
    comparison = kandas.education_comparison("2024-07-01", 2023)
    assert comparison["group"].str.startswith("emigrants, ").any()  # kept in English for the claims' checks
    spec = kandas.education_chart(comparison).to_dict()
    texts = _texts(spec)
    assert any(
        t.startswith("кандасы трудоспособного возраста") for t in json.dumps(spec, ensure_ascii=False).split('"')
    )
    assert "Доля в группе (%)" in texts
    assert not _no_english(texts)


def test_migration_months_and_moves_are_russian(russian):
    assert migration.period_label(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-09-30")) == "янв.–сент. 2021 г."
    flows = migration.registered_flows()
    year = int(flows[flows.calendar_year & (flows.reporter_iso3 == "KAZ")].year.max())
    texts = _texts(migration.flows_chart(flows, year).to_dict())
    assert "Направление" in texts
    assert not _no_english(t for t in texts if not t.startswith("Столбчатая"))


def test_demography_tables_are_russian(russian):
    check = demography.reconciliation("wdi-2024-12", 2022)
    shown = demography.reconciliation_display(check)
    assert list(shown.columns)[0] == "Страна"
    assert shown.iloc[:, 4].str.match(r"(воспроизводится|не воспроизводится|не проверяется)").all()
    assert demography.table1_display(demography.table1("wdi-2024-12", 2022)).columns[0] == "Величина"


def test_country_forms_decline_the_name(russian):
    forms = charts.country_forms("UZB")
    assert (forms["in_country"], forms["of_country"]) == ("в Узбекистане", "Узбекистана")


def test_maps_label_cities_in_russian(russian):
    assert "Ташкент" in set(maps.cities(capitals_only=True)["name_en"])
    assert maps.note().startswith("Границы по Natural Earth")


def test_table2_and_key_figures_are_russian(russian):
    cells = table2.grid()
    assert set(cells["evidence"]) <= {
        "подсчёт за целый год ведомством Казахстана",
        "подсчёт за целый год только ведомством партнёра",
        "только доля от мигрантов целого года",
        "только часть года",
        "нет открытого показателя",
    }
    assert keyfigures.figure_words("Kazakhs in Uzbekistan") == "Казахи в Узбекистане"
    assert keyfigures.figure_words("New kandas in 2024, latest release") == "Новые кандасы в 2024 г., последний выпуск"


def test_community_kinds_are_russian(russian):
    assert "ассоциация" in set(community.institutions("KGZ")["kind_text"])


def test_charts_write_numbers_in_the_page_language(russian):
    assert markup.chart_locale()["formatLocale"]["decimal"] == ","
    i18n.set_language("en")
    assert markup.chart_locale() == {}
