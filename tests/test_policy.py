"""The policy module: migration periods, their sums and signs, and the two net-migration series."""

import pandas as pd
import pytest

from kzdiaspora import policy


def _series(values: dict) -> pd.DataFrame:
    rows = [{"year": y, "net": float(v)} for y, vs in values.items() for v in (vs if isinstance(vs, list) else [vs])]
    return pd.DataFrame(rows)


def test_check_periods_accepts_lists_and_rejects_bad_ones():
    assert policy.check_periods([[1991, 2000], [2001, 2010]]) == [(1991, 2000), (2001, 2010)]
    with pytest.raises(ValueError, match="period 1: first year 2000 is after last year 1991"):
        policy.check_periods([(2000, 1991)])
    with pytest.raises(ValueError, match="period 2 .* overlaps"):
        policy.check_periods([(1991, 2000), (2000, 2010)])
    with pytest.raises(ValueError, match="two years"):
        policy.check_periods([(1991,)])


def test_period_sums_counts_coverage_and_sign():
    sums = policy.period_sums(
        _series({2001: -5, 2002: 3, 2011: 4, 2012: 6}), [(2001, 2003), (2011, 2012), (2020, 2021)]
    )
    first, second, third = sums.to_dict("records")
    assert first["net"] == -2 and first["sign"] == -1 and first["years_covered"] == 2 and not first["complete"]
    assert second["net"] == 10 and second["sign"] == 1 and second["complete"]
    assert third["years_covered"] == 0 and pd.isna(third["sign"])


def test_period_sums_range_when_releases_disagree():
    sums = policy.period_sums(_series({2024: [17164, 16550], 2023: 9293}), [(2023, 2024)])
    row = sums.iloc[0]
    assert (row.low, row.high) == (9293 + 16550, 9293 + 17164)
    assert row.net == pytest.approx((row.low + row.high) / 2)
    assert row.years_covered == 2 and row.sign == 1


def test_period_sums_ambiguous_sign_is_missing():
    sums = policy.period_sums(_series({2024: [-10, 10]}), [(2024, 2024)])
    assert pd.isna(sums.sign.iloc[0])


def test_against_concept():
    sums = policy.period_sums(_series({1995: -5, 2005: -1, 2015: 2}), policy.concept_periods())
    out = policy.against_concept(sums, {"1991–2000": -1, "2001–2010": 1, "2011–2022": -1})
    assert list(out.agrees) == [True, False, False]
    other = policy.against_concept(sums, {"1991–2000": -1})
    assert pd.isna(other.agrees.iloc[1])


# --- on the shipped data ---


def test_wpp_period_sums_known_values():
    sums = policy.period_sums(policy.wpp_net_migration(), policy.concept_periods()).set_index("period")
    assert sums.loc["1991–2000", "net"] / 1000 == pytest.approx(-3052, abs=1)
    assert sums.loc["2001–2010", "net"] / 1000 == pytest.approx(-175, abs=1)
    assert sums.loc["2011–2022", "net"] / 1000 == pytest.approx(30, abs=1)
    assert sums.complete.all()


def test_wpp_contradicts_concept_in_the_last_two_periods():
    sums = policy.period_sums(policy.wpp_net_migration(), policy.concept_periods())
    out = policy.against_concept(sums, policy.concept_directions())
    assert list(out.agrees) == [True, False, False]


def test_registered_balance_known_years():
    reg = policy.registered_balance()
    one = reg.drop_duplicates("year", keep=False).set_index("year").net
    assert one[2017] == 16081 - 37704
    assert one[2011] == 5400 and one[2023] == 9293 and one[2025] == 16153
    assert 2020 not in set(reg.year)  # arrivals of 2020 not found: a gap
    assert sorted(reg[reg.year == 2024].net) == [16550, 17164]  # two releases disagree
    assert sorted(reg[reg.year == 2022].net) == [-6946, -6700]  # an exact release and a later rounded one
    assert (reg[reg.year.between(2012, 2022)].net < 0).all()
    assert reg.set_index("year").status[2012] == "attributed"  # the copy names no statistics office


def test_registered_record_keeps_parts_of_years_as_published():
    rec = policy.registered_record().set_index("period")
    assert rec.loc["Jan–Sep 2003", "net"] == -11542 and rec.loc["Jan–Sep 2004", "net"] == 2303
    assert rec.loc["Jan–Sep 2004", "months"] == 9 and not rec.loc["Jan–Sep 2004", "whole_year"]
    assert rec.loc["Jan–Jul 2013", "net"] == 12230 - 12902  # arrivals minus departures of one release
    whole = policy.registered_record()
    assert set(whole[whole.whole_year].year) == set(policy.registered_balance().year)


def test_period_record_never_counts_a_part_of_a_year_as_the_year():
    rec = policy.period_record(policy.registered_record()).set_index("period")
    assert rec.loc["1991–2000", "whole_years"] == 0 and len(rec.loc["1991–2000", "no_figure"]) == 10
    assert rec.loc["2001–2010", "whole_years"] == 0
    assert rec.loc["2001–2010", "parts"] == "Jan–Sep 2003 −11,542; Jan–Sep 2004 +2,303"
    assert (rec.loc["2011–2022", "whole_years"], rec.loc["2011–2022", "positive_years"]) == (8, 1)
    assert rec.loc["2011–2022", "no_figure"] == [2015, 2020]


