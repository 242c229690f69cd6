"""Backups the user can rely on: one a day automatically, one on demand, and restore."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.services.settings import read_int_setting, write_setting
from app.store.backups import (
    KEEP_DAYS_SETTING,
    backup_dir,
    backup_name,
    list_backups,
    make_daily_backup,
    replace_database,
    stage_copy,
)
from app.store.database import Database, default_path
from app.store.errors import DatabaseError, DiskFullError, disk_is_full
from app.store.instance_lock import InstanceLock
from app.store.user_files import check_output_path

MAX_KEEP_DAYS = 3650


@contextmanager
def owning(data_dir: Path, held_lock: InstanceLock | None = None) -> Iterator[None]:
    """Hold the data folder's instance lock for the block: `held_lock` if the caller
    already holds it, otherwise a new one (InstanceLockedError when someone else has it)."""
    if held_lock is not None and held_lock.held:
        yield
        return
    with InstanceLock(data_dir):
        yield


def keep_days(db: Database) -> int:
    """How many days of daily backups are kept (the `backup.keep_days` setting)."""
    return read_int_setting(db, KEEP_DAYS_SETTING)


def set_keep_days(db: Database, days: int) -> None:
    """Keep daily backups for `days` days; ValueError outside 1 to 3650."""
    if not 1 <= days <= MAX_KEEP_DAYS:
        raise ValueError(f"keep daily backups for 1 to {MAX_KEEP_DAYS} days, not {days}")
    write_setting(db, KEEP_DAYS_SETTING, str(days))


def routine_backup(db: Database, now: datetime | None = None) -> Path | None:
    """Today's automatic backup, if there is none yet; old daily ones are rotated out.

    Called when the app starts and by every command that opens the data.
    """
    days = keep_days(db)
    try:
        with db.exclusive_connection() as connection:
            return make_daily_backup(connection, db.path, days, now)
    except (sqlite3.DatabaseError, OSError) as exc:
        folder = backup_dir(db.path)
        if "full" in str(exc).lower() or disk_is_full(db.path.parent):
            raise DiskFullError(folder) from exc
        raise DatabaseError(f"the backup in {folder} could not be written ({exc})") from exc


def backup_now(db: Database, target: Path | None = None) -> Path:
    """A backup on demand: to `target`, or into the backups folder (never rotated out)."""
    destination = target or backup_dir(db.path) / backup_name("manual")
    if destination.exists() and destination.is_dir():
        destination = destination / backup_name("manual")
    destination = destination.expanduser()
    if target is not None:
        check_output_path(destination, "the backup")
    return db.backup(destination)


@dataclass(frozen=True)
class Restored:
    source: Path
    previous: Path | None
    """The backup of the data that was replaced, or the damaged file kept aside."""


def restore(
    source: Path,
    database_path: Path | None = None,
    *,
    held_lock: InstanceLock | None = None,
    lock_wait: float = 10.0,
) -> Restored:
    """Replace the database with the backup `source` (which is only read).

    Refused while another Tightrope holds the data folder; the app passes the lock it
    already holds as `held_lock`. The current data is backed up first (or, if damaged,
    moved into the backups folder). Close every `Database` on the file before calling.
    """
    database_path = database_path or default_path()
    with owning(database_path.parent, held_lock):
        staged = stage_copy(source.expanduser(), database_path)
        try:
            previous = replace_database(database_path, staged, "restore", lock_wait=lock_wait)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    return Restored(source, previous)


def backups(database_path: Path | None = None) -> list[Path]:
    return list_backups(database_path or default_path())
