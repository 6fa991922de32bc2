"""Reading the ledger: the ``claims`` resource, validated, and the calls of its ``check`` column."""

from __future__ import annotations

import ast
import inspect

import pandas as pd

from ..data import DataError, bib_keys, load
from . import lookups, recomputations  # noqa: F401 (defining the check functions registers them)
from .findings import CHECKS


def parse_check(text: str) -> tuple[str, dict]:
    """``'f(a=1, b="x")'`` -> ``("f", {"a": 1, "b": "x"})``: a call of a check function with
    keyword arguments whose values are literals (numbers, strings). Raises ValueError otherwise."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise ValueError(f"{text!r} is not a function call") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError(f"{text!r} is not a call of a check function, e.g. region_total()")
    if node.args:
        raise ValueError(f"{text!r}: give the arguments by name (name=value)")
    kwargs = {}
    for kw in node.keywords:
        if kw.arg is None or not isinstance(kw.value, (ast.Constant, ast.UnaryOp)):
            raise ValueError(f"{text!r}: argument values must be numbers or quoted strings")
        kwargs[kw.arg] = ast.literal_eval(kw.value)
    return node.func.id, kwargs


def ledger() -> pd.DataFrame:
    """The ``claims`` resource, validated: its schema (by :func:`kzdiaspora.load`), then the
    citation keys of ``cited_source`` and the calls of ``check`` and ``context``, with errors
    naming line and column."""
    claims = load("claims")
    keys = set(bib_keys())
    problems = []
    for line, row in enumerate(claims.itertuples(), start=2):
        where = f"resource 'claims', file data/claims.csv, line {line}"
        if pd.notna(row.cited_source):
            for key in (k.strip() for k in row.cited_source.split(";")):
                if key not in keys:
                    problems.append(
                        f"{where}, column 'cited_source': {key!r} is not a citation key of book/references.bib"
                    )
        for column in ("check", "context"):
            call = getattr(row, column)
            if pd.notna(call):
                try:
                    name, kwargs = parse_check(call)
                    if name not in CHECKS:
                        raise ValueError(f"no check function {name!r}; known: {', '.join(sorted(CHECKS))}")
                    inspect.signature(CHECKS[name]).bind(**kwargs)
                except (ValueError, TypeError) as exc:
                    problems.append(f"{where}, column '{column}': {exc}")
    if problems:
        raise DataError(f"{len(problems)} problem(s) in data/claims.csv:\n  " + "\n  ".join(problems))
    return claims


def about(iso3: str) -> list[str]:
    """The ids of the claims about one country (column ``iso3`` of the ledger), in ledger order."""
    claims = ledger()
    return claims.loc[claims["iso3"] == iso3, "claim_id"].tolist()
