"""Bad input stops the load with a message naming resource, file, line and column.

Each test corrupts a fresh copy of the real package (see conftest.py) in one way.
"""

from __future__ import annotations

import json

import pytest

import kzdiaspora as kz
from kzdiaspora import DataError


def load_error(pkg, name, geo=False) -> str:
    with pytest.raises(DataError) as info:
        (kz.load_geo if geo else kz.load)(name, **pkg.kwargs())
    return str(info.value)


def test_the_untouched_copy_loads(pkg):
    assert len(kz.load("population", **pkg.kwargs())) > 0
    assert len(kz.load_geo("boundaries", **pkg.kwargs())) == 5


def test_missing_column(pkg):
    lines = [",".join(line.split(",")[:-1]) for line in pkg.lines("countries.csv")]  # drop `status`
    pkg.write_lines("countries.csv", lines)
    msg = load_error(pkg, "countries")
    assert "resource 'countries', file " in msg and "countries.csv, line 1 (header), column 'status'" in msg
    assert "column missing from the file" in msg


def test_missing_column_in_the_middle_is_reported_not_shifted(pkg):
    import csv

    rows = list(csv.reader(open(pkg.path("population.csv"), encoding="utf-8")))
    pkg.write_lines("population.csv", [",".join(f'"{c}"' for i, c in enumerate(r) if i != 1) for r in rows])
    msg = load_error(pkg, "population")
    assert "line 1 (header)" in msg and "column 'year'" in msg


def test_extra_unknown_column(pkg):
    lines = pkg.lines("population.csv")
    pkg.write_lines("population.csv", [lines[0] + ",note"] + [line + ",x" for line in lines[1:]])
    msg = load_error(pkg, "population")
    assert "population.csv, line 1 (header)" in msg and "unexpected column 'note'" in msg


def test_wrong_type(pkg):
    pkg.set_cell("population.csv", 4, "year", "twenty-seventeen")
    msg = load_error(pkg, "population")
    assert "resource 'population', file" in msg
    assert "line 4, column 'year': 'twenty-seventeen' is not a valid integer" in msg


def test_negative_count(pkg):
    pkg.set_cell("population.csv", 3, "population", "-5")
    msg = load_error(pkg, "population")
    assert "line 3, column 'population'" in msg and 'constraint "minimum" is "0"' in msg


def test_share_above_100_percent(pkg):
    lines = pkg.lines("ethnic_composition.csv")
    line = next(i for i, text in enumerate(lines, 1) if ",percent-of-total," in text)
    pkg.set_cell("ethnic_composition.csv", line, "percent", "140")
    msg = load_error(pkg, "ethnic_composition")
    assert f"line {line}, column 'percent'" in msg and 'constraint "maximum" is "100"' in msg


def test_unknown_source_key(pkg):
    pkg.set_cell("population.csv", 2, "source", "worldbank1999")
    msg = load_error(pkg, "population")
    assert "line 2, column 'source': 'worldbank1999' is not a citation key of book/references.bib" in msg


def test_unknown_key_among_the_copies_read(pkg):
    pkg.set_cell("population.csv", 3, "copy_read", "github_datasets_population;mirror1999")
    msg = load_error(pkg, "population")
    assert (
        "line 3, column 'copy_read': 'github_datasets_population;mirror1999' is not a list of citation keys "
        "of book/references.bib separated by ';'"
    ) in msg


def test_copy_read_key_removed_from_the_bibliography(pkg):
    pkg.bib.write_text(
        pkg.bib.read_text(encoding="utf-8").replace("@misc{worldatlas2020,", "@misc{worldatlas,"), encoding="utf-8"
    )
    msg = load_error(pkg, "boundaries", geo=True)
    assert "feature 1, column 'copy_read': 'worldatlas2020' is not a list of citation keys" in msg


def test_source_key_removed_from_the_bibliography(pkg):
    pkg.bib.write_text(
        pkg.bib.read_text(encoding="utf-8").replace("@misc{iso3166,", "@misc{iso3166x,"), encoding="utf-8"
    )
    msg = load_error(pkg, "countries")
    assert "line 2, column 'source': 'iso3166' is not a citation key" in msg


def test_duplicate_primary_key(pkg):
    lines = pkg.lines("population.csv")
    pkg.write_lines("population.csv", lines + [lines[5]])
    msg = load_error(pkg, "population")
    assert f"line {len(lines) + 1}" in msg and "primary key" in msg.lower()


def test_bad_date(pkg):
    lines = pkg.lines("ethnic_composition.csv")
    line = next(i for i, text in enumerate(lines, 1) if "2021-01-01" in text)
    pkg.set_cell("ethnic_composition.csv", line, "reference_date", "2021-13-01")
    msg = load_error(pkg, "ethnic_composition")
    assert f"line {line}, column 'reference_date': '2021-13-01' is not a valid date (%Y-%m-%d)" in msg


