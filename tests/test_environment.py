"""pyproject.toml, uv.lock, requirements.lock, environment.yml (Binder) and the running
environment agree; Binder opens the chapter templates as notebooks and runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, planned_pages
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from kzdiaspora_book import sandbox

#: How requirements.lock is made from uv.lock (its header repeats the command).
EXPORT = ["export", "--frozen", "--no-hashes", "--no-emit-project", "--no-dev", "--format", "requirements.txt"]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def environment_yml() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def requirement_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def pins() -> dict[str, Requirement]:
    """requirements.lock as {normalised name: requirement (== version, maybe a marker)}."""
    out = {}
    for line in requirement_lines((ROOT / "requirements.lock").read_text(encoding="utf-8")):
        req = Requirement(line)
        assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", line
        out[canonicalize_name(req.name)] = req
    return out


def pinned_version(req: Requirement) -> Version:
    return Version(next(iter(req.specifier)).version)


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("uv is needed to check the lock files: python3 -m pip install uv==0.13.9")
        pytest.skip("uv not found: python3 -m pip install uv==0.13.9")
    return found


def test_environment_yml_is_python_pip_the_lock_and_the_project():
    env = environment_yml()
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert sorted(re.split(r"[=<>]", d)[0] for d in conda) == ["pip", "python"]
    assert pip == [["-r requirements.lock", "-e ."]]


def test_binder_python_satisfies_requires_python():
    env = environment_yml()
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    minor = re.fullmatch(r"python\s*=+\s*(\d+\.\d+)", python).group(1)
    requires = pyproject()["project"]["requires-python"]
    from packaging.specifiers import SpecifierSet

    assert Version(f"{minor}.0") in SpecifierSet(requires), (python, requires)
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == minor, "tests run on another Python than Binder"


def test_uv_lock_agrees_with_pyproject():
    proc = subprocess.run([uv(), "lock", "--check", "--offline"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, f"uv.lock is out of date; run `uv lock`:\n{proc.stderr}"


def test_requirements_lock_is_a_fresh_export_of_uv_lock():
    proc = subprocess.run([uv(), *EXPORT], cwd=ROOT, capture_output=True, text=True, check=True)
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert requirement_lines(text) == requirement_lines(proc.stdout), (
        "requirements.lock is stale; run `uv " + " ".join(EXPORT) + " -o requirements.lock`"
    )
    assert "uv " + " ".join(EXPORT) in text.splitlines()[1]


def test_every_dependency_is_pinned_in_the_lock():
    locked = pins()
    for dep in pyproject()["project"]["dependencies"]:
        req = Requirement(dep)
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is not in requirements.lock"
        assert pinned_version(locked[name]) in req.specifier, f"{locked[name]} does not satisfy {dep}"


def test_jupyter_book_is_the_version_1_line():
    req = next(Requirement(d) for d in pyproject()["project"]["dependencies"] if d.startswith("jupyter-book"))
    assert Version("2.0") not in req.specifier and Version("1.0.4") in req.specifier


def test_the_running_environment_is_the_locked_one():
    for name, req in pins().items():
        if req.marker is not None and not req.marker.evaluate():
            continue
        assert metadata.version(name) == str(pinned_version(req)), (
            f"{name}: installed {metadata.version(name)}, locked {req}"
        )


@pytest.fixture(scope="module")
def binder_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def binder(tmp_path_factory, binder_home) -> Path:
    """A copy of the project after postBuild ran in it as Binder runs it (``binder_home``: its home)."""
    home, project = binder_home, sandbox.copy_project(tmp_path_factory.mktemp("binder"))
    env = {
        **sandbox.environment(project),
        "HOME": str(home),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    subprocess.run(["bash", str(project / "postBuild")], cwd=project, env=env, check=True, capture_output=True)
    return project


def test_binder_opens_markdown_templates_as_notebooks(binder, binder_home):
    """postBuild, as Binder runs it, makes Jupytext the default viewer of .md files."""
    settings = json.loads((binder_home / ".jupyter" / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"


def test_binder_writes_each_pages_notebook_with_its_parameters(binder):
    """postBuild writes, for every executed page, its template with the page's parameters in the
    parameters cell (what the page's launch button opens), as Jupytext writes it."""
    import jupytext
    from test_templates_save import saved_unchanged

    from kzdiaspora_book import launch, parameters

    for page in planned_pages():
        notebook = binder / launch.path(page.docname)
        declared = parameters.declared(jupytext.read(notebook))
        assert {name: declared[name].default for name in page.parameters} == page.parameters, page.docname
        assert saved_unchanged(notebook) == notebook.read_text(encoding="utf-8"), page.docname


def _glued(nb) -> dict:
    return {
        o["metadata"]["scrapbook"]["name"]: o["data"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }


@pytest.mark.slow
def test_a_profiles_binder_link_runs_that_country(binder, site, monkeypatch):
    """The Kyrgyzstan page's Binder link, followed in the copy Binder made: the notebook it opens
    runs Kyrgyzstan's profile as it is, with no edit."""
    import jupytext
    from nbclient import NotebookClient

    for name in [k for k in os.environ if k.startswith("BOOK_")]:
        monkeypatch.delenv(name)
    text = (site / "profiles" / "KGZ.html").read_text(encoding="utf-8")
    url = re.search(r'href="https://mybinder\.org/[^"]*urlpath=lab/tree/([^"]+)"', text).group(1)
    notebook = binder / url
    nb = jupytext.read(notebook)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    assert _glued(nb)["country"]["application/papermill.record/text/plain"] == "'Kyrgyzstan'"


def test_a_chapter_opened_in_binder_runs_with_an_edited_parameter(monkeypatch):
    """As a Binder reader does: open the profile template as a notebook, change the country in its
    parameters cell and run every cell, without the build's runner and its environment."""
    import jupytext
    from nbclient import NotebookClient

    for name in [k for k in os.environ if k.startswith("BOOK_")]:
        monkeypatch.delenv(name)
    template = ROOT / "book" / "chapters" / "country_profile.md"
    nb = jupytext.read(template)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    edited = cell.source.replace('"UZB"', '"KGZ"').replace('"Uzbekistan"', '"Kyrgyzstan"')
    assert edited != cell.source, "the parameters cell no longer sets iso3 and country as expected"
    cell.source = edited
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(template.parent)}}
    ).execute()
    glued = _glued(nb)
    assert glued["country"]["application/papermill.record/text/plain"] == "'Kyrgyzstan'"
    assert any("claim-C48" in name for name in glued)  # a claim about Kyrgyzstan, badged on this page


