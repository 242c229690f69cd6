"""Fixtures shared by the test modules. Keep each fixture small and say what it gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.database import Database
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh database in its own temporary data folder."""
    database = Database.open(tmp_path / "data" / "tightrope.sqlite3")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An isolated data folder for `app.cli.main`, with two small checklists shipped:
    `example` (privacy, 2 items) and `policy-example` (policy). Yields the data folder."""
    from app.store import paths
    from tests.checklist_factory import raw_checklist, to_toml

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "example.toml").write_text(to_toml(raw_checklist()), encoding="utf-8")
    policy = raw_checklist("policy-example", kind="policy", platform="Office policy")
    (shipped / "policy-example.toml").write_text(to_toml(policy), encoding="utf-8")
    data = tmp_path / "cli-data"
    monkeypatch.setenv(paths.CHECKLISTS_DIR_ENV, str(shipped))
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    yield data
    paths.set_data_dir(None)


@pytest.fixture(autouse=True)
def _no_real_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test sees empty XDG folders, so none reads or writes the real user's files."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))


@pytest.fixture(autouse=True)
def _no_real_keyring() -> Iterator[None]:
    """Every test starts with keyring's `fail` backend, so none can reach the real one."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring installed as the keyring for this test."""
    import keyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release()
