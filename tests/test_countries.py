"""The study's countries come from the gazetteer (data/countries.csv): their order, names and
colours; the profile pages of _config.yml and their accounts follow it."""

from __future__ import annotations

import pytest
from conftest import book_config, toc_docnames

import kzdiaspora as kz
from kzdiaspora import DataError, charts, countries, paths


def test_the_homeland_comes_first_then_the_hosts_in_the_order_of_table1():
    assert countries.study() == ("KAZ", "UZB", "KGZ", "TJK", "TKM")
    assert countries.hosts() == ("UZB", "KGZ", "TJK", "TKM")


def test_each_country_has_its_own_colour_from_the_palette():
    colours = countries.colours()
    assert len(set(colours.values())) == len(colours)
    allowed = {c.lower() for c in (*charts.PALETTE, *charts.NEUTRALS, *charts.SHADES)}
    assert {c.lower() for c in colours.values()} <= allowed
    scale = charts.country_scale().to_dict()
    assert scale["domain"] == list(countries.study()) and scale["range"][0] == colours["KAZ"]


def _profile_job() -> dict:
    jobs = book_config()["sphinx"]["config"]["papermill_jobs"]
    return next(job for job in jobs if job["source"] == "chapters/country_profile.md")


def test_the_profile_matrix_is_the_gazetteers_host_countries_in_order():
    """One line of _config.yml per host country, in the study's order, named as the gazetteer
    names it: adding a country to data/countries.csv without its line fails here, with the line."""
    names = countries.names()
    expected = [{"iso3": c, "country": names[c]} for c in countries.hosts()]
    got = [{k: entry[k] for k in ("iso3", "country")} for entry in _profile_job()["matrix"]]
    missing = [f"- {{iso3: {e['iso3']}, country: {e['country']}}}" for e in expected if e not in got]
    assert got == expected, (
        "the matrix of chapters/country_profile.md in _config.yml should list, in "
        "this order: " + ", ".join(e["iso3"] for e in expected) + (f"; add: {'; '.join(missing)}" if missing else "")
    )


def test_the_navigation_lists_the_profiles_in_the_study_order():
    profiles = [d for d in toc_docnames() if d.startswith("profiles/") and d != "profiles/index"]
    assert profiles == [f"profiles/{c}" for c in countries.hosts()]


@pytest.mark.parametrize("iso3", countries.hosts())
def test_each_host_country_has_its_account_of_the_paper(iso3):
    account = paths.ACCOUNTS / f"{iso3}.md"
    assert account.is_file(), f"write the paper's account of the Kazakhs of {iso3} in {account}"
    assert "{cite:" in account.read_text(encoding="utf-8"), f"{account}: an account cites the paper"


def test_no_account_without_its_country():
    assert sorted(p.stem for p in paths.ACCOUNTS.glob("*.md")) == sorted(countries.hosts())


def test_a_study_country_needs_its_order(pkg):
    line = next(i for i, text in enumerate(pkg.lines("countries.csv"), 1) if text.startswith("TJK,"))
    pkg.set_cell("countries.csv", line, "study_order", "")
    with pytest.raises(DataError, match=f"line {line}: study_order must be filled exactly for the countries"):
        kz.load("countries", **pkg.kwargs())
