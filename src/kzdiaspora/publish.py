"""Putting results on the page: glued numbers, numbered figures and tables with their footer.

Every figure and table the book shows goes through :func:`figure` or :func:`table`, which add
under it the data source (citations into the bibliography) and, where the source was read in a
copy, the copy read (the ``copy_read`` column of the data shown), a download of exactly the data
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


def _published() -> dict[str, list[str]]:
    """The figures and tables already shown on this page: name -> the bibliography keys they cite."""
    shown: dict[str, list[str]] = {}
    log = assets_dir() / "manifest.jsonl"
    if log.is_file():
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry.get("kind") in ("figure", "table") and entry.get("page") == page():
                shown[entry["name"]] = entry["sources"]
    return shown


def _resolve_sources(name: str, sources: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split ``sources`` into bibliography keys and names of figures or tables shown earlier on
    the page (whose sources this one shares). Returns (every key, including those of the named
    figures and tables; the names)."""
    sources = list(sources)
    if not sources:
        raise ValueError(f"{name}: a figure or table needs at least one source")
    shown = _published()
    keys, via = [], []
    for source in sources:
        if source in shown:
            via.append(source)
            keys.extend(shown[source])
        else:
            keys.append(source)
    return list(dict.fromkeys(keys)), via


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


def _code_refs(code: Iterable[Callable]) -> list[dict]:
    """For each function: its qualified name, its source file (relative to the project) and the
    line where it is defined."""
    refs = []
    for fn in code:
        source = Path(inspect.getsourcefile(inspect.getmodule(fn))).resolve()
        refs.append({"function": f"{fn.__module__}.{fn.__qualname__}",
                     "file": os.path.relpath(source, paths.ROOT).replace(os.sep, "/"),
                     "line": inspect.getsourcelines(fn)[1]})
    return refs


def copies_read(*frames: pd.DataFrame) -> list[str]:
    """The bibliography keys of the copies read in ``frames``: their ``copy_read`` and
    ``*_copy_read`` columns (``;`` between several keys in a cell), each key once, in order."""
    cells = [cell for frame in frames for col in frame.columns if str(col) == "copy_read" or str(col).endswith("_copy_read")
             for cell in frame[col].dropna().astype(str)]
    return list(dict.fromkeys(k.strip() for cell in cells for k in cell.split(";") if k.strip()))


def _footer(name: str, sources: Iterable[str], csv: Path, code: Iterable[Callable], note: str | None,
            copies: Iterable[str] = ()) -> str:
    """The provenance line under a figure or table: note, sources (and the copies they were read
    in), data download, code.

    ``sources`` are bibliography keys, or names of figures or tables shown earlier on the same
    page: those are referred to by number ("the sources of Table 12") instead of citing their
    sources again."""
    sources = list(sources)
    shown = _published()
    keys = [s for s in sources if s not in shown]
    refs = [s for s in sources if s in shown]
    parts = []
    if note:
        parts.append(f"**Note:** {note}")
    cited = [f"{{cite:p}}`{','.join(keys)}`"] if keys else []
    cited += [f"the sources of {{numref}}`{r}`" for r in refs]
    copies = [c for c in copies if c not in keys]
    read_in = f"; read in {{cite:p}}`{','.join(copies)}`" if copies else ""
    parts.append(f"**Source:** {'; '.join(cited)}{read_in}.")
    parts.append(f"**Data:** {{download}}`{csv.name} <{_site_path(csv)}>`.")
    code_links = []
    template = os.environ.get(TEMPLATE_ENV)
    if template:
        code_links.append(f"{{download}}`{template} </{template}>`")
    for ref in _code_refs(code):
        path = _site_path(paths.ROOT / ref["file"])
        code_links.append(f"{{download}}`{ref['function']} <{path}>` (line {ref['line']})")
    if code_links:
        parts.append("**Code:** " + ", ".join(code_links) + ".")
    return ":::{container} provenance\n" + " ".join(parts) + "\n:::"


def _write_csv(name: str, data: pd.DataFrame) -> Path:
    csv = assets_dir() / f"{name}.csv"
    data.to_csv(csv, index=False, lineterminator="\n")
    return csv


