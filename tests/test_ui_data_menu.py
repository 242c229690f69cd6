"""File > Your data: back up, restore, export, import and show the data folder from the
window, with the command line's confirmations and messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.store.database import Database
from app.store.instance_lock import InstanceLock
from app.ui.main_window import MainWindow
from tests.ui_helpers import catalog_of, example_checklist


def answer(seen: list[str], *buttons: str) -> None:
    """Press `buttons` in the message boxes that open next, one box each, in order;
    `seen` gets each box's text."""
    queue = list(buttons)
    handled: list[QMessageBox] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box in handled or not box.isVisible():
            QTimer.singleShot(20, poll)
            return
        handled.append(box)
        seen.append(f"{box.text()} {box.informativeText()}")
        wanted = queue.pop(0)
        for button in box.buttons():
            if button.text().replace("&", "") == wanted:
                button.click()
                break
        else:
            box.reject()
        if queue:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    db = Database.open(tmp_path / "data" / "tightrope.sqlite3")
    db.add_persona("Personal", PersonaKind.PERSONAL)
    main = MainWindow(db, catalog_of(example_checklist()))
    lock = InstanceLock(db.path.parent)
    assert lock.acquire()
    main.instance_lock = lock
    qtbot.addWidget(main)
    main.show()
    yield main
    main.db.close()
    lock.release()


def test_the_file_menu_has_the_data_actions(window: MainWindow) -> None:
    menu = window.data_actions.menu
    assert menu is not None
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts == [
        "Back up now",
        "Restore from a backup…",
        "Export…",
        "Import…",
        "Show the data folder",
    ]
    assert menu.menuAction() in window.file_menu.actions()


def test_back_up_then_restore_brings_the_data_back(window: MainWindow, tmp_path: Path) -> None:
    seen: list[str] = []
    answer(seen, "OK")
    backup = window.data_actions.backup()
    assert backup is not None and backup.is_file()
    assert f"Backed up to {backup}" in seen[0]
    window.db.add_persona("Added after the backup", PersonaKind.OTHER)
    window.refresh()
    assert window.panel.model.findItems("Added after the backup", Qt.MatchFlag.MatchRecursive)
    old_db = window.db

    window.data_actions.choose_open = lambda _caption, _filter: backup
    answer(seen, "Restore", "OK")
    assert window.data_actions.restore()
    assert "Your current data is backed up first" in seen[1]
    assert window.db is not old_db
    assert [p.name for p in window.db.personas()] == ["Personal"]
    assert "Your previous data is kept in" in seen[2]
    assert window.panel.model.findItems("Added after the backup", Qt.MatchFlag.MatchRecursive) == []


def test_restore_cancelled_changes_nothing(window: MainWindow) -> None:
    seen: list[str] = []
    answer(seen, "OK")
    backup = window.data_actions.backup()
    assert backup is not None
    window.db.add_persona("Kept", PersonaKind.OTHER)
    window.data_actions.choose_open = lambda _caption, _filter: backup
    answer(seen, "Cancel")
    assert not window.data_actions.restore()
    assert "Kept" in [p.name for p in window.db.personas()]


def test_export_then_import_replaces_the_data(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "export.json"
    window.data_actions.choose_save = lambda _c, _n, _f: target
    seen: list[str] = []
    answer(seen, "OK")
    window.data_actions.export()
    qtbot.waitUntil(lambda: bool(seen))
    assert "Exported 1 persona(s), 0 account(s) and 0 answer(s)" in seen[0]
    assert "(no secrets)" in seen[0]
    assert json.loads(target.read_text(encoding="utf-8"))["personas"][0]["name"] == "Personal"

    window.db.add_persona("Gone after the import", PersonaKind.OTHER)
    window.data_actions.choose_open = lambda _caption, _filter: target
    answer(seen, "Import", "OK")
    assert window.data_actions.import_()
    assert "Importing replaces" in seen[1] and "It is backed up first" in seen[1]
    assert [p.name for p in window.db.personas()] == ["Personal"]
    assert "Imported 1 persona(s)" in seen[2]


def test_a_broken_import_says_why_and_changes_nothing(window: MainWindow, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    window.data_actions.choose_open = lambda _caption, _filter: broken
    seen: list[str] = []
    answer(seen, "OK")
    assert not window.data_actions.import_()
    assert "is not valid JSON" in seen[0]
    assert [p.name for p in window.db.personas()] == ["Personal"]


def test_show_the_data_folder(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "app.ui.data_menu.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile())
    )
    folder = window.data_actions.show_folder()
    assert folder == window.db.path.parent
    assert opened == [str(folder)]
    assert str(folder) in window.statusBar().currentMessage()


def test_backup_and_restore_name_missing_findability_evidence(
    window: MainWindow, tmp_path: Path
) -> None:
    from app.domain.checklist_parse import parse_checklist
    from app.domain.findability import SourceState
    from app.services import findability
    from tests.findability_helpers import findability_data
    from tests.ui_helpers import NOW

    catalog = catalog_of(parse_checklist(findability_data(), "findability-us.toml"))
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    done = findability.record_step(
        window.db,
        catalog,
        window.db.persona_named("Personal"),
        "us-parent",
        SourceState.FOUND,
        NOW,
        window.zone(),
        evidence=[shot],
    )
    name = done.event.evidence[0].name
    (window.db.path.parent / "evidence" / name).unlink()
    seen: list[str] = []
    answer(seen, "OK")
    backup = window.data_actions.backup()
    assert backup is not None
    assert (
        f"1 findability evidence file(s) need attention: evidence file {name} is missing" in seen[0]
    )
    window.data_actions.choose_open = lambda _caption, _filter: backup
    answer(seen, "Restore", "OK")
    assert window.data_actions.restore()
    assert f"evidence file {name} is missing" in seen[2]
