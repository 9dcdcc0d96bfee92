"""The import graph: no cycle inside `conformance/` or inside `reference_impl/`.

Every import counts, those inside functions too: a lazy import that closes a cycle is still a cycle of concepts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conformance.paths import REPO_ROOT

PACKAGES = ("conformance", "reference_impl")


def module_name(path: Path) -> str:
    """conformance/corpus/store.py -> conformance.corpus.store; a package's __init__.py -> the package."""
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: str) -> dict[str, Path]:
    """Every module of a package, by dotted name."""
    return {module_name(path): path for path in sorted((REPO_ROOT / package).rglob("*.py"))}


def imported_names(path: Path, name: str) -> set[str]:
    """The dotted names a module imports anywhere in its source, `from a import b` giving both a and a.b."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    known = modules(package)
    return {name: {dep for dep in imported_names(path, name) if dep in known and dep != name}
            for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None (depth-first search)."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package: str) -> None:
    cycle = find_cycle(import_graph(package))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_lazy_import_cycle(tmp_path: Path) -> None:
    """The check itself: a cycle closed by an import inside a function is found."""
    assert find_cycle({"p.a": {"p.b"}, "p.b": {"p.a"}}) == ["p.a", "p.b", "p.a"]
    assert find_cycle({"p.a": {"p.b"}, "p.b": set()}) is None
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from reference_impl.variable_scope import get_variable_scope\n")
    assert "reference_impl.variable_scope" in imported_names(lazy, "reference_impl.lazy")

