"""Analysis library of the executable edition of Nurbek, Kalashnikova & Turan (2025).

Chapters call it for everything they compute or show::

    import kzdiaspora as kz
    pop = kz.load("population")                 # validated, typed DataFrame
    kz.number("n_countries", pop.iso3.nunique())   # glued into the prose as {glue}`n_countries`
    kz.figure(chart, "fig-population", caption=..., description=..., sources=[...], data=...)

It knows nothing of Sphinx or of how the book is built.
"""
from . import charts, fmt
from .data import DataError, load, load_geo, resource, resources
from .publish import copies_read, figure, number, table, text

__all__ = ["charts", "fmt", "DataError", "load", "load_geo", "resource", "resources",
           "copies_read", "figure", "number", "table", "text"]
