"""Shared fixtures: a throw-away copy of the data package to corrupt, the project's paths, and
one strict build of the whole book per test run."""
from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from kzdiaspora import paths
from kzdiaspora_book import runner, sandbox

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


class PackageCopy:
    """A copy of data/ and references.bib in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path):
        self.data = root / "data"
        shutil.copytree(paths.DATA, self.data)
        self.bib = root / "references.bib"
        shutil.copy(paths.BIBLIOGRAPHY, self.bib)
        self.datapackage = self.data / "datapackage.json"

    def path(self, name: str) -> Path:
        return self.data / name

    def lines(self, name: str) -> list[str]:
        return self.path(name).read_text(encoding="utf-8").splitlines()

    def write_lines(self, name: str, lines: list[str]) -> None:
        self.path(name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def set_cell(self, name: str, line: int, column: str, value: str) -> None:
        """Replace one cell (``line`` counted from 1, the header being line 1)."""
        import csv
        import io

        rows = list(csv.reader(io.StringIO(self.path(name).read_text(encoding="utf-8"))))
        rows[line - 1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        self.path(name).write_text(out.getvalue(), encoding="utf-8")

    def kwargs(self) -> dict:
        return {"datapackage": self.datapackage, "bibfile": self.bib}


@pytest.fixture
def pkg(tmp_path) -> PackageCopy:
    return PackageCopy(tmp_path)



def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def planned_pages() -> list[runner.Page]:
    return runner.plan(book_config()["sphinx"]["config"]["papermill_jobs"], ROOT / "book")


def toc_docnames() -> list[str]:
    """Every document of the table of contents, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


@dataclass
class Build:
    project: Path   # the copy of the project that was built
    html: Path      # the site
    log: str        # everything jupyter-book printed
    returncode: int


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Build:
    """The book built from scratch, strictly, from a copy of this checkout (slow: a minute or so)."""
    project = sandbox.copy_project(tmp_path_factory.mktemp("project"))
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "--path-output", str(out), "book/"],
        cwd=project, env=sandbox.environment(project), capture_output=True, text=True, timeout=1800,
    )
    return Build(project, out / "_build" / "html", proc.stdout + proc.stderr, proc.returncode)


@pytest.fixture(scope="session")
def site(built_book) -> Path:
    """The built site; fails (once per test) if the build did not succeed."""
    if built_book.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {built_book.returncode}):\n{built_book.log[-6000:]}")
    return built_book.html
