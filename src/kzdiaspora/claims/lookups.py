"""Check functions that look up a source's own value in the data package (claims the article
quotes from elsewhere)."""

from __future__ import annotations

import pandas as pd

from .. import bibliography, countries, demography, fmt, i18n, markup
from ..data import DataError, load
from ..i18n import gettext as _
from ..i18n import pgettext
from .findings import Finding, NotCheckable, check


def _data(text, resource: str, column: str):
    """A text of the data package in the page's language (:func:`kzdiaspora.i18n.data_text`);
    a missing or empty value unchanged."""
    return i18n.data_text(text, resource, column) if isinstance(text, str) and text else text


def _english() -> bool:
    return i18n.language() == i18n.LANGUAGES[0]


def _group(code: str) -> str:
    """A population group of ``ethnic_composition`` as a finding names it: its code in English,
    words of the page's language otherwise."""
    if _english():
        return code
    words = {
        "kazakhs": pgettext("population group", "Kazakhs"),
        "titular": pgettext("population group", "the titular group"),
        "total": pgettext("population group", "the whole population"),
        "others": pgettext("population group", "others"),
    }
    return words.get(code, code)


def _place(row) -> tuple[str, str]:
    """The country and the status of a row of ``ethnic_composition`` in the page's language."""
    if _english():
        return row["country"], row["status"]
    return countries.names(i18n.language()).get(row["iso3"], row["country"]), fmt.status(row["status"])


