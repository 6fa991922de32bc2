"""Every number of the article's sections 1 to 5 is a claim of the ledger or a reviewed exclusion
with its reason (``data/claim_coverage.csv``, read from ``data/article/nurbek2025.txt``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzdiaspora import claims
from kzdiaspora.claims import coverage
from kzdiaspora.data import load


@pytest.fixture(scope="module")
def listed():
    return load("claim_coverage")


def test_every_expression_of_the_text_is_in_the_reviewed_list():
    missing, stale = coverage.differences()
    assert missing.empty, "numeric expressions that are neither a claim nor an exclusion:\n" + "\n".join(
        f"  section {r.section}, paragraph {r.paragraph}: {r.expression!r}" for r in missing.itertuples()
    )
    assert stale.empty, f"rows of data/claim_coverage.csv no longer in the text: lines {list(stale['line'])}"
    assert coverage.uncovered() == [], "digits or number words that no pattern takes in"


def test_the_list_names_only_claims_of_the_ledger_and_every_printed_claim(listed):
    ledger = claims.ledger()
    named = {c for cell in listed["claim_id"].dropna() for c in cell.split(";")}
    assert named <= set(ledger["claim_id"])
    # the sums the edition forms itself (consistency checks) print no number of the article
    printed = set(ledger.loc[ledger["kind"] != "consistency", "claim_id"])
    assert printed <= named, f"claims with no expression of the text: {sorted(printed - named)}"


def test_every_exclusion_gives_its_reason(listed):
    excluded = listed[listed["exclusion"].notna()]
    assert len(excluded) > 200
    assert (excluded["reason"].str.len() >= len("Table 1")).all()
    kinds = set(excluded["exclusion"])
    assert {"citation-year", "not-a-quantity", "no-value"} <= kinds


def test_the_gap_of_section_three_three_is_a_claim(listed):
    """Section 3.3 calls the gap between 41.7 % and 39.4 % minimal: a claim the 2023 counts test."""
    rows = listed[(listed["section"] == "3.3") & listed["expression"].isin(["difference", "minimal"])]
    assert set(rows["claim_id"]) == {"C90"}
    assert set(listed.loc[listed["expression"].isin(["41.7%", "39.4%"]), "claim_id"]) >= {"C60", "C61"}


def test_a_number_added_to_the_text_is_caught(tmp_path: Path):
    text = coverage.ARTICLE.read_text(encoding="utf-8")
    anchor = "Kazakhs constituting an absolute majority (71%)"
    assert anchor in text
    edited = tmp_path / "article.txt"
    edited.write_text(text.replace(anchor, anchor + ", some 14 million people,"), encoding="utf-8")
    missing, stale = coverage.differences(edited)
    assert list(missing["expression"]) == ["14 million"]
    assert stale.empty


def test_the_patterns_take_in_the_forms_of_numbers():
    found = coverage.expressions(coverage.ARTICLE)
    text = set(found["expression"].str.lower())
    assert {"about 3.6%", "only one in thirty", "more than 72", "three"} <= text
    assert {"71%", "largest", "second-largest", "minimal"} <= text
