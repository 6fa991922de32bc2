"""Provenance in the built site: under every figure and numbered table its sources (citations into
the bibliography), a download of exactly the data shown and the code that made it; and the site's
manifest.json, which lists every figure, table and glued value with its inputs."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re

import pytest
from conftest import ROOT, article, planned_pages, toc_docnames

pytestmark = pytest.mark.slow

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _resolve(docname: str, href: str) -> str:
    """A link of a page as a path from the site's root (without its #fragment)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), href.split("#")[0]))


def _plain_quotes(text: str) -> str:
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))


def _is_article_exhibit(caption) -> bool:
    """The article's own exhibits keep its numbers (kzdiaspora_book.reading): no number of ours."""
    return caption.get_text(" ", strip=True).startswith("Article ")


def _numbered_tables(art):
    """The tables with a caption: numbered by the edition, or the article's own exhibits."""
    return [
        t
        for t in art.find_all("table")
        if t.find("caption") and (t.caption.find(class_="caption-number") or _is_article_exhibit(t.caption))
    ]


def _number(caption) -> str | None:
    shown = caption.find(class_="caption-number")
    return shown.get_text().split()[-1] if shown else None


def _footer_of_table(table):
    box = table.find_parent("div", class_="pst-scrollable-table-container") or table
    return box.find_next_sibling("div", class_="provenance")


def _footer_of_figure(figure):
    return figure.find("div", class_="provenance")


def _citations(footer) -> list[str]:
    return [a["href"] for a in footer.select("span.bibtex-citation a[href]") if "bibliography" in a["href"]]


def _via(footer) -> list[str]:
    """Names of figures or tables of the same page whose sources this footer refers to."""
    return [a["href"][1:] for a in footer.select("a.reference.internal[href^='#']") if a.find(class_="std-numref")]


def _footers(site, docname):
    art = article(site, docname)
    found = {}
    for figure in art.find_all("figure"):
        found[figure["id"]] = ("figure", _footer_of_figure(figure))
    for table in _numbered_tables(art):
        found[table["id"]] = ("table", _footer_of_table(table))
    return found


@pytest.fixture(scope="module")
def manifest(site) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_figure_and_table_has_its_provenance_footer(site, docname):
    footers = _footers(site, docname)
    executed = {p.docname: p for p in planned_pages()}
    for name, (kind, footer) in footers.items():
        assert footer is not None, f"{docname}: {kind} {name} has no provenance footer"
        downloads = [a["href"] for a in footer.select("a.reference.download[href]")]
        csv = [h for h in downloads if h.endswith(f"/{name}.csv")]
        assert csv, f"{docname}: {kind} {name}: no download of {name}.csv"
        for href in downloads:
            assert (site / _resolve(docname, href)).is_file(), f"{docname}: {kind} {name}: {href} is not in the site"
        cited = _citations(footer)
        for other in _via(footer):
            assert other in footers and footers[other][1] is not None, f"{docname}: {name} refers to {other}"
            cited += _citations(footers[other][1])
        assert cited, f"{docname}: {kind} {name} cites no source (directly or through the table it names)"
        if docname in executed:
            template = executed[docname].template.name
            assert any(h.endswith(f"/{template}") for h in downloads), f"{docname}: {name}: no link to {template}"


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_figure_footer_names_the_functions_that_drew_its_chart(site, manifest, docname):
    footers = _footers(site, docname)
    for figure in manifest["pages"][docname]["figures"]:
        assert figure["drawn_by"], f"{docname}: {figure['name']}: no drawing function recorded"
        code = [a.get_text(" ", strip=True) for a in footers[figure["name"]][1].select("a.reference.download")]
        for function in figure["drawn_by"]:
            assert function in code, f"{docname}: the footer of {figure['name']} does not name {function}"


def test_the_book_has_figures_and_tables(site):
    kinds = [kind for d in toc_docnames() for kind, _ in _footers(site, d).values()]
    assert kinds.count("figure") >= 20 and kinds.count("table") >= 30


@pytest.mark.parametrize("docname", toc_docnames())
def test_the_manifest_covers_every_figure_table_and_glued_value(built_book, site, manifest, docname):
    page = manifest["pages"][docname]
    art = article(site, docname)
    assert {f["name"] for f in page["figures"]} == {f["id"] for f in art.find_all("figure")}
    assert {t["name"] for t in page["tables"]} == {t["id"] for t in _numbered_tables(art)}
    numbers = {f["id"]: _number(f.find("figcaption")) for f in art.find_all("figure")}
    numbers |= {t["id"]: _number(t.caption) for t in _numbered_tables(art)}
    footers = _footers(site, docname)
    for item in page["figures"] + page["tables"]:
        assert item["number"] == numbers[item["name"]], item["name"]
        csv = site / item["data"]["url"]
        assert hashlib.sha256(csv.read_bytes()).hexdigest() == item["data"]["sha256"], item["name"]
        links = [_resolve(docname, a["href"]) for a in footers[item["name"]][1].select("a.reference.download")]
        assert item["data"]["url"] in links, item["name"]
        assert item["sources"], item["name"]
        for code in item["code"]:
            assert code["url"] and (site / code["url"]).is_file(), (item["name"], code)
            line = (built_book.project / code["file"]).read_text(encoding="utf-8").splitlines()[code["line"] - 1]
            assert line.lstrip().startswith(("def ", "class ", "@")), (item["name"], code, line)
    for figure in page["figures"]:
        assert figure["description"] and SHA256.match(figure["spec_sha256"])
    # glued text, in reading order, is what the manifest says each reference shows (Sphinx
    # renders straight quotes as typographic ones)
    pasted = [_plain_quotes(span.get_text()) for span in art.find_all("span", class_="pasted-text")]
    assert pasted == [_plain_quotes(g["text"]) for g in page["glue"] if g["role"] == "text"]


