"""Map helpers: simplified boundaries stay valid and light, views fit the country shown."""

import itertools
import json

import pandas as pd
import shapely

from kzdiaspora import maps


def test_boundaries_are_simplified_valid_and_small():
    full = maps.boundaries(0, 0)
    web = maps.boundaries()
    assert sorted(web["iso3"]) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert web.geometry.is_valid.all() and not web.geometry.is_empty.any()
    size = len(json.dumps(web[["iso3", "geometry"]].__geo_interface__))
    assert size < 12_000 < len(json.dumps(full[["iso3", "geometry"]].__geo_interface__))
    # simplification keeps each country's area within a few per cent
    ratio = shapely.area(web.geometry.values) / shapely.area(full.geometry.values)  # square degrees suffice for a ratio
    assert ((ratio > 0.95) & (ratio < 1.05)).all()


def test_note_states_the_tolerance():
    assert "0.10°" in maps.note(0.1) and "11 km" in maps.note(0.1)


def test_frame_and_window_around_a_country():
    uzb = maps.boundaries()
    uzb = uzb[uzb["iso3"] == "UZB"]
    assert maps.frame(uzb, margin=0) == tuple(uzb.total_bounds)
    wide = maps.frame(uzb, margin=0.1)
    assert wide[0] < uzb.total_bounds[0] and wide[3] > uzb.total_bounds[3]
    ring = maps.window((0, 0, 2, 1))["geometry"]["coordinates"][0]
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    assert area2 < 0  # clockwise, the small rectangle for d3's spherical geometry


def test_capitals():
    caps = maps.cities(capitals_only=True)
    assert sorted(caps["iso3"]) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


def test_choropleth_and_points_maps_build():
    values = pd.DataFrame({"iso3": ["UZB", "KGZ"], "share": [2.3, 0.5]})
    spec = maps.choropleth(values, "share", title="Share", tooltip=["share"]).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "geoshape"
    places = maps.cities().query("iso3 == 'KGZ'").assign(n=1)
    chart = maps.points(places, focus="KGZ", size="n", tooltip=["name_en"], size_title="n")
    spec = chart.to_dict()
    assert spec["layer"][0]["projection"]["fit"]["type"] == "Feature"
    assert all(layer["mark"].get("clip") for layer in spec["layer"])
    # only the countries in view, cut to it: Turkmenistan is not near Kyrgyzstan
    shown = (
        {f["iso3"] for f in chart.layer[0].data.to_dict("records")}
        if hasattr(chart.layer[0].data, "to_dict")
        else set()
    )
    assert "TKM" not in shown and "KGZ" in shown
