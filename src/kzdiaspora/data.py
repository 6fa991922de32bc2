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
nothing is filled, dropped or guessed. How a table is checked and its problems put in words is
:mod:`kzdiaspora.validation`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from pathlib import Path

import frictionless
import pandas as pd

from . import i18n, paths, validation
from .descriptors import DESCRIBED, described, described_resource, described_schema, text_slots
from .validation import ROW_CONSTRAINTS, DataError, rel

__all__ = [
    "DataError",
    "load",
    "load_geo",
    "load_microdata",
    "resource",
    "resources",
    "bib_keys",
    "TRANSLATED",
    "translated",
    "DESCRIBED",
    "described",
    "described_resource",
    "described_schema",
    "descriptor_texts",
    "microdata_schemas",
    "observed",
    "record_input",
]


#: The text columns of the data package that the pages show to readers (labels, descriptions,
#: notes), by resource: on a page in another language :func:`translated` gives them from the
#: library's catalog, where ``python -m kzdiaspora_book.catalogs`` collects their values. A
#: correction of a value in the data never touches a translation of the prose.
TRANSLATED: dict[str, tuple[str, ...]] = {
    "claims": ("description", "reading", "printed", "basis_reason", "tolerance_reason", "note", "locator"),
    "claim_readings": ("reading", "basis_reason", "tolerance_reason", "note"),
    "concept_periods": ("description",),
    "context_figures": ("description",),
    "diaspora_estimates": ("definition",),
    "institutions": ("name", "note"),
    "kazakh_schooling": ("scope", "note"),
    "policy": ("title", "issuer", "for_diaspora"),
    "press_codebook": ("label", "definition", "example"),
}

#: Row statuses allowed in every transcribed table (see the methods chapter).
STATUSES = ("official", "census", "estimate", "model", "attributed", "derived", "stated-by-authors", "inferred")

#: Statuses of values read in a publication: what a count of figures, releases or estimates found
#: counts (never a value of ours, derived or inferred, nor one of the article's own).
OBSERVED = ("official", "census", "estimate", "model", "attributed")

#: The CSV dialect (Table Schema / CSV Dialect terms) and encoding of every CSV file the book
#: reads: each CSV resource of datapackage.json declares them, and respondent-level files
#: given to :func:`load_microdata` are read with them.
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "skipInitialSpace": False, "header": True}
ENCODING = "utf-8"


#: Set by the book's runner: a file where each page records the inputs it read, so the
#: page is re-executed when (and only when) one of them changes.
INPUTS_LOG_ENV = "BOOK_INPUTS_LOG"


