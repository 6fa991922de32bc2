"""Kazakhstan's migration policy (paper section 3.1): its framework and the migration periods.

Two different measures of Kazakhstan's net migration are kept apart:

* :func:`wpp_net_migration`: the UN World Population Prospects 2024, a *model* estimate for every
  year since 1990 that balances the population accounts;
* :func:`registered_balance`: arrivals minus departures registered by the statistics bureau,
  for the years since 2017 for which its releases were found.

:func:`period_sums` adds either of them up over the migration periods that the Concept of
Migration Policy 2023–2027 describes (or any other periods a reader chooses), and
:func:`against_concept` sets the sign of each sum against the Concept's description.
"""
from __future__ import annotations

import pandas as pd

from .data import DataError, load

__all__ = ["concept_periods", "concept_directions", "SERIES", "KIND_GROUPS", "migration_chart", "timeline_chart",
           "describe_periods", "period_table", "period_findings", "registered_total", "net_migration",
           "describe_migration", "check_periods", "period_label", "wpp_net_migration", "registered_balance",
           "period_sums", "against_concept", "timeline"]

def concept_periods() -> list[tuple[int, int]]:
    """The periods of the Concept of Migration Policy 2023–2027, as section 3.1 of the paper
    reports them (resource ``concept_periods``): a list of (first year, last year)."""
    periods = load("concept_periods")
    return [(int(a), int(b)) for a, b in zip(periods["first_year"], periods["last_year"])]


def concept_directions() -> dict[str, int]:
    """The direction of net migration the Concept gives each of its periods, by period label:
    +1 a net inflow, −1 a net outflow."""
    periods = load("concept_periods")
    return {label: int(d) for label, d in zip(periods["period"], periods["direction"])}

#: Kinds of items of the policy timeline, grouped into the lanes of its chart.
KIND_GROUPS = {
    "law": "laws", "amendment": "laws",
    "concept": "concepts and plans", "plan": "concepts and plans",
    "programme": "programmes and projects", "project": "programmes and projects", "foundation": "programmes and projects",
    "card": "instruments", "portal": "instruments", "visa": "instruments", "quota": "instruments",
    "forum": "forums",
}

#: The two measures of net migration, by the name a chapter's parameter uses.
SERIES = {
    "wpp": "UN World Population Prospects 2024 (model estimate)",
    "registered": "Registered by the statistics bureau (arrivals minus departures)",
}


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
            raise ValueError(f"period {i + 1} ({first}–{last}) overlaps or precedes period {i} "
                             f"({out[-1][0]}–{out[-1][1]})")
        out.append((first, last))
    if not out:
        raise ValueError("no periods given")
    return out


def period_label(period) -> str:
    first, last = period
    return f"{first}–{last}"


def wpp_net_migration(iso3: str = "KAZ") -> pd.DataFrame:
    """UN WPP 2024 net migration of one country, in persons per calendar year (model estimate).

    Columns: ``year``, ``net`` (persons), ``series`` (``wpp``), ``source``, ``copy_read``, ``status``.
    """
    wpp = load("wpp_net_migration")
    wpp = wpp[wpp.iso3 == iso3]
    if wpp.empty:
        raise DataError(f"no WPP net migration for {iso3!r}")
    return pd.DataFrame({
        "year": wpp.year.astype(int), "net": (wpp.net_migration_thousands * 1000).astype(float),
        "series": "wpp", "source": wpp.source, "copy_read": wpp.copy_read, "status": wpp.status,
    }).sort_values("year").reset_index(drop=True)


