"""The claims ledger: every numeric claim of the paper, checked against the data package.

The ``claims`` resource lists the claims (sections 1 to 5 of the paper): the number as printed,
how precisely it is printed, and how the book checks it, as a call of one of the check functions
(``table1(iso3="UZB", quantity="share", vintage="wdi-2024-12", year=2022)``). The outcome of a
claim is never stored: :func:`evaluate` runs every check on the data as they are and decides it.

* ``reproduced``: a computed claim whose value we recompute within the tolerance;
* ``cited-only``: a quoted claim (the paper passes on a number from elsewhere) for which a public
  source we found and ship in the data gives the same number within the tolerance: the source the
  paper cites, or another publication of the same figure (the entry then names the one matched);
* ``differs``: our value is outside the tolerance (both values are shown, with the reason), or a
  source gives the same number for something else (the reason says what);
* ``not-checkable``: no public source for the number was found, the data cannot give it, or the
  evidence found is too weak to decide it (it is then shown as context).

Beside its outcome, every verdict has a basis (:data:`BASES`): how strong the evidence behind it
is. ``direct`` evidence is the same measure, for the same population and period, from a source
independent of the paper; ``partial`` covers only part of the period or population; ``proxy`` is
another measure, year or population; ``internal`` checks the paper's own numbers against each
other; ``none`` means no evidence. The ledger states the strongest basis a claim's check can
give, and the data can only weaken it (:func:`judge`).

The package's modules, one job each:

* :mod:`.ledger`: reading the ledger (:func:`ledger`, :func:`parse_check`, :func:`about`);
* :mod:`.findings`: what a check returns (:class:`Finding`, :class:`NotCheckable`) and the
  registry of check functions (:data:`CHECKS`);
* :mod:`.lookups` and :mod:`.recomputations`: the check functions, which look up a source's
  own value or recompute it with the chapters' library functions;
* :mod:`.judge`: the tolerance and the outcome of each claim (:func:`judge`, :func:`evaluate`);
* :mod:`.report`: the Reproducibility report's entries and scorecard, and the badges
  (:func:`mark`) that put a claim's outcome next to a number in a chapter.
"""

from .findings import BASES, BASIS_MEANING, CHECKS, Finding, NotCheckable, weakest
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
from .ledger import about, ledger, parse_check
from .lookups import context, diaspora, ethnic_count, one_in_n, schooling
from .recomputations import (
    community_rank,
    diaspora_share,
    education_gap,
    emigrant_education_rank,
    homeland_ratio,
    kandas_count,
    kandas_share,
    kandas_share_total,
    kandas_year,
    kazakh_share_of_kazakhstan,
    period_sign,
    region_share,
    region_total,
    stock_balance,
    stock_trend,
    survey_total,
    table1,
)
from .report import (
    BASIS_WORDS,
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
    label,
    mark,
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
    "in_unit",
    "judge",
    "label",
    "ledger",
    "mark",
    "parse_check",
    "printed_interval",
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
    "community_rank",
    "context",
    "diaspora",
    "diaspora_share",
    "education_gap",
    "emigrant_education_rank",
    "ethnic_count",
    "homeland_ratio",
    "kandas_count",
    "kandas_share",
    "kandas_share_total",
    "kandas_year",
    "kazakh_share_of_kazakhstan",
    "one_in_n",
    "period_sign",
    "region_share",
    "region_total",
    "schooling",
    "stock_balance",
    "stock_trend",
    "survey_total",
    "table1",
]
