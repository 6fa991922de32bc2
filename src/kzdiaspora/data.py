"""Loading the data package.

Every table the book uses is a resource of ``data/datapackage.json``. :func:`load` validates
the resource against its Table Schema with frictionless (types, constraints, primary and
foreign keys, and ``source`` keys that must exist in ``book/references.bib``) and returns a
DataFrame whose dtypes follow the schema. Anything wrong stops the load with a
:class:`DataError` naming the resource, file, line and column.
"""
from __future__ import annotations

import copy
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import frictionless
import pandas as pd

from . import paths

__all__ = ["DataError", "load", "load_geo", "resource", "resources", "bib_keys"]

#: Row statuses allowed in every transcribed table (see the methods chapter).
STATUSES = ("official", "census", "estimate", "model", "derived", "stated-by-authors", "inferred")

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


def _package(datapackage: Path, bibfile: Path) -> frictionless.Package:
    descriptor = copy.deepcopy(_descriptor(datapackage))
    keys = bib_keys(bibfile)
    for res in descriptor.get("resources", []):
        for field in res.get("schema", {}).get("fields", []):
            # a `source` column must name an entry of the bibliography
            if field.get("name") == "source":
                field.setdefault("constraints", {})["enum"] = keys
    return frictionless.Package(descriptor, basepath=str(datapackage.parent))


def _format_error(res: dict, base: Path, error) -> str:
    where = [f"resource {res['name']!r}", f"file {_rel(base / res['path'])}"]
    row = getattr(error, "row_number", None)
    if row:
        where.append(f"line {row}")
    field = getattr(error, "field_name", None)
    if field:
        where.append(f"column {field!r}")
    return f"{', '.join(where)}: {error.message}"


def _validate(res: dict, datapackage: Path, bibfile: Path) -> None:
    base = datapackage.parent
    path = base / res["path"]
    if not path.is_file():
        raise DataError(f"resource {res['name']!r}: file {_rel(path)} not found")
    if path.stat().st_size == 0:
        raise DataError(f"resource {res['name']!r}, file {_rel(path)}: the file is empty")
    package = _package(datapackage, bibfile)
    fres = package.get_resource(res["name"])
    for fk in res.get("schema", {}).get("foreignKeys", []):
        target = fk["reference"].get("resource")
        if target:
            _record_input(base / resource(target, datapackage)["path"])
    with frictionless.system.use_context(trusted=True):
        report = fres.validate(limit_errors=20)
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    if errors:
        lines = [_format_error(res, base, e) for e in errors]
        raise DataError(f"{len(lines)} problem(s) in {_rel(path)}:\n  " + "\n  ".join(lines))


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
    _validate(res, datapackage, bibfile)

    fields = res["schema"]["fields"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
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


def load_geo(name: str, *, datapackage: Path | None = None):
    """Read a GeoJSON resource as a GeoDataFrame in EPSG:4326, checking what the maps rely on."""
    import geopandas as gpd

    datapackage = Path(datapackage or paths.DATAPACKAGE)
    res = resource(name, datapackage)
    path = datapackage.parent / res["path"]
    _record_input(path)
    if not path.is_file():
        raise DataError(f"resource {name!r}: file {_rel(path)} not found")
    doc = _read_json(path)
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError(f"resource {name!r}, file {_rel(path)}: not a GeoJSON FeatureCollection")
    required = [f["name"] for f in res.get("schema", {}).get("fields", []) if f.get("constraints", {}).get("required")]
    for i, feature in enumerate(doc["features"], start=1):
        props = feature.get("properties") or {}
        missing = [k for k in required if props.get(k) in (None, "")]
        if missing:
            raise DataError(f"resource {name!r}, file {_rel(path)}, feature {i}: missing property {missing[0]!r}")
        if not feature.get("geometry"):
            raise DataError(f"resource {name!r}, file {_rel(path)}, feature {i}: no geometry")
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio's messages do not name our resource
        raise DataError(f"resource {name!r}, file {_rel(path)}: cannot be read as GeoJSON ({exc})") from exc
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        raise DataError(f"resource {name!r}, file {_rel(path)}, feature {int(invalid.idxmax()) + 1}: invalid geometry")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise DataError(f"resource {name!r}, file {_rel(path)}: expected EPSG:4326 coordinates, got {frame.crs}")
    return frame


def catalogue(datapackage: Path | None = None) -> pd.DataFrame:
    """One row per resource: what it holds, its size, years, sources and licence.

    Every table is loaded (and so validated) to count its rows and statuses.
    """
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    rows = []
    for res in resources(datapackage):
        entry = {
            "name": res["name"], "title": res.get("title", ""), "path": res["path"],
            "licence": ", ".join(lic.get("name", "") for lic in res.get("licenses", [])),
        }
        if res["path"].endswith(".csv"):
            frame = load(res["name"], datapackage=datapackage)
            entry["rows"] = len(frame)
            years = frame["year"].dropna() if "year" in frame else pd.Series(dtype="Int64")
            entry["years"] = f"{years.min()}–{years.max()}" if len(years) else ""
            entry["sources"] = sorted(frame["source"].dropna().unique()) if "source" in frame else []
            entry["statuses"] = frame["status"].value_counts().to_dict() if "status" in frame else {}
        else:
            frame = load_geo(res["name"], datapackage=datapackage)
            entry.update(rows=len(frame), years="", sources=[], statuses={})
        rows.append(entry)
    return pd.DataFrame(rows)
