"""Text written by the survey, press, data catalogue and claims modules on a Russian page: the
captions, chart titles, tooltips, descriptions and glued phrases come from the library's catalog,
with no English words left but those kept in the original (marked ``lang="en"``); on an English
page the same functions write what they always wrote."""

import json
import re
from types import SimpleNamespace

import pandas as pd

from kzdiaspora import catalogue, press, survey
from kzdiaspora.claims import report

#: Words that give away English text (names in Latin letters, codes and units aside).
ENGLISH = re.compile(
    r"\b(the|of|and|with|to|from|by|each|share|items?|claims?|outcome|evidence|rows?|interval)\b", re.I
)


def _texts(spec) -> list[str]:
    """Every title and description of a Vega-Lite specification (axes, legends, tooltips)."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "description") and isinstance(value, str):
                found.append(value)
            else:
                found += _texts(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _texts(value)
    return found


def _shares() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"question": ["home-language"] * 2, "answer": ["kazakh-only", "mainly-russian"], "percent": [23.0, 40.0]}
    )
    frame = survey.with_intervals(frame.assign(denominator=100), 0.95, n="denominator")
    return frame.assign(label=frame.answer.map(survey.answer_label))


def test_verdicts_use_the_terms_of_the_russian_edition(russian):
    assert report.verdict("differs", "proxy") == "расходится (косвенное основание)"
    assert report.verdict("reproduced", "direct") == "воспроизводится (прямое основание)"
    assert report.verdict("cited-only", "partial").startswith("только по источнику")
    assert "Знаки" in report.legend() and not ENGLISH.search(report.legend())


def test_english_verdicts_are_unchanged():
    assert report.verdict("differs", "proxy") == "differs (proxy evidence)"
    assert report.legend().startswith("Marks: ✓ the data give the printed value")


def test_survey_interval_and_chart_in_russian(russian):
    shares = _shares()
    assert survey.interval_text(shares.iloc[0]).startswith("23")
    assert "(от " in survey.interval_text(shares.iloc[0]) and " до " in survey.interval_text(shares.iloc[0])
    assert list(shares.label) == ["только казахский", "в основном русский"]
    spec = survey.interval_chart(shares, what="язык домашнего общения", category="label").to_dict()
    texts = _texts(spec)
    assert "Доля респондентов (%)" in texts
    assert all(not ENGLISH.search(t) for t in texts), texts


def test_press_heatmap_and_filter_in_russian(russian):
    counts = pd.DataFrame({"year": [2023, 2024], "label": ["Культура", "Культура"], "items": [3, 1]})
    spec = press.heatmap(counts, "year", "label", x_title="Год").to_dict()
    texts = _texts(spec)
    assert "Материалы" in texts and "год" in texts and "тема" in texts
    assert all(not ENGLISH.search(t) for t in texts), texts
    box = press.filter_box("tab-x", label="Отбор материалов прессы:")
    assert 'status.textContent = "показано " + shown + " из " + all.length;' in box
    assert "items shown" not in box and "e.g." not in box


def test_english_filter_box_is_unchanged():
    box = press.filter_box("tab-x")
    assert 'status.textContent = shown + " of " + all.length + " items shown";' in box
    assert 'placeholder="e.g. kandas 2024" autocomplete="off">' in box


def test_schema_constraints_and_headers_in_russian(russian):
    schema = {
        "fields": [
            {"name": "id", "type": "string", "description": "Row id", "constraints": {"required": True}},
            {"name": "n", "type": "integer", "description": "", "constraints": {"minimum": 0, "enum": [0, 1]}},
        ],
        "primaryKey": ["id"],
    }
    columns = catalogue.schema_columns(schema)
    assert list(columns.constraints) == ["обязательный; первичный ключ", "одно из: 0, 1; минимум 0"]
    assert list(columns.type) == ["строка", "целое число"], "the Table Schema types by their Russian names"
    shown = catalogue.schema_shown(columns)
    assert list(shown.columns) == ["столбец", "тип", "описание", "ограничения"]
    # a description the catalog does not hold is shown as written (the package's own are all translated)
    assert shown.iloc[0]["описание"] == "Row id"


def test_scorecard_chart_names_outcomes_and_bases_in_russian(russian):
    data = pd.DataFrame(
        {"basis": ["direct", "proxy"], "outcome": ["reproduced", "differs"], "claims": [3, 1], "order": [0, 2]}
    )
    spec = report.scorecard_chart(data).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "воспроизводится" in text and "косвенное" in text
    assert '"reproduced"' not in text and '"proxy"' not in text
    assert all(not ENGLISH.search(t) for t in _texts(spec)), _texts(spec)


def test_claim_entry_in_russian_gives_the_printed_wording_in_russian(russian):
    claim = SimpleNamespace(
        claim_id="C99",
        outcome="differs",
        basis="direct",
        printed="between 5 and 7 million",
        ours=1.2,
        ours_text="1,2 млн",
        tolerance_text="",
        description="Численность",
        reading=None,
        tolerance_why="",
        basis_reason="",
        reason="",
        context_text="",
        check=float("nan"),
        locator="section 1, paragraph 2: Kazakhs an absolute majority (71 %)",
        cited_source="",
        check_sources="",
    )
    text = report.entry(claim)
    # the article's wording translated (the ledger's own text for C27), numbers in Russian form
    assert "Напечатано: от 5 до 7\u00a0млн; у нас 1,2 млн" in text
    # the place in the article is the edition's own description: translated, not marked as English
    assert "Статья: раздел 1, абзац 2: казахи — абсолютное большинство (71\u00a0%)." in text
    assert "расходится (прямое основание)" in text
