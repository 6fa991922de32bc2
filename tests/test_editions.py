"""The book's two editions (kzdiaspora_book.editions): one command builds the English site and,
in ``ru/``, the Russian one; every page of each links the same page of the other, both ways, and
says its language; a failure of the Russian build fails the command."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import EDITIONS, JUPYTER_BOOK, ROOT, edition_site, html_pages, toc_docnames

from kzdiaspora_book import editions, launch, runner, sandbox
from kzdiaspora_book.pdf import target_name

OTHER = {"en": "ru", "ru": "en"}
SWITCH_TEXT = {"en": "Русский", "ru": "English"}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _resolve(page: Path, href: str) -> Path:
    return Path(posixpath.normpath(str(page.parent / urlsplit(href).path)))


# --- what the build writes ---------------------------------------------------------------------


@pytest.mark.slow
def test_one_command_builds_both_editions(site, built_book):
    for docname in toc_docnames():
        for language in EDITIONS:
            assert (edition_site(site, language) / f"{docname}.html").is_file(), f"{language}: no {docname}"
    assert (site / "ru" / "index.html").is_file()
    assert built_book.log.count("[editions] building the") == 1, "the Russian build must run once, and start none"


@pytest.mark.slow
@pytest.mark.parametrize("language", EDITIONS)
def test_pages_say_their_language(site, language):
    for page in html_pages(edition_site(site, language)):
        if language == "en" and page.relative_to(site).parts[0] == "ru":
            continue
        html = _soup(page).find("html")
        if html is None:
            continue  # the redirect of index.html
        assert html.get("lang") == language, f"{page}: <html lang={html.get('lang')!r}>"


@pytest.mark.slow
@pytest.mark.parametrize("language", EDITIONS)
def test_switch_leads_to_the_same_page_in_the_other_language(site, language):
    here = edition_site(site, language)
    for docname in toc_docnames():
        page = here / f"{docname}.html"
        links = _soup(page).select("a.book-language-link")
        assert len(links) == 1, f"{language} {docname}: {len(links)} language switches"
        link = links[0]
        assert link.get_text(strip=True) == SWITCH_TEXT[language]
        assert link.get("hreflang") == OTHER[language] and link.get("lang") == OTHER[language]
        target = _resolve(page, link["href"])
        assert target == edition_site(site, OTHER[language]) / f"{docname}.html", f"{language} {docname}"
        assert target.is_file()
        back = _soup(target).select_one("a.book-language-link")
        assert _resolve(target, back["href"]) == page, f"{docname}: the switch does not lead back"


@pytest.mark.slow
@pytest.mark.parametrize("language", EDITIONS)
def test_alternate_links_name_both_editions(site, language):
    here = edition_site(site, language)
    for docname in toc_docnames():
        page = here / f"{docname}.html"
        alternates = {e["hreflang"]: e["href"] for e in _soup(page).select('link[rel="alternate"][hreflang]')}
        assert set(alternates) == set(EDITIONS), f"{language} {docname}: {alternates}"
        for lang, href in alternates.items():
            assert _resolve(page, href) == edition_site(site, lang) / f"{docname}.html"


@pytest.mark.slow
def test_russian_interface_and_download_menu(site):
    """The theme's and the extension's words are Russian on the Russian pages; the download menu
    offers the Russian PDF."""
    soup = _soup(site / "ru" / "policy.html")
    pdf = soup.select_one(".btn-download-edition-pdf-button")
    assert pdf is not None and "Издание (PDF)" in pdf.get_text(" ", strip=True)
    assert pdf.get("href", "").endswith(target_name(ROOT / "_config.yml", "ru"))
    assert "Как сделана эта страница" in soup.select_one(".book-how-made summary").get_text()
    english = ("Search", "Contents", "Download", "How this page was made", "Last updated on", "Toggle navigation")
    texts = " ".join(soup.stripped_strings)
    assert not [word for word in english if word in texts]


@pytest.mark.slow
def test_russian_page_contents_label_logo_text_and_search_status(site):
    """The printed page contents' label and the launch buttons' logo text are Russian on the
    Russian pages (the English ones keep theirs); the search page's status line has Russian."""
    for language, label, alt in (("en", "Page", "Binder logo"), ("ru", "Содержание страницы", "логотип Binder")):
        soup = _soup(edition_site(site, language) / "methods.html")
        assert soup.select_one("#jb-print-toc nav")["aria-label"] == label
        assert soup.select_one(".dropdown-launch-buttons img")["alt"] == alt
    script = (site / "ru" / "_static" / "translations.js").read_text(encoding="utf-8")
    strings = json.loads(script.split("(", 1)[1].rsplit(")", 1)[0])
    assert strings["messages"]["Search finished, found ${resultCount} page(s) matching the search query."]


