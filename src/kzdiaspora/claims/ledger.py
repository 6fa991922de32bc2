"""Reading the ledger: the ``claims`` resource, validated, and the calls of its ``check`` column."""

from __future__ import annotations

import ast
import inspect

import pandas as pd

from ..data import DataError, bib_keys, load
from . import (  # noqa: F401 (defining the check functions registers them)
    communities,
    flows,
    lookups,
    recomputations,
    repatriation,
)
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


def _problems(table: pd.DataFrame, resource: str, keys: set[str]) -> list[str]:
    """What is wrong with the citation keys and the calls of a table of the ledger, by line and column."""
    problems = []
    for line, row in enumerate(table.itertuples(), start=2):
        where = f"resource '{resource}', file data/{resource}.csv, line {line}"
        cited = getattr(row, "cited_source", None)
        if isinstance(cited, str):
            for key in (k.strip() for k in cited.split(";")):
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
    return problems


def ledger() -> pd.DataFrame:
    """The ``claims`` resource, validated: its schema (by :func:`kzdiaspora.load`), then the
    citation keys of ``cited_source`` and the calls of ``check`` and ``context``, with errors
    naming line and column."""
    claims = load("claims")
    problems = _problems(claims, "claims", set(bib_keys()))
    if problems:
        raise DataError(f"{len(problems)} problem(s) in data/claims.csv:\n  " + "\n  ".join(problems))
    return claims


#: Columns a reading takes from its claim when it leaves them empty; it states the others itself.
INHERITED = ("value", "value_high", "decimals", "bound")


def readings() -> pd.DataFrame:
    """The further readings of the claims (``claim_readings``), validated as the ledger is, each as
    a row of the ledger: the claim's columns, with the reading's own ``reading``, ``check``,
    ``context``, ``basis``, ``basis_reason``, ``tolerance``, ``tolerance_reason`` and ``note``,
    and its ``value``, ``value_high``, ``decimals`` and ``bound`` when it gives them, and
    ``equally_close`` (whether the claim is decided only where this reading agrees with it)."""
    rows = load("claim_readings")
    problems = _problems(rows, "claim_readings", set(bib_keys()))
    if problems:
        raise DataError(f"{len(problems)} problem(s) in data/claim_readings.csv:\n  " + "\n  ".join(problems))
    claims = ledger().set_index("claim_id")
    merged = []
    for r in rows.to_dict("records"):
        row = claims.loc[r["claim_id"]].to_dict()
        row.update({k: v for k, v in r.items() if k != "claim_id" and (k not in INHERITED or pd.notna(v))})
        merged.append({"claim_id": r["claim_id"], **row})
    return pd.DataFrame(merged, columns=["claim_id", *claims.columns, "equally_close"])


def about(iso3: str) -> list[str]:
    """The ids of the claims about one country (column ``iso3`` of the ledger), in ledger order."""
    claims = ledger()
    return claims.loc[claims["iso3"] == iso3, "claim_id"].tolist()
