"""What can go wrong with the database, each in words a user can act on."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

FULL_DISK_FREE_BYTES = 1024 * 1024
"""Less free space than this beside a file that failed to write means the disk is full."""


def is_busy(exc: Exception) -> bool:
    """True for SQLite's "database is locked" / "busy": another writer, not damage."""
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_FREE_BYTES
    except OSError:
        return False


def plain_os_error(exc: OSError) -> str | None:
    """Plain words for the file errors a user can act on; None for any other."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full{where}. Nothing was changed; free some space and try again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        target = exc.filename or "that file"
        return (
            f"Tightrope is not allowed to use {target}. "
            "Choose a folder your user account may write to"
        )
    if exc.errno == errno.EROFS:
        return f"the disk is read-only{where}. Choose another place"
    if exc.errno == errno.ENOENT and exc.filename:
        return f"{exc.filename} does not exist"
    if exc.errno == errno.EISDIR and exc.filename:
        return f"{exc.filename} is a folder, not a file"
    return None


def describe_os_error(exc: OSError) -> str:
    return plain_os_error(exc) or (exc.strerror or str(exc))


class DatabaseError(Exception):
    """Base of every store error; `str(error)` is a message for the user."""


class CorruptDatabaseError(DatabaseError):
    """The file is damaged or is not a Tightrope database. It is left exactly as it is."""

    def __init__(self, path: Path, detail: str, newest_backup: Path | None) -> None:
        self.path = path
        self.detail = detail
        self.newest_backup = newest_backup
        if newest_backup is not None:
            advice = (
                f"The newest good backup is {newest_backup}. Restore it with "
                f"`tightrope restore {newest_backup}`; the damaged file will be kept beside it."
            )
        else:
            advice = (
                "No backup was found. Keep the file: it may still be recoverable with "
                "the sqlite3 tool's .recover command."
            )
        super().__init__(
            f"Your Tightrope data file {path} is damaged ({detail}) and was not changed. {advice}"
        )


class LockedDatabaseError(DatabaseError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The data file {path} is busy: another Tightrope is writing to it. "
            "Wait a moment and try again; if it stays busy, close the other Tightrope window."
        )


class NewerDatabaseError(DatabaseError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"The data file {path} was written by a newer Tightrope (data format {found}; "
            f"this version reads up to {supported}). Install the newer Tightrope again; "
            "the file was not changed."
        )


class UnreadableDatabaseError(DatabaseError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        if (
            "disk is full" in detail
            or "database or disk is full" in detail
            or ("disk I/O error" in detail and disk_is_full(path.parent))
        ):
            message = (
                f"The disk that holds your data file {path} is full, so Tightrope could "
                "not open it; nothing was changed. Free some space and try again."
            )
        else:
            message = (
                f"Tightrope cannot open its data file {path}: {detail}. Check that the "
                "folder exists and that your user account may read and write it."
            )
        super().__init__(message)


class DiskFullError(DatabaseError):
    """A write that failed because the disk is full; nothing was changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(
            f"The disk that holds {folder} is full, so nothing was changed. "
            "Free some space and try again."
        )


class NotFoundError(DatabaseError, LookupError):
    """A persona or account id that is not in the database."""


class InvalidInputError(DatabaseError, ValueError):
    """A value the database refuses (an empty name, a duplicate persona, ...)."""
