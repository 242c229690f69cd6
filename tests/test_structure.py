"""The structure holds: no import cycles in app/, and the domain does no I/O and imports
nothing above it (docs/ARCHITECTURE.md, "Layers")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
IO_MODULES = {
    "os",
    "io",
    "sqlite3",
    "shutil",
    "subprocess",
    "socket",
    "tempfile",
    "keyring",
    "PySide6",
    "platformdirs",
    "tomllib",
}
UPPER_LAYERS = ("app.store", "app.services", "app.reports", "app.ui", "app.commands", "app.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path) -> set[str]:
    """What a module imports when it is loaded (not inside functions or TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _all_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


MODULES = {_module_name(p): p for p in APP.rglob("*.py")}


def test_no_import_cycles_in_app() -> None:
    graph = {
        name: {m for m in _top_level_imports(path) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }
    seen: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in seen:
                visit(nxt, [*trail, nxt])
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("path", sorted((APP / "domain").glob("*.py")), ids=lambda p: p.name)
def test_the_domain_does_no_io_and_imports_nothing_above_it(path: Path) -> None:
    imports = _all_imports(path)
    assert not {m for m in imports if m.split(".")[0] in IO_MODULES}, "I/O in the domain"
    assert not {m for m in imports if m.startswith(UPPER_LAYERS)}, "an upper layer imported"
    calls = {
        node.func.id
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "open" not in calls and "print" not in calls


def test_status_does_not_reach_back_into_reminders() -> None:
    """Reminders are built on status; status reads the time zone from its own module."""
    assert "app.services.reminders" not in _all_imports(MODULES["app.services.status"])


def test_the_catalog_type_comes_from_the_domain() -> None:
    """Every layer names `Catalog` from app.domain.catalog; only the store loads files."""
    outside = [
        name
        for name, path in MODULES.items()
        if not name.startswith("app.store")
        and "app.store.checklist_files" in _all_imports(path)
        and name != "app.services.checklists"
    ]
    assert outside == []
