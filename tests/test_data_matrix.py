"""Every table re-saved the ways spreadsheets and statistics offices save tables.

Each case takes one CSV file (every resource of the package and the two synthetic survey files)
and writes it again in one other way: another separator or quoting, another encoding, a
byte-order mark, other line endings, other spellings of booleans, numbers, dates and missing
values, thousands separators, stray spaces, empty trailing columns, a second header row, a
title line, a footnote... Each variant is declared either harmless (the file must load as the
identical table) or not (it must be refused with a DataError naming the file and a line);
a variant that finds nothing to change in a file must load as the identical table. No other
exception may escape, and nothing may load with other values.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from kzdiaspora import DataError, data, paths, survey, validation

FIXTURES = Path(__file__).parent / "fixtures"
MICRODATA = {
    "survey_respondents": FIXTURES / "survey_synthetic_respondents.csv",
    "survey_ratings": FIXTURES / "survey_synthetic.csv",
}


@dataclass
class Table:
    """A CSV file as written in the package: its text, rows of cells and schema fields."""

    text: str
    rows: list[list[str]]
    fields: list[dict]

    def kinds(self) -> list[str]:
        return [f.get("type", "string") for f in self.fields]


def write(rows, delimiter=",", quoting=csv.QUOTE_MINIMAL, newline="\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=newline).writerows(rows)
    return out.getvalue()


def cells(table: Table, kinds: set[str], change: Callable[[str], str], empty: bool = False) -> str:
    """The table with ``change`` applied to each (non-empty, or with ``empty`` each empty) data
    cell of a column of one of ``kinds``; the file as it is if no cell changed."""
    rows = [table.rows[0]]
    for row in table.rows[1:]:
        rows.append([change(c) if kind in kinds and (c == "") == empty else c for c, kind in zip(row, table.kinds())])
    return table.text if rows == table.rows else write(rows)


def grouped(value: str, sep: str) -> str:
    """``value`` with its digits grouped by thousands with ``sep`` (1234567.5 -> 1,234,567.5)."""
    sign, digits = ("-", value[1:]) if value.startswith("-") else ("", value)
    whole, dot, decimals = digits.partition(".")
    return sign + f"{int(whole):,}".replace(",", sep) + dot + decimals


def dates(fmt: str) -> Callable[[str], str]:
    return lambda c: pd.Timestamp(c).strftime(fmt)


def padded(rows, after: str) -> list[list[str]]:
    return [[f"{c}{after}" if c else c for c in row] for row in rows]


def quote_text(t: Table) -> str:
    """Text cells quoted, numbers not, as LibreOffice's "quote all text cells" writes them."""
    numeric = {"integer", "number", "year"}
    return "".join(
        ",".join(
            c if c == "" or (i and kind in numeric) else '"' + c.replace('"', '""') + '"'
            for c, kind in zip(row, t.kinds())
        )
        + "\n"
        for i, row in enumerate(t.rows)
    )


