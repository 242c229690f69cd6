"""A data file is checked before anything is written to it: a stray WAL from another
database, another program's SQLite file, an empty file with good backups, a restore while
another process holds the file. Each case: told in one line, nothing overwritten."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.services.backup import restore, routine_backup
from app.store.backups import backup_reason, list_backups, make_daily_backup
from app.store.database import CorruptDatabaseError, Database
from app.store.file_check import NotTightropeFileError, StrayJournalError
from app.store.schema import APPLICATION_ID


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled(path: Path, handle: str = "@jane", answers: int = 30) -> None:
    with Database.open(path) as db:
        persona = db.add_persona("Personal", PersonaKind.PERSONAL)
        account = db.add_account(persona.id, "instagram", handle)
        for n in range(answers):
            db.record_answer(account.id, "instagram", "1", f"i{n}", 1, AnswerState.DONE)


def _wal_of_foreign_database(folder: Path) -> Path:
    """A -wal file left open by another program's SQLite database (not checkpointed)."""
    other = folder / "other.sqlite3"
    writer = sqlite3.connect(other, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE personas (x)")
    writer.execute("CREATE TABLE notes (body)")
    writer.executemany("INSERT INTO notes VALUES (?)", [("n" * 200,)] * 500)
    copy = folder / "stray-wal"
    shutil.copyfile(Path(f"{other}-wal"), copy)
    writer.close()
    return copy


def _wal_of_another_tightrope(folder: Path) -> Path:
    other = folder / "other" / "tightrope.sqlite3"
    _filled(other, "@someone-else", answers=2)
    db = Database.open(other)
    with db.exclusive_connection() as connection:
        connection.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(5):
        db.set_setting("ui.x", str(n))
    copy = folder / "tightrope-wal-copy"
    shutil.copyfile(Path(f"{other}-wal"), copy)
    db.close()
    return copy


@pytest.mark.parametrize("make_wal", [_wal_of_foreign_database, _wal_of_another_tightrope])
def test_a_stray_wal_is_never_applied_and_the_set_is_moved_aside_intact(
    tmp_path: Path, make_wal: object
) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path)
    with Database.open(path) as db:
        routine_backup(db)
    stray = make_wal(tmp_path)  # type: ignore[operator]
    before = _digest(path)
    wal_before = _digest(stray)
    shutil.copyfile(stray, Path(f"{path}-wal"))

    with pytest.raises(StrayJournalError) as caught:
        Database.open(path)

    moved = caught.value.moved_to
    assert not path.exists()
    assert _digest(moved) == before
    journal = moved.with_name(moved.name.removesuffix(".sqlite3") + ".journal-wal")
    assert _digest(journal) == wal_before
    assert caught.value.newest_backup is not None
    assert "does not belong" in str(caught.value)
    assert "\n" not in str(caught.value)
    with Database.open(moved) as kept:
        assert [a.handle for a in kept.accounts()] == ["@jane"]


def test_our_own_wal_after_a_crash_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path, answers=1)
    db = Database.open(path)
    with db.exclusive_connection() as connection:
        connection.execute("PRAGMA wal_autocheckpoint = 0")
    account = db.accounts()[0]
    db.record_answer(account.id, "instagram", "1", "after", 1, AnswerState.DONE)
    saved_wal = Path(f"{path}-wal").read_bytes()
    saved_main = path.read_bytes()
    db.close()
    path.write_bytes(saved_main)
    Path(f"{path}-wal").write_bytes(saved_wal)
    with Database.open(path) as reopened:
        assert "after" in {e.item_id for e in reopened.events()}


def test_another_programs_sqlite_file_is_refused_and_left_unchanged(
    tmp_path: Path, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_env.mkdir(parents=True, exist_ok=True)
    path = cli_env / "tightrope.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name)")
    other.execute("INSERT INTO recipes VALUES ('soup')")
    other.commit()
    other.close()
    before = _digest(path)
    with pytest.raises(NotTightropeFileError):
        Database.open(path)
    assert main(["status"]) == 1
    err = capsys.readouterr().err
    assert "not a Tightrope data file" in err
    assert len(err.strip().splitlines()) == 1
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_new_files_carry_the_application_id_and_a_file_id(tmp_path: Path) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    Database.open(path).close()
    connection = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert len(connection.execute("SELECT file_id FROM tightrope_file").fetchone()[0]) == 32
    connection.close()


def test_an_older_file_without_an_id_is_upgraded_and_stamped(tmp_path: Path) -> None:
    from app.store.schema import apply_migrations

    path = tmp_path / "data" / "tightrope.sqlite3"
    path.parent.mkdir()
    connection = sqlite3.connect(path, isolation_level=None)
    apply_migrations(connection, target=2)
    connection.execute(
        "INSERT INTO personas (name, kind, created_at) VALUES ('Old', 'personal', '2026')"
    )
    connection.close()
    with Database.open(path) as db:
        assert [p.name for p in db.personas()] == ["Old"]
        assert db.schema_version >= 3
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    check.close()


def test_an_empty_file_with_good_backups_is_damaged_not_new(tmp_path: Path) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path)
    with Database.open(path) as db:
        good = routine_backup(db)
    assert good is not None
    path.write_bytes(b"")
    with pytest.raises(CorruptDatabaseError) as caught:
        Database.open(path)
    assert "empty" in str(caught.value)
    assert caught.value.newest_backup == good
    assert path.stat().st_size == 0


def test_an_empty_file_alone_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"")
    with Database.open(path) as db:
        assert db.personas() == []


def test_rotation_never_deletes_the_newest_good_backups(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path)
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    with Database.open(path) as db, db.exclusive_connection() as connection:
        for day in range(3):
            make_daily_backup(connection, path, 2, start + timedelta(days=day))
    good = list_backups(path)
    for backup in good:
        assert backup_reason(backup) == "daily"
    later = start + timedelta(days=30)
    for day in range(3):
        stamp = (later + timedelta(days=day)).strftime("%Y%m%dT%H%M%S%fZ")
        (path.parent / "backups" / f"tightrope-{stamp}-daily.sqlite3").write_bytes(b"")
    with Database.open(path) as db, db.exclusive_connection() as connection:
        make_daily_backup(connection, path, 2, later + timedelta(days=2))
    remaining = set(list_backups(path))
    assert sum(1 for b in good if b in remaining) >= 2


def test_restore_while_another_process_holds_a_write_lock_waits_or_refuses(
    tmp_path: Path,
) -> None:
    from app.store.backups import RestoreError

    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path)
    source = tmp_path / "backup.sqlite3"
    with Database.open(path) as db:
        db.backup(source)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    before = _digest(path)
    try:
        with pytest.raises(RestoreError, match=r"busy|in use"):
            restore(source, path, lock_wait=0.5)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.exists()
    assert _digest(path) == before
    assert not any(backup_reason(b).startswith("damaged") for b in list_backups(path))
    assert not list((path.parent / "backups").glob("*.damaged"))


def test_restore_waits_for_a_short_write_to_finish(tmp_path: Path) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path)
    source = tmp_path / "backup.sqlite3"
    with Database.open(path) as db:
        db.backup(source)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    done = restore(source, path, lock_wait=5)
    release.join()
    holder.close()
    assert done.previous is not None and backup_reason(done.previous) == "before-restore"
    assert time.monotonic() - started >= 0.2


def test_an_integrity_failure_is_one_line_and_the_details_go_to_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    _filled(path, answers=400)
    raw = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(raw), page * 6)):
        raw[offset] = 0x5A
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptDatabaseError) as caught:
        Database.open(path)
    assert "\n" not in str(caught.value)
    assert "damaged" in str(caught.value)
