"""What the prose catalogs translate: the Markdown of the pages, not what their code writes.

Sphinx's gettext builder collects every paragraph, heading and table cell of a page into the
page's catalog ``book/locale/<language>/LC_MESSAGES/<page>.po``. The output of a code cell is
text written by the library (captions, tables, footers, glued phrases), which is translated by
the library's own catalog (:mod:`kzdiaspora.i18n`) when the page runs in another language, and
changes whenever data change: it is left out of the prose catalogs. The exception is a cell
tagged ``prose``, whose output is a file of the book's prose shown by ``kz.prose`` (a country's
account): hand-written text, translated like the rest of the page.

Glued values stay in translated paragraphs: myst-nb's glue roles (``{glue:text}``, ``{glue:md}``,
``{glue}``/``{glue:any}``) are replaced by subclasses that, in a translation (parsed by Sphinx
without the notebook), read the page's own glue data from the cache myst-nb wrote while reading
the page; citations, cross-references, glossary terms and the book's own roles need nothing more.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from myst_nb.core.loggers import SphinxDocLogger
from myst_nb.core.render import MimeData, NbElementRenderer
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue.roles import PasteMarkdownRole, PasteRoleAny, PasteTextRole
from myst_nb.ext.glue.utils import PendingGlueReference, glue_warning
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.transforms import SphinxTransform

#: The tag of a code cell whose output is prose to translate.
PROSE_TAG = "prose"


def _prose_cell(output: nodes.Element) -> bool:
    cell = output.parent
    metadata = cell.get("cell_metadata", {}) if isinstance(cell, nodes.Element) else {}
    return PROSE_TAG in metadata.get("tags", [])


class UntranslatableOutputs(SphinxTransform):
    """Mark the text of code-cell outputs untranslatable, except the outputs of ``prose`` cells."""

    # before Sphinx's own i18n transforms (Locale, priority 20) and the gettext builder read them
    default_priority = 10

    def apply(self, **kwargs) -> None:
        for output in self.document.findall(nodes.container):
            if output.get("nb_element") != "cell_code_output" or _prose_cell(output):
                continue
            for element in output.findall(nodes.TextElement):
                element["translatable"] = False


# --- glued values in translated text ------------------------------------------------------------
#
# Sphinx translates a paragraph by parsing its msgstr as a small document of its own
# (sphinx.transforms.i18n.publish_msgstr), with the MyST parser alone: that document has no
# notebook, and myst-nb's glue roles find no glue data in it ("No key ... found in glue data for
# this document"). When the page was read, myst-nb wrote its glue data to ``<page>.glue.json`` in
# its output folder (the cache its cross-page glue reads) and noted the keys in the environment;
# the roles below read the page's own values from there when they run outside the notebook. In the
# page itself (a notebook being read) they are myst-nb's roles, unchanged.

GLUE_WARNING = "No key {key!r} found in glue data for this document."


def page_glue(env) -> dict:
    """The glue data of the page being read: ``{key: {"data": {mime type: value}, "metadata":
    {...}}}`` as myst-nb stored it in ``<output folder>/<page>.glue.json`` while parsing the
    notebook (:func:`myst_nb.ext.glue.crossref.read_glue_cache` reads the same file, cached
    across pages). Only the keys myst-nb noted while reading the page this time count (it writes
    the file in the same step), so a file left from an earlier build is never read. Empty when the
    page glued nothing."""
    cached = env.temp_data.get("book_page_glue")
    if cached is not None:
        return cached
    keys = NbMetadataCollector.get_doc_data(env).get(env.docname, {}).get("glue", [])
    data = {}
    if keys:
        *folders, name = env.docname.split("/")
        path = Path(env.mystnb_config.output_folder).joinpath(*folders, f"{name}.glue.json")
        stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        data = {key: stored[key] for key in keys if key in stored}
    env.temp_data["book_page_glue"] = data
    return data


def _in_notebook(role) -> bool:
    return "nb_renderer" in role.document


def _split(text: str, default: str) -> tuple[str, str]:
    """``key:format`` as myst-nb's roles split it (the format after the last colon)."""
    parts = text.rsplit(":", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], default)


class PasteText(PasteTextRole):
    """``{glue:text}`key:format``` (myst-nb's role), also in translated text."""

    def run(self):
        if _in_notebook(self) or "::" in self.text:
            return super().run()
        key, spec = _split(self.text, "s")
        glued = page_glue(self.document.settings.env)
        if key not in glued:
            return [], [glue_warning(GLUE_WARNING.format(key=key), self.document, self.line)]
        if "text/plain" not in glued[key]["data"]:
            return [], [glue_warning(f"No text/plain found in {key!r} data", self.document, self.line)]
        try:
            text = format_plain_text(glued[key]["data"]["text/plain"], spec)
        except Exception as exc:  # as myst-nb's role: any failure of the format is a warning
            return [], [glue_warning(f"Failed to format text/plain data: {exc}", self.document, self.line)]
        node = nodes.inline(text, text, classes=["pasted-text"])
        self.set_source_info(node)
        return [node], []


class PasteMarkdown(PasteMarkdownRole):
    """``{glue:md}`key:format``` (myst-nb's role), also in translated text: the glued Markdown is
    parsed inline, in place, with the parser of the translated text (``myst``) or an isolated
    CommonMark / GFM parser, as myst-nb does in the notebook."""

    def run(self):
        if _in_notebook(self):
            return super().run()
        key, fmt = _split(self.text, "commonmark")
        glued = page_glue(self.document.settings.env)
        if key not in glued:
            return [], [glue_warning(GLUE_WARNING.format(key=key), self.document, self.line)]
        if "text/markdown" not in glued[key]["data"]:
            return [], [glue_warning(f"No text/markdown found in {key!r} data", self.document, self.line)]
        markdown = getattr(self.inliner, "_renderer", None)  # the MyST renderer of the translated text
        if markdown is None:
            return [], [glue_warning(f"{key!r}: glued Markdown is pasted in MyST text only", self.document, self.line)]
        mime = MimeData("text/markdown", glued[key]["data"]["text/markdown"], line=self.line)
        # myst-nb's own rendering of inline Markdown (as in the notebook), over that renderer
        renderer = NbElementRenderer(markdown, SphinxDocLogger(self.document))
        parsed = renderer._render_markdown_base(mime, fmt=fmt, inline=True)
        for node in parsed:
            self.set_source_info(node)
        return parsed, []


class PasteAny(PasteRoleAny):
    """``{glue}`key``` / ``{glue:any}`key``` (myst-nb's role), also in translated text: a value
    of the page itself is pasted as myst-nb pastes one from another page."""

    def run(self):
        if _in_notebook(self) or "::" in self.text:
            return super().run()
        env = self.document.settings.env
        if self.text not in page_glue(env):
            return [], [glue_warning(GLUE_WARNING.format(key=self.text), self.document, self.line)]
        ref = PendingGlueReference(refdoc=env.docname, key=self.text, inline=True, gtype=None)
        ref.source, ref.line = self.source, self.line
        return [ref], []


def _glue_roles(app) -> None:
    app.add_role("glue", PasteAny(), override=True)
    for name, role in {"": PasteAny(), "any": PasteAny(), "text": PasteText(), "md": PasteMarkdown()}.items():
        app.add_role_to_domain("glue", name, role, override=True)


def setup(app) -> None:
    app.add_transform(UntranslatableOutputs)
    _glue_roles(app)