def observed(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` whose ``status`` is one of :data:`OBSERVED`: values found in a
    publication, as opposed to the article's own figures and values derived or inferred here."""
    return frame[frame["status"].isin(OBSERVED)]


def record_input(path: Path) -> None:
    """Record that the page being built read ``path`` (the runner executes the page again when
    the file changes); nothing outside a build."""
    log = os.environ.get(INPUTS_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{Path(path).resolve()}\n")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{rel(path)}: file not found") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{rel(path)}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None


_BIB_KEY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def bib_keys(bibfile: Path | None = None) -> list[str]:
    """The citation keys of the bibliography, in file order."""
    bibfile = Path(bibfile or paths.BIBLIOGRAPHY)
    record_input(bibfile)
    try:
        return _BIB_KEY.findall(bibfile.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{rel(bibfile)}: the bibliography cannot be read ({exc})") from None


def _descriptor(datapackage: Path) -> dict:
    record_input(datapackage)
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
    raise DataError(f"no resource named {name!r} in {rel(Path(datapackage or paths.DATAPACKAGE))}; known: {known}")


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


def _package(
    datapackage: Path, bibfile: Path, extra: dict | None = None, only: list[str] | None = None
) -> frictionless.Package:
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
    digests = tuple(
        (str(f.resolve()), hashlib.sha1(f.read_bytes()).hexdigest() if f.is_file() else None) for f in files
    )
    return (res["name"], json.dumps(res, sort_keys=True), digests)


def _record_foreign_inputs(res: dict, datapackage: Path, listed: list[dict] | None = None) -> list[Path]:
    """Record (and return) the files of the resources this one refers to by foreign key."""
    files = []
    for fk in res.get("schema", {}).get("foreignKeys", []):
        target = fk["reference"].get("resource")
        if target:
            files.append(datapackage.parent / resource(target, datapackage, listed=listed)["path"])
            record_input(files[-1])
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
    record_input(path)
    foreign = _record_foreign_inputs(res, datapackage, listed)
    _load_referenced(res, datapackage, bibfile)

    def read() -> pd.DataFrame:
        return validation.read_csv(res, path, lambda: _package(datapackage, bibfile, only=[name]).get_resource(name))

    return _cached(res, [path, datapackage, bibfile, *foreign], read)


def load_microdata(
    path, schema: str, *, references: dict[str, Path] | None = None, datapackage: Path | None = None
) -> pd.DataFrame:
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
    record_input(path)
    references = {k: Path(v).resolve() for k, v in (references or {}).items() if v is not None}
    for other in references.values():
        record_input(other)

    def descriptor(name: str, file: Path) -> dict:
        table = {k: v for k, v in schemas[name].items() if k not in ("title", "description")}
        if name != schema or not any(fk["reference"]["resource"] in references for fk in table.get("foreignKeys", [])):
            table.pop("foreignKeys", None)
        return {
            "name": name,
            "path": os.path.relpath(file, path.parent),
            "format": "csv",
            "encoding": ENCODING,
            "dialect": CSV_DIALECT,
            "schema": table,
        }

    res = descriptor(schema, path)
    for name, other in references.items():  # a referenced file is checked by itself first
        load_microdata(other, name, datapackage=datapackage)
    tables = [res] + [descriptor(name, file) for name, file in references.items()]

    def table() -> frictionless.Resource:
        with frictionless.system.use_context(trusted=True):  # the files may sit anywhere the reader chose
            return frictionless.Package({"resources": tables}, basepath=str(path.parent)).get_resource(schema)

    return _cached(res, [path, *references.values()], lambda: validation.read_csv(res, path, table))


def _feature_collection(path: Path, where: str) -> dict:
    """The GeoJSON FeatureCollection in ``path``, with features, in longitude/latitude."""
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
    return doc


def _feature(feature, number: int, fields: list[str], where: str, shapely) -> tuple[list, object]:
    """One feature's properties (in the order of ``fields``) and its geometry, checked."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise DataError(f"{where}, feature {number}: not a GeoJSON Feature")
    props = feature.get("properties") or {}
    unknown = sorted(set(props) - set(fields))
    if unknown:
        raise DataError(
            f"{where}, feature {number}, column {unknown[0]!r}: unexpected property: the schema does not declare it"
        )
    try:
        geom = shapely.geometry.shape(feature["geometry"])
    except Exception as exc:  # missing, null or malformed geometry
        raise DataError(f"{where}, feature {number}: no readable geometry ({exc or type(exc).__name__})") from None
    if geom.is_empty or not geom.is_valid:
        raise DataError(f"{where}, feature {number}: invalid geometry ({shapely.validation.explain_validity(geom)})")
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise DataError(f"{where}, feature {number}: coordinates outside longitude/latitude range (EPSG:4326 expected)")
    return [props.get(f) for f in fields], geom


def load_geo(name: str, *, datapackage: Path | None = None, bibfile: Path | None = None):
    """Validate a GeoJSON resource and return it as a GeoDataFrame in EPSG:4326.

    The file must be a FeatureCollection whose features all have a valid geometry; their
    properties are validated with frictionless against the resource's schema (types,
    constraints, primary and foreign keys, bibliography keys), one feature per row, and the
    table is built from the values frictionless read.
    """
    # imported here: only the pages that draw a map need geopandas, a long import
    import geopandas as gpd
    import shapely.geometry
    import shapely.validation

    datapackage = Path(datapackage or paths.DATAPACKAGE)
    bibfile = Path(bibfile or paths.BIBLIOGRAPHY)
    res = resource(name, datapackage)
    path = datapackage.parent / res["path"]
    where = f"resource {name!r}, file {rel(path)}"
    record_input(path)
    if not path.is_file():
        raise DataError(f"resource {name!r}: file {rel(path)} not found")
    doc = _feature_collection(path, where)
    fields = [f["name"] for f in res["schema"]["fields"]]
    checked = [_feature(f, i, fields, where, shapely) for i, f in enumerate(doc["features"], start=1)]
    inline = copy.deepcopy(res)
    for key in ("path", "format", "mediatype", "encoding", "dialect"):
        inline.pop(key, None)
    inline.update(name=f"{name}__properties", data=[fields, *(row for row, _ in checked)])
    _record_foreign_inputs(res, datapackage)
    _load_referenced(res, datapackage, bibfile)
    package = _package(datapackage, bibfile, extra=inline, only=[inline["name"]])
    typed, errors, _ = validation.validated_rows(package.get_resource(inline["name"]), res)
    if errors:
        lines = [validation.format_error(res, f"file {rel(path)}", e, unit="feature") for e in errors]
        raise DataError(f"{len(lines)} problem(s) in {rel(path)}:\n  " + "\n  ".join(lines))
    return gpd.GeoDataFrame(
        validation.frame(typed, res["schema"]["fields"]), geometry=[g for _, g in checked], crs="EPSG:4326"
    )


def microdata_schemas(datapackage: Path | None = None) -> dict[str, dict]:
    """Table Schemas for data the package does not hold yet (``data/schemas/*.json``), by name.

    They document where respondent-level survey answers would go; a file following one of
    them can be added to the package as a resource with that schema.
    """
    folder = Path(datapackage or paths.DATAPACKAGE).parent / "schemas"
    schemas = {}
    for path in sorted(folder.glob("*.json")):
        record_input(path)
        schemas[path.stem] = _read_json(path)
    return schemas


def translated(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A copy of ``frame`` (rows of resource ``name``) with its columns listed in
    :data:`TRANSLATED` in the current language (:func:`kzdiaspora.i18n.data_text`); the other
    columns and all missing values unchanged. Raises KeyError for a resource with no translated
    columns, so that a page cannot believe it translated what it did not."""
    columns = [c for c in TRANSLATED[name] if c in frame.columns]
    out = frame.copy()
    for column in columns:
        out[column] = out[column].map(lambda v: i18n.data_text(v, name, column), na_action="ignore")
    return out


def descriptor_texts(datapackage: Path | None = None):
    """Every title and description pages may show from the package's descriptors, for the
    catalogs: ``(file, text, kind)`` with ``file`` the descriptor's path relative to the
    project, ``kind`` one of :data:`DESCRIBED`; ``datapackage.json`` first (package, then each
    resource with its sources, licences and fields), then each schema of
    :func:`microdata_schemas`. Repeated texts are repeated."""
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    for path, descriptor, where in [
        (datapackage, _descriptor(datapackage), "package"),
        *(
            (datapackage.parent / "schemas" / f"{name}.json", schema, "schema")
            for name, schema in microdata_schemas(datapackage).items()
        ),
    ]:
        for mapping, key, kind in text_slots(descriptor, where):
            yield rel(path), mapping[key], kind
