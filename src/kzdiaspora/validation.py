"""Checking a table of the data package with frictionless, and saying what is wrong in words.

:func:`read_csv` reads a CSV file as the package writes them (:data:`kzdiaspora.data.CSV_DIALECT`),
validates it with frictionless (the Table Schema, the resource's row rules and the cell-text
checks below) and builds the typed DataFrame from the rows frictionless typed while validating.
A problem is a :class:`DataError` naming resource, file, line and column (:func:`format_error`),
each problem once, at most :data:`MAX_PROBLEMS` of them.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from pathlib import Path

import frictionless
import pandas as pd
import simpleeval

from . import paths

#: Descriptor property holding a resource's row-level rules (``formula`` for frictionless'
#: row_constraint check, ``message`` shown when a row breaks it).
ROW_CONSTRAINTS = "rowConstraints"


class DataError(ValueError):
    """A data file does not match its schema (or cannot be read at all)."""


def rel(path: Path) -> str:
    """A path as messages show it: relative to the project, where it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


#: What a statistics office or a spreadsheet writes for "no value". The package leaves such a
#: cell empty; in a free-text column (no list of values, no pattern) one of these would
#: otherwise be read as text, so it is refused there.
MISSING_MARKERS = frozenset({"..", "...", "…", "-", "–", "—", "NA", "n/a", "N/A", "#N/A", "NULL", "null", "NaN", "nan"})


#: At most this many problems are listed for one file.
MAX_PROBLEMS = 20


DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "year": "Int64",
    "boolean": "boolean",
}


class _CellTextError(frictionless.errors.CellError):
    """A cell whose text the package does not accept although its type would (see :class:`_cell_text`)."""

    type = "cell-text"
    title = "Cell Text"
    description = "The cell's text would be read as something other than what it shows."
    template = "{note}"


class _RepeatedHeaderError(frictionless.errors.RowError):
    type = "repeated-header"
    title = "Repeated Header"
    description = "A row repeats the header."
    template = "{note}"


#: Characters that a conversion to an encoding without them replaced by question marks (or
#: that a decoder replaced by U+FFFD): "??", a "?" starting a word or standing alone, or
#: inside a word.
_LOST_LETTERS = re.compile(
    r"\ufffd|\?\?|(?:^|\s)\?|[^\x00-\x7f]\?|\?[^\x00-\x7f]"
    r"|[^\W\d_]\?(?![\w.-]*=)[^\W\d_]"
)  # but not a URL's ?key=value


class _cell_text(frictionless.Check):
    """Cells that parse but would not mean what they show: spaces around a value, a number that
    is not finite (``NaN``, ``inf``) or has an exponent, a "no value" marker in a free-text
    column, text with lost letters, and a line that repeats the header."""

    type = "cell-text"
    Errors = [_CellTextError, _RepeatedHeaderError]

    def validate_row(self, row):
        if [str(c).strip() for c in row.cells] == self.resource.labels:
            yield _RepeatedHeaderError.from_row(row, note="the line repeats the header")
            return
        broken = {getattr(e, "field_name", None) for e in row.errors}
        for number, (field, raw) in enumerate(zip(row.fields, row.cells), start=1):
            if field.name in broken or not isinstance(raw, str):
                continue
            value = row[field.name]
            if raw != raw.strip():
                note = f"{raw!r} has spaces before or after the value"
            elif field.type == "number" and value is not None and not math.isfinite(value):
                note = f"{raw!r} is not a finite number (leave the cell empty for a missing value)"
            elif field.type == "number" and "e" in raw.lower():
                note = (
                    f"{raw!r} is written with an exponent (a spreadsheet's display format?): write the number in full"
                )
            elif field.type == "string" and raw in MISSING_MARKERS and not {"enum", "pattern"} & set(field.constraints):
                note = f"{raw!r} stands for a missing value: leave the cell empty instead"
            elif field.type == "string" and _LOST_LETTERS.search(raw):
                note = (
                    f"{raw!r} has lost letters (question marks in their place): the file went through "
                    f'another encoding; save it again as "CSV UTF-8" from the original'
                )
            else:
                continue
            yield _CellTextError(
                note=note,
                cells=[str(c) for c in row.cells],
                row_number=row.row_number,
                cell=raw,
                field_name=field.name,
                field_number=number,
            )


