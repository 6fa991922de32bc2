"""Sphinx extension: execute the chapter templates at build time and keep the site offline.

* ``builder-inited``: bring the papermill-executed notebooks up to date (before Sphinx looks
  for source files, so new pages are found even on a clean build);
* vendor the Vega / Vega-Lite / vega-embed JavaScript once for the whole site and load it on
  the pages that hold a chart, so charts draw with no network;
* point the launch (Binder) buttons of executed pages at their ``.md`` template;
* re-write pages that paste glue from another page when that page changes;
* keep every page free of console errors: list each script once and none of thebe's (live
  code is off), and give the theme its default colour mode.
"""
from __future__ import annotations

import json
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

from . import runner

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
    from importlib.metadata import version

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


def _record_glue_sources(app, doctree) -> None:
    from myst_nb.ext.glue.utils import PendingGlueReference

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


def setup(app):
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
    app.add_css_file("book.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