def registered_balance() -> pd.DataFrame:
    """Kazakhstan's registered migration balance per calendar year, from the releases found.

    For each year, the balance is the net figure a release publishes, or else arrivals minus
    departures (from one release, or from two releases when none gives both). Releases giving
    the same balance are merged; two releases that disagree give two rows for the year. A release
    is a source read in one copy (the bureau's periodic release, as one news item quotes it). A year
    with only one of the two flows has no row: it is a gap. Columns: ``year``, ``immigration``,
    ``emigration``, ``net`` (persons), ``basis``, ``approximation`` (exact, or rounded when any
    figure used was rounded), ``series`` (``registered``), ``source`` and ``copy_read`` (citation
    keys, ``;`` between several), ``status``.
    """
    mig = load("external_migration")
    mig = mig[(mig.reporter_iso3 == "KAZ") & mig.partner_iso3.isna() & (mig.ethnicity == "all")
              & mig.persons.notna()]
    whole = ((mig.period_start.dt.month == 1) & (mig.period_start.dt.day == 1)
             & (mig.period_end.dt.month == 12) & (mig.period_end.dt.day == 31)
             & (mig.period_start.dt.year == mig.period_end.dt.year))
    mig = mig[whole].assign(year=lambda f: f.period_start.dt.year.astype(int))
    rows = []
    for year, group in mig.groupby("year", sort=True):
        candidates = []
        for release_id, release in group.groupby(["source", "copy_read"], sort=False, dropna=False):
            value = dict(zip(release.flow, release.persons.astype(int)))
            rounded = bool((release.approximation != "exact").any())
            if "net" in value:
                candidates.append((value["net"], "published balance", value.get("immigration"),
                                   value.get("emigration"), rounded, [release_id]))
            elif "immigration" in value and "emigration" in value:
                candidates.append((value["immigration"] - value["emigration"], "arrivals minus departures",
                                   value["immigration"], value["emigration"], rounded, [release_id]))
        if not candidates:
            imm, emi = group[group.flow == "immigration"], group[group.flow == "emigration"]
            if imm.empty or emi.empty:
                continue
            i, e = imm.iloc[0], emi.iloc[0]
            candidates.append((int(i.persons) - int(e.persons), "arrivals minus departures, two releases",
                               int(i.persons), int(e.persons),
                               i.approximation != "exact" or e.approximation != "exact",
                               [(i.source, i.copy_read), (e.source, e.copy_read)]))
        merged: dict[int, list] = {}
        for net, basis, imm, emi, rounded, sources in candidates:
            if net in merged:
                entry = merged[net]
                entry[5] = entry[5] + [s for s in sources if s not in entry[5]]
                entry[2] = entry[2] if entry[2] is not None else imm
                entry[3] = entry[3] if entry[3] is not None else emi
            else:
                merged[net] = [net, basis, imm, emi, rounded, list(sources)]
        for net, basis, imm, emi, rounded, releases in merged.values():
            rows.append({"year": year, "immigration": imm, "emigration": emi, "net": float(net), "basis": basis,
                         "approximation": "rounded" if rounded else "exact", "series": "registered",
                         "source": _joined(s for s, _ in releases), "copy_read": _joined(c for _, c in releases),
                         "status": "official"})
    out = pd.DataFrame(rows)
    for col in ("immigration", "emigration"):
        out[col] = out[col].astype("Int64")
    return out.sort_values(["year", "net"]).reset_index(drop=True)


def _joined(keys) -> str:
    """Citation keys (missing ones skipped), each once, separated by ``;``."""
    return ";".join(dict.fromkeys(k for k in keys if isinstance(k, str) and k))


def registered_total(year: int, flow: str = "emigration", months: int = 12) -> int | None:
    """Kazakhstan's registered national total of ``flow`` (immigration or emigration) for the first
    ``months`` months of ``year`` (12: the calendar year).

    None when no release gives it; an error when releases disagree (the caller must choose).
    """
    mig = load("external_migration")
    end = pd.Timestamp(year=year, month=months, day=1) + pd.offsets.MonthEnd(0)
    rows = mig[(mig.reporter_iso3 == "KAZ") & mig.partner_iso3.isna() & (mig.flow == flow) & (mig.ethnicity == "all")
               & (mig.period_start == pd.Timestamp(year=year, month=1, day=1)) & (mig.period_end == end)]
    values = sorted(set(rows.persons.dropna().astype(int)))
    if len(values) > 1:
        raise DataError(f"releases disagree on the registered {flow} of {year} (first {months} months): {values}")
    return values[0] if values else None


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
        rows.append({"period": period_label((first, last)), "first": first, "last": last,
                     "years": last - first + 1, "years_covered": covered, "net": mid,
                     "low": low if covered else float("nan"), "high": high if covered else float("nan"),
                     "sign": sign, "complete": covered == last - first + 1})
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