# Each variant: (name, how the file is saved again, True if it must load as the same table)
VARIANTS: list[tuple[str, Callable[[Table], bytes | str], bool]] = [
    # separators and quoting
    ("quoted-everywhere", lambda t: write(t.rows, quoting=csv.QUOTE_ALL), True),
    ("text-quoted", lambda t: quote_text(t), True),
    ("semicolons", lambda t: write(t.rows, delimiter=";"), False),
    ("tabs", lambda t: write(t.rows, delimiter="\t"), False),
    ("vertical-bars", lambda t: write(t.rows, delimiter="|"), False),
    # encodings and byte-order marks
    ("utf-8-bom", lambda t: b"\xef\xbb\xbf" + t.text.encode("utf-8"), True),
    ("windows-1251", lambda t: t.text.encode("cp1251", "replace"), False),
    ("windows-1252", lambda t: t.text.encode("cp1252", "replace"), False),
    ("utf-16", lambda t: t.text.encode("utf-16"), False),
    ("utf-16-le-without-bom", lambda t: t.text.encode("utf-16-le"), False),
    # line endings
    ("crlf", lambda t: t.text.replace("\n", "\r\n"), True),
    ("cr", lambda t: t.text.replace("\n", "\r"), True),
    ("no-final-newline", lambda t: t.text.rstrip("\n"), True),
    ("blank-lines-at-the-end", lambda t: t.text + "\n\n", False),
    ("blank-line-after-the-header", lambda t: t.text.replace("\n", "\n\n", 1), False),
    # booleans
    ("booleans-upper-case", lambda t: cells(t, {"boolean"}, str.upper), True),
    ("booleans-capitalised", lambda t: cells(t, {"boolean"}, str.capitalize), True),
    ("booleans-as-1-0", lambda t: cells(t, {"boolean"}, lambda c: {"true": "1", "false": "0"}[c]), True),
    ("booleans-yes-no", lambda t: cells(t, {"boolean"}, lambda c: {"true": "yes", "false": "no"}[c]), False),
    (
        "booleans-russian-excel",
        lambda t: cells(t, {"boolean"}, lambda c: {"true": "ИСТИНА", "false": "ЛОЖЬ"}[c]),
        False,
    ),
    # numbers
    ("decimal-comma", lambda t: cells(t, {"number"}, lambda c: c.replace(".", ",")), False),
    ("thousands-comma", lambda t: cells(t, {"integer", "number"}, lambda c: grouped(c, ",")), False),
    ("thousands-space", lambda t: cells(t, {"integer", "number"}, lambda c: grouped(c, " ")), False),
    ("thousands-no-break-space", lambda t: cells(t, {"integer", "number"}, lambda c: grouped(c, "\u00a0")), False),
    ("thousands-apostrophe", lambda t: cells(t, {"integer", "number"}, lambda c: grouped(c, "'")), False),
    # in a number column 1.234 is a decimal number: only integer columns can tell the grouping
    ("thousands-point-in-counts", lambda t: cells(t, {"integer"}, lambda c: grouped(c, ".")), False),
    ("exponent", lambda t: cells(t, {"number"}, lambda c: f"{float(c):.2E}"), False),
    ("percent-sign", lambda t: cells(t, {"number"}, lambda c: c + "%"), False),
    ("trailing-zeros", lambda t: cells(t, {"number"}, lambda c: c + ("0" if "." in c else ".0")), True),
    # missing values
    ("missing-as-two-dots", lambda t: cells(t, set(validation.DTYPES) | {"date"}, lambda c: "..", empty=True), False),
    ("missing-as-NA", lambda t: cells(t, set(validation.DTYPES) | {"date"}, lambda c: "NA", empty=True), False),
    ("missing-as-NaN", lambda t: cells(t, {"number", "integer"}, lambda c: "NaN", empty=True), False),
    ("missing-as-dash", lambda t: cells(t, set(validation.DTYPES) | {"date"}, lambda c: "-", empty=True), False),
    # dates
    ("dates-day-month-year", lambda t: cells(t, {"date"}, dates("%d.%m.%Y")), False),
    ("dates-us", lambda t: cells(t, {"date"}, dates("%m/%d/%Y")), False),
    ("dates-slashes", lambda t: cells(t, {"date"}, dates("%Y/%m/%d")), False),
    ("dates-with-time", lambda t: cells(t, {"date"}, dates("%Y-%m-%d %H:%M:%S")), False),
    ("dates-in-words", lambda t: cells(t, {"date"}, dates("%d %B %Y")), False),
    # stray spaces
    (
        "space-after-each-comma",
        lambda t: "".join(", ".join(write([[c]]).rstrip("\n") for c in row) + "\n" for row in t.rows),
        False,
    ),
    ("trailing-spaces", lambda t: write([t.rows[0], *padded(t.rows[1:], after=" ")]), False),
    ("no-break-spaces", lambda t: write([t.rows[0], *padded(t.rows[1:], after="\u00a0")]), False),
    # frictionless matches labels without their surrounding spaces; the values are untouched
    ("spaces-in-the-header", lambda t: write([padded(t.rows[:1], after=" ")[0], *t.rows[1:]]), True),
    # the shape of the table
    ("empty-trailing-columns", lambda t: write([row + ["", ""] for row in t.rows]), False),
    ("second-header-row", lambda t: write([t.rows[0], *t.rows]), False),
    ("title-line", lambda t: "Table 1. Data of the edition\n" + t.text, False),
    ("footnote-line", lambda t: t.text + "Source: compiled by the editors.\n", False),
    ("columns-swapped", lambda t: write([[r[1], r[0], *r[2:]] for r in t.rows]), False),
]


