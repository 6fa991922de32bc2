"""Shared fixtures: a throw-away copy of the data package to corrupt, the project's paths, one
strict build of the whole book per test run (and a second one, for the determinism checks), and
helpers to read the built pages."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from kzdiaspora import i18n, paths
from kzdiaspora_book import runner, sandbox

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


class PackageCopy:
    """A copy of data/ and references.bib in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path):
        self.data = root / "data"
        shutil.copytree(paths.DATA, self.data)
        self.bib = root / "references.bib"
        shutil.copy(paths.BIBLIOGRAPHY, self.bib)
        self.datapackage = self.data / "datapackage.json"

    def path(self, name: str) -> Path:
        return self.data / name

    def lines(self, name: str) -> list[str]:
        return self.path(name).read_text(encoding="utf-8").splitlines()

    def write_lines(self, name: str, lines: list[str]) -> None:
        self.path(name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def set_cell(self, name: str, line: int, column: str, value: str) -> None:
        """Replace one cell (``line`` counted from 1, the header being line 1)."""
        import csv
        import io

        rows = list(csv.reader(io.StringIO(self.path(name).read_text(encoding="utf-8"))))
        rows[line - 1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        self.path(name).write_text(out.getvalue(), encoding="utf-8")

    def kwargs(self) -> dict:
        return {"datapackage": self.datapackage, "bibfile": self.bib}


@pytest.fixture
def russian():
    """The text written by code in Russian for the test, in English again after it."""
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


@pytest.fixture
def pkg(tmp_path) -> PackageCopy:
    return PackageCopy(tmp_path)


def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def planned_pages() -> list[runner.Page]:
    return runner.plan(book_config()["sphinx"]["config"]["papermill_jobs"], ROOT / "book")


def toc_docnames() -> list[str]:
    """Every document of the table of contents, in reading order (a glob lists the planned pages
    it matches, in the plan's order, as the book's Sphinx extension does)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    planned = [page.docname for page in planned_pages()]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            if "glob" in entry:
                names.extend(d for d in planned if fnmatch.fnmatchcase(d, entry["glob"]))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


@dataclass
class Build:
    project: Path  # the copy of the project that was built
    html: Path  # the site
    log: str  # everything jupyter-book printed
    returncode: int


def build_copy(tmp_path_factory, name: str) -> Build:
    """Build the book from scratch, strictly, from a fresh copy of this checkout."""
    project = sandbox.copy_project(tmp_path_factory.mktemp(f"{name}-project"))
    out = tmp_path_factory.mktemp(f"{name}-out")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "--path-output", str(out), "book/"],
        cwd=project,
        env=sandbox.environment(project),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return Build(project, out / "_build" / "html", proc.stdout + proc.stderr, proc.returncode)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Build:
    """The book built from scratch, strictly, from a copy of this checkout (slow: a minute or so).

    With ``BOOK_BUILD_LOG=<file>`` and ``BOOK_BUILD_OUT=<folder>``, the tests read a build made
    beforehand (``jupyter-book build -W -n --keep-going --path-output <folder> book/ > <file> 2>&1``
    in this checkout) instead: quicker when working on the tests themselves."""
    log, out = os.environ.get("BOOK_BUILD_LOG"), os.environ.get("BOOK_BUILD_OUT")
    if log and out:
        return Build(ROOT, Path(out) / "_build" / "html", Path(log).read_text(encoding="utf-8"), 0)
    return build_copy(tmp_path_factory, "first")


@pytest.fixture(scope="session")
def second_build(tmp_path_factory, built_book) -> Build:
    """Another clean build from another copy, after the first (for the determinism checks)."""
    build = build_copy(tmp_path_factory, "second")
    if build.returncode != 0:
        pytest.fail(f"second build failed (exit {build.returncode}):\n{build.log[-6000:]}")
    return build


@pytest.fixture(scope="session")
def site(built_book) -> Path:
    """The built site; fails (once per test) if the build did not succeed."""
    if built_book.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {built_book.returncode}):\n{built_book.log[-6000:]}")
    return built_book.html


# --- reading the built site -------------------------------------------------------------------

#: The languages of the book's editions: the English site, and the Russian one in its ``ru/`` folder.
EDITIONS = ("en", "ru")


def edition_page(docname: str, language: str) -> str:
    """The page ``docname`` of an edition, relative to the site (``ru/policy`` for Russian)."""
    return docname if language == "en" else f"{language}/{docname}"


def edition_site(site: Path, language: str) -> Path:
    """The folder of an edition's pages in the built site: the site itself for English, ``ru/``
    for Russian (the same page paths in both)."""
    return site if language == "en" else site / language


def page_html(site: Path, docname: str) -> str:
    return (site / f"{docname}.html").read_text(encoding="utf-8")


def article(site: Path, docname: str):
    """The article of a built page (its content, without the theme's navigation), parsed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html(site, docname), "html.parser")
    found = soup.find("article", class_="bd-article")
    assert found is not None, f"{docname}: no <article class=bd-article>"
    return found


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (the book's pages, the index, search, the redirect)."""
    return sorted(p for p in site.rglob("*.html") if not any(d.startswith("_") for d in p.relative_to(site).parts))


_EMBED = re.compile(r'vegaEmbed\(document\.getElementById\("([^"]+)"\), ')


def chart_specs(site: Path, docname: str) -> dict[str, dict]:
    """The Vega-Lite specification of every chart of a built page, by the id of its element."""
    text = page_html(site, docname)
    decoder = json.JSONDecoder()
    specs = {}
    for match in _EMBED.finditer(text):
        specs[match.group(1)], _ = decoder.raw_decode(text, match.end())
    return specs


# --- the site in a browser (headless Debian Chromium driven by Playwright) ---------------------

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    # a second fence behind request routing: no host name resolves except loopback
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
INSTALL = "install Debian's Chromium (`apt-get install chromium`) and Playwright (`uv sync --extra test`)"
CHART = '[id^="altair-viz-"]'


def _unavailable(reason: str, install: str = INSTALL, kind: str = "browser"):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; {kind} tests never skip under CI: {install}")
    pytest.skip(f"{reason}: {install}")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def local_url(url: str, mode: str) -> bool:
    """Whether a request stays on this machine (the built site over http://127.0.0.1 or file://)."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    if mode == "file":
        return parsed.scheme == "file"
    return parsed.scheme == "http" and parsed.hostname == "127.0.0.1"


@dataclass
class Visit:
    page: object  # the Playwright page
    left: list = field(default_factory=list)  # requests that tried to leave the machine
    errors: list = field(default_factory=list)  # console errors and uncaught exceptions
    response: object = None  # the response to the page request


@contextlib.contextmanager
def visit(browser, base: str, docname: str, mode: str = "http", **options):
    """Open a page of the site in a fresh browser context (``options``: viewport, colour
    scheme...) with every request that would leave the machine blocked and recorded."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(service_workers="block", **options)
    record = Visit(page=None)

    def route(r):
        if local_url(r.request.url, mode):
            r.continue_()
        else:
            record.left.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    record.page = page
    page.on("request", lambda req: None if local_url(req.url, mode) else record.left.append(req.url))
    page.on(
        "console", lambda msg: record.errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
    )
    page.on("pageerror", lambda exc: record.errors.append(f"page error: {exc}"))
    try:
        record.response = page.goto(f"{base}/{docname}.html", wait_until="load")
        yield record
    finally:
        context.close()


def wait_for_charts(page, timeout: int = 20_000) -> int:
    """Wait until every chart of the page has drawn its marks; returns the number of charts."""
    charts = page.locator(CHART).count()
    if charts:
        page.wait_for_function(
            """n => {
                const drawn = [...document.querySelectorAll('[id^="altair-viz-"]')].filter(
                    el => el.querySelector('svg.marks .role-mark, svg.marks path, svg.marks rect'));
                return drawn.length === n;
            }""",
            arg=charts,
            timeout=timeout,
        )
    return charts


# --- the PDF edition (TeX Live and poppler) ----------------------------------------------------

TEX_TOOLS = ("xelatex", "latexmk", "make", "pdftotext", "pdfinfo", "pdffonts", "pdftoppm")
TEX_INSTALL = 'install the Debian packages the README lists under "Build the PDF edition"'


@dataclass
class Edition:
    pdf: Path  # the PDF, where the LaTeX build wrote it
    site: Path  # the site, into which the documented step copied it
    log: str  # everything the build printed (Sphinx, then LaTeX)
    latex_log: str  # xelatex's log of its last run
    returncode: int


@pytest.fixture(scope="session")
def edition(site, built_book) -> Edition:
    """The PDF edition built by the README's step (``python -m kzdiaspora_book.pdf``), strictly
    (``-W -n --keep-going``), from the same build as the site's tests: it reuses the executed
    pages, so it adds the LaTeX build alone (a few tens of seconds)."""
    from kzdiaspora_book.pdf import target_name

    missing = [tool for tool in TEX_TOOLS if not shutil.which(tool)]
    if missing:
        _unavailable(f"{', '.join(missing)} not found", TEX_INSTALL, "PDF")
    out = site.parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "kzdiaspora_book.pdf", "-W", "-n", "--keep-going", "--path-output", str(out), "book/"],
        cwd=built_book.project,
        env=sandbox.environment(built_book.project),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    pdf = out / "_build" / "latex" / target_name(ROOT / "_config.yml")
    latex_log = pdf.with_suffix(".log")
    log = latex_log.read_text(encoding="utf-8", errors="replace") if latex_log.is_file() else ""
    return Edition(pdf, site, proc.stdout + proc.stderr, log, proc.returncode)


@pytest.fixture(scope="session")
def pdf(edition) -> Path:
    """The PDF edition; fails (once per test) if it was not built."""
    if edition.returncode != 0 or not edition.pdf.is_file():
        pytest.fail(f"the PDF build failed (exit {edition.returncode}):\n{edition.log[-6000:]}")
    return edition.pdf
