"""The site's manifest: every figure, table and glued value of every page, with its inputs.

While a page executes, the analysis library records each figure, table and glued value it
publishes in ``book/_generated/<page>/manifest.jsonl``; the runner records in the executed
notebook the page's template, its parameters and every file it read, with its sha256. At the
end of an HTML build these are gathered into ``manifest.json`` at the root of the site, with:

* for each figure and table: its number on the page, caption, the bibliography keys it cites,
  the URL and sha256 of its CSV download, the code that made it (template and library
  functions: file, line and URL in the site) and, for a figure, the sha256 of its chart
  specification;
* for each page: the values it glued (key, formatted text, raw value) and, in reading order,
  every glue reference of its prose (``{glue:text}`key``` or ``{glue:text}`page.ipynb::key```)
  with the page it comes from and the text it shows.

Pages that are not executed (the introduction, the discussion) have no inputs of their own;
their glue references name the executed pages whose values they show.
"""

from __future__ import annotations

import ast
import hashlib
import json
import posixpath
import re
from pathlib import Path

from . import runner

FILENAME = "manifest.json"
RECORDS = "manifest.jsonl"
GLUE_ROLE = re.compile(r"\{glue(?::(?P<role>\w+))?\}`(?P<target>[^`]+)`")
_VALUE_KINDS = ("number", "text", "claim", "shared")


def write(app) -> Path:
    out = Path(app.outdir) / FILENAME
    out.write_text(json.dumps(collect(app), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _canonical_sha256(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def records(book: Path, docname: str) -> list[dict]:
    """What the page published while it executed (empty for a page that is not executed)."""
    path = Path(book) / runner.ASSETS_DIR / docname / RECORDS
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _texts(source: Path) -> list[str]:
    """The MyST text of a page in reading order: a Markdown page, or a notebook's Markdown cells
    and the Markdown its cells displayed."""
    if source.suffix != ".ipynb":
        return [source.read_text(encoding="utf-8")]
    nb = json.loads(source.read_text(encoding="utf-8"))
    texts = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            texts.append("".join(cell.get("source", "")))
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown")
            if markdown and not output.get("metadata", {}).get("scrapbook"):
                texts.append("".join(markdown))
    return texts


def glue_references(docname: str, source: Path) -> list[dict]:
    """Every glue role of the page, in reading order: role, the page the value comes from, key."""
    refs = []
    for text in _texts(source):
        for match in GLUE_ROLE.finditer(text):
            role, target = match.group("role") or "any", match.group("target")
            if role in ("text", "md") and ":" in target.replace("::", ""):
                target = target.rsplit(":", 1)[0]  # format spec ("key:s") or markdown flavour
            page, _, key = target.rpartition("::")
            if page:
                page = posixpath.normpath(posixpath.join(posixpath.dirname(docname), page))
                page = posixpath.splitext(page)[0]
            refs.append({"role": role, "page": page or docname, "key": key})
    return refs


def _glued_outputs(source: Path) -> dict[str, str]:
    """The plain-text form of every value a notebook glued, by key."""
    if source.suffix != ".ipynb" or not source.is_file():
        return {}
    values = {}
    for cell in json.loads(source.read_text(encoding="utf-8")).get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            plain = output.get("data", {}).get("application/papermill.record/text/plain")
            if name and plain is not None:
                plain = "".join(plain)
                try:
                    value = ast.literal_eval(plain)
                    values[name] = value if isinstance(value, str) else plain
                except (ValueError, SyntaxError):
                    values[name] = plain
    return values


def _page(app, doc: str, source: Path, link) -> dict:
    """A page's entry, before its figures, tables and values: title, template and inputs."""
    env, book = app.env, Path(app.srcdir).resolve()
    meta = runner.stored(source) if source.suffix == ".ipynb" else {}
    template = meta.get("template")
    return {
        "url": app.builder.get_target_uri(doc),
        "title": env.titles[doc].astext() if doc in env.titles else doc,
        "template": template,
        "template_url": link(book / template) if template else None,
        "parameters": meta.get("parameters"),
        "inputs": [{"path": p, "sha256": h} for p, h in sorted(meta.get("inputs", {}).items())],
        "figures": [],
        "tables": [],
        "values": [],
        "glue": [],
    }


def _item(record: dict, book: Path, root: Path, doc: str, numbers: dict, link) -> dict:
    """A figure or table of a page, from what the page recorded while it executed."""
    kind = record["kind"]
    csv = book / runner.ASSETS_DIR / doc / record["data"]
    number = numbers.get(kind if kind == "table" else "figure", {}).get(record["name"])
    item = {
        "name": record["name"],
        "number": ".".join(map(str, number)) if number else None,
        "caption": record["caption"],
        "sources": record["sources"],
        "read_in": record.get("read_in", []),
        "via": record.get("via", []),
        "data": {"url": link(csv), "sha256": _sha256(csv) if csv.is_file() else None},
        "code": [{**ref, "url": link(root / ref["file"])} for ref in record.get("code", [])],
    }
    if kind == "figure":
        item["description"] = record["description"]
        item["drawn_by"] = record.get("drawn_by", [])
        item["spec_sha256"] = _canonical_sha256(record["spec"])
    else:
        item["columns"], item["rows"] = record.get("columns"), record.get("rows")
    return item


def collect(app) -> dict:
    """The manifest of the site Sphinx has just built (see the module's docstring)."""
    env = app.env
    book = Path(app.srcdir).resolve()
    root = runner.find_config(book).parent
    downloads = {(book / rel).resolve(): f"_downloads/{dest}" for rel, (_, dest) in env.dlfiles.items()}

    def link(path: Path | None) -> str | None:
        return downloads.get(path.resolve()) if path else None

    sources = {doc: Path(env.doc2path(doc)) for doc in env.found_docs}
    values = {doc: {r["key"]: r for r in records(book, doc) if r.get("kind") in _VALUE_KINDS} for doc in sources}
    glued = {}

    def shown(page: str, key: str) -> str | None:
        if key in values.get(page, {}):
            record = values[page][key]
            return record.get("text", record.get("outcome"))
        if page not in glued:
            glued[page] = _glued_outputs(sources[page]) if page in sources else {}
        return glued[page].get(key)

    pages = {}
    for doc in sorted(sources):
        entry = _page(app, doc, sources[doc], link)
        for record in records(book, doc):
            kind = record.get("kind")
            if kind in _VALUE_KINDS:
                entry["values"].append({k: v for k, v in record.items() if k != "page"})
            elif kind in ("figure", "table"):
                item = _item(record, book, root, doc, app.env.toc_fignumbers.get(doc, {}), link)
                entry["figures" if kind == "figure" else "tables"].append(item)
        for ref in glue_references(doc, sources[doc]):
            entry["glue"].append({**ref, "text": shown(ref["page"], ref["key"])})
        pages[doc] = entry
    return {"pages": pages, "format": "kzdiaspora-book-manifest/1"}
