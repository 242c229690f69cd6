"""Every window fits the screen it opens on, keeps its buttons visible, and remembers its
size; the dashboard never scrolls sideways and never hides which account is which.

The screen sizes are real offscreen screens: tests/window_fit.py runs in a fresh process
with `QT_QPA_PLATFORM=offscreen:configfile=<json>` (the offscreen plugin's own list of
screens) and `QT_SCALE_FACTOR`, because both are fixed when Qt starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import preferences
from app.store.database import Database
from app.ui import fit
from app.ui.main_window import MainWindow
from app.ui.models import COLUMNS, DashboardColumn
from app.ui.persona_dialog import PersonaDialog
from tests.memory_keyring import MemoryKeyring
from tests.window_fit import screen_config

ROOT = Path(__file__).resolve().parent.parent


def run_probe(tmp_path: Path, width: int, height: int, scale: str) -> dict[str, object]:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps(screen_config(width, height)), encoding="utf-8")
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = scale
    done = subprocess.run(
        [sys.executable, "-m", "tests.window_fit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("width", "height", "scale", "logical"),
    [
        (1024, 600, "1", [1024, 600]),
        (1366, 768, "1.5", [911, 512]),
        (1024, 600, "1.5", [683, 400]),
    ],
    ids=["netbook-1024x600", "laptop-1366x768-at-150", "netbook-at-150"],
)
def test_every_window_fits_the_screen_with_its_buttons_visible(
    tmp_path: Path, width: int, height: int, scale: str, logical: list[int]
) -> None:
    result = run_probe(tmp_path, width, height, scale)
    assert result["screen"] == logical
    checked = result["checked"]
    assert isinstance(checked, list)
    for name in ("main window (dashboard)", "walkthrough", "policy preview", "add account"):
        assert name in checked
    assert any(str(n).startswith("set-up wizard page") for n in checked)
    assert result["problems"] == []


def test_a_window_too_big_for_the_screen_is_shrunk_onto_it(qtbot: QtBot) -> None:
    dialog = PersonaDialog()
    qtbot.addWidget(dialog)
    fit.place(dialog, QSize(5000, 4000))
    dialog.show()
    area = QApplication.primaryScreen().availableGeometry()
    assert area.contains(dialog.frameGeometry())
    assert dialog.buttons.isVisible()
    assert dialog.rect().contains(dialog.buttons.geometry())


def test_a_dialog_opens_at_the_size_it_was_last_closed_at(qtbot: QtBot, db: Database) -> None:
    fit.use_memory(preferences.size_memory(db))
    try:
        first = PersonaDialog()
        qtbot.addWidget(first)
        first.show()
        first.resize(430, 420)
        first.close()
        assert preferences.recall(db, preferences.size_key("persona")) == "430x420"
        second = PersonaDialog()
        qtbot.addWidget(second)
        second.show()
        assert (second.width(), second.height()) == (430, 420)
    finally:
        fit.use_memory(None)


def test_the_dashboard_at_1020_px_keeps_the_account_column_and_fits_its_width(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from tools.screenshots import NOW, build_demo

    db, catalog, vault = build_demo(tmp_path, MemoryKeyring())
    long_handle = "jane.doe.with.a.very.long.handle.that.goes.on.and.on.forever"
    persona = db.personas()[0]
    db.add_account(persona.id, "instagram", long_handle)
    window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
    qtbot.addWidget(window)
    window.resize(1020, 580)
    window.show()
    window.refresh()
    table = window.dashboard.table
    qtbot.waitUntil(lambda: table.horizontalHeader().length() <= table.viewport().width() + 1)
    handle = COLUMNS.index(DashboardColumn.HANDLE)
    chars = table.fontMetrics().averageCharWidth()
    assert table.columnWidth(handle) >= chars * 16
    row = next(
        r
        for r in range(window.dashboard.proxy.rowCount())
        if window.dashboard.proxy.index(r, handle).data() == long_handle
    )
    assert window.dashboard.proxy.index(row, handle).data(3) == long_handle  # the tooltip
    rows = window.due_panel.rows
    assert rows
    qtbot.waitUntil(lambda: all(r.start_button.isVisible() for r in rows))
    for due_row in rows:
        assert window.due_panel.rect().contains(due_row.geometry())
        folded = due_row.mode == "folded"
        assert due_row.more_button.isVisible() is folded
        assert due_row.snooze_button.isVisible() is not folded
    db.close()
