"""``python -m kzdiaspora_book.pdf [options] [book]``: the PDF edition, built and put into the site.

Runs ``jupyter-book build <book> --builder pdflatex`` with the options given (``-W -n
--keep-going`` for a strict build, ``--path-output <folder>``...), then copies the PDF into the
site's folder (``_build/html/``), where the download menu of every page links it; then the same
for each other edition (``_build/latex-ru/kazakh-diaspora-central-asia-ru.pdf``, copied into
``_build/html/ru/``, built by :mod:`kzdiaspora_book.editions`). Build the site
first: the PDF reuses its executed pages, and the site build alone stays as fast as it is (until
this step has run, the site's link to the PDF leads nowhere).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from . import editions, runner

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def target_name(config_path: Path, language: str = "en") -> str:
    """The PDF's file name, from ``latex.latex_documents.targetname`` in ``_config.yml``; another
    edition's ends with its language (``kazakh-diaspora-central-asia-ru.pdf``)."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    tex = Path(config.get("latex", {}).get("latex_documents", {}).get("targetname", "book.tex"))
    return f"{tex.stem}.pdf" if language == editions.ORIGINAL else f"{tex.stem}-{language}.pdf"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kzdiaspora_book.pdf", description=__doc__.split("\n")[0])
    ap.add_argument("book_dir", nargs="?", default="book")
    ap.add_argument("--path-output", default=None, help="as jupyter-book's: the folder holding _build/")
    known, rest = ap.parse_known_args(argv)
    command = [str(JUPYTER_BOOK), "build", known.book_dir, "--builder", "pdflatex", *rest]
    if known.path_output:
        command += ["--path-output", known.path_output]
    status = subprocess.run(command).returncode
    if status:
        return status
    config = runner.find_config(Path(known.book_dir))
    build = Path(known.path_output or config.parent) / "_build"
    status = _publish(build / "latex" / target_name(config), build / "html")
    for language in editions.LANGUAGES:
        if status or language == editions.ORIGINAL:
            continue
        flags = [flag for flag in rest if flag in ("-W", "-n", "--keep-going")]
        status = editions.build(language, Path(known.book_dir), build, flags, builder="pdflatex")
        pdf = editions.output_dirs(build, language, "latex")[0] / target_name(config, language)
        status = status or _publish(pdf, build / "html" / language)
    return status


def _publish(pdf: Path, site: Path) -> int:
    """Copy the PDF ``pdf`` into the site's folder ``site``; 1 if there is no PDF."""
    if not pdf.is_file():
        print(f"no PDF at {pdf}", file=sys.stderr)
        return 1
    if not site.is_dir():
        print(f"The PDF is {pdf}; build the site ({site}) to link it from there.")
        return 0
    shutil.copy2(pdf, site / pdf.name)
    print(f"The PDF is {pdf}, and the site offers it as {site / pdf.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
