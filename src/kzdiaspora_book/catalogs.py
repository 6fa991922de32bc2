"""The translation catalogs: the text written by code, and the prose of the pages.

``python -m kzdiaspora_book.catalogs`` updates both kinds of catalog of every language of the
edition but English, from what the sources say now:

* the library's catalog ``src/kzdiaspora/locale/<language>/LC_MESSAGES/kzdiaspora.po``: every
  message marked with ``_``, ``N_``, ``ngettext`` or ``pgettext`` in the library
  (``src/kzdiaspora/``) and in the code cells of the chapter templates (``book/chapters/*.md``,
  read as notebooks by Jupytext), and the data texts pages show (:func:`template`); written
  sorted by message, with the file (not the line) each comes from;
* the page catalogs ``book/locale/<language>/LC_MESSAGES/<page>.po``: Sphinx's gettext builder
  extracts the prose and headings of every page of the book, executed as for the site (through
  Jupyter Book, into ``_build/catalogs/``; pages whose inputs did not change are not executed
  again), and each page's catalog is updated from its template with Babel, as ``sphinx-intl
  update`` does (same layout: the order of the page, width 76).

In both, new messages are added untranslated, changed ones keep their old translation marked
fuzzy (for a translator to review), and vanished ones are dropped, not kept as obsolete. Updating
is deterministic: the header's dates are fixed and its project is the book's title, and a page
catalog whose messages did not change is not written at all (whatever its header or line
wrapping), so running the command twice, or on catalogs already up to date, changes no file.
``--rewrite`` writes every page catalog in the command's own layout (for a one-off
normalisation); ``--pot <folder>`` updates the page catalogs from templates extracted before.
"""

from __future__ import annotations

import argparse
import datetime
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml
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
    """Update each language's catalog from :func:`template`; returns the files written (those
    whose text changed)."""
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
        out = io.BytesIO()
        write_po(out, catalog, sort_output=True, include_lineno=False, width=100, ignore_obsolete=True)
        if not path.exists() or path.read_bytes() != out.getvalue():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(out.getvalue())
            written.append(path)
    return written


# --- the page catalogs ----------------------------------------------------------------------

#: Where the page catalogs are: ``<language>/LC_MESSAGES/<page>.po`` (``locale_dirs`` in _config.yml).
PAGE_LOCALE = paths.BOOK / "locale"
#: sphinx-intl's line width, with which the page catalogs were first written.
PAGE_WIDTH = 76
PAGE_COMMENT = "# The prose of a page of the book; see kzdiaspora_book/catalogs.py."


def book_title(root: Path = paths.ROOT) -> str:
    """The book's title (``title`` in ``_config.yml``): the project named in catalog headers."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))["title"]


def extract_pages(output: Path, root: Path = paths.ROOT, env: dict | None = None) -> Path:
    """Extract the prose of every page of the book in ``root`` with Sphinx's gettext builder,
    through Jupyter Book (which executes the pages first, as for the site, unless they are up to
    date), into ``output``, with the environment variables ``env`` (default: this process's);
    returns the folder of the templates, ``<page>.pot`` for each page. Raises
    :class:`subprocess.CalledProcessError` (with the build's output) if the build fails."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", "book/", "--builder", "custom", "--custom-builder", "gettext"]
    subprocess.run(
        [*command, "--path-output", str(output)],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    return Path(output) / "_build" / "gettext"


def page_templates(pot_dir: Path) -> dict[str, Catalog]:
    """The templates extracted by :func:`extract_pages`, by page (``profiles/UZB``). Not the
    builder's ``sphinx.pot``: the words of the HTML templates, whose catalog ``sphinx.po`` holds
    by hand only those without a translation in Sphinx or the theme (an empty message there would
    replace a Russian word of Sphinx's own catalog by the English)."""
    templates = {}
    for path in sorted(Path(pot_dir).rglob("*.pot")):
        if path.relative_to(pot_dir).as_posix() == "sphinx.pot":
            continue
        with path.open("rb") as f:
            templates[path.relative_to(pot_dir).with_suffix("").as_posix()] = read_po(f)
    return templates


def page_po_path(page: str, language: str, locale_dir: Path = PAGE_LOCALE) -> Path:
    return Path(locale_dir) / language / "LC_MESSAGES" / f"{page}.po"


def read_page_catalog(path: Path, language: str) -> Catalog:
    """A page catalog as Babel reads it (``catalog.obsolete`` holds its obsolete entries)."""
    with Path(path).open("rb") as f:
        return read_po(f, locale=language)


def _messages(catalog: Catalog) -> list[tuple]:
    """What a catalog says, apart from its header: its messages in order, and its obsolete ones."""

    def fields(message) -> tuple:
        return (
            message.id,
            message.string,
            message.context,
            sorted(message.flags),
            message.auto_comments,
            message.user_comments,
            message.previous_id,
            message.locations,
        )

    return [fields(m) for m in catalog if m.id] + [("obsolete", fields(m)) for m in catalog.obsolete.values()]


def updated_page_catalog(template: Catalog, existing: Catalog | None, language: str, project: str) -> Catalog:
    """The page catalog ``existing`` (``None``: a new one) updated from the page's ``template``
    (fuzzy matching on, obsolete messages dropped), with a fixed header."""
    catalog = existing if existing is not None else Catalog(locale=language, charset="utf-8")
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    catalog.project, catalog.version, catalog.header_comment, catalog.fuzzy = project, "", PAGE_COMMENT, False
    catalog.creation_date = catalog.revision_date = DATE
    return catalog


def write_page_catalog(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=PAGE_WIDTH, ignore_obsolete=True)


def update_pages(
    pot_dir: Path,
    languages=i18n.LANGUAGES[1:],
    locale_dir: Path = PAGE_LOCALE,
    *,
    project: str | None = None,
    rewrite: bool = False,
) -> list[Path]:
    """Update the page catalogs of each language from the templates in ``pot_dir``
    (:func:`extract_pages`); returns the files written: new catalogs, and those whose messages
    changed (all of them with ``rewrite``). A catalog whose page is gone is left for a person to
    delete (its translations may serve a renamed page)."""
    project = project or book_title()
    written = []
    for page, template in page_templates(pot_dir).items():
        for language in languages:
            path = page_po_path(page, language, locale_dir)
            existing = read_page_catalog(path, language) if path.exists() else None
            before = _messages(existing) if existing is not None else None
            catalog = updated_page_catalog(template, existing, language, project)
            if rewrite or before != _messages(catalog):
                write_page_catalog(path, catalog)
                written.append(path)
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kzdiaspora_book.catalogs", description=__doc__.split("\n")[0])
    parser.add_argument("--pot", type=Path, help="page templates extracted before (skips the gettext build)")
    parser.add_argument("--rewrite", action="store_true", help="write every page catalog, changed or not")
    args = parser.parse_args(argv)
    for written in update():
        print(written.relative_to(paths.ROOT))
    try:
        pot_dir = args.pot or extract_pages(paths.ROOT / "_build" / "catalogs")
    except subprocess.CalledProcessError as exc:
        failed = f"the gettext build failed (exit {exc.returncode}): page catalogs not updated"
        sys.exit(f"{exc.stdout}{exc.stderr}\n{failed}")
    for written in update_pages(pot_dir, rewrite=args.rewrite):
        print(written.relative_to(paths.ROOT))


if __name__ == "__main__":
    main()
