"""Nothing under app/ui writes the database itself: every write goes through app/services.

The write methods are read from app/store/database.py (every `Database` method that opens
a write transaction), so a new one is covered without editing this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import app.store.database
import app.ui

UI_DIR = Path(app.ui.__file__).parent
DATABASE_SOURCE = Path(app.store.database.__file__)
RAW_ACCESS = {"backup", "exclusive_connection"}
"""Not transactions of their own, but a widget has no business with either."""


def database_write_methods() -> set[str]:
    tree = ast.parse(DATABASE_SOURCE.read_text(encoding="utf-8"))
    [database] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Database"]
    writes = set(RAW_ACCESS)
    for node in database.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        if any(isinstance(n, ast.Attribute) and n.attr == "_writing" for n in ast.walk(node)):
            writes.add(node.name)
    return writes


def imported_names(tree: ast.Module) -> set[str]:
    """Names this module binds by an import, other than from app.store: a call through one
    (`workspace.add_persona(db, ...)`, `json.load(...)`) is not a call on a database."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not (node.module or "").startswith("app.store"):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith("app.store"):
                    names.add(alias.asname or alias.name.split(".")[0])
    return names


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def direct_writes(source: str, writes: set[str]) -> list[tuple[int, str]]:
    """(line, method) of every `<anything>.<write method>(...)` not made through an
    imported module (app.services, above all)."""
    tree = ast.parse(source)
    imported = imported_names(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in writes and _root(node.func.value) not in imported:
            found.append((node.lineno, node.func.attr))
    return found


def test_the_write_methods_are_found_in_the_store() -> None:
    writes = database_write_methods()
    expected = {
        "add_persona",
        "update_persona",
        "archive_persona",
        "restore_persona",
        "add_account",
        "update_account",
        "archive_account",
        "restore_account",
        "record_answer",
        "record_review_event",
        "set_setting",
        "set_fingerprint",
        "save_practice",
    }
    assert expected <= writes
    assert not {"personas", "account", "setting", "events"} & writes, "reads are not writes"


def test_the_scan_flags_writes_on_anything_but_not_service_calls() -> None:
    source = (
        "from app.services import workspace\n"
        "from app.services import preferences as prefs\n"
        "import app.services.setup\n"
        "import json\n"
        "from app.store.database import Database\n"
        "self.db.set_setting('ui.x', '1')\n"
        "db.add_persona('A', kind)\n"
        "self.window.reminders.db.record_answer(1, 'x', '1', 'i', 1, state)\n"
        "workspace.add_persona(db, 'A', kind)\n"
        "workspace.archive_account(db, 3)\n"
        "prefs.remember(db, {})\n"
        "app.services.setup.finish_setup(db, catalog, None)\n"
        "json.load(handle)\n"
        "Database.set_setting(db, 'ui.x', '1')\n"
    )
    assert direct_writes(source, database_write_methods()) == [
        (6, "set_setting"),
        (7, "add_persona"),
        (8, "record_answer"),
        (14, "set_setting"),
    ]


def test_no_ui_module_calls_a_database_write_method() -> None:
    writes = database_write_methods()
    offenders = [
        f"{path.relative_to(UI_DIR.parent.parent)}:{line}: .{method}(...)"
        for path in sorted(UI_DIR.glob("*.py"))
        for line, method in direct_writes(path.read_text(encoding="utf-8"), writes)
    ]
    assert offenders == [], (
        "widgets must write through app/services (workspace, setup, secrets, preferences, "
        "reminders, walkthrough), not the database:\n" + "\n".join(offenders)
    )