def test_script_strings_filled_from_the_book_catalog(tmp_path):
    """Messages of Sphinx's scripts left empty by Sphinx's catalog come from the book's sphinx.po;
    the others, and the English site, stay as they are."""
    static = tmp_path / "out" / "_static"
    static.mkdir(parents=True)
    script = static / "translations.js"
    original = 'Documentation.addTranslations({"locale": "ru", "messages": {"A": "", "B": "б", "C": ""}});'
    script.write_text(original, encoding="utf-8")
    po = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "sphinx.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "A"\nmsgstr "а"\n\nmsgid "B"\nmsgstr "бэ"\n', encoding="utf-8")
    app = SimpleNamespace(config=SimpleNamespace(language="en", locale_dirs=["locale"]), outdir=tmp_path / "out")
    app.srcdir = tmp_path
    editions.translate_script_strings(app, None)
    assert script.read_text(encoding="utf-8") == original
    app.config.language = "ru"
    editions.translate_script_strings(app, None)
    text = script.read_text(encoding="utf-8")
    assert text.startswith("Documentation.addTranslations(") and text.endswith(");")
    assert json.loads(text.split("(", 1)[1].rsplit(")", 1)[0])["messages"] == {"A": "а", "B": "б", "C": ""}


@pytest.mark.slow
def test_russian_toc_captions(site):
    """The parts of the navigation are Russian (translated in the root page's catalog)."""
    captions = [c.get_text(strip=True) for c in _soup(site / "ru" / "policy.html").select(".bd-docs-nav .caption-text")]
    english = [c.get_text(strip=True) for c in _soup(site / "policy.html").select(".bd-docs-nav .caption-text")]
    assert captions and len(captions) == len(english)
    assert not [c for c in captions if c in english], captions


@pytest.mark.slow
def test_russian_pages_were_executed_in_russian(built_book):
    for page in runner.plan(editions.translated_jobs(_jobs(), "ru"), editions.source_dir(built_book.project, "ru")):
        assert runner.stored(page.output)["parameters"]["language"] == "ru", page.docname


# --- the pieces --------------------------------------------------------------------------------


def _jobs():
    from conftest import book_config

    return book_config()["sphinx"]["config"]["papermill_jobs"]


def test_links_between_editions():
    assert editions.links("policy", "en") == {"en": "policy.html", "ru": "ru/policy.html"}
    assert editions.links("profiles/UZB", "en") == {"en": "../profiles/UZB.html", "ru": "../ru/profiles/UZB.html"}
    assert editions.links("profiles/UZB", "ru") == {"en": "../../profiles/UZB.html", "ru": "../profiles/UZB.html"}


def test_translated_jobs_add_the_language_parameter():
    jobs = editions.translated_jobs(_jobs(), "ru")
    pages = runner.plan(jobs, ROOT / "book")
    assert pages and all(page.parameters["language"] == "ru" for page in pages)
    assert all("language" not in page.parameters for page in runner.plan(_jobs(), ROOT / "book"))


def test_sources_of_an_edition_link_the_book(tmp_path):
    target = editions.prepare_sources(ROOT / "book", tmp_path / "_book_ru", _jobs())
    assert (target / "intro.md").is_symlink() and (target / "intro.md").read_text() == (
        ROOT / "book" / "intro.md"
    ).read_text(encoding="utf-8")
    assert (target / "chapters").is_symlink() and (target / "locale").is_symlink()
    assert (target / "profiles").is_dir() and not (target / "profiles").is_symlink()
    assert not list(target.rglob("*.ipynb")) and not (target / "_generated").exists()
    (target / "gone.md").symlink_to("../nowhere/gone.md")
    editions.prepare_sources(ROOT / "book", target, _jobs())  # again: nothing to change, no error
    assert not (target / "gone.md").is_symlink(), "a link to a page no longer in the book stays"


def test_binder_notebooks_of_both_editions(tmp_path):
    project = sandbox.copy_project(tmp_path / "project")
    written = launch.write(project, project / "book")
    russian = project / launch.path("policy", "ru")
    assert russian in written and (project / launch.path("policy")) in written
    assert '= "ru"' in next(line for line in russian.read_text().splitlines() if line.startswith("language"))
    assert launch.path("profiles/KGZ", "ru") == "notebooks/ru/profiles/KGZ.md"


