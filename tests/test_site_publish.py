"""What kzdiaspora.publish puts on a page while the book is built: figures and tables with their
provenance footer, charts as light and deterministic HTML, plain reference tables; and the data
dictionary's grouping of shared columns."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

from kzdiaspora import catalogue, charts, data, markup, publish


@pytest.fixture
def page(tmp_path, monkeypatch):
    """Building mode for a page ``chapters/x`` whose files go to tmp_path; collects what the
    functions display and glue."""
    monkeypatch.setenv(publish.PAGE_ENV, "chapters-test")
    monkeypatch.setenv(publish.TEMPLATE_ENV, "chapters/test.md")
    monkeypatch.setenv(publish.ASSETS_ENV, str(tmp_path))
    shown = {"display": [], "glue": {}}
    monkeypatch.setattr(publish, "display", lambda obj: shown["display"].append(obj))
    monkeypatch.setattr(publish, "_myst_glue", lambda key, value: shown["glue"].__setitem__(key, value))
    shown["records"] = lambda: [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    return shown


@charts.draws
def _chart(frame, description="Line chart of n by year."):
    chart = alt.Chart(frame).mark_line().encode(x="year:Q", y="n:Q")
    return chart.properties(description=description) if description else chart


FRAME = pd.DataFrame({"year": [2020, 2021], "n": [3, 5], "note": ["a </script> b", "c"]})


def test_figure_footer_and_deterministic_chart(page):
    publish.figure(
        _chart(FRAME), "fig-test", caption="A test.", sources=["nurbek2025"], data=FRAME, code=[data.bib_keys]
    )
    markdown = page["display"][-1].data
    assert "{glue:figure} fig-test" in markdown and ":name: fig-test" in markdown
    assert "**Source:** {cite:p}`nurbek2025`." in markdown
    assert "{download}`fig-test.csv </" in markdown
    assert "{download}`chapters/test.md </chapters/test.md>`" in markdown
    assert "{download}`kzdiaspora.data.bib_keys </../src/kzdiaspora/data.py>`" in markdown
    assert "{download}`test_site_publish._chart </../tests/test_site_publish.py>`" in markdown  # drew the chart
    chart = page["glue"]["fig-test"]
    html = chart._repr_mimebundle_()["text/html"]
    assert 'id="altair-viz-fig-test"' in html and 'getElementById("altair-viz-fig-test")' in html
    assert "</script>" not in html.split("<script", 1)[1][: -len("</script>")]  # data cannot close the script
    assert html == markup.ChartHTML(chart.spec, "altair-viz-fig-test")._repr_mimebundle_()["text/html"]
    assert chart.spec["description"] == "Line chart of n by year."
    assert chart.spec["width"] == "container"  # a single chart over a continuous axis fits the column
    assert "usermeta" not in chart.spec  # what the chart recorded of its drawing stays off the page
    (record,) = page["records"]()
    assert record["kind"] == "figure" and record["sources"] == ["nurbek2025"] and record["via"] == []
    assert record["drawn_by"] == ["test_site_publish._chart"]


def test_a_figure_needs_a_chart_drawn_and_described_by_the_library(page):
    inline = alt.Chart(FRAME).mark_line().encode(x="year:Q", y="n:Q").properties(description="Line chart.")
    with pytest.raises(ValueError, match="fig-inline: the chart was not drawn by a library function"):
        publish.figure(inline, "fig-inline", caption="Inline.", sources=["nurbek2025"], data=FRAME)
    with pytest.raises(ValueError, match="fig-mute: the chart has no description; test_site_publish._chart"):
        publish.figure(_chart(FRAME, description=None), "fig-mute", caption="Mute.", sources=["nurbek2025"], data=FRAME)


def test_sources_default_to_the_keys_of_the_data_shown(page):
    shown = FRAME.assign(source=["b2024;a2023", "a2023"], other_source=["c2020", None])
    publish.figure(_chart(shown), "fig-default", caption="Default sources.", data=shown)
    assert "**Source:** {cite:p}`a2023,b2024,c2020`." in page["display"][-1].data
    with pytest.raises(ValueError, match="tab-partial: its sources leave out keys of the data it shows: b2024, c2020"):
        publish.table(shown, "tab-partial", caption="Partial sources.", sources=["a2023"])


def test_a_chart_cites_what_it_draws_beyond_the_figures_data(page):
    chart = charts.cite(_chart(FRAME), ["naturalearth"])
    publish.figure(chart, "fig-map", caption="A map.", sources=["nurbek2025"], data=FRAME)
    assert "**Source:** {cite:p}`nurbek2025,naturalearth`." in page["display"][-1].data


def test_a_footer_can_name_a_table_shown_above_instead_of_citing_again(page):
    publish.table(FRAME, "tab-items", caption="Items.", sources=["b2024", "a2023"])
    publish.figure(_chart(FRAME), "fig-items", caption="Counts.", sources=["tab-items"], data=FRAME)
    markdown = page["display"][-1].data
    assert "**Source:** the sources of {numref}`tab-items`." in markdown
    assert "{cite:p}" not in markdown
    figure = page["records"]()[-1]
    assert figure["sources"] == ["b2024", "a2023"] and figure["via"] == ["tab-items"]


def test_a_figure_or_table_needs_a_source(page):
    with pytest.raises(ValueError, match="tab-none: a figure or table needs at least one source"):
        publish.table(FRAME, "tab-none", caption="No source.", sources=[])


@pytest.mark.parametrize(
    "spec, fits",
    [
        ({"mark": "line", "encoding": {"x": {"field": "year", "type": "quantitative"}}}, True),
        ({"layer": [{"mark": "rule", "encoding": {"x": {"field": "d", "type": "temporal"}}}]}, True),
        ({"mark": "line", "width": 300, "encoding": {"x": {"field": "year", "type": "quantitative"}}}, False),
        ({"mark": "rect", "encoding": {"x": {"field": "outlet", "type": "nominal"}}}, False),
        ({"facet": {"field": "c"}, "spec": {"mark": "bar"}}, False),
    ],
)
def test_charts_over_a_continuous_axis_fit_the_column(spec, fits):
    fitted = markup.fit_to_column(spec)
    assert (fitted.get("width") == "container") is fits
    if fits:  # its legends list their entries one under another, which a narrow column does not cut
        assert fitted["config"]["legend"]["direction"] == "vertical"


def test_html_table_escapes_and_shows_code():
    html = str(
        markup.html_table(pd.DataFrame({"Column": ["iso3", "a<b"], "Meaning": ["Code & name", None]}), code=["Column"])
    )
    assert '<th scope="col">Column</th>' in html
    assert "<td><code>iso3</code></td><td>Code &amp; name</td>" in html
    assert "<td><code>a&lt;b</code></td><td></td>" in html


def test_the_data_dictionary_gives_shared_columns_once():
    shared, own = catalogue.dictionary()
    status = shared[shared.column == "status"]
    assert len(status) == 1 and len(status.resources.iloc[0]) >= len(data.resources()) // 2
    assert not set(own[own.column == "status"].resource) & set(status.resources.iloc[0])
    described = {(r, c) for r, c in zip(own.resource, own.column)}
    described |= {(r, c) for c, users in zip(shared.column, shared.resources) for r in users}
    every = {(res["name"], c) for res in data.resources() for c in catalogue.columns(res["name"]).column}
    assert described == every  # nothing lost, nothing added


@pytest.mark.parametrize(
    "value, expected",
    [
        (lambda f: f.pct(-2.1), "−2.1 %"),
        (lambda f: f.number(-3052.3, 0), "−3,052"),
        (lambda f: f.count(-5), "−5"),
        (lambda f: f.millions(-1.5e6), "−1.5 million"),
        (lambda f: f.signed(-2.1, 1), "−2.1"),
        (lambda f: f.pct(-0.04), "0.0 %"),
        (lambda f: f.pct(2.255), "2.3 %"),
    ],
)
def test_negative_values_read_with_the_minus_sign(value, expected):
    from kzdiaspora import fmt

    assert value(fmt) == expected


def test_values_for_other_pages_are_declared_once_with_readable_names(page):
    publish.shared({"returnees_since_1991": "1,138,580"})
    assert page["glue"]["returnees_since_1991"] == "1,138,580"
    assert page["records"]()[-1] == {
        "page": "chapters-test",
        "kind": "shared",
        "key": "returnees_since_1991",
        "text": "1,138,580",
    }
    with pytest.raises(ValueError, match="declared in one place"):
        publish.shared({"other_value": "1"})


def test_a_shared_value_needs_a_readable_name(page):
    with pytest.raises(ValueError, match="'n' is not a readable name"):
        publish.shared({"n": "100"})
