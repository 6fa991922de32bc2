"""What a check function of the claims ledger returns, and the registry of check functions.

A check function takes keyword arguments whose values are literals (as the ``check`` column of
the ledger writes its call) and returns a :class:`Finding`, or raises :class:`NotCheckable`.
The functions are in :mod:`.lookups` (a source's own value) and :mod:`.recomputations` (a
value recomputed with the chapters' library functions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from .. import fmt
from ..i18n import gettext as _

#: How strong the evidence behind a verdict is, strongest first (see :data:`BASIS_MEANING`).
BASES = ("direct", "partial", "proxy", "internal", "none")


#: What each basis means, in one sentence (the report page defines them with these words).
BASIS_MEANING = {
    "direct": (
        "our value is the same measure, for the same population and period, from a source independent of the article"
    ),
    "partial": "the same measure from an independent source, but for only part of the period or of the population",
    "proxy": (
        "independent evidence on a neighbouring quantity: another measure (migrant stocks for flows, a model "
        "for registered counts), another year or another population"
    ),
    "internal": (
        "at least one input is the article's own number (or a value inferred from it): the check tests the "
        "article's arithmetic or consistency, not the fact"
    ),
    "none": "no evidence was found",
}


def weakest(*bases: str) -> str:
    """The weakest of several bases (a verdict is as strong as its weakest input)."""
    return max(bases, key=BASES.index)


@dataclass(frozen=True)
class Finding:
    """What a check found.

    ``value`` is our number (a pair ``(low, high)`` when an input is itself a range or a bound) in
    ``unit``; ``inputs`` says in words what it was computed from or where it was read;
    ``sources`` are the bibliography keys of the data used. A ``caveat`` makes the claim differ
    even when the numbers agree: the source gives the same number for something else.

    How strong the evidence is:

    * ``basis`` (one of :data:`BASES`) and ``basis_note``, a sentence saying why it is not direct;
    * ``margin``: how far our value may be off because of the rounding of its inputs (same unit
      as ``value``), with ``margin_note`` giving the reason; it widens the tolerance;
    * ``bounds``: the range the quantity could take whatever the evidence leaves open (months or
      years not covered, the gap between a proxy and the measure); a verdict is given only when
      it is the same across the whole range;
    * ``inferred``: what inputs were inferred from the article's numbers (the row's own account),
      so that a check of a number by a value inferred from it is caught.

    ``values`` are named, formatted values for the ledger's note templates (``{name}``).
    """

    value: float | tuple[float, float]
    unit: str
    inputs: str
    sources: tuple[str, ...] = ()
    caveat: str = ""
    basis: str = "direct"
    basis_note: str = ""
    margin: float = 0.0
    margin_note: str = ""
    bounds: tuple[float, float] | None = None
    inferred: tuple[str, ...] = ()
    values: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.basis not in BASES[:-1]:
            raise ValueError(f"unknown basis {self.basis!r}; known: {', '.join(BASES[:-1])}")


def missing_years(lows, highs, years: int, series=None) -> tuple[str, tuple[float, float]]:
    """What the years missing from a yearly series could do to its sum over a period of ``years``
    years: each as far either way as the largest yearly value of that sign in the ``series``
    (every year it holds, in the period or not; by default the years found), or, when none has
    that sign, as far as its largest value of the other sign (a series that happens to hold
    values of one sign does not show that the other cannot occur). ``lows``, ``highs``: the
    value of each year found in the period (persons), smallest and largest when releases
    disagree. Returns a sentence saying so and the range the
    sum could take."""
    found, missing = len(lows), years - len(lows)
    series = list(lows) + list(highs) if series is None else list(series)
    most, least = max(max(series), 0.0), min(min(series), 0.0)
    most, least = most or abs(least), least or -abs(most)
    low, high = float(sum(lows)) + missing * least, float(sum(highs)) + missing * most
    note = _(
        "The series is known for {found} of the period's {years} years; if each of the {missing} missing "
        "years were as far either way as the largest yearly figure the series holds ({most} and "
        "{least}), the sum would lie between {low} and {high}."
    ).format(
        found=found,
        years=years,
        missing=missing,
        most=fmt.signed(most),
        least=fmt.signed(least),
        low=fmt.signed(low),
        high=fmt.signed(high),
    )
    return note, (low, high)


class NotCheckable(Exception):
    """The data cannot give the number a claim needs (the message says why)."""


#: Check functions by name: what the ``check`` column of the ledger may call.
CHECKS: dict[str, Callable[..., Finding]] = {}


def check(fn: Callable[..., Finding]) -> Callable[..., Finding]:
    """Register a check function under its name (decorator)."""
    CHECKS[fn.__name__] = fn
    return fn
