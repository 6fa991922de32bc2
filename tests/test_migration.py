"""Migration between Kazakhstan and the four countries: UN stocks, registered flows, Table 2."""

import pandas as pd
import pytest

from kzdiaspora import community, countries, fmt, migration

TO, FROM = migration.TO_KAZ, migration.FROM_KAZ


def test_bilateral_stocks_both_directions():
    s = migration.bilateral_stocks("UZB", 2019).set_index(["direction", "year"])["migrants"]
    assert s[(TO, 2019)] == 294_395  # born in Uzbekistan, living in Kazakhstan
    assert s[(FROM, 2019)] == 13_165  # born in Kazakhstan, living in Uzbekistan
    assert s[(TO, 1990)] == 131_905
    assert sorted(s.index.get_level_values("year").unique()) == [1990, 1995, 2000, 2005, 2010, 2015, 2019]


def test_stocks_of_the_2020_revision_run_to_2020():
    s = migration.bilateral_stocks("UZB").set_index(["direction", "year"])["migrants"]
    assert s[(TO, 2020)] == 296_511  # born in Uzbekistan, living in Kazakhstan: 157,167 men + 139,344 women
    assert migration.bilateral_stocks("TKM").set_index(["direction", "year"])["migrants"][(FROM, 2020)] == 19_994
    assert migration.revisions() == [2019, 2020, 2024]
    with pytest.raises(Exception, match="no revision 2021 of the UN migrant stocks; the data hold"):
        migration.stocks(2021)


def test_stock_balance_and_directions():
    bal = migration.stock_balance("TKM", 2019).set_index("year")
    assert bal.loc[2019, "balance"] == 1_097 - 20_016
    d = migration.stock_directions(revision=2019).set_index("partner_iso3")["kazakhstan_hosts_more"]
    assert d.to_dict() == {"KGZ": False, "TJK": True, "TKM": False, "UZB": True}
    # the 2024 revision rewrote the stocks living in Kazakhstan: it now hosts more natives of every neighbour
    d = migration.stock_directions(revision=2024).set_index("partner_iso3")["kazakhstan_hosts_more"]
    assert d.all()


def test_regional_balance_kazakhstan_receives_most():
    b = migration.regional_balance(2019)
    last = b[b["year"] == 2019].set_index("iso3")
    # hosted: 294,395 + 7,036 + 16,527 + 1,097 born in the four, living in Kazakhstan
    assert last.loc["KAZ", "hosted"] == 294_395 + 7_036 + 16_527 + 1_097
    assert last.loc["KAZ", "abroad"] == 13_165 + 12_679 + 835 + 20_016
    assert last["balance"].idxmax() == "KAZ" and last["balance"].idxmin() == "UZB"
    assert last["balance"].sum() == pytest.approx(0)  # every migrant is hosted by one and abroad from another


def test_period_labels():
    ts = pd.Timestamp
    assert migration.period_label(ts("2024-01-01"), ts("2024-12-31")) == "2024"
    assert migration.period_label(ts("2021-01-01"), ts("2021-03-31")) == "Jan–Mar 2021"
    assert migration.period_label(ts("2023-01-01"), ts("2024-12-31")) == "2023–2024"


def test_registered_flows_seen_from_kazakhstan():
    f = migration.registered_flows("UZB")
    cal = f[f["calendar_year"]]
    kaz = cal[cal["reporter_iso3"] == "KAZ"].set_index(["direction", "year"])
    assert kaz.loc[(TO, 2017), "persons"] == 5_196
    assert kaz.loc[(FROM, 2024), "persons"] == 113
    # Uzbekistan's emigration to Kazakhstan is a move to Kazakhstan (mirror figure)
    mirror = cal[cal["reporter_iso3"] == "UZB"].set_index(["direction", "year"])["persons"]
    assert mirror[(TO, 2023)] == 14_051 and mirror[(FROM, 2023)] == 726
    assert set(f["partner_iso3"]) == {"UZB"}
    assert not migration.registered_flows()["partner_iso3"].isin(["RUS", "CHN", "MNG"]).any()


def test_registered_pairs_all_point_to_kazakhstan():
    pairs = migration.registered_pairs()
    assert len(pairs) == 6 and pairs["more_to_kazakhstan"].all()
    assert set(pairs[pairs.reported_by == "Kyrgyzstan"].year) == {2017, 2018}


def test_charts_build():
    assert migration.balance_chart(migration.regional_balance()).to_dict()
    assert migration.stock_chart(migration.bilateral_stocks("KGZ")).to_dict()
    assert migration.flows_chart(migration.registered_flows(), 2024).to_dict()


def test_institutions_and_places():
    inst = community.institutions("KGZ")
    assert (inst["iso3"] == "KGZ").all()
    places = community.institution_places("KGZ").set_index("city_id")
    placed = inst["city_id"].notna().sum()
    assert places["institutions"].sum() == placed
    assert set(places.index) <= set(inst["city_id"].dropna())


def test_schooling_and_side_by_side():
    schools = community.national_schools("UZB")
    assert schools["year"].is_monotonic_increasing
    assert schools.set_index("year").loc[2022, "value"] == 370
    side = community.side_by_side("wdi-2024-12", 2022)
    assert side.columns.tolist() == ["Measure", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan"]  # study order
    assert "undesa2020" in side.attrs["sources"] and "gdiviz_stocks2024" in side.attrs["read_in"]
    assert "Born here, living in Kazakhstan (2020)" in set(side.Measure)
    assert "undesa2019" in community.side_by_side("wdi-2024-12", 2022, 2019).attrs["sources"]


def test_fmt_words():
    assert fmt.words([]) == "none"
    assert fmt.words(["A"]) == "A"
    assert fmt.words(["A", "B", "C"]) == "A, B and C"


def test_a_registered_figure_relayed_twice_is_one_observation():
    """Each cell (partner, direction, reporting office, period) is one row: the same figure quoted by
    two news items is one observation, with both copies named."""
    flows = migration.registered_flows()
    cells = ["partner_iso3", "direction", "reporter_iso3", "period_start", "period_end"]
    assert not flows.duplicated(cells).any(), flows[flows.duplicated(cells, keep=False)]
    uzb_2023 = flows[
        (flows.partner_iso3 == "UZB")
        & (flows.year == 2023)
        & (flows.direction == migration.TO_KAZ)
        & (flows.reporter_iso3 == "KAZ")
    ]
    assert list(uzb_2023.persons) == [6519] and uzb_2023.copy_read.item() == "mgorod2024;inbusiness_migration2024"


def test_registered_moves_not_found_are_written_not_left_blank():
    """Every partner and direction has a bar or the words "not found" where its bar would be."""
    flows = migration.registered_flows()
    drawn = migration.flows_chart_data(flows, 2024)
    assert len(drawn) == 2 * len(countries.hosts())
    assert (drawn.loc[~drawn.found, "text"] == "not found").all() and (~drawn.found).any()
    assert drawn.loc[drawn.found, "persons"].notna().all()
    layers = migration.flows_chart(flows, 2024).to_dict()["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["bar", "text", "text"]
