"""The migration periods of the Concept of Migration Policy 2023–2027 (or any a reader chooses),
and net migration summed over them and set against the Concept's description of each."""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..data import load
from ..i18n import N_, _, ngettext


def concept_periods() -> list[tuple[int, int]]:
    """The periods of the Concept of Migration Policy 2023–2027, as section 3.1 of the article
    reports them (resource ``concept_periods``): a list of (first year, last year)."""
    periods = load("concept_periods")
    return [(int(a), int(b)) for a, b in zip(periods["first_year"], periods["last_year"])]


def concept_directions() -> dict[str, int]:
    """The direction of net migration the Concept gives each of its periods, by period label:
    +1 a net inflow, −1 a net outflow."""
    periods = load("concept_periods")
    return {label: int(d) for label, d in zip(periods["period"], periods["direction"])}


def check_periods(periods=None) -> list[tuple[int, int]]:
    """``periods`` as a list of (first year, last year), checked to be ordered and not to overlap;
    None stands for the Concept's own periods (:func:`concept_periods`)."""
    if periods is None:
        periods = concept_periods()
    out = []
    for i, period in enumerate(periods):
        try:
            first, last = (int(y) for y in period)
        except (TypeError, ValueError):
            raise ValueError(f"period {i + 1}: expected two years (first, last), got {period!r}") from None
        if first > last:
            raise ValueError(f"period {i + 1}: first year {first} is after last year {last}")
        if out and first <= out[-1][1]:
            raise ValueError(
                f"period {i + 1} ({first}–{last}) overlaps or precedes period {i} ({out[-1][0]}–{out[-1][1]})"
            )
        out.append((first, last))
    if not out:
        raise ValueError("no periods given")
    return out


def period_label(period) -> str:
    first, last = period
    return f"{first}–{last}"


def period_sums(series: pd.DataFrame, periods=None) -> pd.DataFrame:
    """Sum of ``net`` over each period, with how many of its years the series covers.

    When a year has several values (two releases that disagree), the sum is given as a range:
    ``low`` and ``high`` take the smallest and largest value of each such year; ``net`` is their
    midpoint. Columns: ``period``, ``first``, ``last``, ``years`` (in the period),
    ``years_covered``, ``net``, ``low``, ``high``, ``sign`` (+1, −1, 0, or NA when no year is
    covered), ``complete`` (every year covered).
    """
    rows = []
    for first, last in check_periods(periods):
        part = series[series.year.between(first, last)]
        per_year = part.groupby("year")["net"].agg(["min", "max"])
        low, high = per_year["min"].sum(), per_year["max"].sum()
        covered = len(per_year)
        mid = (low + high) / 2 if covered else float("nan")
        sign = pd.NA if not covered else (1 if low > 0 else -1 if high < 0 else 0 if low == high == 0 else pd.NA)
        rows.append(
            {
                "period": period_label((first, last)),
                "first": first,
                "last": last,
                "years": last - first + 1,
                "years_covered": covered,
                "net": mid,
                "low": low if covered else float("nan"),
                "high": high if covered else float("nan"),
                "sign": sign,
                "complete": covered == last - first + 1,
            }
        )
    out = pd.DataFrame(rows)
    out["sign"] = out["sign"].astype("Int64")
    return out


def against_concept(sums: pd.DataFrame, described: dict[str, int]) -> pd.DataFrame:
    """``sums`` (from :func:`period_sums`) with the Concept's direction for each period and whether they agree.

    ``described`` maps a period label to the direction the Concept gives it: +1 (net inflow),
    −1 (net outflow). A period the Concept does not describe, or whose sum has no clear sign,
    gets ``agrees`` = NA.
    """
    out = sums.copy()
    out["described"] = out["period"].map(described).astype("Int64")
    agrees = [pd.NA if pd.isna(d) or pd.isna(s) else bool(d == s) for d, s in zip(out.described, out.sign)]
    out["agrees"] = pd.array(agrees, dtype="boolean")
    return out


_DIRECTION = {1: N_("a net inflow"), -1: N_("a net outflow")}


def _sum_text(row, unit: float = 1000) -> str:
    if row.years_covered == 0:
        return "–"
    low, high = fmt.signed(row.low / unit), fmt.signed(row.high / unit)
    # releases that disagree by less than the unit shown give one figure, not a range of two equal ones
    return low if low == high else _("{low} to {high}").format(low=low, high=high)


def describe_periods(compared: pd.DataFrame, measure: str) -> str:
    """One sentence per period of :func:`against_concept`: the sum in thousands, its coverage, the verdict."""
    out = []
    for row in compared.itertuples():
        if row.years_covered == 0:
            continue
        cover = (
            ""
            if row.complete
            else ngettext(
                " (only {covered} of its {n} year is covered)",
                " (only {covered} of its {n} years are covered)",
                row.years,
            ).format(covered=row.years_covered, n=row.years)
        )
        verdict = (
            ""
            if pd.isna(row.described)
            else _(", with no clear sign")
            if pd.isna(row.agrees)
            else _(", consistent with the Concept")
            if bool(row.agrees)
            else _(", the opposite of the Concept's description")
        )
        out.append(
            _("{period}: {sum} thousand{cover}{verdict}.").format(
                period=row.period, sum=_sum_text(row), cover=cover, verdict=verdict
            )
        )
    return " ".join(out) or _("the {measure} covers none of the periods.").format(measure=measure)


