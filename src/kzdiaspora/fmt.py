"""Number formatting shared by prose (glue), captions and tables, so a value reads the same everywhere.

A negative value is written with the minus sign (−), not the hyphen (-), whichever function
formats it."""

from __future__ import annotations

import calendar
import math
import re

import pandas as pd


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _minus(text: str) -> str:
    """The minus sign in place of a leading hyphen (``-2.1`` -> ``−2.1``); ``-0.0`` reads ``0.0``."""
    if not text.startswith("-"):
        return text
    return text[1:] if not text.strip("-0.,") else "−" + text[1:]


def count(value, *, unit: str = "") -> str:
    """A head count or other whole number: ``821,200``."""
    if _missing(value):
        return "–"
    text = _minus(f"{round(float(value)):,}")
    return f"{text} {unit}".strip()


def number(value, digits: int = 1, *, unit: str = "") -> str:
    """A decimal number with a fixed number of digits: ``5.2``, ``−2.1``."""
    if _missing(value):
        return "–"
    text = _minus(f"{float(value):,.{digits}f}")
    return f"{text} {unit}".strip()


def pct(value, digits: int = 1) -> str:
    """A percentage given in percent (not as a fraction): ``pct(2.255) == '2.3 %'``, ``pct(-2.1) == '−2.1 %'``."""
    if _missing(value):
        return "–"
    return f"{_minus(f'{float(value):,.{digits}f}')} %"


def signed(value, digits: int = 0) -> str:
    """A change or balance with its sign: ``+9,293`` / ``−21,623`` (true minus sign)."""
    if _missing(value):
        return "–"
    text = f"{abs(float(value)):,.{digits}f}"
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def millions(value, digits: int = 1) -> str:
    """A large count in millions: ``millions(5_000_000) == '5.0 million'``."""
    if _missing(value):
        return "–"
    return f"{_minus(f'{float(value) / 1e6:,.{digits}f}')} million"


def words(items, conjunction: str = "and") -> str:
    """A list in running text: ``words(["A", "B", "C"]) == 'A, B and C'``; ``'none'`` if empty."""
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def share(value) -> str:
    """A share of a population (per cent) with two decimals, or with as many as show two
    significant digits when it is smaller than 0.1: ``share(2.255) == '2.26 %'``,
    ``share(0.0203) == '0.020 %'``."""
    if _missing(value):
        return "–"
    digits = 2 if value >= 0.1 else 1 - math.floor(math.log10(value))
    return pct(value, digits)


def decimals(printed: float) -> int:
    """How many decimals a printed figure has: ``decimals(0.52) == 2``, ``decimals(5.0) == 0``."""
    text = repr(float(printed))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


#: How a source's qualifier of a value (``approximation`` in the data) reads in front of it.
QUALIFIERS = {"exact": "", "rounded": "", "about": "≈", "more-than": ">", "up-to": "≤"}


def approx(value, approximation: str, format=count) -> str:
    """A value with its qualifier, formatted by ``format``: ``≈35,000``, ``>2,000``, ``821,200``."""
    return f"{QUALIFIERS.get(approximation, '')}{format(value)}"


def when(year, precision: str) -> str:
    """A reference year as a reader should see it (``precision`` as in the data): ``2021``,
    ``c. 2024``."""
    return f"c. {year}" if precision == "circa" else str(year)


def pct_range(low, high, digits: int = 1, *, between: bool = False) -> str:
    """A percentage bounded by ``low`` and ``high`` (either may be missing) in words: ``12.4–17.3 %``,
    ``at most 28.9 %``, ``at least 17.3 %``, ``19.3 %``; with ``between``, a range reads
    ``between 12.4 and 17.3 %`` (for running text after "is")."""
    if _missing(low) and _missing(high):
        return "–"
    if _missing(low):
        return f"at most {pct(high, digits)}"
    if _missing(high):
        return f"at least {pct(low, digits)}"
    if number(low, digits) == number(high, digits):
        return pct(low, digits)
    if between:
        return f"between {number(low, digits)} and {pct(high, digits)}"
    return f"{number(low, digits)}–{pct(high, digits)}"


def millions_range(low, high, qualifier: str) -> str:
    """A head count known as a point, a bound or a range, in millions: ``about 5.0 million``,
    ``more than 5.0 million``, ``up to 7.0 million``, ``4.5–5.0 million``."""
    if qualifier == "more-than":
        return f"more than {millions(low)}"
    if qualifier == "up-to":
        return f"up to {millions(high)}"
    if qualifier == "range":
        return f"{number(low / 1e6)}–{millions(high)}"
    return f"about {millions(low)}"


#: How a value in each unit of the claims ledger reads after its number.
_UNIT_WORDS = {
    "percent": "{} %",
    "million-persons": "{} million",
    "thousand-persons": "{} thousand",
    "one-in-n": "one in {}",
}


def quantity(value, unit: str, digits: int) -> str:
    """A value in a unit of the claims ledger: head counts, counts and ranks whole (``821,200``),
    a sign in words (``positive``), other numbers with ``digits`` decimals and their unit
    (``17.24 %``, ``5.0 million``); a pair ``(low, high)`` as a range."""
    if value is None:
        return "–"
    if isinstance(value, tuple):
        return "–".join(quantity(v, unit, digits) for v in value)
    if unit == "sign":
        return "positive" if value > 0 else "negative" if value < 0 else "zero"
    if unit in ("persons", "count", "rank"):
        return count(value)
    return _UNIT_WORDS.get(unit, "{}").format(number(value, digits))


_RELEASE = re.compile(r"wdi-(\d{4})-(\d{2})")
_WPP = re.compile(r"wpp-(\d{4})")


def release(vintage: str) -> str:
    """A vintage of the total populations in words: ``wdi-2024-12`` → ``World Bank data as of
    December 2024``, ``wpp-2024`` → ``UN World Population Prospects 2024``.

    Raises ValueError for a name that is neither ``wdi-<year>-<month>`` nor ``wpp-<year>``."""
    if match := _WPP.fullmatch(str(vintage)):
        return f"UN World Population Prospects {match[1]}"
    match = _RELEASE.fullmatch(str(vintage))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{vintage!r} is not a World Bank release (wdi-<year>-<month>) nor a UN one (wpp-<year>)")
    return f"World Bank data as of {calendar.month_name[int(match[2])]} {match[1]}"


#: Each row status of the data (``kzdiaspora.data.STATUSES``) as a reader sees it on a page; the
#: codes stay in the downloads and the data dictionary.
STATUS_WORDS = {
    "official": "official figure",
    "census": "census",
    "estimate": "estimate",
    "model": "UN model",
    "attributed": "reported by others",
    "derived": "computed here",
    "stated-by-authors": "only in the article",
    "inferred": "inferred from the article",
}


def status(code: str) -> str:
    """A row status in plain words: ``stated-by-authors`` → ``only in the article``.

    Raises KeyError for a code that is not a status of the data."""
    return STATUS_WORDS[code]