def _sources() -> dict[str, tuple[Path, list[dict]]]:
    """Each matrix file: its path and schema fields."""
    files = {
        r["name"]: (paths.DATA / r["path"], r["schema"]["fields"]) for r in data.resources() if r.get("format") == "csv"
    }
    schemas = data.microdata_schemas()
    files.update({name: (path, schemas[name]["fields"]) for name, path in MICRODATA.items()})
    return files


SOURCES = _sources()
CASES = [(name, variant) for name in SOURCES for variant, _, _ in VARIANTS]


class Workspace:
    """A copy of the package and of the survey files, each loaded once as it is."""

    def __init__(self, root: Path):
        self.package = root / "data"
        shutil.copytree(paths.DATA, self.package)
        self.bib = root / "references.bib"
        shutil.copy(paths.BIBLIOGRAPHY, self.bib)
        self.survey = root / "survey"
        self.survey.mkdir()
        for path in MICRODATA.values():
            shutil.copy(path, self.survey / path.name)
        self.original = {name: self.load(name) for name in SOURCES}

    def file(self, name: str) -> Path:
        if name in MICRODATA:
            return self.survey / MICRODATA[name].name
        return self.package / data.resource(name, self.package / "datapackage.json")["path"]

    def load(self, name: str) -> pd.DataFrame:
        if name == "survey_ratings":
            return survey.read_microdata(self.file(name), name, respondents=self.file("survey_respondents"))
        if name in MICRODATA:
            return survey.read_microdata(self.file(name), name)
        return data.load(name, datapackage=self.package / "datapackage.json", bibfile=self.bib)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("matrix"))


def test_the_matrix_covers_every_csv_resource_and_the_survey_files():
    csv_resources = {r["name"] for r in data.resources() if r.get("format") == "csv"}
    assert csv_resources | set(MICRODATA) == set(SOURCES)
    assert len(CASES) == len(SOURCES) * len(VARIANTS)
    readme = " ".join((paths.ROOT / "README.md").read_text(encoding="utf-8").split())
    assert (
        f"matrix of {len(CASES):,} cases that re-save each of the package's {len(csv_resources)} CSV files "
        f"and the {len(MICRODATA)} synthetic survey files in one of {len(VARIANTS)} ways"
    ) in readme


@pytest.mark.parametrize("name,variant", CASES, ids=[f"{v}-{n}" for n, v in CASES])
def test_resaved_file_loads_identically_or_is_refused(workspace, name, variant):
    path = workspace.file(name)
    original = path.read_bytes()
    text = original.decode("utf-8")
    table = Table(text, list(csv.reader(io.StringIO(text, newline=""))), SOURCES[name][1])
    save, harmless = next((save, harmless) for v, save, harmless in VARIANTS if v == variant)
    resaved = save(table)
    resaved = resaved.encode("utf-8") if isinstance(resaved, str) else resaved
    path.write_bytes(resaved)
    try:
        if harmless or resaved == original:
            pd.testing.assert_frame_equal(workspace.load(name), workspace.original[name])
        else:
            with pytest.raises(DataError) as refused:
                workspace.load(name)
            message = str(refused.value)
            assert path.name in message and re.search(r"\bline \d+", message), message
    finally:
        path.write_bytes(original)
