"""A chapter template opened in JupyterLab (as Binder opens it, through Jupytext) and saved
unchanged is written back byte for byte: the reader's first save shows no change they did not
make. The save is Jupytext's, as its contents manager does it: the configuration found beside the
file (``[tool.jupytext]`` in pyproject.toml), and the notebook's metadata as JupyterLab leaves it
once the kernel has started: the kernel's spec, set as JupyterLab 4's notebook panel sets it
(name, display name, language), and the language's details."""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import pytest
from conftest import ROOT
from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict
from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

TEMPLATES = sorted((ROOT / "book" / "chapters").glob("*.md"))


def saved_unchanged(path: Path) -> str:
    """What Jupytext writes when JupyterLab saves ``path`` without a change."""
    config = load_jupytext_configuration_file(find_jupytext_configuration_file(str(path.parent)))
    text = path.read_text(encoding="utf-8")
    fmt = jupytext.formats.long_form_one_format("md:myst")
    nb = jupytext.reads(text, fmt=fmt, config=config)
    spec = get_kernel_dict()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": spec["display_name"], "language": "python"}
    nb.metadata["language_info"] = {"name": "python", "version": ".".join(map(str, sys.version_info[:3]))}
    return jupytext.writes(nb, fmt=fmt, config=config)


def test_the_templates_are_found():
    assert len(TEMPLATES) >= 8 and all(p.read_text(encoding="utf-8").startswith("---\njupytext:") for p in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_saving_a_template_unchanged_rewrites_nothing(path):
    text = path.read_text(encoding="utf-8")
    assert saved_unchanged(path) == text, (
        f"{path.name}: a save in JupyterLab would rewrite it; write it as Jupytext does "
        "(the front matter's keys, a blank line after a cell's options, the kernel's display name)"
    )
