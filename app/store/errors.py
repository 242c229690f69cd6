"""What can go wrong with the database, each in words a user can act on."""

from __future__ import annotations

from pathlib import Path


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
        super().__init__(
            f"Tightrope cannot open its data file {path}: {detail}. Check that the folder "
            "exists and that your user account may read and write it."
        )


class NotFoundError(DatabaseError, LookupError):
    """A persona or account id that is not in the database."""


class InvalidInputError(DatabaseError, ValueError):
    """A value the database refuses (an empty name, a duplicate persona, ...)."""
