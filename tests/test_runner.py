"""The papermill runner, on a tiny book of toy templates (fast), and its contract with the library.

The toy book has a library (``src/toylib``, the runner's dependency), a build tool outside
the dependencies (``src/toytool``), three data files and five pages: two from one template
with different parameters, one from a second template, and two from a matrix.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import JUPYTER_BOOK, planned_pages

from kzdiaspora_book import parameters, runner

FRONT = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

READER = (
    FRONT
    + """
# A page that reads one data file

```{code-cell} ipython3
:tags: [parameters]
source = "a.csv"
```

```{code-cell} ipython3
import os
import toylib

print(toylib.read(source))
with open(os.path.join(os.environ["BOOK_ASSETS"], "published.txt"), "w") as fh:
    fh.write(source)
```
"""
)

PROFILE = (
    FRONT
    + """
# Profile of one place

```{code-cell} ipython3
:tags: [parameters]
code = "AAA"
name = "A place"
source = "c.csv"
```

```{code-cell} ipython3
import toylib

print(code, name, toylib.read(source))
```
"""
)

STATIC = (
    FRONT
    + """
# A page that reads no data

```{code-cell} ipython3
import toylib

print(toylib.VERSION)
```
"""
)

BROKEN = (
    FRONT
    + """
# A page with a failing cell

```{code-cell} ipython3
x = 1
```

```{code-cell} ipython3
y = x / 0
```
"""
)

TOYLIB = """\
import os
from pathlib import Path

VERSION = 1
ROOT = Path(__file__).resolve().parents[2]


def read(name):
    path = ROOT / "data" / name
    log = os.environ.get("BOOK_INPUTS_LOG")
    if log:
        with open(log, "a") as fh:
            fh.write(f"{path}\\n")
    return path.read_text().strip()