def _copies_of_unread_sources() -> dict[str, set[str]]:
    """The sources the data package never read themselves (every row citing them names a copy
    read), each with its copies."""
    import kzdiaspora as kz
    from kzdiaspora import data

    copies, read = {}, set()
    for res in data.resources():
        frame = (kz.load_geo if res.get("format") == "geojson" else kz.load)(res["name"])
        for source, cell in zip(frame["source"], frame["copy_read"]):
            if isinstance(cell, str) and cell:
                copies.setdefault(source, set()).update(cell.split(";"))
            else:
                read.add(source)
    return {s: c for s, c in copies.items() if s not in read}


def test_a_source_read_only_in_copies_is_followed_by_the_copy_read(site, manifest):
    """Under a figure or table, a source we never read ourselves is followed by 'read in' and one of
    the copies we read it in (news items, mirrors, encyclopedia pages, repository copies)."""
    unread = _copies_of_unread_sources()
    assert {"bns_migration", "mlsp_kandas", "worldbank2024", "goskomstat1991natsostav"} <= set(unread)
    checked = 0
    for docname, page in manifest["pages"].items():
        footers = _footers(site, docname) if page["figures"] or page["tables"] else {}
        for item in page["figures"] + page["tables"]:
            if item["via"]:
                continue  # cites the sources of another figure or table, whose footer names the copies
            for key in item["sources"]:
                if key in unread:
                    checked += 1
                    assert unread[key] & set(item["read_in"]), (docname, item["name"], key)
            if item["read_in"]:
                text = footers[item["name"]][1].get_text(" ")
                assert "read in" in text, (docname, item["name"])
                assert len(_citations(footers[item["name"]][1])) >= len(set(item["sources"]) | set(item["read_in"]))
    assert checked > 50


def test_the_manifest_records_each_pages_inputs_and_parameters(built_book, site, manifest):
    for planned in planned_pages():
        page = manifest["pages"][planned.docname]
        assert page["parameters"] == planned.parameters, planned.docname
        assert page["template"] == planned.template.relative_to(planned.template.parents[1]).as_posix()
        if page["figures"] or page["tables"]:  # their footers link the template into the site
            assert (site / page["template_url"]).is_file(), planned.docname
        inputs = {i["path"]: i["sha256"] for i in page["inputs"]}
        assert any(p.startswith("data/") for p in inputs), planned.docname
        for path, digest in inputs.items():
            assert hashlib.sha256((built_book.project / path).read_bytes()).hexdigest() == digest, path
        recorded = {v["key"] for v in page["values"]}
        for ref in page["glue"]:
            if ref["page"] == planned.docname:
                assert ref["key"] in recorded, (planned.docname, ref["key"])


def test_cross_page_glue_names_its_source_page(manifest):
    """Static pages (introduction, discussion) show values glued by the executed pages."""
    pasted_from_elsewhere = [g for d, p in manifest["pages"].items() for g in p["glue"] if g["page"] != d]
    assert pasted_from_elsewhere, "no page shows a value glued on another page"
    for ref in pasted_from_elsewhere:
        assert ref["page"] in manifest["pages"] and ref["text"] is not None, ref


@pytest.mark.parametrize("page", planned_pages(), ids=lambda p: p.docname)
def test_an_executed_page_ends_with_how_it_was_made(site, page):
    """The closing box names the page's template and parameters, and lists every file the page
    read with the start of its digest, which is that of the file shipped in this checkout."""
    box = article(site, page.docname).find("details", class_="book-how-made")
    assert box is not None, f"{page.docname}: no 'How this page was made' box"
    text = box.get_text(" ")
    assert page.template.relative_to(ROOT / "book").as_posix() in text
    for name, value in page.parameters.items():
        assert f"{name} = {json.dumps(value, ensure_ascii=False)}" in text
    listed = dict(item.get_text(" ").replace("sha256 ", "").split() for item in box.select("li"))
    assert "data/datapackage.json" in listed, f"{page.docname}: the box lists no data"
    for path, digest in listed.items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest().startswith(digest), path