def figure(chart, name: str, *, caption: str, description: str, sources: Iterable[str],
           data: pd.DataFrame, code: Iterable[Callable] = (), note: str | None = None,
           read_in: Iterable[str] | None = None):
    """Show an altair chart as a numbered figure (label ``name``) with its footer.

    ``description`` is the text alternative read by screen readers; ``data`` is exactly what
    the chart plots, offered as a CSV download; ``sources`` are keys of the bibliography;
    ``read_in`` the keys of the copies they were read in (default: :func:`copies_read` of
    ``data``); ``code`` the library functions that computed the data.
    """
    chart = chart.properties(description=description)
    csv = _write_csv(name, data)
    keys, via = _resolve_sources(name, sources)
    copies = copies_read(data) if read_in is None else list(dict.fromkeys(read_in))
    footer = _footer(name, sources, csv, code, note, copies)
    spec = _fit_to_column(chart.to_dict())
    _record({"kind": "figure", "name": name, "caption": caption, "description": description,
             "sources": keys, "read_in": copies, "via": via, "data": csv.name, "code": _code_refs(code),
             "spec": spec})
    if not building():
        display(chart)
        display(Markdown(f"**{caption}**\n\n{footer}"))
        return
    _glue(name, ChartHTML(spec, f"altair-viz-{name}"))
    display(Markdown(f"{_FENCE}{{glue:figure}} {name}\n:name: {name}\n\n{caption}\n\n{footer}\n{_FENCE}\n"))


def _fit_to_column(spec: dict) -> dict:
    """A single chart (one mark or layers of marks) over a continuous x axis, with no width of
    its own, takes the width of the page's column (Vega-Lite's ``"container"`` width): wider on
    a large screen, and whole on a phone's. Other charts keep their size (a chart wider than the
    screen scrolls inside its box)."""
    if "width" in spec or not {"mark", "layer"} & spec.keys():
        return spec
    encodings = [spec.get("encoding", {}), *(layer.get("encoding", {}) for layer in spec.get("layer", []))]
    types = {enc["x"].get("type") for enc in encodings if isinstance(enc.get("x"), dict)}
    if types and types <= {"quantitative", "temporal"}:
        return {**spec, "width": "container"}
    return spec


class ChartHTML:
    """A chart as the book's pages show it: a container and one call of vega-embed.

    The page loads the Vega libraries once (the book's Sphinx extension adds them to every page
    with a chart), so a chart needs neither altair's script loader nor a random element id: the
    id is derived from the figure's name, and the same data give the same page."""

    def __init__(self, spec: dict, element_id: str):
        self.spec, self.element_id = spec, element_id

    def _repr_mimebundle_(self, include=None, exclude=None):
        import altair as alt

        options = {"mode": "vega-lite", **alt.renderers.options.get("embed_options", {})}
        spec = json.dumps(self.spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        # vega-embed's menu button (export, view source) is an icon: name it for screen readers
        name_menu = ('function () { var s = document.querySelector("#%s details > summary"); '
                     'if (s) s.setAttribute("aria-label", "Save the chart or view its source"); }' % self.element_id)
        html = (f'<div id="{self.element_id}" class="book-chart"></div>\n'
                f'<script type="text/javascript">vegaEmbed(document.getElementById("{self.element_id}"), {_script_safe(spec)}, '
                f'{json.dumps(options, sort_keys=True)}).then({name_menu}).catch(function (err) {{ console.error(err); }});</script>')
        return {"text/html": html, "text/plain": f"<chart {self.element_id}>"}


def _script_safe(text: str) -> str:
    """JSON inside an HTML ``<script>``: no sequence in it may close the element."""
    return text.replace("<", "\\u003c")


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


def html_table(frame: pd.DataFrame, code: Iterable[str] = ()) -> str:
    """``frame`` as a plain HTML table, for long reference tables that are not results (a data
    dictionary): once rendered, a Markdown table weighs three to four times as much. Text is
    escaped; the columns named in ``code`` are shown as code."""
    from html import escape

    code = set(code)

    def cell(column, value) -> str:
        text = escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))
        return f"<td><code>{text}</code></td>" if column in code and text else f"<td>{text}</td>"

    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    body = "\n".join("<tr>" + "".join(cell(c, v) for c, v in zip(frame.columns, row)) + "</tr>"
                     for row in frame.itertuples(index=False))
    return (f'<div class="pst-scrollable-table-container book-table"><table class="table">\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>")


def table(frame: pd.DataFrame, name: str, *, caption: str, sources: Iterable[str],
          data: pd.DataFrame | None = None, code: Iterable[Callable] = (), note: str | None = None,
          align: dict | None = None, read_in: Iterable[str] | None = None):
    """Show ``frame`` (already formatted for reading) as a numbered table with its footer.

    ``data`` is the machine-readable version offered for download (default: ``frame``);
    ``read_in`` the copies the sources were read in (default: :func:`copies_read` of ``data``).
    """
    data = frame if data is None else data
    csv = _write_csv(name, data)
    keys, via = _resolve_sources(name, sources)
    copies = copies_read(data) if read_in is None else list(dict.fromkeys(read_in))
    footer = _footer(name, sources, csv, code, note, copies)
    _record({"kind": "table", "name": name, "caption": caption, "sources": keys, "read_in": copies, "via": via,
             "data": csv.name, "code": _code_refs(code),
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
