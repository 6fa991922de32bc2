"""Migration between Kazakhstan and its four southern neighbours (the article's section 3.3, Table 2).

Two kinds of data stand in for the statistics bureau's table of flows by country and year, which
could not be consulted:

* :func:`stocks` / :func:`bilateral_stocks`: the UN's bilateral migrant stocks (people born in one
  country living in another), 1990–2020 in one of three revisions of the UN's estimates
  (:data:`REVISIONS`), the long series;
* :func:`registered_flows`: permanent-residence moves registered by Kazakhstan's statistics office
  and, from the other end, by the partner's, for the periods and partners the press reported.

:mod:`kzdiaspora.table2` rebuilds what of the article's Table 2 these support, cell by cell, and
:mod:`kzdiaspora.revisions` compares the revisions of the stocks.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import bibliography, charts, countries, fmt, i18n
from .data import DataError, load
from .i18n import N_, _, pgettext

HOME = countries.HOMELAND

#: The revision of the UN's International Migrant Stock used unless a reader chooses another: the
#: latest whose estimates for Kazakhstan predate the article (the 2024 revision rewrote them).
REVISION = 2020

#: Directions of a move as seen from Kazakhstan, and how each reads on a page.
TO_KAZ, FROM_KAZ = N_("to Kazakhstan"), N_("from Kazakhstan")


def direction_word(direction: str) -> str:
    """A direction (:data:`TO_KAZ`, :data:`FROM_KAZ`) as the page's language writes it."""
    return _(direction)


#: How a figure was published (the data's ``approximation`` codes), in words.
APPROXIMATIONS = {
    "exact": N_("exact"),
    "rounded": N_("rounded"),
    "about": N_("about"),
    "more-than": N_("more than"),
    "up-to": N_("up to"),
}


def approximation_word(approximation: str) -> str:
    """How a figure was published (``exact``, ``rounded``, ``about``: a code of the data's
    ``approximation`` column) in the page's language; the code itself on an English page."""
    if i18n.language() == i18n.LANGUAGES[0] or approximation not in APPROXIMATIONS:
        return approximation
    return _(APPROXIMATIONS[approximation])


def revisions() -> list[int]:
    """The revisions of the UN's International Migrant Stock the data hold, oldest first."""
    return sorted(int(r) for r in load("migrant_stock")["revision"].unique())


def stocks(revision: int = REVISION) -> pd.DataFrame:
    """UN bilateral migrant stocks among the five countries in one ``revision`` (see
    :func:`revisions`), with country names; an error names the revisions held when it is not one."""
    s = load("migrant_stock")
    if revision not in revisions():
        raise DataError(f"no revision {revision!r} of the UN migrant stocks; the data hold {revisions()}")
    s = s[s["revision"] == revision]
    names = countries.names()
    return s.assign(
        origin=s["origin_iso3"].map(names),
        destination=s["destination_iso3"].map(names),
        migrants=s["migrants"].astype(float),
    )


def bilateral_stocks(partner: str, revision: int = REVISION) -> pd.DataFrame:
    """The stocks between Kazakhstan and ``partner`` in both directions (UN ``revision``), one row
    per year and direction: ``to Kazakhstan`` = born in the partner, living in Kazakhstan;
    ``from Kazakhstan`` = born in Kazakhstan, living in the partner."""
    s = stocks(revision)
    to_kaz = s[(s["origin_iso3"] == partner) & (s["destination_iso3"] == HOME)].assign(direction=TO_KAZ)
    from_kaz = s[(s["origin_iso3"] == HOME) & (s["destination_iso3"] == partner)].assign(direction=FROM_KAZ)
    out = pd.concat([to_kaz, from_kaz], ignore_index=True).assign(
        partner_iso3=partner, partner=countries.names()[partner]
    )
    out = out.assign(
        label=[
            _("born in {origin}, living in {destination}").format(origin=o, destination=d)
            for o, d in zip(out["origin"], out["destination"])
        ]
    )
    return (
        out[
            [
                "partner_iso3",
                "partner",
                "revision",
                "year",
                "direction",
                "label",
                "migrants",
                "source",
                "copy_read",
                "status",
            ]
        ]
        .sort_values(["direction", "year"], ascending=[False, True])
        .reset_index(drop=True)
    )


