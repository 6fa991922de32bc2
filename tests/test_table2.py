"""Table 2 rebuilt cell by cell, both ends of a flow, the revisions of the UN stocks, and the
figures published after the article."""

import calendar
import re

import pandas as pd
import pytest

from kzdiaspora import countries, data, migration, policy, recent, revisions, table2

TO, FROM = migration.TO_KAZ, migration.FROM_KAZ
PART = re.compile(r"^[A-Z][a-z]{2}–[A-Z][a-z]{2} \d{4}$")  # "Jan–Sep 2018"


@pytest.fixture(scope="module")
def cells():
    return table2.grid()


def test_the_grid_has_the_articles_shape_and_every_cell_a_figure_or_a_gap(cells):
    assert len(cells) == 4 * 2 * 20 and cells[["partner_iso3", "direction", "year"]].drop_duplicates().shape[0] == 160
    gaps = cells[cells.level == "gap"]
    assert (gaps.text == "–").all() and gaps.source.isna().all() and (gaps.figures == 0).all()
    filled = cells[cells.level != "gap"]
    assert filled.source.notna().all() and filled.status.notna().all() and (filled.figures > 0).all()
    assert set(cells.evidence) <= set(table2.EVIDENCE.values())


def test_coverage_counts_each_kind_of_evidence(cells):
    cov = table2.coverage(cells).set_index("level")
    assert cov.cells.to_dict() == {"kazakhstan": 4, "partner": 6, "share": 3, "part-year": 13, "gap": 134}
    assert cov.loc["part-year", "cumulative"] == 26 and (cov.of == 160).all()
    kaz = cells[cells.level == "kazakhstan"]
    assert sorted(zip(kaz.partner_iso3, kaz.year)) == [("TKM", 2023), ("UZB", 2017), ("UZB", 2021), ("UZB", 2023)]
    bars = table2.coverage_bars(cells).groupby("bar").cells.sum()
    assert (bars == 160).all()


def test_a_cell_takes_its_strongest_figure_an_exact_one_first(cells):
    c = cells.set_index(["partner_iso3", "direction", "year"])
    assert c.loc[("UZB", TO, 2023), "persons"] == 6_519  # Kazakhstan's own count, not Uzbekistan's 14,051
    assert c.loc[("KGZ", TO, 2017), "level"] == "partner" and c.loc[("KGZ", TO, 2017), "persons"] == 1_209
    assert c.loc[("UZB", FROM, 2021), "text"] == "38 % of 1,900"  # a share, with the total it is a share of
    assert pd.isna(c.loc[("TJK", TO, 2010), "persons"]) and c.loc[("TJK", TO, 2010), "level"] == "gap"


def test_a_part_of_a_year_names_its_months_and_never_fills_the_year(cells):
    found = table2.figures()
    part = found[~found.whole_year]
    assert len(part) and part.period_label.map(lambda p: bool(PART.match(p))).all()
    assert (part.level == "part-year").all()
    shown = cells[cells.level == "part-year"]
    assert shown.text.str.match(r"^[A-Z][a-z]{2}–[A-Z][a-z]{2} \d{4}: ").all() and shown.persons.isna().all()


def test_both_ends_are_set_side_by_side_only_for_the_same_period():
    pairs = table2.both_ends().set_index(["route", "period_label"])
    uz = pairs.loc[("Uzbekistan → Kazakhstan", "2023")]
    assert (uz.kazakhstan, uz.partner_office, uz.difference) == (6_519, 14_051, 14_051 - 6_519)
    q1 = pairs.loc[("Uzbekistan → Kazakhstan", "Jan–Mar 2021")]  # both offices' first quarter
    assert (q1.kazakhstan, q1.partner_office) == (518, 3_372) and not q1.whole_year
    derived = pairs.loc[("Uzbekistan → Kazakhstan", "2021")]
    assert derived.partner_office_basis.startswith("derived: 56.6 % of 20,140") and derived.approximate
    found = table2.figures((2000, 2030))
    for r in table2.both_ends().itertuples():
        same = found[(found.route == r.route) & (found.period_start == r.period_start)]
        assert (same.period_end == r.period_end).any()


def test_a_part_year_figure_is_not_compared_with_a_whole_year_without_saying_so():
    found = table2.figures((2024, 2024))
    uz = found[found.route == "Uzbekistan → Kazakhstan"]
    part = uz[(uz.period_label == "Jan–Jun 2024") & (uz.end == "kazakhstan")].iloc[0].copy()
    year = uz[(uz.period_label == "2024") & (uz.end == "partner")].iloc[0].copy()
    part["value"], year["value"] = part.persons, year.persons
    with pytest.raises(table2.PeriodMismatch, match="Jan–Jun 2024 is compared with 2024"):
        table2.compare(part, year)
    said = table2.compare(part, year, periods_may_differ=True)
    assert said["periods"] == "Jan–Jun 2024 against 2024" and said["difference"] == 8_792 - 4_838


