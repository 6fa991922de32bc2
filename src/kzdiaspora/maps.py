"""Maps of the five countries: geopandas reads the boundaries from the data package, altair draws.

The boundaries (Natural Earth 1:50m) are simplified for the web before they are drawn, so that
a page holding a map stays light: :func:`boundaries` takes the tolerance (degrees of longitude
and latitude) and :func:`note` says it in words for the figure's note.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import shapely

from . import charts, countries, fmt, i18n
from .data import load, load_geo
from .i18n import _

#: Simplification tolerance for the web, in degrees (0.1° is about 11 km north–south; at the
#: scale of a page-wide map of the region a pixel covers several kilometres).
TOLERANCE = 0.1

#: Coordinates are rounded to this grid after simplification (degrees).
GRID = 0.01

#: Kilometres per degree of latitude (mean), to state the tolerance in words.
KM_PER_DEGREE = 111.2

PROJECTION = "mercator"
LAND, BORDER, FOCUS = "#eeeeee", "#ffffff", "#d9d9d9"


def boundaries(tolerance: float = TOLERANCE, grid: float = GRID):
    """The five countries as a GeoDataFrame (iso3, name, geometry) simplified by ``tolerance``
    degrees (topology kept) and rounded to ``grid`` degrees; 0 keeps the full geometry. The name
    (``country``) is the gazetteer's in the page's language on a page not in English."""
    gdf = load_geo("boundaries")[["iso3", "name_en", "source", "copy_read", "geometry"]]
    if tolerance:
        gdf = gdf.assign(
            geometry=[_drop_specks(g, tolerance**2) for g in gdf.geometry.simplify(tolerance, preserve_topology=True)]
        )
    if grid:
        gdf = gdf.assign(geometry=shapely.set_precision(gdf.geometry.values, grid))
    gdf = gdf.rename(columns={"name_en": "country"})
    if i18n.language() != i18n.LANGUAGES[0]:
        gdf = gdf.assign(country=gdf["iso3"].map(countries.names()).fillna(gdf["country"]))
    return gdf


def _drop_specks(geom, min_area: float):
    """A (multi)polygon without the parts smaller than ``min_area`` (square degrees): islets that
    simplification reduces to specks. The largest part is always kept."""
    parts = list(getattr(geom, "geoms", [geom]))
    keep = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(keep) if len(keep) > 1 else keep[0]


def note(tolerance: float = TOLERANCE) -> str:
    """The sentence a map's figure note gives about its boundaries."""
    return _(
        "Boundaries from Natural Earth (1:50m), simplified for the web with a tolerance of "
        "{degrees}° (about {km} km) and without islets "
        "smaller than the tolerance squared; they show the countries, not their exact borders."
    ).format(degrees=fmt.number(tolerance, 2), km=fmt.count(tolerance * KM_PER_DEGREE))


def cities(capitals_only: bool = False) -> pd.DataFrame:
    """The gazetteer's cities with their coordinates (``capitals_only``: the five capitals).

    ``name_en`` is the name maps write: on a page in another language it holds the city's name in
    that language (``name_ru``: Астана), so that every map labels its places in the page's language."""
    c = load("cities")
    if i18n.language() != i18n.LANGUAGES[0]:
        c = c.assign(name_en=c[f"name_{i18n.language()}"].fillna(c["name_en"]))
    if capitals_only:
        c = c[c["is_capital"].fillna(False)]
    return c[["city_id", "name_en", "iso3", "latitude", "longitude", "is_capital", "source", "copy_read"]].reset_index(
        drop=True
    )


def _geo(gdf, clip: bool = False) -> alt.Chart:
    return alt.Chart(gdf).mark_geoshape(stroke=BORDER, strokeWidth=0.8, clip=clip).project(PROJECTION)


@charts.draws
def choropleth(
    values: pd.DataFrame,
    field: str,
    *,
    title: str,
    tooltip: list,
    tolerance: float = TOLERANCE,
    scale: alt.Scale | None = None,
    width: int = charts.WIDTH,
    height: int = 380,
) -> alt.LayerChart:
    """Countries coloured by ``values[field]`` (``values`` has one row per iso3), with the capitals.

    ``tooltip`` lists columns of ``values`` (or altair Tooltip objects) shown on hover. The chart
    cites the sources of the boundaries and of the capitals it draws.
    """
    land, capitals = boundaries(tolerance), cities(capitals_only=True)
    gdf = land[["iso3", "geometry"]].merge(values, on="iso3", how="left")
    shapes = _geo(gdf).encode(
        color=alt.Color(
            f"{field}:Q",
            title=title,
            scale=scale or alt.Scale(scheme="blues"),
            legend=alt.Legend(orient="bottom", gradientLength=width * 0.6, titleLimit=width),
        ),
        tooltip=tooltip,
    )
    chart = alt.layer(shapes, *_capital_layers(capitals)).properties(width=width, height=height)
    return charts.cite(chart, [*land["source"], *capitals["source"]], [*land["copy_read"], *capitals["copy_read"]])


