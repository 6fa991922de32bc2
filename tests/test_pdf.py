"""The PDF edition (``jupyter-book build book/ --builder pdflatex``, through the README's step
``python -m kzdiaspora_book.pdf``), read as a reader and a referee read it: with poppler's
pdftotext, pdfinfo, pdffonts and pdftoppm, against the site built from the same sources."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import jupytext
import numpy as np
import pytest
import yaml
from conftest import ROOT, article, toc_docnames

from kzdiaspora_book import latex

pytestmark = pytest.mark.slow

SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")
CM = 1 / 2.54  # inches


@lru_cache(maxsize=None)
def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


A4_PT = (595.28, 841.89)


def body_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of the pages' text block, in the order it was typeset (``pdftotext -raw``, cropped
    to the margins of :mod:`kzdiaspora_book.latex`: without the running heads and page numbers)."""
    m = {side: cm / 2.54 * 72 for side, cm in latex.MARGIN_CM.items()}
    crop = ["-x", m["left"], "-y", m["top"], "-W", A4_PT[0] - m["left"] - m["right"]]
    crop += ["-H", A4_PT[1] - m["top"] - m["bottom"]]
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return _text(pdf, "-raw", *map(str, [round(c) if isinstance(c, float) else c for c in crop]), *pages)


def alnum(text: str) -> str:
    """Letters and digits only, lower case: text compared across line breaks, hyphenation and
    spacing (``"Fig. 2.1: The legal"`` -> ``"fig21thelegal"``)."""
    return re.sub(r"[\W_]+", "", text.lower())


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


# --- the build ---------------------------------------------------------------------------------


def test_strict_latex_build_has_no_warning(edition, pdf):
    problems = [line for line in edition.log.splitlines() if SPHINX_PROBLEM.search(line)]
    assert problems == []
    assert "build succeeded" in edition.log


def test_latex_resolves_every_reference_and_fits_every_box(pdf, edition):
    log = edition.latex_log
    for problem in ("Missing character", "undefined", "Float too large", "Overfull \\vbox", "Rerun to get"):
        assert problem not in log, f"xelatex: {problem!r} in {pdf.with_suffix('.log')}"


def test_the_site_links_the_pdf_for_download(pdf, edition):
    offered = edition.site / pdf.name
    assert offered.read_bytes() == pdf.read_bytes()
    for docname in toc_docnames():
        html = (edition.site / f"{docname}.html").read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]+)"[^>]*\n?[^>]*class="[^"]*btn-download-edition-pdf-button', html)
        assert link, f"{docname}: no link to the PDF in the download menu"
        assert (edition.site / docname).parent.joinpath(link.group(1)).resolve() == offered.resolve(), docname


# --- the document ------------------------------------------------------------------------------


def test_an_a4_book_with_title_page_contents_and_parts(pdf):
    info = _info(pdf)
    assert "(A4)" in info["Page size"]
    assert int(info["Pages"]) > 60
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    article_doi = next(r["doi"] for r in citation["references"] if r.get("type") == "article")
    first = _text(pdf, "-l", "1")
    assert citation["title"].split(":")[0] in first
    assert f"https://doi.org/{article_doi}" in first and citation["repository-code"] in first
    contents = _text(pdf, "-layout", "-f", "2", "-l", "4")
    assert "CONTENTS" in contents.upper()
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc["parts"]:
        assert re.search(rf"{re.escape(part['caption'])}\s+\d+", contents), part["caption"]
    assert re.search(r"Methods and data\s+\d+", contents)


def _exhibits(site) -> list[tuple[str, str, str]]:
    """(page, "fig" or "table", caption) of every numbered figure and table of the site, in reading order."""
    found = []
    for docname in toc_docnames():
        for number in article(site, docname).select("span.caption-number"):
            kind = "fig" if number.get_text().startswith("Fig") else "table"
            caption = number.find_next_sibling(class_="caption-text")
            found.append((docname, kind, caption.get_text(" ", strip=True)))
    return found


def test_every_figure_and_table_of_the_site_in_order_with_its_number(site, pdf):
    exhibits = _exhibits(site)
    assert len(exhibits) > 60
    text, at, missing = alnum(body_text(pdf)), 0, []
    for docname, kind, caption in exhibits:
        match = re.compile(rf"{kind}(\d+){re.escape(alnum(caption)[:60])}").search(text, at)
        if match is None:
            missing.append(f"{docname}: {kind} {caption[:70]!r}")
        else:
            at = match.end()
    assert not missing, f"{len(missing)} of {len(exhibits)} not found in order:\n" + "\n".join(missing[:20])
    printed = body_text(pdf)
    for kind, label in (("fig", "Fig."), ("table", "Table")):
        numbers = re.findall(rf"^\f?{re.escape(label)} (\d+\.\d+):", printed, re.M)  # \f: a new page
        assert len(numbers) == len(set(numbers)) == sum(1 for _, k, _ in exhibits if k == kind), label


def test_figures_are_vector_drawings(site, pdf):
    """Each chart is a PDF drawing included as it is (its lines and text stay vectors and text);
    nothing in the PDF is a raster image."""
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    drawings = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{[0-9a-f]{64}\}\.pdf\}", tex)
    assert len(drawings) == sum(1 for _, kind, _ in _exhibits(site) if kind == "fig")
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert len(listed.splitlines()) == 2, f"raster images in the PDF:\n{listed}"  # the header lines only


