"""Repatriates (*kandas*): counts, composition and education, from the ministry's releases.

The labour ministry publishes, every month or two, how many ethnic Kazakhs received kandas
status since 1 January (and since 1991), with shares by country of origin and age group of all
of them, and by education of the working-age among them.

* :mod:`.releases`: :func:`releases` gives the counts since 1 January, :func:`whole_years` the
  counts of whole years, :func:`shares` any breakdown, :func:`snapshot` the composition at one
  release (1 July 2024 is the one the article uses) and :func:`snapshot_figures` the numbers the
  paper quotes from it;
* :mod:`.education`: :func:`education_comparison` sets the education of working-age kandas
  against that of the year's emigrants, as section 3.1 of the article does;
* :mod:`.charts`: the chapter's charts.

The chapters call the functions below as ``kandas.<name>``.
"""

from .charts import (
    DERIVED_YEAR,
    ORIGINS,
    composition_chart,
    education_chart,
    origin_chart,
    origin_chart_data,
    releases_chart,
    releases_chart_data,
)
from .education import education_comparison, emigrant_education, emigrant_figures, group_words
from .releases import AGE, EDUCATION, composition, label, releases, shares, snapshot, snapshot_figures, whole_years

__all__ = [
    "AGE",
    "DERIVED_YEAR",
    "EDUCATION",
    "ORIGINS",
    "composition",
    "composition_chart",
    "education_chart",
    "education_comparison",
    "emigrant_education",
    "emigrant_figures",
    "group_words",
    "label",
    "origin_chart",
    "origin_chart_data",
    "releases",
    "releases_chart",
    "releases_chart_data",
    "shares",
    "snapshot",
    "snapshot_figures",
    "whole_years",
]
