"""The translation catalogs of the text written by code.

``python -m kzdiaspora_book.catalogs`` collects every message marked with ``_``, ``N_``,
``ngettext`` or ``pgettext`` in the library (``src/kzdiaspora/``) and in the code cells of the
chapter templates (``book/chapters/*.md``, read as notebooks by Jupytext), and updates each
language's catalog ``src/kzdiaspora/locale/<language>/LC_MESSAGES/kzdiaspora.po`` from them:
new messages are added untranslated, changed ones marked fuzzy, vanished ones kept as obsolete.
The catalogs are written sorted by message, with the file (not the line) each comes from.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pandas as pd
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po, write_po

from kzdiaspora import data, i18n, paths

#: gettext keywords of kzdiaspora.i18n, as Babel's extractor reads them.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PROJECT = "kazakh-diaspora-central-asia"
#: A fixed date in the header: updating a catalog changes only its messages.
DATE = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
COMMENT = "# Messages written by the code of the edition; see kzdiaspora_book/catalogs.py."


def _template_messages(path: Path):
    """The messages of a chapter template's code cells: (file, line, message, comments, context)."""
    # Jupytext only for this maintenance command, not for the build that imports this module
    import jupytext

    notebook = jupytext.read(path)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for lineno, message, comments, context in extract(
            "python", io.BytesIO(cell.source.encode("utf-8")), keywords=KEYWORDS
        ):
            yield path, lineno, message, comments, context


def _data_messages():
    """The text values of the data package that pages show (:data:`kzdiaspora.data.TRANSLATED`):
    (file, message, context) for each distinct non-empty value, in the order of the table."""
    for name, columns in sorted(data.TRANSLATED.items()):
        path = paths.DATAPACKAGE.parent / data.resource(name)["path"]
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in columns:
            for value in dict.fromkeys(table[column]):
                if value:
                    yield path.relative_to(paths.ROOT).as_posix(), value, f"{name}.{column}"


def template() -> Catalog:
    """The catalog template: every message of the library and the chapter templates, the
    text values of the data package that pages show, and the titles and descriptions of its
    descriptors (:func:`kzdiaspora.data.descriptor_texts`)."""
    catalog = Catalog(project=PROJECT, charset="utf-8", creation_date=DATE)
    library = paths.ROOT / "src" / "kzdiaspora"
    for filename, lineno, message, comments, context in extract_from_dir(
        library, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(f"src/kzdiaspora/{filename}", lineno)], context=context)
    for path in sorted((paths.BOOK / "chapters").glob("*.md")):
        for _path, lineno, message, comments, context in _template_messages(path):
            catalog.add(message, locations=[(path.relative_to(paths.ROOT).as_posix(), lineno)], context=context)
    for filename, message, context in _data_messages():
        catalog.add(message, locations=[(filename, 0)], context=context)
    for filename, message, kind in data.descriptor_texts():
        # titles and descriptions of the package's descriptors (kzdiaspora.data.described)
        catalog.add(message, locations=[(filename, 0)], context=f"datapackage.{kind}")
    return catalog


def po_path(language: str) -> Path:
    return i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def update(languages=i18n.LANGUAGES[1:]) -> list[Path]:
    """Update each language's catalog from :func:`template`; returns the files written."""
    pot = template()
    written = []
    for language in languages:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=language, domain=i18n.DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=i18n.DOMAIN, project=PROJECT, charset="utf-8")
        catalog.update(pot, no_fuzzy_matching=False)
        # the plural rule (CLDR) comes with the locale; the header itself is never fuzzy
        catalog.header_comment, catalog.fuzzy = COMMENT, False
        catalog.creation_date = catalog.revision_date = DATE
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, sort_output=True, include_lineno=False, width=100)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in update():
        print(written.relative_to(paths.ROOT))