class _row_rule(frictionless.checks.row_constraint):
    """A row rule (frictionless' row_constraint), judged only on rows whose cells all parsed: a
    bad cell is reported once, by itself, not again as a broken rule (the rule would see the
    cell as empty). The formula is parsed once, not once per row."""

    def validate_row(self, row):
        if row.errors:
            return
        try:
            ok = simpleeval.EvalWithCompoundTypes(names=row).eval(self.formula, _parsed(self.formula))
        except Exception:  # a rule that cannot be evaluated on this row is broken by it
            ok = False
        if not ok:
            yield frictionless.errors.RowConstraintError.from_row(
                row, note=f'the row constraint to conform is "{self.formula}"'
            )


_parsed = functools.lru_cache(simpleeval.SimpleEval.parse)


def checklist(res: dict) -> frictionless.Checklist:
    """Row-level rules of a resource (``rowConstraints`` in its descriptor) and the cell-text
    checks, checked by frictionless."""
    return frictionless.Checklist(
        checks=[
            _cell_text(),
            *(_row_rule(formula=rule["formula"]) for rule in res.get(ROW_CONSTRAINTS, [])),
        ]
    )


def describe(res: dict, error) -> str:
    """What is wrong, in words that name our columns and rules rather than frictionless internals."""
    return _describe_row(res, error) or _describe_cell(res, error) or _describe_header(error) or error.message


def _describe_row(res: dict, error) -> str | None:
    """A line that is not a row of the table, or a row that breaks a row rule."""
    if isinstance(error, (frictionless.errors.MissingCellError, frictionless.errors.ExtraCellError)):
        n, expected = len(error.cells), len(res["schema"]["fields"])
        return (
            f"the line has {n} value{'s' if n > 1 else ''} where the header has {expected} columns "
            f"(a note or a footnote below the table? a comma or a lone double quote in a value not quoted?)"
        )
    if isinstance(error, frictionless.errors.RowConstraintError):
        for rule in res.get(ROW_CONSTRAINTS, []):
            if rule["formula"] in error.note:
                return f"{rule.get('message', 'row rule violated')} (rule: {rule['formula']})"
    if isinstance(error, frictionless.errors.BlankRowError):
        return "the line is empty: delete it"
    if isinstance(error, (_CellTextError, _RepeatedHeaderError)):
        return error.note
    return None


def _describe_cell(res: dict, error) -> str | None:
    """A cell of the wrong type, breaking a constraint, or missing from the table it refers to."""
    field, cell = getattr(error, "field_name", None), getattr(error, "cell", None)
    if isinstance(cell, str) and cell != cell.strip() and isinstance(error, frictionless.errors.CellError):
        return f"{cell!r} has spaces before or after the value"
    if isinstance(error, frictionless.errors.ConstraintError):
        return _describe_constraint(res, error, field, cell)
    if isinstance(error, frictionless.errors.ForeignKeyError):
        values = ", ".join(repr(v) for v in error.field_cells)
        return (
            f"{values} not found in resource {error.reference_name!r} (column {', '.join(error.reference_field_names)})"
        )
    if isinstance(error, frictionless.errors.TypeError):
        kind = _field_type(res, field)
        return f"{cell!r} is not a valid {kind}{_TYPE_HINTS.get(kind.split(' ')[0], '')}"
    return None


def _describe_constraint(res: dict, error, field: str | None, cell) -> str:
    if _field_type(res, field) == "number" and cell.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{cell!r} is not a finite number (leave the cell empty for a missing value)"
    if field == "source" and "enum" in error.note:
        return f"{cell!r} is not a citation key of book/references.bib"
    if field == "copy_read" and "pattern" in error.note:
        return f"{cell!r} is not a list of citation keys of book/references.bib separated by ';'"
    if error.note.startswith('constraint "required"'):
        return "a value is required but the cell is empty"
    if error.note.startswith('constraint "enum"'):
        allowed = next(f for f in res["schema"]["fields"] if f["name"] == field)["constraints"]["enum"]
        return f"{cell!r} is not one of: {', '.join(map(str, allowed))}"
    return f"{cell!r} does not satisfy the {error.note}"


