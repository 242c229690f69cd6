from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.services.backup import backup_now, keep_days, restore, routine_backup, set_keep_days
from app.store.backups import RestoreError, backup_reason, list_backups, newest_good_backup
from app.store.database import CorruptDatabaseError, Database
from app.store.instance_lock import InstanceLock, InstanceLockedError
from app.store.schema import SCHEMA_VERSION

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def path_in(tmp_path: Path) -> Path:
    return tmp_path / "data" / "tightrope.sqlite3"


def with_persona(path: Path, name: str) -> None:
    with Database.open(path) as database:
        persona = database.add_persona(name, PersonaKind.PERSONAL)
        account = database.add_account(persona.id, "x", f"@{name.lower()}")
        database.record_answer(account.id, "x", "2026.11.0", "a", 1, AnswerState.DONE, at=T0)


def names(path: Path) -> list[str]:
    with Database.open(path) as database:
        return [p.name for p in database.personas()]


def test_one_daily_backup_a_day_and_old_ones_rotated_out(db: Database) -> None:
    set_keep_days(db, 3)
    made = [
        routine_backup(db, T0 + timedelta(days=day, hours=h)) for day in range(6) for h in (0, 5)
    ]
    assert sum(1 for m in made if m is not None) == 6
    daily = [p for p in list_backups(db.path) if backup_reason(p) == "daily"]
    assert len(daily) == 3
    assert "20260306" in daily[0].name and "20260304" in daily[-1].name


def test_manual_backups_are_never_rotated_out(db: Database) -> None:
    manual = backup_now(db)
    routine_backup(db, T0 + timedelta(days=400))
    assert manual.exists()
    assert backup_reason(manual) == "manual"


def test_keep_days_setting_defaults_and_refuses_nonsense(db: Database) -> None:
    assert keep_days(db) == 14
    for nonsense in ("banana", "0", "1000000", str(10**30), "-3"):
        with pytest.raises(ValueError):
            db.set_setting("backup.keep_days", nonsense)
    for days in (0, 1_000_000, 10**30):
        with pytest.raises(ValueError, match="1 to 3650"):
            set_keep_days(db, days)
    assert keep_days(db) == 14


@pytest.mark.parametrize("stored", ["banana", "1000000", str(10**30), ""])
def test_a_bad_stored_keep_days_falls_back_and_backups_still_run(
    db: Database, stored: str, tmp_path: Path
) -> None:
    with db.exclusive_connection() as connection:
        connection.execute("INSERT INTO settings VALUES ('backup.keep_days', ?)", (stored,))
    assert keep_days(db) == 14
    assert routine_backup(db) is not None


def test_restore_brings_back_the_backup_and_keeps_the_current_data(tmp_path: Path) -> None:
    path = path_in(tmp_path)
    with_persona(path, "Before")
    with Database.open(path) as database:
        backup = backup_now(database, tmp_path / "mine.sqlite3")
    with_persona(path, "After")
    backup_bytes = backup.read_bytes()

    done = restore(backup, path)
    assert names(path) == ["Before"]
    assert done.previous is not None and backup_reason(done.previous) == "before-restore"
    assert backup.read_bytes() == backup_bytes
    assert names(done.previous) == ["Before", "After"]


@pytest.mark.parametrize("kind", ["garbage", "empty-sqlite", "newer", "missing"])
def test_restore_refuses_a_bad_file_and_changes_nothing(tmp_path: Path, kind: str) -> None:
    path = path_in(tmp_path)
    with_persona(path, "Mine")
    bad = tmp_path / "bad.sqlite3"
    if kind == "garbage":
        bad.write_bytes(b"hello" * 1000)
    elif kind == "empty-sqlite":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "newer":
        with Database.open(bad):
            pass
        connection = sqlite3.connect(bad)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        connection.close()
    with pytest.raises(RestoreError):
        restore(bad, path)
    assert names(path) == ["Mine"]
    assert not Path(f"{path}.incoming").exists()


def test_a_damaged_database_is_kept_aside_and_the_newest_backup_restored(tmp_path: Path) -> None:
    path = path_in(tmp_path)
    with_persona(path, "Kept")
    with Database.open(path) as database:
        routine_backup(database)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"\0" * 8192)

    with pytest.raises(CorruptDatabaseError) as caught:
        Database.open(path)
    newest = caught.value.newest_backup
    assert newest is not None and newest == newest_good_backup(path)

    done = restore(newest, path)
    assert names(path) == ["Kept"]
    assert done.previous is not None and done.previous.read_bytes() == b"\0" * 8192


def test_restore_is_refused_while_another_tightrope_runs(tmp_path: Path) -> None:
    path = path_in(tmp_path)
    with_persona(path, "Mine")
    with Database.open(path) as database:
        backup = backup_now(database)
    with InstanceLock(path.parent), pytest.raises(InstanceLockedError, match="Close the Tightrope"):
        restore(backup, path)
    assert names(path) == ["Mine"]


def test_a_restored_older_schema_is_migrated_on_open(tmp_path: Path) -> None:
    from app.store.schema import apply_migrations

    old = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(old, isolation_level=None)
    apply_migrations(connection, target=1)
    connection.execute(
        "INSERT INTO personas (name, kind, created_at) "
        "VALUES ('Old', 'personal', '2026-01-01T00:00:00+00:00')"
    )
    connection.close()
    path = path_in(tmp_path)
    restore(old, path)
    assert names(path) == ["Old"]
    with Database.open(path) as database:
        assert database.schema_version == SCHEMA_VERSION


def test_the_app_can_restore_under_the_lock_it_already_holds(tmp_path: Path) -> None:
    path = path_in(tmp_path)
    with_persona(path, "Before")
    with Database.open(path) as database:
        backup = backup_now(database)
    with_persona(path, "After")
    lock = InstanceLock(path.parent)
    assert lock.acquire()
    try:
        restore(backup, path, held_lock=lock)
        assert lock.held
    finally:
        lock.release()
    assert names(path) == ["Before"]
