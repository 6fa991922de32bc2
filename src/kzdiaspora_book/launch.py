"""The notebooks Binder opens: one per executed page, its template with the page's parameters.

A page's launch (Binder) button opens ``notebooks/<page>.md``: the page's template (a MyST
notebook) whose cell tagged ``parameters`` assigns the values the page was built with, so that
the Kyrgyzstan profile opens on Kyrgyzstan although the profiles share one template. Binder
cannot pass parameters to a notebook, and the repository holds each template once; so
``postBuild`` writes these notebooks when Binder builds its image
(``python -m kzdiaspora_book.launch``), and git ignores them. The Russian edition's pages open
``notebooks/ru/<page>.md``, the same notebooks with ``language = "ru"``. They are written as Jupytext writes
them, so that a reader's first save changes nothing they did not change.

Run ``python -m kzdiaspora_book.launch [book]`` from the project's root.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import yaml

from . import editions, parameters, runner

#: Where the launch notebooks are written, relative to the project's root.
FOLDER = "notebooks"


def path(docname: str, language: str = "en") -> str:
    """Where the launch notebook of page ``docname`` is, relative to the project's root: in
    ``notebooks/`` for the English page, ``notebooks/<language>/`` for another edition's."""
    return f"{FOLDER}/{docname}.md" if language == "en" else f"{FOLDER}/{language}/{docname}.md"


def literal(value) -> str:
    """``value`` as Python source in the house style (text in double quotes)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def set_parameters(source: str, values: dict) -> str:
    """A parameters cell's ``source`` with the value assigned to each name of ``values`` replaced
    (its annotation and comment kept). Raises KeyError for a name the cell does not assign."""
    lines = source.split("\n")
    spans = {}
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and getattr(node, "value", None) is not None:
                spans[target.id] = node.value
    for name in sorted(values, key=lambda n: (spans[n].lineno, spans[n].col_offset), reverse=True):
        value = spans[name]
        first, last = value.lineno - 1, value.end_lineno - 1
        head, tail = lines[first][: value.col_offset], lines[last][value.end_col_offset :]
        lines[first : last + 1] = [head + literal(values[name]) + tail]
    return "\n".join(lines)


def notebook(page: runner.Page):
    """The launch notebook of ``page`` (a Jupytext notebook)."""
    import jupytext  # imported here: only writing the notebooks needs it

    nb = jupytext.read(page.template)
    template = parameters.declared(nb)
    values, problems = parameters.problems(page.parameters, template)
    unknown = sorted(set(values) - set(template))
    if problems or unknown:
        raise ValueError(f"page {page.docname}: {'; '.join([*problems.values(), *unknown])}")
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = set_parameters(cell.source, values)
    return nb


def write(root: Path, book_dir: Path | None = None) -> list[Path]:
    """Write the launch notebook of every executed page of every edition under ``root / FOLDER``
    (the Russian pages' under ``notebooks/ru/``, with ``language = "ru"``); returns them."""
    # Jupytext is needed only here, when Binder's postBuild writes the notebooks, not by the book's build
    import jupytext
    from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file

    root = Path(root).resolve()
    book_dir = Path(book_dir or root / "book")
    config_path = runner.find_config(book_dir)
    jobs = (yaml.safe_load(config_path.read_text(encoding="utf-8")) or {})["sphinx"]["config"]["papermill_jobs"]
    config = load_jupytext_configuration_file(find_jupytext_configuration_file(str(root)))
    written = []
    for language in editions.LANGUAGES:
        edition = jobs if language == editions.ORIGINAL else editions.translated_jobs(jobs, language)
        for page in runner.plan(edition, book_dir):
            target = root / path(page.docname, language)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(jupytext.writes(notebook(page), fmt="md:myst", config=config), encoding="utf-8")
            written.append(target)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kzdiaspora_book.launch", description=__doc__.split("\n")[0])
    ap.add_argument("book_dir", nargs="?", default="book")
    a = ap.parse_args(argv)
    for target in write(Path.cwd(), Path(a.book_dir)):
        print(target.relative_to(Path.cwd()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
