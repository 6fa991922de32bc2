"""What was validated is what is loaded, and bad input is reported at its cause.

The cases a user meets when editing the package's CSV files in a spreadsheet or pasting in a
statistics office's table; the whole kind is tested by test_data_matrix.py. Each test works on a
fresh copy of the package (conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_runner import FRONT, Book, write

import kzdiaspora as kz
from kzdiaspora import DataError, data, paths, survey
from kzdiaspora_book import runner

FIXTURES = Path(__file__).parent / "fixtures"


def load_error(pkg, name) -> str:
    with pytest.raises(DataError) as info:
        kz.load(name, **pkg.kwargs())
    return str(info.value)


def test_every_csv_resource_declares_the_one_dialect_and_encoding():
    for res in data.resources():
        if res.get("format") == "csv":
            assert res.get("dialect") == data.CSV_DIALECT and res.get("encoding") == data.ENCODING, res["name"]


def test_every_boolean_column_declares_its_spellings():
    for res in data.resources():
        for field in res["schema"]["fields"]:
            if field["type"] == "boolean":
                assert field["trueValues"] == ["true", "True", "TRUE", "1"], (res["name"], field["name"])
                assert field["falseValues"] == ["false", "False", "FALSE", "0"], (res["name"], field["name"])


def test_true_in_capitals_in_one_row_loads_as_true(pkg):
    original = kz.load("countries", **pkg.kwargs())
    line = next(i for i, text in enumerate(pkg.lines("countries.csv"), 1) if text.startswith("KAZ,"))
    pkg.set_cell("countries.csv", line, "in_study", "TRUE")
    pd.testing.assert_frame_equal(kz.load("countries", **pkg.kwargs()), original)


def test_true_in_capitals_throughout_table1_keeps_table1(pkg, monkeypatch):
    from kzdiaspora import demography

    before = demography.table1("wdi-2024-12", 2022)
    text = pkg.path("ethnic_composition.csv").read_text(encoding="utf-8")
    changed = re.sub(r",(true|false),", lambda m: f",{m.group(1).upper()},", text)
    assert changed.count(",TRUE,") + changed.count(",FALSE,") == 66
    pkg.path("ethnic_composition.csv").write_text(changed, encoding="utf-8")
    monkeypatch.setattr(paths, "DATAPACKAGE", pkg.datapackage)
    monkeypatch.setattr(paths, "BIBLIOGRAPHY", pkg.bib)
    assert kz.load("ethnic_composition")["table1"].notna().all()
    pd.testing.assert_frame_equal(demography.table1("wdi-2024-12", 2022), before)


@pytest.mark.parametrize("name", ["countries", "population", "ethnic_composition", "press"])
def test_semicolons_are_refused_at_the_header_not_met_later(pkg, name):
    path = pkg.path(f"{name}.csv")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    msg = load_error(pkg, name)
    assert (
        f"resource '{name}', file " in msg
        and f"{name}.csv, line 1 (header): the columns are separated by semicolons" in msg
    )


def test_a_bad_table_is_named_by_the_tables_that_refer_to_it(pkg):
    """Not as a foreign-key error on every row of population.csv, but as what is wrong in countries.csv."""
    pkg.path("countries.csv").write_text(
        pkg.path("countries.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
    )
    for name in ("population", "claims"):
        msg = load_error(pkg, name)
        assert "resource 'countries'" in msg and "countries.csv, line 1 (header)" in msg and "population.csv" not in msg
    with pytest.raises(DataError, match=r"countries\.csv, line 1 \(header\): the columns are separated by semicolons"):
        kz.load_geo("boundaries", **pkg.kwargs())


def test_windows_1251_names_the_first_line_and_column_that_does_not_decode(pkg):
    text = pkg.path("population.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[-2], "Всемирный банк")  # Cyrillic in the locator
    pkg.path("population.csv").write_bytes("\n".join(lines).encode("cp1251") + b"\n")
    msg = load_error(pkg, "population")
    assert "population.csv, line 6, column 'locator': byte 0xC2 is not UTF-8 text" in msg
    assert "Windows-1251" in msg and 'save it as "CSV UTF-8"' in msg


def test_a_number_of_the_wrong_type_is_reported_once_without_the_row_rules_echo(pkg):
    lines = pkg.lines("external_migration.csv")
    line = next(i for i, text in enumerate(lines, 1) if i > 1 and re.search(r",-?\d+,,exact,", text))
    pkg.set_cell("external_migration.csv", line, "persons", "12 500")
    msg = load_error(pkg, "external_migration")
    assert msg.startswith("1 problem(s) in ")
    assert f"line {line}, column 'persons': '12 500' is not a valid integer" in msg
    assert "exactly one of persons and percent" not in msg


def test_a_date_of_the_wrong_type_is_reported_once_without_the_row_rules_echo(pkg):
    lines = pkg.lines("ethnic_composition.csv")
    line = next(i for i, text in enumerate(lines, 1) if "2021-01-01" in text)
    pkg.set_cell("ethnic_composition.csv", line, "reference_date", "1 January 2021")
    msg = load_error(pkg, "ethnic_composition")
    assert msg.startswith("1 problem(s) in ") and f"line {line}, column 'reference_date'" in msg
    assert "must be filled exactly" not in msg


def test_a_quoted_value_over_two_lines_shifts_the_line_numbers_of_what_follows(pkg):
    lines = pkg.lines("population.csv")
    pkg.set_cell("population.csv", 3, "locator", "first line\nsecond line")
    pkg.set_cell("population.csv", 6, "status", "guess")
    assert "population.csv, line 7, column 'status': 'guess' is not one of" in load_error(pkg, "population")
    assert len(lines) + 1 == len(pkg.lines("population.csv"))


def test_nothing_but_a_data_error_escapes_load(pkg):
    """Bytes no spreadsheet writes: still a DataError naming the file."""
    for raw in [b"\x00\x01\x02", b'iso3,year\n"unclosed,2020\n', bytes(range(256))]:
        pkg.path("population.csv").write_bytes(raw)
        assert "population.csv" in load_error(pkg, "population")


def test_a_missing_bibliography_is_a_data_error_too(pkg):
    pkg.bib.unlink()
    assert "references.bib: the bibliography cannot be read" in load_error(pkg, "countries")


# --- respondent-level files: the same path, recorded as inputs ------------------------------


def test_a_respondent_file_is_read_through_the_same_checks(tmp_path):
    bad = tmp_path / "respondents.csv"
    bad.write_bytes((FIXTURES / "survey_synthetic_respondents.csv").read_text().replace(",", ";").encode())
    with pytest.raises(
        DataError, match=r"respondents\.csv, line 1 \(header\): the columns are separated by semicolons"
    ):
        survey.read_microdata(bad, "survey_respondents")
    bad.write_text((FIXTURES / "survey_synthetic_respondents.csv").read_text().replace("daily", "daily "))
    with pytest.raises(DataError, match=r"column 'contact_frequency': 'daily ' has spaces before or after the value"):
        survey.read_microdata(bad, "survey_respondents")


def test_reading_a_respondent_file_records_it_and_its_respondents(tmp_path, monkeypatch):
    log = tmp_path / "inputs"
    monkeypatch.setenv(data.INPUTS_LOG_ENV, str(log))
    ratings, respondents = tmp_path / "r.csv", tmp_path / "p.csv"
    shutil.copy(FIXTURES / "survey_synthetic.csv", ratings)
    shutil.copy(FIXTURES / "survey_synthetic_respondents.csv", respondents)
    survey.read_microdata(ratings, "survey_ratings", respondents=respondents)
    read = {Path(p) for p in log.read_text().split()}
    assert {ratings.resolve(), respondents.resolve()} <= read
    assert paths.DATA / "schemas" / "survey_ratings.json" in read


# --- one bad file, several pages: said once -------------------------------------------------

READS_COUNTRIES = (
    FRONT
    + """
