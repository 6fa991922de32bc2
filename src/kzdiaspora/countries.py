"""The countries of the study, from the gazetteer (``countries`` in the data package).

Kazakhstan is the homeland; the host countries are those whose Kazakh communities the paper
studies. Every module and chapter takes the countries, their order and their names from here.
"""
from __future__ import annotations

from .data import load

#: The homeland of the diaspora (ISO 3166-1 alpha-3).
HOMELAND = "KAZ"

#: The four host countries of the paper's Table 1, in the order its text lists them.
STUDY = ("UZB", "KGZ", "TJK", "TKM")


def names(language: str = "en") -> dict[str, str]:
    """Country code -> name, from the gazetteer (``language``: en, ru or kk)."""
    countries = load("countries")
    return dict(zip(countries["iso3"], countries[f"name_{language}"]))
