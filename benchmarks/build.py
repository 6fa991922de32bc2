"""How long the book takes to build, compared with myst-nb's own execution cache.

Not a test: run it by hand (``uv run --frozen python benchmarks/build.py [--write]``) and
compare its table with ``benchmarks/RESULTS.md``. Everything happens in temporary copies of
the repository (its committed and new files), so the working tree is not touched.

Scenarios, each one ``jupyter-book build book/`` in the same copy, one after the other (the
myst-nb copy's builds alternate with these); each builds both editions, the English site and
then the Russian one (``_build/html/ru/``), and the table gives the Russian edition's share:

1. clean build (no ``_build``, no executed notebooks);
2. rebuild with nothing changed;
3. rebuild after changing one data file: the CSV read by the fewest pages is saved again with
   other line endings (same values, other bytes), and the table lists the pages that re-ran;
4. rebuild after the same edit, reverted: back to the state of scenario 2;
5. the PDF editions (English and Russian), built by the README's step (``python -m kzdiaspora_book.pdf``) from the
   site built by scenario 4: the LaTeX route alone, no page executed again (the table says so);
   skipped, with a note, where TeX Live is not installed;
6. clean build again with ``papermill_fork_kernels: false``: every kernel starts afresh
   instead of being forked from the server that pre-imported the heavy modules.

Below the table: the PDF's pages and size, and the clean build as ``benchmarks/RESULTS.md``
recorded it before this run, for comparison with today's.

After the first clean build it also measures the weight of each page of the site: the size of
its own HTML (the limit the tests hold it to), the number of charts on it, and the size of the
files every page shares (scripts, stylesheets, fonts).

For comparison, the same pages are built by myst-nb's ``cache`` execution mode in a second
copy: every page of the plan is written as the notebook papermill would execute (template
with its parameters cell injected, and the page variables the runner sets), at the same
document name, and ``execute_notebooks: cache`` executes them inside Sphinx. The same
kernel, libraries, data, toc and Sphinx extensions are used; what differs is who executes
(myst-nb: one page after the other; our runner: one page per core in parallel) and what
invalidates the cache (myst-nb: the code cells only).
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kzdiaspora_book import runner, sandbox

ROOT = sandbox.ROOT
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
EXECUTED = re.compile(r"\[papermill\] executed (\S+) in")
EDITION = re.compile(r"\[editions\] building the .* edition \((\w+)\)")
EDITION_BUILT = re.compile(r"\[editions\] the \w+ edition built in ([\d.]+) s")
MYSTNB_EXECUTED = re.compile(r"Executed notebook in")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(copy: Path) -> tuple[float, float, str]:
    """One ``jupyter-book build book/``: (wall seconds, CPU seconds of all its processes, log)."""
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [str(JUPYTER_BOOK), "build", "book/"], cwd=copy, env=sandbox.environment(copy), capture_output=True, text=True
    )
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    log = proc.stdout + proc.stderr
    if proc.returncode:
        sys.exit(f"build failed in {copy}:\n{log[-4000:]}")
    return seconds, cpu, log


def build_pdf(copy: Path) -> tuple[float, float, str, dict] | None:
    """The README's PDF step in a built copy: (wall s, CPU s, log, pages and bytes of the PDF),
    or None where TeX Live or poppler is missing."""
    from kzdiaspora_book.pdf import target_name

    if not all(shutil.which(tool) for tool in ("xelatex", "latexmk", "make", "pdfinfo")):
        return None
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "kzdiaspora_book.pdf"],
        cwd=copy,
        env=sandbox.environment(copy),
        capture_output=True,
        text=True,
    )
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    log = proc.stdout + proc.stderr
    if proc.returncode:
        sys.exit(f"PDF build failed in {copy}:\n{log[-4000:]}")
    pdf = copy / "_build" / "latex" / target_name(copy / "_config.yml")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return seconds, cpu, log, {"pages": pages, "bytes": pdf.stat().st_size}


def clean(copy: Path) -> None:
    shutil.rmtree(copy / "_build", ignore_errors=True)
    for edition in copy.glob("_book_*"):  # the sources and executed pages of the Russian edition
        shutil.rmtree(edition, ignore_errors=True)
    for nb in (copy / "book").rglob("*.ipynb"):
        nb.unlink()
    shutil.rmtree(copy / "book" / "_generated", ignore_errors=True)


def least_read_csv(copy: Path) -> tuple[Path, list[str]]:
    """The data file read by the fewest executed pages (at least one), and those pages."""
    import json

    readers: dict[str, list[str]] = {}
    for nb in sorted((copy / "book").rglob("*.ipynb")):
        meta = json.loads(nb.read_text(encoding="utf-8"))["metadata"].get("book_runner", {})
        docname = nb.relative_to(copy / "book").with_suffix("").as_posix()
        for rel in meta.get("inputs", {}):
            if rel.startswith("data/") and rel.endswith(".csv"):
                readers.setdefault(rel, []).append(docname)
    rel = min(readers, key=lambda r: (len(readers[r]), r))
    return copy / rel, readers[rel]


def resave_with_crlf(path: Path) -> bytes:
    original = path.read_bytes()
    path.write_bytes(original.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return original


def as_mystnb_book(copy: Path) -> int:
    """Turn the copy into a book that myst-nb executes itself (see the module docstring)."""
    import jupytext
    import nbformat
    from papermill.parameterize import parameterize_notebook

    config_path = copy / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    book = copy / "book"
    pages = runner.plan(config["sphinx"]["config"]["papermill_jobs"], book)
    for page in pages:
        nb = jupytext.read(page.template)
        nb.metadata["papermill"] = {"parameters": {}}  # as papermill prepares a notebook it reads
        for cell in nb.cells:
            cell.metadata.setdefault("tags", [])
        if page.parameters:
            nb = parameterize_notebook(nb, page.parameters)
        variables = {
            runner.PAGE_ENV: page.docname,
            runner.TEMPLATE_ENV: page.template.relative_to(book).as_posix(),
            runner.ASSETS_ENV: str(book / runner.ASSETS_DIR / page.docname),
        }
        setup = nbformat.v4.new_code_cell(
            f"import os\nos.environ.update({variables!r})", metadata={"tags": ["remove-cell"]}
        )
        nb.cells.insert(0, setup)
        runner.tidy(nb, page, {})
        nb.metadata.pop(runner.META, None)
        page.output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, page.output)
    config["execute"] = {"execute_notebooks": "cache", "timeout": 600}
    config["sphinx"]["config"]["papermill_jobs"] = []
    config["sphinx"]["config"]["book_editions"] = []
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(pages)


def scenarios(tmp: Path) -> tuple[list[dict], list[dict], dict]:
    """Every scenario, the runner's and myst-nb's builds alternating so that both meet the
    same conditions on the machine."""
    ours_copy = sandbox.copy_project(tmp / "papermill")
    theirs_copy = sandbox.copy_project(tmp / "mystnb")
    pages = as_mystnb_book(theirs_copy)  # the English site alone: myst-nb has no Russian edition
    ours, theirs = [], []

    def step(rows, copy, scenario, executed):
        seconds, cpu, log = build(copy)
        russian = sum(float(s) for s in EDITION_BUILT.findall(log))
        rows.append({"scenario": scenario, "seconds": seconds, "cpu": cpu, "executed": executed(log), "ru": russian})

    def ran(log):
        """The pages executed, English then Russian (``ru:policy``)."""
        english, _, russian = EDITION.split(log, maxsplit=1) if EDITION.search(log) else (log, "", "")
        return EXECUTED.findall(english) + [f"ru:{page}" for page in EXECUTED.findall(russian)]

    def mystnb_ran(log):
        return len(MYSTNB_EXECUTED.findall(log))

    for scenario in ("clean build", "no-change rebuild"):
        step(ours, ours_copy, scenario, ran)
        step(theirs, theirs_copy, scenario, mystnb_ran)
        if scenario == "clean build":
            sizes = page_sizes(ours_copy / "_build" / "html", ours_copy)
    data, readers = least_read_csv(ours_copy)
    rel = data.relative_to(ours_copy).as_posix()
    originals = [resave_with_crlf(c / rel) for c in (ours_copy, theirs_copy)]
    step(ours, ours_copy, f"one data file changed ({rel})", ran)
    step(theirs, theirs_copy, f"one data file changed ({rel})", mystnb_ran)
    (ours_copy / rel).write_bytes(originals[0])
    step(ours, ours_copy, f"{rel} changed back", ran)
    pdf = build_pdf(ours_copy)
    if pdf:
        ours.append({"scenario": "PDF edition (`python -m kzdiaspora_book.pdf`)", "seconds": pdf[0], "cpu": pdf[1]})
        ours[-1]["executed"] = ran(pdf[2])

    config_path = ours_copy / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["sphinx"]["config"]["papermill_fork_kernels"] = False
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    clean(ours_copy)
    step(ours, ours_copy, "clean build, kernels started afresh (not forked)", ran)
    info = {"data_file": rel, "readers": readers, "pages": pages, "sizes": sizes, "pdf": pdf and pdf[3]}
    return ours, theirs, info


PAGE_LIMIT_KB = 100


def page_sizes(site: Path, copy: Path) -> dict:
    """Each page of the table of contents: bytes of its HTML and number of charts; and the
    bytes of the files the pages share (``_static``)."""
    toc = yaml.safe_load((copy / "_toc.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((copy / "_config.yml").read_text(encoding="utf-8"))
    planned = [p.docname for p in runner.plan(config["sphinx"]["config"]["papermill_jobs"], copy / "book")]
    docnames = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docnames.append(entry["file"])
            if "glob" in entry:  # the pages of a matrix, as the book's Sphinx extension lists them
                docnames.extend(d for d in planned if fnmatch.fnmatchcase(d, entry["glob"]))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    pages = {}
    for docname in docnames:
        html = (site / f"{docname}.html").read_text(encoding="utf-8")
        pages[docname] = {"bytes": len(html.encode()), "charts": html.count('class="book-chart"')}
    shared = sum(f.stat().st_size for f in (site / "_static").rglob("*") if f.is_file())
    return {"pages": pages, "shared": shared}


def sizes_table(sizes: dict) -> str:
    lines = ["| Page | own HTML, KB | charts |", "|---|---:|---:|"]
    for docname, info in sorted(sizes["pages"].items(), key=lambda kv: -kv[1]["bytes"]):
        lines.append(f"| {docname} | {info['bytes'] / 1024:.1f} | {info['charts']} |")
    heaviest = max(info["bytes"] for info in sizes["pages"].values()) / 1024
    lines += [
        "",
        f"Heaviest page {heaviest:.1f} KB (limit {PAGE_LIMIT_KB} KB, tests/test_site_links.py); "
        f"files shared by every page (`_static`: theme, fonts, the Vega bundle) "
        f"{sizes['shared'] / 1024 / 1024:.1f} MB, downloaded once and cached by the browser.",
    ]
    return "\n".join(lines)


def table(ours: list[dict], theirs: list[dict], info: dict) -> str:
    def pages(executed) -> str:
        if isinstance(executed, int):
            return str(executed)
        english = [p for p in executed if not p.startswith("ru:")]
        russian = len(executed) - len(english)
        return (
            f"{len(english)}"
            + (f" ({', '.join(english)})" if 0 < len(english) < 6 else "")
            + (f" + {russian} Russian" if russian else "")
        )

    lines = [
        "| Scenario | runner: wall s | of which Russian edition s | CPU s | pages executed "
        "| myst-nb `cache`: wall s | CPU s | pages executed |",
        "|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for i, row in enumerate(ours):
        other = theirs[i] if i < len(theirs) else None
        lines.append(
            f"| {row['scenario']} | {row['seconds']:.1f} | {row.get('ru', 0):.1f} | {row['cpu']:.1f} "
            f"| {pages(row['executed'])} | "
            + (
                f"{other['seconds']:.1f} | {other['cpu']:.1f} | {pages(other['executed'])} |"
                if other
                else "– | – | – |"
            )
        )
    ratio = (ours[0]["seconds"] - ours[0].get("ru", 0)) / theirs[0]["seconds"]  # the English site alone
    pdf = [row for row in ours if row["scenario"].startswith("PDF")]
    if pdf:
        pages, size = info["pdf"]["pages"], info["pdf"]["bytes"] / 1024 / 1024
        edition = (
            f"PDF edition: {pages} pages, {size:.1f} MB, built in {pdf[0]['seconds']:.1f} s after the site "
            f"({pdf[0]['seconds'] / ours[0]['seconds']:.2f} times the site's clean build)."
        )
    else:
        edition = "PDF edition: not built (TeX Live or poppler missing; see the README)."
    before = f"{info['before']} s" if info.get("before") else "none recorded"
    lines += [
        "",
        f"Clean build of the English site, runner / myst-nb (wall time): **{ratio:.2f}**. The runner's "
        "builds include the Russian edition (its pages executed with `language: ru`, built into `_build/html/ru/`) "
        "after the English site; its own column gives its share, myst-nb builds the English site alone.",
        edition,
        f"Clean build as `benchmarks/RESULTS.md` recorded it before this run: {before}.",
        f"`{info['data_file']}` is read by: {', '.join(info['readers'])}.",
        "",
        "CPU s: user + system time of the build and every process it started (kernels included); "
        "unlike wall time it hardly depends on what else the machine is doing. With 2 cores the "
        "runner's wall time can fall below its CPU time; myst-nb executes one page after the other.",
    ]
    return "\n".join(lines)


NOTES = """\
## Reading the table