_DIRECTION = {1: "a net inflow", -1: "a net outflow"}


def _sum_text(row, unit: float = 1000) -> str:
    from . import fmt

    if row.years_covered == 0:
        return "–"
    if row.low == row.high:
        return fmt.signed(row.net / unit)
    return f"{fmt.signed(row.low / unit)} to {fmt.signed(row.high / unit)}"


def describe_periods(compared: pd.DataFrame, measure: str) -> str:
    """One sentence per period of :func:`against_concept`: the sum in thousands, its coverage, the verdict."""
    out = []
    for row in compared.itertuples():
        if row.years_covered == 0:
            continue
        cover = "" if row.complete else f" (only {row.years_covered} of its {row.years} years are covered)"
        verdict = ("" if pd.isna(row.described) else
                   ", with no clear sign" if pd.isna(row.agrees) else
                   ", consistent with the Concept" if bool(row.agrees) else
                   ", the opposite of the Concept's description")
        out.append(f"{row.period}: {_sum_text(row)} thousand{cover}{verdict}.")
    return " ".join(out) or f"the {measure} covers none of the periods."


def period_table(wpp: pd.DataFrame, registered: pd.DataFrame) -> pd.DataFrame:
    """The two measures' period sums (from :func:`against_concept`) side by side, formatted for reading."""
    def agree(v):
        return "–" if pd.isna(v) else "yes" if v else "no"

    return pd.DataFrame({
        "period": wpp["period"],
        "the Concept describes": wpp["described"].map(lambda d: {1: "inflow", -1: "outflow"}.get(d, "–")),
        "UN WPP sum (thousands)": [_sum_text(r) for r in wpp.itertuples()],
        "agrees": wpp["agrees"].map(agree),
        "registered sum (thousands)": [_sum_text(r) for r in registered.itertuples()],
        "years registered": [f"{r.years_covered} of {r.years}" for r in registered.itertuples()],
        "agrees ": registered["agrees"].map(agree),
    })


def period_findings(wpp: pd.DataFrame, registered: pd.DataFrame, periods=None) -> dict[str, str]:
    """What the two measures say about the periods, as short phrases for the chapter's prose.

    ``wpp`` and ``registered`` are the yearly series (:func:`wpp_net_migration`,
    :func:`registered_balance`). Keys: ``wpp_years``, ``reg_years``, ``reg_gaps`` (years inside
    the registered span with no balance), ``wpp_worst_year``, ``wpp_worst``, ``first_period``,
    ``wpp_first_period`` (thousands), ``first_verdict``, ``wpp_by_period``, ``reg_by_period``,
    ``wpp_contradicts``, ``reg_last_years``, ``reg_uncovered``, ``reg_after``.
    """
    from . import fmt

    chosen = check_periods(periods)
    w = against_concept(period_sums(wpp, chosen), concept_directions())
    r = against_concept(period_sums(registered, chosen), concept_directions())
    span = range(int(registered.year.min()), int(registered.year.max()) + 1)
    gaps = sorted(set(span) - set(registered.year))
    worst = wpp.loc[wpp.net.idxmin()]
    first = w.iloc[0]
    contradicted = [row.period for row in w.itertuples() if not pd.isna(row.agrees) and not bool(row.agrees)]
    last = chosen[-1]
    in_last = registered[registered.year.between(*last)].drop_duplicates("year")
    negative = int((in_last.net < 0).sum())
    after = registered[registered.year > last[1]]
    return {
        "wpp_years": f"{int(wpp.year.min())}–{int(wpp.year.max())}",
        "reg_years": f"{span.start}–{span.stop - 1}",
        "reg_gaps": ", ".join(map(str, gaps)) or "none",
        "wpp_worst_year": str(int(worst.year)),
        "wpp_worst": fmt.signed(worst.net),
        "first_period": first.period,
        "wpp_first_period": fmt.signed(first.net / 1000),
        "first_verdict": ("cannot be compared with" if pd.isna(first.agrees) else
                          "agrees with" if bool(first.agrees) else "contradicts"),
        "wpp_by_period": describe_periods(w, "UN estimate"),
        "reg_by_period": describe_periods(r, "registered balance"),
        "wpp_contradicts": " and ".join(contradicted) or "none of the periods",
        "reg_last_years": (f"of the {len(in_last)} years found in {period_label(last)}, {negative} "
                           f"{'is' if negative == 1 else 'are'} negative") if len(in_last) else
                          f"no registered year falls in {period_label(last)}",
        "reg_uncovered": ", ".join(r.loc[r.years_covered == 0, "period"]) or "none here",
        "reg_after": "; ".join(f"{year}: " + " or ".join(fmt.signed(v) for v in g.net)
                               for year, g in after.groupby("year")) or "no year",
    }


