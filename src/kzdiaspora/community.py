"""The institutions of the Kazakh communities and Kazakh-language schooling (section 3.3).

Reads ``institutions``, ``cities`` and ``kazakh_schooling`` from the data package.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import bibliography, charts, countries, data, demography, fmt, maps, migration
from .data import load
from .i18n import N_, _
from .publish import copies_read

#: How each kind of institution reads on a page.
KINDS = {
    "cultural-centre": N_("cultural centre"),
    "association": N_("association"),
    "house": N_("cultural and business house"),
    "school": N_("school"),
    "university": N_("university programme"),
    "university-branch": N_("university branch"),
    "embassy": N_("embassy of Kazakhstan"),
}

MEASURES = {
    "schools-kazakh-instruction": N_("schools teaching in Kazakh"),
    "schools-kazakh-only": N_("schools teaching only in Kazakh"),
    "universities-kazakh": N_("universities teaching Kazakh"),
    "pupils-kazakh-instruction": N_("pupils taught in Kazakh"),
}


def institutions(iso3: str | None = None) -> pd.DataFrame:
    """The institutions of one country (or all), with their city's name and coordinates
    (missing where the sources name no city) and the kind in words; the names, notes, cities and
    kinds in the page's language."""
    inst = data.translated(load("institutions"), "institutions")
    if iso3:
        inst = inst[inst["iso3"] == iso3]
    cities = maps.cities()[["city_id", "name_en", "latitude", "longitude"]].rename(columns={"name_en": "city"})
    out = inst.merge(cities, on="city_id", how="left")
    out = out.assign(kind_text=out["kind"].map(lambda k: _(KINDS[k])), country=out["iso3"].map(countries.names()))
    return out.sort_values(["iso3", "kind", "name"]).reset_index(drop=True)


def institution_places(iso3: str) -> pd.DataFrame:
    """One row per city with institutions in ``iso3``: coordinates, how many, their names, and the
    bibliography keys of the institutions and of the city's coordinates (``source``) and of the
    copies they were read in (``copy_read``)."""
    inst = institutions(iso3).dropna(subset=["city_id"])
    keys = {k: (k, lambda c: bibliography.joined(*c.dropna())) for k in ("source", "copy_read")}
    grouped = inst.groupby(["city_id", "city", "latitude", "longitude"], as_index=False).agg(
        institutions=("institution_id", "size"), names=("name", lambda n: "; ".join(n)), **keys
    )
    located = maps.cities()[["city_id", *keys]].rename(columns={k: f"city_{k}" for k in keys})
    grouped = grouped.merge(located, on="city_id", how="left")
    grouped = grouped.assign(
        **{k: [bibliography.joined(a, b) for a, b in zip(grouped[k], grouped[f"city_{k}"].fillna(""))] for k in keys}
    )
    return (
        grouped.drop(columns=[f"city_{k}" for k in keys])
        .rename(columns={"city": "name_en"})
        .sort_values("institutions", ascending=False)
        .reset_index(drop=True)
    )


@charts.draws
def institutions_map(places: pd.DataFrame, iso3: str):
    """Map of one country with a circle per city of :func:`institution_places`, sized by its
    number of institutions, the names in the tooltips."""
    drawn = places.drop(columns=["source", "copy_read"])  # the figure's data carry them; the page's chart needs none
    chart = maps.points(
        drawn,
        focus=iso3,
        size="institutions",
        size_title=_("Institutions"),
        tooltip=[
            alt.Tooltip("name_en:N", title=_("City")),
            alt.Tooltip("institutions:Q", title=_("Institutions")),
            alt.Tooltip("names:N", title=_("Names")),
        ],
    )
    return chart.properties(
        description=_("Map of {country} with a circle per city sized by its number of institutions: {cities}.").format(
            country=countries.names()[iso3],
            cities="; ".join(f"{r.name_en} {r.institutions}" for r in places.itertuples()),
        )
    )


def kind_counts(iso3: str | None = None) -> pd.DataFrame:
    """How many institutions of each kind a country has (all four countries if ``iso3`` is None)."""
    inst = institutions(iso3)
    return inst.groupby(["iso3", "kind", "kind_text"], as_index=False).size().rename(columns={"size": "count"})


