"""The countries of the study, from the gazetteer (``countries`` in the data package).

The gazetteer says which countries the study covers and in which order every table, chart and
page shows them (``study_order``: Kazakhstan, the homeland, first; then the host countries of
the Kazakh communities the article studies), and gives each country its colour in every chart.
Adding a host country to the book starts with its row there (see the README).
"""

from __future__ import annotations

import pandas as pd

from . import i18n
from .data import DataError, load

#: The homeland of the diaspora (ISO 3166-1 alpha-3), first in the study's order.
HOMELAND = "KAZ"


def _study() -> pd.DataFrame:
    countries = load("countries")
    study = countries[countries["study_order"].notna()].sort_values("study_order")
    if study.empty or study["iso3"].iloc[0] != HOMELAND:
        raise DataError(f"resource 'countries': {HOMELAND}, the homeland, must come first in study_order (0)")
    return study


def study() -> tuple[str, ...]:
    """The countries of the study in the study's order: Kazakhstan, then the host countries."""
    return tuple(_study()["iso3"])


def hosts() -> tuple[str, ...]:
    """The host countries whose Kazakh communities the article studies, in the study's order
    (``UZB``, ``KGZ``, ``TJK``, ``TKM``: the order of the article's Table 1)."""
    return study()[1:]


def names(language: str | None = None) -> dict[str, str]:
    """Country code -> short name, from the gazetteer, in ``language`` (en, ru or kk; default:
    the page's language, :func:`kzdiaspora.i18n.language`). The Russian names are the countries'
    own Russian forms (``KGZ`` -> ``Кыргызстан``; see ``book/locale/ru/names.csv``). Data that
    name a country in words (a ``scope`` column) are in English: match them with ``names("en")``."""
    countries = load("countries")
    return dict(zip(countries["iso3"], countries[f"name_{language or i18n.language()}"]))


def colours() -> dict[str, str]:
    """Country code -> the country's colour in every chart (``#E69F00``)."""
    countries = load("countries")
    return dict(zip(countries["iso3"], countries["colour"]))
