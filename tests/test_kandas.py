"""The kandas module on the shipped releases: the 1 July 2024 snapshot, the releases, education."""

import pandas as pd
import pytest

from kzdiaspora import DataError, countries, kandas, load


def test_snapshot_1_july_2024_age_and_education():
    age = kandas.snapshot("2024-07-01", "age").set_index("category").percent
    assert age["working-age"] == 59.0 and age["under-working-age"] == 31.1 and age["pension-age"] == 9.9
    assert age.sum() == pytest.approx(100)
    edu = kandas.snapshot("2024-07-01", "education")
    assert set(edu.base) == {"working-age-kandas"}  # the 17 % is of the working-age, not of all
    assert edu.set_index("category").percent["higher"] == 17.0


def test_snapshot_unknown_date_lists_the_releases():
    with pytest.raises(DataError, match="releases with them: .*2024-07-01"):
        kandas.snapshot("2024-07-15", "age")


def test_releases_counts_and_whole_years():
    rel = kandas.releases(2020, 2024)
    july = rel[rel.as_of == pd.Timestamp("2024-07-01")].iloc[0]
    assert july.persons == 8758 and july.months == 6 and not july.whole_year
    assert july.cumulative == 1137100
    assert rel.as_of.is_monotonic_increasing
    # every row is a release the ministry published: the one as of 1 January 2023 covers the whole of
    # 2022, and the count for 2023 derived from two releases is not one of them
    assert (rel.status == "official").all() and list(rel[rel.whole_year].year) == [2022]
    counts = load("kandas_counts")
    published = counts[(counts.status == "official") & counts.period_start.dt.year.between(2020, 2024)]
    assert len(rel) == len(published) == 20


def test_whole_years_are_released_or_derived_from_two_releases():
    whole = kandas.whole_years().set_index("year")
    assert whole.persons.to_dict() == {2022: 19178, 2023: 21333, 2025: 16805}
    assert list(whole.status) == ["official", "derived", "official"]
    row = whole.loc[2023]
    assert row.status == "derived" and row.approximation == "rounded"
    assert set(row.copy_read.split(";")) == {"astanatimes2024feb", "qazmonitor_kandas_202302"}
    assert "2024-02-01" in row.locator and "2023-02-01" in row.locator


def test_origin_shares_add_up_in_complete_releases():
    origins = kandas.shares("origin")
    july = origins[origins.as_of == pd.Timestamp("2024-07-01")].set_index("category").percent
    assert july["CHN"] == 49.5 and july["UZB"] == 34.7
    assert july.sum() == pytest.approx(100, abs=0.2)


def test_education_comparison_with_2023_emigrants():
    comp = kandas.education_comparison("2024-07-01", 2023)
    emi = comp[comp.group.str.startswith("emigrants")].set_index("education")
    assert emi.persons.sum() == 3849 + 3882 + 2644 + 1227
    assert emi.percent["higher"] == pytest.approx(100 * 3849 / 11602)
    kan = comp[comp.group.str.startswith("working-age kandas")].set_index("education")
    assert kan.percent["higher"] == 17.0 and kan.persons.isna().all()
    with pytest.raises(
        DataError, match="no single period of emigrants by education in 2019; the data hold 2023, Jan–Jun 2022"
    ):
        kandas.education_comparison("2024-07-01", 2019)


def test_charts_build():
    assert kandas.origin_chart(kandas.shares("origin"), countries.names()).to_dict()["facet"]
    drawn = kandas.releases_chart_data(kandas.releases(), kandas.whole_years())
    assert set(drawn.kind) == {"release", kandas.DERIVED_YEAR}
    assert kandas.releases_chart(drawn).to_dict()["layer"]
    assert kandas.education_chart(kandas.education_comparison("2024-07-01", 2023)).to_dict()


def test_snapshot_figures_known_values():
    f = kandas.snapshot_figures("2024-07-01")
    assert f["count"] == 8758
    assert (f["working"], f["minors"], f["pension"]) == (59.0, 31.1, 9.9)
    assert f["higher_wa"] == 17.0 and f["paper_higher"] == 17.0
    assert f["higher_all"] == pytest.approx(10.03)


def test_emigrant_figures_known_values():
    f = kandas.emigrant_figures("2024-07-01", 2023)
    assert f["stated"] == 11602 and f["registered"] == 16094
    assert f["higher"] == pytest.approx(33.18, abs=0.01)
    assert f["higher_vocational"] == pytest.approx(66.63, abs=0.01)
    assert f["coverage"] == pytest.approx(72.09, abs=0.01)
    assert f["higher_vocational_all"] == pytest.approx(48.04, abs=0.01)
    assert f["kandas_higher_vocational"] == pytest.approx(40.2)


def test_emigrant_education_reproduces_the_shares_the_bureau_printed():
    """January–June 2022: our shares, from the counts, round to the percentages the report prints
    beside them (35.5, 32.9, 21.4, 10.2)."""
    every = kandas.emigrant_education()
    assert list(dict.fromkeys(every.period)) == ["2023", "Jan–Jun 2022"]
    half = every[every.period == "Jan–Jun 2022"].set_index("education")
    assert half.persons.sum() == 9408 and set(half.status) == {"official"}
    printed = {"higher": 35.5, "vocational-secondary": 32.9, "general-secondary": 21.4, "basic-secondary": 10.2}
    assert {k: round(v, 1) for k, v in half.percent.items()} == printed


def test_emigrant_figures_of_part_of_a_year_use_the_same_months():
    f = kandas.emigrant_figures("2024-07-01", 2022)
    assert f["stated"] == 9408 and f["registered"] == 12344  # January–June, not the whole of 2022 (24,239)
    assert f["coverage"] == pytest.approx(76.22, abs=0.01)


def test_origins_are_shown_by_year_with_the_years_without_a_release():
    """A release's shares count from 1 January: one panel per year, each release at its month,
    and a year between two releases without any is drawn with a note, not left out."""
    origins = kandas.shares("origin")
    years = sorted(set(origins.as_of.dt.year))
    # the data may hold a release in every year: without one year's releases, that year is a gap
    without = origins[origins.as_of.dt.year != years[len(years) // 2]]
    for shares in (origins, without):
        drawn = kandas.origin_chart_data(shares, countries.names())
        found = set(shares.as_of.dt.year)
        gaps = set(range(min(found), max(found) + 1)) - found
        assert set(drawn.loc[drawn.note != "", "year"]) == gaps
        assert (drawn.loc[drawn.note == "", "month"] == shares.as_of.dt.month.to_numpy()).all()
    assert gaps == {years[len(years) // 2]}
    spec = kandas.origin_chart(origins, countries.names()).to_dict()
    assert spec["facet"]["column"]["field"] == "year"
    assert spec["spec"]["layer"][0]["encoding"]["x"]["scale"]["domain"] == list(range(1, 13))
