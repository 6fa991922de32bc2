"""Number formatting shared by prose (glue), captions and tables, so a value reads the same everywhere.

A negative value is written with the minus sign (−), not the hyphen (-), whichever function
formats it.

Every function writes in the page's language (:func:`kzdiaspora.i18n.language`). In English the
output is the edition's own style (``−3,052``, ``33.8 %``, ``5.0 million``, ``30 November 2022``).
In Russian the digits are grouped and the decimal mark set by Babel's ``ru`` locale (group
separator: the no-break space U+00A0, decimal comma), the minus sign stays U+2212, and a unit or
the per cent sign follows its number after a no-break space: ``−3 052``, ``33,8 %``,
``5,0 млн``, ``30 ноября 2022 г.`` (Babel's long date, a no-break space before «г.»). A
value is rounded once, the same way in every language (Python's rounding of the binary
value), so a page and its translation never show different digits. Years are never grouped
(``2022``, not ``2 022``). The words around the numbers (``million``, ``at most``, the
statuses) come from the library's catalog."""

from __future__ import annotations

import calendar
import datetime
import math
import re
from decimal import Decimal

import pandas as pd

from .i18n import N_, language
from .i18n import gettext as _

#: The separator between a number and its unit or per cent sign on a Russian page (no-break space).
NBSP = "\u00a0"


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _minus(text: str) -> str:
    """The minus sign in place of a leading hyphen (``-2.1`` -> ``−2.1``); ``-0.0`` reads ``0.0``."""
    if not text.startswith("-"):
        return text
    return text[1:] if not text.strip("-0.,") else "−" + text[1:]


def _russian() -> bool:
    return language() != "en"


def _localised(english: str) -> str:
    """A number written in English (``-3,052.4``: grouped with commas, decimal point, a leading
    hyphen or minus) rewritten by Babel for the page's language, same digits, no rounding again;
    then the minus sign as :func:`_minus` gives it."""
    if not _russian():
        return english
    # Babel only on a page not in English: the English kernels never import it
    from babel.numbers import format_decimal

    plain = english.replace(",", "").replace("−", "-")
    digits = len(plain.split(".")[1]) if "." in plain else 0
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _minus(format_decimal(Decimal(plain), format=pattern, locale=language()))


def _unit(text: str, unit: str) -> str:
    """``text`` followed by ``unit`` (if any): a space in English, a no-break space in Russian."""
    if not unit:
        return text
    return f"{text} {unit}" if not _russian() else f"{text}{NBSP}{unit}"


def count(value, *, unit: str = "") -> str:
    """A head count or other whole number: ``821,200`` (Russian ``821 200``); ``unit`` (already
    in the page's language) after it. ``–`` for a missing value."""
    if _missing(value):
        return "–"
    text = _localised(_minus(f"{round(float(value)):,}"))
    return _unit(text, unit).strip()


def number(value, digits: int = 1, *, unit: str = "") -> str:
    """A decimal number with a fixed number of digits: ``5.2``, ``−2.1`` (Russian ``5,2``,
    ``−2,1``)."""
    if _missing(value):
        return "–"
    text = _localised(_minus(f"{float(value):,.{digits}f}"))
    return _unit(text, unit).strip()


def pct(value, digits: int = 1) -> str:
    """A percentage given in percent (not as a fraction): ``pct(2.255) == '2.3 %'``, ``pct(-2.1) == '−2.1 %'``
    (Russian ``2,3 %``, with a no-break space)."""
    if _missing(value):
        return "–"
    return _unit(_localised(_minus(f"{float(value):,.{digits}f}")), "%")


def signed(value, digits: int = 0) -> str:
    """A change or balance with its sign: ``+9,293`` / ``−21,623`` (true minus sign; Russian
    ``+9 293``)."""
    if _missing(value):
        return "–"
    text = _localised(f"{abs(float(value)):,.{digits}f}")
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def millions(value, digits: int = 1) -> str:
    """A large count in millions: ``millions(5_000_000) == '5.0 million'`` (Russian ``5,0 млн``)."""
    if _missing(value):
        return "–"
    return _in_millions(_localised(_minus(f"{float(value) / 1e6:,.{digits}f}")))


