"""What a data file is, found out before anything is written to it.

SQLite applies a `-wal` file it finds beside a database, and checkpoints it into the
database when the last connection closes, without asking whether that WAL belongs to
that database. A stray WAL (from another program, or from another Tightrope data file
copied into the folder) would silently rewrite the user's data. So before a data file is
opened for writing:

1. The main file is read on its own, ignoring any WAL (`immutable=1`): its header must be
   SQLite's, its `application_id` Tightrope's (or 0 with Tightrope's tables, for files
   from before schema 3), and it yields the file's random id (`tightrope_file`).
   Another program's SQLite file is refused as "not a Tightrope data file".
2. If a WAL is there, the file is opened read-only (`mode=ro`: SQLite reads the WAL but
   can never checkpoint it) and must pass `quick_check`, show the same application id,
   the same file id and Tightrope's tables. Every Tightrope write rewrites the page that
   holds the file id, so a WAL written by any other Tightrope file shows another id.
   A WAL that fails is moved aside with its database and `-shm`, unchanged, and the user
   is offered the newest good backup. A WAL in use by a running Tightrope window (which
   checked it when it opened the file) is left alone.
3. An empty (0-byte) data file is damaged when backups or a WAL exist beside it, and a new
   file only when nothing else is there.

Only then does `Database.open` connect for writing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from app.store.backups import backup_dir, backup_name, list_backups, newest_good_backup
from app.store.errors import (
    CorruptDatabaseError,
    DatabaseError,
    LockedDatabaseError,
    UnreadableDatabaseError,
    is_busy,
)
from app.store.instance_lock import InstanceLock, in_use_elsewhere
from app.store.paths import ensure_private_dir
from app.store.schema import APPLICATION_ID

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
TIGHTROPE_TABLES = frozenset({"personas", "accounts", "progress_events", "settings"})
SET_ASIDE_REASON = "set-aside"
_RETRIES = 3


class NotTightropeFileError(DatabaseError):
    """The data path holds another program's SQLite file; it was not changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} is not a Tightrope data file (it belongs to another program), and "
            "Tightrope did not change it. Move it out of the folder, or start Tightrope "
            "with --data-dir to keep your data somewhere else."
        )


class StrayJournalError(CorruptDatabaseError):
    """A WAL beside the database did not belong to it; the set was moved aside."""

    def __init__(self, path: Path, moved_to: Path, newest_backup: Path | None) -> None:
        self.moved_to = moved_to
        super().__init__(path, "a journal file beside it belongs to another database", None)
        self.newest_backup = newest_backup
        advice = (
            f"The newest good backup is {newest_backup}: restore it with "
            f"`tightrope restore {newest_backup}`."
            if newest_backup is not None
            else "No good backup was found."
        )
        self.args = (
            f"A journal file beside your data file {path} does not belong to it, so "
            f"Tightrope used neither. Both were moved, unchanged, to {moved_to.parent} "
            f"({moved_to.name} and its journal). {advice}",
        )

    def __str__(self) -> str:
        return str(self.args[0])


class Verdict(Enum):
    NEW = "new"
    """No data file yet (or an empty one with nothing beside it): create one."""
    CHECKED = "checked"
    """The file and its WAL passed quick_check read-only: open it."""
    UNCHECKED = "unchecked"
    """A Tightrope file with no WAL: open it; `Database` runs quick_check first."""


@dataclass(frozen=True)
class FileIdentity:
    application_id: int
    file_id: str | None
    tables: frozenset[str]

    @property
    def is_tightrope(self) -> bool:
        if self.application_id == APPLICATION_ID:
            return True
        return self.application_id == 0 and (not self.tables or self.tables >= TIGHTROPE_TABLES)


def _read_identity(connection: sqlite3.Connection) -> FileIdentity:
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    tables = frozenset(
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    )
    file_id = None
    if "tightrope_file" in tables:
        row = connection.execute("SELECT file_id FROM tightrope_file WHERE id = 1").fetchone()
        file_id = str(row[0]) if row else None
    return FileIdentity(application_id, file_id, tables)


def _connect(path: Path, query: str) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None)


