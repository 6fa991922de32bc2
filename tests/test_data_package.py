"""The shipped data package: valid, typed, and every value traceable to a cited source."""

from __future__ import annotations

import json
import re
from collections import Counter

import frictionless
import pandas as pd
import pytest

import kzdiaspora as kz
from kzdiaspora import catalogue, data, paths, validation

RESOURCES = [r["name"] for r in data.resources()]
TABLES = [r["name"] for r in data.resources() if r.get("format") != "geojson"]
GEO = [r["name"] for r in data.resources() if r.get("format") == "geojson"]

EXPECTED_DTYPE = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def _frame(name):
    return kz.load_geo(name) if name in GEO else kz.load(name)


def test_descriptor_is_a_valid_data_package():
    descriptor = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        res.pop(data.ROW_CONSTRAINTS, None)
    report = frictionless.Package.validate_descriptor(descriptor, basepath=str(paths.DATA))
    assert report.valid, report.flatten(["type", "message"])


def test_whole_package_validates_with_frictionless():
    package = data._package(paths.DATAPACKAGE, paths.BIBLIOGRAPHY)
    tables = [r for r in package.resources if r.name in TABLES]
    with frictionless.system.use_context(trusted=True):
        for res in tables:
            report = res.validate(validation.checklist(data.resource(res.name)))
            assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


@pytest.mark.parametrize("name", RESOURCES)
def test_every_resource_loads(name):
    frame = _frame(name)
    assert len(frame) > 0


@pytest.mark.parametrize("name", RESOURCES)
def test_every_resource_is_documented(name):
    res = data.resource(name)
    assert res.get("title") and res.get("description") and res.get("licenses") and res.get("sources")
    for field in res["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", RESOURCES)
def test_loaders_return_the_documented_dtypes(name):
    frame = _frame(name)
    for field in data.resource(name)["schema"]["fields"]:
        dtype = frame[field["name"]].dtype
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype), (name, field["name"], dtype)
        else:
            assert str(dtype) == EXPECTED_DTYPE[field["type"]], (name, field["name"], dtype)


def test_dates_are_parsed_as_dates_and_missing_dates_stay_missing():
    eth = kz.load("ethnic_composition")
    dated = eth[eth.date_precision == "day"]
    assert dated.reference_date.notna().all()
    assert eth[eth.date_precision != "day"].reference_date.isna().all()
    assert (dated.reference_date.dt.year == dated.year).all()


@pytest.mark.parametrize("name", RESOURCES)
def test_every_row_has_source_locator_and_status(name):
    frame = _frame(name)
    for col in ("source", "locator", "status"):
        assert col in frame, f"{name} has no {col} column"
        assert frame[col].notna().all() and (frame[col].str.strip() != "").all(), f"{name}: empty {col}"
    assert set(frame.status) <= set(data.STATUSES)
    # the copy read beside the source: empty only where the source itself was read
    assert list(frame.columns).index("copy_read") == list(frame.columns).index("source") + 1, name


def test_every_source_key_resolves_in_the_bibliography():
    keys = set(data.bib_keys())
    used = {k for name in RESOURCES for k in _frame(name).source.unique()}
    assert used <= keys, sorted(used - keys)


# --- the source is the publisher's publication; the copy read is recorded beside it -------------

#: Bibliography keywords of entries that are copies of someone else's publication.
COPY_KINDS = {"relay", "encyclopedia", "mirror", "repository-copy"}
#: Statuses of values read in a publication (an observation, as opposed to ours or the paper's).
OBSERVED = {"official", "census", "estimate"}


def _keywords() -> dict[str, set[str]]:
    from pybtex.database import parse_file

    entries = parse_file(str(paths.BIBLIOGRAPHY)).entries
    return {k: {w.strip() for w in e.fields.get("keywords", "").split(",") if w.strip()} for k, e in entries.items()}


def _copies(cell) -> list[str]:
    return [] if pd.isna(cell) else cell.split(";")


def _rows():
    """Every row of every resource as (resource, line, row). The press corpus is left out: each of
    its rows describes the item named as its source, which was read itself."""
    for name in RESOURCES:
        if name == "press":
            continue
        for line, row in enumerate(_frame(name).itertuples(index=False), start=2):
            yield name, line, row


def test_bibliography_keywords_are_the_copy_kinds():
    used = set().union(*_keywords().values())
    assert used <= COPY_KINDS, sorted(used - COPY_KINDS)


def test_every_copy_read_key_is_a_copy_in_the_bibliography():
    keywords = _keywords()
    for name, line, row in _rows():
        for key in _copies(row.copy_read):
            assert key in keywords, (name, line, key)
            assert keywords[key] & COPY_KINDS, f"{name}, line {line}: {key} is read as a copy but not keyworded as one"


def test_copy_read_never_repeats_the_source():
    for name, line, row in _rows():
        copies = _copies(row.copy_read)
        assert row.source not in copies and len(copies) == len(set(copies)), (name, line, row.source, copies)


