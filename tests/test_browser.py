"""The built site in a real browser (headless Debian Chromium driven by Playwright), with the
network blocked: every page loads, every chart draws SVG marks, no console error, and no
request leaves the machine. Over http://127.0.0.1 and over file://.

Needs Debian's Chromium (``apt-get install chromium``); Playwright never downloads a browser
here. Without Chromium the tests are skipped, except under CI (``CI=true``), where they fail.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import toc_docnames

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
    # a second fence behind request routing: no host name resolves except loopback
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
INSTALL = "install Debian's Chromium (`apt-get install chromium`) and Playwright (`uv sync --extra test`)"
CHART = '[id^="altair-viz-"]'


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; browser tests never skip under CI: {INSTALL}")
    pytest.skip(f"{reason}: {INSTALL}")


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
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


def _local(url: str, mode: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    if mode == "file":
        return parsed.scheme == "file"
    return parsed.scheme == "http" and parsed.hostname == "127.0.0.1"


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("docname", toc_docnames())
def test_page_renders_offline(browser, server, site, screenshots, mode, docname):
    base = server if mode == "http" else site.as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    left, errors = [], []

    def route(r):
        if _local(r.request.url, mode):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda req: None if _local(req.url, mode) else left.append(req.url))
    page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    try:
        response = page.goto(f"{base}/{docname}.html", wait_until="load")
        if mode == "http":
            assert response is not None and response.ok, f"{docname}: HTTP {response and response.status}"
        assert page.title(), f"{docname}: no title"

        charts = page.locator(CHART).count()
        if charts:
            # every chart container gets an SVG with drawn marks from the vendored vega-embed
            page.wait_for_function(
                """n => {
                    const drawn = [...document.querySelectorAll('[id^="altair-viz-"]')].filter(
                        el => el.querySelector('svg.marks .role-mark, svg.marks path, svg.marks rect'));
                    return drawn.length === n;
                }""",
                arg=charts, timeout=20_000,
            )
        if docname == "profiles/UZB" and mode == "http":
            page.screenshot(path=str(screenshots / "profile-UZB.png"), full_page=True)
            print(f"screenshot: {screenshots / 'profile-UZB.png'}")
        page.wait_for_timeout(200)  # late console errors
    finally:
        context.close()
    assert left == [], f"{docname}: requests leaving the machine: {sorted(set(left))}"
    assert errors == [], f"{docname}: {errors}"