def test_the_toc_link_points_at_the_root_toc():
    assert (ROOT / "book" / "_toc.yml").resolve() == (ROOT / "_toc.yml").resolve()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"<!-- test-command -->\s*```(?:bash|sh)?\n(.+?)\n```", readme, re.S).group(1).strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_installs_the_debian_packages_the_readme_lists_for_the_pdf():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"<!-- pdf-packages -->\s*```bash\n(.+?)\n```", readme, re.S).group(1)
    listed = command.split("--no-install-recommends", 1)[1].split()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installed = re.search(r"pdf_packages=\((.+?)\)", ci, re.S).group(1).split()
    assert listed and sorted(listed) == sorted(installed)
    assert 'apt_install --no-install-recommends "${missing[@]}"' in ci


def test_citation_names_the_edition_and_references_the_article():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert cff["version"] == pyproject()["project"]["version"]
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    doi = re.search(r"@article\{nurbek2025,.*?doi = \{([^}]+)\}", bib, re.S).group(1)
    assert [r["doi"] for r in cff["references"]] == [doi]


def test_the_book_reports_the_locked_versions_it_runs_with():
    """kzdiaspora.software, shown on the reproducibility page: every declared dependency, with the
    version uv.lock pins, installed at that version here (the tests run in the locked environment)."""
    import hashlib

    from kzdiaspora import software

    stack = software.versions()
    declared = [Requirement(r).name for r in pyproject()["project"]["dependencies"]]
    assert list(stack["package"]) == declared
    assert stack["as_locked"].all(), stack[~stack["as_locked"]].to_string()
    assert hashlib.sha256((ROOT / "uv.lock").read_bytes()).hexdigest().startswith(software.lock_digest())
