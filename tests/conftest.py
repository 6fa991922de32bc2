"""Shared fixtures: a throw-away copy of the data package and bibliography to corrupt."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzdiaspora import paths


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
