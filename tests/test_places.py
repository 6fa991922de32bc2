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
    boxes = {"KAZ": (40.5, 55.5, 46.5, 87.5), "UZB": (37.1, 45.6, 56.0, 73.2),
             "KGZ": (39.1, 43.3, 69.2, 80.3), "TJK": (36.6, 41.1, 67.3, 75.2),
             "TKM": (35.1, 42.8, 52.4, 66.7)}
    for row in cities.itertuples():
        s, n, w, e = boxes[row.iso3]
        assert s <= row.latitude <= n and w <= row.longitude <= e, row.city_id


def test_institutions_sit_in_a_gazetteer_city_of_their_own_country(institutions, cities):
    located = institutions.dropna(subset=["city_id"]).merge(
        cities[["city_id", "iso3"]], on="city_id", how="left", suffixes=("", "_city"))
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
    assert (row.value, row.comparator) == (370, "exact")
    official = schooling[(schooling.iso3 == "UZB") & (schooling.measure == "schools-kazakh-instruction")
                         & (schooling.scope == "Uzbekistan") & (schooling.status == "official")]
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
