"""Parameters at the door: every page's parameters are checked against its template before any
page executes (names, types, YAML dates, the values the template allows), and a chapter opened
in Binder refuses a bad value in its first cell, naming parameter and value.

The rules are those of :mod:`kzdiaspora.parameters`; the runner's side is
:mod:`kzdiaspora_book.parameters`. The toy book of test_runner.py serves for the runner.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import jupytext
import pytest
import yaml
from conftest import JUPYTER_BOOK, ROOT, book_config, planned_pages
from test_runner import FRONT, Book, write

from kzdiaspora import parameters
from kzdiaspora_book import parameters as door
from kzdiaspora_book import runner

# --- the rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,rule,why",
    [
        ("wdi-2024-12", "one of population[vintage]", None),
        (
            "wdi-2025",
            "one of population[vintage]",
            "is not among the values of column vintage of the data table population: "
            "wdi-2024-12, wdi-2026-03, wpp-2024",
        ),
        (2022, "within population[year]", None),
        (1950, "within population[year]", "is outside the range of column year of the data table population"),
        ("2022", "within population[year]", "a whole number is expected"),
        (2022.5, "one of population[year]", "a whole number is expected"),
        ("2024-07-01", "one of kandas_shares[as_of]", None),
        (dt.date(2024, 7, 1), "one of kandas_shares[as_of]", None),
        ("2024-07-02", "one of kandas_shares[as_of]", "is not among the values of column as_of"),
        (20240701, "one of kandas_shares[as_of]", "a date written YYYY-MM-DD is expected"),
        ("both", "one of [wpp, registered, both]", None),
        ("all", "one of [wpp, registered, both]", "is not one of wpp, registered, both"),
        (0.95, "between 0 and 1", None),
        (95, "between 0 and 1", "is not between 0 and 1"),
        (True, "between 0 and 1", "a number between 0 and 1 is expected"),
        (None, "None or each one of press_codebook[code]", None),
        (["culture", "otandastar"], "None or each one of press_codebook[code]", None),
        (["culture", "returnees"], "None or each one of press_codebook[code]", "'returnees' is not among the values"),
        ("culture", "each one of press_codebook[code]", "a list is expected"),
        (None, "one of [wpp, registered, both]", "a value is required"),
    ],
)
def test_rule(value, rule, why):
    found = parameters.problem("p", value, rule)
    if why is None:
        assert found is None
    else:
        assert found.startswith(f"parameter p = {value!r}: ") and why in found


def test_a_rule_that_is_not_one_is_an_error():
    with pytest.raises(parameters.ParameterError, match="'any of population' is not a rule"):
        parameters.problem("p", 1, "any of population")


def test_check_names_each_parameter_and_value_it_refuses():
    namespace = {
        "__annotations__": {"series": "one of [wpp, registered, both]", "confidence": "between 0 and 1", "note": str},
        "series": "all",
        "confidence": 0.9,
        "note": "free",
    }
    with pytest.raises(parameters.ParameterError) as refused:
        parameters.check(namespace)
    assert str(refused.value) == "parameter series = 'all': is not one of wpp, registered, both"
    parameters.check({**namespace, "series": "wpp"})


def test_every_rule_of_the_templates_parses_and_allows_its_default():
    for template in sorted((ROOT / "book" / "chapters").glob("*.md")):
        for name, declared in door.declared(jupytext.read(template)).items():
            if declared.rule:
                assert parameters.problem(name, declared.default, declared.rule) is None, (template.name, name)


def test_templates_name_the_rules_papermill_can_read():
    """Rules keep to the characters papermill reads as a parameter's type (no "Passed unknown
    parameter" warning when the runner injects it)."""
    from papermill.inspection import _infer_parameters

    for template in sorted((ROOT / "book" / "chapters").glob("*.md")):
        nb = jupytext.read(template)
        for cell in nb.cells:
            cell.metadata.setdefault("tags", [])
        rules = {name: d.rule for name, d in door.declared(nb).items() if d.rule}
        if rules:
            inferred = {p.name: p.inferred_type_name for p in _infer_parameters(nb)}
            assert {name: inferred.get(name) for name in rules} == rules, template.name


