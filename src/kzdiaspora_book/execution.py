"""The Sphinx side of the executed pages and their provenance.

* ``builder-inited``: bring the papermill-executed notebooks up to date (before Sphinx looks for
  source files, so new pages are found even on a clean build), and vendor the Vega / Vega-Lite /
  vega-embed JavaScript once for the whole site, loaded on the pages that hold a chart, so that
  charts draw with no network;
* a page of the table of contents listed by a glob (``glob: profiles/[A-Z][A-Z][A-Z]``) that
  matches pages of a job's matrix lists them in the matrix's order (the study's order of the
  countries), not alphabetically: a country added to the matrix is added to the navigation;
* point the launch (Binder) buttons of executed pages at their launch notebooks (the template
  with the page's parameters, :mod:`kzdiaspora_book.launch`), and close each executed page with
  how it was made (template, parameters, the files it read and their digests);
* re-write pages that paste glue from another page when that page changes;
* write ``manifest.json`` at the root of the site: every figure, table and glued value of every
  page with what it was made from (:mod:`kzdiaspora_book.manifest`).
"""

from __future__ import annotations

import json
from html import escape
from importlib.metadata import version
from pathlib import Path

from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.matching import patmatch
from sphinx_external_toc.api import Document, FileItem, GlobItem

from . import launch, manifest, runner
from .editions import translate as _

logger = logging.getLogger(__name__)


def _root(app) -> Path:
    """The project root: where ``_config.yml`` is (Jupyter Book looks for it in the book folder
    and its parents; Sphinx's own confdir is the book folder)."""
    if app.config.papermill_root:
        return Path(app.config.papermill_root).resolve()
    return runner.find_config(Path(app.srcdir)).parent


def _execute(app) -> None:
    jobs = app.config.papermill_jobs
    if not jobs:
        return
    try:
        pages = runner.run(
            jobs,
            Path(app.srcdir),
            _root(app),
            deps=app.config.papermill_deps,
            workers=app.config.papermill_workers,
            timeout=app.config.papermill_timeout,
            preload=app.config.papermill_preload,
            fork=app.config.papermill_fork_kernels,
            log=logger.info,
        )
    except (runner.PageFailed, ValueError) as exc:
        raise ExtensionError(f"papermill execution failed:\n{exc}") from None
    app.env.book_templates = {p.docname: p.template.relative_to(Path(app.srcdir).resolve()).as_posix() for p in pages}


def _vendor_vega(app) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.doctreedir).parent / "_vega_static"
    target = static / "vega-offline.js"
    # The bundle depends only on these two packages: skip importing them when it is current.
    stamp = f"// altair {version('altair')}, vl-convert-python {version('vl-convert-python')}\n"
    if not target.exists() or _first_line(target) != stamp:
        import altair as alt
        import vl_convert as vlc
        from altair.utils._importers import vl_version_for_vl_convert

        versions = {
            "vega_version": alt.VEGA_VERSION,
            "vegalite_version": alt.VEGALITE_VERSION,
            "vegaembed_version": alt.VEGAEMBED_VERSION,
        }
        static.mkdir(parents=True, exist_ok=True)
        # Altair's HTML output skips loading a library whose version VEGA_DEBUG already
        # names; the bundle is wrapped so its top-level declarations stay local.
        target.write_text(
            stamp
            + f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});\n"
            + "(function () {\n"
            + vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
            + "\n})();\n",
            encoding="utf-8",
        )
    app.config.html_static_path.append(str(static))


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.readline()


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    if "altair-viz-" in context.get("body", ""):
        app.add_js_file("vega-offline.js", priority=200)


def _launch_to_notebook(app, pagename, templatename, context, doctree) -> None:
    """Point the page's launch button at its launch notebook (:mod:`.launch`): its template with
    the page's parameters."""
    if pagename not in getattr(app.env, "book_templates", {}):
        return
    book = app.config.html_theme_options.get("path_to_docs", "").strip("/")
    prefix = f"{book}/" if book else ""
    old, new = f"{prefix}{pagename}.ipynb", launch.path(pagename, app.config.language or "en")
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            if "url" in button and old in button["url"]:
                button["url"] = button["url"].replace(old, new)


