"""The whole book, built from scratch and strictly (``-W -n --keep-going``) into a temporary folder."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import planned_pages, toc_docnames

from kzdiaspora_book import runner

pytestmark = pytest.mark.slow

SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")


class Resources(HTMLParser):
    """What a page makes the browser fetch: scripts, stylesheets, images, frames, media."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if (
            tag == "link"
            and attrs.get("href")
            and set((attrs.get("rel") or "").split())
            & {"stylesheet", "preload", "icon", "shortcut", "modulepreload", "manifest"}
        ):
            self.urls.append(attrs["href"])


def html(site: Path, docname: str) -> str:
    return (site / f"{docname}.html").read_text(encoding="utf-8")


def test_strict_build_succeeds_with_zero_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-6000:]
    problems = [line for line in built_book.log.splitlines() if SPHINX_PROBLEM.search(line)]
    assert problems == []
    assert "build succeeded" in built_book.log


def test_every_page_of_the_toc_is_built(site):
    docnames = toc_docnames()
    assert {"profiles/UZB", "profiles/KGZ", "profiles/TKM", "profiles/TJK"} <= set(docnames)
    missing = [d for d in docnames if not (site / f"{d}.html").is_file()]
    assert missing == []


def test_every_executed_page_is_in_the_toc():
    assert {p.docname for p in planned_pages()} <= set(toc_docnames())


def test_each_profile_has_its_own_title(site):
    for page in planned_pages():
        if page.title:
            assert f"<title>{page.title} " in html(site, page.docname), page.docname


def test_the_vega_javascript_is_vendored_once(site):
    bundle = site / "_static" / "vega-offline.js"
    assert bundle.stat().st_size > 300_000
    text = bundle.read_text(encoding="utf-8")
    assert "window.VEGA_DEBUG" in text and "vegaEmbed" in text
    charts = [d for d in toc_docnames() if "altair-viz-" in html(site, d)]
    assert "profiles/UZB" in charts
    for docname in charts:
        assert re.search(r'<script src="(\.\./)*_static/vega-offline\.js', html(site, docname)), docname


def test_pages_load_nothing_from_other_hosts(site):
    for docname in toc_docnames():
        parser = Resources()
        parser.feed(html(site, docname))
        external = [u for u in parser.urls if re.match(r"(https?:)?//", u)]
        assert external == [], docname


def test_launch_buttons_open_the_pages_own_notebook(site):
    """Each page's Binder button opens its launch notebook (its template with its parameters,
    written by postBuild: kzdiaspora_book.launch), the country profiles each their own."""
    for page in planned_pages():
        text = html(site, page.docname)
        launch = re.findall(r'href="(https://mybinder\.org/[^"]+)"', text)
        assert launch, f"{page.docname}: no Binder button"
        assert all(url.endswith(f"urlpath=lab/tree/notebooks/{page.docname}.md") for url in launch), (
            page.docname,
            launch,
        )


def test_pages_show_the_parameters_they_were_executed_with_folded(site):
    for page in planned_pages():
        text = html(site, page.docname)
        if page.parameters:
            assert re.search(r'class="[^"]*tag_injected-parameters[^"]*tag_hide-input', text), page.docname
            for name in page.parameters:
                assert re.search(rf">{name}</span>", text), (page.docname, name)
        assert "book.css" in text


def test_the_ipynb_download_is_the_executed_notebook(site):
    for page in planned_pages():
        text = html(site, page.docname)
        depth = "../" * page.docname.count("/")
        link = f"{depth}_sources/{page.docname}.ipynb"
        assert f'href="{link}"' in text, page.docname
        nb = json.loads((site / "_sources" / f"{page.docname}.ipynb").read_text(encoding="utf-8"))
        assert nb["metadata"][runner.META]["parameters"] == page.parameters
        assert any(cell.get("outputs") for cell in nb["cells"]), page.docname
