"""The book's Sphinx extension (``kzdiaspora_book.sphinxext`` in ``_config.yml``).

* :mod:`.execution`: the executed pages and their provenance (papermill at build time, the
  charts' scripts, launch buttons, "How this page was made", glue across pages, the order of a
  matrix's pages in the navigation, ``manifest.json``);
* :mod:`.citations`: author-year citations with a letter for an author's several works of a year;
* :mod:`.portable`: the notebook a page's download button offers, readable outside the book;
* :mod:`.reading`: the article's exhibits outside the edition's numbering, the legend of the
  verdict marks;
* :mod:`.workarounds`: quirks of the theme and of Sphinx, each named after its upstream issue;
* :mod:`.editions`: the Russian edition, built after the English one, and the language switch;
* :mod:`.latex`: the PDF edition (``--builder pdflatex``): page, title page, tables, figures;
* the book's stylesheet (``static/book.css``).
"""

from __future__ import annotations

from pathlib import Path

from . import citations, editions, execution, latex, portable, reading, runner, translation, workarounds

STATIC = Path(__file__).parent / "static"


def _static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app):
    citations.setup(app)
    app.add_config_value("papermill_jobs", [], "env")
    app.add_config_value("papermill_deps", list(runner.DEFAULT_DEPS), "env")
    app.add_config_value("papermill_workers", 0, "env")
    app.add_config_value("papermill_timeout", 600, "env")
    app.add_config_value("papermill_preload", [], "env")
    app.add_config_value("papermill_fork_kernels", True, "env")
    app.add_config_value("papermill_root", "", "env")
    app.connect("config-inited", _static_path)
    execution.setup(app)
    reading.setup(app)
    workarounds.setup(app)
    app.connect("build-finished", portable.write)
    latex.setup(app)
    translation.setup(app)
    editions.setup(app)
    app.add_css_file("book.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