def test_each_chapter_with_rules_checks_them_in_its_first_cell_after_the_parameters():
    for template in sorted((ROOT / "book" / "chapters").glob("*.md")):
        nb = jupytext.read(template)
        if not any(d.rule for d in door.declared(nb).values()):
            continue
        code = [c for c in nb.cells if c.cell_type == "code"]
        first = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
        assert "parameters.check(globals())" in code[first + 1].source, template.name


# --- at the door: the configuration ---------------------------------------------------------


def test_the_configured_parameters_pass_the_door():
    pages = planned_pages()
    assert [p.parameters for p in door.checked(pages, ROOT)] == [p.parameters for p in pages]


def jobs_with(**changes) -> list[dict]:
    """The configured jobs, with parameters changed: ``{source name: {parameter: value}}``."""
    jobs = book_config()["sphinx"]["config"]["papermill_jobs"]
    for job in jobs:
        job.setdefault("parameters", {}).update(changes.get(Path(job["source"]).stem, {}))
    return jobs


def refused(jobs) -> str:
    with pytest.raises(runner.PageFailed) as failure:
        door.checked(runner.plan(jobs, ROOT / "book"), ROOT)
    return str(failure.value)


def test_an_unquoted_yaml_date_becomes_its_iso_text_where_the_template_holds_text():
    config = yaml.safe_load("parameters: {kandas_date: 2024-07-01}")
    assert config["parameters"]["kandas_date"] == dt.date(2024, 7, 1)  # what YAML gives the runner
    pages = runner.plan(jobs_with(kandas=config["parameters"]), ROOT / "book")
    kandas = next(p for p in door.checked(pages, ROOT) if p.docname == "kandas")
    assert kandas.parameters["kandas_date"] == "2024-07-01"
    quoted = next(p for p in planned_pages() if p.docname == "kandas")
    assert runner.page_key(kandas, "x") == runner.page_key(quoted, "x")  # no TypeError, and one key


def test_a_date_where_the_template_holds_a_number_is_refused():
    message = refused(jobs_with(kandas={"emigrants_year": dt.date(2023, 1, 1)}))
    assert (
        "page kandas: parameter emigrants_year is the date 2023-01-01 (YAML reads an unquoted 2024-07-01 "
        "as a date) where the template holds a whole number (2023)"
    ) in message


def test_every_page_and_parameter_at_fault_is_named_at_once():
    message = refused(
        jobs_with(
            demography={"wb_vintage": "wdi-2025", "colour": "red"},
            press={"last_year": "2024"},
            survey={"confidence": 95},
            policy={"series": "all"},
        )
    )
    assert message.startswith("parameters refused before any page was executed:")
    for line in [
        "page demography: parameter(s) colour not set in the cell tagged 'parameters' of template "
        "book/chapters/demography.md",
        "page demography: parameter wb_vintage = 'wdi-2025': is not among the values of column vintage "
        "of the data table population: wdi-2024-12, wdi-2026-03, wpp-2024",
        "page press: parameter last_year is '2024' (text) where the template holds a whole number (2024)",
        "page survey: parameter confidence = 95: is not between 0 and 1",
        "page policy: parameter series = 'all': is not one of wpp, registered, both",
    ]:
        assert line in message.splitlines()


def test_a_country_outside_the_gazetteer_is_refused():
    jobs = book_config()["sphinx"]["config"]["papermill_jobs"]
    profile = next(j for j in jobs if j["source"] == "chapters/country_profile.md")
    profile["matrix"].append({"iso3": "XXX", "country": "Nowhere"})
    assert "page profiles/XXX: parameter iso3 = 'XXX': is not among the values of column iso3" in refused(jobs)


