"""The layers hold: checked two ways, and both are proven to catch a forbidden import.

1. import-linter runs the contracts in pyproject.toml (layers, core purity, no cycles).
2. An AST walk of every module sees every import statement, top level or inside a function,
   and applies the same layer rules directly, so neither check depends on the other.

Each check is run on a temporary copy of the package with a forbidden import added (at top
level and inside a function) and must fail there.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reader"

# (layer of the importing module, what it must never import)
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("reader.core", ("reader.store", "reader.app", "reader.ui", "reader.commands", "reader.cli",
                     "textual", "rich", "platformdirs")),
    ("reader.store", ("reader.ui", "reader.commands", "reader.cli", "textual", "rich")),
    ("reader.app", ("reader.ui", "reader.commands", "reader.cli", "reader.store", "textual",
                    "rich")),
    ("reader.core.sources", ("reader.core.extract", "reader.core.summarize")),
    ("reader.core.fetch", ("reader.core.extract", "reader.core.summarize")),
    ("reader.core.formats", ("reader.core.extract", "reader.core.summarize")),
    ("reader.core.extract", ("reader.core.summarize", "reader.core.pipeline")),
]
ALLOWED: set[tuple[str, str]] = set()  # (module, import) exceptions: none today


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import statement in `source`,
    relative imports resolved against `module`; `if TYPE_CHECKING:` blocks are skipped
    (annotations only, never imported at run time)."""
    tree = ast.parse(source)
    package = module if module.endswith("__init__") else module.rsplit(".", 1)[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                      ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - child.level + 1]
                    name = ".".join(base + ([child.module] if child.module else []))
                else:
                    name = child.module or ""
                found.append((name, child.lineno, in_function))
                found.extend((f"{name}.{alias.name}", child.lineno, in_function)
                             for alias in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def _inside(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path) -> list[str]:
    """Every import statement in the package under `root` that breaks a rule, one line each."""
    out: dict[tuple[str, int], str] = {}
    for path in sorted((root / "reader").rglob("*.py")):
        module = _module_name(path, root)
        package_module = module + ".__init__" if path.name == "__init__.py" else module
        for name, line, in_function in imports_of(path.read_text(encoding="utf-8"),
                                                  package_module):
            for layer, forbidden in RULES:
                if not _inside(module, layer):
                    continue
                for bad in forbidden:
                    allowed = any(module == m and _inside(name, t) for m, t in ALLOWED)
                    if _inside(name, bad) and not allowed:
                        where = "inside a function" if in_function else "at top level"
                        out.setdefault((module, line), f"{module}:{line} imports {name} {where} "
                                                       f"({layer} must not import {bad})")
    return list(out.values())


def test_no_module_imports_across_a_layer() -> None:
    found = violations(ROOT)
    assert len(list(PACKAGE.rglob("*.py"))) > 50
    assert not found, "\n".join(found)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


@pytest.mark.xdist_group("import-linter")
def test_import_linter_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


PROBES = {
    "top level": "from reader.store.db import Database\n",
    "inside a function": "def later():\n    from textual.app import App\n    return App\n",
}


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "reader",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize("where", list(PROBES))
def test_the_ast_check_catches_a_forbidden_import(package_copy: Path, where: str) -> None:
    assert violations(package_copy) == []
    (package_copy / "reader" / "core" / "probe.py").write_text(PROBES[where])
    [found] = violations(package_copy)
    assert found.startswith("reader.core.probe:") and where in found


@pytest.mark.xdist_group("import-linter")
@pytest.mark.parametrize("where", list(PROBES))
def test_import_linter_catches_a_forbidden_import(package_copy: Path, where: str) -> None:
    (package_copy / "reader" / "core" / "export_probe.py").write_text(PROBES[where])
    result = _lint_imports(package_copy)
    assert result.returncode != 0
    assert "reader.core.export_probe" in result.stdout


def test_import_linter_catches_a_cycle(package_copy: Path) -> None:
    (package_copy / "reader" / "core" / "cycle_a.py").write_text(
        "from reader.core import cycle_b\n")
    (package_copy / "reader" / "core" / "cycle_b.py").write_text(
        "def later():\n    from reader.core import cycle_a\n    return cycle_a\n")
    result = _lint_imports(package_copy)
    assert result.returncode != 0 and "cycle" in result.stdout.lower()
