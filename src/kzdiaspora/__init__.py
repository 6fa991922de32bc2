"""Analysis library of the executable edition of Nurbek, Kalashnikova & Turan (2025).

Chapters call it for everything they compute or show::

    import kzdiaspora as kz
    pop = kz.load("population")                 # validated, typed DataFrame
    kz.number("n_countries", pop.iso3.nunique())   # glued into the prose as {glue}`n_countries`
    kz.figure(chart, "fig-population", caption=..., data=...)

It knows nothing of Sphinx or of how the book is built.

The names below are imported when first used (PEP 562), so that importing one light module
(:mod:`kzdiaspora.bibliography`, which the book's Sphinx extension uses) does not import
pandas, altair and frictionless.
"""

from __future__ import annotations

import importlib

#: Where each name of the package's namespace is defined.
_NAMES = {
    "DataError": "data",
    "load": "data",
    "load_geo": "data",
    "resource": "data",
    "resources": "data",
    "copies_read": "publish",
    "figure": "publish",
    "number": "publish",
    "prose": "publish",
    "shared": "publish",
    "table": "publish",
    "text": "publish",
}
_MODULES = ("charts", "fmt")

__all__ = [*_MODULES, *_NAMES]


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    if name in _MODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
