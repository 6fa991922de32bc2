"""Where things live. The repository root is found from this file, so chapters executed
from any working directory (papermill, Binder, a terminal) read the same data."""

from __future__ import annotations

from pathlib import Path


def _find_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_config.yml").is_file() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        f"cannot find the repository root (a folder holding _config.yml and data/) above {here}; "
        "install the project with `pip install -e .` from a checkout"
    )


ROOT = _find_root()
DATA = ROOT / "data"
BOOK = ROOT / "book"
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = BOOK / "references.bib"
#: Each host country's account of the article, in prose, read by the country profile template.
ACCOUNTS = BOOK / "chapters" / "accounts"