def schooling(iso3: str | None = None) -> pd.DataFrame:
    """The counts of Kazakh-language schooling, with the measure in words and the value as a
    reader sees it (``>360``)."""
    s = load("kazakh_schooling")
    if iso3:
        s = s[s["iso3"] == iso3]
    s = s.assign(
        measure_text=s["measure"].map(lambda m: _(MEASURES[m])),
        value_text=[fmt.approx(v, a) for v, a in zip(s["value"], s["approximation"])],
    )
    order = {m: i for i, m in enumerate(MEASURES)}
    return s.sort_values(
        ["iso3", "measure", "year"], key=lambda c: c.map(order) if c.name == "measure" else c
    ).reset_index(drop=True)


def national_schools(iso3: str) -> pd.DataFrame:
    """The country-wide counts of schools teaching in Kazakh, oldest first (``scope`` = the country)."""
    s = schooling(iso3)
    name = countries.names("en")[iso3]  # the data's scope is in English, whatever the page's language
    return s[(s["measure"] == "schools-kazakh-instruction") & (s["scope"] == name)].reset_index(drop=True)


def side_by_side(vintage: str, reference_year: int, revision: int = migration.REVISION) -> pd.DataFrame:
    """The host countries compared, one row per measure and one column per country (in the study's
    order), each cell as text: the Kazakhs today and at the earliest census,
    their share, the institutions and schools, and the UN migrant stocks with Kazakhstan (the
    latest year of ``revision``).
    ``attrs["sources"]`` lists the bibliography keys behind the cells, ``attrs["read_in"]`` the
    copies they were read in."""
    t1 = demography.table1(vintage, reference_year).set_index(["iso3", "quantity"])
    stocks = pd.concat([migration.bilateral_stocks(c, revision) for c in countries.hosts()])
    stock_sources, stock_copies = set(stocks["source"]), {*copies_read(stocks)}
    last = int(stocks["year"].max())
    stocks = stocks[stocks["year"] == last].set_index(["partner_iso3", "direction"])["migrants"]
    kinds = kind_counts()
    kinds = kinds[kinds["kind"] != "embassy"]
    rows, sources = {}, {*stock_sources, *demography.table1_sources(t1.reset_index())}
    copies = {*copies_read(t1), *stock_copies}
    counted = institutions()
    sources |= set(counted[counted["kind"] != "embassy"]["source"])
    for c in countries.hosts():
        series = demography.kazakh_series(c)
        census = series[series["status"] == "census"]
        first = f"{census.iloc[0]['text']} ({census.iloc[0]['when']})" if len(census) else "–"
        schools = national_schools(c)
        own = schools[schools["status"] != "stated-by-authors"]
        schools = own if len(own) else schools
        sources |= {*census.iloc[:1]["source"], *schools.iloc[-1:]["source"]}
        copies |= {*copies_read(census.iloc[:1], schools.iloc[-1:])}
        k, kazakhs = kinds[kinds["iso3"] == c], t1.loc[(c, "kazakhs")]
        latest = schools.iloc[-1] if len(schools) else None
        rows[countries.names()[c]] = {
            _("Kazakhs (the article's Table 1)"): f"{fmt.approx(kazakhs['value'], kazakhs['approximation'])}"
            f" ({kazakhs['when']}, {fmt.status(kazakhs['status'])})",
            _("Kazakhs at the earliest census"): first,
            _("Kazakhs, % of the population"): fmt.share(t1.loc[(c, "share"), "value"]),
            _("Diaspora institutions in the data"): "; ".join(
                f"{kind}: {n}" for n, kind in zip(k["count"], k["kind_text"])
            )
            or "–",
            _(
                "Schools teaching in Kazakh"
            ): f"{latest['value_text']} ({latest['year']}, {fmt.status(latest['status'])})"
            if len(schools)
            else _("no count found"),
            _("Born here, living in Kazakhstan ({year})").format(year=last): fmt.count(stocks[(c, migration.TO_KAZ)]),
            _("Born in Kazakhstan, living here ({year})").format(year=last): fmt.count(stocks[(c, migration.FROM_KAZ)]),
        }
    out = pd.DataFrame(rows).rename_axis(_("Measure")).reset_index()
    out.attrs["sources"] = sorted(sources)  # the bibliography keys behind the cells
    out.attrs["read_in"] = sorted(copies)
    return out
