"""Kazakhstan's migration policy (the article's section 3.1): its framework and the migration periods.

Two different measures of Kazakhstan's net migration are kept apart:

* :func:`wpp_net_migration`: the UN World Population Prospects 2024, a *model* estimate for every
  year since 1990 that balances the population accounts;
* :func:`registered_balance`: arrivals minus departures registered by the statistics office, for
  the calendar years whose releases were found, and :func:`registered_record`: every balance found,
  parts of years included, as far back as 2003.

:func:`period_sums` adds either of them up over the migration periods that the Concept of
Migration Policy 2023–2027 describes (or any other periods a reader chooses), and
:func:`against_concept` sets the sign of each sum against the Concept's description.

The package's modules: :mod:`.series` (the two measures), :mod:`.periods` (the Concept's periods
and the sums over them), :mod:`.framework` (the timeline of laws and programmes) and
:mod:`.charts`. The chapters call the functions below as ``policy.<name>``.
"""

from .charts import describe_migration, focus_start, migration_chart, record_chart, record_chart_data, timeline_chart
from .framework import KIND_GROUPS, item_titles, kind_word, timeline, translated_items, when_word
from .periods import (
    against_concept,
    check_periods,
    concept_directions,
    concept_periods,
    describe_periods,
    period_findings,
    period_label,
    period_record,
    period_sums,
    period_table,
    record_sum,
    year_ranges,
)
from .series import SERIES, net_migration, registered_balance, registered_record, registered_total, wpp_net_migration

__all__ = [
    "KIND_GROUPS",
    "SERIES",
    "against_concept",
    "check_periods",
    "concept_directions",
    "concept_periods",
    "describe_migration",
    "describe_periods",
    "focus_start",
    "item_titles",
    "kind_word",
    "translated_items",
    "when_word",
    "migration_chart",
    "net_migration",
    "period_findings",
    "period_label",
    "period_record",
    "period_sums",
    "period_table",
    "record_chart",
    "record_sum",
    "record_chart_data",
    "registered_balance",
    "registered_record",
    "registered_total",
    "timeline",
    "timeline_chart",
    "wpp_net_migration",
    "year_ranges",
]
