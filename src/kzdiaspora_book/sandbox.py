"""A disposable copy of the project, to build the book without touching the working tree.

The tests and the benchmark build the book from scratch in such a copy: the files git knows
(committed, or new and not ignored), with the copy's own ``src/`` first on the import path
(the installed project points at the original checkout).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy the project's files (as ``git ls-files`` lists them, plus untracked ones that
    are not ignored) into ``dest``; symbolic links stay links."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    dest = Path(dest)
    for rel in filter(None, listed):
        src, dst = root / rel, dest / rel
        if not (src.exists() or src.is_symlink()):
            continue  # deleted in the working tree, not yet committed
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)
    return dest


def environment(copy: Path, base: dict | None = None) -> dict:
    """Environment variables for commands run in ``copy``: its ``src/`` comes first on the path."""
    base = dict(os.environ if base is None else base)
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(copy) / "src"), base.get("PYTHONPATH")]))
    return base