def net_migration(series: str = "both", iso3: str = "KAZ") -> pd.DataFrame:
    """The net-migration series a chapter shows: ``wpp``, ``registered`` or ``both`` (stacked)."""
    if series not in ("wpp", "registered", "both"):
        raise ValueError(f"series must be 'wpp', 'registered' or 'both', not {series!r}")
    parts = []
    if series in ("wpp", "both"):
        parts.append(wpp_net_migration(iso3))
    if series in ("registered", "both"):
        if iso3 != "KAZ":
            raise ValueError("the registered balance is only available for Kazakhstan (KAZ)")
        parts.append(registered_balance())
    return pd.concat(parts, ignore_index=True)


def describe_migration(shown: pd.DataFrame, periods=None) -> str:
    """A text description of :func:`migration_chart` for screen readers, from the data it plots."""
    from . import fmt

    parts = []
    wpp = shown[shown.series == "wpp"]
    if len(wpp):
        worst = wpp.loc[wpp.net.idxmin()]
        best = wpp.loc[wpp.net.idxmax()]
        parts.append(f"UN WPP model estimate for {len(wpp)} years, {int(wpp.year.min())}–{int(wpp.year.max())}, "
                     f"lowest {fmt.signed(worst.net)} in {int(worst.year)}, highest {fmt.signed(best.net)} in {int(best.year)}")
    reg = shown[shown.series == "registered"]
    if len(reg):
        parts.append("registered balance " + ", ".join(f"{int(r.year)} {fmt.signed(r.net)}" for r in reg.itertuples()))
    return ("Net migration of Kazakhstan by year, on one axis: " + "; ".join(parts)
            + ". Shaded periods: " + ", ".join(period_label(p) for p in check_periods(periods)) + ".")