def stock_balance(partner: str, revision: int = REVISION) -> pd.DataFrame:
    """Per year: born in ``partner`` living in Kazakhstan, the reverse, and the difference
    (positive: Kazakhstan hosts more of the partner's natives than the partner hosts of its own)."""
    wide = bilateral_stocks(partner, revision).pivot(index="year", columns="direction", values="migrants")
    return wide.assign(balance=wide[TO_KAZ] - wide[FROM_KAZ]).reset_index()


def regional_balance(revision: int = REVISION) -> pd.DataFrame:
    """For each of the five countries and each year: migrants from the other four living in it
    (``hosted``), its natives living in the other four (``abroad``) and the balance, with the
    bibliography keys of the stocks (``source``) and of the copies they were read in (``copy_read``)."""
    s = stocks(revision)
    keys = {"source": ("source", set), "copy_read": ("copy_read", lambda c: set(c.dropna()))}
    hosted = s.groupby(["destination_iso3", "year"]).agg(
        hosted=("migrants", "sum"), **{f"hosted_{k}": v for k, v in keys.items()}
    )
    abroad = s.groupby(["origin_iso3", "year"]).agg(
        abroad=("migrants", "sum"), **{f"abroad_{k}": v for k, v in keys.items()}
    )
    hosted.index.names = abroad.index.names = ["iso3", "year"]
    out = pd.concat([hosted, abroad], axis=1).reset_index()
    out = out.assign(
        balance=out["hosted"] - out["abroad"],
        country=out["iso3"].map(countries.names()),
        **{
            k: [bibliography.joined(*sorted(a | b)) for a, b in zip(out[f"hosted_{k}"], out[f"abroad_{k}"])]
            for k in keys
        },
    )
    return out[["iso3", "country", "year", "hosted", "abroad", "balance", "source", "copy_read"]]


# --- registered flows -------------------------------------------------------------------------


def period_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """``2024`` for a calendar year, ``Jan–Mar 2021`` for part of one, ``2023–2024`` otherwise."""
    if start.year == end.year:
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year)
        if i18n.language() == i18n.LANGUAGES[0]:
            return f"{start:%b}–{end:%b} {start.year}"
        # Babel only on a page in another language (the English pages never import it)
        from babel.dates import format_date

        months = [format_date(d, "LLL", locale=i18n.locale()) for d in (start, end)]
        return pgettext("months of a year", "{first}–{last} {year}").format(
            first=months[0], last=months[1], year=start.year
        )
    return f"{start.year}–{end.year}"


