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

import importlib
import inspect
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
from IPython.display import Markdown, display

from . import bibliography, charts, fmt, footer, markup, paths
from .data import record_input

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


def download(path: Path, text: str | None = None) -> Markdown:
    """A link that downloads ``path`` (a file the page wrote in :func:`assets_dir`, or any file of
    the repository), labelled ``text`` (default: the file's name), for the page's Markdown."""
    return Markdown(f"{{download}}`{text or Path(path).name} <{_site_path(Path(path))}>`")


def _record(entry: dict) -> None:
    with open(assets_dir() / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"page": page(), **entry}, default=str, ensure_ascii=False) + "\n")


def _records() -> list[dict]:
    """What this page has recorded so far (figures, tables, glued values)."""
    log = assets_dir() / "manifest.jsonl"
    if not log.is_file():
        return []
    entries = (json.loads(line) for line in log.read_text(encoding="utf-8").splitlines())
    return [entry for entry in entries if entry.get("page") == page()]


def _published() -> dict[str, list[str]]:
    """The figures and tables already shown on this page: name -> the bibliography keys they cite."""
    return {entry["name"]: entry["sources"] for entry in _records() if entry.get("kind") in ("figure", "table")}


def _is_source_column(column) -> bool:
    column = str(column)
    return column in ("source", "sources") or column.endswith(("_source", "_sources"))


def data_sources(data: pd.DataFrame) -> list[str]:
    """The bibliography keys in the source columns of ``data`` (``source``, ``sources``,
    ``*_source``, ``*_sources``; several keys in a cell are separated by ``;``), sorted."""
    columns = [c for c in data.columns if _is_source_column(c)]
    return sorted(bibliography.keys(*(cell for c in columns for cell in data[c])))


def _resolve_sources(
    name: str, sources: Iterable[str] | None, data: pd.DataFrame, drawn: Iterable[str] = ()
) -> tuple[list[str], list[str], list[str]]:
    """What a figure or table cites: by default the keys of its data (:func:`data_sources`) and
    of what its chart draws itself (``drawn``: a map's boundaries). ``sources`` may name keys, or
    figures and tables shown earlier on the page (whose sources this one shares); they must cover
    every key of the data. Returns (every key, including those of the figures and tables named;
    the names; the sources as the footer cites them)."""
    from_data, drawn = data_sources(data), sorted(drawn)
    given = sorted({*from_data, *drawn}) if sources is None else list(sources)
    cited = list(dict.fromkeys([*given, *drawn]))
    if not cited:
        raise ValueError(f"{name}: a figure or table needs at least one source (its data have no source column)")
    shown = _published()
    keys, via = [], []
    for source in cited:
        if source in shown:
            via.append(source)
            keys.extend(shown[source])
        else:
            keys.append(source)
    missing = sorted(set(from_data) - set(keys))
    if missing:
        raise ValueError(f"{name}: its sources leave out keys of the data it shows: {', '.join(missing)}")
    return list(dict.fromkeys(keys)), via, cited


def _myst_glue(key: str, value) -> None:
    # myst_nb imports much of Sphinx: imported only once a page glues something
    from myst_nb import glue as myst_glue

    myst_glue(key, value, display=False)


def glue(key: str, output, *, kind: str, **record) -> None:
    """Glue ``output`` (text, or an IPython ``Markdown`` object) under ``key``, and record it in the
    page's manifest as ``{"kind": kind, "key": key, **record}``."""
    _myst_glue(key, output)
    _record({"kind": kind, "key": key, **record})


def number(key: str, value, format: Callable = fmt.count, **options) -> None:
    """Glue ``value`` formatted by ``format`` (a function of :mod:`kzdiaspora.fmt`) under ``key``.

    Use it in the prose as ``{glue:text}`key```.
    """
    text = format(value, **options)
    glue(key, text, kind="number", value=None if pd.isna(value) else value, text=text)


def text(key: str, value) -> None:
    """Glue a computed word or phrase (a country name, a range of years) under ``key``."""
    glue(key, str(value), kind="text", text=str(value))


#: A readable name for a value other pages cite: two words or more, in snake case.
SHARED_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")


def shared(values: dict[str, object]) -> None:
    """Publish values for other pages, declared in one place per page: each is glued as text under
    its name, which another page shows as ``{glue:text}`<page>.ipynb::<name>:s```, and recorded as
    shared in the page's manifest. Values are text already formatted (with :mod:`kzdiaspora.fmt`).

    Raises ValueError for a name that is not two words or more in snake case
    (``returnees_since_1991``); while the book is built, also for a name that the page has glued
    already (its own text shows the shared value under the same name), or when the page has
    declared its shared values already.
    """
    records = _records() if building() else []  # a reader's session may run the cell again
    if any(entry.get("kind") == "shared" for entry in records):
        raise ValueError(f"page {page()}: its values for other pages are declared in one place (one call of shared)")
    glued = {entry.get("key") for entry in records}
    for name, value in values.items():
        if not SHARED_NAME.fullmatch(name):
            raise ValueError(
                f"page {page()}: {name!r} is not a readable name for a shared value "
                "(two words or more in snake case, such as returnees_since_1991)"
            )
        if name in glued:
            raise ValueError(
                f"page {page()}: {name!r} is glued on the page already; the page's own text "
                "can show the shared value instead"
            )
        glue(name, str(value), kind="shared", text=str(value))


