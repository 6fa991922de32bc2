"""The notebook each executed page offers for download, as a reader gets it: followed from the
page's download button and converted by nbconvert (as JupyterLab, GitHub or nbviewer would show
it), it holds the page's charts as images and its numbers as text, and no MyST role or block
that only the book reads."""

from __future__ import annotations

import html as entities
import json
import re

import pytest
from conftest import page_html, planned_pages

pytestmark = pytest.mark.slow

MYST = re.compile(r"\{(glue|cite|numref|download|doc)[a-z:]*\}`|```\{glue|:::\{|:(name|align): ")


@pytest.fixture(scope="module")
def manifest(site) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("page", planned_pages(), ids=lambda p: p.docname)
def test_the_downloaded_notebook_shows_charts_as_images_and_numbers_as_text(site, manifest, page):
    import nbformat
    from nbconvert import HTMLExporter

    link = re.search(r'href="([^"]*_sources/[^"]+\.ipynb)"', page_html(site, page.docname))
    assert link, f"{page.docname}: no .ipynb download"
    notebook = (site / page.docname).parent / link.group(1)
    nb = nbformat.read(notebook, as_version=4)
    html, _ = HTMLExporter().from_notebook_node(nb)
    text = entities.unescape(re.sub(r"<[^>]+>", " ", html))

    assert not MYST.search(text), f"{page.docname}: {MYST.search(text).group(0)!r} left as text"
    figures = manifest[page.docname]["figures"]
    images = html.count('src="data:image/png;base64,')
    assert images == len(figures), f"{page.docname}: {images} images for {len(figures)} figures"
    words = re.sub(r"\s+", " ", text)
    for shown, label in [(f, "Fig.") for f in figures] + [(t, "Table") for t in manifest[page.docname]["tables"]]:
        number = f"{label} {shown['number']}. " if shown["number"] else ""  # the article's exhibits: no number
        caption = number + re.sub(r"\s+", " ", shown["caption"].replace("`", ""))
        assert caption in words, f"{page.docname}: no {caption!r}"
    numbers = [g for g in manifest[page.docname]["glue"] if g.get("role") == "text"]
    missing = [g["key"] for g in numbers if re.sub(r"\s+", " ", g["text"]) not in words]
    assert not missing, f"{page.docname}: glued values not in the notebook's text: {missing}"
    assert "application/papermill.record" not in json.dumps(nb), f"{page.docname}: outputs only the book can read"
