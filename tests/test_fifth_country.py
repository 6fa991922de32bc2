"""Adding a country takes data rows, an account file and one line of _config.yml, no code: a
fictional fifth host country, Arcadia (XAR), added to a copy of the project shows up in the
navigation, on a profile page of its own, in the comparison of the countries and on the maps."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import JUPYTER_BOOK, article, chart_specs

from kzdiaspora_book import sandbox

pytestmark = pytest.mark.slow

CODE, NAME, CLONE = "XAR", "Arcadia", "TJK"  # Arcadia's rows are Tajikistan's, renamed,
WEST = 20.0  # and its land lies 20° west of Tajikistan's (in the Caspian)


def _rewrite(path, edit) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    rows = edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _cloned(rows, columns, **changes):
    """The rows naming Tajikistan in ``columns``, with Arcadia in its place (and ``changes``)."""
    out = []
    for row in rows:
        if any(row[c] == CLONE for c in columns):
            out.append({**row, **{c: CODE if row[c] == CLONE else row[c] for c in columns}, **changes})
    return rows + out


def _add_arcadia(project) -> None:
    data = project / "data"
    _rewrite(
        data / "countries.csv",
        lambda rows: (
            rows
            + [
                {
                    **next(r for r in rows if r["iso3"] == CLONE),
                    "iso3": CODE,
                    "iso_numeric": "999",
                    "iso2": "XA",
                    "name_en": NAME,
                    "name_ru": "Аркадия",
                    "name_kk": "Аркадия",
                    "study_order": "5",
                    "colour": "#F0C27B",
                    "locator": "a fictional country (a test of the book)",
                }
            ]
        ),
    )
    for name in ("ethnic_composition.csv", "population.csv"):
        _rewrite(data / name, lambda rows: _cloned(rows, ["iso3"]))
    _rewrite(data / "migrant_stock.csv", lambda rows: _cloned(rows, ["origin_iso3", "destination_iso3"]))
    _rewrite(
        data / "cities.csv",
        lambda rows: (
            rows
            + [
                {
                    **next(r for r in rows if r["iso3"] == CLONE and r["is_capital"] == "true"),
                    "city_id": "arcadia-city",
                    "name_en": "Arcadia City",
                    "iso3": CODE,
                    "geonameid": "9999999",
                    "longitude": str(
                        float(next(r for r in rows if r["iso3"] == CLONE and r["is_capital"] == "true")["longitude"])
                        - WEST
                    ),
                }
            ]
        ),
    )
    _rewrite(
        data / "institutions.csv",
        lambda rows: (
            rows
            + [
                {**r, "institution_id": f"xar-{r['institution_id']}", "iso3": CODE, "city_id": "arcadia-city"}
                for r in rows
                if r["iso3"] == CLONE
            ]
        ),
    )
    geo = json.loads((data / "boundaries.geojson").read_text(encoding="utf-8"))
    land = json.loads(json.dumps(next(f for f in geo["features"] if f["properties"]["iso3"] == CLONE)))
    land["properties"].update(iso3=CODE, iso_numeric=999, name_en=NAME)

    def shift(coords):
        return [coords[0] - WEST, coords[1]] if isinstance(coords[0], float) else [shift(c) for c in coords]

    land["geometry"]["coordinates"] = shift(land["geometry"]["coordinates"])
    geo["features"].append(land)
    (data / "boundaries.geojson").write_text(json.dumps(geo), encoding="utf-8")
    config = project / "_config.yml"
    text = config.read_text(encoding="utf-8")
    last = "          - {iso3: TKM, country: Turkmenistan}\n"
    config.write_text(text.replace(last, last + f"          - {{iso3: {CODE}, country: {NAME}}}\n"), encoding="utf-8")
    (project / "book" / "chapters" / "accounts" / f"{CODE}.md").write_text(
        f"{{cite:t}}`nurbek2025` do not write about {NAME}: it is a test of the book. Its Table 1 count would "
        "be {glue:text}`paper_count`.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def arcadia(tmp_path_factory):
    project = sandbox.copy_project(tmp_path_factory.mktemp("arcadia"))
    _add_arcadia(project)
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "book/"],
        cwd=project,
        env=sandbox.environment(project),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
    return project / "_build" / "html"


def test_the_new_country_has_its_profile_page_in_the_navigation(arcadia):
    page = article(arcadia, f"profiles/{CODE}")
    assert page.find("h1").get_text().startswith(f"Kazakhs in {NAME}")
    assert f"do not write about {NAME}" in page.get_text()
    nav = BeautifulSoup((arcadia / "profiles" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in nav.select("nav.bd-docs-nav a[href]")]
    profiles = [h.removesuffix(".html") for h in links if h.removesuffix(".html") in ("UZB", "KGZ", "TJK", "TKM", CODE)]
    assert profiles == ["UZB", "KGZ", "TJK", "TKM", CODE]  # the study's order, Arcadia last
    assert set(chart_specs(arcadia, f"profiles/{CODE}")) >= {
        f"altair-viz-fig-{CODE.lower()}-kazakhs",
        f"altair-viz-fig-{CODE.lower()}-institutions-map",
    }


def test_the_overview_and_table1_compare_five_countries(arcadia):
    side_by_side = article(arcadia, "profiles/index").find("table")
    assert [th.get_text(strip=True) for th in side_by_side.find("thead").find_all("th")][-1] == NAME
    table1 = article(arcadia, "demography").find("table")
    assert NAME in [th.get_text(strip=True) for th in table1.find("thead").find_all("th")]


def test_the_maps_draw_the_new_country(arcadia):
    spec = chart_specs(arcadia, "demography")["altair-viz-fig-demography-map"]
    assert CODE in json.dumps(spec["datasets"]) and "Arcadia City" in json.dumps(spec["datasets"])