# --- at the door: the runner, on a toy book -------------------------------------------------

DATED = (
    FRONT
    + """
# A page with a release date and a colour

```{code-cell} ipython3
:tags: [parameters]
release = "2024-01-01"
colour: "one of [red, green]" = "red"
```

```{code-cell} ipython3
print(repr(release), colour)
```
"""
)


@pytest.fixture
def toy(tmp_path, monkeypatch) -> Book:
    write(tmp_path / "src" / "toylib" / "__init__.py", "VERSION = 1\n")
    write(tmp_path / "book" / "chapters" / "dated.md", DATED)
    book = Book(tmp_path, monkeypatch)
    book.jobs = [
        {"source": "chapters/dated.md", "output": "dated.ipynb"},
        {"source": "chapters/dated.md", "output": "other.ipynb"},
    ]
    return book


def test_the_page_receives_a_yaml_date_as_text(toy):
    toy.jobs[0]["parameters"] = yaml.safe_load("{release: 2024-07-01}")
    assert toy.run() == {"dated", "other"}
    printed = "".join(o.get("text", "") for c in toy.notebook("dated").cells for o in c.get("outputs", []))
    assert printed.strip() == "'2024-07-01' red"
    assert toy.notebook("dated").metadata[runner.META]["parameters"] == {"release": "2024-07-01"}


def test_a_refused_parameter_stops_the_build_before_any_page_executes(toy):
    toy.jobs[1]["parameters"] = {"colour": "blue"}
    with pytest.raises(runner.PageFailed, match=r"page other: parameter colour = 'blue': is not one of red, green"):
        toy.run()
    assert not list((toy.root / "book").glob("*.ipynb"))


def test_jupyter_book_builds_with_an_unquoted_date(toy):
    """The whole build, Sphinx included, takes a YAML date as a parameter."""
    write(
        toy.root / "_config.yml",
        """\
title: Toy
execute: {execute_notebooks: "off"}
only_build_toc_files: true
exclude_patterns: [_build, _generated, chapters]
sphinx:
  extra_extensions: [kzdiaspora_book.sphinxext]
  config:
    papermill_deps: ["src/toylib/**/*.py"]
    papermill_jobs:
      - source: chapters/dated.md
        output: dated.ipynb
        parameters: {release: 2024-07-01}
""",
    )
    jobs = yaml.safe_load((toy.root / "_config.yml").read_text())["sphinx"]["config"]["papermill_jobs"]
    assert jobs[0]["parameters"]["release"] == dt.date(2024, 7, 1)
    write(toy.root / "book" / "_toc.yml", "format: jb-book\nroot: intro\nchapters:\n- file: dated\n")
    write(toy.root / "book" / "intro.md", "# Toy\n")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "book/"],
        cwd=toy.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(toy.root / "src")},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "'2024-07-01' red" in (toy.root / "_build" / "html" / "dated.html").read_text()


# --- in Binder ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_bad_value_edited_in_binder_stops_the_first_cell_naming_it(monkeypatch):
    """As a Binder reader: edit the demography chapter's parameters cell and run all cells."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    for name in [k for k in os.environ if k.startswith("BOOK_")]:
        monkeypatch.delenv(name)
    template = ROOT / "book" / "chapters" / "demography.md"
    nb = jupytext.read(template)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace('= "wdi-2024-12"', '= "wdi-2025-06"')
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(template.parent)}}
    )
    with pytest.raises(CellExecutionError) as stopped:
        client.execute()
    assert "parameter wb_vintage = 'wdi-2025-06': is not among the values of column vintage" in str(stopped.value)
    code = [c for c in nb.cells if c.cell_type == "code"]
    first = code.index(cell) + 1
    assert code[first].outputs and code[first].outputs[-1]["ename"] == "ParameterError"
    assert not any(c.get("outputs") for c in code[first + 1 :])
