"""Population counts and the shares computed from them (the article's section 3.2).

* :mod:`.population`: total populations (World Bank releases, UN WPP 2024) and the ethnic
  composition of each country;
* :mod:`.table1`: the article's Table 1 rebuilt (:func:`table1`) for a release of the totals and a
  reference year chosen by the reader;
* :mod:`.reconcile`: the shares and ratios the article prints, checked against every denominator
  the data hold (:func:`reconcile`, :func:`reconciliation`);
* :mod:`.world`: the region's Kazakhs in the worldwide picture (:func:`region_total`,
  :func:`diaspora_scenarios`, :func:`homeland_ratios`);
* :mod:`.hosts`: the worldwide diaspora rebuilt from host-country counts (:func:`host_counts`,
  :func:`host_coverage`) and the region under each count of its disputed communities
  (:func:`region_scenarios`);
* :mod:`.profiles`: one country over time, for the country profiles;
* :mod:`.charts`: the chapter's charts and map.

All counts come from the data package (``ethnic_composition``, ``population``,
``diaspora_estimates``); nothing here holds a value of its own. The chapters call the functions
below as ``demography.<name>``.
"""

from .charts import (
    diaspora_range_chart,
    host_sum_chart,
    region_scenarios_chart,
    sensitivity_chart,
    series_chart,
    share_map,
    share_map_data,
)
from .hosts import (
    ALTERNATIVES,
    disputed_count,
    host_counts,
    host_coverage,
    region_scenario_summary,
    region_scenarios,
)
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
    last_digit_unit,
    reconcile,
    reconciliation,
    reconciliation_display,
    rounding_margin,
    rounds_to,
    share_sensitivity,
    verdict_counts,
    verdict_figures,
    verdict_word,
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
    "ALTERNATIVES",
    "disputed_count",
    "host_counts",
    "host_coverage",
    "host_sum_chart",
    "region_scenario_summary",
    "region_scenarios",
    "region_scenarios_chart",
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
    "last_digit_unit",
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
    "rounding_margin",
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
    "verdict_figures",
    "verdict_word",
    "vintage_revision",
    "vintages",
    "widest_gap",
]
