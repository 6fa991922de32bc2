"""Number formatting shared by prose (glue), captions and tables, so a value reads the same everywhere.

A negative value is written with the minus sign (−), not the hyphen (-), whichever function
formats it."""
from __future__ import annotations

import math

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
