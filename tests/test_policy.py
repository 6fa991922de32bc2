"""The policy module: migration periods, their sums and signs, and the two net-migration series."""
import pandas as pd
import pytest

from kzdiaspora import policy


def _series(values: dict) -> pd.DataFrame:
    rows = [{"year": y, "net": float(v)} for y, vs in values.items() for v in (vs if isinstance(vs, list) else [vs])]
    return pd.DataFrame(rows)


def test_check_periods_accepts_lists_and_rejects_bad_ones():
    assert policy.check_periods([[1991, 2000], [2001, 2010]]) == [(1991, 2000), (2001, 2010)]
    with pytest.raises(ValueError, match="period 1: first year 2000 is after last year 1991"):
        policy.check_periods([(2000, 1991)])
    with pytest.raises(ValueError, match="period 2 .* overlaps"):
        policy.check_periods([(1991, 2000), (2000, 2010)])
    with pytest.raises(ValueError, match="two years"):
        policy.check_periods([(1991,)])


def test_period_sums_counts_coverage_and_sign():
    sums = policy.period_sums(_series({2001: -5, 2002: 3, 2011: 4, 2012: 6}), [(2001, 2003), (2011, 2012), (2020, 2021)])
    first, second, third = sums.to_dict("records")
    assert first["net"] == -2 and first["sign"] == -1 and first["years_covered"] == 2 and not first["complete"]
    assert second["net"] == 10 and second["sign"] == 1 and second["complete"]
    assert third["years_covered"] == 0 and pd.isna(third["sign"])


def test_period_sums_range_when_releases_disagree():
    sums = policy.period_sums(_series({2024: [17164, 16550], 2023: 9293}), [(2023, 2024)])
    row = sums.iloc[0]
    assert (row.low, row.high) == (9293 + 16550, 9293 + 17164)
    assert row.net == pytest.approx((row.low + row.high) / 2)
    assert row.years_covered == 2 and row.sign == 1


def test_period_sums_ambiguous_sign_is_missing():
    sums = policy.period_sums(_series({2024: [-10, 10]}), [(2024, 2024)])
    assert pd.isna(sums.sign.iloc[0])


def test_against_concept():
    sums = policy.period_sums(_series({1995: -5, 2005: -1, 2015: 2}), policy.PERIODS)
    out = policy.against_concept(sums, {"1991–2000": -1, "2001–2010": 1, "2011–2022": -1})
    assert list(out.agrees) == [True, False, False]
    other = policy.against_concept(sums, {"1991–2000": -1})
    assert pd.isna(other.agrees.iloc[1])