def timeline() -> pd.DataFrame:
    """The legal and programme framework (the ``policy`` resource), dated items first in date order.

    Adds ``when`` (the date as precisely as a source gives it: ``2022-11-15``, ``2023-07``,
    ``2023``, or ``undated``), ``date_text`` (the same in words: ``15 November 2022``, ``July 2023``),
    ``date_phrase`` (the date after its preposition, for running text: ``on 15 November 2022``,
    ``in July 2023``, ``in 2023``; ``at an unknown date`` when undated), ``position`` (a decimal year for charts: mid-month or mid-year
    when the day or month is unknown; empty when undated) and ``lane`` (see :data:`KIND_GROUPS`).
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
            text.append(f"{r.date.day} {r.date:%B %Y}")
            position.append(r.year + (r.date.day_of_year - 0.5) / 365.25)
        elif precision == "month":
            when.append(f"{r.year}-{int(r.month):02d}")
            text.append(f"{pd.Timestamp(year=int(r.year), month=int(r.month), day=1):%B} {r.year}")
            position.append(r.year + (int(r.month) - 0.5) / 12)
        elif precision == "year":
            when.append(str(r.year))
            text.append(str(r.year))
            position.append(r.year + 0.5)
        else:
            when.append("undated")
            text.append("undated")
            position.append(float("nan"))
    phrase = [f"on {t}" if w.count("-") == 2 else "at an unknown date" if w == "undated" else f"in {t}"
              for w, t in zip(when, text)]
    items = items.assign(when=when, date_text=text, date_phrase=phrase, position=position,
                         lane=items["kind"].map(KIND_GROUPS))
    return items.sort_values("position", na_position="last", kind="stable").reset_index(drop=True)


def _period_band(periods, x: "alt.X"):
    """Shaded rectangles and labels for the periods, on the time axis ``x`` (its title and scale)."""
    import altair as alt

    bands = pd.DataFrame([{"period": period_label(p), "start": p[0], "end": p[1] + 1, "shade": 0.18 if i % 2 else 0.08}
                          for i, p in enumerate(check_periods(periods))])
    x = x.copy()
    x.shorthand = "start:Q"
    shade = alt.Chart(bands).mark_rect(color="#888888").encode(
        x=x, x2="end:Q", opacity=alt.Opacity("shade:Q", scale=None, legend=None),
        tooltip=[alt.Tooltip("period:N", title="period")])
    label = alt.Chart(bands).mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color="#555555").encode(
        x=x, text="period:N", y=alt.value(0))
    return shade, label


def _year_axis(years, periods, title="Year", field="year:Q") -> "alt.X":
    import altair as alt

    bounds = [y for p in check_periods(periods) for y in p]
    lo = int(min(min(years), *bounds))
    hi = int(max(max(years), *bounds)) + 1
    return alt.X(field, title=title, scale=alt.Scale(domain=[lo, hi], nice=False),
                 axis=alt.Axis(format="d", tickMinStep=1))


def migration_chart(series: pd.DataFrame, periods=None):
    """Net migration by year, one colour and mark per measure, over the shaded periods.

    ``series`` stacks frames of :func:`wpp_net_migration` and :func:`registered_balance`
    (column ``series`` says which); both are in persons.
    """
    import altair as alt

    frame = series.assign(measure=series["series"].map(SERIES))[["series", "measure", "year", "net", "source"]]
    present = [k for k in SERIES if k in set(series["series"])]
    colours = {"wpp": "#0072B2", "registered": "#D55E00"}
    colour = alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
                       scale=alt.Scale(domain=[SERIES[k] for k in present], range=[colours[k] for k in present]))
    x = _year_axis(frame["year"], periods)
    y = alt.Y("net:Q", title="Net migration (persons per year)", axis=alt.Axis(format=",.0f"))
    tooltip = [alt.Tooltip("measure:N", title="measure"), alt.Tooltip("year:Q", format="d"),
               alt.Tooltip("net:Q", format=",.0f", title="net migration"), alt.Tooltip("source:N")]
    shade, label = _period_band(periods, x)
    zero = alt.Chart(pd.DataFrame({"net": [0]})).mark_rule(color="#555555", strokeDash=[4, 3]).encode(y="net:Q")
    layers = [shade, label, zero]
    if "wpp" in present:
        layers.append(alt.Chart(frame[frame["series"] == "wpp"]).mark_line(
            point=alt.OverlayMarkDef(size=20)).encode(x=x, y=y, color=colour, tooltip=tooltip))
    if "registered" in present:
        layers.append(alt.Chart(frame[frame["series"] == "registered"]).mark_point(
            size=80, filled=True, shape="diamond", opacity=1).encode(x=x, y=y, color=colour, tooltip=tooltip))
    return alt.layer(*layers).properties(height=320)


def timeline_chart(items: pd.DataFrame, periods=None):
    """The dated items of :func:`timeline` as points on a time axis, one lane per group of kinds."""
    import altair as alt

    dated = items.loc[items["position"].notna(), ["position", "lane", "when", "title", "kind"]]
    lanes = list(dict.fromkeys(KIND_GROUPS.values()))
    x = _year_axis(dated["position"], periods, field="position:Q")
    shade, label = _period_band(periods, x)
    points = alt.Chart(dated).mark_point(filled=True, size=90, opacity=0.85).encode(
        x=x,
        y=alt.Y("lane:N", title=None, sort=lanes),
        color=alt.Color("lane:N", sort=lanes, legend=None),
        shape=alt.Shape("lane:N", sort=lanes, legend=None),
        tooltip=[alt.Tooltip("when:N", title="date"), alt.Tooltip("title:N"), alt.Tooltip("kind:N")],
    )
    return alt.layer(shade, label, points).properties(height=220, width=460)
