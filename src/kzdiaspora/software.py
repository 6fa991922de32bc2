"""The software a page is executed with: each dependency the project declares (``pyproject.toml``),
the version the lock file (``uv.lock``) pins and the version installed, so that a page can show
whether it ran in the locked environment."""

from __future__ import annotations

import hashlib
import platform
import re
import tomllib
from importlib import metadata

import pandas as pd

from . import paths
from .data import record_input
from .i18n import pgettext

__all__ = ["versions", "lock_digest", "python_version"]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _read(name: str) -> bytes:
    path = paths.ROOT / name
    record_input(path)  # a page that shows the versions is executed again when the lock changes
    return path.read_bytes()


def versions() -> pd.DataFrame:
    """One row per declared dependency: ``package``, ``required`` (the range pyproject.toml
    allows), ``locked`` (uv.lock's version), ``installed`` (None if missing) and ``as_locked``."""
    declared = tomllib.loads(_read("pyproject.toml").decode("utf-8"))["project"]["dependencies"]
    locked = {_canonical(p["name"]): p["version"] for p in tomllib.loads(_read("uv.lock").decode("utf-8"))["package"]}
    rows = []
    for requirement in declared:
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        rows.append(
            {
                "package": name,
                "required": requirement[len(name) :].split(";")[0].strip() or pgettext("versions allowed", "any"),
                "locked": locked.get(_canonical(name)),
                "installed": installed,
            }
        )
    frame = pd.DataFrame(rows)
    return frame.assign(as_locked=frame["locked"] == frame["installed"])


def lock_digest(length: int = 16) -> str:
    """The start of the SHA-256 digest of ``uv.lock``: names the exact set of versions."""
    return hashlib.sha256(_read("uv.lock")).hexdigest()[:length]


def python_version() -> str:
    """The version of the Python running the page."""
    return platform.python_version()