def _how_made(app, pagename, templatename, context, doctree) -> None:
    """Close each executed page with what it was made from: its template and parameters, and
    every file it read with the file's digest (from what the runner recorded in the notebook)."""
    if "body" not in context or pagename not in getattr(app.env, "book_templates", {}):
        return
    meta = runner.stored(Path(app.env.doc2path(pagename)))
    if not meta:
        return

    def code(text) -> str:
        return f"<code>{escape(str(text))}</code>"

    params = ", ".join(
        code(f"{k} = {json.dumps(v, ensure_ascii=False)}") for k, v in sorted(meta.get("parameters", {}).items())
    )
    files = "".join(
        f"<li>{code(path)} {code('sha256 ' + digest[:16])}</li>"
        for path, digest in sorted(meta.get("inputs", {}).items())
    )
    template = code(meta["template"])
    executed = (
        _("The build executed the template {template} with papermill, with the parameters {parameters}.")
        if params
        else _(
            "The build executed the template {template} with papermill, with the parameters of its own parameters cell."
        )
    ).format(template=template, parameters=params)
    again = _(
        "It read the files below; it is executed again when one of them, the template, its parameters or the "
        "analysis library ({library}) changes, and otherwise kept as it is."
    ).format(library="<code>src/kzdiaspora</code>")
    rebuild = _(
        "To rebuild the site: {command}. To try other parameters, open the page in Binder (the rocket button at "
        "the top): it opens the template with this page's parameters; edit the parameters cell and run all cells."
    ).format(command="<code>python3 -m uv run --frozen jupyter-book build book/</code>")
    context["body"] += (
        f'<details class="book-how-made"><summary>{_("How this page was made")}</summary>'
        f"<p>{executed} {again}</p><ul>{files}</ul><p>{rebuild}</p></details>"
    )


def _record_glue_sources(app, doctree) -> None:
    deps = app.env.__dict__.setdefault("book_glue_sources", {})
    deps[app.env.docname] = {n.refdoc for n in doctree.findall(PendingGlueReference)} - {app.env.docname}


def _outdated_glue_users(app, env, added, changed, removed):
    touched = added | changed | removed
    return [
        doc
        for doc, sources in getattr(env, "book_glue_sources", {}).items()
        if sources & touched and doc not in touched
    ]


def _purge(app, env, docname) -> None:
    getattr(env, "book_glue_sources", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    env.__dict__.setdefault("book_glue_sources", {}).update(getattr(other, "book_glue_sources", {}))


def _write_manifest(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        manifest.write(app)


def order_matrix_pages(app, config) -> None:
    """In the table of contents parsed by sphinx-external-toc, replace each glob that matches
    pages of the plan by those pages, in the plan's order."""
    site_map = getattr(config, "external_site_map", None)
    if site_map is None or not config.papermill_jobs:
        return
    planned = [page.docname for page in runner.plan(config.papermill_jobs, Path(app.srcdir))]
    for document in list(site_map.values()):
        for subtree in document.subtrees:
            items = []
            for item in subtree.items:
                matched = [d for d in planned if patmatch(d, item)] if isinstance(item, GlobItem) else []
                if not matched:
                    items.append(item)
                    continue
                for docname in matched:
                    items.append(FileItem(docname))
                    if docname not in site_map:
                        site_map[docname] = Document(docname)
            subtree.items = items


def setup(app) -> None:
    app.connect("config-inited", order_matrix_pages, priority=901)  # after sphinx-external-toc parsed the toc
    app.connect("builder-inited", _execute)
    app.connect("builder-inited", _vendor_vega)
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _launch_to_notebook, priority=502)  # after sphinx-book-theme
    app.connect("html-page-context", _how_made)
    app.connect("doctree-read", _record_glue_sources)
    app.connect("env-get-outdated", _outdated_glue_users)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write_manifest)
