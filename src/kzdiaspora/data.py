"""Loading the data package.

Every table the book uses is a resource of ``data/datapackage.json``. :func:`load` validates
the resource against its Table Schema with frictionless (types, constraints, primary and
foreign keys, the ``source`` and ``copy_read`` keys, which must exist in ``book/references.bib``,
the resource's row rules) and builds the DataFrame from the very rows frictionless typed while validating: what
was validated is what is loaded, so a spelling the validator accepts (``TRUE`` for a
boolean, say) cannot reach the chapters as something else.

The files follow one format, which ``datapackage.json`` declares on every CSV resource
(:data:`CSV_DIALECT`, :data:`ENCODING`): UTF-8 text (a byte-order mark is allowed), commas
between columns, double quotes around a value that holds a comma, a header line. Anything else
stops the load with a :class:`DataError` naming the resource, file, line and column, and
nothing is filled, dropped or guessed.
"""
from __future__ import annotations

import copy
import csv
import functools
import hashlib
import io
import json
import math
import os
import re
from pathlib import Path

import frictionless
import pandas as pd
import simpleeval

from . import paths

__all__ = ["DataError", "load", "load_geo", "load_microdata", "resource", "resources", "bib_keys", "catalogue",
           "columns", "schema_columns", "microdata_schemas", "observed"]

#: Descriptor property holding a resource's row-level rules (``formula`` for frictionless'
#: row_constraint check, ``message`` shown when a row breaks it).
ROW_CONSTRAINTS = "rowConstraints"

#: Row statuses allowed in every transcribed table (see the methods chapter).
STATUSES = ("official", "census", "estimate", "model", "attributed", "derived", "stated-by-authors", "inferred")

#: Statuses of values read in a publication: what a count of figures, releases or estimates found
#: counts (never a value of ours, derived or inferred, nor one of the paper's own).
OBSERVED = ("official", "census", "estimate", "model", "attributed")

#: The CSV dialect (Table Schema / CSV Dialect terms) and encoding of every CSV file the book
#: reads: each CSV resource of datapackage.json declares them, and respondent-level files
#: given to :func:`load_microdata` are read with them.
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "skipInitialSpace": False, "header": True}
ENCODING = "utf-8"

#: What a statistics office or a spreadsheet writes for "no value". The package leaves such a
#: cell empty; in a free-text column (no list of values, no pattern) one of these would
#: otherwise be read as text, so it is refused there.
MISSING_MARKERS = frozenset({"..", "...", "…", "-", "–", "—", "NA", "n/a", "N/A", "#N/A", "NULL", "null", "NaN", "nan"})

#: At most this many problems are listed for one file.
MAX_PROBLEMS = 20

_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "year": "Int64",
    "boolean": "boolean",
}

#: Set by the book's runner: a file where each page records the inputs it read, so the
#: page is re-executed when (and only when) one of them changes.
INPUTS_LOG_ENV = "BOOK_INPUTS_LOG"


class DataError(ValueError):
    """A data file does not match its schema (or cannot be read at all)."""