def test_registered_sum_agrees_with_concept_where_it_exists():
    sums = policy.period_sums(policy.registered_balance(), policy.concept_periods())
    out = policy.against_concept(sums, policy.concept_directions()).set_index("period")
    assert out.loc["2011–2022", "agrees"] and out.loc["2011–2022", "years_covered"] == 8
    assert pd.isna(out.loc["1991–2000", "agrees"])


def test_timeline_orders_dated_items_and_keeps_undated():
    items = policy.timeline()
    dated = items[items.position.notna()]
    assert dated.position.is_monotonic_increasing
    assert (items[items.position.isna()].when == "undated").all()
    assert {"concept-migration-2023-2027", "national-plan-2029", "ata-zholy-card", "kandas-renaming-2020"} <= set(
        items.item_id
    )
    assert set(items.lane) <= set(policy.KIND_GROUPS.values())


def test_charts_build():
    series = pd.concat([policy.wpp_net_migration(), policy.registered_balance()])
    assert "vconcat" in policy.migration_chart(series).to_dict()
    assert "layer" in policy.timeline_chart(policy.timeline()).to_dict()
    record = policy.record_chart_data(policy.registered_record(), (2017, 2025))
    assert record.period.str.endswith(("2017", "2025")).any() and "layer" in policy.record_chart(record).to_dict()


def test_net_migration_has_a_focus_panel_and_a_legend_of_its_marks():
    """The second panel shows the years from the start of the period in which the registered
    balance begins, on a scale of its own; the legend's shapes are the marks drawn."""
    series = policy.net_migration("both")
    start = policy.focus_start(series)
    first = int(series[series.series == "registered"].year.min())
    assert start <= first and any(p[0] == start for p in policy.check_periods(None))
    every, focus = policy.migration_chart(series).to_dict()["vconcat"]
    assert focus["layer"][-1]["encoding"]["x"]["scale"]["domain"][0] == start
    assert every["layer"][-1]["encoding"]["x"]["scale"]["domain"][0] < start
    registered = every["layer"][-1]
    assert registered["mark"]["type"] == "point"
    assert registered["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]


def test_the_timeline_labels_every_dated_item():
    items = policy.timeline()
    spec = policy.timeline_chart(items).to_dict()
    points = spec["layer"][-1]
    labels = points["encoding"]["y"]["scale"]["domain"]
    dated = items[items.position.notna()]
    assert len(labels) == len(dated)
    for label, title in zip(labels, dated.title):
        assert " ".join(label.replace(" | ", " ").split()).startswith(" ".join(title.split())[:20])


def test_timeline_dates_in_words():
    when = policy.timeline().set_index("item_id").date_text
    assert when["law-migration-1997"] == "13 December 1997"
    assert when["ata-zholy-card"] == "July 2023"
    assert when["berek"] == "undated"
    phrase = policy.timeline().set_index("item_id").date_phrase
    assert phrase["nomad-visas-2024"] == "on 1 November 2024"
    assert phrase["ata-zholy-card"] == "in July 2023"
    assert phrase["berek"] == "at an unknown date"


def test_registered_total():
    assert policy.registered_total(2023, "emigration") == 16094
    assert policy.registered_total(2020, "immigration") is None
    with pytest.raises(Exception, match="releases disagree"):
        policy.registered_total(2024, "immigration")


def test_describe_periods_and_table():
    wpp = policy.against_concept(policy.period_sums(policy.wpp_net_migration()), policy.concept_directions())
    text = policy.describe_periods(wpp, "UN estimate")
    assert "1991–2000: −3,052 thousand, consistent with the Concept." in text
    assert "2011–2022: +30 thousand, the opposite" in text
    reg = policy.against_concept(policy.period_sums(policy.registered_balance()), policy.concept_directions())
    table = policy.period_table(wpp, reg)
    assert list(table["years registered"]) == ["0 of 10", "0 of 10", "8 of 12"]


def test_period_findings_default_periods():
    f = policy.period_findings(policy.wpp_net_migration(), policy.registered_balance())
    assert f["wpp_first_period"] == "−3,052" and f["first_verdict"] == "agrees with"
    assert f["wpp_contradicts"] == "2001–2010 and 2011–2022"
    assert f["reg_gaps"] == "2013, 2015, 2016, 2020" and f["wpp_worst_year"] == "1994"
    assert f["reg_last_years"] == "7 of the 8 years found in 2011–2022 are negative"
    assert f["reg_after"] == "2023: +9,293; 2024: +16,550 or +17,164; 2025: +16,153"


def test_net_migration_series_choice():
    assert set(policy.net_migration("both").series) == {"wpp", "registered"}
    assert set(policy.net_migration("wpp").series) == {"wpp"}
    with pytest.raises(ValueError, match="series must be"):
        policy.net_migration("census")
    assert "lowest −520,028 in 1994" in policy.describe_migration(policy.net_migration("wpp"))


def test_the_concepts_periods_come_from_the_data():
    assert policy.concept_periods() == [(1991, 2000), (2001, 2010), (2011, 2022)]
    assert policy.concept_directions() == {"1991–2000": -1, "2001–2010": 1, "2011–2022": -1}
    assert policy.check_periods() == policy.concept_periods()
