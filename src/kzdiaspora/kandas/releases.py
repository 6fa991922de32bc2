"""The ministry's releases: kandas counted since 1 January (and since 1991), whole years, and
the shares by origin, age group and education at each release."""

from __future__ import annotations

import pandas as pd

from ..data import DataError, load
from ..i18n import N_, _, pgettext

#: Education levels, highest first, with readable names (kandas and emigrants share the first three).
EDUCATION = {
    "higher": N_("higher"),
    "vocational-secondary": N_("vocational secondary"),
    "general-secondary": N_("general secondary"),
    "basic-secondary": N_("basic secondary"),
    "none": "none",  # translated in context (label): "none" is also the word for an empty list
}
#: Age groups of the releases, with readable names.
AGE = {
    "under-working-age": N_("under working age"),
    "working-age": N_("working age"),
    "pension-age": N_("pension age"),
}


def label(code: str) -> str:
    """A readable name for an education level or age group code, in the page's language."""
    if code == "none":
        return pgettext("education level", "none")
    words = EDUCATION.get(code) or AGE.get(code)
    return _(words) if words else code


def _one_per_release(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per release (``keys``): copies of a release that give the same count are one
    observation; copies that disagree are an error the data must resolve."""
    frame = frame.drop_duplicates([*keys, "persons"])
    twice = frame[frame.duplicated(keys, keep=False)]
    if len(twice):
        disagreeing = twice[[*keys, "persons", "copy_read"]].to_dict("records")
        raise DataError(f"resource 'kandas_counts': copies of one release disagree: {disagreeing}")
    return frame.reset_index(drop=True)


def releases(first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Kandas counted since 1 January of each year, one row per release of the ministry (rows with
    status official: a count derived here or the article's own is not a release; see :func:`whole_years`).

    Columns: ``year``, ``as_of`` (the count runs to the day before), ``persons``, ``months``
    (months of the year covered), ``whole_year`` (True when the count covers the full calendar
    year), ``cumulative`` (returnees since 1991 in the same release, rounded by the ministry;
    empty when not given), ``status``, ``source``, ``copy_read``.
    """
    counts = load("kandas_counts")
    counts = counts[counts.status == "official"]
    ytd = counts[
        (counts.period_start.dt.month == 1) & (counts.period_start.dt.day == 1) & (counts.period_start.dt.year >= 1992)
    ]
    ytd = _one_per_release(ytd, ["period_start", "as_of"])
    since_1991 = _one_per_release(counts[counts.period_start.dt.year == 1991], ["as_of"])
    out = pd.DataFrame(
        {
            "year": ytd.period_start.dt.year.astype(int),
            "as_of": ytd.as_of,
            "persons": ytd.persons,
            "months": (
                (ytd.as_of.dt.year - ytd.period_start.dt.year) * 12 + ytd.as_of.dt.month - ytd.period_start.dt.month
            ).astype(int),
            "status": ytd.status,
            "source": ytd.source,
            "copy_read": ytd.copy_read,
        }
    )
    out["whole_year"] = out.months == 12
    out = out.merge(since_1991[["as_of", "persons"]].rename(columns={"persons": "cumulative"}), on="as_of", how="left")
    if first_year is not None:
        out = out[out.year >= first_year]
    if last_year is not None:
        out = out[out.year <= last_year]
    return out.sort_values("as_of").reset_index(drop=True)


def whole_years(first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Kandas granted the status over whole calendar years: a release covering the whole year, or
    else a count derived here from two releases' cumulative counts (status derived, which are
    rounded by the ministry, so ``approximation`` is rounded). The article's own figures are not
    included.

    Columns: ``year``, ``persons``, ``approximation``, ``status``, ``source``, ``copy_read``,
    ``locator`` (the release, or the computation and the releases it uses).
    """
    counts = load("kandas_counts")
    counts = counts[
        counts.status.isin(["official", "derived"])
        & (counts.period_start.dt.year >= 1992)
        & (counts.period_start.dt.month == 1)
        & (counts.period_start.dt.day == 1)
        & (counts.as_of == counts.period_start + pd.DateOffset(years=1))
    ]
    out = counts.assign(year=counts.period_start.dt.year.astype(int))
    out = out.sort_values(
        ["year", "status"], key=lambda c: c.map({"official": 0, "derived": 1}) if c.name == "status" else c
    )
    out = out.drop_duplicates("year")  # a release of the whole year before a count derived from two
    if first_year is not None:
        out = out[out.year >= first_year]
    if last_year is not None:
        out = out[out.year <= last_year]
    return out[["year", "persons", "approximation", "status", "source", "copy_read", "locator"]].reset_index(drop=True)


def shares(breakdown: str, *, statuses=("official",)) -> pd.DataFrame:
    """The shares of one ``breakdown`` (origin, age or education) in every release.

    Columns: ``year``, ``as_of``, ``category``, ``base`` (all-kandas or working-age-kandas),
    ``percent``, ``status``, ``source``, ``copy_read``. ``statuses`` selects the kind of rows (the article's own
    reading of a release has status stated-by-authors).
    """
    data = load("kandas_shares")
    known = sorted(data.breakdown.unique())
    if breakdown not in known:
        raise DataError(f"unknown kandas breakdown {breakdown!r}; the data hold {', '.join(known)}")
    data = data[(data.breakdown == breakdown) & data.status.isin(statuses)]
    data = data[(data.period_start.dt.month == 1) & (data.period_start.dt.day == 1)]
    return (
        pd.DataFrame(
            {
                "year": data.period_start.dt.year.astype(int),
                "as_of": data.as_of,
                "category": data.category,
                "base": data.base,
                "percent": data.percent,
                "status": data.status,
                "source": data.source,
                "copy_read": data.copy_read,
            }
        )
        .sort_values(["as_of", "category"])
        .reset_index(drop=True)
    )


def snapshot(as_of: str, breakdown: str, *, statuses=("official",)) -> pd.DataFrame:
    """The shares of ``breakdown`` in the release dated ``as_of`` (YYYY-MM-DD), with readable labels."""
    frame = shares(breakdown, statuses=statuses)
    frame = frame[frame.as_of == pd.Timestamp(as_of)]
    if frame.empty:
        dates = sorted(shares(breakdown, statuses=statuses).as_of.dt.strftime("%Y-%m-%d").unique())
        raise DataError(f"no {breakdown} shares as of {as_of}; releases with them: {', '.join(dates)}")
    order = list(EDUCATION if breakdown == "education" else AGE if breakdown == "age" else frame.category)
    frame = frame.assign(label=frame.category.map(label), _o=frame.category.map(order.index))
    return frame.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def composition(as_of: str) -> pd.DataFrame:
    """Age groups (of all kandas) and education (of the working-age) in the release ``as_of``, stacked."""
    return pd.concat(
        [
            snapshot(as_of, "age").assign(breakdown=_("age group (all kandas)")),
            snapshot(as_of, "education").assign(breakdown=_("education (working-age kandas)")),
        ],
        ignore_index=True,
    )


def snapshot_figures(as_of: str) -> dict[str, float]:
    """The numbers section 3.1 of the article quotes from one release, recomputed.

    ``count`` (kandas since 1 January), the age shares ``working``, ``minors``, ``pension``
    (percent of all), the education shares ``higher_wa`` and ``general_wa`` (percent of the
    working-age), ``higher_all`` (the working-age with a higher education as a percent of all
    kandas: higher_wa × working / 100) and ``paper_higher`` (the share the article prints, NaN if
    it gives none for this release).
    """
    date = pd.Timestamp(as_of)
    rel = releases()
    count = rel.loc[rel.as_of == date, "persons"]
    age = snapshot(as_of, "age").set_index("category").percent
    edu = snapshot(as_of, "education").set_index("category").percent
    paper = shares("education", statuses=("stated-by-authors",))
    paper = paper[(paper.as_of == date) & (paper.category == "higher")].percent
    return {
        "count": float(count.iloc[0]) if len(count) else float("nan"),
        "working": float(age["working-age"]),
        "minors": float(age["under-working-age"]),
        "pension": float(age["pension-age"]),
        "higher_wa": float(edu["higher"]),
        "general_wa": float(edu["general-secondary"]),
        "higher_all": float(edu["higher"] * age["working-age"] / 100),
        "paper_higher": float(paper.iloc[0]) if len(paper) else float("nan"),
    }
