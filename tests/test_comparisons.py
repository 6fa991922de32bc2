"""The checks of the article's totals from below (the comparisons page), the key figures, and what
the data package offers for download: the whole package as one archive, the bibliography as a
table that resolves every source key, whole numbers written as integers."""

import csv
import io
import zipfile

import pandas as pd
import pytest

from kzdiaspora import DataError, catalogue, demography, keyfigures, publish
from kzdiaspora.data import resources


def test_host_counts_prefer_a_statistics_office_and_never_the_articles_own_figures():
    counts = demography.host_counts(2010, None, None).set_index("iso3")
    # China: the 2020 census, not the larger attributed figure of 2024 or the estimate of c. 2012
    assert counts.loc["CHN", "status"] == "census" and counts.loc["CHN", "year"] == 2020
    assert counts.loc["RUS", "persons"] == 591_970  # the 2021 census, not the attributed 591,000 of 2024
    # Turkmenistan has no office count since 2010: the latest estimate, not the article's 9,000
    assert counts.loc["TKM", "persons"] == 20_000 and counts.loc["TKM", "choice"] == "other"
    assert not counts["status"].isin(["stated-by-authors", "inferred"]).any()
    assert (counts["year"] >= 2010).all()


def test_host_counts_take_the_chosen_counts_of_the_two_disputed_communities():
    counts = demography.host_counts(2010, "estimate", "article").set_index("iso3")
    assert counts.loc["UZB", "persons"] == 1_500_000 and counts.loc["UZB", "choice"] == "estimate"
    assert counts.loc["TKM", "persons"] == 9_000 and counts.loc["TKM", "status"] == "stated-by-authors"
    with pytest.raises(DataError, match="no choice 'census' for 'UZB'"):
        demography.host_counts(2010, "census", "article")


def test_host_coverage_divides_the_sum_by_each_end_of_each_estimate():
    counts = demography.host_counts()
    cov = demography.host_coverage(counts)
    total = counts["persons"].sum()
    assert (cov["host_sum"] == total).all()
    assert cov["coverage"].to_numpy() == pytest.approx(100 * total / cov["diaspora"].to_numpy())
    article = cov[(cov["status"] == "stated-by-authors") & (cov["end"] == "high")]
    assert set(article["diaspora"]) == {4_500_000, 7_000_000}
    # a point estimate is one row, not two equal ends
    assert not cov[cov["end"] == "point"].duplicated(["estimate_id"]).any()


def test_region_scenario_of_the_articles_counts_is_the_articles_total():
    summary = demography.region_scenario_summary().set_index(["uzbekistan", "turkmenistan"])
    assert len(summary) == 4
    base = summary.loc[("official", "article")]
    assert base["region_total"] == demography.region_total() == demography.paper_region_total()
    assert base["uzbekistan_share"] == pytest.approx(
        demography.region_shares().set_index("iso3").loc["UZB", "percent_of_region"]
    )
    both = summary.loc[("estimate", "ministry")]
    assert both["region_total"] == 1_500_000 + 35_000 + 2_000 + 20_000
    assert both["share_of_high"] == pytest.approx(100 * both["region_total"] / 7_000_000)


def test_key_figures_are_whole_numbers_with_a_known_kind_and_a_source():
    figures = keyfigures.key_figures()
    assert figures["value"].map(lambda v: isinstance(v, int)).all()
    assert set(figures["kind"]) <= set(keyfigures.KINDS.values())
    assert figures["source"].ne("").all()
    kaz = figures[figures["figure"] == "Kazakhs in Kazakhstan"].iloc[0]
    assert kaz["value"] == 14_220_000 and kaz["claim_id"] == "C26"
    assert set(figures.loc[figures["claim_id"] != "", "verdict"]) <= set(keyfigures.VERDICTS.values())


def test_downloads_write_whole_numbers_as_integers(tmp_path, monkeypatch):
    monkeypatch.setenv(publish.ASSETS_ENV, str(tmp_path))
    frame = pd.DataFrame(
        {
            "persons": [591970.0, None],
            "other_persons": [27899.6, 595.0],
            "net": [-16027.000000000002, -2011.0],
            "share": [2.25, 3.0],
            "label": ["a", "b"],
        }
    )
    text = publish._write_csv("t", frame).read_text()
    assert text.splitlines() == [
        "persons,other_persons,net,share,label",
        "591970,27900,-16027,2.25,a",
        ",595,-2011,3,b",
    ]


def test_table1_computed_counts_are_whole_and_marked_approximate():
    t = demography.table1("wdi-2024-12", 2022)
    computed = t[t["quantity"].isin(["titular", "others"]) & t["value"].notna()]
    assert len(computed) and computed["value"].map(float.is_integer).all()
    assert set(computed["approximation"]) == {"about"}


def test_package_archive_holds_every_file_and_resolves_every_source_key(tmp_path):
    archive = zipfile.ZipFile(catalogue.package_archive(tmp_path))
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    assert {"datapackage.json", "README.md", "references.bib", "bibliography.csv"} <= names
    assert {r["path"] for r in resources()} <= names
    keys = {
        row["key"]
        for row in csv.DictReader(io.StringIO(archive.read("kazakh-diaspora-data/bibliography.csv").decode()))
    }
    for res in resources():
        if not res["path"].endswith(".csv"):
            continue
        rows = csv.DictReader(io.StringIO(archive.read(f"kazakh-diaspora-data/{res['path']}").decode()))
        for line, row in enumerate(rows, start=2):
            for column in ("source", "copy_read"):
                for key in filter(None, (k.strip() for k in (row.get(column) or "").split(";"))):
                    assert key in keys, f"{res['path']} line {line}, {column}: {key}"


def test_package_archive_is_the_same_bytes_for_the_same_data(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = catalogue.package_archive(tmp_path / "a").read_bytes()
    assert catalogue.package_archive(tmp_path / "b").read_bytes() == first
