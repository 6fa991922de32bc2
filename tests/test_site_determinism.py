"""Two clean builds of the same checkout give the same site: the same chart specifications, the
same tables, the same data downloads and the same manifest. (Charts are embedded under ids
derived from their figure's name, so even the pages' chart markup is the same.)"""

from __future__ import annotations

import pytest
from conftest import article, chart_specs, toc_docnames

pytestmark = pytest.mark.slow


def _tables(site, docname) -> list[str]:
    return [str(t) for t in article(site, docname).find_all("table")]


def _downloads(site) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "_downloads").rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("docname", toc_docnames())
def test_two_builds_give_the_same_charts_and_tables(site, second_build, docname):
    other = second_build.html
    first_specs, second_specs = chart_specs(site, docname), chart_specs(other, docname)
    assert first_specs == second_specs, f"{docname}: chart specifications differ between two builds"
    assert _tables(site, docname) == _tables(other, docname), f"{docname}: tables differ between two builds"


def test_two_builds_give_the_same_downloads_and_manifest(site, second_build):
    first, second = _downloads(site), _downloads(second_build.html)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files that differ between two builds: {differ}"
    assert (site / "manifest.json").read_bytes() == (second_build.html / "manifest.json").read_bytes()
