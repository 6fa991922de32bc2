"""The gazetteer of cities, the diaspora institutions, the schooling counts, the policy
timeline and the coded press corpus: each loads and validates, and holds together."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kzdiaspora as kz
from kzdiaspora import data, paths

CAPITALS = {"KAZ": "astana", "UZB": "tashkent", "KGZ": "bishkek", "TJK": "dushanbe", "TKM": "ashgabat"}
URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def cities():
    return kz.load("cities")


@pytest.fixture(scope="module")
def institutions():
    return kz.load("institutions")


@pytest.fixture(scope="module")
def schooling():
    return kz.load("kazakh_schooling")


def test_every_country_has_its_capital(cities):
    capitals = cities[cities.is_capital]
    assert dict(zip(capitals.iso3, capitals.city_id)) == CAPITALS


def test_astana_is_the_geonames_astana_record(cities):
    astana = cities.set_index("city_id").loc["astana"]
    assert astana.geonameid == 1526273
    assert (astana.latitude, astana.longitude) == pytest.approx((51.1801, 71.44598))


def test_city_coordinates_lie_in_their_country_box(cities):
    # rough bounding boxes (degrees) of the five countries
    boxes = {
        "KAZ": (40.5, 55.5, 46.5, 87.5),
        "UZB": (37.1, 45.6, 56.0, 73.2),
        "KGZ": (39.1, 43.3, 69.2, 80.3),
        "TJK": (36.6, 41.1, 67.3, 75.2),
        "TKM": (35.1, 42.8, 52.4, 66.7),
    }
    for row in cities.itertuples():
        s, n, w, e = boxes[row.iso3]
        assert s <= row.latitude <= n and w <= row.longitude <= e, row.city_id


def test_institutions_sit_in_a_gazetteer_city_of_their_own_country(institutions, cities):
    located = institutions.dropna(subset=["city_id"]).merge(
        cities[["city_id", "iso3"]], on="city_id", how="left", suffixes=("", "_city")
    )
    assert located.iso3_city.notna().all()
    assert (located.iso3 == located.iso3_city).all(), located[located.iso3 != located.iso3_city]


def test_institutions_are_in_the_four_host_countries(institutions):
    assert set(institutions.iso3) == {"UZB", "KGZ", "TJK", "TKM"}


def test_the_institutions_the_paper_names_are_present(institutions):
    ids = set(institutions.institution_id)
    assert {"kgz-abai-cultural-centre", "kgz-association-kazakhs", "kgz-kaznu-branch", "tjk-baiterek"} <= ids


def test_every_city_is_used(cities, institutions):
    # cities not holding an institution are named elsewhere in the book (policy, press)
    assert set(institutions.city_id.dropna()) <= set(cities.city_id)


def test_schooling_keeps_the_papers_figures_apart_from_the_sources(schooling):
    paper = schooling[schooling.source == "nurbek2025"]
    assert (paper.status == "stated-by-authors").all()
    row = schooling.set_index("obs_id").loc["uzb-2024-schools-paper"]
    assert (row.value, row.approximation) == (370, "exact")
    official = schooling[
        (schooling.iso3 == "UZB")
        & (schooling.measure == "schools-kazakh-instruction")
        & (schooling.scope == "Uzbekistan")
        & (schooling.status == "official")
    ]
    assert 370 in set(official.value) and official.year.min() <= 2017


@pytest.mark.parametrize("name", ["cities", "institutions", "kazakh_schooling"])
def test_web_locators_give_a_url(name):
    frame = kz.load(name)
    web = frame[frame.source != "nurbek2025"]
    if name == "cities":
        return  # the gazetteer is read from a package file, not a page
    for row in web.itertuples():
        assert URL.search(row.locator), (name, row[1])


def _copy_package(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    bib = tmp_path / "references.bib"
    shutil.copy(paths.BIBLIOGRAPHY, bib)
    return target / "datapackage.json", bib


def test_institution_in_an_unknown_city_is_refused(tmp_path):
    dp, bib = _copy_package(tmp_path)
    csv = dp.parent / "institutions.csv"
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame.loc[0, "city_id"] = "atlantis"
    frame.to_csv(csv, index=False)
    with pytest.raises(data.DataError, match=r"institutions.*line 2.*city_id"):
        kz.load("institutions", datapackage=dp, bibfile=bib)


def test_unknown_institution_kind_is_refused(tmp_path):
    dp, bib = _copy_package(tmp_path)
    csv = dp.parent / "institutions.csv"
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame.loc[2, "kind"] = "mosque"
    frame.to_csv(csv, index=False)
    with pytest.raises(data.DataError, match=r"line 4.*column 'kind'"):
        kz.load("institutions", datapackage=dp, bibfile=bib)


# --- policy timeline -----------------------------------------------------------------


@pytest.fixture(scope="module")
def policy():
    return kz.load("policy")


def test_policy_dates_agree_with_their_precision(policy):
    for frame in (policy, kz.load("press")):
        full = frame.dropna(subset=["date"])
        assert (full.date.dt.year == full.year).all() and (full.date.dt.month == full.month).all()
        assert (frame.date.notna() == (frame.date_precision == "day").fillna(False)).all()


def test_policy_holds_the_acts_the_paper_names(policy):
    items = policy.set_index("item_id")
    assert items.loc["concept-migration-2023-2027", "document_number"] == "Resolution No. 961"
    assert items.loc["concept-migration-2023-2027", "date"] == pd.Timestamp("2022-11-30")
    assert items.loc["ata-zholy-card", ["year", "month", "date_precision"]].tolist() == [2023, 7, "month"]
    assert items.loc["national-plan-2029", "date"] == pd.Timestamp("2024-07-30")
    assert items.loc["kandas-renaming-2020", "date"] == pd.Timestamp("2020-05-13")
    for item in [
        "law-migration-1997",
        "ata-zholy-card",
        "otandastar-forum-2023",
        "qazalem-portal",
        "kazakh-house-project",
        "otandastar-bolashakka-bagdar",
        "turaq-v-auly",
        "berek",
    ]:
        assert item in items.index


def test_undated_policy_items_say_so(policy):
    undated = policy[policy.year.isna()]
    assert len(undated) > 0
    for row in undated.itertuples():
        said = re.search(r"no date|not shown|undated", row.for_diaspora + " " + row.locator)
        assert said or row.source == "nurbek2025", row.item_id


def test_policy_urls_are_web_addresses(policy):
    assert policy.url.dropna().str.match(r"https?://").all()


# --- press corpus --------------------------------------------------------------------


@pytest.fixture(scope="module")
def press():
    return kz.load("press")


@pytest.fixture(scope="module")
def codebook():
    return kz.load("press_codebook")


def test_codebook_covers_every_theme_used_and_every_code_is_used(press, codebook):
    used = {code for themes in press.themes for code in themes.split(";")}
    assert used == set(codebook.code)


def test_press_countries_are_gazetteer_codes(press):
    known = set(kz.load("countries").iso3)
    for row in press.dropna(subset=["countries"]).itertuples():
        assert set(row.countries.split(";")) <= known, row.item_id


def test_press_items_are_in_date_order_and_mostly_in_the_papers_window(press):
    order = list(zip(press.year, press.month.fillna(0), press.date.dt.day.fillna(0)))
    assert order == sorted(order)
    in_window = press.year.between(2023, 2024)
    assert in_window.sum() >= 30


def test_the_items_the_paper_cites_are_flagged(press):
    cited = set(press.loc[press.cited_in_paper, "source"])
    assert cited == {"sattarov2022", "astanatimes2023", "astanatimes2024", "dknews2024"}


def test_press_urls_and_undated_items(press):
    assert press.url.str.match(r"https?://").all()
    assert press.item_id.is_unique and press.url.is_unique
    # an item whose page shows no full date is marked as inferred or as the paper's
    loose = press[press.date_precision != "day"]
    assert set(loose.status) <= {"inferred", "stated-by-authors", "official"}


def test_press_summaries_do_not_copy_the_titles(press):
    for row in press.itertuples():
        assert row.summary.strip().lower() != row.title.strip().lower(), row.item_id


def test_a_day_precise_press_item_without_its_date_is_refused(tmp_path):
    dp, bib = _copy_package(tmp_path)
    csv = dp.parent / "press.csv"
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    row = frame.index[frame.date_precision == "day"][0]
    frame.loc[row, "date"] = ""
    frame.to_csv(csv, index=False)
    with pytest.raises(data.DataError, match=r"press.*date must be filled exactly when date_precision is day"):
        kz.load("press", datapackage=dp, bibfile=bib)
