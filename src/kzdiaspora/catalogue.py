"""The data package described for readers: its catalogue (one row per resource), the column
dictionary of every resource, and the rows of each resource by the status of their values."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import altair as alt
import pandas as pd

from . import bibliography, charts, fmt, i18n, paths
from .data import ROW_CONSTRAINTS, described, described_resource, load, load_geo, record_input, resource, resources
from .i18n import gettext as _


def catalogue(datapackage: Path | None = None) -> pd.DataFrame:
    """One row per resource: what it holds, its size, years, sources, the copies they were read in
    (``copies``) and licence.

    Every resource is loaded (and so validated) to count its rows and statuses.
    """
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    rows = []
    for res in map(described_resource, resources(datapackage)):  # texts in the page's language
        geo = res.get("format") == "geojson"
        frame = (load_geo if geo else load)(res["name"], datapackage=datapackage)
        rows.append(
            {
                "name": res["name"],
                "title": res.get("title", ""),
                "path": res["path"],
                "description": res.get("description", ""),
                "licence": ", ".join(_licence(lic) for lic in res.get("licenses", [])),
                "rows": len(frame),
                "years": _years(frame),
                "sources": sorted(frame["source"].dropna().unique()) if "source" in frame else [],
                "copies": _copies(frame),
                "statuses": frame["status"].value_counts().to_dict() if "status" in frame else {},
            }
        )
    return pd.DataFrame(rows)


def _copies(frame: pd.DataFrame) -> list[str]:
    """The keys of the copies a table's sources were read in (its ``copy_read`` column)."""
    if "copy_read" not in frame:
        return []
    return sorted({k for c in frame["copy_read"].dropna() for k in c.split(";")})


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
            notes.append(_("required"))
        if cons.pop("unique", False):
            notes.append(_("unique"))
        if field["name"] in keys:
            notes.append(_("primary key"))
        if field["name"] in refs:
            ref = refs[field["name"]]
            notes.append(_("refers to {target}").format(target=f"{ref['resource']}.{', '.join(ref['fields'])}"))
        if "enum" in cons:
            notes.append(_("one of: {values}").format(values=", ".join(map(str, cons.pop("enum")))))
        for k in ("minimum", "maximum", "pattern"):
            if k in cons:
                notes.append(_(CONSTRAINT_WORDS[k]).format(value=cons.pop(k)))
        if field.get("format"):
            notes.append(_("format {format}").format(format=field["format"]))
        rows.append(
            {
                "column": field["name"],
                "type": type_name(field.get("type", "string")),
                "description": described(field.get("description", ""), "field"),
                "constraints": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows)


#: How a bound or pattern of a column reads in its constraints (``minimum 0``).
CONSTRAINT_WORDS = {
    "minimum": i18n.N_("minimum {value}"),
    "maximum": i18n.N_("maximum {value}"),
    "pattern": i18n.N_("pattern {value}"),
}


def schema_shown(columns: pd.DataFrame) -> pd.DataFrame:
    """A :func:`schema_columns` table as a page shows it: column names as code, headers in the
    page's language (the descriptions are already in it)."""
    return columns.assign(column=columns["column"].map(lambda c: f"`{c}`")).rename(
        columns={
            "column": _("column"),
            "type": _("type"),
            "description": _("description"),
            "constraints": _("constraints"),
        }
    )


def _tip(field: str, title: str):
    """A tooltip of ``field`` under ``title`` (translated on a page not in English); in English
    the bare field, whose name the tooltip shows as it is."""
    return field if i18n.language() == i18n.LANGUAGES[0] else alt.Tooltip(field, title=_(title))


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


def status_counts(cat: pd.DataFrame) -> pd.DataFrame:
    """Rows of each resource of a :func:`catalogue` by the status of their values, long:
    ``resource``, ``status``, ``rows``."""
    return pd.DataFrame(
        [{"resource": r.name, "status": s, "rows": n} for r in cat.itertuples() for s, n in r.statuses.items()]
    )


@charts.draws
def status_chart(status: pd.DataFrame, order: list[str]):
    """Stacked horizontal bars of :func:`status_counts`, one bar per resource (in ``order``)."""
    return (
        alt.Chart(charts.status_words(status))
        .mark_bar()
        .encode(
            x=alt.X("rows:Q", title=_("Rows")),
            y=alt.Y("resource:N", title=None, sort=order),
            color=alt.Color(
                "status:N", scale=charts.status_scale(sorted(status["status"].unique())), title=_("Status")
            ),
            tooltip=[
                _tip("resource", i18n.N_("resource")),
                _tip("status", i18n.N_("status")),
                _tip("rows", i18n.N_("rows")),
            ],
        )
        .properties(
            description=_(
                "Stacked horizontal bar chart: for each resource of the data package, its rows by the status of "
                "their values. {rows}."
            ).format(
                rows="; ".join(
                    f"{name}: " + ", ".join(f"{r.rows} {fmt.status(r.status)}" for r in rows.itertuples())
                    for name, rows in status.groupby("resource", sort=False)
                )
            )
        )
    )


# --- data/README.md ---------------------------------------------------------------------------

README = paths.DATA / "README.md"

_EXTENSIONS = """\
## Extensions to the Frictionless standard

The package follows the [Frictionless Data Package](https://specs.frictionlessdata.io/) and Table
Schema specifications, with these additions, which the book's library checks:

- **Sources.** A column named `source` holds the citation key of one entry of
  `book/references.bib` (the bibliography of the book); `kzdiaspora.data` checks every key
  against it when it loads a resource, with an error naming file, line and column. A column named
  `copy_read` holds the keys of the copies the value was read in when it was not read in its
  source (a news item quoting a release, a mirror of a page, a copy of a data set), several
  separated by `;`, each checked the same way. The `sources` property of each resource lists the
  publications in words.
- **Several values in one cell.** The columns below hold several keys or codes in one cell,
  separated by `;` (a cell the standard would type as a string); the module that reads a column
  checks each key or code (`kzdiaspora.claims` the citation keys, `kzdiaspora.press` the themes):

{separated}

- **Row rules** (`rowConstraints`, a property of a resource). Each rule is a `formula` over the
  columns of one row (the expression language of frictionless' `row-constraint` check, where an
  empty cell is `None`) and the `message` `kzdiaspora.data` shows, with file and line, when a row
  breaks it:

{rules}

- **Schemas without data** (`data/schemas/*.json`): Table Schemas for the survey's respondent-level
  files, which are not published; a file that follows one can be read and validated with
  `kzdiaspora.survey.read_microdata`.
"""


def _separated(descriptor_resources: list[dict]) -> str:
    rows = [
        f"  - `{res['name']}.{field['name']}`: {field.get('description', '')}"
        for res in descriptor_resources
        for field in res.get("schema", {}).get("fields", [])
        if "separated" in field.get("description", "")
    ]
    return "\n".join(rows) or "  - none"


def _rules(descriptor_resources: list[dict]) -> str:
    rows = [
        f"  - `{res['name']}`: `{rule['formula']}` ({rule['message']})"
        for res in descriptor_resources
        for rule in res.get(ROW_CONSTRAINTS, [])
    ]
    return "\n".join(rows) or "  - none"


def readme(datapackage: Path | None = None) -> str:
    """``data/README.md``: what the package holds, resource by resource, and its extensions to the
    Frictionless standard; generated from ``datapackage.json`` (a test checks it is current)."""
    descriptor = json.loads(Path(datapackage or paths.DATAPACKAGE).read_text(encoding="utf-8"))
    listed = descriptor.get("resources", [])
    lines = [
        f"# {descriptor.get('title', 'Data package')}",
        "",
        "<!-- Generated from datapackage.json by `python -m kzdiaspora.catalogue`: edit that file, then run it. -->",
        "",
        descriptor.get("description", ""),
        "",
        "Licence of the package: " + ", ".join(_licence(lic) for lic in descriptor.get("licenses", [])) + ".",
        "",
        "## Resources",
        "",
        "| Resource | File | What it holds | Licence |",
        "|---|---|---|---|",
    ]
    for res in listed:
        summary = res.get("description", "").split(". ")[0].rstrip(".").replace("|", "\\|")
        licence = ", ".join(_licence(lic) for lic in res.get("licenses", []))
        lines.append(f"| `{res['name']}` | `{res['path']}` | **{res.get('title', '')}.** {summary}. | {licence} |")
    lines += [
        "",
        "Every column, with its type, meaning and constraints, is described in the book's data "
        "dictionary and in `datapackage.json`.",
        "",
        _EXTENSIONS.format(separated=_separated(listed), rules=_rules(listed)),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    README.write_text(readme(), encoding="utf-8")
    print(f"written {README.relative_to(paths.ROOT)}")


def bibliography_table() -> pd.DataFrame:
    """Every work of ``book/references.bib``, one row per citation key
    (:func:`kzdiaspora.bibliography.records`): the lookup for the keys in the data's ``source``
    and ``copy_read`` columns."""
    return pd.DataFrame(bibliography.records())


def package_archive(folder: Path, datapackage: Path | None = None) -> Path:
    """Write the whole data package as one zip file in ``folder`` and return its path.

    The archive holds, under ``kazakh-diaspora-data/``: ``datapackage.json``, the README, every
    resource's file and the schemas they refer to (every file of the data folder), the
    bibliography as BibTeX (``references.bib``) and as a table (``bibliography.csv``, see
    :func:`bibliography_table`), so that every source key in the files resolves inside the archive.
    Files are added in a fixed order with a fixed date, so the same data give the same bytes.
    """
    datapackage = Path(datapackage or paths.DATAPACKAGE)
    root = datapackage.parent
    resources(datapackage)  # a package that does not read stops here, before anything is written
    target = Path(folder) / "kazakh-diaspora-data.zip"
    stamp = (2025, 1, 1, 0, 0, 0)

    def add(archive: zipfile.ZipFile, name: str, payload: bytes) -> None:
        info = zipfile.ZipInfo(f"kazakh-diaspora-data/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, payload)

    with zipfile.ZipFile(target, "w") as archive:
        for path in [*sorted(p for p in root.rglob("*") if p.is_file()), paths.BIBLIOGRAPHY]:
            record_input(path)
            name = path.name if path == paths.BIBLIOGRAPHY else path.relative_to(root).as_posix()
            add(archive, name, path.read_bytes())
        table = bibliography_table().to_csv(index=False, lineterminator="\n")
        add(archive, "bibliography.csv", table.encode("utf-8"))
    return target


def type_name(kind: str) -> str:
    """The name of the Table Schema type ``kind`` (``"integer"``) in the current language
    (``"целое число"`` in Russian; English: ``kind`` itself), from the library's catalog under the
    context ``"Table Schema type"``. A type the standard does not define is returned as it is.
    Types: https://specs.frictionlessdata.io/table-schema/#types-and-formats"""
    names = {
        "string": i18n.pgettext("Table Schema type", "string"),
        "number": i18n.pgettext("Table Schema type", "number"),
        "integer": i18n.pgettext("Table Schema type", "integer"),
        "boolean": i18n.pgettext("Table Schema type", "boolean"),
        "object": i18n.pgettext("Table Schema type", "object"),
        "array": i18n.pgettext("Table Schema type", "array"),
        "date": i18n.pgettext("Table Schema type", "date"),
        "time": i18n.pgettext("Table Schema type", "time"),
        "datetime": i18n.pgettext("Table Schema type", "datetime"),
        "year": i18n.pgettext("Table Schema type", "year"),
        "yearmonth": i18n.pgettext("Table Schema type", "yearmonth"),
        "duration": i18n.pgettext("Table Schema type", "duration"),
        "geopoint": i18n.pgettext("Table Schema type", "geopoint"),
        "geojson": i18n.pgettext("Table Schema type", "geojson"),
        "any": i18n.pgettext("Table Schema type", "any"),
    }
    return names.get(kind, kind)