def test_no_observation_has_a_copy_as_its_source():
    keywords = _keywords()
    for name, line, row in _rows():
        if row.status in OBSERVED:
            kind = "/".join(keywords[row.source])
            assert not keywords[row.source] & COPY_KINDS, (
                f"{name}, line {line}: {row.source} is a {kind}; the source is the publisher's publication"
            )


def test_a_relay_as_source_makes_the_row_attributed():
    keywords = _keywords()
    relayed = [(name, line, row.status) for name, line, row in _rows() if "relay" in keywords[row.source]]
    assert relayed, "no attributed row: the test would pass on any data"
    for name, line, status in relayed:
        assert status == "attributed", (name, line, status)


def test_the_encyclopedia_and_the_press_are_no_longer_sources_of_figures():
    sources = {row.source for _, _, row in _rows() if row.status in OBSERVED}
    assert not {s for s in sources if s.startswith("wiki_")}
    assert {
        "kazstat_migration",
        "bns_migration",
        "uzstat_migration",
        "mlsp_kandas",
        "goskomstat1991natsostav",
    } <= sources


def test_derived_rows_name_what_they_are_derived_from():
    """A derived row's source and copies are those of rows of the same table (the figures it is
    computed from), and a row computed from several copies names each in its locator."""
    for name in TABLES:
        frame = kz.load(name)
        observed = frame[frame.status != "derived"]
        read = {(s, c) for s, cell in zip(observed.source, observed.copy_read) for c in _copies(cell) or [None]}
        for line, row in zip(frame.index + 2, frame.itertuples(index=False)):
            if row.status != "derived":
                continue
            assert row.locator.startswith("derived"), (name, line)
            for copy in _copies(row.copy_read) or [None]:
                assert (row.source, copy) in read, (name, line, row.source, copy)
            if len(_copies(row.copy_read)) > 1:
                assert all(c in row.locator for c in _copies(row.copy_read)), (name, line)


def test_bibliography_parses():
    from pybtex.database import parse_file

    entries = parse_file(str(paths.BIBLIOGRAPHY)).entries
    assert sorted(entries) == sorted(data.bib_keys())


def test_bibliography_keys_are_unique():
    keys = data.bib_keys()
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    assert not dupes, dupes


def test_bibliography_entries_are_complete():
    text = paths.BIBLIOGRAPHY.read_text(encoding="utf-8")
    for entry in re.split(r"\n(?=@)", text):
        m = re.match(r"@(\w+)\{([^,]+),", entry.strip())
        if not m:
            continue
        kind, key = m.groups()
        assert re.search(r"\btitle\s*=", entry) and re.search(r"\byear\s*=", entry), key
        assert re.search(r"\b(author|editor)\s*=", entry), key
        if kind == "misc":
            assert re.search(r"\burl\s*=", entry), f"{key}: a web source needs its URL"


def test_derived_and_inferred_rows_name_their_computation():
    for name in TABLES:
        frame = kz.load(name)
        for row in frame[frame.status.isin(["derived", "inferred"])].itertuples():
            assert re.search(r"derived|inferred|−|-|/|sum|share|differ", row.locator), (name, row.locator)


def test_countries_in_study_are_the_five():
    countries = kz.load("countries")
    assert sorted(countries[countries.in_study].iso3) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


def test_boundaries_cover_the_five_countries_in_lon_lat():
    geo = kz.load_geo("boundaries")
    assert sorted(geo.iso3) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert geo.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = geo.total_bounds
    assert 45 < minx < maxx < 90 and 34 < miny < maxy < 56
    assert paths.DATA.joinpath("boundaries.geojson").stat().st_size < 110_000


def test_catalogue_lists_every_resource_with_rows_and_years():
    cat = catalogue.catalogue()
    assert list(cat.name) == RESOURCES
    assert (cat.rows > 0).all()
    assert cat.set_index("name").loc["population", "years"] == "1990–2030"


def test_column_dictionary_covers_every_field():
    for name in RESOURCES:
        cols = catalogue.columns(name)
        assert list(cols.column) == [f["name"] for f in data.resource(name)["schema"]["fields"]]


# --- consistency of the transcribed values --------------------------------------------------


def test_derived_others_equal_total_minus_titular_minus_kazakhs():
    eth = kz.load("ethnic_composition")
    persons = eth[eth.measure == "persons"]
    for row in persons[persons.group == "others"].itertuples():
        same = persons[(persons.iso3 == row.iso3) & (persons.year == row.year) & (persons.status != "derived")]
        parts = {g: same[same.group == g].persons for g in ("total", "titular", "kazakhs")}
        candidates = {(t - ti - k) for t in parts["total"] for ti in parts["titular"] for k in parts["kazakhs"]}
        assert row.persons in candidates, (row.iso3, row.year, row.persons, candidates)


def test_table1_reconstruction_adds_up_to_the_papers_regional_total():
    eth = kz.load("ethnic_composition")
    t1 = eth[eth.table1 & (eth.measure == "persons") & (eth.group == "kazakhs")]
    assert sorted(t1.iso3) == ["KGZ", "TJK", "TKM", "UZB"]
    regional = kz.load("diaspora_estimates").query("scope == 'central-asia' and source == 'nurbek2025'")
    assert t1.persons.sum() == regional.persons_low.item() == regional.persons_high.item()
    assert dict(zip(t1.iso3, t1.status)) == {
        "UZB": "official",
        "KGZ": "inferred",
        "TJK": "stated-by-authors",
        "TKM": "stated-by-authors",
    }
    shares = eth[eth.table1 & (eth.measure != "persons")]
    assert len(shares) == 8 and (shares.status == "stated-by-authors").all()