# A page that reads the gazetteer

```{code-cell} ipython3
:tags: [parameters]
package = ""
bib = ""
```

```{code-cell} ipython3
import kzdiaspora as kz

kz.load("countries", datapackage=package, bibfile=bib)
```
"""
)

BROKEN = (
    FRONT
    + """
# A page with another problem

```{code-cell} ipython3
y = 1 / 0
```
"""
)


def test_one_bad_file_is_reported_once_with_the_pages_that_read_it(pkg, tmp_path, monkeypatch):
    root = tmp_path / "toy"
    write(root / "src" / "toylib" / "__init__.py", "VERSION = 1\n")
    write(root / "book" / "chapters" / "reader.md", READS_COUNTRIES)
    write(root / "book" / "chapters" / "broken.md", BROKEN)
    book = Book(root, monkeypatch)
    where = {"package": str(pkg.datapackage), "bib": str(pkg.bib)}
    book.jobs = [
        {"source": "chapters/reader.md", "output": f"{name}.ipynb", "parameters": where}
        for name in ("alpha", "beta", "gamma")
    ] + [{"source": "chapters/broken.md", "output": "broken.ipynb"}]
    pkg.path("countries.csv").write_text(
        pkg.path("countries.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
    )
    with pytest.raises(runner.PageFailed) as failure:
        book.run()
    message = str(failure.value)
    assert message.count("the columns are separated by semicolons") == 1
    assert "bad input data stopped 3 page(s) (" in message
    stopped = re.search(r"bad input data stopped 3 page\(s\) \(([^)]*)\)", message).group(1)
    assert sorted(stopped.split(", ")) == ["alpha", "beta", "gamma"]
    assert "page broken (template book/chapters/broken.md) failed in cell" in message and "ZeroDivisionError" in message
    assert "Traceback" not in message.split("page broken")[0]  # the data problem, without three tracebacks


def test_failures_cross_process_boundaries_with_what_stopped_them():
    import pickle

    failure = pickle.loads(pickle.dumps(runner.PageFailed("page a failed", "a", "file x, line 2: bad")))
    assert (str(failure), failure.page, failure.bad_input) == ("page a failed", "a", "file x, line 2: bad")


def test_the_readme_shows_a_refusal_as_it_is(pkg):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(pkg.path("countries.csv").read_text(encoding="utf-8"))))
    rows[3][rows[0].index("in_study")] = "yes"
    rows[5][rows[0].index("name_en")] += " "
    rows.append(["Source: ISO 3166-1, 2024"])
    pkg.write_lines("countries.csv", [line for line in _csv_lines(rows)])
    shown = str(load_error(pkg, "countries")).replace(f"{pkg.data}/", "data/")
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert f"kzdiaspora.data.DataError: {shown}\n" in readme


def _csv_lines(rows) -> list[str]:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().splitlines()


def test_the_descriptor_pins_what_the_readme_promises():
    """The README's section on updating the data names the spellings the package accepts."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Update the data", 1)[1].split("\n## ", 1)[0]
    for spelling in ["TRUE", "1", "FALSE", "0", "YYYY-MM-DD", "UTF-8", "comma"]:
        assert spelling in section
    descriptor = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    assert {r["dialect"]["delimiter"] for r in descriptor["resources"] if r.get("format") == "csv"} == {","}
