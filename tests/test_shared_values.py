"""Values a page publishes for other pages are declared in one place per page (``kz.shared`` in its
template), with readable names; every page that shows one names a declared value, and every
declared value is shown somewhere. ``pytest -v`` lists each value with the pages that use it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest
from conftest import ROOT, planned_pages

from kzdiaspora.publish import SHARED_NAME

BOOK = ROOT / "book"
REFERENCE = re.compile(r"\{glue(?::\w+)?\}`(?P<page>[^`]+?)\.ipynb::(?P<key>[^`:]+)")


def _declared() -> dict[str, list[str]]:
    """Page -> the names its template declares with kz.shared (one list per call)."""
    found: dict[str, list[str]] = {}
    for page in planned_pages():
        calls = []
        for cell in jupytext.read(page.template).cells:
            if cell.cell_type != "code" or "shared(" not in cell.source:
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "shared":
                    (values,) = node.args
                    calls.append([ast.literal_eval(k) for k in values.keys])
        assert len(calls) <= 1, f"{page.template.name}: values for other pages are declared in one call of kz.shared"
        if calls:
            found[page.docname] = calls[0]
    return found


def _sources() -> dict[str, list[Path]]:
    """Page -> the Markdown files its text comes from (a static page, or a template and its prose files)."""
    pages = {p.relative_to(BOOK).with_suffix("").as_posix(): [p] for p in BOOK.glob("*.md")}
    for page in planned_pages():
        prose = (
            sorted((page.template.parent / "accounts").glob("*.md")) if page.template.stem == "country_profile" else []
        )
        pages[page.docname] = [page.template, *prose]
    return pages


def _uses() -> dict[tuple[str, str], list[str]]:
    """(page, name) -> the other pages that show it."""
    uses: dict[tuple[str, str], list[str]] = {}
    for page, files in _sources().items():
        for path in files:
            for ref in REFERENCE.finditer(path.read_text(encoding="utf-8")):
                if ref["page"] != page:
                    uses.setdefault((ref["page"], ref["key"]), []).append(page)
    return uses


DECLARED = [(page, name) for page, names in _declared().items() for name in names]


@pytest.mark.parametrize(
    "page, name",
    DECLARED,
    ids=[
        f"{page}::{name} -> {', '.join(sorted(set(_uses().get((page, name), [])))) or 'nowhere'}"
        for page, name in DECLARED
    ],
)
def test_each_shared_value_has_a_readable_name_and_is_used(page, name):
    assert SHARED_NAME.fullmatch(name), f"{page}: {name!r} is not a readable name (two words or more, snake case)"
    assert _uses().get((page, name)), f"{page}: {name} is declared for other pages but none shows it; drop it"


def test_every_value_shown_from_another_page_is_declared_there():
    declared = set(DECLARED)
    undeclared = {
        f"{page}::{name} (shown by {', '.join(users)})"
        for (page, name), users in _uses().items()
        if (page, name) not in declared
    }
    assert not undeclared, "declare these in kz.shared in their page's template: " + "; ".join(sorted(undeclared))


def test_the_discussion_shows_values_of_four_pages():
    assert {page for page, _ in DECLARED} >= {"policy", "kandas", "survey", "press"}
