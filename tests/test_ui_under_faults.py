"""The window keeps its promises under faults: a keyring that hangs never stops the
event loop and the window says what it waits for; a broken user checklist is named at
start-up while the others work; the window killed with SIGKILL while it records answers
loses none that it showed as recorded."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.store.database import Database
from app.store.vault import Vault
from app.ui.main_window import KEYRING_WAIT_MESSAGE, MainWindow
from tests.memory_keyring import MemoryKeyring
from tests.test_ui_launch import run_app

REPO = Path(__file__).resolve().parent.parent


def test_a_hanging_keyring_never_stops_the_event_loop(qtbot: QtBot, tmp_path: Path) -> None:
    from tools.screenshots import NOW, build_demo

    keyring = MemoryKeyring()
    db, catalog, _ = build_demo(tmp_path, keyring)
    keyring.hang()
    vault = Vault.for_database(db, keyring, timeout=3.0)
    window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
    qtbot.addWidget(window)
    window.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    try:
        window.check_keyring()
        assert window.statusBar().currentMessage() == KEYRING_WAIT_MESSAGE
        qtbot.wait(1000)
        assert len(ticks) >= 10, "the event loop kept running while the keyring hung"
        assert window.statusBar().currentMessage() == KEYRING_WAIT_MESSAGE
        window.refresh()
    finally:
        timer.stop()
        keyring.release()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() != KEYRING_WAIT_MESSAGE, timeout=10000
    )


def test_a_checklist_nested_5000_deep_is_named_and_the_window_starts(tmp_path: Path) -> None:
    from tests.checklist_factory import raw_checklist, to_toml

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "example.toml").write_text(to_toml(raw_checklist()), encoding="utf-8")
    data = tmp_path / "data"
    (data / "checklists").mkdir(parents=True)
    (data / "checklists" / "deep.toml").write_text(
        "format = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    result = run_app(data, shipped, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "1 checklist(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "deep.toml" in result.stdout and "nested too deeply" in result.stdout


def test_the_window_names_the_checklist_it_skipped(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.domain.checklist_parse import Problem
    from app.ui import errors, launch

    shown: list[str] = []
    monkeypatch.setattr(
        errors, "show_error", lambda _parent, title, text, detail="", *_a: shown.append(detail)
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    problem = Problem(str(tmp_path / "deep.toml"), None, "file", "is nested too deeply")
    launch._show_catalog_problems(parent, [problem])
    assert shown and "deep.toml" in shown[0] and "nested too deeply" in shown[0]


WRITER = r"""
import os, sys
from pathlib import Path
from datetime import UTC
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QApplication
from app.store.database import Database
from app.services.checklists import load_default_catalog
from app.services.walkthrough import start_walkthrough
from app.ui.walkthrough import WalkthroughWindow
from app.domain.progress import AnswerState

app = QApplication([])
db = Database.open(Path(sys.argv[1]))
catalog = load_default_catalog()
account = db.accounts()[0]
round_ = sys.argv[2]
count = [0]

def answer():
    session = start_walkthrough(db, catalog.checklists, account.id)
    window = WalkthroughWindow(session, account.handle)
    window.show()
    def click():
        window.note.setPlainText(f"{round_}-{count[0]}")
        window.give_answer(AnswerState.DONE)
        os.write(1, f"{round_}-{count[0]}\n".encode())
        count[0] += 1
        if window.on_finish_page:
            window.close()
            QTimer.singleShot(0, answer)
        else:
            QTimer.singleShot(0, click)
    QTimer.singleShot(0, click)

QTimer.singleShot(0, answer)
app.exec()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_the_window_while_it_records_answers_loses_none_it_showed(
    tmp_path: Path,
) -> None:
    from app.domain.checklist import PersonaKind

    path = tmp_path / "data" / "tightrope.sqlite3"
    with Database.open(path) as db:
        persona = db.add_persona("Personal", PersonaKind.PERSONAL)
        db.add_account(persona.id, "instagram", "@jane")
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    rng = random.Random(20261201)
    acknowledged: set[str] = set()
    for round_ in range(6):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(round_)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=REPO,
        )
        assert child.stdout is not None
        wanted = rng.randint(3, 40)
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while len(lines) < wanted and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line.decode().strip())
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        rest = child.stdout.read().decode()
        lines.extend(part for part in rest.split("\n")[:-1] if part)
        child.stdout.close()
        acknowledged.update(lines)
    assert len(acknowledged) >= 18
    with Database.open(path) as db:
        assert db.integrity_check() == ["ok"]
        notes = {event.note for event in db.events()}
    assert acknowledged <= notes
