"""The claims ledger: every numeric claim of the article, checked against the data package.

The ``claims`` resource lists the claims (sections 1 to 5 of the article): the number as printed,
how precisely it is printed, and how the book checks it, as a call of one of the check functions
(``table1(iso3="UZB", quantity="share", vintage="wdi-2024-12", year=2022)``). The outcome of a
claim is never stored: :func:`evaluate` runs every check on the data as they are and decides it.

* ``reproduced``: a computed claim whose value we recompute within the tolerance;
* ``cited-only``: a quoted claim (the article passes on a number from elsewhere) for which a public
  source we found and ship in the data gives the same number within the tolerance: the source the
  article cites, or another publication of the same figure (the entry then names the one matched);
* ``differs``: our value is outside the tolerance (both values are shown, with the reason), or a
  source gives the same number for something else (the reason says what);
* ``not-checkable``: no public source for the number was found, the data cannot give it, or the
  evidence found is too weak to decide it (it is then shown as context).

Beside its outcome, every verdict has a basis (:data:`BASES`): how strong the evidence behind it
is. ``direct`` evidence is the same measure, for the same population and period, from a source
independent of the article; ``partial`` covers only part of the period or population; ``proxy`` is
another measure, year or population; ``internal`` checks the article's own numbers against each
other; ``none`` means no evidence. The ledger states the strongest basis a claim's check can
give, and the data can only weaken it (:func:`judge`).

The package's modules, one job each:

* :mod:`.ledger`: reading the ledger (:func:`ledger`, :func:`readings`, :func:`parse_check`,
  :func:`about`);
* :mod:`.findings`: what a check returns (:class:`Finding`, :class:`NotCheckable`) and the
  registry of check functions (:data:`CHECKS`);
* :mod:`.lookups`, :mod:`.recomputations`, :mod:`.communities`, :mod:`.flows` and
  :mod:`.repatriation`: the check functions, which look up a source's own value or recompute it
  with the chapters' library functions;
* :mod:`.judge`: the tolerance and the outcome of each claim (:func:`judge`, :func:`evaluate`);
* :mod:`.report`: the Reproducibility report's entries and scorecard, and the badges
  (:func:`mark`) that put a claim's outcome next to a number in a chapter.
"""

from .communities import (
    census_peak,
    census_share,
    community_change,
    community_place,
    count_ratio,
    independent_counts,
    region_counts,
    region_share_range,
)
from .findings import BASES, BASIS_MEANING, CHECKS, Finding, NotCheckable, weakest
from .flows import (
    departure_trend,
    destination_rank,
    flow_change,
    kazakh_flow_gap,
    kazakh_share,
    national_balance,
    partner_flows,
    stock_balance,
    stock_trend,
)
from .judge import (
    OUTCOMES,
    agreement,
    agreement_rate,
    evaluate,
    in_unit,
    judge,
    printed_interval,
    render,
    scorecard,
    show,
    tolerance,
    tolerance_text,
)
from .ledger import about, ledger, parse_check, readings
from .lookups import (
    context,
    diaspora,
    diaspora_list,
    ethnic_count,
    ethnic_share,
    institutions_found,
    one_in_n,
    schooling,
)
from .recomputations import (
    community_rank,
    diaspora_share,
    homeland_ratio,
    kazakh_share_of_kazakhstan,
    period_sign,
    region_share,
    region_total,
    survey_total,
    table1,
    table1_place,
)
from .repatriation import (
    education_gap,
    emigrant_education_rank,
    emigrant_education_share,
    kandas_count,
    kandas_share,
    kandas_share_total,
    kandas_year,
)
from .report import (
    BASIS_WORDS,
    MARK_WORDS,
    OUTCOME_COLOURS,
    OUTCOME_MEANING,
    REPORT_PAGE,
    SYMBOLS,
    badge,
    badge_list,
    citations,
    entries,
    entry,
    glue_badge,
    glue_outcomes,
    label,
    legend,
    mark,
    other_reading,
    scorecard_chart,
    scorecard_data,
    verdict,
)

__all__ = [
    "BASES",
    "BASIS_MEANING",
    "BASIS_WORDS",
    "CHECKS",
    "Finding",
    "NotCheckable",
    "MARK_WORDS",
    "OUTCOMES",
    "OUTCOME_COLOURS",
    "OUTCOME_MEANING",
    "REPORT_PAGE",
    "SYMBOLS",
    "about",
    "agreement",
    "agreement_rate",
    "badge",
    "badge_list",
    "citations",
    "entries",
    "entry",
    "evaluate",
    "glue_badge",
    "independent_counts",
    "glue_outcomes",
    "in_unit",
    "judge",
    "label",
    "legend",
    "ledger",
    "mark",
    "other_reading",
    "parse_check",
    "printed_interval",
    "readings",
    "render",
    "scorecard",
    "scorecard_chart",
    "scorecard_data",
    "show",
    "tolerance",
    "tolerance_text",
    "verdict",
    "weakest",
    # the check functions, as the ledger's ``check`` column calls them
    "census_peak",
    "census_share",
    "community_change",
    "community_place",
    "community_rank",
    "context",
    "count_ratio",
    "departure_trend",
    "destination_rank",
    "diaspora",
    "diaspora_list",
    "diaspora_share",
    "education_gap",
    "emigrant_education_rank",
    "emigrant_education_share",
    "ethnic_count",
    "ethnic_share",
    "flow_change",
    "homeland_ratio",
    "institutions_found",
    "kandas_count",
    "kandas_share",
    "kandas_share_total",
    "kandas_year",
    "kazakh_flow_gap",
    "kazakh_share",
    "kazakh_share_of_kazakhstan",
    "national_balance",
    "one_in_n",
    "partner_flows",
    "period_sign",
    "region_counts",
    "region_share",
    "region_share_range",
    "region_total",
    "schooling",
    "stock_balance",
    "stock_trend",
    "survey_total",
    "table1",
    "table1_place",
]
