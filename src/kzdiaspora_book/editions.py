"""The book's editions: English (the original) and Russian, built by one command.

``jupyter-book build book/`` builds the English site into ``_build/html/``; when that build has
finished, this module builds the Russian edition into ``_build/html/ru/`` (the same page paths)
in a separate process, ``python -m kzdiaspora_book.editions ru``, with the English build's
strictness (``-W``, ``-n``, ``--keep-going``). A failure of the Russian build fails the command.

* **Sources.** The Russian edition reads its pages from ``_book_ru/`` at the project's root: links
  to every file of ``book/`` (the static pages, the templates, the catalogs under
  ``book/locale/``), with the executed notebooks of its own. The papermill runner executes each
  template there with the extra parameter ``language = "ru"``; a page is executed again only when
  what it depends on changed, as for the English pages. The folder sits beside ``book/`` so that
  the files a page publishes (``_generated/<page>/``) resolve from either folder.
* **Configuration.** The same ``_config.yml``, with ``language = "ru"``; Sphinx then reads the
  translations of ``book/locale/ru/LC_MESSAGES/``, the Russian interface strings of Sphinx and of
  the theme, and this extension's own strings (``locale/ru/LC_MESSAGES/kzdiaspora_book.po``, the
  how-this-page-was-made box, the download menu). The captions of the table of contents, which
  Sphinx's gettext builder collects into the root page's catalog but applies before the table of
  contents exists, are translated here. The PDF is called ``<name>-ru.pdf``.
* **Which editions.** Those the book has catalogs for (``book/locale/ru/``: Russian), or those
  ``book_editions`` lists (in ``sphinx.config`` of ``_config.yml``); ``[]`` builds the English site alone.
* **The language switch.** Every page of either edition links the same page in the other
  language (``book/_templates/language-switch.html``, in the header beside the theme's buttons),
  and names both in ``<link rel="alternate" hreflang>``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.locale import get_translation
from sphinx.util import logging

from . import runner

logger = logging.getLogger(__name__)

#: The language the book is written in, and the languages of its editions, with their names.
ORIGINAL = "en"
LANGUAGES = {"en": "English", "ru": "Русский"}
#: This extension's gettext domain (its strings on the pages) and where its catalogs are.
DOMAIN = "kzdiaspora_book"
LOCALE = Path(__file__).parent / "locale"
TEMPLATES = "_templates"
SWITCH = "language-switch.html"
#: sphinx-book-theme's header components and sidebar (its defaults): those with a copy
#: ``book-<name>`` in ``book/_templates`` (the same markup, its words translatable) are replaced by it.
THEME_DEFAULTS = {
    "article_header_start": "toggle-primary-sidebar.html",
    "article_header_end": "article-header-buttons.html",
}
SIDEBAR = ["navbar-logo.html", "icon-links.html", "search-button-field.html", "sbt-sidebar-nav.html"]
#: sphinx-book-theme's gettext domain: its strings without an upstream Russian translation are in
#: ``book/locale/ru/LC_MESSAGES/booktheme.po`` (pydata-sphinx-theme's in ``sphinx.po``, read by Sphinx).
THEME_DOMAIN = "booktheme"
#: This extension's words in the language of the build (``_`` in the modules that write pages).
translate = get_translation(DOMAIN)
_ = translate


def source_dir(root: Path, language: str) -> Path:
    """Where an edition's sources are (``_book_ru/`` for Russian), beside ``book/``."""
    return Path(root) / f"_book_{language}"


def output_dirs(build: Path, language: str, builder: str = "html") -> tuple[Path, Path]:
    """(output folder, doctree folder) of an edition in the ``_build`` folder ``build``:
    ``_build/html/ru`` for the site, ``_build/latex-ru`` for the PDF, ``_build/.doctrees-ru``."""
    out = build / "html" / language if builder == "html" else build / f"latex-{language}"
    return out, build / f".doctrees-{language}"


def prepare_sources(book: Path, target: Path, jobs) -> Path:
    """Make ``target`` the source folder of an edition: a relative symbolic link to every entry of
    ``book`` except the executed notebooks, the files they publish and build folders; the folders
    that hold executed notebooks are made as folders, their other entries linked. Returns target."""
    book, target = Path(book).resolve(), Path(target)
    outputs = {page.output for page in runner.plan(jobs, book)}
    own = {p for out in outputs for p in out.relative_to(book).parents if p != Path(".")}
    skip = {runner.ASSETS_DIR, "_build"}

    def mirror(folder: Path) -> None:
        (target / folder).mkdir(parents=True, exist_ok=True)
        for stale in (target / folder).iterdir():  # a link to a file no longer in the book
            if stale.is_symlink() and not (book / folder / stale.name).exists():
                stale.unlink()
        for entry in sorted((book / folder).iterdir()):
            rel = entry.relative_to(book)
            link = target / rel
            if rel in own:
                mirror(rel)
            elif entry.name not in skip and entry not in outputs and entry.suffix != ".ipynb":
                wanted = os.path.relpath(entry, link.parent)
                if link.is_symlink() and os.readlink(link) == wanted:
                    continue
                if link.is_symlink() or link.is_file():
                    link.unlink()
                link.symlink_to(wanted)

    mirror(Path("."))
    for folder in own:  # a folder of executed notebooks not made yet (no page run so far)
        (target / folder).mkdir(parents=True, exist_ok=True)
    return target