"""

JOBS = [
    {"source": "chapters/reader.md", "output": "alpha.ipynb", "parameters": {"source": "a.csv"}},
    {"source": "chapters/reader.md", "output": "beta.ipynb", "parameters": {"source": "b.csv"}},
    {"source": "chapters/static.md", "output": "gamma.ipynb"},
    {
        "source": "chapters/profile.md",
        "output": "places/{code}.ipynb",
        "title": "Profile of {name}",
        "parameters": {"source": "c.csv"},
        "matrix": [{"code": "AAA", "name": "Aland"}, {"code": "BBB", "name": "Bland"}],
    },
]
DEPS = ["src/toylib/**/*.py"]
ALL = {"alpha", "beta", "gamma", "places/AAA", "places/BBB"}
EXECUTED = re.compile(r"\[papermill\] executed (\S+) in")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_book(root: Path, jobs=JOBS) -> Path:
    write(root / "src" / "toylib" / "__init__.py", TOYLIB)
    write(root / "src" / "toytool" / "__init__.py", "TOOL = 1\n")
    for name in "abc":
        write(root / "data" / f"{name}.csv", f"x\n{name}\n")
    for name, text in {"reader": READER, "profile": PROFILE, "static": STATIC}.items():
        write(root / "book" / "chapters" / f"{name}.md", text)
    config = {"title": "Toy", "sphinx": {"config": {"papermill_jobs": jobs, "papermill_deps": DEPS}}}
    write(root / "_config.yml", yaml.safe_dump(config))
    return root


class Book:
    """A toy book: ``run()`` brings it up to date and returns the pages it executed."""

    def __init__(self, root: Path, monkeypatch):
        self.root, self.jobs = root, json.loads(json.dumps(JOBS))
        monkeypatch.setenv("PYTHONPATH", str(root / "src"))  # the kernels import toylib from here
        self.log: list[str] = []

    def run(self, **kwargs) -> set[str]:
        self.log = []
        runner.run(self.jobs, self.root / "book", self.root, deps=DEPS, log=self.log.append, **kwargs)
        return set(EXECUTED.findall("\n".join(self.log)))

    def notebook(self, docname: str):
        import nbformat

        return nbformat.read(self.root / "book" / f"{docname}.ipynb", as_version=4)


@pytest.fixture(scope="module")
def executed_book(tmp_path_factory) -> Path:
    """The toy book, executed once; each test works on its own copy of it."""
    root = make_book(tmp_path_factory.mktemp("toy") / "book-root")
    with pytest.MonkeyPatch.context() as mp:
        book = Book(root, mp)
        assert book.run() == ALL
    return root


@pytest.fixture
def book(executed_book, tmp_path, monkeypatch) -> Book:
    root = tmp_path / "book-root"
    shutil.copytree(executed_book, root, symlinks=True)
    return Book(root, monkeypatch)


def test_the_country_matrix_expands_to_four_titled_profiles():
    profiles = [p for p in planned_pages() if p.docname.startswith("profiles/") and p.docname != "profiles/index"]
    assert [p.docname for p in profiles] == ["profiles/UZB", "profiles/KGZ", "profiles/TJK", "profiles/TKM"]
    assert [p.title for p in profiles] == [
        "Kazakhs in Uzbekistan",
        "Kazakhs in Kyrgyzstan",
        "Kazakhs in Tajikistan",
        "Kazakhs in Turkmenistan",
    ]
    assert {p.template.name for p in profiles} == {"country_profile.md"}


def test_every_configured_parameter_is_declared_by_its_template():
    import jupytext

    for page in planned_pages():
        declared = set(parameters.declared(jupytext.read(page.template)))
        assert set(page.parameters) <= declared, page.docname


def test_toy_matrix_expands_with_titles(tmp_path):
    make_book(tmp_path)
    pages = runner.plan(JOBS, tmp_path / "book")
    assert [p.docname for p in pages] == ["alpha", "beta", "gamma", "places/AAA", "places/BBB"]
    assert [p.title for p in pages][-2:] == ["Profile of Aland", "Profile of Bland"]
    assert pages[-1].parameters == {"source": "c.csv", "code": "BBB", "name": "Bland"}


def test_executed_page_records_what_it_used(book):
    meta = book.notebook("places/BBB")["metadata"][runner.META]
    assert meta["template"] == "chapters/profile.md"
    assert meta["parameters"] == {"source": "c.csv", "code": "BBB", "name": "Bland"}
    assert list(meta["inputs"]) == ["data/c.csv"]  # relative to the project: a copy stays valid
    assert book.notebook("gamma")["metadata"][runner.META]["inputs"] == {}
    assert book.notebook("alpha")["metadata"][runner.META]["outputs"] == ["book/_generated/alpha/published.txt"]


def test_page_shows_injected_parameters_and_its_title(book):
    cells = book.notebook("places/AAA")["cells"]
    assert cells[0]["source"].startswith("# Profile of Aland")
    injected = [c for c in cells if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1 and 'code = "AAA"' in injected[0]["source"]
    assert "hide-input" in injected[0]["metadata"]["tags"]  # folded: the page says them in words
    template_cell = next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
    assert "remove-cell" in template_cell["metadata"]["tags"]
    assert "AAA Aland x\nc" in "".join(o.get("text", "") for c in cells for o in c.get("outputs", []))


def test_no_change_executes_nothing(book):
    assert book.run() == set()
    assert "[papermill] 5 pages, 0 to execute" in book.log


def test_a_data_file_re_executes_exactly_its_readers(book):
    write(book.root / "data" / "a.csv", "x\nchanged\n")
    assert book.run() == {"alpha"}
    assert "[papermill] alpha: input data/a.csv changed" in book.log
    write(book.root / "data" / "c.csv", "x\nchanged\n")
    assert book.run() == {"places/AAA", "places/BBB"}


def test_a_library_file_re_executes_every_page(book):
    write(book.root / "src" / "toylib" / "__init__.py", TOYLIB + "\n# edited\n")
    assert book.run() == ALL


def test_a_file_outside_the_library_executes_nothing(book):
    write(book.root / "src" / "toytool" / "__init__.py", "TOOL = 2\n")
    assert book.run() == set()


def test_a_template_re_executes_exactly_its_pages(book):
    write(book.root / "book" / "chapters" / "static.md", STATIC.replace("reads no data", "reads nothing"))
    assert book.run() == {"gamma"}


def test_a_parameter_re_executes_exactly_that_page(book):
    book.jobs[1]["parameters"] = {"source": "c.csv"}
    assert book.run() == {"beta"}
    assert list(book.notebook("beta")["metadata"][runner.META]["inputs"]) == ["data/c.csv"]
    book.jobs[3]["matrix"][1] = {"code": "BBB", "name": "Bee land"}
    assert book.run() == {"places/BBB"}


def test_a_missing_published_file_re_executes_its_page(book):
    (book.root / "book" / "_generated" / "alpha" / "published.txt").unlink()
    assert book.run() == {"alpha"}


def test_force_executes_every_page(book):
    assert book.run(force=True) == ALL


def test_a_removed_page_is_pruned(book):
    del book.jobs[0]
    assert book.run() == set()
    assert not (book.root / "book" / "alpha.ipynb").exists()
    assert not (book.root / "book" / "_generated" / "alpha").exists()
    assert (book.root / "book" / "beta.ipynb").exists()
    assert any("removed alpha" in line for line in book.log)


def test_a_hand_written_notebook_is_never_pruned(book):
    own = book.root / "book" / "notes.ipynb"
    own.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    book.run()
    assert own.exists()


def test_a_failing_cell_names_page_cell_and_traceback(book):
    write(book.root / "book" / "chapters" / "broken.md", BROKEN)
    book.jobs.append({"source": "chapters/broken.md", "output": "broken.ipynb"})
    with pytest.raises(runner.PageFailed) as failure:
        book.run()
    message = str(failure.value)
    assert "page broken (template book/chapters/broken.md) failed in cell 2" in message
    assert "y = x / 0" in message and "ZeroDivisionError" in message
    assert not (book.root / "book" / "broken.ipynb").exists()
    # the other pages were brought up to date; the failing page is tried again next time
    with pytest.raises(runner.PageFailed):
        book.run()
    assert "[papermill] 6 pages, 1 to execute" in book.log


def test_an_undeclared_parameter_is_an_error(book):
    book.jobs[2]["parameters"] = {"colour": "red"}
    with pytest.raises(runner.PageFailed, match=r"page gamma: parameter\(s\) colour not set in the cell tagged"):
        book.run()


def test_a_dependency_pattern_matching_nothing_is_an_error(book):
    with pytest.raises(ValueError, match="matches no file"):
        runner.run(book.jobs, book.root / "book", book.root, deps=["src/nothing/*.py"], log=book.log.append)


def test_command_line_fails_with_the_page_named(book):
    write(book.root / "book" / "chapters" / "broken.md", BROKEN)
    config = yaml.safe_load((book.root / "_config.yml").read_text())
    config["sphinx"]["config"]["papermill_jobs"] = [{"source": "chapters/broken.md", "output": "broken.ipynb"}]
    write(book.root / "_config.yml", yaml.safe_dump(config))
    proc = subprocess.run(
        [sys.executable, "-m", "kzdiaspora_book", "book"], cwd=book.root, capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "page broken" in proc.stderr and "ZeroDivisionError" in proc.stderr


def test_jupyter_book_build_fails_on_a_failing_cell(book):
    """The Sphinx extension stops ``jupyter-book build`` and prints page, cell and traceback."""
    write(book.root / "book" / "chapters" / "broken.md", BROKEN)
    config = yaml.safe_load((book.root / "_config.yml").read_text())
    config.update(
        {
            "execute": {"execute_notebooks": "off"},
            "only_build_toc_files": True,
            "exclude_patterns": ["_build", "_generated", "chapters"],
        }
    )
    config["sphinx"]["extra_extensions"] = ["kzdiaspora_book.sphinxext"]
    config["sphinx"]["config"]["papermill_jobs"] = JOBS[2:3] + [
        {"source": "chapters/broken.md", "output": "broken.ipynb"}
    ]
    write(book.root / "_config.yml", yaml.safe_dump(config))
    write(book.root / "book" / "_toc.yml", "format: jb-book\nroot: intro\nchapters:\n- file: gamma\n- file: broken\n")
    write(book.root / "book" / "intro.md", "# Toy\n")
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "book/"], cwd=book.root, capture_output=True, text=True
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "papermill execution failed" in out and "page broken" in out
    assert "y = x / 0" in out and "ZeroDivisionError" in out


def test_the_library_records_every_file_it_reads(tmp_path, monkeypatch):
    """The contract the runner relies on: kzdiaspora.data appends each file it loads to $BOOK_INPUTS_LOG."""
    import kzdiaspora as kz
    from kzdiaspora import paths

    log = tmp_path / "inputs"
    monkeypatch.setenv(runner.INPUTS_LOG_ENV, str(log))
    kz.load("population")
    read = {Path(p).resolve() for p in log.read_text().split()}
    assert paths.ROOT / "data" / "population.csv" in read
    assert paths.ROOT / "data" / "datapackage.json" in read


# --- kernels forked from a server that imported the heavy modules once (forkserver) --------

PROBE = (
    FRONT
    + """