def _capital_layers(capitals: pd.DataFrame):
    caps = capitals[["name_en", "latitude", "longitude"]].round(3)
    base = alt.Chart(caps).encode(longitude="longitude:Q", latitude="latitude:Q")
    dots = base.mark_point(shape="square", size=30, filled=True, color="#333333").encode(
        tooltip=[alt.Tooltip("name_en:N", title=_("Capital"))]
    )
    text = {"align": "left", "dx": 6, "dy": -4, "fontSize": 11}
    halo = base.mark_text(**text, color="white", stroke="white", strokeWidth=3, strokeOpacity=0.8).encode(
        text="name_en:N"
    )
    labels = base.mark_text(**text, color="#222222").encode(text="name_en:N")
    return dots, halo, labels


def frame(gdf, margin: float = 0.1) -> tuple[float, float, float, float]:
    """The bounds (minx, miny, maxx, maxy) of ``gdf`` widened by ``margin`` (a fraction of its
    size) on each side: the window a small map shows."""
    minx, miny, maxx, maxy = gdf.total_bounds
    dx, dy = (maxx - minx) * margin, (maxy - miny) * margin
    return (minx - dx, miny - dy, maxx + dx, maxy + dy)


def widen(bounds: tuple[float, float, float, float], aspect: float, margin: float = 0.0) -> tuple:
    """``bounds`` (lon/lat) widened to a view of ``aspect`` (width / height) as the Mercator
    projection shows it, then by ``margin`` (a fraction of the size) on each side."""
    minx, miny, maxx, maxy = bounds
    stretch = 1 / math.cos(math.radians((miny + maxy) / 2))  # Mercator's vertical stretch, near enough
    w, h = maxx - minx, (maxy - miny) * stretch
    if w / h > aspect:
        dy = (w / aspect - h) / 2 / stretch
        miny, maxy = miny - dy, maxy + dy
    else:
        dx = (h * aspect - w) / 2
        minx, maxx = minx - dx, maxx + dx
    mx, my = (maxx - minx) * margin, (maxy - miny) * margin
    return (minx - mx, miny - my, maxx + mx, maxy + my)


def window(bounds: tuple[float, float, float, float]) -> dict:
    """A GeoJSON rectangle (clockwise, as d3 expects) for fitting a map's view to ``bounds``."""
    box = shapely.box(*bounds, ccw=False)
    return {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(box)}


def _land_in_view(focus: str, tolerance: float, aspect: float):
    """The land around country ``focus`` (``role``: focus or other), cut just outside a view of
    ``aspect`` (width / height) that shows the country and a margin: no cut edge shows, and the
    page carries little beyond what is drawn. Returns the land (its ``attrs["sources"]`` and
    ``attrs["read_in"]``: the boundaries' bibliography keys and those of their copies) and the
    GeoJSON rectangle the view fits."""
    every = boundaries(tolerance)
    bounds = frame(every[every["iso3"] == focus])
    cut = widen(bounds, aspect, margin=0.08)
    land = every[every.intersects(shapely.box(*cut))][["iso3", "country", "geometry"]]
    land = land.assign(
        geometry=land.geometry.clip_by_rect(*cut), role=["focus" if c == focus else "other" for c in land["iso3"]]
    )
    land.attrs["sources"] = sorted(set(every["source"]))
    land.attrs["read_in"] = sorted(set(every["copy_read"].dropna()))
    return land, window(bounds)


@charts.draws
def points(
    places: pd.DataFrame,
    *,
    focus: str,
    size: str,
    tooltip: list,
    size_title: str,
    tolerance: float = TOLERANCE,
    width: int = 420,
    height: int = 320,
) -> alt.LayerChart:
    """A small map of ``places`` (columns latitude, longitude, name_en, ``size`` and the tooltip
    fields) in the country ``focus``: the view is the country and a margin around it, the
    neighbours drawn lighter and cut to the view (so the page carries only what is shown)."""
    land, fit = _land_in_view(focus, tolerance, width / height)
    shapes = (
        _geo(land, clip=True)
        .encode(
            color=alt.Color("role:N", scale=alt.Scale(domain=["focus", "other"], range=[FOCUS, LAND]), legend=None),
            tooltip=[alt.Tooltip("country:N", title=_("Country"))],
        )
        .project(PROJECTION, fit=fit)
    )
    dots = (
        alt.Chart(places)
        .mark_circle(color=countries.colours()[focus], opacity=0.85, stroke="#333333", strokeWidth=0.5, clip=True)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            size=alt.Size(
                f"{size}:Q",
                title=size_title,
                scale=alt.Scale(range=[80, 400], zero=False),
                legend=alt.Legend(orient="bottom", values=sorted(places[size].unique()), format="d"),
            ),
            tooltip=tooltip,
        )
        .project(PROJECTION, fit=fit)
    )
    chart = alt.layer(shapes, dots, _place_names(places, fit)).properties(width=width, height=height)
    return charts.cite(chart, land.attrs["sources"], land.attrs["read_in"])


def _place_names(places: pd.DataFrame, fit: dict) -> alt.Chart:
    return (
        alt.Chart(places)
        .mark_text(align="left", dx=9, dy=-6, fontSize=11, color="#222222", clip=True)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            text="name_en:N",
        )
        .project(PROJECTION, fit=fit)
    )