- Targets on a 2-core machine: clean build at most 45 s and at most 0.6 times myst-nb's;
  no-change rebuild at most 3 s.
- A no-change rebuild is almost entirely Jupyter Book and Sphinx starting up (importing
  myst-nb, jupyter-cache, SQLAlchemy, the theme...), the same with or without the runner, whose
  check of every page (hashes of templates, parameters, library and recorded inputs) takes a
  few hundredths of a second. Its wall time follows the load of the machine.
- myst-nb's `cache` mode does not notice a changed data file (it keys on the code cells only),
  hence its 0 pages executed and stale pages; the runner re-executes exactly the pages that
  read the file.
- Every build of the runner's column builds both editions: the English site, then the Russian
  one (`kzdiaspora_book.editions`: its pages executed again with `language: ru`, cached the same
  way); "of which Russian edition" is that second part.
- The PDF edition is a step after the site's build: it executes no page again, so its time is
  the LaTeX route's (Sphinx writing LaTeX, then XeLaTeX run until the cross-references settle).
  The site's clean build does not include it.
- What remains of a page's time once its kernel is forked is the chapter's own work (loading
  and validating data, computing, drawing charts).
"""


def median_rows(runs: list[list[dict]]) -> list[dict]:
    out = []
    for rows in zip(*runs):
        out.append(
            {
                **rows[0],
                "seconds": statistics.median(r["seconds"] for r in rows),
                "cpu": statistics.median(r["cpu"] for r in rows),
            }
        )
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=1, help="runs of every scenario; the table shows the median")
    ap.add_argument("--write", action="store_true", help="also write the table to benchmarks/RESULTS.md")
    a = ap.parse_args(argv)

    ours_runs, theirs_runs = [], []
    for _ in range(a.repeat):
        with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
            ours, theirs, info = scenarios(Path(tmp))
        ours_runs.append(ours)
        theirs_runs.append(theirs)
    ours, theirs = median_rows(ours_runs), median_rows(theirs_runs)
    recorded = Path(__file__).with_name("RESULTS.md")
    text = recorded.read_text(encoding="utf-8") if recorded.is_file() else ""
    before = re.search(r"^\| clean build \| ([\d.]+) \|", text, re.M)
    info["before"] = before and before.group(1)
    today = datetime.date.today().isoformat()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    header = (
        f"Measured {today} on {os.cpu_count()} cores ({platform.machine()}, Python "
        f"{platform.python_version()}), {info['pages']} executed pages, "
        f"median of {a.repeat} run(s), `jupyter-book build book/` wall time. "
        f"Load average at the end (1, 5, 15 min): {load} (other work on the machine slows every row)."
    )
    text = header + "\n\n" + table(ours, theirs, info)
    weight = "## Page weight\n\nAfter the clean build (last run).\n\n" + sizes_table(info["sizes"])
    print(text + "\n\n" + weight)
    if a.write:
        results = Path(__file__).with_name("RESULTS.md")
        results.write_text(
            "# Build benchmark\n\nWritten by `benchmarks/build.py --write`; how each scenario is "
            "set up is described in that script.\n\n" + text + "\n\n" + NOTES + "\n" + weight + "\n",
            encoding="utf-8",
        )
        print(f"written to {results.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
