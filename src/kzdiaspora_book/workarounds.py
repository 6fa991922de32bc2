"""Workarounds for quirks of the Sphinx stack the book is built with, each named after the
upstream issue it works around. Each can go once the pinned versions fix it (the browser tests,
which fail on any console error or accessibility violation, say when).
"""

from __future__ import annotations

from docutils import nodes


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
            name = (caption or link).get_text(" ", strip=True) if (caption or link) else "this section"
            summary["aria-label"] = f"Sub-pages of {name}"
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


def setup(app) -> None:
    app.connect("config-inited", default_colour_mode)
    app.connect("html-page-context", tidy_assets, priority=900)  # after every extension added its own
    app.connect("html-page-context", label_nav_toggles, priority=600)  # after the theme adds its functions
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
