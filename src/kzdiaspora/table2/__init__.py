"""The article's Table 2 rebuilt as far as public figures go (section 3.3).

Table 2 of the article holds, for each of the four neighbours, the moves to and from Kazakhstan in
each year of 2004–2023 (:data:`YEARS`: 4 partners × 2 directions × 20 years = 160 cells), from a
workbook of Kazakhstan's statistics bureau that could not be consulted. The public record holds
parts of it: counts by Kazakhstan's office, counts of the same flow by the partner's office (its
emigration to Kazakhstan is a move to Kazakhstan), shares, and figures for parts of a year.

* :func:`figures`: every such figure, each with its period as published;
* :func:`grid`: the 160 cells (or those of other years), each holding its strongest figure
  (:data:`EVIDENCE`) or an explicit gap, and :func:`coverage`: how many cells each kind fills;
* :func:`both_ends`: the flows both offices published for the same period, side by side, with
  their difference (:func:`compare` refuses figures of different periods unless told);
* :func:`stocks_table`: the long series of UN migrant stocks in Table 2's shape.

The chapters call them as ``table2.<name>``.
"""

from .cells import EVIDENCE, YEARS, coverage, figures, grid, whole_year
from .charts import both_ends_chart, coverage_bars, coverage_chart, grid_chart, routes
from .ends import PeriodMismatch, both_ends, compare
from .stocks import display, stocks_table

__all__ = [
    "EVIDENCE",
    "YEARS",
    "PeriodMismatch",
    "both_ends",
    "both_ends_chart",
    "compare",
    "coverage",
    "coverage_bars",
    "coverage_chart",
    "display",
    "figures",
    "grid",
    "grid_chart",
    "routes",
    "stocks_table",
    "whole_year",
]