def translated_jobs(jobs, language: str) -> list[dict]:
    """The papermill jobs with ``language`` added to every page's parameters."""
    return [{**job, "parameters": {**(job.get("parameters") or {}), "language": language}} for job in jobs]


def options_text(config, name: str) -> str:
    """The text of the theme option ``name`` (Jupyter Book's default where the book sets none)."""
    return config.html_theme_options.get(name) or "Search this book..."


def compile_catalogs(locale: Path = LOCALE, domain: str = "*") -> None:
    """Write the ``.mo`` file of each ``.po`` catalog of ``domain`` (every one by default) under
    ``locale`` that is newer than it (Sphinx compiles the book's page catalogs in its build, after
    the theme has loaded its own catalog, and never an extension's)."""
    # Babel is needed only for a translated edition: imported here, not with the module
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path(locale).glob(f"*/LC_MESSAGES/{domain}.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with open(po, "rb") as fh:
            catalog = read_po(fh)
        with open(mo, "wb") as fh:
            write_mo(fh, catalog)


def translate_captions(app, config) -> None:
    """``config-inited``: the captions of the table of contents in the edition's language, from
    the root page's catalog (``book/locale/<language>/LC_MESSAGES/<root>.po``), where Sphinx's
    gettext builder puts them; a caption without a translation stays as it is."""
    site_map = getattr(config, "external_site_map", None)
    if site_map is None or config.language == ORIGINAL:
        return
    # Babel is needed only for a translated edition: imported here, not with the module
    from babel.messages.pofile import read_po

    translations = {}
    for folder in config.locale_dirs:
        po = Path(app.srcdir) / folder / config.language / "LC_MESSAGES" / f"{site_map.root.docname}.po"
        if po.is_file():
            with open(po, "rb") as fh:
                translations |= {m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy}
    for document in site_map.values():
        for subtree in document.subtrees:
            if subtree.caption in translations:
                subtree.caption = translations[subtree.caption]


def configure(app, config) -> None:
    """``config-inited``: the switch in the header of every page; for a translated edition, its
    pages' ``language`` parameter and the PDF's name."""
    templates = Path(app.srcdir) / TEMPLATES
    if (templates / SWITCH).is_file():
        config.templates_path.append(str(templates))
        options = config.html_theme_options
        for option, default in THEME_DEFAULTS.items():
            items = options.get(option) or default
            items = [h.strip() for h in items.split(",")] if isinstance(items, str) else list(items)
            # the theme's components whose words are not translatable, by copies whose words are
            items = [f"book-{h}" if (templates / f"book-{h}").is_file() else h for h in items]
            options[option] = [SWITCH, *items] if option == "article_header_end" else items
        if not config.html_sidebars:
            config.html_sidebars = {"**": [f"book-{h}" if (templates / f"book-{h}").is_file() else h for h in SIDEBAR]}
    if config.language == ORIGINAL:
        return
    config.papermill_jobs = translated_jobs(config.papermill_jobs, config.language)
    # the book's own words in the configuration, and the theme's and myst-nb's that no catalog translates
    config.html_theme_options["search_bar_text"] = str(_(options_text(config, "search_bar_text")))
    for name in ("nb_code_prompt_show", "nb_code_prompt_hide"):
        setattr(config, name, str(_(getattr(config, name))))
    for name in ("html_title", "author", "copyright"):
        if getattr(config, name, None):
            setattr(config, name, str(_(getattr(config, name))))
    theme_catalogs = Path(app.srcdir) / config.locale_dirs[0] if config.locale_dirs else None
    if theme_catalogs and (theme_catalogs / config.language / "LC_MESSAGES" / f"{THEME_DOMAIN}.po").is_file():
        compile_catalogs(theme_catalogs, THEME_DOMAIN)
        app.add_message_catalog(THEME_DOMAIN, str(theme_catalogs))
    # the library's words that this extension puts on pages (the legend of the verdict marks)
    from kzdiaspora import i18n

    i18n.set_language(config.language)


def own_output_folder(app) -> None:
    """``builder-inited``, after myst-nb's: a translated edition keeps the files myst-nb writes
    (glue shared across pages, images) in ``_build/jupyter_execute-<language>``, not in the
    folder above its output (``_build/html``, the English site)."""
    language = app.config.language or ORIGINAL
    if language == ORIGINAL or not hasattr(app.env, "mystnb_config"):
        return
    folder = str(Path(app.doctreedir).parent / f"jupyter_execute-{language}")
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=folder, execution_cache_path=folder)