def test_survey_marginals_sum_to_the_denominator():
    svy = kz.load("survey_marginals")
    assert (svy.denominator == 100).all()
    for question, group in svy.groupby("question"):
        assert group.percent.sum() == 100, question
    reported = svy[svy.status == "stated-by-authors"]
    assert reported.groupby("question").percent.sum().to_dict() == {"contact-with-kazakhstan": 84, "home-language": 100}
    assert set(svy[svy.status == "inferred"].answer) == {"not-reported"}


def test_survey_microdata_schemas_are_valid_and_strict(tmp_path):
    schemas = data.microdata_schemas()
    assert set(schemas) == {"survey_respondents", "survey_ratings"}
    for schema in schemas.values():
        assert frictionless.Schema.validate_descriptor(schema).valid
    header = ",".join(f["name"] for f in schemas["survey_respondents"]["fields"])
    (tmp_path / "r.csv").write_text(header + "\n", encoding="utf-8")
    resource = frictionless.Resource(
        path="r.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(schemas["survey_respondents"])
    )
    with frictionless.system.use_context(trusted=True):
        assert resource.validate().valid
    (tmp_path / "r.csv").write_text(header + "\nx1,,klingon,daily\n", encoding="utf-8")
    with frictionless.system.use_context(trusted=True):
        report = frictionless.Resource(
            path="r.csv",
            basepath=str(tmp_path),
            schema=frictionless.Schema.from_descriptor(schemas["survey_respondents"]),
        ).validate()
    assert not report.valid and report.flatten(["fieldName"]) == [["home_language"]]


def test_kandas_origin_codes_are_gazetteer_countries_and_shares_add_up():
    shares = kz.load("kandas_shares")
    codes = set(kz.load("countries").iso3)
    origin = shares[shares.breakdown == "origin"]
    assert set(origin.category) - {"other"} <= codes
    official = shares[shares.status == "official"]
    for (as_of, breakdown, source), group in official.groupby(["as_of", "breakdown", "source"]):
        complete = {"origin": 6, "age": 3, "education": 4}[breakdown]
        if len(group) == complete and not (breakdown == "origin" and "RUS" not in set(group.category)):
            assert abs(group.percent.sum() - 100) <= 3.0, (
                as_of,
                breakdown,
                group.percent.sum(),
            )  # as published: the release of 1 May 2023 sums to 97.4


def test_kandas_2023_total_is_derived_from_the_cumulative_counts():
    counts = kz.load("kandas_counts")
    cum = counts[counts.period_start == pd.Timestamp("1991-01-01")].set_index("as_of").persons
    ytd = counts[
        (counts.period_start.dt.month == 1) & (counts.period_start.dt.year > 1991) & (counts.status == "official")
    ]
    ytd = ytd.set_index("as_of").persons
    start_2024 = cum[pd.Timestamp("2024-02-01")] - ytd[pd.Timestamp("2024-02-01")]
    start_2023 = cum[pd.Timestamp("2023-02-01")] - ytd[pd.Timestamp("2023-02-01")]
    derived = counts[counts.status == "derived"].persons.item()
    assert derived == start_2024 - start_2023


def test_registered_net_migration_matches_arrivals_minus_departures():
    mig = kz.load("external_migration")
    totals = mig[mig.partner_iso3.isna() & (mig.ethnicity == "all") & (mig.reporter_iso3 == "KAZ")]
    for (start, end, source, copy), group in totals.groupby(
        ["period_start", "period_end", "source", "copy_read"], dropna=False
    ):
        flows = dict(zip(group.flow, group.persons))
        if {"immigration", "emigration", "net"} <= set(flows) and copy != "lsm_migration2019":
            assert flows["net"] == flows["immigration"] - flows["emigration"], (start, source, flows)


def test_stated_by_authors_rows_cite_the_paper():
    for name in (
        "ethnic_composition",
        "diaspora_estimates",
        "external_migration",
        "kandas_counts",
        "kandas_shares",
        "emigrants_education",
        "survey_marginals",
    ):
        frame = kz.load(name)
        assert (frame[frame.status == "stated-by-authors"].source == "nurbek2025").all(), name


def test_the_data_readme_is_current():
    """data/README.md is generated from datapackage.json (resources, and the package's extensions
    to the Frictionless standard: row rules, several keys in one cell)."""
    assert catalogue.README.read_text(encoding="utf-8") == catalogue.readme(), (
        "data/README.md is out of date: run `python -m kzdiaspora.catalogue`"
    )
    text = catalogue.readme()
    assert "`rowConstraints`" in text and "`claims.cited_source`" in text
    assert text.count("\n  - `claims`: `") == len(data.resource("claims")[data.ROW_CONSTRAINTS])