def registered_flows(partner: str | None = None) -> pd.DataFrame:
    """Registered moves between Kazakhstan and each of the four countries, seen from Kazakhstan.

    Rows reported by Kazakhstan's bureau (``reporter`` KAZ) and the mirror rows of the partner's
    statistics office (its emigration to Kazakhstan is a move to Kazakhstan). Only counts of all
    migrants (not the ethnic shares); ``year`` is set for calendar-year rows only.
    """
    out = _seen_from_kazakhstan(load("external_migration"))
    if partner:
        out = out[out["partner_iso3"] == partner]
    names = countries.names()
    out = out.assign(
        partner=out["partner_iso3"].map(names),
        reported_by=out["reporter_iso3"].map(names),
        period=[period_label(s, e) for s, e in zip(out["period_start"], out["period_end"])],
        calendar_year=[
            (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year
            for s, e in zip(out["period_start"], out["period_end"])
        ],
        persons=out["persons"].astype(float),
    )
    out = out.assign(year=[s.year if c else pd.NA for s, c in zip(out["period_start"], out["calendar_year"])])
    cols = [
        "partner_iso3",
        "partner",
        "direction",
        "reporter_iso3",
        "reported_by",
        "period",
        "period_start",
        "period_end",
        "calendar_year",
        "year",
        "persons",
        "approximation",
        "source",
        "copy_read",
        "locator",
        "status",
    ]
    return out.sort_values(
        ["partner_iso3", "direction", "period_start", "period_end", "reporter_iso3"],
        ascending=[True, False, True, True, True],
    )[cols].reset_index(drop=True)


def _seen_from_kazakhstan(flows: pd.DataFrame) -> pd.DataFrame:
    """Counts of all migrants between Kazakhstan and the host countries, each with its partner and
    its ``direction`` seen from Kazakhstan: a partner's emigration to Kazakhstan is a move to it."""
    f = flows[(flows["ethnicity"] == "all") & flows["persons"].notna() & (flows["flow"] != "net")]
    own = f[(f["reporter_iso3"] == HOME) & f["partner_iso3"].isin(list(countries.hosts()))]
    mirror = f[f["reporter_iso3"].isin(list(countries.hosts())) & (f["partner_iso3"] == HOME)]
    own = own.assign(
        partner_iso3=own["partner_iso3"], direction=own["flow"].map({"immigration": TO_KAZ, "emigration": FROM_KAZ})
    )
    mirror = mirror.assign(
        partner_iso3=mirror["reporter_iso3"],
        direction=mirror["flow"].map({"emigration": TO_KAZ, "immigration": FROM_KAZ}),
    )
    return pd.concat([own, mirror], ignore_index=True)


def _preferred(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per cell: an exact figure before a rounded one of the same flow."""
    rank = rows["approximation"].map({"exact": 0}).fillna(1)
    return (
        rows.assign(_rank=rank)
        .sort_values("_rank")
        .drop_duplicates(["partner_iso3", "direction", "reporter_iso3", "year"])
        .drop(columns="_rank")
    )


def registered_pairs() -> pd.DataFrame:
    """The calendar years in which one statistics office registered moves in both directions
    between Kazakhstan and a partner: arrivals in Kazakhstan, departures from it, and which is larger."""
    flows = registered_flows()
    flows = _preferred(flows[flows["calendar_year"]])
    wide = (
        flows.pivot_table(
            index=["partner_iso3", "partner", "reported_by", "year"],
            columns="direction",
            values="persons",
            aggfunc="first",
        )
        .dropna()
        .reset_index()
    )
    wide = wide.rename_axis(None, axis=1)
    return wide.assign(more_to_kazakhstan=wide[TO_KAZ] > wide[FROM_KAZ])


def stock_directions(year: int | None = None, revision: int = REVISION) -> pd.DataFrame:
    """For each partner in one stock year (default: the latest): people born there living in
    Kazakhstan, the reverse, and whether Kazakhstan hosts more of them than they host of its natives."""
    rows = pd.concat([bilateral_stocks(p, revision) for p in countries.hosts()])
    year = year or int(rows["year"].max())
    wide = (
        rows[rows["year"] == year]
        .pivot_table(index=["partner_iso3", "partner"], columns="direction", values="migrants")
        .reset_index()
        .rename_axis(None, axis=1)
    )
    return wide.assign(year=year, kazakhstan_hosts_more=wide[TO_KAZ] > wide[FROM_KAZ])


def route(partner: str, direction: str) -> str:
    """A flow between Kazakhstan and ``partner`` (a country name) as ``Uzbekistan → Kazakhstan``."""
    home = countries.names()[HOME]
    return f"{partner} → {home}" if direction == TO_KAZ else f"{home} → {partner}"


# --- charts -----------------------------------------------------------------------------------


@charts.draws
def balance_chart(balance: pd.DataFrame):
    """Each country's balance of regional migrant stocks (natives of the other four living in it,
    less its own natives living in them), from 1990: who receives, who sends."""
    last = balance[balance["year"] == balance["year"].max()].sort_values("balance", ascending=False)
    description = _(
        "Line chart, one line per country, of the balance of regional migrant stocks. In {year}: {values}."
    ).format(
        year=int(balance["year"].max()),
        values="; ".join(f"{r.country} {fmt.signed(r.balance)}" for r in last.itertuples()),
    )
    order = [HOME, *countries.hosts()]
    data = balance[["iso3", "country", "year", "hosted", "abroad", "balance"]]
    base = alt.Chart(data)
    zero = alt.Chart().mark_rule(color="#888888", aria=False).encode(y=alt.datum(0))  # decorative: no text alternative
    lines = base.mark_line(point=True).encode(
        x=alt.X("year:Q", title=_("Year (mid-year stock)"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y(
            "balance:Q",
            title=_("Migrants from the region hosted less natives abroad in it"),
            axis=alt.Axis(format=charts.count_format()),
        ),
        color=alt.Color(
            "iso3:N",
            scale=charts.country_scale(order),
            title=_("Country"),
            legend=alt.Legend(labelExpr=_names_expr(order)),
        ),
        tooltip=[
            alt.Tooltip("country:N", title=_("Country")),
            alt.Tooltip("year:Q", title=_("Year")),
            alt.Tooltip("hosted:Q", title=_("Born in the other four, living here"), format=","),
            alt.Tooltip("abroad:Q", title=_("Born here, living in the other four"), format=","),
            alt.Tooltip("balance:Q", title=_("Balance"), format="+,"),
        ],
    )
    return alt.layer(zero, lines).properties(height=300, description=description)


def _names_expr(codes: list[str]) -> str:
    names = countries.names()
    return " : ".join(f"datum.label == '{c}' ? '{names[c]}'" for c in codes) + " : datum.label"


@charts.draws
def stock_chart(data: pd.DataFrame):
    """The stocks between Kazakhstan and one partner (a frame of :func:`bilateral_stocks`), both
    directions, from 1990."""
    directions = [TO_KAZ, FROM_KAZ]
    wide = data.pivot(index="year", columns="direction", values="migrants")
    y0, y1 = int(wide.index.min()), int(wide.index.max())
    description = _(
        "Line chart of the two migrant stocks between {partner} and {home}, {first}–{last}: {values}."
    ).format(
        partner=data["partner"].iloc[0],
        home=countries.names()[HOME],
        first=y0,
        last=y1,
        values="; ".join(
            _("{direction} from {start} to {end}").format(
                direction=direction_word(d), start=fmt.count(wide.loc[y0, d]), end=fmt.count(wide.loc[y1, d])
            )
            for d in directions
        ),
    )
    shown = data[["year", "direction", "label", "migrants"]]
    return (
        alt.Chart(shown)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=_("Year (mid-year stock)"), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
            y=alt.Y("migrants:Q", title=_("Persons"), axis=alt.Axis(format=charts.count_format())),
            color=alt.Color(
                "label:N",
                title=None,
                sort=list(shown.drop_duplicates("direction").set_index("direction").loc[directions, "label"]),
                scale=alt.Scale(range=[countries.colours()[HOME], charts.PALETTE[1]]),
                # "born in …," and "living in …" on two lines, which fit a phone's column
                legend=alt.Legend(
                    orient="bottom", direction="vertical", labelLimit=400, labelExpr="split(datum.label, ', ')"
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("Who")),
                alt.Tooltip("year:Q", title=_("Year")),
                alt.Tooltip("migrants:Q", title=_("Persons"), format=","),
            ],
        )
        .properties(height=240, description=description)
    )


def flows_chart_data(flows: pd.DataFrame, year: int) -> pd.DataFrame:
    """What :func:`flows_chart` draws: every partner and direction in ``year`` as registered by
    Kazakhstan's bureau, with ``persons`` and its ``text`` (``≈12,100``), and ``found`` False (no
    figure, ``text`` "not found") where no figure was found."""
    data = flows[flows["calendar_year"] & (flows["year"] == year) & (flows["reporter_iso3"] == HOME)]
    data = _preferred(data)[["partner_iso3", "direction", "persons", "approximation"]]
    names = countries.names()
    grid = pd.DataFrame([{"partner_iso3": p, "direction": d} for p in countries.hosts() for d in (TO_KAZ, FROM_KAZ)])
    out = grid.merge(data, on=["partner_iso3", "direction"], how="left")
    found = out["persons"].notna()
    return out.assign(
        partner=out["partner_iso3"].map(names),
        found=found,
        text=[
            fmt.approx(p, a) if f else _("not found") for p, a, f in zip(out["persons"], out["approximation"], found)
        ],
    )


def _describe_flows(found: pd.DataFrame, missing: pd.DataFrame, year: int) -> str:
    """:func:`flows_chart` in words: the figures found, and the flows without one."""
    values = "; ".join(f"{r.partner} {direction_word(r.direction)} {r.text}" for r in found.itertuples())
    if len(missing):
        return _("Bar chart of registered moves in {year}: {values}. Not found: {missing}.").format(
            year=year,
            values=values,
            missing="; ".join(f"{r.partner} {direction_word(r.direction)}" for r in missing.itertuples()),
        )
    return _("Bar chart of registered moves in {year}: {values}.").format(year=year, values=values)


@charts.draws
def flows_chart(flows: pd.DataFrame, year: int):
    """Registered moves of one calendar year between Kazakhstan and each partner, both directions
    (figures registered by Kazakhstan's bureau), each bar labelled with its figure; a flow for
    which no figure was found is written "not found" where its bar would be, not left blank (a
    blank would read as none)."""
    data = flows_chart_data(flows, year)
    found, missing = data[data["found"]], data[~data["found"]]
    description = _describe_flows(found, missing, year)
    directions = [direction_word(d) for d in (TO_KAZ, FROM_KAZ)]
    data = data.assign(
        direction=data["direction"].map(direction_word),
        approximation=data["approximation"].map(approximation_word, na_action="ignore"),
    )
    y = alt.Y("partner:N", title=None, sort=[countries.names()[c] for c in countries.hosts()])
    offset = alt.YOffset("direction:N", sort=directions, scale=alt.Scale(domain=directions))
    colour = alt.Color(
        "direction:N",
        sort=directions,
        title=_("Direction"),
        scale=alt.Scale(domain=directions, range=[countries.colours()[HOME], charts.PALETTE[1]]),
    )
    base = alt.Chart(data[["partner", "direction", "persons", "approximation", "found", "text"]]).encode(
        y=y, yOffset=offset
    )
    bars = (
        base.transform_filter("datum.found")
        .mark_bar()
        .encode(
            x=alt.X("persons:Q", title=_("Registered moves, {year}").format(year=year)),
            color=colour,
            tooltip=[
                alt.Tooltip("partner:N", title=_("Partner")),
                alt.Tooltip("direction:N", title=_("Direction")),
                alt.Tooltip("persons:Q", title=_("Persons"), format=","),
                alt.Tooltip("approximation:N", title=_("Published as")),
            ],
        )
    )
    values = base.transform_filter("datum.found").mark_text(align="left", dx=3, fontSize=11, color=charts.PAGE_TEXT)
    absent = base.transform_filter("!datum.found").mark_text(
        align="left", dx=3, fontSize=11, fontStyle="italic", color=charts.PAGE_TEXT
    )
    return alt.layer(
        bars, values.encode(x="persons:Q", text="text:N"), absent.encode(x=alt.datum(0), text="text:N")
    ).properties(height=alt.Step(18), description=description)
