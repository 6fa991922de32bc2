"""Putting results on the page: glued numbers, numbered figures and tables with their footer.

Every figure and table the book shows goes through :func:`figure` or :func:`table`, which add
under it the data source (citations into the bibliography), a download of exactly the data
shown (CSV) and the code that made it, and record it in the page's manifest. Every number in
the prose goes through :func:`number` (or :func:`text`), which glues the formatted value.

When the book is built, the runner sets ``$BOOK_PAGE`` (the page's name), ``$BOOK_TEMPLATE``
(its template, relative to ``book/``) and ``$BOOK_ASSETS`` (where the page's files go); the
functions then emit MyST that Sphinx numbers and cross-links. In an interactive session
(Binder, Jupyter) they show the chart or table directly with a plain caption.
"""
from __future__ import annotations

import inspect
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
from IPython.display import Markdown, display

from . import fmt, paths

PAGE_ENV, TEMPLATE_ENV, ASSETS_ENV = "BOOK_PAGE", "BOOK_TEMPLATE", "BOOK_ASSETS"
_FENCE = "`" * 3


def building() -> bool:
    """True while the book's runner executes the page (as opposed to a reader's session)."""
    return PAGE_ENV in os.environ


def page() -> str:
    return os.environ.get(PAGE_ENV, "interactive")


def assets_dir() -> Path:
    folder = Path(os.environ.get(ASSETS_ENV) or Path(tempfile.gettempdir()) / "kzdiaspora")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _site_path(path: Path) -> str:
    """A path for Sphinx's download role: absolute paths there are relative to book/."""
    return "/" + os.path.relpath(path, paths.BOOK).replace(os.sep, "/")


def _record(entry: dict) -> None:
    with open(assets_dir() / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"page": page(), **entry}, default=str, ensure_ascii=False) + "\n")


def _glue(key: str, value) -> None:
    from myst_nb import glue

    glue(key, value, display=False)


def number(key: str, value, format: Callable = fmt.count, **options) -> None:
    """Glue ``value`` formatted by ``format`` (a function of :mod:`kzdiaspora.fmt`) under ``key``.

    Use it in the prose as ``{glue:text}`key```.
    """
    text = format(value, **options)
    _glue(key, text)
    _record({"kind": "number", "key": key, "value": None if pd.isna(value) else value, "text": text})


def text(key: str, value) -> None:
    """Glue a computed word or phrase (a country name, a range of years) under ``key``."""
    _glue(key, str(value))
    _record({"kind": "text", "key": key, "text": str(value)})


def _code_refs(code: Iterable[Callable]) -> list[tuple[str, str]]:
    refs = []
    for fn in code:
        module = inspect.getmodule(fn)
        name = f"{fn.__module__}.{fn.__qualname__}"
        refs.append((name, _site_path(Path(inspect.getsourcefile(module)))))
    return refs


def _footer(name: str, sources: Iterable[str], csv: Path, code: Iterable[Callable], note: str | None) -> str:
    sources = list(sources)
    if not sources:
        raise ValueError(f"{name}: a figure or table needs at least one source")
    parts = []
    if note:
        parts.append(f"**Note:** {note}")
    parts.append(f"**Source:** {{cite:p}}`{','.join(sources)}`.")
    parts.append(f"**Data:** {{download}}`{csv.name} <{_site_path(csv)}>`.")
    code_links = []
    template = os.environ.get(TEMPLATE_ENV)
    if template:
        code_links.append(f"{{download}}`{template} </{template}>`")
    for qualname, src in _code_refs(code):
        code_links.append(f"{{download}}`{qualname} <{src}>`")
    if code_links:
        parts.append("**Code:** " + ", ".join(code_links) + ".")
    return ":::{container} provenance\n" + " ".join(parts) + "\n:::"


def _write_csv(name: str, data: pd.DataFrame) -> Path:
    csv = assets_dir() / f"{name}.csv"
    data.to_csv(csv, index=False, lineterminator="\n")
    return csv


def figure(chart, name: str, *, caption: str, description: str, sources: Iterable[str],
           data: pd.DataFrame, code: Iterable[Callable] = (), note: str | None = None):
    """Show an altair chart as a numbered figure (label ``name``) with its footer.

    ``description`` is the text alternative read by screen readers; ``data`` is exactly what
    the chart plots, offered as a CSV download; ``sources`` are keys of the bibliography;
    ``code`` the library functions that computed the data.
    """
    chart = chart.properties(description=description)
    csv = _write_csv(name, data)
    footer = _footer(name, sources, csv, code, note)
    _record({"kind": "figure", "name": name, "caption": caption, "description": description,
             "sources": list(sources), "data": csv.name, "code": [q for q, _ in _code_refs(code)],
             "spec": chart.to_dict()})
    if not building():
        display(chart)
        display(Markdown(f"**{caption}**\n\n{footer}"))
        return
    _glue(name, chart)
    display(Markdown(f"{_FENCE}{{glue:figure}} {name}\n:name: {name}\n\n{caption}\n\n{footer}\n{_FENCE}\n"))


def _cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return str(value).replace("|", "\\|").replace("\n", " ")


_NUMERIC = re.compile(r"^[+−-]?[\d,.]+( ?%)?$|^–$")


def _numeric(column: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna().astype(str)
    return len(values) > 0 and values.str.match(_NUMERIC).all()


def markdown_table(frame: pd.DataFrame, align: dict | None = None) -> str:
    """A pipe table; columns of numbers (also formatted ones) are right-aligned unless
    ``align`` ({column: "left" | "right"}) says otherwise."""
    align = align or {}
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = []
    for col in frame.columns:
        side = align.get(col) or ("right" if _numeric(frame[col]) else "left")
        rule.append("---:" if side == "right" else ":---")
    lines = [header, "| " + " | ".join(rule) + " |"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


def table(frame: pd.DataFrame, name: str, *, caption: str, sources: Iterable[str],
          data: pd.DataFrame | None = None, code: Iterable[Callable] = (), note: str | None = None,
          align: dict | None = None):
    """Show ``frame`` (already formatted for reading) as a numbered table with its footer.

    ``data`` is the machine-readable version offered for download (default: ``frame``).
    """
    data = frame if data is None else data
    csv = _write_csv(name, data)
    footer = _footer(name, sources, csv, code, note)
    _record({"kind": "table", "name": name, "caption": caption, "sources": list(sources),
             "data": csv.name, "code": [q for q, _ in _code_refs(code)],
             "columns": [str(c) for c in frame.columns], "rows": len(frame)})
    if not building():
        display(Markdown(f"**{caption}**"))
        display(frame)
        display(Markdown(footer))
        return
    display(Markdown(
        f":::{{table}} {caption}\n:name: {name}\n:align: left\n\n{markdown_table(frame, align)}\n:::\n\n"
        f"{footer}\n"
    ))