def test_extension_strings_have_russian():
    """Every message the extension marks for translation (``_("…")`` in src/kzdiaspora_book) has a
    Russian translation in its catalog."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    marked = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "src" / "kzdiaspora_book", method_map=[("**.py", "python")], keywords={"_": None}
        )
    }
    with open(editions.LOCALE / "ru" / "LC_MESSAGES" / f"{editions.DOMAIN}.po", "rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string}
    assert marked and not marked - translated, sorted(marked - translated)


# --- a failing Russian build fails the command (a tiny book, built for real) --------------------

TINY_CONFIG = """\
title: Tiny
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions: [kzdiaspora_book.sphinxext]
  config:
    locale_dirs: [locale]
    gettext_compact: false
"""


def _tiny_book(root: Path, russian: str) -> Path:
    book = root / "book"
    (book / "locale" / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (root / "_config.yml").write_text(TINY_CONFIG, encoding="utf-8")
    (root / "data").mkdir()
    toc = "format: jb-book\nroot: intro\nparts:\n  - caption: Part one\n    chapters:\n      - file: second\n"
    (book / "_toc.yml").write_text(toc, encoding="utf-8")
    (book / "intro.md").write_text("# Tiny\n\nA sentence.\n", encoding="utf-8")
    (book / "second.md").write_text("# Second\n\nAnother sentence.\n", encoding="utf-8")
    shutil.copytree(ROOT / "book" / editions.TEMPLATES, book / editions.TEMPLATES)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po = f'{header}msgid "A sentence."\nmsgstr "{russian}"\n\nmsgid "Part one"\nmsgstr "Часть первая"\n'
    (book / "locale" / "ru" / "LC_MESSAGES" / "intro.po").write_text(po, encoding="utf-8")
    return book


@pytest.mark.parametrize(
    "russian, fails",
    [("Предложение.", False), ("Предложение со ссылкой на {ref}`нет-такой-метки`.", True)],
    ids=["russian-builds", "russian-fails"],
)
def test_russian_failure_fails_the_build(tmp_path, russian, fails):
    book = _tiny_book(tmp_path, russian)
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(book)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = proc.stdout + proc.stderr
    assert (tmp_path / "_build" / "html" / "intro.html").is_file(), log[-3000:]
    assert (proc.returncode != 0) == fails, log[-3000:]
    assert log.count("[editions] building the") == 1, log[-3000:]
    if not fails:
        ru = tmp_path / "_build" / "html" / "ru" / "intro.html"
        assert "Предложение." in ru.read_text(encoding="utf-8")
        assert 'lang="ru"' in ru.read_text(encoding="utf-8")
        assert "Часть первая" in ru.read_text(encoding="utf-8"), "the caption of the table of contents"
        assert "Часть первая" not in (tmp_path / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    else:
        assert "нет-такой-метки" in log


# --- the Russian PDF (built by the README's PDF step, after the English one) -------------------


@pytest.mark.slow
def test_russian_pdf_is_built_and_offered(edition, pdf):
    """The PDF step also typesets the Russian edition (XeLaTeX, polyglossia's Russian): A4, every
    font embedded, a Russian title page, copied into the Russian site, which links it."""
    name = target_name(ROOT / "_config.yml", "ru")
    russian = editions.output_dirs(edition.site.parent, "ru", "latex")[0] / name
    assert russian.is_file(), edition.log[-3000:]
    info = subprocess.run(["pdfinfo", str(russian)], check=True, capture_output=True, text=True).stdout
    assert "595.28 x 841.89 pts (A4)" in info
    fonts = subprocess.run(["pdffonts", str(russian)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # "emb" column
    title = subprocess.run(["pdftotext", "-l", "1", str(russian), "-"], check=True, capture_output=True, text=True)
    assert "Исполняемое издание статьи" in title.stdout
    assert (edition.site / "ru" / name).is_file()
    href = _soup(edition.site / "ru" / "policy.html").select_one(".btn-download-edition-pdf-button")["href"]
    assert _resolve(edition.site / "ru" / "policy.html", href) == edition.site / "ru" / name


@pytest.mark.slow
def test_russian_launch_buttons_open_the_russian_notebooks(site):
    """The Binder button of a Russian page opens its Russian launch notebook (``language = "ru"``)."""
    for page in runner.plan(_jobs(), ROOT / "book"):
        text = (site / "ru" / f"{page.docname}.html").read_text(encoding="utf-8")
        urls = re.findall(r'href="(https://mybinder\.org/[^"]+)"', text)
        assert urls and all(url.endswith(f"urlpath=lab/tree/{launch.path(page.docname, 'ru')}") for url in urls), (
            page.docname,
            urls,
        )