def prose(path: Path) -> None:
    """Show a file of the book's prose (MyST Markdown, with citation and glue roles) on the page,
    and record it as read by the page, which is executed again when the file changes."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no prose file {path}")
    record_input(path)
    display(Markdown(path.read_text(encoding="utf-8")))


def _code_refs(code: Iterable[Callable]) -> list[dict]:
    """For each function: its qualified name, its source file (relative to the project) and the
    line where it is defined."""
    refs = []
    for fn in code:
        source = Path(inspect.getsourcefile(inspect.getmodule(fn))).resolve()
        refs.append(
            {
                "function": f"{fn.__module__}.{fn.__qualname__}",
                "file": os.path.relpath(source, paths.ROOT).replace(os.sep, "/"),
                "line": inspect.getsourcelines(fn)[1],
            }
        )
    return refs


def _copies(data: pd.DataFrame, read_in: Iterable[str] | None, drawn: Iterable[str] = ()) -> list[str]:
    """The copies a footer names: ``read_in`` if given, else those of ``data``; and those of what
    a chart draws itself."""
    given = copies_read(data) if read_in is None else read_in
    return list(dict.fromkeys([*given, *drawn]))


def copies_read(*frames: pd.DataFrame) -> list[str]:
    """The bibliography keys of the copies read in ``frames``: their ``copy_read`` and
    ``*_copy_read`` columns (``;`` between several keys in a cell), each key once, in order."""
    cells = [
        cell
        for frame in frames
        for col in frame.columns
        if str(col) == "copy_read" or str(col).endswith("_copy_read")
        for cell in frame[col].dropna().astype(str)
    ]
    return list(dict.fromkeys(k.strip() for cell in cells for k in cell.split(";") if k.strip()))


def _footer(
    name: str, sources: Iterable[str], csv: Path, code: Iterable[Callable], note: str | None, copies: Iterable[str] = ()
) -> str:
    """The provenance line under a figure or table: note, sources (and the copies they were read
    in), data download, code.

    ``sources`` are bibliography keys, or names of figures or tables shown earlier on the same
    page: those are referred to by number ("the sources of Table 12") instead of citing their
    sources again."""
    sources = list(sources)
    shown = {e["name"]: e["kind"] for e in _records() if e.get("kind") in ("figure", "table")}
    keys = [s for s in sources if s not in shown]
    return footer.provenance(
        note=note,
        keys=keys,
        refs={s: shown[s] for s in sources if s in shown},
        copies=[c for c in copies if c not in keys],
        data=f"{{download}}`{csv.name} <{_site_path(csv)}>`",
        template=os.environ.get(TEMPLATE_ENV),
        functions=[
            (f"{{download}}`{ref['function']} <{_site_path(paths.ROOT / ref['file'])}>`", ref["line"])
            for ref in _code_refs(code)
        ],
    )


#: Columns of a download that count persons (``persons``, ``other_persons``): written as whole numbers.
PERSON_COLUMNS = re.compile(r"(^|_)persons$")


def _whole(value):
    """A float that is a whole number up to floating-point noise, as an int; anything else as is."""
    if isinstance(value, float) and not pd.isna(value) and abs(value - round(value)) < 1e-6:
        return int(round(value))
    return value


def _whole_numbers(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` as a download writes it: counts of persons (:data:`PERSON_COLUMNS`) rounded to whole
    persons, and every float that is a whole number written as an integer (``591970``, not
    ``591970.0`` or ``-16027.000000000002``); other values are left as they are."""
    out = data.copy()
    for col in out.columns[out.dtypes.map(pd.api.types.is_float_dtype)]:
        values = out[col].round() if PERSON_COLUMNS.search(str(col)) else out[col]
        whole = [_whole(v) for v in values]
        if all(isinstance(v, int) or pd.isna(v) for v in whole):
            out[col] = pd.array([None if pd.isna(v) else v for v in whole], dtype="Int64")
        else:
            out[col] = pd.Series(whole, index=values.index, dtype=object)
    return out


def _write_csv(name: str, data: pd.DataFrame) -> Path:
    csv = assets_dir() / f"{name}.csv"
    _whole_numbers(data).to_csv(csv, index=False, lineterminator="\n")
    return csv


