"""The revisions of the UN's International Migrant Stock side by side: where two revisions give the
same year, do they agree, and where not, by how much.

The 2019 and 2020 revisions agree on every stock they share; the 2024 revision rewrote every stock
living in Kazakhstan (its other stocks are those of 2020), so a verdict resting on how many natives
of the neighbours live in Kazakhstan depends on the revision a reader chooses.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import bibliography, charts, countries, fmt, migration
from .i18n import _

PAIR = ["year", "origin_iso3", "destination_iso3"]


def differences(old: int, new: int) -> pd.DataFrame:
    """Every stock that revisions ``old`` and ``new`` both give (same year, origin, destination),
    with both values, ``difference`` (new − old, persons) and ``ratio`` (new ÷ old).

    A pair that one revision gives and the other does not is left out: a missing stock is not a
    zero. Columns: ``year``, ``origin_iso3``, ``destination_iso3``, ``origin``, ``destination``,
    ``old``, ``new``, ``difference``, ``ratio``, ``source`` (both revisions), ``copy_read``.
    """
    a = migration.stocks(old)
    b = migration.stocks(new)
    both = a.merge(b, on=PAIR, suffixes=("_old", "_new"))
    return pd.DataFrame(
        {
            "year": both["year"].astype(int),
            "origin_iso3": both["origin_iso3"],
            "destination_iso3": both["destination_iso3"],
            "origin": both["origin_old"],
            "destination": both["destination_old"],
            "old": both["migrants_old"],
            "new": both["migrants_new"],
            "difference": both["migrants_new"] - both["migrants_old"],
            "ratio": both["migrants_new"] / both["migrants_old"],
            "source": [bibliography.joined(s, t) for s, t in zip(both["source_old"], both["source_new"])],
            "copy_read": [bibliography.joined(s, t) for s, t in zip(both["copy_read_old"], both["copy_read_new"])],
        }
    ).sort_values(PAIR, ignore_index=True)


def agreement() -> pd.DataFrame:
    """For each pair of consecutive revisions: the stocks both give, how many are equal, how many
    differ, and the destinations of those that differ. Columns: ``old``, ``new``, ``years``
    (shared reference years), ``shared``, ``equal``, ``differ``, ``destinations``."""
    held = migration.revisions()
    rows = []
    for old, new in zip(held, held[1:]):
        d = differences(old, new)
        changed = d[d["difference"] != 0]
        rows.append(
            {
                "old": old,
                "new": new,
                "years": f"{d['year'].min()}–{d['year'].max()}",
                "shared": len(d),
                "equal": int((d["difference"] == 0).sum()),
                "differ": len(changed),
                "destinations": fmt.words(sorted(changed["destination"].unique())) if len(changed) else _("none"),
            }
        )
    return pd.DataFrame(rows)


def to_kazakhstan() -> pd.DataFrame:
    """The stocks of each neighbour's natives living in Kazakhstan, in every revision: what
    :func:`revisions_chart` draws. Columns: ``route``, ``revision`` (as text: "2019 revision"),
    ``year``, ``migrants``, ``source``, ``copy_read``."""
    frames = []
    for revision in migration.revisions():
        s = migration.stocks(revision)
        s = s[(s["destination_iso3"] == migration.HOME) & s["origin_iso3"].isin(list(countries.hosts()))]
        frames.append(
            s.assign(
                route=[migration.route(o, migration.TO_KAZ) for o in s["origin"]],
                revision=_("{revision} revision").format(revision=revision),
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out[["route", "origin_iso3", "revision", "year", "migrants", "source", "copy_read"]].sort_values(
        ["origin_iso3", "revision", "year"], ignore_index=True
    )


@charts.draws
def revisions_chart(data: pd.DataFrame):
    """People born in each neighbour living in Kazakhstan, by year, one line per revision of the
    UN's estimates (a frame of :func:`to_kazakhstan`); one panel per neighbour."""
    revisions = sorted(data["revision"].unique())
    last = data.sort_values("year").groupby(["route", "revision"]).tail(1)
    description = _(
        "Small line charts, one per neighbour, of its natives living in Kazakhstan by year under each "
        "revision of the UN's estimates. Latest values: {values}."
    ).format(values="; ".join(f"{r.route}, {r.revision}, {r.year}: {fmt.count(r.migrants)}" for r in last.itertuples()))
    order = [migration.route(countries.names()[c], migration.TO_KAZ) for c in countries.hosts()]
    return (
        alt.Chart(data[["route", "revision", "year", "migrants"]])
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=_("Year (mid-year stock)"), axis=alt.Axis(format="d", tickMinStep=5)),
            y=alt.Y("migrants:Q", title=_("Persons, own scale"), axis=alt.Axis(format=charts.count_format())),
            color=alt.Color(
                "revision:N",
                title=None,
                scale=alt.Scale(domain=revisions, range=charts.PALETTE[: len(revisions)]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("revision:N", legend=None, scale=alt.Scale(domain=revisions)),
            tooltip=[
                alt.Tooltip("route:N", title=_("Born in, living in")),
                alt.Tooltip("revision:N", title=_("UN estimates")),
                alt.Tooltip("year:Q", title=_("Year")),
                alt.Tooltip("migrants:Q", title=_("Persons"), format=","),
            ],
        )
        .properties(width=240, height=150)
        .facet(facet=alt.Facet("route:N", title=None, sort=order), columns=2)
        .resolve_scale(y="independent")
        .properties(description=description)
    )
