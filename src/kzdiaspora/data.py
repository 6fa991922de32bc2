"""Loading the data package.

Every table the book uses is a resource of ``data/datapackage.json``. :func:`load` validates
the resource against its Table Schema with frictionless (types, constraints, primary and
foreign keys, and the ``source`` and ``copy_read`` keys, which must exist in
``book/references.bib``) and returns a DataFrame whose dtypes follow the schema. Anything
wrong stops the load with a :class:`DataError` naming the resource, file, line and column.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import frictionless
import pandas as pd

from . import paths

__all__ = ["DataError", "load", "load_geo", "resource", "resources", "bib_keys", "catalogue", "columns", "schema_columns", "microdata_schemas",
           "observed"]

#: Descriptor property holding a resource's row-level rules (``formula`` for frictionless'
#: row_constraint check, ``message`` shown when a row breaks it).
ROW_CONSTRAINTS = "rowConstraints"

#: Row statuses allowed in every transcribed table (see the methods chapter).
STATUSES = ("official", "census", "estimate", "model", "attributed", "derived", "stated-by-authors", "inferred")

#: Statuses of values read in a publication: what a count of figures, releases or estimates found
#: counts (never a value of ours, derived or inferred, nor one of the paper's own).
OBSERVED = ("official", "census", "estimate", "model", "attributed")

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
    return _BIB_KEY.findall(bibfile.read_text(encoding="utf-8"))


def _descriptor(datapackage: Path) -> dict:
    _record_input(datapackage)
    return _read_json(datapackage)


def resources(datapackage: Path | None = None) -> list[dict]:
    """The resource descriptors of the package, in the order they are listed."""
    return _descriptor(Path(datapackage or paths.DATAPACKAGE)).get("resources", [])


def resource(name: str, datapackage: Path | None = None) -> dict:
    """The descriptor of one resource (path, title, sources, schema...)."""
    for res in resources(datapackage):
        if res.get("name") == name:
            return res
    known = ", ".join(r.get("name", "?") for r in resources(datapackage))
    raise DataError(f"no resource named {name!r} in {_rel(Path(datapackage or paths.DATAPACKAGE))}; known: {known}")


def _package(datapackage: Path, bibfile: Path, extra: dict | None = None) -> frictionless.Package:
    """The package as frictionless sees it: ``source`` columns may only hold a bibliography key,
    ``copy_read`` columns only bibliography keys separated by ``;``.

    ``extra`` is an additional (inline) resource descriptor, used to validate GeoJSON properties
    against their schema, foreign keys included.
    """
    descriptor = copy.deepcopy(_descriptor(datapackage))
    if extra:
        descriptor["resources"].append(extra)
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


def _checklist(res: dict) -> frictionless.Checklist:
    """Row-level rules of a resource (``rowConstraints`` in its descriptor), checked by frictionless."""
    return frictionless.Checklist(checks=[
        frictionless.checks.row_constraint(formula=rule["formula"]) for rule in res.get(ROW_CONSTRAINTS, [])
    ])


def _describe(res: dict, error) -> str:
    """What is wrong, in words that name our columns and rules rather than frictionless internals."""
    field = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
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
    if isinstance(error, frictionless.errors.ExtraLabelError):
        return f"unexpected column {error.label!r}: the schema does not declare it"
    if isinstance(error, frictionless.errors.MissingLabelError):
        return "column missing from the file"
    if isinstance(error, frictionless.errors.IncorrectLabelError):
        return f"header has {error.label!r} where the schema expects {field!r}"
    if isinstance(error, frictionless.errors.TypeError):
        return f"{cell!r} is not a valid {_field_type(res, field)}"
    return error.message


def _field_type(res: dict, name: str | None) -> str:
    for field in res.get("schema", {}).get("fields", []):
        if field["name"] == name:
            return f"{field.get('type', 'string')}" + (f" ({field['format']})" if field.get("format") else "")
    return "value"


def _format_error(res: dict, where: str, error, unit: str = "line") -> str:
    """``resource 'x', file data/x.csv, line 7, column 'year': what is wrong``."""
    parts = [f"resource {res['name']!r}", where]
    row = getattr(error, "row_number", None)
    if row:
        parts.append(f"{unit} {row - 1 if unit == 'feature' else row}")
    elif isinstance(error, frictionless.errors.LabelError):
        parts.append("line 1 (header)" if unit == "line" else "properties")
    field = getattr(error, "field_name", None)
    fields = getattr(error, "field_names", None)
    if field:
        parts.append(f"column {field!r}")
    elif fields:
        parts.append(f"column {', '.join(repr(f) for f in fields)}")
    return f"{', '.join(parts)}: {_describe(res, error)}"


def _report(fres: frictionless.Resource, res: dict) -> list:
    with frictionless.system.use_context(trusted=True):
        report = fres.validate(_checklist(res), limit_errors=20)
    return [e for task in report.tasks for e in task.errors] + list(report.errors)


#: Signatures (resource, descriptor, hashes of the files involved) of each successful
#: validation in this process: a chapter loads the same tables many times, and they are
#: validated again only when one of those files changes.
_VALIDATED: set[tuple] = set()
#: The typed table of each validated signature; :func:`load` hands out copies.
_FRAMES: dict[tuple, pd.DataFrame] = {}


def _signature(res: dict, files: list[Path]) -> tuple:
    digests = tuple((str(f.resolve()), hashlib.sha1(f.read_bytes()).hexdigest()) for f in files)
    return (res["name"], json.dumps(res, sort_keys=True), digests)


def _validate(res: dict, datapackage: Path, bibfile: Path) -> tuple:
    """Validate a resource (unless these very files were validated before); returns its signature."""
    base = datapackage.parent
    path = base / res["path"]
    if not path.is_file():
        raise DataError(f"resource {res['name']!r}: file {_rel(path)} not found")
    foreign = _record_foreign_inputs(res, datapackage)
    signature = _signature(res, [path, datapackage, bibfile, *foreign])
    if signature in _VALIDATED:
        return signature
    if not path.read_bytes().strip():
        raise DataError(f"resource {res['name']!r}, file {_rel(path)}: the file is empty")
    package = _package(datapackage, bibfile)
    errors = _report(package.get_resource(res["name"]), res)
    if errors:
        lines = [_format_error(res, f"file {_rel(path)}", e) for e in errors]
        raise DataError(f"{len(lines)} problem(s) in {_rel(path)}:\n  " + "\n  ".join(lines))
    _VALIDATED.add(signature)
    return signature


def _record_foreign_inputs(res: dict, datapackage: Path) -> list[Path]:
    """Record (and return) the files of the resources this one refers to by foreign key."""
    files = []
    for fk in res.get("schema", {}).get("foreignKeys", []):
        target = fk["reference"].get("resource")
        if target:
            files.append(datapackage.parent / resource(target, datapackage)["path"])
            _record_input(files[-1])
    return files


def load(name: str, *, datapackage: Path | None = None, bibfile: Path | None = None) -> pd.DataFrame:
    """Validate resource ``name`` against its schema and return it as a typed DataFrame.

    Dtypes follow the Table Schema: string -> ``string``, integer/year -> ``Int64``,
    number -> ``Float64``, boolean -> ``boolean``, date -> ``datetime64``. Empty cells are
    missing values (``<NA>``); nothing is filled or dropped.
    """
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    bibfile = Path(bibfile or paths.BIBLIOGRAPHY)
    res = resource(name, datapackage)
    if res.get("format", Path(res["path"]).suffix.lstrip(".")) != "csv":
        raise DataError(f"resource {name!r} is not a CSV table; use load_geo() for {res['path']}")
    path = datapackage.parent / res["path"]
    _record_input(path)
    signature = _validate(res, datapackage, bibfile)
    if signature not in _FRAMES:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
        _FRAMES[signature] = _typed(frame, res["schema"]["fields"])
    return _FRAMES[signature].copy()


def _typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Apply the schema's types to a frame of strings (already validated, so conversions cannot fail)."""
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        if kind == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif kind == "boolean":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
        elif kind in ("integer", "year"):
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")
        elif kind == "number":
            frame[col] = pd.to_numeric(frame[col]).astype("Float64")
        else:
            frame[col] = frame[col].astype(_DTYPES.get(kind, "string"))
    return frame


def load_geo(name: str, *, datapackage: Path | None = None, bibfile: Path | None = None):
    """Validate a GeoJSON resource and return it as a GeoDataFrame in EPSG:4326.

    The file must be a FeatureCollection whose features all have a valid geometry; their
    properties are validated with frictionless against the resource's schema (types,
    constraints, primary and foreign keys, bibliography keys), one feature per row.
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
    inline.pop("path"), inline.pop("format", None), inline.pop("mediatype", None), inline.pop("encoding", None)
    inline.update(name=f"{name}__properties", data=[fields, *rows])
    package = _package(datapackage, bibfile, extra=inline)
    _record_foreign_inputs(res, datapackage)
    errors = _report(package.get_resource(inline["name"]), res)
    if errors:
        lines = [_format_error(res, f"file {_rel(path)}", e, unit="feature") for e in errors]
        raise DataError(f"{len(lines)} problem(s) in {_rel(path)}:\n  " + "\n  ".join(lines))
    as_text = [[None if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in row] for row in rows]
    frame = _typed(pd.DataFrame(as_text, columns=fields), res["schema"]["fields"])
    return gpd.GeoDataFrame(frame, geometry=geometries, crs="EPSG:4326")


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