def period_table(wpp: pd.DataFrame, registered: pd.DataFrame) -> pd.DataFrame:
    """The two measures' period sums (from :func:`against_concept`) side by side, formatted for reading."""

    def agree(v):
        return "–" if pd.isna(v) else _("yes") if v else _("no")

    directions = {1: _("inflow"), -1: _("outflow")}
    return pd.DataFrame(
        {
            _("period"): wpp["period"],
            _("the Concept describes"): wpp["described"].map(lambda d: directions.get(d, "–")),
            _("UN WPP sum (thousands)"): [_sum_text(r) for r in wpp.itertuples()],
            _("agrees"): wpp["agrees"].map(agree),
            _("registered sum (thousands)"): [_sum_text(r) for r in registered.itertuples()],
            _("years registered"): [
                _("{covered} of {years}").format(covered=r.years_covered, years=r.years)
                for r in registered.itertuples()
            ],
            # a second column of the same name, told apart by a trailing space
            _("agrees") + " ": registered["agrees"].map(agree),
        }
    )


def period_findings(wpp: pd.DataFrame, registered: pd.DataFrame, periods=None) -> dict[str, str]:
    """What the two measures say about the periods, as short phrases for the chapter's prose.

    ``wpp`` and ``registered`` are the yearly series (:func:`wpp_net_migration`,
    :func:`registered_balance`). Keys: ``wpp_years``, ``reg_years``, ``reg_gaps`` (years inside
    the registered span with no balance), ``wpp_worst_year``, ``wpp_worst``, ``first_period``,
    ``wpp_first_period`` (thousands), ``first_verdict``, ``wpp_by_period``, ``reg_by_period``,
    ``wpp_contradicts``, ``reg_last_years``, ``reg_uncovered``, ``reg_after``.
    """
    span = range(int(registered.year.min()), int(registered.year.max()) + 1)
    worst = wpp.loc[wpp.net.idxmin()]
    return {
        "wpp_years": f"{int(wpp.year.min())}–{int(wpp.year.max())}",
        "reg_years": f"{span.start}–{span.stop - 1}",
        "reg_gaps": ", ".join(map(str, sorted(set(span) - set(registered.year)))) or _("none"),
        "wpp_worst_year": str(int(worst.year)),
        "wpp_worst": fmt.signed(worst.net),
        **_period_verdicts(wpp, registered, check_periods(periods)),
    }


def _negative_years(found: int, negative: int, period: str) -> str:
    """How many of the registered years ``found`` in ``period`` have a negative balance, as a phrase."""
    if not found:
        return _("no registered year falls in {period}").format(period=period)
    if found == 1:
        if negative:
            return _("the one year found in {period} is negative").format(period=period)
        return _("the one year found in {period} is not negative").format(period=period)
    if negative == found:
        return ngettext(
            "all {found} year found in {period} are negative", "all {found} years found in {period} are negative", found
        ).format(found=found, period=period)
    if negative == 0:
        return ngettext(
            "none of the {found} year found in {period} is negative",
            "none of the {found} years found in {period} is negative",
            found,
        ).format(found=found, period=period)
    return ngettext(
        "{negative} of the {found} year found in {period} are negative",
        "{negative} of the {found} years found in {period} are negative",
        found,
    ).format(negative=negative, found=found, period=period)


def _period_verdicts(wpp: pd.DataFrame, registered: pd.DataFrame, chosen: list[tuple[int, int]]) -> dict[str, str]:
    """The phrases of :func:`period_findings` about the periods themselves."""
    w = against_concept(period_sums(wpp, chosen), concept_directions())
    r = against_concept(period_sums(registered, chosen), concept_directions())
    first = w.iloc[0]
    contradicted = [row.period for row in w.itertuples() if not pd.isna(row.agrees) and not bool(row.agrees)]
    last = chosen[-1]
    in_last = registered[registered.year.between(*last)].drop_duplicates("year")
    negative = int((in_last.net < 0).sum())
    after = registered[registered.year > last[1]]
    return {
        "first_period": first.period,
        "wpp_first_period": fmt.signed(first.net / 1000),
        "first_verdict": (
            _("cannot be compared with")
            if pd.isna(first.agrees)
            else _("agrees with")
            if bool(first.agrees)
            else _("contradicts")
        ),
        "wpp_by_period": describe_periods(w, _("UN estimate")),
        "reg_by_period": describe_periods(r, _("registered balance")),
        "wpp_contradicts": _(" and ").join(contradicted) or _("none of the periods"),
        "reg_last_years": _negative_years(len(in_last), negative, period_label(last)),
        "reg_uncovered": ", ".join(r.loc[r.years_covered == 0, "period"]) or _("none here"),
        "reg_after": "; ".join(
            f"{year}: " + _(" or ").join(fmt.signed(v) for v in g.net) for year, g in after.groupby("year")
        )
        or _("no year"),
    }


