"""Starting the app: --smoke-test in a real process, bad data files, one instance only."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.store import paths
from app.ui.launch import SingleInstance, hold_log_records, open_log, setup_logging
from tests.checklist_factory import raw_checklist, to_toml

REPO = Path(__file__).resolve().parent.parent


def run_app(data: Path, shipped: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            paths.CHECKLISTS_DIR_ENV: str(shipped),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "example.toml").write_text(to_toml(raw_checklist()), encoding="utf-8")
    return folder


def test_smoke_test_opens_the_window_on_the_data_and_exits_0(tmp_path: Path, shipped: Path) -> None:
    data = tmp_path / "data"
    result = run_app(data, shipped, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "smoke test passed: 0 account(s), 1 checklist(s)" in result.stdout
    assert (data / "tightrope.sqlite3").exists()
    assert (data / "logs" / "tightrope.log").exists()


def test_smoke_test_fails_with_the_reason_on_a_damaged_data_file(
    tmp_path: Path, shipped: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    damaged = data / "tightrope.sqlite3"
    damaged.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    before = damaged.read_bytes()
    result = run_app(data, shipped, "--smoke-test")
    assert result.returncode == 1
    assert "smoke test failed" in result.stderr
    assert "damaged" in result.stderr
    assert damaged.read_bytes() == before


def test_a_second_launch_brings_the_first_forward(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    first = SingleInstance()
    assert not first.hand_over()
    assert first.listen()
    second = SingleInstance()
    assert second.name == first.name
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.hand_over()
    assert first.server is not None
    first.server.close()


def test_another_data_folder_is_another_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "one"))
    one = SingleInstance()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "two"))
    assert SingleInstance().name != one.name


def test_log_file_rotates_in_the_log_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        log_file = setup_logging()
        assert log_file == tmp_path / "data" / "logs" / "tightrope.log"
        logging.getLogger("tightrope.test").warning("a line the user can send to support")
        for handler in root.handlers:
            handler.flush()
        assert "a line the user can send to support" in log_file.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_what_is_logged_before_the_log_file_opens_comes_first_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        early = hold_log_records()
        logging.getLogger("tightrope.test").info("opened the data file")
        log_file = setup_logging(early)
        assert log_file is not None
        open_log(early)
        logging.getLogger("tightrope.test").warning("then something else")
        for handler in root.handlers:
            handler.flush()
        assert early not in root.handlers
        lines = log_file.read_text(encoding="utf-8").splitlines()
        assert [line.split(": ", 1)[1] for line in lines] == [
            "opened the data file",
            "then something else",
        ]
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def damaged_data_with_a_backup(data: Path) -> Path:
    from app.domain.checklist import PersonaKind
    from app.services.backup import backup_now
    from app.store.database import Database

    db = Database.open(data / "tightrope.sqlite3")
    db.add_persona("Personal", PersonaKind.PERSONAL)
    backup_now(db)
    db.close()
    damaged = data / "tightrope.sqlite3"
    for extra in (data / "tightrope.sqlite3-wal", data / "tightrope.sqlite3-shm"):
        extra.unlink(missing_ok=True)
    damaged.write_bytes(b"not a database any more\n" * 500)
    return damaged


def test_a_damaged_data_file_can_be_replaced_by_the_newest_backup(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store.database import Database
    from app.store.errors import CorruptDatabaseError
    from app.store.instance_lock import InstanceLock
    from app.ui.launch import Choice, open_database

    data = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    damaged = damaged_data_with_a_backup(data)
    offered: list[str] = []

    def close(exc: Exception) -> Choice:
        offered.append(str(exc))
        return Choice.CLOSE

    refused = open_database(True, None, close)
    assert isinstance(refused, CorruptDatabaseError)
    assert "damaged" in offered[0]
    assert refused.newest_backup is not None and "manual" in refused.newest_backup.name
    assert damaged.read_bytes().startswith(b"not a database")

    lock = InstanceLock(data)
    assert lock.acquire()
    try:
        restored = open_database(True, lock, lambda exc: Choice.RESTORE)
        assert isinstance(restored, Database)
        assert [p.name for p in restored.personas()] == ["Personal"]
        restored.close()
        assert lock.held
        kept = list((data / "backups").glob("*.damaged"))
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b"not a database")
    finally:
        lock.release()


def test_a_broken_user_checklist_does_not_stop_the_app(tmp_path: Path, shipped: Path) -> None:
    data = tmp_path / "data"
    (data / "checklists").mkdir(parents=True)
    (data / "checklists" / "mine.toml").write_text("id = 'mine'\nversion = [", encoding="utf-8")
    result = run_app(data, shipped, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "1 checklist(s)" in result.stdout


def test_checklist_problems_are_listed_by_file_item_and_field() -> None:
    from app.domain.checklist_parse import Problem
    from app.ui.launch import catalog_problems_text

    problems = [Problem(f"mine-{n}.toml", "it-1", "title", "is empty") for n in range(10)]
    text = catalog_problems_text(problems)
    assert text.splitlines()[0] == "mine-0.toml: it-1: title: is empty"
    assert text.splitlines()[-1] == "… and 2 more"