# A page that looks at its own process

```{code-cell} ipython3
import json, os, sys
import numpy

print("leaked" if hasattr(json, "leaked") else "clean")
json.leaked = True
print(os.environ["BOOK_PAGE"], os.getcwd() == sys.path[0] == os.path.dirname(os.environ["BOOK_TEMPLATE_PATH"]))
print("random", numpy.random.randint(10**9))
print("pid", os.getpid())
from ipykernel.kernelapp import IPKernelApp
print("transport", IPKernelApp.instance().transport)
```
"""
)

SLEEPER = (
    FRONT
    + """
# A page that takes too long

```{code-cell} ipython3
import os, time

with open(os.path.join(os.environ["BOOK_ASSETS"], "pid"), "w") as fh:
    fh.write(str(os.getpid()))
time.sleep(120)
```
"""
)


def cell_outputs(nb) -> list[str]:
    return ["".join(o.get("text", "") for o in c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]


def test_forked_kernels_give_the_same_pages_as_fresh_ones(book):
    forked = {d: cell_outputs(book.notebook(d)) for d in ALL}
    assert book.run(force=True, fork=False) == ALL
    assert any("kernels started afresh" in line for line in book.log)
    assert {d: cell_outputs(book.notebook(d)) for d in ALL} == forked


def test_forked_pages_share_no_state(book, monkeypatch):
    from kzdiaspora_book import forkserver

    if not forkserver.available():
        pytest.skip("kernels are forked on Linux only")
    monkeypatch.setenv("BOOK_TEMPLATE_PATH", str(book.root / "book" / "chapters" / "probe.md"))
    write(book.root / "book" / "chapters" / "probe.md", PROBE)
    book.jobs = [{"source": "chapters/probe.md", "output": f"probe{i}.ipynb"} for i in (1, 2, 3)]
    assert book.run(workers=1, preload=["json", "numpy"]) == {"probe1", "probe2", "probe3"}
    assert any("forked kernels" in line for line in book.log)
    outputs = [cell_outputs(book.notebook(f"probe{i}"))[0].splitlines() for i in (1, 2, 3)]
    assert [o[0] for o in outputs] == ["clean"] * 3  # a module changed by one page is pristine in the next
    assert [o[1] for o in outputs] == [f"probe{i} True" for i in (1, 2, 3)]  # its own page, folder, path
    assert len({o[2] for o in outputs}) == 3  # numpy's random state is not shared
    assert len({o[3] for o in outputs}) == 3  # three processes
    assert {o[4] for o in outputs} == {"transport ipc"}  # Unix sockets: no TCP port, no plain-text warning


def test_a_timed_out_page_fails_and_leaves_no_kernel_behind(book):
    write(book.root / "book" / "chapters" / "sleeper.md", SLEEPER)
    book.jobs.append({"source": "chapters/sleeper.md", "output": "sleeper.ipynb"})
    started = time.monotonic()
    with pytest.raises(runner.PageFailed, match="page sleeper"):
        book.run(timeout=3, force=True)  # several pages: forked kernels (on Linux)
    assert time.monotonic() - started < 60
    pid = int((book.root / "book" / "_generated" / "sleeper" / "pid").read_text())
    deadline = time.monotonic() + 15
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), f"kernel {pid} still running"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_the_kernel_server_ends_with_the_runner(tmp_path):
    """Even when the process that started it is killed outright."""
    from kzdiaspora_book import forkserver

    if not forkserver.available():
        pytest.skip("kernels are forked on Linux only")
    script = (
        "import os, signal\n"
        "from kzdiaspora_book import forkserver\n"
        "server = forkserver.KernelServer(['no_such_module']).__enter__()\n"
        "print(server._proc.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    pid = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 30
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), f"kernel server {pid} outlived its runner"


def test_the_longest_pages_start_first(book):
    """Pages are scheduled by their last execution time, longest first; never-timed pages lead."""
    timings = json.loads((book.root / "book" / "_generated" / runner.TIMINGS).read_text())
    assert set(timings) == ALL and all(s > 0 for s in timings.values())
    pages = {p.docname: p for p in runner.plan(JOBS, book.root / "book")}
    todo = [(pages[d], "key", "reason") for d in ("alpha", "beta", "gamma", "places/AAA")]
    order = runner.longest_first(todo, {"alpha": 1.0, "beta": 9.0, "gamma": 4.0})
    assert [p.docname for p, _, _ in order] == ["places/AAA", "beta", "gamma", "alpha"]


def test_a_pages_kernel_is_shut_down_without_an_interrupt():
    """jupyter_client sends SIGINT to a kernel before it shuts it down; papermill shuts a page's
    kernel down as soon as the reply to its last request arrives, and a SIGINT landing while that
    request's handler is still on the kernel's stack made the kernel log "KeyboardInterrupt
    caught in kernel." into about one build in eight. The pages' kernel manager sends none."""
    import asyncio
    import signal
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_client.manager import AsyncKernelManager

    from kzdiaspora_book import forkserver

    async def signals_sent(manager_class) -> list[int]:
        manager, sent = manager_class(kernel_name="python3"), []
        send = manager._async_signal_kernel

        async def record(signum):
            sent.append(signum)
            await send(signum)

        manager._async_signal_kernel = record
        await manager.start_kernel()
        await manager.shutdown_kernel(now=True)
        return sent

    def sent_by(manager_class) -> list[int]:  # in a thread of its own: the browser tests run an event loop
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, signals_sent(manager_class)).result()

    assert signal.SIGINT in sent_by(AsyncKernelManager)  # jupyter_client's own manager
    assert signal.SIGINT not in sent_by(forkserver.kernel_manager_class())