def main_file_identity(path: Path) -> FileIdentity:
    """The identity in the main file alone, ignoring any WAL; sqlite3.Error if unreadable."""
    connection = _connect(path, "mode=ro&immutable=1")
    try:
        return _read_identity(connection)
    finally:
        connection.close()


def wal_view(path: Path) -> tuple[FileIdentity, list[str]]:
    """The identity and quick_check verdict of the file as its WAL makes it, read-only."""
    connection = _connect(path, "mode=ro")
    try:
        connection.execute("PRAGMA busy_timeout = 5000")
        verdict = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        return _read_identity(connection), verdict
    finally:
        connection.close()


def _wal(path: Path) -> Path:
    return Path(f"{path}-wal")


def _has_data(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _live_window_holds(data_dir: Path) -> bool:
    """True when a running Tightrope window (not this process) owns the folder."""
    if not in_use_elsewhere(data_dir):
        return False
    return InstanceLock(data_dir).holder_pid() != os.getpid()


def set_aside(path: Path) -> Path:
    """Move the database, its WAL and its -shm, unchanged, into the backups folder.

    The main file keeps the `.sqlite3` name (it may be restored on its own); the journal
    files get names that `restore` never picks up beside it.
    """
    folder = ensure_private_dir(backup_dir(path))
    target = folder / backup_name(SET_ASIDE_REASON)
    stem = target.name.removesuffix(".sqlite3")
    if path.exists():
        os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, folder / f"{stem}.journal{suffix}")
    log.warning("moved %s and its journal aside to %s", path, target)
    return target


def _belongs(main: FileIdentity | None, view: FileIdentity, verdict: list[str]) -> bool:
    if verdict != ["ok"] or not view.is_tightrope or not view.tables >= TIGHTROPE_TABLES:
        return False
    if main is None:
        return True
    if main.application_id == APPLICATION_ID and view.application_id != APPLICATION_ID:
        return False
    return main.file_id is None or view.file_id == main.file_id


def _check_wal(path: Path, main: FileIdentity | None) -> Verdict:
    """CHECKED when the WAL belongs to the file; otherwise the set is moved aside."""
    if _live_window_holds(path.parent):
        return Verdict.UNCHECKED
    reason = ""
    for attempt in range(_RETRIES):
        try:
            view, verdict = wal_view(path)
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise LockedDatabaseError(path) from exc
            reason = str(exc)
        else:
            if _belongs(main, view, verdict):
                return Verdict.CHECKED
            reason = f"{view}, quick_check {verdict[:1]}"
        if attempt < _RETRIES - 1:
            time.sleep(0.05)
    log.warning("the WAL beside %s does not belong to it: %s", path, reason)
    moved = set_aside(path)
    raise StrayJournalError(path, moved, newest_good_backup(path))


def check_before_open(path: Path) -> Verdict:
    """Find out what is at `path` without writing to it (module docstring)."""
    wal = _wal(path)
    if not path.exists():
        if _has_data(wal):
            _check_wal_without_database(path)
        return Verdict.NEW
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise UnreadableDatabaseError(path, exc.strerror or str(exc)) from exc
    if size == 0:
        if _has_data(wal):
            return _check_wal(path, None)
        if list_backups(path):
            raise CorruptDatabaseError(path, "the file is empty", newest_good_backup(path))
        return Verdict.NEW
    if not header.startswith(SQLITE_MAGIC):
        raise CorruptDatabaseError(path, "it is not a database file", newest_good_backup(path))
    main: FileIdentity | None = None
    for attempt in range(_RETRIES):
        try:
            main = main_file_identity(path)
            break
        except sqlite3.DatabaseError as exc:
            log.info("reading %s without its journal failed (%s)", path, exc)
            if attempt < _RETRIES - 1:
                time.sleep(0.05)
    if main is not None and not main.is_tightrope:
        raise NotTightropeFileError(path)
    if _has_data(wal):
        return _check_wal(path, main)
    if main is None:
        raise CorruptDatabaseError(path, "it cannot be read", newest_good_backup(path))
    return Verdict.UNCHECKED


def _check_wal_without_database(path: Path) -> None:
    """A WAL with no database beside it is never applied to a new, empty file."""
    with contextlib.suppress(FileNotFoundError):
        moved = set_aside(path)
        raise StrayJournalError(path, moved, newest_good_backup(path))
