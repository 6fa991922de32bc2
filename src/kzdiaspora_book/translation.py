"""What the prose catalogs translate: the Markdown of the pages, not what their code writes.

Sphinx's gettext builder collects every paragraph, heading and table cell of a page into the
page's catalog ``book/locale/<language>/LC_MESSAGES/<page>.po``. The output of a code cell is
text written by the library (captions, tables, footers, glued phrases), which is translated by
the library's own catalog (:mod:`kzdiaspora.i18n`) when the page runs in another language, and
changes whenever data change: it is left out of the prose catalogs. The exception is a cell
tagged ``prose``, whose output is a file of the book's prose shown by ``kz.prose`` (a country's
account): hand-written text, translated like the rest of the page.
"""

from __future__ import annotations

from docutils import nodes
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


def setup(app) -> None:
    app.add_transform(UntranslatableOutputs)
