"""House rules, checked by tools: the linter (ruff: pyflakes, pycodestyle, import order, a
complexity limit) and the spell checker (codespell) over src/, tests/ and book/, as configured in
pyproject.toml; modules and functions of a readable size; and, for charts, that every library
function that draws one records itself on it (kzdiaspora.charts.draws)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MODULES = sorted(SRC.rglob("*.py"))
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 50


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail(f"{name} is not installed: `uv sync --extra test`")
    return found


#: What ruff checks as Python files; the chapter templates in book/ are checked as notebooks.
PYTHON_PATHS = ["src", "tests", "benchmarks"]


def _ruff(*args: str, stdin: str | None = None, filename: str | None = None) -> subprocess.CompletedProcess:
    where = ["--stdin-filename", filename, "-"] if filename else PYTHON_PATHS
    return subprocess.run(
        [_tool("ruff"), *args, "--no-cache", *where], cwd=ROOT, input=stdin, capture_output=True, text=True
    )


def test_ruff_finds_nothing():
    proc = _ruff("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_changes_nothing():
    proc = _ruff("format", "--check")
    assert proc.returncode == 0, f"run `ruff format {' '.join(PYTHON_PATHS)}`:\n" + proc.stdout + proc.stderr


def _chapters() -> list[Path]:
    """The chapter templates: MyST Markdown notebooks (pages with code cells) under book/."""
    pages = [p for p in sorted((ROOT / "book").rglob("*.md")) if "_build" not in p.parts]
    return [p for p in pages if "```{code-cell}" in p.read_text(encoding="utf-8")]


def _as_notebook(page: Path) -> str:
    """A chapter as the notebook ruff reads. A parameters cell is a declaration, one parameter
    per line with what it means (kzdiaspora.parameters reads it and tests/test_parameters.py
    checks it): it is linted, but neither formatted nor held to the line length."""
    notebook = jupytext.reads(page.read_text(encoding="utf-8"), fmt="md:myst")
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            lines = [f"{line}  # noqa: E501" if len(line) > 100 else line for line in cell.source.splitlines()]
            cell.source = "\n".join(["# fmt: off", *lines, "# fmt: on"])
    return jupytext.writes(notebook, fmt="ipynb")


@pytest.mark.parametrize("page", _chapters(), ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_ruff_finds_nothing_in_the_code_cells_of(page):
    name = page.relative_to(ROOT).with_suffix(".ipynb").as_posix()
    checked = _ruff("check", stdin=_as_notebook(page), filename=name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = _ruff("format", "--check", stdin=_as_notebook(page), filename=name)
    assert formatted.returncode == 0, f"{name}: code cells not formatted as `ruff format` would\n" + formatted.stderr


def test_codespell_finds_nothing():
    proc = subprocess.run(
        [_tool("codespell"), "src", "tests", "book", "benchmarks", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_modules_and_functions_stay_short(module):
    text = module.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module.relative_to(ROOT)}: {lines} lines (at most {MAX_MODULE_LINES})"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{module.relative_to(ROOT)}: functions over {MAX_FUNCTION_LINES} lines: {', '.join(long)}"


def _draws(node: ast.FunctionDef) -> bool:
    """Whether a function builds an altair chart (``alt.Chart``, ``alt.layer``...) or returns
    one of the library's maps."""
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            owner = call.func.value
            if isinstance(owner, ast.Name) and (owner.id, call.func.attr) in (
                ("alt", "Chart"),
                ("alt", "layer"),
                ("alt", "hconcat"),
                ("alt", "vconcat"),
                ("maps", "points"),
                ("maps", "choropleth"),
            ):
                return True
    return False


def _decorated(node: ast.FunctionDef) -> bool:
    return any(ast.unparse(d).endswith("draws") for d in node.decorator_list)


@pytest.mark.parametrize(
    "module", sorted((SRC / "kzdiaspora").rglob("*.py")), ids=lambda p: p.relative_to(SRC).as_posix()
)
def test_every_public_drawing_function_records_itself_on_its_chart(module):
    """A figure's footer names the functions that drew its chart from what the chart recorded;
    a public function that draws without the decorator would leave itself out."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    missing = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and _draws(node) and not _decorated(node)
    ]
    assert not missing, f"{module.relative_to(ROOT)}: decorate with kzdiaspora.charts.draws: {', '.join(missing)}"


def _module_aliases(tree: ast.Module) -> set[str]:
    """Names a module binds to the project's other modules (``from . import fmt``)."""
    return {
        a.asname or a.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
        for a in node.names
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_private_name_is_used_across_modules(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    aliases = _module_aliases(tree)
    private = [
        f"line {n.lineno}: from {n.module} import {a.name}"
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module != "__future__"
        for a in n.names
        if a.name.startswith("_")
        and not a.name.startswith("__")
        and not (n.module == "i18n" and a.name == "_")  # gettext's conventional name, public by design
    ]
    private += [
        f"line {n.lineno}: {n.value.id}.{n.attr}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Name)
        and n.value.id in aliases
        and n.attr.startswith("_")
        and not n.attr.startswith("__")
    ]
    assert not private, f"{module.relative_to(ROOT)} uses private names of other modules: {'; '.join(private)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_imports_inside_functions_say_why(module):
    """An import inside a function is a choice (a heavy module only some pages need, a process
    that must stay light): a comment on the lines just above it says which."""
    lines = module.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    silent = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        imports = [n for n in ast.walk(function) if isinstance(n, (ast.Import, ast.ImportFrom))]
        for node in imports[:1]:
            above = lines[max(node.lineno - 4, 0) : node.lineno]
            if not any("#" in line for line in above):
                silent.append(f"line {node.lineno} in {function.name}")
    assert not silent, f"{module.relative_to(ROOT)}: imports inside functions without a comment: {', '.join(silent)}"
