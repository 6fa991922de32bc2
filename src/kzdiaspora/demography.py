"""Population counts and the shares computed from them."""
from __future__ import annotations

import pandas as pd

from .data import DataError, load


def country_names(language: str = "en") -> dict[str, str]:
    """Country code -> name, from the gazetteer (``language``: en, ru or kk)."""
    countries = load("countries")
    return dict(zip(countries["iso3"], countries[f"name_{language}"]))


def population(vintage: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """World Bank total population of the five countries in one vintage, with country names."""
    pop = load("population")
    known = sorted(pop["vintage"].unique())
    if vintage not in known:
        raise DataError(f"unknown World Bank vintage {vintage!r}; the data hold {', '.join(known)}")
    pop = pop[pop["vintage"] == vintage]
    if years:
        pop = pop[pop["year"].between(*years)]
    pop = pop.assign(country=pop["iso3"].map(country_names()))
    return pop[["iso3", "country", "year", "population", "vintage", "source", "status"]].reset_index(drop=True)
