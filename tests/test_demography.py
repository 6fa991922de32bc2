"""The computations behind section 3.2: Table 1, its reconciliation with the printed figures, the
region in the worldwide diaspora. Known values come from the paper and the sources in data/."""

import math

import pandas as pd
import pytest

from kzdiaspora import DataError, bibliography, demography, fmt

OLD, NEW = "wdi-2024-12", "wdi-2026-03"


def test_table1_counts_add_up_to_the_papers_regional_total():
    kaz = demography.table1_kazakhs().set_index("iso3")["persons"]
    assert kaz.to_dict() == {"UZB": 821_200, "KGZ": 35_000, "TJK": 2_000, "TKM": 9_000}
    assert demography.region_total() == 867_200 == demography.paper_region_total()


def test_uzbekistan_holds_947_per_mille_of_the_region():
    shares = demography.region_shares().set_index("iso3")["percent_of_region"]
    assert shares["UZB"] == pytest.approx(821_200 / 867_200 * 100)
    assert round(shares["UZB"], 1) == 94.7
    assert shares.sum() == pytest.approx(100)


def test_table1_cells_with_the_old_release():
    t = demography.table1(OLD, 2022).set_index(["iso3", "quantity"])
    assert t.loc[("TKM", "total"), "value"] == 6_430_770
    assert t.loc[("TKM", "share"), "value"] == pytest.approx(9_000 / 6_430_770 * 100)
    assert round(t.loc[("TKM", "share"), "value"], 2) == 0.14
    # Uzbek titular share from the national counts of 1 January 2021 (29.2 of 34.6 million)
    assert t.loc[("UZB", "titular"), "value"] == pytest.approx(35_648_100 * 29.2 / 34.6)
    assert t.loc[("UZB", "others"), "value"] == pytest.approx(35_648_100 - 35_648_100 * 29.2 / 34.6 - 821_200)
    # every cell says when and what it is, except those the data cannot fill
    filled = t[t["value"].notna()]
    assert (filled["when"] != "").all() and (filled["status"] != "").all()
    assert t[t["value"].isna()].index.get_level_values(0).unique().tolist() == ["TKM"]


def test_table1_falls_back_to_the_latest_year_of_a_release():
    t = demography.table1(OLD, 2024).set_index(["iso3", "quantity"])
    assert t.loc[("UZB", "total"), "when"] == "2023"  # the old release stops in 2023


def test_unknown_vintage_is_a_clear_error():
    with pytest.raises(DataError, match="unknown World Bank vintage 'wdi-1999'"):
        demography.table1("wdi-1999", 2022)


def test_decimals_of_printed_figures():
    assert [fmt.decimals(x) for x in (2.2, 0.52, 5.0, 0.9, 0.16)] == [1, 2, 0, 1, 2]


def test_rounds_to():
    assert demography.rounds_to(0.516727, 0.52, 2)
    assert not demography.rounds_to(0.501799, 0.52, 2)
    assert demography.rounds_to(2.24, 2, 0) and not demography.rounds_to(2.51, 2, 0)


def test_reconciliation_finds_the_denominators_that_reproduce_the_printed_shares():
    tried = demography.reconcile()
    hits = tried[tried["rounds"]]
    shares = hits[hits["measure"] == "share"]
    # Kyrgyzstan's 0.52 % comes only from the old release's 2021 total
    kgz = shares[shares["iso3"] == "KGZ"]
    assert kgz[["vintage", "year"]].values.tolist() == [[OLD, 2021]]
    # Turkmenistan's 0.14 % only from the old release
    assert set(shares[shares["iso3"] == "TKM"]["vintage"]) == {OLD}
    # Uzbekistan's 2.2 % from the national total of 1 January 2024 (36,799,756) and from the UN's
    # WPP 2024 projection for mid-2024 (36,713,264); from no World Bank total
    uzb = shares[shares["iso3"] == "UZB"]
    assert sorted(uzb["base"].tolist()) == [36_713_264, 36_799_756]
    assert set(uzb["vintage"]) == {"", "wpp-2024"}
    # nothing gives Tajikistan's 0.21 % or Uzbekistan's 5 %
    assert hits[(hits["iso3"] == "TJK") & (hits["measure"] == "share")].empty
    assert hits[(hits["iso3"] == "UZB") & (hits["measure"] == "ratio")].empty


def test_count_range_reads_a_lower_bound_up_to_the_next_unit_of_its_last_digit():
    assert demography.count_range(2000, "more-than") == (2000, 3000)
    assert demography.count_range(35_000, "more-than") == (35_000, 36_000)
    assert demography.count_range(821_200, "rounded") == (821_200, 821_200)


