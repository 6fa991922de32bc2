"""Workarounds for quirks of the Sphinx stack the book is built with, each named after the
upstream issue it works around. Each can go once the pinned versions fix it (the browser tests,
which fail on any console error or accessibility violation, say when).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup  # a dependency of pydata-sphinx-theme
from docutils import nodes

from .editions import translate as _


def tidy_assets(app, pagename, templatename, context, doctree) -> None:
    """Each script and stylesheet once, and none of sphinx-thebe's while thebe is off.

    sphinx-thebe adds its inline configuration after the HTML builder has listed the scripts, and
    Sphinx then lists it twice: its ``const THEBE_JS_URL`` declared twice is a JavaScript error
    (sphinx-doc/sphinx#13402). Jupyter Book loads sphinx-thebe whether or not thebe is used, and
    that configuration names a CDN the site must not need (jupyter-book/jupyter-book#1603)."""
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


def label_nav_toggles(app, pagename, templatename, context, doctree) -> None:
    """Name the buttons that open a page's sub-pages in the navigation.

    pydata-sphinx-theme opens them with a ``<summary>`` that holds only an icon
    (pydata/pydata-sphinx-theme#1582), which screen readers announce as an unnamed button."""
    generate = context.get("generate_toctree_html")
    if not callable(generate) or getattr(generate, "labelled", False):
        return

    def labelled(*args, **kwargs):
        soup = generate(*args, **kwargs)  # a BeautifulSoup tree (the theme renders it later)
        for summary in getattr(soup, "find_all", lambda *a: [])("summary"):
            caption = summary.find(class_="caption-text")
            item = summary.find_parent("li")
            link = item.find("a") if item else None
            name = (caption or link).get_text(" ", strip=True) if (caption or link) else _("this section")
            summary["aria-label"] = _("Sub-pages of {name}").format(name=name)
        return soup

    labelled.labelled = True
    context["generate_toctree_html"] = labelled


def visit_citation(self, node) -> None:
    """A bibliography entry: docutils' markup with the role of a list item.

    docutils gives each entry the role ``doc-biblioentry``, which DPUB-ARIA 1.1 deprecated and
    which is not allowed outside a list (w3c/dpub-aria#22)."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def default_colour_mode(app, config) -> None:
    """Give the theme its default colour mode: unset, pydata-sphinx-theme logs a console error
    ("Got invalid theme mode") on a reader's first visit (pydata/pydata-sphinx-theme#1635)."""
    config.html_context.setdefault("default_mode", "auto")


def no_header_search(app, config) -> None:
    """No top bar holding a second search field beside the sidebar's on wide screens.

    sphinx-book-theme empties pydata-sphinx-theme's top bar, but pydata-sphinx-theme 0.17 fills
    its ``navbar_persistent`` with a search field when the configuration leaves it unset, and the
    bar then shows (executablebooks/sphinx-book-theme#986, #999)."""
    config.html_theme_options.setdefault("navbar_persistent", [])


def one_search_field(app, pagename, templatename, context, doctree) -> None:
    """The search page shows its own search field, not the sidebar's too (as Sphinx's basic theme
    does; pydata/pydata-sphinx-theme#254)."""
    if pagename == "search" and isinstance(context.get("sidebars"), list):
        context["sidebars"] = [s for s in context["sidebars"] if "search" not in s]


#: The text of every page, for the search page's excerpts (written when the site is built).
SEARCH_TEXTS = "search-texts.js"
_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "div", "pre", "caption", "figcaption", "br", "tr", "h1", "h2", "h3", "h4"}


def search_excerpts(app, pagename, templatename, context, doctree) -> None:
    """Excerpts under search results, also over ``file://``.

    Sphinx's search fetches each result's page to show an excerpt of it, which a browser refuses
    for a site opened from the disk: no excerpt, and an uncaught error per result
    (sphinx-doc/sphinx#10407, #9156). The search page loads the text of every page instead
    (:func:`write_search_texts`), and ``search-excerpts.js`` answers those requests with it."""
    if pagename == "search":
        app.add_js_file(SEARCH_TEXTS, priority=900)
        app.add_js_file("search-excerpts.js", priority=901)


def page_text(html: str) -> str:
    """A page's main content reduced to its text and its sections (whose ids the search's
    excerpts look for), as HTML: what Sphinx's search reads of a page."""
    main = BeautifulSoup(html, "html.parser").find(attrs={"role": "main"})
    if main is None:
        return ""
    for tag in main.select("script, style, svg, .headerlink, .cell_input"):
        tag.decompose()
    for tag in main.find_all(True):
        if tag.name in _BLOCKS:
            tag.insert_after(" ")
        if tag.name == "section" and tag.get("id"):
            tag.attrs = {"id": tag["id"]}
        else:
            tag.unwrap()
    main.attrs = {"role": "main"}
    return re.sub(r"\s+", " ", str(main))


def write_search_texts(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    texts = {
        docname: page_text((out / f"{docname}.html").read_text(encoding="utf-8"))
        for docname in sorted(app.env.found_docs)
        if (out / f"{docname}.html").is_file()
    }
    script = "window.BOOK_SEARCH_PAGES = " + json.dumps(texts, ensure_ascii=False, sort_keys=True) + ";\n"
    (out / "_static" / SEARCH_TEXTS).write_text(script, encoding="utf-8")


def setup(app) -> None:
    app.connect("config-inited", default_colour_mode)
    app.connect("config-inited", no_header_search)
    app.connect("html-page-context", one_search_field)
    app.connect("html-page-context", search_excerpts)
    app.connect("build-finished", write_search_texts)
    app.connect("html-page-context", tidy_assets, priority=900)  # after every extension added its own
    app.connect("html-page-context", label_nav_toggles, priority=600)  # after the theme adds its functions
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
