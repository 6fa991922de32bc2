"""Every number in the book's prose is computed and glued, not typed."""

from pathlib import Path

import pytest
from prose_numbers import unglued_numbers

BOOK = Path(__file__).resolve().parents[1] / "book"
# every page, chapter template and prose file (a country's account) of the book
PAGES = sorted(p for p in BOOK.rglob("*.md") if not {"_build", "_generated"} & set(p.relative_to(BOOK).parts))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(BOOK).as_posix() for p in PAGES])
def test_prose_has_no_typed_numbers(page):
    found = unglued_numbers(page.read_text(encoding="utf-8"))
    assert not found, "numbers typed into the prose (glue them):\n" + "\n".join(
        f"  {page.name}:{n}: {num!r} in: {line}" for n, num, line in found
    )


def test_detector_catches_typed_numbers():
    text = "Kazakhs are 2.2 % of Uzbekistan ({cite:p}`nurbek2025`), per {glue:text}`uz_share` in 2021.\n"
    assert [n for _, n, _ in unglued_numbers(text)] == ["2.2"]


def test_detector_ignores_code_roles_and_allowed_contexts():
    text = "\n".join(
        [
            "---",
            "kernelspec: {name: python3}",
            "---",
            "Section 3.2 and Table 1 of the paper, as of 1 July 2024 (CC BY 4.0), see {numref}`fig-1`.",
            "```{code-cell} ipython3",
            "x = 821200",
            "```",
            "```{note}",
            ":class: tip",
            "Only {glue:text}`n` people.",
            "```",
        ]
    )
    assert unglued_numbers(text) == []