def test_reconciliation_verdicts_and_reasons():
    check = demography.reconciliation(OLD, 2022).set_index(["iso3", "measure"])
    assert check.loc[("TKM", "share"), "verdict"] == "reproduced"
    assert check.loc[("KGZ", "ratio"), "verdict"] == "reproduced"
    assert check.loc[("KGZ", "share"), "verdict"] == "reproduced with other inputs"
    assert check.loc[("TJK", "share"), "verdict"] == "not reproduced"
    assert check.loc[("UZB", "ratio"), "verdict"] == "not reproduced"
    assert check.loc[("TKM", "ratio"), "verdict"] == "not checkable"
    # 0.21 % of Tajikistan's 9,952,787 people would be about 20,900 Kazakhs, not 2,000
    assert check.loc[("TJK", "share"), "implied_kazakhs"] == pytest.approx(0.0021 * 9_952_787)
    assert "20,901 Kazakhs" in check.loc[("TJK", "share"), "reason"]
    # Uzbekistan: 821,200 / (34.6 M − 29.2 M) ≈ 15.2 % with the national counts; a 5 % ratio needs 16.4 M non-titulars
    assert check.loc[("UZB", "ratio"), "implied_base"] == pytest.approx(821_200 / 0.05)
    # Tajikistan's ratio: the paper's count is a lower bound ("slightly more than 2,000"), and the
    # printed 0.16 % implies about 2,213 Kazakhs, within it
    assert check.loc[("TJK", "ratio"), "verdict"] == "reproduced"
    assert "more than 2,000; the printed figure implies 2,213" in check.loc[("TJK", "ratio"), "reason"]
    assert "20,901 Kazakhs, not more than 2,000" in check.loc[("TJK", "share"), "reason"]
    counts = demography.verdict_counts(check.reset_index())
    assert counts.sum() == 8 and list(counts.index) == list(demography.VERDICTS)


def test_uzbek_ratio_with_national_counts_only():
    assert 821_200 / (34_600_000 - 29_200_000) * 100 == pytest.approx(15.2, abs=0.05)
    shares = demography.titular_shares("UZB")
    assert shares["percent"].iloc[0] == pytest.approx(29.2 / 34.6 * 100)
    assert shares["status"].iloc[0] == "derived"


def test_titular_share_closest_to_the_reference_year():
    assert demography.titular_share("KGZ", 2022)["percent"] == 77.6
    assert demography.titular_share("KGZ", 2021)["percent"] == 73.77
    assert demography.titular_share("KGZ", 2019)["percent"] == 73.77  # none earlier: the earliest after
    assert demography.titular_share("TKM", 2022) is None


def test_share_sensitivity_moves_with_the_release():
    sens = demography.share_sensitivity().set_index(["iso3", "vintage", "year"])["share"]
    assert sens[("TKM", OLD, 2022)] == pytest.approx(9_000 / 6_430_770 * 100)
    assert sens[("TKM", NEW, 2022)] < sens[("TKM", OLD, 2022)]
    assert demography.vintage_revision("TKM", 2022) == 7_230_193 - 6_430_770
    assert demography.common_year(2024) == 2023
    assert sens.index.get_level_values("year").max() == 2024  # the UN's projections to 2030 are left out
    assert demography.release_label("wpp-2024") == "UN World Population Prospects 2024"


def test_region_share_of_the_worldwide_diaspora():
    sc = demography.diaspora_scenarios().set_index("estimate_id")
    iom = sc.loc["nurbek2025-2022-range"]
    assert iom["share_low"] == pytest.approx(867_200 / 7_000_000 * 100)  # 12.4 %
    assert iom["share_high"] == pytest.approx(867_200 / 5_000_000 * 100)  # 17.3 %, the paper prints 17.2
    assert round(iom["share_low"], 1) == 12.4 and round(iom["share_high"], 1) == 17.3
    official = sc.loc["astanatimes2024-2024-more-than"]  # more than 3 M: the share is at most 28.9 %
    assert pd.isna(official["share_low"]) and round(official["share_high"], 1) == 28.9
    assert fmt.pct_range(official["share_low"], official["share_high"]) == "at most 28.9 %"
    assert fmt.pct_range(iom["share_low"], iom["share_high"]) == "12.4–17.3 %"
    assert fmt.pct_range(iom["share_low"], iom["share_high"], between=True) == "between 12.4 and 17.3 %"
    assert fmt.pct_range(official["share_low"], official["share_high"], between=True) == "at most 28.9 %"
    with pytest.raises(DataError, match="unknown diaspora estimate"):
        demography.diaspora_scenario("nobody-1900-about")


def test_worldwide_diaspora_against_kazakhstans_kazakhs_not_its_total():
    r = demography.homeland_ratios("nurbek2025-2022-range").set_index("denominator")
    own = r.loc["Kazakhs in Kazakhstan"]
    assert own["persons"] == 14_220_000
    assert own["ratio_low"] == pytest.approx(5e6 / 14.22e6 * 100)  # one third ...
    assert own["ratio_high"] == pytest.approx(7e6 / 14.22e6 * 100)  # ... to nearly half
    # the paper's "Kazakh population" 20,033,842 is the total population at the start of 2024
    assert demography.paper_homeland_is_total()
    paper = r[r["status"] == "stated-by-authors"].iloc[0]
    assert paper["persons"] == 20_033_842
    assert paper["ratio_high"] == pytest.approx(7e6 / 20_033_842 * 100)


