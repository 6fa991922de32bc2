"""Table 2's charts: which cells the public record holds, how many, and both ends of a flow."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import charts, countries, fmt
from ..i18n import _
from ..migration import FROM_KAZ, TO_KAZ, route
from .cells import EVIDENCE

#: A colour for each kind of evidence (a gap in a light neutral grey).
COLOURS = {
    "kazakhstan": charts.PALETTE[0],
    "partner": charts.PALETTE[2],
    "share": charts.PALETTE[5],
    "part-year": charts.PALETTE[1],
    "gap": charts.NEUTRALS[2],
}


def _evidence_scale(levels=EVIDENCE) -> alt.Scale:
    return alt.Scale(domain=[EVIDENCE[k] for k in levels], range=[COLOURS[k] for k in levels])


def routes() -> list[str]:
    """The rows of Table 2 in the study's order: each partner to Kazakhstan, then from it."""
    names = countries.names()
    return [route(names[p], d) for p in countries.hosts() for d in (TO_KAZ, FROM_KAZ)]


def _describe_grid(cells: pd.DataFrame) -> str:
    filled = cells[cells["level"] != "gap"]
    parts = [
        f"{_(EVIDENCE[level])}: " + "; ".join(f"{r.route} {r.year} ({r.text})" for r in group.itertuples())
        for level, group in filled.groupby("level", sort=False)
    ]
    return _(
        "Grid of the {n} cells of Table 2, one row per route and one column per year, "
        "{first}–{last}, coloured by the public figure found. {found}. The other {gaps} cells have no public figure."
    ).format(
        n=len(cells),
        first=int(cells["year"].min()),
        last=int(cells["year"].max()),
        found=". ".join(parts),
        gaps=int((cells["level"] == "gap").sum()),
    )


@charts.draws
def grid_chart(cells: pd.DataFrame):
    """The cells of a :func:`~kzdiaspora.table2.grid`, one square per route and year, coloured by
    the strongest public figure found; a gap is drawn as a gap (light grey), not as zero."""
    data = cells[["route", "year", "evidence", "text", "reported_by", "period_label"]]
    levels = [k for k in EVIDENCE if k in set(cells["level"])]
    return (
        alt.Chart(data)
        .mark_rect(stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X(
                "year:O",
                title=None,
                axis=alt.Axis(labelAngle=-90),
                scale=alt.Scale(domain=list(range(int(data["year"].min()), int(data["year"].max()) + 1))),
            ),
            y=alt.Y("route:N", title=None, sort=routes()),
            color=alt.Color(
                "evidence:N",
                title=None,
                scale=_evidence_scale(levels),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("route:N", title=_("Route")),
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("evidence:N", title=_("Public figure")),
                alt.Tooltip("text:N", title=_("Figure")),
                alt.Tooltip("reported_by:N", title=_("Registered by")),
            ],
        )
        .properties(height=alt.Step(22), description=_describe_grid(cells))
    )


def coverage_bars(cells: pd.DataFrame) -> pd.DataFrame:
    """What :func:`coverage_chart` draws: the cells of a grid by kind of evidence, twice: as
    Kazakhstan's office alone gives them (the source the article names) and with every public
    figure. Columns: ``bar``, ``level``, ``evidence``, ``cells``, ``of``."""
    n = cells["level"].value_counts()
    own = int(n.get("kazakhstan", 0))
    alone, every = _("Kazakhstan's office alone"), _("Every public figure")
    bars = [(alone, "kazakhstan", own), (alone, "gap", len(cells) - own)]
    bars += [(every, level, int(n.get(level, 0))) for level in EVIDENCE]
    out = pd.DataFrame(bars, columns=["bar", "level", "cells"])
    return out.assign(evidence=out["level"].map(lambda level: _(EVIDENCE[level])), of=len(cells))[
        ["bar", "level", "evidence", "cells", "of"]
    ]


def _describe_bars(bars: pd.DataFrame, filled: pd.Series, total: int) -> str:
    """Each bar of :func:`coverage_chart` in words: its cells with a figure, by kind."""
    return "; ".join(
        _("{bar}: {filled} of {total} cells ({kinds})").format(
            bar=bar,
            filled=filled[bar],
            total=total,
            kinds=", ".join(f"{r.cells} {r.evidence}" for r in group.itertuples() if r.cells and r.level != "gap"),
        )
        for bar, group in bars.groupby("bar", sort=False)
    )


