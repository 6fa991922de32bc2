"""The values a chapter's parameters may take, declared in its template and checked.

A chapter template declares the values a parameter allows as the annotation of its assignment
in the cell tagged ``parameters``, in words::

    wb_vintage: "one of population[vintage]" = "wdi-2024-12"
    reference_year: "within population[year]" = 2022
    series: "one of [wpp, registered, both]" = "both"
    confidence: "between 0 and 1" = 0.95
    themes: "None or each one of press_codebook[code]" = None

A rule is one of

* ``one of <resource>[<column>]``: a value found in that column of the data package (a date
  column takes its dates as ``YYYY-MM-DD`` text);
* ``one of [<word>, <word>, ...]``: one of the words listed;
* ``within <resource>[<column>]``: from the smallest to the largest value of that column;
* ``between <low> and <high>``: a number strictly between two whole numbers;

optionally after ``each`` (a list whose every element follows the rule) and ``None or`` (None
is allowed too). Rules use only letters, digits, spaces, brackets and commas, so that papermill
reads them as the parameter's type (``papermill --help-notebook``).

The same rules are applied twice: by the book's runner to every page's parameters before any
page executes (:mod:`kzdiaspora_book.parameters`), and by :func:`check`, which each chapter
calls right after its parameters, so that a value edited in Binder is refused by the chapter's
first cell, with the parameter and the value named.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

__all__ = ["ParameterError", "check", "problem"]

_RULE = re.compile(
    r"^(?P<none>None or )?(?P<each>each )?"
    r"(?:(?P<kind>one of|within) (?:(?P<resource>\w+)\[(?P<column>\w+)\]|\[(?P<words>[\w\s,]*)\])"
    r"|between (?P<low>-?\d+) and (?P<high>-?\d+))$"
)
#: How many allowed values a message lists before it says "..."
_SHOWN = 12


class ParameterError(ValueError):
    """A chapter parameter has a value its template does not allow."""


def check(namespace: dict) -> None:
    """Check every parameter of a chapter that its ``parameters`` cell annotates with a rule.

    Call with ``globals()`` in the chapter's first cell after its parameters. Raises
    :class:`ParameterError` naming each parameter whose value breaks its rule, and the value.
    """
    rules = namespace.get("__annotations__", {})
    problems = [
        p
        for name, rule in rules.items()
        if isinstance(rule, str) and name in namespace and (p := problem(name, namespace[name], rule))
    ]
    if problems:
        raise ParameterError("\n".join(problems))


def problem(name: str, value, rule: str, *, datapackage=None) -> str | None:
    """What is wrong with ``value`` for parameter ``name`` under ``rule`` (None if nothing).

    Raises :class:`ParameterError` if the rule itself is not one of the forms above, and
    :class:`kzdiaspora.data.DataError` if the data it refers to cannot be loaded.
    """
    match = _RULE.match(rule.strip())
    if not match:
        raise ParameterError(f"parameter {name}: {rule!r} is not a rule for its values (see kzdiaspora.parameters)")
    shown = f"parameter {name} = {value!r}"
    if value is None:
        return None if match["none"] else f"{shown}: a value is required ({rule})"
    if not match["each"]:
        why = _breaks(value, match, datapackage)
        return f"{shown}: {why}" if why else None
    if not isinstance(value, (list, tuple)):
        return f"{shown}: a list is expected ({rule})"
    for item in value:
        why = _breaks(item, match, datapackage)
        if why:
            return f"{shown}: {item!r} {why}"
    return None


def _breaks(value, match: re.Match, datapackage) -> str | None:
    """Why ``value`` breaks the rule (a phrase), or None."""
    if match["low"] is not None:
        low, high = int(match["low"]), int(match["high"])
        if not _is_number(value):
            return f"a number between {low} and {high} is expected"
        return None if low < value < high else f"is not between {low} and {high}"
    if match["words"] is not None:
        words = [w.strip() for w in match["words"].split(",") if w.strip()]
        return None if value in words else f"is not one of {', '.join(words)}"
    column, where = _column(match["resource"], match["column"], datapackage)
    values, value, why = _comparable(column, value, where)
    if why:
        return why
    if match["kind"] == "within":
        low, high = values.min(), values.max()
        return None if low <= value <= high else f"is outside the range of {where}: {low} to {high}"
    allowed = sorted(set(values), key=str)
    if value in allowed:
        return None
    listed = ", ".join(map(str, allowed[:_SHOWN])) + (f", ... ({len(allowed)} values)" if len(allowed) > _SHOWN else "")
    return f"is not among the values of {where}: {listed}"


def _comparable(column: pd.Series, value, where: str) -> tuple[pd.Series, object, str | None]:
    """The column's values and the value, in a form that compares with them (a date column's
    dates as ``YYYY-MM-DD`` text), or why the value is not of the column's kind."""
    if pd.api.types.is_datetime64_any_dtype(column):
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()[:10]
        why = None if isinstance(value, str) else f"a date written YYYY-MM-DD is expected ({where})"
        return column.dt.strftime("%Y-%m-%d"), value, why
    if pd.api.types.is_bool_dtype(column):
        return column, value, None if isinstance(value, bool) else f"true or false is expected ({where})"
    if pd.api.types.is_numeric_dtype(column):
        whole = pd.api.types.is_integer_dtype(column)
        ok = _is_number(value) and (not whole or float(value).is_integer())
        return column, value, None if ok else f"a {'whole ' if whole else ''}number is expected ({where})"
    return column, value, None if isinstance(value, str) else f"text is expected ({where})"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _column(resource: str, column: str, datapackage) -> tuple[pd.Series, str]:
    """The non-missing values of a column of the data package, and how to name it."""
    # imported here: the runner checks rules in the Sphinx process, which should load the data
    # package's reader (frictionless) only when a rule names a column of the data
    from . import data

    frame = data.load(resource, datapackage=datapackage)
    if column not in frame:
        raise ParameterError(f"the data table {resource!r} has no column {column!r}")
    return frame[column].dropna(), f"column {column} of the data table {resource}"
