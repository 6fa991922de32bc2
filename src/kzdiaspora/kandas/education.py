"""The education of working-age kandas beside that of the year's emigrants (section 3.1 of the
paper)."""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import DataError, load
from ..i18n import _
from ..migration import period_label
from ..policy import registered_total
from .releases import EDUCATION, label, snapshot


def emigrant_education() -> pd.DataFrame:
    """Emigrants from Kazakhstan by education in every period of the data, with each level's share.

    Columns: ``period`` (``2023``, or ``Jan–Jun 2022`` for part of a year), ``year``, ``months``,
    ``min_age`` (youngest age counted, NA when the source does not say), ``education``, ``label``,
    ``persons``, ``percent`` (of the period's emigrants with one of the four levels), ``status``,
    ``source``, ``copy_read``; whole years first, the latest first.
    """
    emi = load("emigrants_education")
    starts = [pd.Timestamp(year=y, month=1, day=1) for y in emi.year]
    ends = [pd.Timestamp(year=y, month=m, day=1) + pd.offsets.MonthEnd(0) for y, m in zip(emi.year, emi.months)]
    period = [period_label(a, b) for a, b in zip(starts, ends)]
    emi = emi.assign(period=period, label=emi.education.map(label))
    emi["percent"] = 100 * emi.persons / emi.groupby(["year", "months", "source"]).persons.transform("sum")
    order = list(EDUCATION)
    emi = emi.assign(_o=emi.education.map(order.index)).sort_values(
        ["months", "year", "_o"], ascending=[False, False, True]
    )
    return emi[
        [
            "period",
            "year",
            "months",
            "min_age",
            "education",
            "label",
            "persons",
            "percent",
            "status",
            "source",
            "copy_read",
        ]
    ].reset_index(drop=True)


#: How the two groups of :func:`education_comparison` begin (``group``, kept in English: checks
#: of the claims tell the groups apart by it; :func:`group_words` writes it for a page).
KANDAS_GROUP, EMIGRANTS_GROUP = "working-age kandas, ", "emigrants, "


def group_words(group: str) -> str:
    """A ``group`` of :func:`education_comparison` (``working-age kandas, 1 July 2024``,
    ``emigrants, 2023``) in the page's language; itself when it is neither."""
    if group.startswith(KANDAS_GROUP):
        date = pd.Timestamp(group.removeprefix(KANDAS_GROUP))
        return _("working-age kandas, {date}").format(date=fmt.date(date))
    if group.startswith(EMIGRANTS_GROUP):
        return _("emigrants, {period}").format(period=group.removeprefix(EMIGRANTS_GROUP))
    return group


def education_comparison(as_of: str, year: int) -> pd.DataFrame:
    """Education of working-age kandas at ``as_of`` next to that of the emigrants of ``year``.

    Columns: ``group``, ``education``, ``label``, ``persons`` (emigrants only; the kandas
    releases give shares), ``percent`` (of the group's total with a stated level), ``base``
    (what the percentage is a share of), ``status``, ``source``, ``copy_read``. Levels are kept as the sources
    name them: the kandas releases have "none" where the emigrant figures have "basic secondary".
    """
    kandas = snapshot(as_of, "education")
    every = emigrant_education()
    emigrants = every[every.year == year]
    if emigrants.period.nunique() != 1:
        found = ", ".join(dict.fromkeys(every.period))
        raise DataError(f"no single period of emigrants by education in {year}; the data hold {found}")
    date = pd.Timestamp(as_of)
    out = pd.concat(
        [
            _levels(
                kandas,
                kandas.category,
                f"{KANDAS_GROUP}{date.day} {date:%B %Y}",
                pd.NA,
                _("working-age kandas granted the status since 1 January"),
            ),
            _levels(
                emigrants,
                emigrants.education,
                f"{EMIGRANTS_GROUP}{emigrants.period.iloc[0]}",
                emigrants.persons,
                _("emigrants with one of the four levels stated"),
            ),
        ],
        ignore_index=True,
    )
    out = out.assign(
        label=out.education.map(label), persons=out.persons.astype("Int64"), _o=out.education.map(list(EDUCATION).index)
    )
    # the kandas first, then the emigrants (the order of the groups' codes, not of their words)
    out = out.assign(_g=out.base.map({b: i for i, b in enumerate(dict.fromkeys(out.base))}))
    out = out.sort_values(["_g", "_o"]).reset_index(drop=True)
    return out[["group", "education", "label", "persons", "percent", "base", "status", "source", "copy_read"]]


def _levels(frame: pd.DataFrame, education: pd.Series, group: str, persons, base: str) -> pd.DataFrame:
    """One group's rows of :func:`education_comparison`."""
    return pd.DataFrame(
        {
            "group": group,
            "education": education.to_numpy(),
            "persons": persons,
            "percent": frame.percent.to_numpy(),
            "base": base,
            "status": frame.status.to_numpy(),
            "source": frame.source.to_numpy(),
            "copy_read": frame.copy_read.to_numpy(),
        }
    )


def emigrant_figures(as_of: str, year: int) -> dict[str, float]:
    """The education comparison of section 3.1 in numbers (see :func:`education_comparison`).

    Counts: ``higher_n``, ``vocational_n``, ``stated`` (emigrants with one of the four levels),
    ``registered`` (all registered departures of the same months, NaN if unknown). Percentages:
    ``higher`` and ``higher_vocational`` (of ``stated``), ``kandas_higher_vocational`` (of the
    working-age kandas), ``coverage`` (stated / registered) and ``higher_vocational_all``
    (higher + vocational emigrants / registered).
    """
    comp = education_comparison(as_of, year)
    kandas_group, emigrants_group = dict.fromkeys(comp.group)  # the kandas first (education_comparison)
    emi = comp[comp.group == emigrants_group].set_index("education")
    kan = comp[comp.group == kandas_group].set_index("education")
    both = ["higher", "vocational-secondary"]
    stated = float(emi.persons.sum())
    every = emigrant_education()
    months = int(every.loc[every.year == year, "months"].iloc[0])  # one period: education_comparison checked
    total = registered_total(year, "emigration", months)
    total = float(total) if total else float("nan")
    return {
        "higher_n": float(emi.persons["higher"]),
        "vocational_n": float(emi.persons["vocational-secondary"]),
        "stated": stated,
        "registered": total,
        "higher": float(emi.percent["higher"]),
        "higher_vocational": float(emi.percent[both].sum()),
        "kandas_higher_vocational": float(kan.percent[both].sum()),
        "coverage": 100 * stated / total,
        "higher_vocational_all": 100 * float(emi.persons[both].sum()) / total,
    }
