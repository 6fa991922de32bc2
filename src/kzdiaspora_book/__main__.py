"""``python -m kzdiaspora_book [book]``: execute the book's chapter templates without building
the site (``--force``: every page, even if up to date)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import runner


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m kzdiaspora_book", description="Execute the book's chapter templates with papermill."
    )
    ap.add_argument("book_dir", nargs="?", default="book")
    ap.add_argument("--force", action="store_true", help="execute every page, even if up to date")
    ap.add_argument("--workers", type=int, default=0, help="parallel pages (default: one per core)")
    a = ap.parse_args(argv)
    config_path = runner.find_config(Path(a.book_dir))
    cfg = (yaml.safe_load(config_path.read_text()) or {}).get("sphinx", {}).get("config", {})
    try:
        runner.run(
            cfg.get("papermill_jobs", []),
            Path(a.book_dir),
            config_path.parent,
            deps=cfg.get("papermill_deps", runner.DEFAULT_DEPS),
            workers=a.workers or cfg.get("papermill_workers", 0),
            force=a.force,
            timeout=cfg.get("papermill_timeout", 600),
            preload=cfg.get("papermill_preload", ()),
            fork=cfg.get("papermill_fork_kernels", True),
        )
    except (runner.PageFailed, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
