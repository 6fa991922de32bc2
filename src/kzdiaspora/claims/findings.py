"""What a check function of the claims ledger returns, and the registry of check functions.

A check function takes keyword arguments whose values are literals (as the ``check`` column of
the ledger writes its call) and returns a :class:`Finding`, or raises :class:`NotCheckable`.
The functions are in :mod:`.lookups` (a source's own value) and :mod:`.recomputations` (a
value recomputed with the chapters' library functions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Finding:
    """What a check found.

    ``value`` is our number (a pair ``(low, high)`` for a range) in ``unit``; ``inputs`` says in
    words what it was computed from or where it was read; ``sources`` are the bibliography keys of
    the data used. A ``caveat`` makes the claim differ even when the numbers agree: the source
    gives the same number for something else.
    """

    value: float | tuple[float, float]
    unit: str
    inputs: str
    sources: tuple[str, ...] = ()
    caveat: str = ""


class NotCheckable(Exception):
    """The data cannot give the number a claim needs (the message says why)."""


#: Check functions by name: what the ``check`` column of the ledger may call.
CHECKS: dict[str, Callable[..., Finding]] = {}


def check(fn: Callable[..., Finding]) -> Callable[..., Finding]:
    """Register a check function under its name (decorator)."""
    CHECKS[fn.__name__] = fn
    return fn