def test_display_helpers():
    assert fmt.approx(35_000, "about") == "≈35,000"
    assert fmt.approx(2_000, "more-than") == ">2,000"
    assert fmt.share(0.0200948) == "0.020 %" and fmt.share(2.3036) == "2.30 %"
    assert fmt.share(math.nan) == "–"
    assert fmt.when(2024, "circa") == "c. 2024" and fmt.when(2021, "day") == "2021"
    shown = demography.table1_display(demography.table1(OLD, 2022))
    assert list(shown.columns) == ["Quantity", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan"]
    assert shown.iloc[0]["Uzbekistan"].startswith("821,200")
    assert bibliography.author("astanatimes2024") == "The Astana Times"
    assert bibliography.author("nurbek2025") == "Nurbek et al."


def test_share_map_data_covers_the_five_countries():
    data = demography.share_map_data(demography.table1(OLD, 2022)).set_index("iso3")
    assert sorted(data.index) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert data.loc["KAZ", "share"] == 70.98
    assert data.loc["TKM", "share_text"] == "0.14 %"


def test_charts_build():
    t1 = demography.table1(OLD, 2022)
    for chart in (
        demography.share_map(demography.share_map_data(t1)),
        demography.sensitivity_chart(demography.share_sensitivity()),
        demography.diaspora_range_chart(
            demography.diaspora_range_data(), list(demography.diaspora_scenarios()["label"])
        ),
    ):
        assert chart.to_dict()


def test_census_conflicts_show_both_figures():
    tjk = demography.census_conflicts("TJK")
    row = tjk[tjk["other_status"] == "census"].iloc[0]
    assert (row["paper"], row["other"], row["other_when"]) == (70_000, 11_376, "1989")
    tkm = demography.census_conflicts("TKM")
    census = tkm[tkm["other_status"] == "census"]
    assert sorted(census["other"]) == [86_987, 87_802]
    assert set(census["paper"]) == {120_000}
    assert demography.widest_gap(census)["other"] == 86_987  # 120,000 / 86,987 ≈ 1.38
    assert demography.census_conflicts("UZB").empty
    assert set(tkm["measure"]) == {"count"}


def test_census_conflicts_compare_shares_with_census_shares():
    kgz = demography.census_conflicts("KGZ", vintage=OLD)
    assert len(kgz) == 1  # the paper gives no count for Kyrgyzstan, only its share
    row = kgz.iloc[0]
    assert (row["measure"], row["paper"], row["other"], row["other_status"], row["other_when"]) == (
        "share",
        0.52,
        0.4,
        "census",
        "2022",
    )
    assert (row["paper_text"], row["other_text"]) == ("0.52 %", "0.4 %")
    assert row["ratio"] == pytest.approx(1.3)
    total = demography.total_population(OLD, "KGZ", 2022)
    assert row["population_year"] == 2022 == total["year"]
    assert row["other_persons"] == pytest.approx(0.004 * total["population"])
    assert 27_000 < row["other_persons"] < 29_000  # about 28,000 at some 7.0 million people
    assert row["paper_persons"] == 35_000  # the inferred count behind the paper's share
    assert demography.census_conflicts("KGZ")["paper_persons"].isna().all()  # no vintage, no head counts


def test_kazakh_and_share_series():
    tjk = demography.kazakh_series("TJK")
    assert tjk["year"].is_monotonic_increasing
    assert tjk[tjk["status"] == "census"]["persons"].tolist() == [11_376, 936, 595]
    shares = demography.share_series("TJK", OLD, 2022).set_index("when")
    assert shares.loc["1989", "percent"] == pytest.approx(11_376 / 5_092_603 * 100)
    assert shares.loc["2022", "percent"] == pytest.approx(2_000 / 9_952_787 * 100)
    assert shares.loc["c. 2024", "status"] == "stated-by-authors"


def test_counts_found_are_the_published_ones():
    """A count of figures found counts what a publication gives, never the paper's own figures or
    a value of ours (the Kyrgyz count inferred from the paper's regional total)."""
    from kzdiaspora import data

    found = {c: data.observed(demography.kazakh_series(c)) for c in ("UZB", "KGZ", "TJK", "TKM")}
    assert not any(f.status.isin(["stated-by-authors", "inferred", "derived"]).any() for f in found.values())
    kgz = demography.kazakh_series("KGZ")
    assert len(found["KGZ"]) == len(kgz) - 1 and set(kgz.status) - set(found["KGZ"].status) == {"inferred"}
    scenarios = demography.diaspora_scenarios()
    assert len(data.observed(scenarios)) == len(scenarios) - (scenarios.status == "stated-by-authors").sum() > 0


def test_verdict_figures_name_each_printed_figure_once():
    check = demography.reconciliation("wdi-2024-12", 2022)
    words = demography.verdict_figures(check)
    assert set(words) == set(demography.VERDICTS)
    for row in check.itertuples():
        noun = "share" if row.measure == "share" else "ratio"
        assert noun in words[row.verdict] and row.country in words[row.verdict], row
    check = check[check["verdict"] != "not checkable"]
    assert demography.verdict_figures(check)["not checkable"] == "none"
