"""The press module: theme lists, counts with zeros, co-occurrence and the offline filter box."""

import pandas as pd
import pytest

from kzdiaspora import press


def _items():
    return pd.DataFrame(
        {
            "item_id": ["P1", "P2", "P3", "P4"],
            "outlet": ["A", "A", "B", "B"],
            "year": [2023, 2024, 2024, 2024],
            "themes": ["kandas;Ata-Zholy", "kandas; repatriation-statistics", "Ata-Zholy;kandas;Otandastar", None],
        }
    )


def test_split_themes():
    assert press.split_themes("kandas; Ata-Zholy;") == ["kandas", "Ata-Zholy"]
    assert press.split_themes(None) == [] and press.split_themes(pd.NA) == []


def test_themes_long_one_row_per_item_and_theme():
    long = press.themes_long(_items(), keep=["year", "outlet"])
    assert len(long) == 7
    assert set(long[long.item_id == "P3"].theme) == {"Ata-Zholy", "kandas", "Otandastar"}
    assert "P4" not in set(long.item_id)


def test_themes_long_rejects_code_outside_codebook():
    with pytest.raises(ValueError, match=r"item 'P2': theme 'repatriation-statistics' is not in the codebook"):
        press.themes_long(_items(), codebook=["kandas", "Ata-Zholy", "Otandastar"])


def test_theme_counts_by_year_includes_zeros():
    long = press.themes_long(_items(), keep=["year", "outlet"])
    counts = press.theme_counts(long, "year").set_index(["theme", "year"])["items"]
    assert counts[("kandas", 2024)] == 2
    assert counts[("Otandastar", 2023)] == 0
    assert len(counts) == 4 * 2


def test_theme_counts_restricted_to_chosen_themes():
    long = press.themes_long(_items(), keep=["year", "outlet"])
    counts = press.theme_counts(long, "outlet", themes=["kandas"])
    assert list(counts.theme.unique()) == ["kandas"]
    assert counts.set_index("outlet")["items"].to_dict() == {"A": 2, "B": 1}


def test_cooccurrence_counts_items_with_both_themes():
    pairs = press.cooccurrence(press.themes_long(_items()))
    top = pairs.iloc[0]
    assert (top.theme_a, top.theme_b, top["items"]) == ("Ata-Zholy", "kandas", 2)
    assert len(pairs) == 4  # Ata-Zholy–kandas, Ata-Zholy–Otandastar, Otandastar–kandas, kandas–repatriation
    assert (pairs.theme_a < pairs.theme_b).all()


def test_filter_box_is_self_contained():
    html = press.filter_box("tab-press-items")
    assert 'id="tab-press-items-filter"' in html
    assert '"tab-press-items"' in html
    assert "http" not in html  # nothing fetched from another host


def test_items_with_and_items_in_both():
    items = _items()
    long = press.themes_long(items)
    assert press.items_with(long, ["Ata-Zholy", "Otandastar"]) == 2
    assert press.items_in_both(items, ["Otandastar"], ["kandas"]) == 1
    assert press.items_in_both(items, ["repatriation-statistics"], ["Ata-Zholy"]) == 0


def test_corpus_filters_years_and_themes_and_checks_codes():
    everything = press.corpus()
    window = press.corpus(2023, 2024)
    assert window.year.between(2023, 2024).all() and len(window) < len(everything)
    chosen = press.corpus(2023, 2024, ["digital-tools"])
    assert chosen.theme_list.map(lambda ts: "digital-tools" in ts).all() and len(chosen) >= 1
    assert set(window.when.str.len()) <= {4, 7, 10}
    with pytest.raises(Exception, match="unknown press theme"):
        press.corpus(themes=["no-such-theme"])


def test_items_we_could_not_read_are_listed_but_never_counted():
    read, listed = press.corpus(2023, 2024), press.corpus(2023, 2024, unread=True)
    unread = listed[~listed.item_id.isin(read.item_id)]
    assert (unread.status == press.UNREAD).all() and len(unread) >= 1 and (read.status != press.UNREAD).all()
    assert len(listed) == len(read) + len(unread)
    # the article's point on professional networks rests, among the items read, on those alone
    networks = press.group_counts(read)["networks"]
    assert networks == press.group_counts(listed)["networks"] - unread.themes.str.contains("business-networks").sum()


def test_every_corpus_theme_is_in_the_codebook():
    codes = list(press.codebook().code)
    long = press.themes_long(press.corpus(), codebook=codes)
    assert set(long.theme) <= set(codes)


def test_heatmap_builds():
    long = press.themes_long(_items(), keep=["year"])
    spec = press.heatmap(press.theme_counts(long, "year"), "year", "theme").to_dict()
    assert "layer" in spec


def test_group_counts_symmetric_and_description():
    counts = press.group_counts(_items(), {"a": ["kandas"], "b": ["Otandastar", "Ata-Zholy"]})
    assert counts == {"a": 3, "b": 2}
    pairs = press.cooccurrence(press.themes_long(_items()))
    order = ["kandas", "Ata-Zholy", "Otandastar", "repatriation-statistics"]
    grid = press.triangle(pairs, {t: t for t in order}, order)
    assert len(grid) == len(pairs) and set(grid.columns) == {"theme", "with", "items"}
    assert all(order.index(t) > order.index(w) for t, w in zip(grid.theme, grid["with"]))
    text = press.describe_grid(press.theme_counts(press.themes_long(_items(), keep=["year"]), "year"), "year", "theme")
    assert text.startswith("Grid of 4 rows (theme) by 2 columns (year), 6 non-empty cells: kandas, 2024: 2")