def _function(qualified: str) -> Callable:
    """A library function by its qualified name (``kzdiaspora.maps.points``)."""
    module, _, name = qualified.rpartition(".")
    while module:
        try:
            return getattr(importlib.import_module(module), name)
        except ModuleNotFoundError:
            module, _, outer = module.rpartition(".")
            name = f"{outer}.{name}"
    raise LookupError(f"no function {qualified}")


def figure(
    chart,
    name: str,
    *,
    caption: str,
    data: pd.DataFrame,
    sources: Iterable[str] | None = None,
    code: Iterable[Callable] = (),
    note: str | None = None,
    read_in: Iterable[str] | None = None,
):
    """Show a chart drawn by the library as a numbered figure (label ``name``) with its footer.

    ``data`` is exactly what the chart plots, offered as a CSV download; ``sources`` default to
    the bibliography keys of ``data`` and of what the chart draws itself (see
    :func:`_resolve_sources`), ``read_in`` to the copies they were read in (:func:`copies_read`
    of ``data``, and of what the chart draws); ``code`` lists the library functions that computed
    the data. The functions that drew the chart (:func:`kzdiaspora.charts.draws`) join the
    footer's code, and its description (read by screen readers) is the one the drawing function gave.
    """
    record = charts.meta(chart)
    drawn_by, drawn = record.get("drawn_by"), _drawn_spec(chart, name)
    spec, description = markup.fit_to_column(drawn), drawn["description"]
    code = list(dict.fromkeys([*code, *map(_function, drawn_by)]))
    csv = _write_csv(name, data)
    keys, via, cited = _resolve_sources(name, sources, data, record.get("sources", ()))
    copies = _copies(data, read_in, record.get("read_in", ()))
    footer = _footer(name, cited, csv, code, note, copies)
    _record(
        {
            "kind": "figure",
            "name": name,
            "caption": caption,
            "description": description,
            "sources": keys,
            "read_in": copies,
            "via": via,
            "data": csv.name,
            "code": _code_refs(code),
            "drawn_by": drawn_by,
            "spec": spec,
        }
    )
    if not building():
        display(chart)
        display(Markdown(f"**{caption}**\n\n{footer}"))
        return
    _myst_glue(name, markup.ChartHTML(spec, f"altair-viz-{name}", pdf=markup.chart_pdf(drawn)))
    display(Markdown(f"{_FENCE}{{glue:figure}} {name}\n:name: {name}\n\n{caption}\n\n{footer}\n{_FENCE}\n"))


def _drawn_spec(chart, name: str) -> dict:
    """The chart's specification without the record of how it was drawn (the page embeds it fitted
    to the column; print draws it as it is); a chart not drawn or not described by the library is
    refused."""
    drawn_by = charts.meta(chart).get("drawn_by")
    if not drawn_by:
        raise ValueError(f"{name}: the chart was not drawn by a library function (kzdiaspora.charts.draws)")
    spec = chart.to_dict()
    spec.pop("usermeta", None)
    if not spec.get("description"):
        raise ValueError(f"{name}: the chart has no description; {drawn_by[0]} should give it one")
    return spec


def _status_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """A displayed column named status shows each row status in words (:func:`fmt.status`); the
    download keeps the codes."""
    columns = [c for c in frame.columns if str(c).lower() == "status"]
    if not columns:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: fmt.status(v) if v in fmt.STATUS_WORDS else v) for c in columns})


def table(
    frame: pd.DataFrame,
    name: str,
    *,
    caption: str,
    sources: Iterable[str] | None = None,
    data: pd.DataFrame | None = None,
    code: Iterable[Callable] = (),
    note: str | None = None,
    align: dict | None = None,
    read_in: Iterable[str] | None = None,
):
    """Show ``frame`` (already formatted for reading) as a numbered table with its footer.

    ``data`` is the machine-readable version offered for download (default: ``frame``);
    ``sources`` default to the bibliography keys of ``data`` (see :func:`_resolve_sources`),
    ``read_in`` to the copies they were read in (:func:`copies_read` of ``data``). A column named
    ``status`` is shown in words (:func:`fmt.status`), its codes kept in the download.
    """
    data = frame if data is None else data
    frame = _status_in_words(frame)
    csv = _write_csv(name, data)
    keys, via, cited = _resolve_sources(name, sources, data)
    copies = _copies(data, read_in)
    footer = _footer(name, cited, csv, code, note, copies)
    _record(
        {
            "kind": "table",
            "name": name,
            "caption": caption,
            "sources": keys,
            "read_in": copies,
            "via": via,
            "data": csv.name,
            "code": _code_refs(code),
            "columns": [str(c) for c in frame.columns],
            "rows": len(frame),
        }
    )
    if not building():
        display(Markdown(f"**{caption}**"))
        display(frame)
        display(Markdown(footer))
        return
    display(
        Markdown(
            f":::{{table}} {caption}\n:name: {name}\n:align: left\n\n{markup.markdown_table(frame, align)}\n:::\n\n"
            f"{footer}\n"
        )
    )