def _in_millions(number_text: str) -> str:
    if not _russian():
        return f"{number_text} million"
    return _("{number} million").format(number=number_text).replace(" ", NBSP, 1)


#: The words joining the last two items of a list, as :func:`words` takes them.
CONJUNCTIONS = {"and": N_("and"), "or": N_("or")}


def words(items, conjunction: str = "and") -> str:
    """A list in running text: ``words(["A", "B", "C"]) == 'A, B and C'`` (Russian ``A, B и C``);
    ``'none'`` (``нет``) if empty. ``conjunction``: ``"and"``, ``"or"`` or other English words,
    translated through the catalog."""
    items = [str(i) for i in items]
    if not items:
        return _("none")
    if len(items) == 1:
        return items[0]
    joined = _(CONJUNCTIONS.get(conjunction, conjunction)) if _russian() else conjunction
    return f"{', '.join(items[:-1])} {joined} {items[-1]}"


def year(value) -> str:
    """A year as a reader sees it, never grouped in any language: ``2022``; ``–`` if missing."""
    if _missing(value):
        return "–"
    return str(int(value))


def date(value, *, with_year: bool = True) -> str:
    """A day in the page's language: ``30 November 2022`` (English, the edition's style),
    ``30 ноября 2022 г.`` (Russian, Babel's long date); without the year ``30 November`` /
    ``30 ноября``. ``value``: a date, datetime, pandas Timestamp or ISO text; ``–`` if missing."""
    if _missing(value) or value is pd.NaT:
        return "–"
    day = pd.Timestamp(value).date()
    if not _russian():
        return f"{day.day} {calendar.month_name[day.month]}" + (f" {day.year}" if with_year else "")
    # Babel only on a page not in English (see _localised)
    from babel.dates import format_date

    # one no-break space throughout the edition: CLDR puts a narrow one before «г.»
    return format_date(day, format="long" if with_year else "d MMMM", locale=language()).replace("\u202f", NBSP)


def day(value) -> str:
    """A day where the English edition writes it as data (``2024-07-01``, ISO 8601: tables,
    data references such as "release to 2024-07-01"): ISO in English, unchanged; in another
    language the words a reader reads, as :func:`date` writes them (``1 июля 2024 г.``).
    ``value``: a date, datetime, pandas Timestamp or ISO text; a month (``2023-07``) as :func:`month`
    writes it there; other text (a year) comes back as it is; ``–`` if missing."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return month(value) if _russian() else value
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # a year, or not a date: as it is
    if _missing(value) or value is pd.NaT:
        return "–"
    if not _russian():
        return value if isinstance(value, str) else f"{pd.Timestamp(value):%Y-%m-%d}"
    return date(value)


def month_abbreviations() -> list[str]:
    """The twelve months, January first, as a chart's axis names them in the page's language:
    Babel's abbreviated stand-alone names (``Jan``, ``янв.``)."""
    if not _russian():
        return list(calendar.month_abbr)[1:]
    # Babel only on a page not in English (see _localised)
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="stand-alone", locale=language())
    return [names[m] for m in range(1, 13)]


def month(value) -> str:
    """A month of a year in the page's language: ``November 2022``, ``ноябрь 2022 г.``
    (Babel's stand-alone month name). ``value`` as for :func:`date`; ``–`` if missing."""
    if _missing(value) or value is pd.NaT:
        return "–"
    day = pd.Timestamp(value).date()
    if not _russian():
        return f"{calendar.month_name[day.month]} {day.year}"
    # Babel only on a page not in English (see _localised)
    from babel.dates import format_date

    return _("{month} {year}").format(month=format_date(day, format="LLLL", locale=language()), year=day.year)


def share(value) -> str:
    """A share of a population (per cent) with two decimals, or with as many as show two
    significant digits when it is smaller than 0.1: ``share(2.256) == '2.26 %'``,
    ``share(0.0203) == '0.020 %'`` (Russian ``2,26 %``)."""
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
    """A value with its qualifier (a symbol, the same in every language), formatted by
    ``format``: ``≈35,000``, ``>2,000``, ``821,200``."""
    return f"{QUALIFIERS.get(approximation, '')}{format(value)}"