def observed(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` whose ``status`` is one of :data:`OBSERVED`: values found in a
    publication, as opposed to the paper's own figures and values derived or inferred here."""
    return frame[frame["status"].isin(OBSERVED)]


def _record_input(path: Path) -> None:
    log = os.environ.get(INPUTS_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{Path(path).resolve()}\n")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{_rel(path)}: file not found") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{_rel(path)}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


_BIB_KEY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def bib_keys(bibfile: Path | None = None) -> list[str]:
    """The citation keys of the bibliography, in file order."""
    bibfile = Path(bibfile or paths.BIBLIOGRAPHY)
    _record_input(bibfile)
    try:
        return _BIB_KEY.findall(bibfile.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{_rel(bibfile)}: the bibliography cannot be read ({exc})") from None


def _descriptor(datapackage: Path) -> dict:
    _record_input(datapackage)
    return _read_json(datapackage)


def resources(datapackage: Path | None = None) -> list[dict]:
    """The resource descriptors of the package, in the order they are listed."""
    return _descriptor(Path(datapackage or paths.DATAPACKAGE)).get("resources", [])


def resource(name: str, datapackage: Path | None = None, *, listed: list[dict] | None = None) -> dict:
    """The descriptor of one resource (path, title, sources, schema...); ``listed``: the
    package's resources, if already read."""
    listed = resources(datapackage) if listed is None else listed
    for res in listed:
        if res.get("name") == name:
            return res
    known = ", ".join(r.get("name", "?") for r in listed)
    raise DataError(f"no resource named {name!r} in {_rel(Path(datapackage or paths.DATAPACKAGE))}; known: {known}")


def _referenced(descriptor: dict, names: list[str]) -> list[str]:
    """``names`` and every resource they refer to by foreign key, directly or not."""
    by_name = {r.get("name"): r for r in descriptor.get("resources", [])}
    wanted, todo = [], list(names)
    while todo:
        name = todo.pop()
        if name in wanted or name not in by_name:
            continue
        wanted.append(name)
        todo += [fk["reference"].get("resource") for fk in by_name[name].get("schema", {}).get("foreignKeys", [])]
    return wanted


def _package(datapackage: Path, bibfile: Path, extra: dict | None = None,
             only: list[str] | None = None) -> frictionless.Package:
    """The package as frictionless sees it: ``source`` columns may only hold a bibliography key,
    ``copy_read`` columns only bibliography keys separated by ``;``.

    ``extra`` is an additional (inline) resource descriptor, used to validate GeoJSON properties
    against their schema, foreign keys included. ``only``: keep just these resources and those
    they refer to (building the whole package costs more than validating a table).
    """
    descriptor = _descriptor(datapackage)
    descriptor["resources"] = descriptor.get("resources", []) + ([extra] if extra else [])
    if only is not None:
        keep = set(_referenced(descriptor, only))
        descriptor["resources"] = [r for r in descriptor["resources"] if r.get("name") in keep]
    descriptor = copy.deepcopy(descriptor)
    keys = bib_keys(bibfile)
    one = "|".join(re.escape(k) for k in keys)
    for res in descriptor.get("resources", []):
        res.pop(ROW_CONSTRAINTS, None)
        for field in res.get("schema", {}).get("fields", []):
            # a `source` column names an entry of the bibliography, a `copy_read` column one or more
            if field.get("name") == "source":
                field.setdefault("constraints", {})["enum"] = keys
            elif field.get("name") == "copy_read":
                field.setdefault("constraints", {})["pattern"] = f"({one})(;({one}))*"
    return frictionless.Package(descriptor, basepath=str(datapackage.parent))


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
_LOST_LETTERS = re.compile(r"\ufffd|\?\?|(?:^|\s)\?|[^\x00-\x7f]\?|\?[^\x00-\x7f]"
                           r"|[^\W\d_]\?(?![\w.-]*=)[^\W\d_]")  # but not a URL's ?key=value


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
                note = f"{raw!r} is written with an exponent (a spreadsheet's display format?): write the number in full"
            elif field.type == "string" and raw in MISSING_MARKERS and not {"enum", "pattern"} & set(field.constraints):
                note = f"{raw!r} stands for a missing value: leave the cell empty instead"
            elif field.type == "string" and _LOST_LETTERS.search(raw):
                note = (f"{raw!r} has lost letters (question marks in their place): the file went through "
                        f"another encoding; save it again as \"CSV UTF-8\" from the original")
            else:
                continue
            yield _CellTextError(note=note, cells=[str(c) for c in row.cells], row_number=row.row_number,
                                 cell=raw, field_name=field.name, field_number=number)


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
                row, note=f'the row constraint to conform is "{self.formula}"')


_parsed = functools.lru_cache(simpleeval.SimpleEval.parse)


def _checklist(res: dict) -> frictionless.Checklist:
    """Row-level rules of a resource (``rowConstraints`` in its descriptor) and the cell-text
    checks, checked by frictionless."""
    return frictionless.Checklist(checks=[
        _cell_text(), *(_row_rule(formula=rule["formula"]) for rule in res.get(ROW_CONSTRAINTS, [])),
    ])


def _describe(res: dict, error) -> str:
    """What is wrong, in words that name our columns and rules rather than frictionless internals."""
    field = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    if isinstance(error, (frictionless.errors.MissingCellError, frictionless.errors.ExtraCellError)):
        n, expected = len(error.cells), len(res["schema"]["fields"])
        return (f"the line has {n} value{'s' if n > 1 else ''} where the header has {expected} columns "
                f"(a note or a footnote below the table? a comma or a lone double quote in a value not quoted?)")
    if isinstance(cell, str) and cell != cell.strip() and isinstance(error, frictionless.errors.CellError):
        return f"{cell!r} has spaces before or after the value"
    if isinstance(error, frictionless.errors.ConstraintError) and _field_type(res, field) == "number" \
            and cell.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{cell!r} is not a finite number (leave the cell empty for a missing value)"
    if isinstance(error, frictionless.errors.ConstraintError) and field == "source" and "enum" in error.note:
        return f"{cell!r} is not a citation key of book/references.bib"
    if isinstance(error, frictionless.errors.ConstraintError) and field == "copy_read" and "pattern" in error.note:
        return f"{cell!r} is not a list of citation keys of book/references.bib separated by ';'"
    if isinstance(error, frictionless.errors.ConstraintError):
        if error.note.startswith('constraint "required"'):
            return "a value is required but the cell is empty"
        if error.note.startswith('constraint "enum"'):
            allowed = next(f for f in res["schema"]["fields"] if f["name"] == field)["constraints"]["enum"]
            return f"{cell!r} is not one of: {', '.join(map(str, allowed))}"
        return f"{cell!r} does not satisfy the {error.note}"
    if isinstance(error, frictionless.errors.ForeignKeyError):
        values = ", ".join(repr(v) for v in error.field_cells)
        return f"{values} not found in resource {error.reference_name!r} (column {', '.join(error.reference_field_names)})"
    if isinstance(error, frictionless.errors.RowConstraintError):
        for rule in res.get(ROW_CONSTRAINTS, []):
            if rule["formula"] in error.note:
                return f"{rule.get('message', 'row rule violated')} (rule: {rule['formula']})"
    if isinstance(error, (frictionless.errors.ExtraLabelError, frictionless.errors.BlankLabelError)) and not error.label:
        return f"column {error.field_number} has no name: delete the empty columns after the last one"
    if isinstance(error, frictionless.errors.ExtraLabelError):
        return f"unexpected column {error.label!r}: the schema does not declare it"
    if isinstance(error, frictionless.errors.MissingLabelError):
        return "column missing from the file"
    if isinstance(error, frictionless.errors.IncorrectLabelError):
        return f"header has {error.label!r} where the schema expects {field!r}"
    if isinstance(error, frictionless.errors.TypeError):
        kind = _field_type(res, field)
        return f"{cell!r} is not a valid {kind}{_TYPE_HINTS.get(kind.split(' ')[0], '')}"
    if isinstance(error, frictionless.errors.BlankRowError):
        return "the line is empty: delete it"
    if isinstance(error, (_CellTextError, _RepeatedHeaderError)):
        return error.note
    return error.message


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


def _format_error(res: dict, where: str, error, unit: str = "line", lines: list[int] | None = None) -> str:
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
    return f"{', '.join(parts)}: {_describe(res, error)}"


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
        if isinstance(e, (_RepeatedHeaderError, frictionless.errors.MissingCellError,
                          frictionless.errors.ExtraCellError, frictionless.errors.BlankRowError)):
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


def _validated_rows(fres: frictionless.Resource, res: dict) -> tuple[list[list], list, bool]:
    """Validate a frictionless resource; returns its rows as frictionless typed them, the
    first :data:`MAX_PROBLEMS` errors, and whether there were more (or may be more)."""
    rows: list[list] = []
    with frictionless.system.use_context(trusted=True):
        report = fres.validate(_checklist(res), limit_errors=5 * MAX_PROBLEMS,  # several may fold into one
                               on_row=lambda row: rows.append(row.to_list()))
    errors = _one_per_row([e for task in report.tasks for e in task.errors] + list(report.errors))
    partial = any("error limit" in w for task in report.tasks for w in task.warnings)
    return rows, errors[:MAX_PROBLEMS], partial or len(errors) > MAX_PROBLEMS


def _frame(rows: list[list], fields: list[dict]) -> pd.DataFrame:
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
            frame[field["name"]] = pd.array(list(values), dtype=_DTYPES.get(kind, "string"))
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
        raise DataError(f"{where}, line {line}: the file is UTF-16 (or binary), not UTF-8 text: "
                        f"save it as \"CSV UTF-8\"")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = " (header)"
        if line > 1:
            header = next(csv.reader([raw[: raw.find(b"\n")].decode("utf-8-sig", "replace")]))
            before = raw[start:exc.start].decode("utf-8", "replace")
            index = len(next(csv.reader([before]), [""])) - 1 if before else 0
            column = f", column {header[index]!r}" if index < len(header) else ""
        raise DataError(f"{where}, line {line}{column}: byte 0x{raw[exc.start]:02X} is not UTF-8 text: the file "
                        f"is in another encoding (Windows-1251, say); save it as \"CSV UTF-8\"") from None


_OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _check_header(text: str, fields: list[dict], where: str) -> None:
    """Refuse, in one sentence, a first line that is not a comma-separated header at all (the
    validator would report every column of the schema as missing)."""
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    names = [f["name"] for f in fields]
    for sep, name in _OTHER_SEPARATORS.items():
        if first.count(sep) >= len(names) - 1 > first.count(","):
            raise DataError(f"{where}, line 1 (header): the columns are separated by {name}; the package's "
                            f"files separate them by commas (save as \"CSV UTF-8 (comma delimited)\")")
    labels = {label.strip() for label in next(csv.reader([first]), [])}
    if not labels & set(names):
        raise DataError(f"{where}, line 1 (header): {first[:60]!r} is not the header; the first line must name "
                        f"the columns {', '.join(names)} (a title above the table?)")


def _record_starts(text: str) -> list[int]:
    """For each row number (1 = header), the file line it starts on."""
    starts = [0, 1]
    reader = csv.reader(io.StringIO(text, newline=""))
    for _ in reader:
        starts.append(reader.line_num + 1)
    return starts


def _read_csv(res: dict, path: Path, table) -> pd.DataFrame:
    """Read and validate a CSV file: ``res`` is its descriptor (name, schema, row rules) and
    ``table()`` the frictionless resource to validate. Returns the typed table."""
    where = f"resource {res['name']!r}, file {_rel(path)}"
    text = _text(path, where)
    fields = res["schema"]["fields"]
    _check_header(text, fields, where)
    try:
        rows, errors, partial = _validated_rows(table(), res)
    except DataError:
        raise
    except Exception as exc:  # whatever else frictionless could not read is still the file's problem
        raise DataError(f"{where}: cannot be read as CSV ({exc})") from None
    if errors:
        lines = _record_starts(text)
        found = [_format_error(res, f"file {_rel(path)}", e, lines=lines) for e in errors]
        more = f" (the first {MAX_PROBLEMS})" if partial else ""
        raise DataError(f"{len(found)} problem(s){more} in {_rel(path)}:\n  " + "\n  ".join(found))
    return _frame(rows, fields)


#: The typed table of each file validated in this process, with the signature it was validated
#: under (resource, descriptor, hashes of the files involved): a chapter loads the same tables
#: many times, and a file is validated again only when one of those files changed.
_FRAMES: dict[tuple, tuple[tuple, pd.DataFrame]] = {}


def _cached(res: dict, files: list[Path], read) -> pd.DataFrame:
    """A copy of the table ``read()`` returns for ``files[0]``, read again only when ``res`` or
    one of ``files`` changed."""
    signature = _signature(res, files)
    key = (res["name"], str(files[0]))
    if key not in _FRAMES or _FRAMES[key][0] != signature:
        _FRAMES[key] = (signature, read())
    return _FRAMES[key][1].copy()


def _signature(res: dict, files: list[Path]) -> tuple:
    digests = tuple((str(f.resolve()), hashlib.sha1(f.read_bytes()).hexdigest() if f.is_file() else None)
                    for f in files)
    return (res["name"], json.dumps(res, sort_keys=True), digests)


def _record_foreign_inputs(res: dict, datapackage: Path, listed: list[dict] | None = None) -> list[Path]:
    """Record (and return) the files of the resources this one refers to by foreign key."""
    files = []
    for fk in res.get("schema", {}).get("foreignKeys", []):
        target = fk["reference"].get("resource")
        if target:
            files.append(datapackage.parent / resource(target, datapackage, listed=listed)["path"])
            _record_input(files[-1])
    return files


def _load_referenced(res: dict, datapackage: Path, bibfile: Path) -> None:
    """Load (so validate) the tables ``res`` refers to by foreign key: a bad referenced file is
    reported as itself, not as a foreign-key error on every row that refers to it."""
    for fk in res.get("schema", {}).get("foreignKeys", []):
        target = fk["reference"].get("resource")
        if target and target != res["name"]:
            load(target, datapackage=datapackage, bibfile=bibfile)


def load(name: str, *, datapackage: Path | None = None, bibfile: Path | None = None) -> pd.DataFrame:
    """Validate resource ``name`` against its schema and return it as a typed DataFrame.

    Dtypes follow the Table Schema: string -> ``string``, integer/year -> ``Int64``,
    number -> ``Float64``, boolean -> ``boolean``, date -> ``datetime64``; the values are those
    frictionless read while validating. Empty cells are missing values (``<NA>``); nothing is
    filled or dropped. Raises :class:`DataError` (and no other exception) naming the resource,
    file, line and column of each problem.
    """
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    bibfile = Path(bibfile or paths.BIBLIOGRAPHY)
    listed = resources(datapackage)
    res = resource(name, datapackage, listed=listed)
    if res.get("format", Path(res["path"]).suffix.lstrip(".")) != "csv":
        raise DataError(f"resource {name!r} is not a CSV table; use load_geo() for {res['path']}")
    path = datapackage.parent / res["path"]
    _record_input(path)
    foreign = _record_foreign_inputs(res, datapackage, listed)
    _load_referenced(res, datapackage, bibfile)

    def read() -> pd.DataFrame:
        return _read_csv(res, path, lambda: _package(datapackage, bibfile, only=[name]).get_resource(name))

    return _cached(res, [path, datapackage, bibfile, *foreign], read)


def load_microdata(path, schema: str, *, references: dict[str, Path] | None = None,
                   datapackage: Path | None = None) -> pd.DataFrame:
    """Validate a CSV file outside the package against one of :func:`microdata_schemas` and
    return it typed, exactly as :func:`load` reads a resource (same format, checks and errors).

    ``references``: files of the schemas this one refers to by foreign key, by schema name;
    a foreign key is checked only when its file is given. The file (and each reference) is
    recorded as an input of the page that reads it.
    """
    schemas = microdata_schemas(datapackage)
    if schema not in schemas:
        raise DataError(f"no documented schema {schema!r}; known: {', '.join(sorted(schemas))}")
    path = Path(path).resolve()
    _record_input(path)
    references = {k: Path(v).resolve() for k, v in (references or {}).items() if v is not None}
    for other in references.values():
        _record_input(other)

    def descriptor(name: str, file: Path) -> dict:
        table = {k: v for k, v in schemas[name].items() if k not in ("title", "description")}
        if name != schema or not any(fk["reference"]["resource"] in references for fk in table.get("foreignKeys", [])):
            table.pop("foreignKeys", None)
        return {"name": name, "path": os.path.relpath(file, path.parent), "format": "csv",
                "encoding": ENCODING, "dialect": CSV_DIALECT, "schema": table}

    res = descriptor(schema, path)
    for name, other in references.items():       # a referenced file is checked by itself first
        load_microdata(other, name, datapackage=datapackage)
    tables = [res] + [descriptor(name, file) for name, file in references.items()]

    def table() -> frictionless.Resource:
        with frictionless.system.use_context(trusted=True):  # the files may sit anywhere the reader chose
            return frictionless.Package({"resources": tables}, basepath=str(path.parent)).get_resource(schema)

    return _cached(res, [path, *references.values()], lambda: _read_csv(res, path, table))


def load_geo(name: str, *, datapackage: Path | None = None, bibfile: Path | None = None):
    """Validate a GeoJSON resource and return it as a GeoDataFrame in EPSG:4326.

    The file must be a FeatureCollection whose features all have a valid geometry; their
    properties are validated with frictionless against the resource's schema (types,
    constraints, primary and foreign keys, bibliography keys), one feature per row, and the
    table is built from the values frictionless read.
    """
    import geopandas as gpd
    import shapely.geometry

    datapackage = Path(datapackage or paths.DATAPACKAGE)
    bibfile = Path(bibfile or paths.BIBLIOGRAPHY)
    res = resource(name, datapackage)
    path = datapackage.parent / res["path"]
    where = f"resource {name!r}, file {_rel(path)}"
    _record_input(path)
    if not path.is_file():
        raise DataError(f"resource {name!r}: file {_rel(path)} not found")
    if not path.read_bytes().strip():
        raise DataError(f"{where}: the file is empty")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise DataError(f"{where}: not UTF-8 text") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError(f"{where}: not a GeoJSON FeatureCollection")
    if not doc["features"]:
        raise DataError(f"{where}: the FeatureCollection has no features")
    crs = (doc.get("crs") or {}).get("properties", {}).get("name")
    if crs and not crs.endswith(("CRS84", "4326")):
        raise DataError(f"{where}: expected longitude/latitude coordinates (EPSG:4326), the file declares {crs}")
    fields = [f["name"] for f in res["schema"]["fields"]]
    rows, geometries = [], []
    for i, feature in enumerate(doc["features"], start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataError(f"{where}, feature {i}: not a GeoJSON Feature")
        props = feature.get("properties") or {}
        unknown = sorted(set(props) - set(fields))
        if unknown:
            raise DataError(f"{where}, feature {i}, column {unknown[0]!r}: unexpected property: the schema does not declare it")
        try:
            geom = shapely.geometry.shape(feature["geometry"])
        except Exception as exc:  # missing, null or malformed geometry
            raise DataError(f"{where}, feature {i}: no readable geometry ({exc or type(exc).__name__})") from None
        if geom.is_empty or not geom.is_valid:
            from shapely.validation import explain_validity
            raise DataError(f"{where}, feature {i}: invalid geometry ({explain_validity(geom)})")
        minx, miny, maxx, maxy = geom.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise DataError(f"{where}, feature {i}: coordinates outside longitude/latitude range (EPSG:4326 expected)")
        rows.append([props.get(f) for f in fields])
        geometries.append(geom)
    inline = copy.deepcopy(res)
    for key in ("path", "format", "mediatype", "encoding", "dialect"):
        inline.pop(key, None)
    inline.update(name=f"{name}__properties", data=[fields, *rows])
    _record_foreign_inputs(res, datapackage)
    _load_referenced(res, datapackage, bibfile)
    package = _package(datapackage, bibfile, extra=inline, only=[inline["name"]])
    typed, errors, _ = _validated_rows(package.get_resource(inline["name"]), res)
    if errors:
        lines = [_format_error(res, f"file {_rel(path)}", e, unit="feature") for e in errors]
        raise DataError(f"{len(lines)} problem(s) in {_rel(path)}:\n  " + "\n  ".join(lines))
    return gpd.GeoDataFrame(_frame(typed, res["schema"]["fields"]), geometry=geometries, crs="EPSG:4326")


def catalogue(datapackage: Path | None = None) -> pd.DataFrame:
    """One row per resource: what it holds, its size, years, sources, the copies they were read in
    (``copies``) and licence.

    Every resource is loaded (and so validated) to count its rows and statuses.
    """
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    rows = []
    for res in resources(datapackage):
        geo = res.get("format") == "geojson"
        frame = (load_geo if geo else load)(res["name"], datapackage=datapackage)
        rows.append({
            "name": res["name"], "title": res.get("title", ""), "path": res["path"],
            "description": res.get("description", ""),
            "licence": ", ".join(_licence(lic) for lic in res.get("licenses", [])),
            "rows": len(frame),
            "years": _years(frame),
            "sources": sorted(frame["source"].dropna().unique()) if "source" in frame else [],
            "copies": sorted({k for c in frame["copy_read"].dropna() for k in c.split(";")}) if "copy_read" in frame else [],
            "statuses": frame["status"].value_counts().to_dict() if "status" in frame else {},
        })
    return pd.DataFrame(rows)


def _licence(lic: dict) -> str:
    """A licence's short identifier (CC-BY-4.0, ISC...), or its title when it has none."""
    name = lic.get("name", "")
    return lic.get("title", name) if not name or name.startswith("other") else name


def _years(frame: pd.DataFrame) -> str:
    """The span of the years a table covers, from its year or date columns ('' if none)."""
    years = []
    for col, dtype in frame.dtypes.items():
        if col == "year" or str(col).endswith("_year"):
            years.append(frame[col].dropna())
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            years.append(frame[col].dropna().dt.year)
    years = pd.concat(years) if years else pd.Series(dtype="Int64")
    if years.empty:
        return ""
    lo, hi = int(years.min()), int(years.max())
    return str(lo) if lo == hi else f"{lo}–{hi}"


def columns(name: str, datapackage: Path | None = None) -> pd.DataFrame:
    """The column dictionary of a resource: name, type, meaning (with units), constraints."""
    return schema_columns(resource(name, datapackage)["schema"])


def schema_columns(schema: dict) -> pd.DataFrame:
    """The column dictionary of a Table Schema (a resource's, or one of :func:`microdata_schemas`)."""
    keys = set(schema.get("primaryKey", []))
    refs = {f: fk["reference"] for fk in schema.get("foreignKeys", []) for f in fk["fields"]}
    rows = []
    for field in schema["fields"]:
        cons = dict(field.get("constraints", {}))
        notes = []
        if cons.pop("required", False):
            notes.append("required")
        if cons.pop("unique", False):
            notes.append("unique")
        if field["name"] in keys:
            notes.append("primary key")
        if field["name"] in refs:
            ref = refs[field["name"]]
            notes.append(f"refers to {ref['resource']}.{', '.join(ref['fields'])}")
        if "enum" in cons:
            notes.append("one of: " + ", ".join(map(str, cons.pop("enum"))))
        for k in ("minimum", "maximum", "pattern"):
            if k in cons:
                notes.append(f"{k} {cons.pop(k)}")
        if field.get("format"):
            notes.append(f"format {field['format']}")
        rows.append({"column": field["name"], "type": field.get("type", "string"),
                     "description": field.get("description", ""), "constraints": "; ".join(notes)})
    return pd.DataFrame(rows)


def microdata_schemas(datapackage: Path | None = None) -> dict[str, dict]:
    """Table Schemas for data the package does not hold yet (``data/schemas/*.json``), by name.

    They document where respondent-level survey answers would go; a file following one of
    them can be added to the package as a resource with that schema.
    """
    folder = Path(datapackage or paths.DATAPACKAGE).parent / "schemas"
    schemas = {}
    for path in sorted(folder.glob("*.json")):
        _record_input(path)
        schemas[path.stem] = _read_json(path)
    return schemas


def dictionary(datapackage: Path | None = None, shared_by: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The column dictionaries of every resource, each column described identically by several
    resources given only once.

    Returns ``(shared, own)``: ``shared`` has a row per column that at least ``shared_by``
    resources describe identically (same name, type, meaning and constraints), with the
    ``resources`` that do; ``own`` has every other column of every resource (``resource`` first),
    in the order of the package.
    """
    frames = [columns(res["name"], datapackage).assign(resource=res["name"]) for res in resources(datapackage)]
    every = pd.concat(frames, ignore_index=True)
    same = ["column", "type", "description", "constraints"]
    users = every.groupby(same, sort=False)["resource"].agg(list).reset_index()
    shared = users[users["resource"].map(len) >= shared_by].rename(columns={"resource": "resources"})
    own = every.merge(shared[same], on=same, how="left", indicator=True)
    own = own[own["_merge"] == "left_only"].drop(columns="_merge")
    return shared.reset_index(drop=True), own[["resource", *same]].reset_index(drop=True)