def year_ranges(years: list[int]) -> str:
    """Years in words, runs of consecutive years joined: ``1991–2000``, ``2001, 2002 and 2005–2010``."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return fmt.words(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def period_record(record: pd.DataFrame, periods=None) -> pd.DataFrame:
    """What the registered record (:func:`registered_record`) holds for each period: the whole
    years with a balance and the parts of years, each with its sign; never a part of a year in
    place of the year.

    Columns: ``period``, ``first``, ``last``, ``years`` (in the period), ``whole_years`` (years
    with a balance for the whole year), ``whole_years_text`` (``2011 +5,400, 2012 −1,400``; a year
    two releases disagree on gives both), ``negative_years`` and ``positive_years`` (years whose
    every release is below or above zero), ``parts`` (``Jan–Sep 2003 −11,542; ...``: parts of
    years with no whole-year balance), ``no_figure`` (years with no balance at all), ``attributed``
    (balances only attributed to the statistics office by the copy read).
    """
    rows = []
    for first, last in check_periods(periods):
        inside = record[record.year.between(first, last)]
        whole = inside[inside.whole_year]
        by_year = whole.groupby("year")["net"].agg(["min", "max"])
        parts = inside[~inside.whole_year & ~inside.year.isin(by_year.index)]
        rows.append(
            {
                "period": period_label((first, last)),
                "first": first,
                "last": last,
                "years": last - first + 1,
                "whole_years": len(by_year),
                "whole_years_text": ", ".join(
                    f"{y} " + _(" or ").join(fmt.signed(v) for v in g.net) for y, g in whole.groupby("year")
                ),
                "negative_years": int((by_year["max"] < 0).sum()),
                "positive_years": int((by_year["min"] > 0).sum()),
                "parts": "; ".join(f"{r.period} {fmt.signed(r.net)}" for r in parts.itertuples()),
                "no_figure": sorted(set(range(first, last + 1)) - set(inside.year)),
                "no_figure_text": year_ranges(sorted(set(range(first, last + 1)) - set(inside.year))),
                "attributed": "; ".join(
                    f"{r.period} {fmt.signed(r.net)}" for r in inside[inside.status == "attributed"].itertuples()
                ),
            }
        )
    return pd.DataFrame(rows)


def record_sum(record: pd.DataFrame, first: int, last: int) -> dict:
    """Kazakhstan's registered balance over the years ``first``–``last`` as far as the record
    (:func:`registered_record`) holds it, and what the months it does not hold could do to it.

    The known part adds the whole years found (a year two releases disagree on adds both values,
    as a range) and, for a year with no whole-year figure, its longest part published (its months
    only, not scaled up). Every month not covered could hold up to the largest yearly balance of
    either sign found anywhere in the record, pro rata. Returns ``low``, ``high`` (the known part),
    ``months`` and ``period_months`` (covered, in the period), ``bounds`` (low and high with the
    uncovered months at those extremes), ``extremes`` (the yearly balances used), ``whole`` and
    ``parts`` (the figures used, in words), ``sources`` (their bibliography keys).
    """
    inside = record[record.year.between(first, last)]
    whole = inside[inside.whole_year].groupby("year")["net"].agg(["min", "max"])
    parts = inside[~inside.whole_year & ~inside.year.isin(whole.index)]
    parts = parts.sort_values("months").groupby("year").tail(1).sort_values("year")  # each year's longest part
    low = float(whole["min"].sum() + parts["net"].sum())
    high = float(whole["max"].sum() + parts["net"].sum())
    months = 12 * len(whole) + int(parts["months"].sum())
    period_months = 12 * (last - first + 1)
    yearly = record[record.whole_year]["net"]
    most, least = max(float(yearly.max()), 0.0), min(float(yearly.min()), 0.0)
    open_years = (period_months - months) / 12
    return {
        "low": low,
        "high": high,
        "months": months,
        "period_months": period_months,
        "bounds": (low + open_years * least, high + open_years * most),
        "extremes": (least, most),
        "whole": ", ".join(
            f"{y} " + _(" or ").join(fmt.signed(v) for v in sorted({lo, hi})) for y, lo, hi in whole.itertuples()
        ),
        "parts": ", ".join(f"{r.period} {fmt.signed(r.net)}" for r in parts.itertuples()),
        "sources": list(
            dict.fromkeys(
                k
                for cell in pd.concat([inside[inside.whole_year].source, parts.source])
                for k in str(cell).split(";")
                if k
            )
        ),
    }