def test_the_registered_record_draws_each_balance_over_its_own_months():
    data = policy.record_chart_data(policy.registered_record())
    assert set(data.span) == set(policy.charts.SPANS.values())
    part = data[data.months < 12]
    assert part.period.map(lambda p: bool(PART.match(p))).all()
    assert ((part.x2 - part.x) * 12).round().tolist() == part.months.tolist()  # never stretched to a year


def test_un_stock_revisions_agree_where_they_overlap_or_the_difference_is_shown():
    agree = revisions.agreement().set_index(["old", "new"])
    first = agree.loc[(2019, 2020)]
    assert first.shared == 114 and first.equal == first.shared and first.differ == 0
    later = agree.loc[(2020, 2024)]
    assert later.differ == 28 and later.destinations == "Kazakhstan"  # 4 origins × 7 years
    diff = revisions.differences(2020, 2024)
    changed = diff[diff.difference != 0]
    assert (changed.destination_iso3 == "KAZ").all()
    uz = changed.set_index(["origin_iso3", "year"])
    assert (uz.loc[("UZB", 2020), "old"], uz.loc[("UZB", 2020), "new"]) == (296_511, 689_957)
    drawn = revisions.to_kazakhstan()
    assert set(drawn.revision) == {"2019 revision", "2020 revision", "2024 revision"}
    assert revisions.revisions_chart(drawn).to_dict()["description"]


def test_after_the_article_the_positive_balance_holds():
    found = recent.balance_findings()
    assert found["positive_run"] == "2023, 2024 and 2025"
    assert (found["latest_year"], found["latest_balance"]) == ("2025", "+16,153")
    kandas = recent.kandas_findings()
    assert kandas["latest_count"] == "16,805" and kandas["latest_origins"].startswith("Uzbekistan 44.5 %")
    assert (recent.flows("UZB").period_start.dt.year >= recent.SINCE).all()
    assert recent.origins_chart(recent.kandas_origins()).to_dict()["description"]


def test_table2_charts_build(cells):
    assert table2.grid_chart(cells).to_dict()["description"].startswith("Grid of the 160 cells")
    assert table2.coverage_chart(table2.coverage_bars(cells)).to_dict()
    assert table2.both_ends_chart(table2.both_ends()).to_dict()
    shown = table2.display(table2.stocks_table(2019))
    assert shown.columns.tolist() == ["Route", "1990", "1995", "2000", "2005", "2010", "2015", "2019"]
    assert shown.iloc[0].tolist()[:2] == ["Uzbekistan → Kazakhstan", "131,905"]


def test_every_registered_figure_names_its_months_and_quotes_the_copy_read():
    """Each flow, balance or share of a statistics office keeps the period it was published for,
    named in words in its locator, and the few words seen in the copy read."""
    rows = data.load("external_migration")
    rows = rows[rows.status != "stated-by-authors"]
    assert len(rows) > 200
    for r in rows.itertuples():
        start, end = r.period_start, r.period_end
        months = calendar.month_name[start.month] + (
            "" if start == end.replace(day=1) else "–" + calendar.month_name[end.month]
        )
        said, _, seen = r.locator.partition("in the copy read: ")
        assert f"{months} {end.year}" in said, r.locator
        assert len(seen.strip(" '\"")) >= 4, r.locator
        assert r.approximation, r.locator


def test_un_stocks_read_by_sex_are_the_sum_of_the_copys_two_columns():
    """The copies of the 2020 and 2024 revisions keep no both-sexes column: each stock is the sum of
    the men and women its locator quotes, for the year and the pair of countries of its row."""
    stocks = data.load("migrant_stock")
    later = stocks[stocks.revision > 2019]
    assert set(later.revision) == {2020, 2024} and later.year.max() == 2024
    name = countries.names()
    for r in later.itertuples():
        seen = re.search(
            r"^origin–destination table, (\d{4}), destination (.+), origin (.+): male (\d+) \+ female (\d+)", r.locator
        )
        assert seen, r.locator
        year, destination, origin, men, women = seen.groups()
        assert (int(year), destination, origin) == (r.year, name[r.destination_iso3], name[r.origin_iso3])
        assert int(men) + int(women) == r.migrants


def test_wpp_2024_totals_name_their_country_year_and_kind():
    pop = data.load("population")
    wpp = pop[pop.vintage == "wpp-2024"]
    assert wpp.year.min() == 1990 and wpp.year.max() == 2030 and wpp.iso3.nunique() == 5
    for r in wpp.itertuples():
        kind = "estimate" if r.year <= 2023 else "medium-variant projection"
        assert r.locator.startswith(f"WPP 2024 {kind}, {r.iso3} {r.year}; copy "), r.locator
        printed = re.search(r": ([\d.]+) thousand$", r.locator)
        if printed:  # the projection file prints thousands with three decimals
            assert abs(float(printed.group(1)) * 1000 - r.population) <= 0.5
