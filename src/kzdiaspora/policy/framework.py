"""The legal and programme framework of the policy (the ``policy`` resource) as a timeline."""

from __future__ import annotations

import pandas as pd

from .. import data, fmt, i18n
from ..data import DataError, load
from ..i18n import N_, _, pgettext

#: Kinds of items of the policy timeline, grouped into the lanes of its chart.
KIND_GROUPS = {
    "law": N_("laws"),
    "amendment": N_("laws"),
    "concept": N_("concepts and plans"),
    "plan": N_("concepts and plans"),
    "programme": N_("programmes and projects"),
    "project": N_("programmes and projects"),
    "foundation": N_("programmes and projects"),
    "card": N_("instruments"),
    "portal": N_("instruments"),
    "visa": N_("instruments"),
    "quota": N_("instruments"),
    "forum": N_("forums"),
}


#: A month's date after its preposition in running text (``in July 2023``): one message per
#: month, as languages decline the month's name after the preposition (``в июле 2023 г.``).
IN_MONTH = (
    N_("in January {year}"),
    N_("in February {year}"),
    N_("in March {year}"),
    N_("in April {year}"),
    N_("in May {year}"),
    N_("in June {year}"),
    N_("in July {year}"),
    N_("in August {year}"),
    N_("in September {year}"),
    N_("in October {year}"),
    N_("in November {year}"),
    N_("in December {year}"),
)


#: The kinds of policy items (codes of the ``policy`` resource's ``kind``) in words.
KIND_WORDS = {
    "law": N_("law"),
    "amendment": N_("amendment"),
    "concept": N_("concept"),
    "plan": N_("plan"),
    "programme": N_("programme"),
    "project": N_("project"),
    "foundation": N_("foundation"),
    "card": N_("card"),
    "portal": N_("portal"),
    "visa": N_("visa"),
    "quota": N_("quota"),
    "forum": N_("forum"),
}


def kind_word(kind: str) -> str:
    """The kind of a policy item (``law``, ``card``: a code of the ``policy`` resource's ``kind``)
    as the page's language writes it; the code itself on an English page or when unknown."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def when_word(when: str) -> str:
    """An item's ``when`` (of :func:`timeline`: ``2022-11-15``, ``2023``) as a table shows it:
    itself (a whole day in words on a page not in English, :func:`kzdiaspora.fmt.day`), except
    ``undated`` in the page's language."""
    return _("undated") if when == "undated" else fmt.day(when)


def translated_items(items: pd.DataFrame) -> pd.DataFrame:
    """``items`` (of :func:`timeline`) with the texts a page shows of each (``title``, ``issuer``,
    ``for_diaspora``) in the page's language (:func:`kzdiaspora.data.translated`); the codes kept."""
    return data.translated(items, "policy")


def item_titles(items: pd.DataFrame) -> pd.Series:
    """The titles of ``items`` (of :func:`timeline`) in the page's language."""
    return translated_items(items[["title"]])["title"]


def _date_text(date: pd.Timestamp, precision: str) -> str:
    """A date in words as precisely as ``precision`` (day, month, year) says, in the page's
    language: ``15 November 2022``, ``July 2023``, ``2023``; ``15 ноября 2022 г.``, ``июль 2023 г.``."""
    if i18n.language() == "en":
        if precision == "day":
            return f"{date.day} {date:%B %Y}"
        return f"{date:%B} {date.year}" if precision == "month" else str(date.year)
    # Babel only on a page in another language (the English pages never import it)
    from babel.dates import format_date

    if precision == "day":
        return format_date(date, "d MMMM y 'г.'", locale=i18n.locale())
    if precision == "month":
        return format_date(date, "LLLL y 'г.'", locale=i18n.locale())
    return pgettext("date", "{year}").format(year=date.year)


def _date_phrase(when: str, text: str) -> str:
    """The date ``text`` (of :func:`_date_text`, its precision read from ``when``) after its
    preposition, for running text (``on 15 November 2022``, ``in July 2023``, ``in 2023``)."""
    if when == "undated":
        return _("at an unknown date")
    if when.count("-") == 2:
        return _("on {date}").format(date=text)
    year = when.split("-")[0]
    if when.count("-") == 1:
        return _(IN_MONTH[int(when.split("-")[1]) - 1]).format(year=year)
    return pgettext("year", "in {year}").format(year=year)


def timeline() -> pd.DataFrame:
    """The legal and programme framework (the ``policy`` resource), dated items first in date order.

    Adds ``when`` (the date as precisely as a source gives it: ``2022-11-15``, ``2023-07``,
    ``2023``, or ``undated``), ``date_text`` (the same in words: ``15 November 2022``, ``July 2023``),
    ``date_phrase`` (the date after its preposition, for running text: ``on 15 November 2022``,
    ``in July 2023``, ``in 2023``; ``at an unknown date`` when undated), ``position`` (a decimal
    year for charts: mid-month or mid-year when the day or month is unknown; empty when undated)
    and ``lane`` (see :data:`KIND_GROUPS`, translated at display). ``date_text`` and
    ``date_phrase`` are in the page's language (``15 ноября 2022 г.``, ``в июле 2023 г.``).
    """
    items = load("policy")
    unknown = sorted(set(items["kind"]) - set(KIND_GROUPS))
    if unknown:
        raise DataError(f"policy items of kind {', '.join(unknown)} have no lane in policy.KIND_GROUPS")
    when, text, position = [], [], []
    for r in items.itertuples():
        precision = None if pd.isna(r.date_precision) else r.date_precision
        if precision == "day":
            when.append(r.date.strftime("%Y-%m-%d"))
            text.append(_date_text(r.date, "day"))
            position.append(r.year + (r.date.day_of_year - 0.5) / 365.25)
        elif precision == "month":
            when.append(f"{r.year}-{int(r.month):02d}")
            text.append(_date_text(pd.Timestamp(year=int(r.year), month=int(r.month), day=1), "month"))
            position.append(r.year + (int(r.month) - 0.5) / 12)
        elif precision == "year":
            when.append(str(r.year))
            text.append(_date_text(pd.Timestamp(year=int(r.year), month=1, day=1), "year"))
            position.append(r.year + 0.5)
        else:
            when.append("undated")
            text.append(_("undated"))
            position.append(float("nan"))
    phrase = [_date_phrase(w, t) for w, t in zip(when, text)]
    items = items.assign(
        when=when, date_text=text, date_phrase=phrase, position=position, lane=items["kind"].map(KIND_GROUPS)
    )
    return items.sort_values("position", na_position="last", kind="stable").reset_index(drop=True)