@charts.draws
def coverage_chart(bars: pd.DataFrame):
    """Cells of Table 2 with a public figure, out of all its cells: Kazakhstan's office alone, then
    every public figure (a frame of :func:`coverage_bars`), stacked by kind of evidence, each bar
    labelled with its count of cells that hold a figure."""
    total = int(bars["of"].iloc[0])
    filled = bars[bars["level"] != "gap"].groupby("bar", sort=False)["cells"].sum()
    order = {k: i for i, k in enumerate(EVIDENCE)}
    data = bars.assign(order=bars["level"].map(order))[["bar", "evidence", "cells", "of", "order"]]
    y = alt.Y("bar:N", title=None, sort=list(filled.index))
    stacked = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "cells:Q",
                title=_("Cells of Table 2 (of {total})").format(total=total),
                scale=alt.Scale(domain=[0, total]),
            ),
            color=alt.Color(
                "evidence:N",
                title=None,
                scale=_evidence_scale(),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("bar:N", title=_("Counted")),
                alt.Tooltip("evidence:N", title=_("Public figure")),
                alt.Tooltip("cells:Q", title=_("Cells")),
            ],
        )
    )
    texts = [_("{n} of {total}").format(n=n, total=total) for n in filled]
    labels = pd.DataFrame({"bar": filled.index, "cells": filled.to_numpy(), "text": texts})
    text = (
        alt.Chart(labels)
        .mark_text(align="left", dx=4, color=charts.NEUTRALS[8])
        .encode(y=y, x="cells:Q", text="text:N")
    )
    # a width of its own: the legend's long labels stay inside the chart, which scrolls on a phone
    return alt.layer(stacked, text).properties(
        width=360,
        height=alt.Step(34),
        description=_("Stacked bars of the {total} cells of Table 2. {bars}.").format(
            total=total, bars=_describe_bars(bars, filled, total)
        ),
    )


def _describe_ends(label: list[str], pairs: pd.DataFrame) -> str:
    """:func:`both_ends_chart` in words: each flow's two figures."""
    return _("Dot plot of flows registered at both ends, the same period at each: ") + "; ".join(
        _("{flow}: Kazakhstan's office {kazakhstan}, the partner's {partner}").format(
            flow=f, kazakhstan=fmt.count(k), partner=fmt.count(p)
        )
        for f, k, p in zip(label, pairs["kazakhstan"], pairs["partner_office"])
    )


@charts.draws
def both_ends_chart(pairs: pd.DataFrame):
    """Each flow both offices published for one period (a :func:`~kzdiaspora.table2.both_ends` frame):
    Kazakhstan's figure and the partner's, joined by a line; a width of its own: it scrolls on a phone."""
    label = [f"{r}, {p}" for r, p in zip(pairs["route"], pairs["period_label"])]
    offices = {"kazakhstan": _("Kazakhstan's office"), "partner_office": _("The partner's office")}
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "flow": label,
                    "office": name,
                    "persons": pairs[col].astype(float),
                    "basis": pairs[f"{col}_basis"],
                    "difference": pairs["difference"].astype(float),
                }
            )
            for col, name in offices.items()
        ],
        ignore_index=True,
    )
    description = _describe_ends(label, pairs)
    y = alt.Y("flow:N", title=None, sort=label, axis=alt.Axis(labelLimit=320))
    x = alt.X("persons:Q", title=_("Registered moves, persons"), axis=alt.Axis(format=charts.count_format()))
    lines = alt.Chart(long).mark_line(color=charts.NEUTRALS[6]).encode(x=x, y=y, detail="flow:N")
    points = (
        alt.Chart(long)
        .mark_point(size=80, filled=True, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "office:N",
                title=None,
                scale=alt.Scale(domain=list(offices.values()), range=[charts.PALETTE[0], charts.PALETTE[2]]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape("office:N", title=None, scale=alt.Scale(range=["circle", "diamond"]), legend=None),
            tooltip=[
                alt.Tooltip("flow:N", title=_("Flow")),
                alt.Tooltip("office:N", title=_("Registered by")),
                alt.Tooltip("persons:Q", title=_("Persons"), format=","),
                alt.Tooltip("basis:N", title=_("Figure")),
                alt.Tooltip("difference:Q", title=_("Partner's minus Kazakhstan's"), format="+,"),
            ],
        )
    )
    return alt.layer(lines, points).properties(width=300, height=alt.Step(24), description=description + ".")
