"""Execute the book's MyST notebook templates with papermill.

Each *job* in the configuration names a template (a jupytext MyST ``.md`` with a cell tagged
``parameters``), the notebook to write, and its parameters; a job with a ``matrix`` (a list of
parameter sets) renders the same template once per set. The executed notebooks are written
next to the book's other pages and rendered by myst-nb with execution off.

A page is executed again only when something it depends on changed:

* its template, its parameters or its title;
* the analysis library (the files matched by ``deps``, relative to the project root);
* any input file the page actually read while executing: the kernel appends the path of each
  file it reads to the file named by ``$BOOK_INPUTS_LOG`` and the runner stores their hashes.

While a page executes, ``$BOOK_PAGE`` holds its document name (``profiles/UZB``),
``$BOOK_TEMPLATE`` its template (relative to the book folder) and ``$BOOK_ASSETS`` a folder
(``book/_generated/<page>``) for files the page publishes, such as the CSV behind a figure.
The runner empties that folder before each execution.

Before any page executes, the parameters of every page to execute are checked against its
template (:mod:`kzdiaspora_book.parameters`): names, types and the values the template allows.
When pages fail, those stopped by one bad input file are reported together, under the one
description of what is wrong in the file.

Pages run in parallel, one per core; each in its own kernel, forked (on Linux) from a server
that has already imported the kernel and the modules of ``papermill_preload``
(:mod:`kzdiaspora_book.forkserver`), which saves most of a kernel's start-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import forkserver, parameters

META = "book_runner"
INPUTS_LOG_ENV = "BOOK_INPUTS_LOG"
PAGE_ENV = "BOOK_PAGE"
TEMPLATE_ENV = "BOOK_TEMPLATE"
ASSETS_ENV = "BOOK_ASSETS"
ASSETS_DIR = "_generated"
TIMINGS = "timings.json"  # in ASSETS_DIR: how long each page took to execute last time
DEFAULT_DEPS = ("src/kzdiaspora/**/*.py",)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class PageFailed(RuntimeError):
    """A page could not be executed; the message names the page, the cell and the traceback.

    ``page``: the page's document name; ``bad_input``: the message of the ``DataError`` that
    stopped it, when bad input data did (several pages stopped by one bad file are then
    reported once, see :func:`failure_report`)."""

    def __init__(self, message: str, page: str | None = None, bad_input: str | None = None):
        super().__init__(message, page, bad_input)  # all three cross process boundaries
        self.message, self.page, self.bad_input = message, page, bad_input

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Page:
    template: Path
    output: Path
    docname: str
    parameters: dict = field(default_factory=dict, hash=False, compare=False)
    title: str | None = None


def plan(jobs: Iterable[dict], book_dir: Path) -> list[Page]:
    """Expand the configured jobs (and their matrices) into one :class:`Page` per output."""
    book_dir = Path(book_dir).resolve()
    pages: list[Page] = []
    for job in jobs:
        for combo in job.get("matrix") or [{}]:
            params = {**(job.get("parameters") or {}), **combo}
            output = book_dir / job["output"].format(**params)
            pages.append(
                Page(
                    template=book_dir / job["source"],
                    output=output,
                    docname=output.relative_to(book_dir).with_suffix("").as_posix(),
                    parameters=params,
                    title=job["title"].format(**params) if job.get("title") else None,
                )
            )
    seen: set[Path] = set()
    for page in pages:
        if not page.template.is_file():
            raise PageFailed(f"page {page.docname}: template {page.template} not found")
        if page.output in seen:
            raise ValueError(f"two jobs write {page.output}")
        seen.add(page.output)
    return pages


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def library_digest(root: Path, deps: Iterable[str]) -> str:
    """One hash over every file of the analysis library (paths and contents).

    A pattern that matches no file is an error: it would silently stop library changes from
    re-executing the pages."""
    h = hashlib.sha256()
    for pattern in deps:
        files = [f for f in sorted(Path(root).glob(pattern)) if f.is_file() and "__pycache__" not in f.parts]
        if not files:
            raise ValueError(f"papermill_deps: {pattern!r} matches no file under {root}")
        for f in files:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def page_key(page: Page, digest: str) -> str:
    h = hashlib.sha256(page.template.read_bytes())
    # a date YAML read from the configuration counts as its ISO text, which the page receives
    h.update(json.dumps([page.parameters, page.title], sort_keys=True, default=_iso).encode())
    h.update(digest.encode())
    return h.hexdigest()[:20]


def _iso(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"a parameter value of type {type(value).__name__} cannot be given to a page: {value!r}")


def stored(path: Path) -> dict:
    """What the runner recorded in a notebook it wrote ({} if none, or not readable).
    Plain JSON: validating the whole notebook would cost more than the check itself."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh).get("metadata", {}).get(META, {})
    except (OSError, ValueError, AttributeError):
        return {}


