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
from app.ui.launch import SingleInstance, setup_logging
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
