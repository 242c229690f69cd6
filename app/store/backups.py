"""Copies of the database made with SQLite's online backup API.

A backup is a complete, consistent database file, written under a temporary name and
renamed into place, so a crash never leaves a half-written backup that looks good.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.store.paths import ensure_private_dir

BACKUP_DIR_NAME = "backups"
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
