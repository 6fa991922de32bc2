"""The claims ledger: every claim has an outcome and the basis of its evidence, outcomes are
recomputed from the data, and a claim that reproduces today cannot silently stop reproducing.

``tests/claims_outcomes.csv`` is the committed record of the expected outcome and basis of every
claim. When a change to the data or to a check is meant to change one, refresh it deliberately
and review the diff::

    .venv/bin/python tests/test_claims.py --refresh
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from kzdiaspora import claims, paths
from kzdiaspora.data import DataError, load

SNAPSHOT = Path(__file__).with_name("claims_outcomes.csv")


@pytest.fixture(scope="module")
def results():
    return claims.evaluate()


def _claim(**fields):
    base = dict(
        claim_id="C99",
        kind="computed",
        bound="about",
        unit="percent",
        decimals=1,
        value=0.0,
        value_high=pd.NA,
        tolerance=pd.NA,
        tolerance_reason=pd.NA,
        note=pd.NA,
        printed="",
        basis="direct",
        basis_reason=pd.NA,
        source="nurbek2025",
    )
    return SimpleNamespace(**{**base, **fields})


def _outcome(ours, **fields):
    return claims.judge(_claim(**fields), claims.Finding(ours, fields.get("unit", "percent"), "test"))["outcome"]


# --- the ledger ------------------------------------------------------------------------------


def test_ledger_has_at_least_seventy_claims_from_sections_one_to_five():
    ledger = claims.ledger()
    assert len(ledger) >= 70
    assert ledger["claim_id"].is_unique
    top = set(ledger["section"].str.split(".").str[0])
    # section 4 (discussion) makes no numeric claim
    assert {"1", "2", "3", "5"} <= top <= {"1", "2", "3", "4", "5"}
    assert set(ledger["section"]) >= {"3.1", "3.2", "3.3", "3.4"}


def test_the_ledger_stores_no_outcome():
    ledger = claims.ledger()
    assert not {"outcome", "status_of_check", "result"} & set(ledger.columns)
    assert set(ledger["status"]) == {"stated-by-authors"} and set(ledger["source"]) == {"nurbek2025"}


def test_every_check_names_a_known_function_with_valid_arguments():
    ledger = claims.ledger()
    used = {claims.parse_check(c)[0] for c in ledger["check"].dropna()}
    assert used <= set(claims.CHECKS)
    for name in claims.CHECKS:
        assert claims.CHECKS[name].__doc__, f"check {name} has no docstring"


def test_claims_without_a_check_say_why():
    ledger = claims.ledger()
    assert ledger.loc[ledger["check"].isna(), "note"].notna().all()


# --- outcomes --------------------------------------------------------------------------------


def test_every_claim_has_an_outcome(results):
    assert len(results) == len(claims.ledger())
    assert results["outcome"].isin(claims.OUTCOMES).all()
    assert results["outcome"].nunique() == len(claims.OUTCOMES)


# --- the basis of the evidence ---------------------------------------------------------------


def test_every_verdict_has_a_basis_and_only_direct_evidence_is_unqualified(results):
    assert results["basis"].isin(claims.BASES).all()
    # no evidence at all: never a verdict
    assert (results.loc[results["basis"] == "none", "outcome"] == "not-checkable").all()
    # a basis other than direct always says why
    qualified = results[~results["basis"].isin(["direct", "none"])]
    assert (qualified["basis_reason"].str.len() > 20).all(), list(
        qualified.loc[qualified["basis_reason"] == "", "claim_id"]
    )
    # a claim that has neither check nor context has no evidence
    bare = results[results["check"].isna() & results["context"].isna()]
    assert (bare["basis"] == "none").all()


def test_an_input_from_the_paper_makes_the_evidence_internal():
    # the ledger calls it direct; the finding used the paper's own figure
    finding = claims.Finding(12.4, "percent", "test", sources=("nurbek2025", "worldbank2024"))
    verdict = claims.judge(_claim(value=12.4), finding)
    assert (verdict["outcome"], verdict["basis"]) == ("reproduced", "internal")
    assert "the article's own figure" in verdict["basis_reason"]
    # the weaker of the ledger's basis and the finding's
    assert claims.weakest("direct", "proxy", "partial") == "proxy"
    found = claims.Finding(12.4, "percent", "test", basis="partial", basis_note="Part of the years.")
    assert claims.judge(_claim(value=12.4, basis="proxy", basis_reason="Another year."), found)["basis"] == "proxy"


def test_a_verdict_is_given_only_when_the_open_part_cannot_change_it():
    claim = _claim(value=1, decimals=0, unit="sign")
    # a sum of -175,003 that the missing evidence could move by 527,010 either way
    open_both_ways = claims.Finding(-175_003.0, "sign", "t", basis="proxy", bounds=(-702_013.0, 352_007.0))
    assert claims.judge(claim, open_both_ways)["outcome"] == "not-checkable"
    settled = claims.Finding(-3_052_342.0, "sign", "t", basis="proxy", bounds=(-3_579_352.0, -2_525_332.0))
    assert claims.judge(_claim(value=-1, decimals=0, unit="sign"), settled)["outcome"] == "reproduced"
    assert claims.judge(claim, settled)["outcome"] == "differs"


def test_a_check_of_a_number_by_a_value_inferred_from_it_is_void():
    finding = claims.Finding(
        867_200.0, "persons", "sum", inferred=("inferred: regional total 867,200 − Uzbekistan 821,200",)
    )
    verdict = claims.judge(_claim(value=867_200, decimals=0, unit="persons", printed="around 867,200"), finding)
    assert verdict["outcome"] == "not-checkable" and "cannot fail" in verdict["reason"]
    # an inferred input that does not come from the number checked is only internal evidence
    other = claims.judge(
        _claim(value=2, decimals=0, printed="2%"), finding.__class__(2.0, "percent", "t", inferred=finding.inferred)
    )
    assert other["outcome"] == "reproduced"


def test_the_concept_periods_on_todays_data(results):
    """The Concept's three periods (C09–C11) judged on the registered figures wherever they exist:
    none for the 1990s, where the UN model stands in (its sum is far beyond the gap between the
    two measures); parts of two years of 2001–2010, which cannot give the decade's sign; most of
    2011–2022, whose missing months could not reverse its negative sum."""
    by_id = results.set_index("claim_id")
    assert (by_id.loc["C09", "outcome"], by_id.loc["C09", "basis"]) == ("reproduced", "proxy")
    assert (by_id.loc["C10", "outcome"], by_id.loc["C10", "basis"]) == ("not-checkable", "partial")
    assert "18 of the period's 120 months" in by_id.loc["C10", "basis_reason"]
    assert "Jan–Sep 2003 −11,542, Jan–Sep 2004 +2,303" in by_id.loc["C10", "reason"]
    assert "UN World Population Prospects" in by_id.loc["C10", "context_text"]  # shown beside, not judged
    assert (by_id.loc["C11", "outcome"], by_id.loc["C11", "basis"]) == ("reproduced", "partial")
    part = claims.period_sign("registered", 2011, 2022)
    assert part.basis == "partial" and part.bounds[0] < part.value < part.bounds[1] < 0
    assert claims.period_sign("wpp", 2001, 2010).basis == "direct"


def _verdict(results, claim_id):
    row = results.set_index("claim_id").loc[claim_id]
    return row["outcome"], row["basis"]


def test_a_total_with_an_addend_inferred_from_it_is_checked_on_independent_counts(results):
    """C37: Kyrgyzstan's count in Table 1 is inferred from the regional total, so the total is
    judged on each country's own counts. They are of other years than the paper's, so the total
    of any one year is open within their range, which holds the printed figure without lying
    inside its window: no verdict, on proxy evidence (as for Uzbekistan's share, C28); the sum of
    the paper's Table 1 is only a reading of its arithmetic."""
    assert _verdict(results, "C37") == ("not-checkable", "proxy")
    found = claims.region_counts(since=2008)
    low, high = found.bounds
    assert found.value == (low, high) and low < 867_150 and 867_250 < high
    row = results.set_index("claim_id").loc["C37"]
    assert row["ours"] == (low, high) and f"{low:,.0f}" in row["reason"] and row["reading"].startswith("as ")
    # the same range read as the values of one year (no bounds) would agree: the bounds decide
    assert _outcome((low, high), value=867_200, decimals=-2, unit="persons") == "reproduced"
    assert _verdict(results, "C28") == ("not-checkable", "proxy")
    table1 = claims.evaluate(claims.readings()).set_index("claim_id").loc["C37"]
    assert (table1["outcome"], table1["basis"]) == ("not-checkable", "internal")
    assert "cannot fail" in table1["reason"]


def test_a_share_of_part_of_the_population_bounds_the_share_of_all(results):
    """C16: the release gives the share with higher education of the working-age kandas only
    (17.0 %). Of all kandas it lies between 17.0 % of the working-age 59 % and that plus every
    pensioner (children have none): a range that holds 17 %, so that reading is not decided;
    read as a share of the working-age kandas, it is confirmed on direct evidence."""
    assert _verdict(results, "C16") == ("not-checkable", "partial")
    found = claims.kandas_share(as_of="2024-07-01", breakdown="education", category="higher", base="all-kandas")
    assert found.bounds == pytest.approx((17.0 * 59.0 / 100, 17.0 * 59.0 / 100 + 9.9))
    assert found.bounds[0] < 17 < found.bounds[1] and not found.caveat
    working = claims.evaluate(claims.readings()).set_index("claim_id").loc["C16"]
    assert (working["outcome"], working["basis"]) == ("cited-only", "direct")
    page = claims.entry(results.set_index("claim_id", drop=False).loc["C16"])
    assert "? not-checkable" in page and "10.0 %–19.9 %" in page and "within" not in page


def test_a_year_missing_from_a_series_could_go_either_way():
    """A series found to hold values of one sign only does not show that a missing year could not
    have the other: Uzbekistan's three registered years are all negative, and each of the 17
    missing years could be as far either way as the largest of them."""
    note, bounds = claims.findings.missing_years([-6_468, -14_381, -8_613], [-6_468, -14_381, -8_613], 20)
    assert bounds == (-29_462 - 17 * 14_381, -29_462 + 17 * 14_381)
    assert "+14,381" in note and "−14,381" in note
    # a series with both signs keeps the largest of each sign
    assert claims.findings.missing_years([5.0, -2.0], [5.0, -2.0], 4)[1] == (3.0 - 4.0, 3.0 + 10.0)


def test_immigration_dominance_in_uzbekistan_is_read_both_ways(results):
    """C72: Uzbekistan's own registered balance is known for three of twenty years, which cannot
    decide its sign; Kazakhstan's moves with Uzbekistan, the subject of the table the sentence
    follows, are dominated by arrivals in Kazakhstan in every period found."""
    assert _verdict(results, "C72") == ("not-checkable", "partial")
    own = claims.national_balance(reporter="UZB", first=2005, last=2024)
    assert own.bounds[0] < 0 < own.bounds[1]
    row = results.set_index("claim_id").loc["C72"]
    assert "registered arrivals less its departures" in row["description"]
    with_kaz = claims.evaluate(claims.readings()).set_index("claim_id").loc["C72"]
    assert (with_kaz["outcome"], with_kaz["basis"]) == ("reproduced", "partial")
    found = claims.partner_flows(partner="UZB")
    assert found.value > 0 and "12,100 to Kazakhstan, 113 from it" in found.inputs


def test_a_place_that_differs_between_years_gives_no_verdict(results):
    """C89: Uzbekistan leads the four as a destination of departures in January–June 2022, but
    Kyrgyzstan does in 2024: mixed evidence, no verdict."""
    assert _verdict(results, "C89") == ("not-checkable", "proxy")
    found = claims.destination_rank(partner="UZB", among="UZB;KGZ;TJK;TKM", first=2005, last=2024)
    assert found.bounds[0] == 1 and found.bounds[1] >= 2
    assert "Uzbekistan 127, Kyrgyzstan 81" in found.inputs and "Kyrgyzstan 317, Uzbekistan 113" in found.inputs
    # 2024 alone still puts Uzbekistan second
    assert claims.destination_rank(partner="UZB", year=2024, among="UZB;KGZ;TJK;TKM").value == 2


@pytest.mark.parametrize("claim_id", ["C82", "C91"])
def test_a_claim_is_decided_only_where_its_equally_close_readings_agree(results, claim_id):
    """C91 ("predominant ... highly qualified"): fewer than half of the emigrants have higher
    education, but two thirds have higher or secondary vocational, the grouping the paper uses.
    C82 ("the vast majority"): two thirds of those whose education is stated, below three
    quarters but above half. Each reading alone decides; together they disagree."""
    assert _verdict(results, claim_id) == ("not-checkable", "internal")
    row = results.set_index("claim_id").loc[claim_id]
    assert row["reason"].startswith("Read so, the claim differs") and "it agrees" in row["reason"]
    own = claims.evaluate(claims.ledger().query("claim_id == @claim_id").assign(equally_close=False))
    assert own["outcome"].iloc[0] == "differs"  # the claim's own reading alone
    others = claims.evaluate(claims.readings()).query("claim_id == @claim_id and equally_close")
    assert set(others["outcome"]) == {"reproduced"}


def test_more_than_a_number_is_a_lower_bound(results):
    """C25: "more than 72 ethnic groups" holds against the statistics bureau's 124; read as an
    approximate count it would not, and that reading is shown beside the verdict."""
    assert _verdict(results, "C25") == ("cited-only", "direct")
    low, high = claims.printed_interval(claims.ledger().set_index("claim_id").loc["C25"], 0.5)
    assert low <= 72 and high == float("inf")
    approx = claims.evaluate(claims.readings()).set_index("claim_id").loc["C25"]
    assert (approx["outcome"], approx["basis"]) == ("differs", "direct")


def test_a_quoted_figure_names_the_copy_read(results):
    """C07: the news report the article cites was read in a German translation."""
    row = results.set_index("claim_id").loc["C07"]
    assert row["outcome"] == "differs" and "Turkish News World" in row["inputs"] and "German" in row["reason"]


def test_a_ratio_of_rounded_counts_carries_their_rounding(results):
    """C32: Uzbekistan's counts of 2021 (to 0.1 million and 100 persons) give 14.9–15.5 %."""
    low, high = claims.count_ratio(iso3="UZB", year=2021).value
    assert round(low, 1) == 14.9 and round(high, 1) == 15.5
    row = results.set_index("claim_id").loc["C32"]
    assert row["outcome"] == "differs" and "14.9 %" in row["reason"] and "15.5 %" in row["reason"]


def test_a_count_of_another_year_gives_no_verdict(results):
    """C46: more than 20 universities in 2024, against seven found in 2019."""
    assert _verdict(results, "C46") == ("not-checkable", "proxy")
    assert "2019" in results.set_index("claim_id").loc["C46", "basis_reason"]


def test_a_stock_does_not_decide_a_claim_about_flows(results):
    """C59: the UN migrant stocks fall at every step, but a stock is not a flow; the registered
    departures the data hold are partial and rise to Kyrgyzstan, so no verdict."""
    assert _verdict(results, "C59") == ("not-checkable", "partial")
    trend = claims.departure_trend()
    assert trend.basis == "partial" and "Kyrgyzstan" in trend.inputs
    each = claims.evaluate(claims.readings()).set_index("claim_id").loc["C59"]
    assert each["outcome"] == "differs"  # read as departures to each country: not all fall


def test_a_derived_count_carries_the_rounding_of_its_inputs(results):
    """C51: the repatriates of 2023 are the difference of two cumulative counts rounded to
    hundreds, so ours may be off by 100 persons and the window is ±0.15 thousand, not ±0.05."""
    row = results.set_index("claim_id").loc["C51"]
    assert (row["outcome"], row["basis"]) == ("reproduced", "direct")
    assert claims.kandas_year(2023).margin == 100
    assert row["tolerance_text"] == "±0.15 thousand" and "rounded to hundreds" in row["tolerance_why"]
    # the same figure judged at the printed digit alone would differ at a value 0.1 thousand off
    assert _outcome(21.45, value=21.3, unit="thousand-persons") == "differs"


def test_a_share_of_part_of_a_year_gives_no_verdict_on_the_year(results):
    """C52: Turkmenistan's share of the repatriates of 2023 comes from a release to 1 December;
    the kandas of December could move it anywhere between the bounds, so no verdict."""
    assert _verdict(results, "C52") == ("not-checkable", "partial")
    found = claims.kandas_share(breakdown="origin", category="TKM", year=2023)
    assert found.bounds[0] < 9.2 < found.bounds[1]


def test_the_census_is_the_best_source_for_a_community_of_the_past(results):
    """C50: up to 120,000 Kazakhs in Turkmenistan in the 1990s against the censuses of 1989 and
    1995: differs on direct evidence; the minister's figure of 1990 the paper repeats is a reading."""
    assert _verdict(results, "C50") == ("differs", "direct")
    assert claims.census_peak("TKM", 1989, 1999).value < 120_000
    minister = claims.evaluate(claims.readings()).set_index("claim_id").loc["C50"]
    assert (minister["outcome"], minister["basis"]) == ("cited-only", "proxy")


def test_the_gap_between_two_shares_is_judged_in_both_readings():
    """C90: the gap between 41.7 % and 39.4 % of section 3.3, in the edition's 2023 counts of
    arrivals and departures: large in persons, small in percentage points."""
    both = claims.evaluate(claims.readings()).set_index("claim_id").loc["C90"]
    assert (both["outcome"], both["basis"]) == ("reproduced", "internal")
    persons = claims.kazakh_flow_gap(year=2023)
    assert persons.value > 10  # per cent of the smaller count


def test_every_sentence_of_the_ledger_is_free_of_typed_numbers():
    """The notes, reasons and readings of the ledger take their numbers from the findings
    (``{name}`` fields), so a data correction cannot leave a stale sentence."""
    sys.path.insert(0, str(Path(__file__).parent))
    from prose_numbers import unglued_numbers

    columns = ("reading", "note", "basis_reason", "tolerance_reason")
    for name in ("claims", "claim_readings"):
        table = load(name)
        for line, row in enumerate(table.to_dict("records"), start=2):
            for column in columns:
                text = row.get(column)
                if isinstance(text, str):
                    found = unglued_numbers(re.sub(r"\{\w+\}", " ", text))
                    assert not found, f"data/{name}.csv, line {line}, column {column!r}: typed {found[0][1]!r}"


def test_the_headline_counts_direct_evidence_only(results):
    agree, checked = claims.agreement_rate(results, "direct")
    direct = results[(results["basis"] == "direct") & (results["outcome"] != "not-checkable")]
    assert checked == len(direct) and agree == direct["outcome"].isin(["reproduced", "cited-only"]).sum()
    # the sums the edition forms are never direct evidence
    assert (results.loc[results["kind"] == "consistency", "basis"] == "internal").all()
    assert set(results.loc[results["kind"] == "consistency", "claim_id"]) == {"C18", "C66"}


def test_a_ledger_basis_other_than_direct_needs_its_reason(data_copy):
    _edit(data_copy / "claims.csv", "internal,The check ranks the article's own four counts", "internal,")
    with pytest.raises(DataError, match="basis_reason"):
        claims.ledger()


def test_a_note_naming_a_value_the_check_does_not_give_is_an_error():
    with pytest.raises(DataError, match=r"claim C99, column 'note': the note names \{share\}"):
        claims.judge(_claim(note="The release gives {share}."), claims.Finding(1.0, "percent", "t"))
    verdict = claims.judge(
        _claim(note="The release gives {share}.", value=1.0),
        claims.Finding(1.0, "percent", "t", values={"share": "8.5 %"}),
    )
    assert verdict["reason"] == "The release gives 8.5 %."


def test_differing_and_unchecked_claims_give_a_reason(results):
    part = results[results["outcome"].isin(["differs", "not-checkable"])]
    assert (part["reason"].str.len() > 20).all(), list(part.loc[part["reason"].str.len() <= 20, "claim_id"])


def test_checked_claims_show_our_value_and_inputs(results):
    part = results[results["outcome"] != "not-checkable"]
    assert part["ours"].notna().all() and (part["inputs"] != "").all() and (part["check_sources"] != "").all()


def test_quoted_claims_never_reproduce_and_computed_ones_are_never_cited_only(results):
    assert not ((results["kind"] == "quoted") & (results["outcome"] == "reproduced")).any()
    assert not ((results["kind"] == "computed") & (results["outcome"] == "cited-only")).any()


def _snapshot() -> pd.DataFrame:
    return pd.read_csv(SNAPSHOT, dtype=str)


def test_outcomes_and_bases_match_the_committed_record(results):
    expected = _snapshot().set_index("claim_id")
    actual = results.set_index("claim_id")
    assert sorted(expected.index) == sorted(actual.index), "claims added or removed: refresh the snapshot"
    changed = {
        c: f"{expected.loc[c, 'outcome']} · {expected.loc[c, 'basis']} -> {actual.loc[c, 'outcome']} · "
        f"{actual.loc[c, 'basis']}"
        for c in expected.index
        if (expected.loc[c, "outcome"], expected.loc[c, "basis"]) != (actual.loc[c, "outcome"], actual.loc[c, "basis"])
    }
    assert not changed, f"outcomes changed (refresh tests/claims_outcomes.csv if intended): {changed}"


def test_a_reproduced_claim_that_stops_reproducing_fails(results):
    expected = _snapshot().set_index("claim_id")["outcome"]
    good = expected[expected.isin(["reproduced", "cited-only"])].index
    actual = results.set_index("claim_id")["outcome"]
    lost = [c for c in good if actual[c] != expected[c]]
    assert not lost, f"claims that no longer reproduce: {lost}"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data package and bibliography that the library reads instead of the real ones."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    (tmp_path / "book").mkdir()
    shutil.copy(paths.BIBLIOGRAPHY, tmp_path / "book" / "references.bib")
    monkeypatch.setattr(paths, "DATA", data)
    monkeypatch.setattr(paths, "DATAPACKAGE", data / "datapackage.json")
    monkeypatch.setattr(paths, "BIBLIOGRAPHY", tmp_path / "book" / "references.bib")
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _outcomes(*ids):
    ledger = claims.ledger()
    return claims.evaluate(ledger[ledger["claim_id"].isin(ids)]).set_index("claim_id")["outcome"].to_dict()


def test_outcomes_are_recomputed_from_the_data(data_copy):
    before = _outcomes("C13", "C57")
    assert before == {"C13": "cited-only", "C57": "reproduced"}
    # the ministry's release gives one more kandas; Uzbekistan's census count of Kazakhs halves
    _edit(
        data_copy / "kandas_counts.csv",
        "2024-01-01,2024-07-01,8758,exact,mlsp_kandas",
        "2024-01-01,2024-07-01,8759,exact,mlsp_kandas",
    )
    _edit(
        data_copy / "ethnic_composition.csv",
        "UZB,2021,2021-01-01,day,kazakhs,persons,821200,",
        "UZB,2021,2021-01-01,day,kazakhs,persons,410600,",
    )
    assert _outcomes("C13", "C57") == {"C13": "differs", "C57": "differs"}


def test_a_cited_source_that_is_not_in_the_bibliography_is_named_with_line_and_column(data_copy):
    _edit(
        data_copy / "claims.csv",
        ',quoted,iom2024b,"context(figure=""wmr-migrants-share-2020"")"',
        ',quoted,iom2099x,"context(figure=""wmr-migrants-share-2020"")"',
    )
    with pytest.raises(DataError, match=r"line 3, column 'cited_source': 'iom2099x' is not a citation key"):
        claims.ledger()


def test_an_unknown_check_function_is_named_with_line_and_column(data_copy):
    _edit(data_copy / "claims.csv", "kazakh_share_of_kazakhstan()", "kazakh_portion()")
    with pytest.raises(DataError, match=r"line 2, column 'check': no check function 'kazakh_portion'"):
        claims.ledger()


def test_a_tolerance_needs_its_reason(data_copy):
    _edit(
        data_copy / "claims.csv",
        ',5,"The article states the ratio in words: each end is read as the fraction it names, give or take five '
        'percentage points.",',
        ",5,,",
    )
    with pytest.raises(DataError, match="tolerance_reason"):
        claims.ledger()


# --- the tolerance rules ---------------------------------------------------------------------


def test_default_tolerance_is_half_a_unit_of_the_last_printed_digit():
    assert claims.tolerance(_claim(decimals=1)) == pytest.approx(0.05)
    assert claims.tolerance(_claim(decimals=2)) == pytest.approx(0.005)
    assert claims.tolerance(_claim(decimals=-1)) == pytest.approx(5)
    assert claims.tolerance(_claim(decimals=1, tolerance=5.0)) == 5.0


def test_known_values_against_the_rounding_rule():
    # 867,200 of 5 million is 17.34 %: not the printed 17.2 %
    assert _outcome(100 * 867_200 / 5_000_000, value=17.2) == "differs"
    # 821,200 of 867,200 is 94.70 %: the printed 94.7 %
    assert _outcome(100 * 821_200 / 867_200, value=94.7) == "reproduced"
    # 867,200 of 7 million is 12.39 %: the printed 12.4 %
    assert _outcome(100 * 867_200 / 7_000_000, value=12.4) == "reproduced"
    # edges: half a unit of the last digit is inside, a little more is not
    assert _outcome(17.25, value=17.2) == "reproduced"
    assert _outcome(17.2501, value=17.2) == "differs"
    # one person in 27.8 is 'one in thirty' when thirty is read to the tens
    assert _outcome(100 / 3.6, value=30, decimals=-1, unit="one-in-n") == "reproduced"


def test_bounds_ranges_signs_and_quoted_claims():
    assert _outcome(20.03, value=20, decimals=0, bound="more-than", unit="million-persons") == "reproduced"
    # "more than N" is a lower bound: any value above it, however far
    assert _outcome(124.0, value=72, decimals=0, bound="more-than", unit="count") == "reproduced"
    assert _outcome(124.0, value=72, decimals=0, bound="more-than", kind="quoted", unit="count") == "cited-only"
    assert _outcome(124.0, value=72, decimals=0, bound="about", kind="quoted", unit="count") == "differs"
    assert _outcome(19.9, value=20, decimals=0, bound="more-than", unit="million-persons") == "differs"
    assert _outcome(4.0, value=5, decimals=0, bound="up-to", unit="rank") == "reproduced"
    assert _outcome((24.96, 34.94), value=33.3, value_high=50.0, bound="range", tolerance=5.0) == "differs"
    assert _outcome((35.2, 49.2), value=33.3, value_high=50.0, bound="range", tolerance=5.0) == "reproduced"
    assert _outcome(-175_003.0, value=1, decimals=0, unit="sign") == "differs"
    assert _outcome(30_133.0, value=1, decimals=0, unit="sign") == "reproduced"
    # a quoted number is compared with the source's number as stated, and then is cited-only
    assert _outcome(3.0, value=3, decimals=0, bound="more-than", kind="quoted", unit="million-persons") == "cited-only"
    assert _outcome(5.0, value=4.5, decimals=1, bound="up-to", kind="quoted", unit="million-persons") == "differs"


def test_units_of_head_counts_are_converted():
    claim = _claim(value=21.3, unit="thousand-persons")
    assert claims.judge(claim, claims.Finding(21_333.0, "persons", "test"))["outcome"] == "reproduced"


def test_a_caveat_makes_a_matching_number_differ():
    verdict = claims.judge(
        _claim(value=17, decimals=0, kind="quoted"),
        claims.Finding(17.0, "percent", "test", caveat="Of the working-age only."),
    )
    assert (verdict["outcome"], verdict["ours"], verdict["reason"]) == ("differs", 17.0, "Of the working-age only.")


def test_a_range_of_ours_agrees_when_the_printed_value_lies_in_it():
    # an input known only as a bound ("more than 2,000") makes our value a range
    assert _outcome((0.1446, 0.2168), value=0.16, decimals=2) == "reproduced"
    assert _outcome((0.0201, 0.0301), value=0.21, decimals=2) == "differs"


def test_period_sign_reads_the_registered_record_over_the_months_found():
    found = claims.period_sign("registered", 2011, 2022)
    assert found.value < 0 and "107 of its 144 months found" in found.inputs
    assert "2011 +5,400" in found.inputs and "Jan–Jul 2013 −672" in found.inputs  # a part stays its months
    assert "nurbek2025" not in found.sources and "wpp2024" not in found.sources
    # parts of two years in 2001–2010: read as they are, never as whole years, and not decisive
    decade = claims.period_sign("registered", 2001, 2010, fallback="wpp")
    assert decade.basis == "partial" and decade.value == -11_542 + 2_303
    assert decade.bounds[0] < 0 < decade.bounds[1] and "wpp2024" not in decade.sources
    # no registered figure in 1991–2000: the model only when the ledger asks for it, and it says so
    with pytest.raises(claims.NotCheckable, match="no year of 1991–2000"):
        claims.period_sign("registered", 1991, 2000)
    model = claims.period_sign("registered", 1991, 2000, fallback="wpp")
    assert model.value == claims.period_sign("wpp", 1991, 2000).value < 0
    assert "the data hold no registered figures for those years" in model.inputs
    assert model.basis == "proxy" and model.sources == ("wpp2024",)


def test_a_count_of_all_kazakh_schools_is_not_a_count_of_bilingual_ones():
    assert claims.schooling(obs_id="uzb-2022-schools").caveat == ""
    found = claims.schooling(obs_id="uzb-2022-schools", bilingual=True)
    assert found.value == 370
    assert "not only those teaching in two languages" in found.caveat
    assert "in 2017, 162 of the 380 schools teaching in Kazakh taught in Kazakh alone" in found.caveat


def test_a_number_matched_in_another_publication_names_it(results):
    by_id = results.set_index("claim_id", drop=False)
    c13 = claims.entry(by_id.loc["C13"])
    # the ministry's release, read in the Otandastar Foundation's item (the paper cites another relay of it)
    assert (
        "Matched in Ministry of Labour and Social Protection of Population of the Republic of Kazakhstan n.d., "
        "not in the publication the article cites."
    ) in c13
    # same author and year as the cited report: the letters of the bibliography tell them apart
    c48 = claims.entry(by_id.loc["C48"])
    matched = c48.split("Matched in ")[1].split(", not in")[0]
    assert matched.startswith("International Organization for Migration 2024") and f"cites {matched}." not in c48
    # found in the source the paper cites: nothing to add
    cited_itself = results[(results["outcome"] == "cited-only") & (results["check_sources"] == results["cited_source"])]
    assert len(cited_itself) and "Matched in" not in claims.entry(cited_itself.iloc[0])


def test_homeland_ratio_names_its_denominator():
    ours = claims.homeland_ratio("nurbek2025-2022-range", "Kazakhs in Kazakhstan")
    assert ours.value[0] > 100 / 3 and ours.value[1] < 50
    with pytest.raises(DataError, match="no denominator 'official'"):
        claims.homeland_ratio("nurbek2025-2022-range", "official")


def test_a_claim_that_cannot_be_checked():
    verdict = claims.judge(_claim(note="The cited report was not found."), None)
    assert verdict["outcome"] == "not-checkable" and "not found" in verdict["reason"]


def test_parse_check():
    assert claims.parse_check('table1(iso3="UZB", year=2022)') == ("table1", {"iso3": "UZB", "year": 2022})
    assert claims.parse_check("region_total()") == ("region_total", {})
    for bad in ("table1", 'table1("UZB")', "table1(iso3=x)", "os.system('x')"):
        with pytest.raises(ValueError):
            claims.parse_check(bad)


# --- the report and the badges ---------------------------------------------------------------


def test_scorecard_counts_every_claim_once_by_basis_and_outcome(results):
    card = claims.scorecard(results)
    assert card.loc["all", "claims"] == len(results)
    assert list(card.columns) == [*claims.OUTCOMES, "claims"]
    assert list(card.index) == [*claims.BASES, "all"]
    assert card.loc["none", "not-checkable"] == card.loc["none", "claims"]


def test_an_entry_states_outcome_basis_and_why(results):
    by_id = results.set_index("claim_id", drop=False)
    c10 = claims.entry(by_id.loc["C10"])
    assert "? not-checkable (partial evidence)" in c10 and "Evidence: The registered balance is known" in c10
    assert "✓ reproduced (direct evidence)" in claims.entry(by_id.loc["C01"])


def test_each_claim_gets_an_anchor_on_the_report(results):
    text = "\n".join(claims.entries(results, s) for s in results["section"].unique())
    for cid in results["claim_id"]:
        assert f"({claims.label(cid)})=" in text
    assert claims.entries(results, "4") == "No numeric claim in this section.\n"


def test_badge_links_to_the_claim_and_says_when_the_evidence_is_not_direct():
    assert claims.badge("C27", "differs") == "{ref}`≠ <claim-c27>`"  # the mark alone, no id
    assert claims.badge("C45", "differs", "proxy") == "{ref}`≠* <claim-c45>`"
    assert claims.badge("C08", "not-checkable", "none") == "{ref}`? <claim-c08>`"
    for symbol in [*claims.SYMBOLS.values(), "*"]:
        assert symbol in claims.legend()
    assert claims.mark("C57", "C39") == {"C57": "reproduced", "C39": "differs"}
    with pytest.raises(DataError, match="no claim 'C999'"):
        claims.mark("C57", "C999")


def refresh() -> None:
    """Write the current outcome of every claim to the snapshot."""
    current = claims.evaluate()[["claim_id", "outcome", "basis"]]
    current.to_csv(SNAPSHOT, index=False, lineterminator="\n")
    print(f"wrote {SNAPSHOT} ({len(current)} claims)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--refresh"]:
        refresh()
    else:
        sys.exit("usage: python tests/test_claims.py --refresh")