def not_paper(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of other sources than the article itself (the article's own figures are in the data too)."""
    return frame[(frame["source"] != "nurbek2025") & (frame["status"] != "stated-by-authors")]


@check
def context(figure: str) -> Finding:
    """A figure of the ``context_figures`` resource."""
    cf = load("context_figures")
    row = cf[cf["figure_id"] == figure]
    if row.empty:
        raise DataError(f"no context figure {figure!r} in data/context_figures.csv")
    r = row.iloc[0]
    description = _data(r["description"], "context_figures", "description")
    what = description[:1].lower() + description[1:]
    return Finding(float(r["value"]), r["unit"], f"{what} ({r['year']})", (r["source"],))


@check
def one_in_n(figure: str) -> Finding:
    """How many people there are for each one counted by a percentage of ``context_figures``."""
    share = context(figure)
    n = 100 / share.value
    return Finding(
        n, "one-in-n", f"100 ÷ {fmt.number(share.value)} % ({share.inputs})", share.sources, values={"n": fmt.count(n)}
    )


@check
def diaspora(source: str, year: int, qualifier: str) -> Finding:
    """A worldwide estimate of the diaspora (``diaspora_estimates``) by source, year and qualifier."""
    est = load("diaspora_estimates")
    row = est[
        (est["scope"] == "world") & (est["source"] == source) & (est["year"] == year) & (est["qualifier"] == qualifier)
    ]
    if row.empty:
        raise NotCheckable(
            _("The data hold no worldwide estimate of {source} for {year} ({qualifier}).").format(
                source=source, year=year, qualifier=qualifier
            )
        )
    r = row.iloc[0]
    value = r["persons_high"] if qualifier == "up-to" else r["persons_low"]
    words = {
        "more-than": pgettext("an estimate", "more than"),
        "up-to": pgettext("an estimate", "up to"),
        "about": pgettext("an estimate", "about"),
    }.get(qualifier, qualifier)
    copy = bibliography.keys(r["copy_read"])
    # the works are named as the bibliography names them, in Latin letters
    read = _("; copy read: {works}").format(works=markup.original(bibliography.short_names(copy))) if copy else ""
    definition = _data(r["definition"], "diaspora_estimates", "definition")
    return Finding(
        float(value),
        "persons",
        f"{definition}: {words} {fmt.millions(value)} ({year}{read})",
        (source,),
        values={"copy_read": bibliography.short_names(copy) if copy else _("the source itself")},
    )


@check
def diaspora_list(since: int) -> Finding:
    """Every worldwide estimate of the diaspora since ``since`` that does not come from the article,
    each as its source states it; the value is the range they span (persons)."""
    est = not_paper(load("diaspora_estimates"))
    est = est[(est["scope"] == "world") & (est["year"] >= since)].sort_values("year")
    if est.empty:
        raise NotCheckable(_("The data hold no worldwide estimate of the diaspora since {since}.").format(since=since))
    listed = "; ".join(
        f"{fmt.millions_range(r.persons_low, r.persons_high, r.qualifier)} "
        f"({r.year}, {_data(r.definition, 'diaspora_estimates', 'definition')})"
        for r in est.itertuples()
    )
    ends = pd.concat([est["persons_low"], est["persons_high"]]).dropna()
    return Finding((float(ends.min()), float(ends.max())), "persons", listed, tuple(dict.fromkeys(est["source"])))


@check
def institutions_found(iso3: str, kind: str) -> Finding:
    """How many institutions of a kind (``institutions``) the data hold in a country: what was
    found, a lower bound on what exists."""
    inst = load("institutions")
    rows = inst[(inst["iso3"] == iso3) & (inst["kind"] == kind)]
    names = (
        fmt.words(_data(n, "institutions", "name") for n in rows["name"])
        if len(rows)
        else pgettext("institutions found", "none")
    )
    return Finding(
        float(len(rows)),
        "count",
        _("found: {names}").format(names=names),
        tuple(dict.fromkeys(rows["source"])),
        basis="partial",
        basis_note=_("A list of the institutions found is a lower bound: it cannot show that there is no other."),
        bounds=(float(len(rows)), float("inf")),
    )


def pick(rows: pd.DataFrame, what: str) -> pd.Series:
    """One row among several sources' figures: the exact one with the latest reference date."""
    if rows.empty:
        raise NotCheckable(_("The data hold no {what} from a source other than the article.").format(what=what))
    rank = rows["approximation"].map({"exact": 0, "rounded": 1, "about": 2}).fillna(3)
    rows = rows.assign(_rank=rank, _date=rows["reference_date"].fillna(pd.Timestamp(0)))
    return rows.sort_values(["_rank", "_date"], ascending=[True, False], kind="stable").iloc[0]


@check
def ethnic_count(iso3: str, group: str, year: int, source: str | None = None) -> Finding:
    """A head count of ``ethnic_composition`` (persons) from a source other than the article."""
    eth = not_paper(demography.ethnic_composition())
    rows = eth[(eth["iso3"] == iso3) & (eth["group"] == group) & (eth["year"] == year) & (eth["measure"] == "persons")]
    if source:
        rows = rows[rows["source"] == source]
    r = pick(rows, _("count of {group} in {country} for {year}").format(group=_group(group), country=iso3, year=year))
    also = _(" (one of {n} figures for that year in the data)").format(n=len(rows)) if len(rows) > 1 else ""
    country, status = _place(r)
    return Finding(
        float(r["persons"]),
        "persons",
        _("{group} in {country}, {year} ({status}): {value}{also}").format(
            group=_group(group), country=country, year=year, status=status, value=fmt.count(r["persons"]), also=also
        ),
        (r["source"],),
    )


@check
def ethnic_share(iso3: str, group: str, year: int) -> Finding:
    """A group's share of a country's population (``ethnic_composition``, per cent) in ``year``
    from a source other than the article."""
    eth = not_paper(demography.ethnic_composition())
    rows = eth[
        (eth["iso3"] == iso3) & (eth["group"] == group) & (eth["year"] == year) & (eth["measure"] == "percent-of-total")
    ]
    r = pick(rows, _("share of {group} in {country} for {year}").format(group=_group(group), country=iso3, year=year))
    country, status = _place(r)
    return Finding(
        float(r["percent"]),
        "percent",
        _("{group} in {country}, {year} ({status}): {value}{also}").format(
            group=_group(group),
            country=country,
            year=year,
            status=status,
            value=fmt.pct(r["percent"], fmt.decimals(r["percent"])),
            also="",
        ),
        (r["source"],),
    )


@check
def schooling(
    obs_id: str | None = None, measure: str | None = None, iso3: str | None = None, bilingual: bool = False
) -> Finding:
    """A count of ``kazakh_schooling``: one observation, or the latest of a measure in a country.

    ``bilingual``: the claim counts only the schools teaching in Kazakh and another language. A count
    of every school teaching in Kazakh includes those teaching in Kazakh alone, so the finding then
    carries a caveat, with the latest year for which the data split the two.
    """
    sch = not_paper(load("kazakh_schooling"))
    if obs_id:
        rows = sch[sch["obs_id"] == obs_id]
    else:
        rows = sch[(sch["measure"] == measure) & (sch["iso3"] == iso3)].sort_values("year")
    if rows.empty:
        raise NotCheckable(_("The data hold no such count from a source other than the article."))
    r = rows.iloc[-1]
    caveat = ""
    if bilingual and r["measure"] == "schools-kazakh-instruction":
        caveat = _("The source counts every school teaching in Kazakh, not only those teaching in two languages")
        area = sch[(sch["iso3"] == r["iso3"]) & (sch["scope"] == r["scope"])]
        only = area[area["measure"] == "schools-kazakh-only"].set_index("year")["value"]
        every = area[area["measure"] == "schools-kazakh-instruction"].set_index("year")["value"]
        both = sorted(set(only.index) & set(every.index))
        if both:
            y = both[-1]
            caveat += _("; in {year}, {only} of the {every} schools teaching in Kazakh taught in Kazakh alone").format(
                year=y, only=fmt.count(only[y]), every=fmt.count(every[y])
            )
        caveat += "."
    note = _data(r["note"], "kazakh_schooling", "note")
    scope = _data(r["scope"], "kazakh_schooling", "scope")
    return Finding(float(r["value"]), "count", f"{note} ({scope}, {r['year']})", (r["source"],), caveat)