def stale_reason(page: Page, key: str, root: Path) -> str | None:
    """Why ``page`` must be executed again, or None when its notebook is up to date."""
    meta = stored(page.output)
    if not meta:
        return "not executed yet"
    if meta.get("key") != key:
        return "template, parameters or library changed"
    for rel, digest in meta.get("inputs", {}).items():
        f = Path(root) / rel
        if not f.is_file() or _sha256(f) != digest:
            return f"input {rel} changed"
    for rel in meta.get("outputs", []):
        if not (Path(root) / rel).is_file():
            return f"published file {rel} missing"
    return None


def tidy(nb, page: Page, meta: dict) -> None:
    """Show papermill's injected parameters, folded, instead of the template's (the page says
    them in a sentence), set the page title, drop the timing metadata that would change on every
    run, and record what the page used."""
    injected = any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if injected and "parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        elif "injected-parameters" in tags and "hide-input" not in tags:
            cell.metadata["tags"] = [*tags, "hide-input"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    if page.title:
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
                lines = cell.source.lstrip().split("\n")
                cell.source = "\n".join([f"# {page.title}", *lines[1:]])
                break
    nb.metadata.pop("papermill", None)
    nb.metadata[META] = meta


@contextlib.contextmanager
def _page_environment(page: Page, book_dir: Path, assets: Path, kernel_server: str | None):
    """The variables a page's kernel reads (see the module's docstring), set while it executes;
    yields the list of the files the page read, filled once it has finished."""
    with tempfile.NamedTemporaryFile("r", suffix=".inputs", delete=False) as log:
        log_path = log.name
    env = {
        INPUTS_LOG_ENV: log_path,
        PAGE_ENV: page.docname,
        ASSETS_ENV: str(assets),
        TEMPLATE_ENV: page.template.relative_to(book_dir).as_posix(),
    }
    if kernel_server:
        env[forkserver.SERVER_ENV] = kernel_server
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    read: list[str] = []
    try:
        yield read
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        read += [line for line in Path(log_path).read_text(encoding="utf-8").splitlines() if line]
        os.unlink(log_path)


def _papermill(page: Page, nb, root: Path, timeout: int):
    """The notebook executed by papermill, or PageFailed naming the page, the cell and the traceback."""
    # imported here, not with the module: the Sphinx extension imports the runner on every build,
    # and a build with nothing to execute should not pay for papermill's imports
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        return pm.execute_notebook(
            nb,
            None,
            parameters=page.parameters or None,
            kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
            cwd=str(page.template.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            shutdown_kernel="immediate",  # the notebook is complete; don't wait for the kernel
            kernel_manager_class=forkserver.kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        tb = _ANSI.sub("", "\n".join(exc.traceback))
        raise PageFailed(
            f"page {page.docname} (template {page.template.relative_to(root)}) failed in cell "
            f"{exc.cell_index} [execution count {exc.exec_count}]:\n"
            f"--- cell source ---\n{exc.source}\n--- traceback ---\n{tb}",
            page.docname,
            exc.evalue if exc.ename == "DataError" else None,
        ) from None
    except Exception as exc:
        raise PageFailed(
            f"page {page.docname} (template {page.template.relative_to(root)}): {exc}", page.docname
        ) from None


def execute(
    page: Page, key: str, root: Path, book_dir: Path, timeout: int = 600, kernel_server: str | None = None
) -> tuple[str, float]:
    """Run one page through papermill and write its notebook atomically. Returns (docname, seconds).

    ``kernel_server``: the socket of a :class:`forkserver.KernelServer` to fork the kernel from."""
    # imported here, not with the module: see _papermill
    import jupytext
    import nbformat

    root, book_dir = Path(root).resolve(), Path(book_dir).resolve()
    assets = book_dir / ASSETS_DIR / page.docname
    shutil.rmtree(assets, ignore_errors=True)
    assets.mkdir(parents=True)

    started = time.perf_counter()
    with _page_environment(page, book_dir, assets, kernel_server) as read:
        nb = _papermill(page, jupytext.read(page.template), root, timeout)
    inputs = {}
    for p in sorted(set(read)):
        f = Path(p)
        if f.is_file():
            rel = f.relative_to(root).as_posix() if f.is_relative_to(root) else str(f)
            inputs[rel] = _sha256(f)
    outputs = sorted(f.relative_to(root).as_posix() for f in assets.rglob("*") if f.is_file())
    seconds = time.perf_counter() - started
    tidy(
        nb,
        page,
        {
            "template": page.template.relative_to(book_dir).as_posix(),
            "parameters": page.parameters,
            "key": key,
            "inputs": inputs,
            "outputs": outputs,
        },
    )
    page.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = page.output.with_name(page.output.name + ".tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, page.output)
    return page.docname, seconds


def prune(pages: list[Page], book_dir: Path, log: Callable[[str], None] = print) -> list[Path]:
    """Delete notebooks (and their published files) this runner wrote for pages no longer planned."""
    book_dir = Path(book_dir).resolve()
    wanted = {p.output for p in pages}
    removed = []
    for f in book_dir.rglob("*.ipynb"):
        if f in wanted or "_build" in f.parts or ".ipynb_checkpoints" in f.parts:
            continue
        if stored(f):
            docname = f.relative_to(book_dir).with_suffix("").as_posix()
            f.unlink()
            shutil.rmtree(book_dir / ASSETS_DIR / docname, ignore_errors=True)
            removed.append(f)
            log(f"[papermill] removed {docname} (no longer in the configuration)")
    return removed


def _stale(pages: list[Page], digest: str, root: Path, force: bool) -> list[tuple[Page, str, str]]:
    """(page, key, why it must be executed) for each page that is not up to date."""
    todo = []
    for page in pages:
        key = page_key(page, digest)
        reason = "forced" if force else stale_reason(page, key, root)
        if reason:
            todo.append((page, key, reason))
    return todo


def _execute_all(
    todo, root: Path, book_dir: Path, timeout: int, workers: int, preload, fork: bool, log: Callable[[str], None]
) -> tuple[dict[str, float], list[PageFailed]]:
    """Execute the pages of ``todo``: the seconds each took, and the failures."""
    started, seconds, failures = time.perf_counter(), {}, []
    n = workers or min(len(todo), os.cpu_count() or 1)
    with contextlib.ExitStack() as stack:
        server = None
        # a single page gains nothing: the server would import what its kernel imports
        if fork and len(todo) > 1 and forkserver.available():
            server = stack.enter_context(forkserver.KernelServer(preload)).path
        # before any page executes (while the server imports), check every page's parameters
        ready = parameters.checked([page for page, _, _ in todo], root)
        jobs = [(execute, page, key, root, book_dir, timeout, server) for page, (_, key, _) in zip(ready, todo)]
        if n == 1:
            outcomes = (_attempt(*job) for job in jobs)
        else:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=n))
            outcomes = (_attempt(future.result) for future in [pool.submit(*job) for job in jobs])
        for docname, took, failure in outcomes:
            if failure:
                failures.append(failure)
            else:
                seconds[docname] = round(took, 2)
                log(f"[papermill] executed {docname} in {took:.1f} s")
    kernels = "forked kernels" if server else "kernels started afresh"
    log(
        f"[papermill] {len(todo) - len(failures)} of {len(todo)} pages executed "
        f"in {time.perf_counter() - started:.1f} s with {n} worker(s), {kernels}"
    )
    return seconds, failures


def run(
    jobs,
    book_dir,
    root,
    deps=DEFAULT_DEPS,
    workers: int = 0,
    force: bool = False,
    timeout: int = 600,
    log: Callable[[str], None] = print,
    preload=(),
    fork: bool = True,
) -> list[Page]:
    """Bring every planned page up to date; returns the plan. Raises PageFailed on any failure.

    ``workers`` pages run at once (default: one per core). With ``fork`` (on Linux, when more
    than one page is to run), each page's kernel is forked from a server that has imported the
    kernel and the ``preload`` modules once (see :mod:`kzdiaspora_book.forkserver`); otherwise
    every kernel starts afresh.
    """
    book_dir, root = Path(book_dir).resolve(), Path(root).resolve()
    pages = plan(jobs, book_dir)
    todo = _stale(pages, library_digest(root, deps), root, force)
    log(f"[papermill] {len(pages)} pages, {len(todo)} to execute")
    for page, _, reason in todo:
        log(f"[papermill] {page.docname}: {reason}")
    timings_file = book_dir / ASSETS_DIR / TIMINGS
    timings = _stored_timings(timings_file)
    failures = []
    if todo:
        took, failures = _execute_all(
            longest_first(todo, timings), root, book_dir, timeout, workers, preload, fork, log
        )
        timings.update(took)
    prune(pages, book_dir, log)
    if todo:
        planned = {p.docname for p in pages}
        timings_file.parent.mkdir(parents=True, exist_ok=True)
        timings_file.write_text(json.dumps({d: s for d, s in sorted(timings.items()) if d in planned}, indent=1))
    if failures:
        raise PageFailed(failure_report(failures))
    return pages


def failure_report(failures: list[PageFailed]) -> str:
    """The failures in one message: the pages that one bad input file stopped are named together
    under its one description (file, line, column); every other failure in full."""
    stopped: dict[str, list[str]] = {}
    for failure in failures:
        if failure.bad_input:
            stopped.setdefault(failure.bad_input, []).append(failure.page)
    parts = [
        f"bad input data stopped {len(pages)} page(s) ({', '.join(pages)}):\n{message}"
        for message, pages in stopped.items()
    ]
    return "\n\n".join(parts + [str(f) for f in failures if not f.bad_input])


def _stored_timings(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def longest_first(todo: list, timings: dict) -> list:
    """Order the work by how long each page took last time (``timings``: docname -> seconds),
    longest (or never timed) first, so that a long page does not start last while the other
    workers sit idle."""
    return sorted(todo, key=lambda item: timings.get(item[0].docname, float("inf")), reverse=True)


def _attempt(fn, *args) -> tuple[str | None, float, PageFailed | None]:
    """(docname, seconds, None) when ``fn(*args)`` executes a page, (None, 0, failure) when it fails."""
    try:
        docname, seconds = fn(*args)
        return docname, seconds, None
    except PageFailed as exc:
        return None, 0.0, exc


def find_config(start: Path) -> Path:
    """The ``_config.yml`` in ``start`` or the nearest parent folder (as Jupyter Book looks for it)."""
    start = Path(start).resolve()
    for folder in [start, *start.parents]:
        if (folder / "_config.yml").is_file():
            return folder / "_config.yml"
    raise FileNotFoundError(f"no _config.yml in {start} or above")
