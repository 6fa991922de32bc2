"""Sphinx extension: execute the chapter templates at build time and keep the site offline.

* ``builder-inited``: bring the papermill-executed notebooks up to date (before Sphinx looks
  for source files, so new pages are found even on a clean build);
* vendor the Vega / Vega-Lite / vega-embed JavaScript once for the whole site and load it on
  the pages that hold a chart, so charts draw with no network;
* point the launch (Binder) buttons of executed pages at their ``.md`` template, and close each
  executed page with how it was made (template, parameters, the files it read and their digests);
* re-write pages that paste glue from another page when that page changes;
* keep every page free of console errors: list each script once and none of thebe's (live
  code is off), and give the theme its default colour mode;
* cite by author and year, with a letter where one author has several works of a year
  (:mod:`kzdiaspora_book.citations`);
* accessibility: name the buttons that open the navigation's sub-lists, and mark the
  bibliography as a list of list items;
* write ``manifest.json`` at the root of the site: every figure, table and glued value of every
  page with what it was made from (:mod:`kzdiaspora_book.manifest`).
"""
from __future__ import annotations

import json
from html import escape
from importlib.metadata import version
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.errors import ExtensionError
from sphinx.util import logging

from . import citations, manifest, runner

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


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
        pages = runner.run(jobs, Path(app.srcdir), _root(app), deps=app.config.papermill_deps,
                           workers=app.config.papermill_workers, timeout=app.config.papermill_timeout,
                           preload=app.config.papermill_preload, fork=app.config.papermill_fork_kernels,
                           log=logger.info)
    except (runner.PageFailed, ValueError) as exc:
        raise ExtensionError(f"papermill execution failed:\n{exc}") from None
    app.env.book_templates = {
        p.docname: p.template.relative_to(Path(app.srcdir).resolve()).as_posix() for p in pages
    }


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

        versions = {"vega_version": alt.VEGA_VERSION, "vegalite_version": alt.VEGALITE_VERSION,
                    "vegaembed_version": alt.VEGAEMBED_VERSION}
        static.mkdir(parents=True, exist_ok=True)
        # Altair's HTML output skips loading a library whose version VEGA_DEBUG already
        # names; the bundle is wrapped so its top-level declarations stay local.
        target.write_text(
            stamp
            + f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});\n"
            + "(function () {\n" + vlc.javascript_bundle(vl_version=vl_version_for_vl_convert()) + "\n})();\n",
            encoding="utf-8",
        )
    app.config.html_static_path.append(str(static))


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.readline()


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    if "altair-viz-" in context.get("body", ""):
        app.add_js_file("vega-offline.js", priority=200)


def _tidy_assets(app, pagename, templatename, context, doctree) -> None:
    """Each script and stylesheet once, and none of thebe's while thebe is off: sphinx-thebe's
    inline configuration ends up on every page twice, and its ``const`` declared twice is a
    JavaScript error (it also names a CDN the site must not need)."""
    thebe = (app.config.html_theme_options.get("launch_buttons") or {}).get("thebe")
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not isinstance(assets, list):
            continue
        seen, keep = set(), []
        for asset in assets:
            name = str(getattr(asset, "filename", asset) or "")
            attributes = getattr(asset, "attributes", {}) or {}
            if not thebe and ("sphinx-thebe" in name or "THEBE_JS_URL" in attributes.get("body", "")):
                continue
            ident = (name, tuple(sorted(attributes.items())))
            if ident not in seen:
                seen.add(ident)
                keep.append(asset)
        assets[:] = keep


def _label_nav_toggles(app, pagename, templatename, context, doctree) -> None:
    """The theme's navigation opens a page's sub-pages with a ``<summary>`` that holds only an
    icon; screen readers then announce an unnamed button. Name it after its page."""
    generate = context.get("generate_toctree_html")
    if not callable(generate) or getattr(generate, "labelled", False):
        return

    def labelled(*args, **kwargs):
        soup = generate(*args, **kwargs)   # a BeautifulSoup tree (the theme renders it later)
        for summary in getattr(soup, "find_all", lambda *a: [])("summary"):
            caption = summary.find(class_="caption-text")
            item = summary.find_parent("li")
            link = item.find("a") if item else None
            name = (caption or link).get_text(" ", strip=True) if (caption or link) else "this section"
            summary["aria-label"] = f"Sub-pages of {name}"
        return soup

    labelled.labelled = True
    context["generate_toctree_html"] = labelled