def _chapters(pdf: Path) -> dict[str, str]:
    """The text of each page of the site in the PDF: from the sheet where its heading is to the
    sheet where the next page's is (xelatex's .aux file has each page's label and the name of its
    anchor, and pdfinfo lists the sheet of each anchor)."""
    aux = pdf.with_suffix(".aux").read_text(encoding="utf-8")
    anchors = dict(re.findall(r"^\\newlabel\{(.+?)::doc\}\{.*\{([^{}]*)\}\{\}\}$", aux, re.M))
    dests = subprocess.run(["pdfinfo", "-dests", str(pdf)], check=True, capture_output=True, text=True).stdout
    sheets = {name: int(page) for page, name in re.findall(r'^\s*(\d+) \[.*?\] "(.+)"$', dests, re.M)}
    starts = sorted((sheets[a], d) for d, a in anchors.items() if a in sheets)
    last = int(_info(pdf)["Pages"])
    ends = [s for s, _ in starts[1:]] + [last]
    return {d: body_text(pdf, s, e) for (s, d), e in zip(starts, ends)}


SAMPLE = ["methods", "policy", "demography", "profiles/KGZ", "survey", "reproducibility"]


@pytest.mark.parametrize("docname", SAMPLE)
def test_every_glued_number_of_the_page_appears_in_its_chapter(site, pdf, docname):
    segment = alnum(_chapters(pdf)[docname])
    glued = [s.get_text() for s in article(site, docname).select("span.pasted-text")]
    numbers = [g for g in glued if re.search(r"\d", g)]
    assert len(numbers) >= 3
    missing = [n for n in numbers if alnum(n) not in segment]
    assert not missing, f"{docname}: glued numbers not in its chapter of the PDF: {missing}"


# --- what must not be printed ------------------------------------------------------------------

PLACEHOLDERS = ["<chart", "IPython.core.display", "{glue", "<IPython", "{web}", "{print}", "```"]
WEB_WORDS = re.compile(r"on the (next|previous) page|\bhover|\bclick|Show code|this site\b|folded box", re.I)


def test_nothing_prints_as_a_placeholder_or_speaks_of_the_web_page(pdf):
    text = _text(pdf)
    assert [p for p in PLACEHOLDERS if p in text] == []
    assert WEB_WORDS.findall(text) == []


def _hidden_code_lines() -> list[str]:
    """Lines of the chapters' code cells that the site hides or folds away, long enough to tell
    (40 characters) once their strings are left out (which the outputs may show)."""
    lines = []
    for template in sorted((ROOT / "book" / "chapters").glob("*.md")):
        for cell in jupytext.read(template).cells:
            tags = set(cell.metadata.get("tags", []))
            if cell.cell_type == "code" and tags & {"hide-input", "remove-input", "remove-cell"}:
                code = (line.strip() for line in cell.source.splitlines())
                lines += [line for line in code if len(re.sub(r"f?(\"[^\"]*\"|'[^']*')", "", line)) >= 40]
    return lines


def test_no_code_the_site_hides_is_printed(pdf):
    lines = _hidden_code_lines()
    assert len(lines) > 50
    text = alnum(_text(pdf))
    printed = [line for line in lines if alnum(line) in text]
    assert printed == []


def test_every_glyph_is_there_and_every_font_embedded(site, pdf):
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "\n".join(fonts)  # the "emb" column
    text = _text(pdf)
    kazakh = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    on_site = {c for d in toc_docnames() for c in article(site, d).get_text() if c in kazakh}
    assert len(on_site) >= 5 and on_site <= set(text), sorted(on_site - set(text))
    assert "\ufffd" not in text


def _gray(pdf: Path, dpi: int, folder: Path) -> list[np.ndarray]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(folder / "p")], check=True)
    pages = []
    for path in sorted(folder.glob("p-*.pgm")):
        magic, size, depth, data = path.read_bytes().split(b"\n", 3)
        width, height = map(int, size.split())
        pages.append(np.frombuffer(data, dtype=np.uint8)[: width * height].reshape(height, width))
    return pages


def test_no_text_beyond_the_margins(pdf, tmp_path):
    """Every rendered page: nothing inked left or right of the text block (1.5 mm allowed, a code
    block's frame), and nothing above the running head or below the page number."""
    dpi, tolerance = 40, 0.15
    pages = _gray(pdf, dpi, tmp_path)
    assert len(pages) == int(_info(pdf)["Pages"])
    margins, outside = latex.MARGIN_CM, []
    for number, page in enumerate(pages, 1):
        ink = page < 200
        columns, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
        if not len(columns):
            continue
        height, width = (n / dpi / CM for n in page.shape)
        left, right = columns[0] / dpi / CM, width - (columns[-1] + 1) / dpi / CM
        top, bottom = rows[0] / dpi / CM, height - (rows[-1] + 1) / dpi / CM
        if left < margins["left"] - tolerance or right < margins["right"] - tolerance:
            outside.append(f"page {number}: ink {left:.2f} cm from the left edge, {right:.2f} cm from the right")
        if top < margins["top"] - 1.5 or bottom < margins["bottom"] - 1.5:
            outside.append(f"page {number}: ink {top:.2f} cm from the top, {bottom:.2f} cm from the bottom")
    assert not outside, "\n".join(outside)
