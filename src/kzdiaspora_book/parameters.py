"""Every page's parameters, checked against its template before any page executes.

A template's cell tagged ``parameters`` assigns each parameter its default value, and may
annotate it with a rule for the values it allows (see :mod:`kzdiaspora.parameters`)::

    wb_vintage: "one of population[vintage]" = "wdi-2024-12"  # World Bank release

:func:`checked` refuses, for all the pages at once, a parameter the template does not assign, a
value of another type than the template's default, and a value its rule does not allow; a date
that YAML read from an unquoted ``2024-07-01`` becomes its ISO text where the template's
default is text, and is refused elsewhere.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

_NO_DEFAULT = object()  # the default is not a literal (an expression): its type is unknown

#: A type of default and how a message names it.
_KINDS = [
    (bool, "true or false"),
    (int, "a whole number"),
    (float, "a number"),
    (str, "text"),
    ((list, tuple), "a list"),
    (dict, "a mapping"),
]


@dataclasses.dataclass(frozen=True)
class Declared:
    """A parameter as its template's ``parameters`` cell assigns it."""

    default: object
    rule: str | None  # the annotation's rule, if any


def declared(nb) -> dict[str, Declared]:
    """The parameters a template's ``parameters`` cell assigns, with their defaults and rules."""
    found: dict[str, Declared] = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                annotation = getattr(node, "annotation", None)
                rule = (
                    annotation.value
                    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str)
                    else None
                )
                try:
                    default = ast.literal_eval(node.value) if getattr(node, "value", None) else _NO_DEFAULT
                except ValueError:
                    default = _NO_DEFAULT
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = Declared(default, rule)
    return found


def _kind(value) -> str | None:
    for types, name in _KINDS:
        if isinstance(value, types):
            return name
    return None


def problems(parameters: dict, template: dict[str, Declared]) -> tuple[dict, dict[str, str]]:
    """``parameters`` as the page will receive them (YAML dates as ISO text where the template
    holds text), and what is wrong with them: a sentence by parameter name."""
    values, found = dict(parameters), {}
    for name, value in parameters.items():
        if name not in template:
            continue  # reported for all unknown names at once by the caller
        default = template[name].default
        if isinstance(value, (dt.date, dt.datetime)):
            if isinstance(default, str):
                values[name] = value = value.isoformat()
            else:
                found[name] = (
                    f"parameter {name} is the date {value.isoformat()} (YAML reads an unquoted "
                    f"2024-07-01 as a date) where the template holds "
                    f"{_kind(default) or 'another value'} ({default!r})"
                )
                continue
        if default is _NO_DEFAULT or default is None or value is None and template[name].rule:
            continue  # the template leaves the type open (or its rule says whether None is allowed)
        expected, got = _kind(default), _kind(value)
        if expected != got and not (expected == "a number" and got == "a whole number"):
            found[name] = (
                f"parameter {name} is {value!r} ({got or type(value).__name__}) where the template "
                f"holds {expected} ({default!r})"
            )
    return values, found


def checked(pages: list, root: Path) -> list:
    """The pages with their parameters as they will receive them; raises ``PageFailed`` (naming
    every page, parameter and value at fault) before any of them executes."""
    # imported here: only a build with pages to execute needs jupytext, and the runner imports
    # this module (its PageFailed is not importable when this module loads)
    import jupytext

    from .runner import PageFailed

    templates: dict[Path, dict[str, Declared]] = {}
    out, failures = [], []
    for page in pages:
        if page.template not in templates:
            templates[page.template] = declared(jupytext.read(page.template))
        template = templates[page.template]
        values, found = problems(page.parameters, template)
        unknown = sorted(set(page.parameters) - set(template))
        if unknown:
            where = page.template.relative_to(root) if page.template.is_relative_to(root) else page.template
            failures.append(
                f"page {page.docname}: parameter(s) {', '.join(unknown)} not set in the cell "
                f"tagged 'parameters' of template {where}"
            )
        ruled = {
            name: template[name].rule
            for name in values
            if name in template and name not in found and template[name].rule
        }
        found.update(_rule_problems(values, ruled))
        failures += [f"page {page.docname}: {sentence}" for sentence in found.values()]
        out.append(dataclasses.replace(page, parameters=values))
    if failures:
        raise PageFailed("parameters refused before any page was executed:\n" + "\n".join(failures))
    return out


def _rule_problems(values: dict, rules: dict[str, str]) -> dict[str, str]:
    """The values their rules refuse, by name (the data the rules refer to is read here; if it
    cannot be, the pages that read it fail and report it)."""
    if not rules:
        return {}
    # imported here: the analysis library (pandas, frictionless) only when a rule is to be checked
    from kzdiaspora import data, parameters

    found = {}
    for name, rule in rules.items():
        try:
            why = parameters.problem(name, values[name], rule)
        except data.DataError:
            continue
        except parameters.ParameterError as exc:
            why = str(exc)
        if why:
            found[name] = why
    return found