def test_date_in_another_format_is_not_coerced(pkg):
    lines = pkg.lines("ethnic_composition.csv")
    line = next(i for i, text in enumerate(lines, 1) if "2021-01-01" in text)
    pkg.set_cell("ethnic_composition.csv", line, "reference_date", "01.01.2021")
    assert f"line {line}, column 'reference_date'" in load_error(pkg, "ethnic_composition")


def test_unknown_status(pkg):
    pkg.set_cell("population.csv", 7, "status", "guess")
    msg = load_error(pkg, "population")
    assert "line 7, column 'status': 'guess' is not one of: official, census, estimate" in msg


def test_country_code_not_in_the_gazetteer(pkg):
    pkg.set_cell("population.csv", 5, "iso3", "XYZ")
    msg = load_error(pkg, "population")
    assert "line 5, column 'iso3': 'XYZ' not found in resource 'countries' (column iso3)" in msg


def test_empty_file(pkg):
    pkg.path("diaspora_estimates.csv").write_text("", encoding="utf-8")
    msg = load_error(pkg, "diaspora_estimates")
    assert "resource 'diaspora_estimates', file" in msg and "diaspora_estimates.csv: the file is empty" in msg


def test_header_only_file_is_not_silently_empty(pkg):
    pkg.write_lines("diaspora_estimates.csv", pkg.lines("diaspora_estimates.csv")[:1])
    assert len(kz.load("diaspora_estimates", **pkg.kwargs())) == 0  # valid, but visibly empty


def test_row_rule_value_in_the_wrong_column(pkg):
    lines = pkg.lines("ethnic_composition.csv")
    line = next(i for i, text in enumerate(lines, 1) if ",persons," in text and ",day," in text)
    pkg.set_cell("ethnic_composition.csv", line, "percent", "12.5")
    msg = load_error(pkg, "ethnic_composition")
    assert f"line {line}: percent must be filled exactly when measure is a percentage" in msg


def test_row_rule_reference_date_outside_its_year(pkg):
    lines = pkg.lines("ethnic_composition.csv")
    line = next(i for i, text in enumerate(lines, 1) if "2021-01-01" in text)
    pkg.set_cell("ethnic_composition.csv", line, "reference_date", "2020-01-01")
    assert f"line {line}: reference_date must fall in year" in load_error(pkg, "ethnic_composition")


def test_broken_geojson(pkg):
    text = pkg.path("boundaries.geojson").read_text(encoding="utf-8")
    pkg.path("boundaries.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    msg = load_error(pkg, "boundaries", geo=True)
    assert (
        "resource 'boundaries', file" in msg and "boundaries.geojson, line 1, column" in msg and "not valid JSON" in msg
    )


def _edit_geo(pkg, edit):
    doc = json.loads(pkg.path("boundaries.geojson").read_text(encoding="utf-8"))
    edit(doc)
    pkg.path("boundaries.geojson").write_text(json.dumps(doc), encoding="utf-8")


def test_geojson_not_a_feature_collection(pkg):
    _edit_geo(pkg, lambda d: d.update(type="GeometryCollection"))
    assert "not a GeoJSON FeatureCollection" in load_error(pkg, "boundaries", geo=True)


def test_geojson_self_intersecting_polygon(pkg):
    bowtie = {"type": "Polygon", "coordinates": [[[60, 40], [62, 42], [62, 40], [60, 42], [60, 40]]]}
    _edit_geo(pkg, lambda d: d["features"][2].update(geometry=bowtie))
    assert "feature 3: invalid geometry (Self-intersection" in load_error(pkg, "boundaries", geo=True)


def test_geojson_missing_geometry(pkg):
    _edit_geo(pkg, lambda d: d["features"][0].update(geometry=None))
    assert "feature 1: no readable geometry" in load_error(pkg, "boundaries", geo=True)


def test_geojson_projected_coordinates(pkg):
    square = {"type": "Polygon", "coordinates": [[[6e6, 4e6], [6.1e6, 4e6], [6.1e6, 4.1e6], [6e6, 4e6]]]}
    _edit_geo(pkg, lambda d: d["features"][1].update(geometry=square))
    assert "feature 2: coordinates outside longitude/latitude range" in load_error(pkg, "boundaries", geo=True)


def test_geojson_property_not_in_the_gazetteer(pkg):
    _edit_geo(pkg, lambda d: d["features"][4]["properties"].update(iso3="XXX"))
    msg = load_error(pkg, "boundaries", geo=True)
    assert "feature 5, column 'iso3': 'XXX' not found in resource 'countries'" in msg


def test_geojson_missing_and_unknown_properties(pkg):
    _edit_geo(pkg, lambda d: d["features"][1]["properties"].pop("status"))
    assert "feature 2, column 'status'" in load_error(pkg, "boundaries", geo=True)
    _edit_geo(pkg, lambda d: d["features"][1]["properties"].update(status="official", colour="red"))
    assert "feature 2, column 'colour': unexpected property" in load_error(pkg, "boundaries", geo=True)


def test_empty_required_cell(pkg):
    pkg.set_cell("countries.csv", 3, "locator", "")
    assert "line 3, column 'locator': a value is required but the cell is empty" in load_error(pkg, "countries")
