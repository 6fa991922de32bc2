"""Population counts and the shares computed from them (the paper's section 3.2).

* :mod:`.population`: total populations (World Bank releases, UN WPP 2024) and the ethnic
  composition of each country;
* :mod:`.table1`: the paper's Table 1 rebuilt (:func:`table1`) for a release of the totals and a
  reference year chosen by the reader;
* :mod:`.reconcile`: the shares and ratios the paper prints, checked against every denominator
  the data hold (:func:`reconcile`, :func:`reconciliation`);
* :mod:`.world`: the region's Kazakhs in the worldwide picture (:func:`region_total`,
  :func:`diaspora_scenarios`, :func:`homeland_ratios`);
* :mod:`.profiles`: one country over time, for the country profiles;
* :mod:`.charts`: the chapter's charts and map.

All counts come from the data package (``ethnic_composition``, ``population``,
``diaspora_estimates``); nothing here holds a value of its own. The chapters call the functions
below as ``demography.<name>``.
"""

from .charts import diaspora_range_chart, sensitivity_chart, series_chart, share_map, share_map_data
from .population import (
    common_year,
    ethnic_composition,
    kazakh_counts,
    kazakhstan_kazakhs,
    population,
    release_label,
    titular_share,
    titular_shares,
    total_population,
    vintage_revision,
    vintages,
)
from .profiles import census_conflicts, kazakh_series, share_series, widest_gap
from .reconcile import (
    RECONCILE_YEARS,
    TITULAR_SINCE,
    VERDICTS,
    count_range,
    denominators,
    reconcile,
    reconciliation,
    reconciliation_display,
    rounds_to,
    share_sensitivity,
    verdict_counts,
)
from .table1 import (
    MEASURE_LABELS,
    MEASURES,
    SHORT_LABELS,
    printed_table1,
    table1,
    table1_display,
    table1_kazakhs,
    table1_sources,
)
from .world import (
    BOUNDS,
    diaspora_range_data,
    diaspora_scenario,
    diaspora_scenarios,
    homeland_denominators,
    homeland_ratios,
    paper_homeland_is_total,
    paper_region_total,
    region_shares,
    region_total,
)

__all__ = [
    "BOUNDS",
    "MEASURES",
    "MEASURE_LABELS",
    "RECONCILE_YEARS",
    "SHORT_LABELS",
    "TITULAR_SINCE",
    "VERDICTS",
    "census_conflicts",
    "common_year",
    "count_range",
    "denominators",
    "diaspora_range_chart",
    "diaspora_range_data",
    "diaspora_scenario",
    "diaspora_scenarios",
    "ethnic_composition",
    "homeland_denominators",
    "homeland_ratios",
    "kazakh_counts",
    "kazakh_series",
    "kazakhstan_kazakhs",
    "paper_homeland_is_total",
    "paper_region_total",
    "population",
    "release_label",
    "printed_table1",
    "reconcile",
    "reconciliation",
    "reconciliation_display",
    "region_shares",
    "region_total",
    "rounds_to",
    "sensitivity_chart",
    "series_chart",
    "share_map",
    "share_map_data",
    "share_sensitivity",
    "share_series",
    "table1",
    "table1_display",
    "table1_kazakhs",
    "table1_sources",
    "titular_share",
    "titular_shares",
    "total_population",
    "verdict_counts",
    "vintage_revision",
    "vintages",
    "widest_gap",
]