def rename_pdf(app, env) -> None:
    """``env-updated``: a translated edition's PDF is ``<name>-<language>.pdf`` (set here, after
    Jupyter Book has set the name from ``_config.yml``, before any page is written)."""
    language = app.config.language or ORIGINAL
    if language == ORIGINAL:
        return
    suffix = f"-{language}.tex"
    app.config.latex_documents = [
        (doc[0], doc[1] if doc[1].endswith(suffix) else f"{Path(doc[1]).stem}{suffix}", *doc[2:])
        for doc in app.config.latex_documents
    ]


def links(pagename: str, language: str) -> dict[str, str]:
    """The address of page ``pagename`` in each edition, relative to that page in ``language``:
    ``{"en": "../policy.html", "ru": "policy.html"}`` from the Russian ``policy``."""
    up = "../" * pagename.count("/")
    top = up if language == ORIGINAL else up + "../"  # the English site's root folder

    def address(lang: str) -> str:
        if lang == language:
            return f"{up}{pagename}.html"
        return f"{top}{pagename}.html" if lang == ORIGINAL else f"{top}{lang}/{pagename}.html"

    return {lang: address(lang) for lang in LANGUAGES}


def switch(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the other editions of the page, for the switch (``editions``: their
    language, name and address) and for ``<link rel="alternate" hreflang>``."""
    language = app.config.language or ORIGINAL
    if language not in LANGUAGES:
        return
    addresses = links(pagename, language)
    context["editions"] = [
        {"language": lang, "name": name, "url": addresses[lang]} for lang, name in LANGUAGES.items() if lang != language
    ]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{lang}" href="{url}" />' for lang, url in addresses.items()
    )


#: Words myst-nb writes into a page's HTML itself, out of any catalog's reach.
MYSTNB_LABELS = ('<summary aria-label="{}">', "Toggle hidden content")


def translate_labels(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: in a translated edition, the label myst-nb gives the button that
    shows a cell's hidden code."""
    if (app.config.language or ORIGINAL) != ORIGINAL and "body" in context:
        markup, label = MYSTNB_LABELS
        context["body"] = context["body"].replace(markup.format(label), markup.format(_(label)))


def translate_script_strings(app, exception) -> None:
    """``build-finished``: in a translated edition, the words of Sphinx's scripts (the search
    page's status line) that Sphinx's catalog for the language leaves empty, from the book's
    ``sphinx.po`` (``book/locale/<language>/LC_MESSAGES/``). Sphinx copies its ready-made
    ``_static/translations.js`` and never reads a book's catalog for its scripts; the file is
    rewritten with those messages filled in, the others as they were."""
    language = app.config.language or ORIGINAL
    script = Path(app.outdir) / "_static" / "translations.js"
    if exception is not None or language == ORIGINAL or not script.is_file():
        return
    # Babel is needed only for a translated edition: imported here, not with the module
    from babel.messages.pofile import read_po

    book = {}
    for folder in app.config.locale_dirs:
        po = Path(app.srcdir) / folder / language / "LC_MESSAGES" / "sphinx.po"
        if po.is_file():
            with open(po, "rb") as fh:
                book |= {m.id: m.string for m in read_po(fh) if isinstance(m.id, str) and m.string and not m.fuzzy}
    text = script.read_text(encoding="utf-8")
    head, body = text.split("(", 1)
    body, tail = body.rsplit(")", 1)
    strings = json.loads(body)
    empty = {key: book[key] for key, value in strings["messages"].items() if not value and book.get(key)}
    if empty:
        strings["messages"] |= empty
        script.write_text(f"{head}({json.dumps(strings, indent=4, sort_keys=True)}){tail}", encoding="utf-8")


def planned_editions(app) -> list[str]:
    """The editions to build after the English site: ``book_editions`` if set, otherwise every
    language of :data:`LANGUAGES` that the book has catalogs for (``book/locale/<language>/``)."""
    if app.config.book_editions is not None:
        return list(app.config.book_editions)
    folders = [Path(app.srcdir) / folder for folder in app.config.locale_dirs]
    return [lang for lang in LANGUAGES if lang != ORIGINAL and any((f / lang).is_dir() for f in folders)]


def build_editions(app, exception) -> None:
    """``build-finished``: after the English site, build the other editions, as strictly."""
    if exception is not None or app.builder.name != "html" or (app.config.language or ORIGINAL) != ORIGINAL:
        return
    for language in planned_editions(app):
        flags = ["-W", "--keep-going"] if app.keep_going else ["-W"] if app.warningiserror else []
        flags += ["-n"] if app.config.nitpicky else []
        logger.info(f"[editions] building the {LANGUAGES[language]} edition ({language})")
        started = time.perf_counter()
        status = build(language, Path(app.srcdir), Path(app.doctreedir).parent, flags, app.config.external_toc_path)
        if status:
            raise ExtensionError(f"the build of the edition in {language!r} failed (exit {status}): see above")
        logger.info(f"[editions] the {language} edition built in {time.perf_counter() - started:.1f} s")


def build(language: str, book: Path, build_dir: Path, flags=(), toc=None, builder: str = "html") -> int:
    """Build one edition in a separate process; returns its exit status."""
    command = [sys.executable, "-m", __name__, language, str(book), "--build-dir", str(build_dir), *flags]
    command += ["--builder", builder] + (["--toc", str(toc)] if toc else [])
    return subprocess.run(command).returncode


def main(argv=None) -> int:
    """``python -m kzdiaspora_book.editions <language> [book]``: build that edition (see the module)."""
    # jupyter-book's own build function and its post-build step (the PDF's make), as its CLI runs them
    from jupyter_book.cli.main import builder_specific_actions
    from jupyter_book.sphinx import build_sphinx

    ap = argparse.ArgumentParser(prog=f"python -m {__name__}", description=main.__doc__)
    ap.add_argument("language", choices=[lang for lang in LANGUAGES if lang != ORIGINAL])
    ap.add_argument("book", nargs="?", default="book")
    ap.add_argument("--build-dir", help="the _build folder (default: _build beside _config.yml)")
    ap.add_argument("--builder", default="html", choices=["html", "latex", "pdflatex"])
    ap.add_argument("--toc", help="the table of contents (default: _toc.yml of the book)")
    ap.add_argument("-W", action="store_true", dest="strict")
    ap.add_argument("-n", action="store_true", dest="nitpicky")
    ap.add_argument("--keep-going", action="store_true")
    a = ap.parse_args(argv)
    book = Path(a.book).resolve()
    config = runner.find_config(book)
    root = config.parent
    jobs = _jobs(config)
    source = prepare_sources(book, source_dir(root, a.language), jobs)
    build_dir = Path(a.build_dir or root / "_build").resolve()
    out, doctrees = output_dirs(build_dir, a.language, "html" if a.builder == "html" else "latex")
    overrides = {"language": a.language, "papermill_root": str(root), "latex_individualpages": False}
    overrides |= {"external_toc_path": str(Path(a.toc or book / "_toc.yml").resolve())}
    overrides |= {"nitpicky": True} if a.nitpicky else {}
    result = build_sphinx(
        source,
        out,
        noconfig=True,
        path_config=str(config),
        confoverrides=overrides,
        doctreedir=doctrees,
        builder="latex" if a.builder == "pdflatex" else a.builder,
        warningiserror=a.strict,
        keep_going=a.keep_going,
    )
    if isinstance(result, Exception) or result:
        return result if isinstance(result, int) else 1
    builder_specific_actions(result, a.builder, out, "book", None, print)
    return 0


def _jobs(config: Path) -> list:
    # YAML is read only by the command, not by the extension
    import yaml

    return (yaml.safe_load(config.read_text(encoding="utf-8")) or {})["sphinx"]["config"].get("papermill_jobs", [])


def setup(app) -> None:
    # the editions built after the English site ([]: the English site alone; None: those with catalogs)
    app.add_config_value("book_editions", None, "", types=[list, type(None)])
    if (app.config.language or ORIGINAL) != ORIGINAL:
        compile_catalogs()
    app.add_message_catalog(DOMAIN, str(LOCALE))
    # the pages are written again when this extension's translations change (Sphinx compares the
    # values of "html" settings between builds)
    digest = hashlib.sha256(b"".join(po.read_bytes() for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))))
    app.add_config_value("book_strings_digest", digest.hexdigest()[:16], "html")
    app.connect("config-inited", configure)
    app.connect("config-inited", translate_captions, priority=902)  # after the toc is parsed (900, 901)
    app.connect("builder-inited", own_output_folder, priority=600)  # after myst-nb's (500)
    app.connect("env-updated", rename_pdf)
    app.connect("html-page-context", switch)
    app.connect("html-page-context", translate_labels)
    app.connect("build-finished", translate_script_strings)
    app.connect("build-finished", build_editions)


if __name__ == "__main__":
    sys.exit(main())