def _visit_citation(self, node) -> None:
    """A bibliography entry: docutils' markup with the role of a list item (its own role,
    ``doc-biblioentry``, is deprecated and not allowed inside a list)."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _depart_citation(self, node) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def _set_defaults(app, config) -> None:
    config.html_static_path.append(str(STATIC))
    # pydata-sphinx-theme reads the colour mode from here; unset, it logs a console error
    # ("Got invalid theme mode") on a reader's first visit.
    config.html_context.setdefault("default_mode", "auto")


def _launch_to_template(app, pagename, templatename, context, doctree) -> None:
    template = getattr(app.env, "book_templates", {}).get(pagename)
    if not template:
        return
    book = app.config.html_theme_options.get("path_to_docs", "").strip("/")
    prefix = f"{book}/" if book else ""
    old, new = f"{prefix}{pagename}.ipynb", f"{prefix}{template}"
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

    params = ", ".join(code(f"{k} = {json.dumps(v, ensure_ascii=False)}")
                       for k, v in sorted(meta.get("parameters", {}).items()))
    files = "".join(f"<li>{code(path)} {code('sha256 ' + digest[:16])}</li>"
                    for path, digest in sorted(meta.get("inputs", {}).items()))
    context["body"] += (
        '<details class="book-how-made"><summary>How this page was made</summary>'
        f"<p>The build executed the template {code(meta['template'])} with papermill"
        + (f", with the parameters {params}" if params else ", with the parameters of its own parameters cell")
        + ". It read the files below; it is executed again when one of them, the template, its parameters "
        "or the analysis library (<code>src/kzdiaspora</code>) changes, and otherwise kept as it is.</p>"
        f"<ul>{files}</ul>"
        "<p>To rebuild the site: <code>python3 -m uv run --frozen jupyter-book build book/</code>. To try "
        "other parameters, open the page in Binder (the rocket button at the top), edit the parameters "
        "cell and run all cells.</p></details>"
    )


def _record_glue_sources(app, doctree) -> None:
    deps = app.env.__dict__.setdefault("book_glue_sources", {})
    deps[app.env.docname] = {n.refdoc for n in doctree.findall(PendingGlueReference)} - {app.env.docname}


def _outdated_glue_users(app, env, added, changed, removed):
    touched = added | changed | removed
    return [doc for doc, sources in getattr(env, "book_glue_sources", {}).items()
            if sources & touched and doc not in touched]


def _purge(app, env, docname) -> None:
    getattr(env, "book_glue_sources", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    env.__dict__.setdefault("book_glue_sources", {}).update(getattr(other, "book_glue_sources", {}))


def _write_manifest(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        manifest.write(app)


def setup(app):
    citations.register()
    app.add_config_value("papermill_jobs", [], "env")
    app.add_config_value("papermill_deps", list(runner.DEFAULT_DEPS), "env")
    app.add_config_value("papermill_workers", 0, "env")
    app.add_config_value("papermill_timeout", 600, "env")
    app.add_config_value("papermill_preload", [], "env")
    app.add_config_value("papermill_fork_kernels", True, "env")
    app.add_config_value("papermill_root", "", "env")
    app.connect("builder-inited", _execute)
    app.connect("builder-inited", _vendor_vega)
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _launch_to_template, priority=502)  # after sphinx-book-theme
    app.connect("doctree-read", _record_glue_sources)
    app.connect("env-get-outdated", _outdated_glue_users)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("config-inited", _set_defaults)
    app.connect("html-page-context", _tidy_assets, priority=900)  # after every extension added its own
    app.connect("html-page-context", _label_nav_toggles, priority=600)  # after the theme adds its functions
    app.connect("html-page-context", _how_made)
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.connect("build-finished", _write_manifest)
    app.add_css_file("book.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