def when(year, precision: str) -> str:
    """A reference year as a reader should see it (``precision`` as in the data): ``2021``,
    ``c. 2024`` (Russian ``ок. 2024``); never grouped."""
    return _("c. {year}").format(year=year) if precision == "circa" else str(year)


def pct_range(low, high, digits: int = 1, *, between: bool = False) -> str:
    """A percentage bounded by ``low`` and ``high`` (either may be missing) in words: ``12.4–17.3 %``,
    ``at most 28.9 %``, ``at least 17.3 %``, ``19.3 %``; with ``between``, a range reads
    ``between 12.4 and 17.3 %`` (for running text after "is")."""
    if _missing(low) and _missing(high):
        return "–"
    if _missing(low):
        return _("at most {value}").format(value=pct(high, digits))
    if _missing(high):
        return _("at least {value}").format(value=pct(low, digits))
    if number(low, digits) == number(high, digits):
        return pct(low, digits)
    if between:
        return _("between {low} and {high}").format(low=number(low, digits), high=pct(high, digits))
    return f"{number(low, digits)}–{pct(high, digits)}"


def millions_range(low, high, qualifier: str) -> str:
    """A head count known as a point, a bound or a range, in millions: ``about 5.0 million``,
    ``more than 5.0 million``, ``up to 7.0 million``, ``4.5–5.0 million``."""
    if qualifier == "more-than":
        return _("more than {value}").format(value=millions(low))
    if qualifier == "up-to":
        return _("up to {value}").format(value=millions(high))
    if qualifier == "range":
        return f"{number(low / 1e6)}–{millions(high)}"
    return _("about {value}").format(value=millions(low))


#: How a value in each unit of the claims ledger reads after its number.
_UNIT_WORDS = {
    "percent": "{} %",
    "million-persons": N_("{} million"),
    "thousand-persons": N_("{} thousand"),
    "one-in-n": N_("one in {}"),
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
        return _("positive") if value > 0 else _("negative") if value < 0 else _("zero")
    if unit in ("persons", "count", "rank"):
        return count(value)
    text = _UNIT_WORDS.get(unit, "{}")
    if _russian():
        text = _(text).replace(" ", NBSP) if unit in ("percent", "million-persons", "thousand-persons") else _(text)
    return text.format(number(value, digits))


_RELEASE = re.compile(r"wdi-(\d{4})-(\d{2})")
_WPP = re.compile(r"wpp-(\d{4})")


def release(vintage: str) -> str:
    """A vintage of the total populations in words: ``wdi-2024-12`` → ``World Bank data as of
    December 2024``, ``wpp-2024`` → ``UN World Population Prospects 2024``.

    Raises ValueError for a name that is neither ``wdi-<year>-<month>`` nor ``wpp-<year>``."""
    if match := _WPP.fullmatch(str(vintage)):
        return _("UN World Population Prospects {year}").format(year=match[1])
    match = _RELEASE.fullmatch(str(vintage))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{vintage!r} is not a World Bank release (wdi-<year>-<month>) nor a UN one (wpp-<year>)")
    if not _russian():
        return f"World Bank data as of {calendar.month_name[int(match[2])]} {match[1]}"
    first = datetime.date(int(match[1]), int(match[2]), 1)
    return _("World Bank data as of {month_year}").format(month_year=month(first))


#: Each row status of the data (``kzdiaspora.data.STATUSES``) as a reader sees it on a page; the
#: codes stay in the downloads and the data dictionary.
#: The words are in English: :func:`status` gives them in the page's language.
STATUS_WORDS = {
    "official": N_("official figure"),
    "census": N_("census"),
    "estimate": N_("estimate"),
    "model": N_("UN model"),
    "attributed": N_("reported by others"),
    "derived": N_("computed here"),
    "stated-by-authors": N_("only in the article"),
    "inferred": N_("inferred from the article"),
}


def status(code: str) -> str:
    """A row status in plain words, in the page's language: ``stated-by-authors`` → ``only in
    the article`` (``только в статье``).

    Raises KeyError for a code that is not a status of the data."""
    return _(STATUS_WORDS[code])
