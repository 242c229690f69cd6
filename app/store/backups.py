"""Copies of the database made with SQLite's online backup API.

A backup is a complete, consistent database file, written under a temporary name and
renamed into place, so a crash never leaves a half-written backup that looks good.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.store.errors import is_busy
from app.store.paths import ensure_private_dir

BACKUP_DIR_NAME = "backups"
MAX_RESTORE_BYTES = 4 * 1024**3
"""The largest file accepted as a backup to restore (years of answers take a few MB)."""
BACKUP_SUFFIX = ".sqlite3"


def backup_dir(database_path: Path) -> Path:
    return database_path.parent / BACKUP_DIR_NAME


def backup_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"tightrope-{stamp}-{reason}{BACKUP_SUFFIX}"


def write_backup(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind `source` to `target` (mode 0600), atomically."""
    ensure_private_dir(target.parent)
    partial = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    return target


def is_good_database(path: Path) -> bool:
    """True when `path` opens read-only and passes SQLite's integrity check."""
    try:
        if path.stat().st_size == 0:
            return False
    except OSError:
        return False
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        return rows == [("ok",)]
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def list_backups(database_path: Path) -> list[Path]:
    """Backups of this database, newest first."""
    directory = backup_dir(database_path)
    if not directory.is_dir():
        return []
    found = [p for p in directory.glob(f"tightrope-*{BACKUP_SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def newest_good_backup(database_path: Path) -> Path | None:
    for candidate in list_backups(database_path):
        if is_good_database(candidate):
            return candidate
    return None


# ---------------------------------------------------------------------- rotation

DAILY_REASON = "daily"
DEFAULT_KEEP_DAYS = 14
KEEP_DAYS_SETTING = "backup.keep_days"
_STAMP = re.compile(r"^tightrope-(\d{8})T\d{12}Z-(.+)\.sqlite3$")


def backup_day(path: Path) -> date | None:
    match = _STAMP.match(path.name)
    if not match:
        return None
    return datetime.strptime(match[1], "%Y%m%d").replace(tzinfo=UTC).date()


def backup_reason(path: Path) -> str:
    match = _STAMP.match(path.name)
    return match[2] if match else ""


def make_daily_backup(
    source: sqlite3.Connection, database_path: Path, keep_days: int, now: datetime | None = None
) -> Path | None:
    """Back up once a day (UTC) and drop daily backups older than `keep_days` days.

    Backups made for another reason (before a migration, a restore, an import, or by
    `tightrope backup`) are never removed automatically.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    today = moment.date()
    existing = [p for p in list_backups(database_path) if backup_reason(p) == DAILY_REASON]
    made = None
    if not any(backup_day(p) == today for p in existing):
        made = write_backup(source, backup_dir(database_path) / backup_name(DAILY_REASON, moment))
    oldest_kept = today - timedelta(days=min(max(1, keep_days), 3650) - 1)
    expired = [p for p in existing if (day := backup_day(p)) is not None and day < oldest_kept]
    if expired:
        protected = _newest_good(database_path, KEEP_GOOD_BACKUPS)
        for old in expired:
            if old in protected:
                continue
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    return made


KEEP_GOOD_BACKUPS = 2
"""Rotation never removes the newest good backups, however old: newer ones may be empty or
damaged copies of a file that went bad."""


def _newest_good(database_path: Path, count: int) -> set[Path]:
    kept: set[Path] = set()
    for candidate in list_backups(database_path):
        if len(kept) >= count:
            break
        if is_good_database(candidate):
            kept.add(candidate)
    return kept


# ---------------------------------------------------------------------- replacing the file


class RestoreError(Exception):
    """A file that cannot replace the database; `str()` says why, nothing was changed."""


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_family(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def stage_copy(source_file: Path, database_path: Path) -> Path:
    """Copy `source_file` (and its -wal, if any) beside the database, check it, and return
    the staged copy in rollback-journal mode. The source file is only read."""
    from app.store.schema import SCHEMA_VERSION
    from app.store.user_files import UserFileError, check_regular_file

    try:
        check_regular_file(source_file, MAX_RESTORE_BYTES, "a Tightrope backup")
    except UserFileError as exc:
        raise RestoreError(str(exc)) from exc
    staged = database_path.with_name(database_path.name + ".incoming")
    _remove_family(staged)
    ensure_private_dir(database_path.parent)
    try:
        with (
            open(source_file, "rb") as source,
            open(os.open(staged, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "wb") as target,
        ):
            shutil.copyfileobj(source, target)
        wal = Path(f"{source_file}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{staged}-wal"))
    except OSError as exc:
        _remove_family(staged)
        raise RestoreError(f"{source_file} cannot be read: {exc.strerror or exc}") from exc
    try:
        connection = sqlite3.connect(staged, isolation_level=None)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                raise RestoreError(f"{source_file} is damaged ({'; '.join(verdict[:3])})")
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if version < 1 or "personas" not in tables:
                raise RestoreError(f"{source_file} is not a Tightrope data file or backup")
            if version > SCHEMA_VERSION:
                raise RestoreError(
                    f"{source_file} was made by a newer Tightrope (data format {version}); "
                    "install that version to use it"
                )
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        _remove_family(staged)
        raise RestoreError(f"{source_file} is not a readable database ({exc})") from exc
    except RestoreError:
        _remove_family(staged)
        raise
    return staged


class DatabaseBusyError(RestoreError):
    """Another process kept writing to the data file for longer than the wait."""


def replace_database(
    database_path: Path, staged: Path, reason: str, *, lock_wait: float = 10.0
) -> Path | None:
    """Put `staged` in place of the database.

    A command-line write in progress is waited for (up to `lock_wait` seconds) and never
    cut short; a file that stays busy is refused with DatabaseBusyError, and never taken
    for a damaged one. A healthy current database is backed up first (named
    `before-<reason>`); a damaged one is moved, with its WAL, into the backups folder as
    `damaged-...` and never deleted. Returns the backup or the moved damaged file (None
    when there was none). The caller holds the instance lock.
    """
    kept: Path | None = None
    if database_path.exists():
        healthy = _back_up_current(database_path, reason, lock_wait)
        if healthy is not None:
            kept = healthy
            for extra in (Path(f"{database_path}-wal"), Path(f"{database_path}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    extra.unlink()
        else:
            kept = backup_dir(database_path) / backup_name("damaged").replace(
                BACKUP_SUFFIX, ".damaged"
            )
            ensure_private_dir(kept.parent)
            os.replace(database_path, kept)
            wal = Path(f"{database_path}-wal")
            if wal.exists():
                os.replace(wal, Path(f"{kept}-wal"))
            with contextlib.suppress(FileNotFoundError):
                Path(f"{database_path}-shm").unlink()
    os.replace(staged, database_path)
    if os.name == "posix":
        database_path.chmod(0o600)
    _fsync_dir(database_path.parent)
    return kept


def _back_up_current(database_path: Path, reason: str, lock_wait: float) -> Path | None:
    """Back up the current file once no other writer is in a transaction; None when it is
    damaged. DatabaseBusyError when a writer holds it past `lock_wait` seconds."""
    busy = (
        f"the data file {database_path} is busy: another program (perhaps another "
        "Tightrope command) is writing to it. Wait for it to finish and try again"
    )
    try:
        connection = sqlite3.connect(database_path, isolation_level=None, timeout=lock_wait)
    except sqlite3.Error:
        return None
    try:
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            verdict = connection.execute("PRAGMA quick_check").fetchall()
            if verdict != [("ok",)]:
                return None
            kept = write_backup(
                connection, backup_dir(database_path) / backup_name(f"before-{reason}")
            )
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise DatabaseBusyError(busy) from exc
            return None
        return kept
    finally:
        connection.close()