def _describe_header(error) -> str | None:
    field = getattr(error, "field_name", None)
    if (
        isinstance(error, (frictionless.errors.ExtraLabelError, frictionless.errors.BlankLabelError))
        and not error.label
    ):
        return f"column {error.field_number} has no name: delete the empty columns after the last one"
    if isinstance(error, frictionless.errors.ExtraLabelError):
        return f"unexpected column {error.label!r}: the schema does not declare it"
    if isinstance(error, frictionless.errors.MissingLabelError):
        return "column missing from the file"
    if isinstance(error, frictionless.errors.IncorrectLabelError):
        return f"header has {error.label!r} where the schema expects {field!r}"
    return None


#: How the package writes a value of each type, said when a cell is not one.
_TYPE_HINTS = {
    "integer": ": digits only, no thousands separator",
    "number": ": digits and a decimal point, no thousands separator, percent sign or exponent",
    "boolean": ": true or false (TRUE, FALSE, 1 and 0 are read too)",
    "date": ": write dates YYYY-MM-DD",
}


def _field_type(res: dict, name: str | None) -> str:
    for field in res.get("schema", {}).get("fields", []):
        if field["name"] == name:
            return f"{field.get('type', 'string')}" + (f" ({field['format']})" if field.get("format") else "")
    return "value"


def format_error(res: dict, where: str, error, unit: str = "line", lines: list[int] | None = None) -> str:
    """``resource 'x', file data/x.csv, line 7, column 'year': what is wrong``.

    ``lines``: the file line on which each row starts (row numbers count records, and a quoted
    value may span lines)."""
    parts = [f"resource {res['name']!r}", where]
    row = getattr(error, "row_number", None)
    if row:
        if unit == "feature":
            parts.append(f"feature {row - 1}")
        else:
            parts.append(f"line {lines[row] if lines and row < len(lines) else row}")
    elif isinstance(error, frictionless.errors.LabelError):
        parts.append("line 1 (header)" if unit == "line" else "properties")
    field = getattr(error, "field_name", None)
    fields = getattr(error, "field_names", None)
    if isinstance(error, (frictionless.errors.MissingCellError, frictionless.errors.ExtraCellError)):
        pass  # the whole line is wrong, not one of its cells
    elif field:
        parts.append(f"column {field!r}")
    elif fields:
        parts.append(f"column {', '.join(repr(f) for f in fields)}")
    return f"{', '.join(parts)}: {describe(res, error)}"


def _one_per_row(errors: list) -> list:
    """Each problem once: a row that is not a row of the table (a repeated header, a footnote, a
    line with too few or too many values) as a whole, not once per cell; a cell by its first
    problem (its spaces, say, not also the foreign key it then misses); a wrong header alone,
    not with the errors it causes in every row below it."""
    header = [e for e in errors if isinstance(e, frictionless.errors.HeaderError)]
    if header:
        return header
    whole = {}
    for e in errors:
        if isinstance(
            e,
            (
                _RepeatedHeaderError,
                frictionless.errors.MissingCellError,
                frictionless.errors.ExtraCellError,
                frictionless.errors.BlankRowError,
            ),
        ):
            whole.setdefault(e.row_number, e)

    def cell(e) -> tuple:
        names = getattr(e, "field_names", None) or [getattr(e, "field_name", None)]
        return (getattr(e, "row_number", None), ", ".join(map(str, names)))

    bad_cells = {cell(e) for e in errors if isinstance(e, frictionless.errors.CellError)}
    kept, seen = [], set()
    for e in errors:
        row = getattr(e, "row_number", None)
        if row in whole and e is not whole[row] or cell(e) in seen:
            continue  # the line, or this cell, is already reported
        if isinstance(e, frictionless.errors.ForeignKeyError) and cell(e) in bad_cells:
            continue
        if isinstance(e, frictionless.errors.CellError):
            seen.add(cell(e))
        kept.append(e)
    return kept


def validated_rows(fres: frictionless.Resource, res: dict) -> tuple[list[list], list, bool]:
    """Validate a frictionless resource; returns its rows as frictionless typed them, the
    first :data:`MAX_PROBLEMS` errors, and whether there were more (or may be more)."""
    rows: list[list] = []
    with frictionless.system.use_context(trusted=True):
        report = fres.validate(
            checklist(res),
            limit_errors=5 * MAX_PROBLEMS,  # several may fold into one
            on_row=lambda row: rows.append(row.to_list()),
        )
    errors = _one_per_row([e for task in report.tasks for e in task.errors] + list(report.errors))
    partial = any("error limit" in w for task in report.tasks for w in task.warnings)
    return rows, errors[:MAX_PROBLEMS], partial or len(errors) > MAX_PROBLEMS


def frame(rows: list[list], fields: list[dict]) -> pd.DataFrame:
    """The DataFrame of frictionless' typed rows, with the dtypes of :func:`load`."""
    columns = list(zip(*rows)) if rows else [() for _ in fields]
    frame = {}
    for field, values in zip(fields, columns):
        kind = field.get("type", "string")
        if kind == "date":
            frame[field["name"]] = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[us]")
        elif kind == "number":
            frame[field["name"]] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        else:
            frame[field["name"]] = pd.array(list(values), dtype=DTYPES.get(kind, "string"))
    return pd.DataFrame(frame, columns=[f["name"] for f in fields])


def _text(path: Path, where: str) -> str:
    """The file's text, or a :class:`DataError` saying where it stops being UTF-8."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{where}: file not found") from None
    except OSError as exc:
        raise DataError(f"{where}: cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise DataError(f"{where}: the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
        line = raw.count(b"\n", 0, max(raw.find(b"\x00"), 0)) + 1
        raise DataError(f'{where}, line {line}: the file is UTF-16 (or binary), not UTF-8 text: save it as "CSV UTF-8"')
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = " (header)"
        if line > 1:
            header = next(csv.reader([raw[: raw.find(b"\n")].decode("utf-8-sig", "replace")]))
            before = raw[start : exc.start].decode("utf-8", "replace")
            index = len(next(csv.reader([before]), [""])) - 1 if before else 0
            column = f", column {header[index]!r}" if index < len(header) else ""
        raise DataError(
            f"{where}, line {line}{column}: byte 0x{raw[exc.start]:02X} is not UTF-8 text: the file "
            f'is in another encoding (Windows-1251, say); save it as "CSV UTF-8"'
        ) from None


_OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _check_header(text: str, fields: list[dict], where: str) -> None:
    """Refuse, in one sentence, a first line that is not a comma-separated header at all (the
    validator would report every column of the schema as missing)."""
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    names = [f["name"] for f in fields]
    for sep, name in _OTHER_SEPARATORS.items():
        if first.count(sep) >= len(names) - 1 > first.count(","):
            raise DataError(
                f"{where}, line 1 (header): the columns are separated by {name}; the package's "
                f'files separate them by commas (save as "CSV UTF-8 (comma delimited)")'
            )
    labels = {label.strip() for label in next(csv.reader([first]), [])}
    if not labels & set(names):
        raise DataError(
            f"{where}, line 1 (header): {first[:60]!r} is not the header; the first line must name "
            f"the columns {', '.join(names)} (a title above the table?)"
        )


def _record_starts(text: str) -> list[int]:
    """For each row number (1 = header), the file line it starts on."""
    starts = [0, 1]
    reader = csv.reader(io.StringIO(text, newline=""))
    for _ in reader:
        starts.append(reader.line_num + 1)
    return starts


def read_csv(res: dict, path: Path, table) -> pd.DataFrame:
    """Read and validate a CSV file: ``res`` is its descriptor (name, schema, row rules) and
    ``table()`` the frictionless resource to validate. Returns the typed table."""
    where = f"resource {res['name']!r}, file {rel(path)}"
    text = _text(path, where)
    fields = res["schema"]["fields"]
    _check_header(text, fields, where)
    try:
        rows, errors, partial = validated_rows(table(), res)
    except DataError:
        raise
    except Exception as exc:  # whatever else frictionless could not read is still the file's problem
        raise DataError(f"{where}: cannot be read as CSV ({exc})") from None
    if errors:
        lines = _record_starts(text)
        found = [format_error(res, f"file {rel(path)}", e, lines=lines) for e in errors]
        more = f" (the first {MAX_PROBLEMS})" if partial else ""
        raise DataError(f"{len(found)} problem(s){more} in {rel(path)}:\n  " + "\n  ".join(found))
    return frame(rows, fields)
