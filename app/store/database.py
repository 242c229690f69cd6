"""The SQLite database: practice, personas, accounts, and the append-only history.

Every write is one transaction; the file is in WAL mode with `synchronous=FULL`, so an
answer that was reported saved survives a crash or a power cut, and a command-line write
while the app runs waits its turn (busy timeout) instead of failing or corrupting.
Answers and review events are only ever appended (triggers refuse UPDATE and DELETE);
personas and accounts are archived, never deleted, so the history stays printable.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from app.domain.checklist import Checklist, PersonaKind
from app.domain.personas import (
    DEFAULT_RECHECK_DAYS,
    Account,
    Persona,
    PersonaStatus,
    SecretField,
)
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState, ProgressEvent
from app.domain.review import ReviewEvent, ReviewEventKind
from app.domain.settings import SettingError, check_setting
from app.domain.text import UnsafeTextError, check_multi_line, check_one_line
from app.store import paths
from app.store.backups import backup_dir, backup_name, newest_good_backup, write_backup
from app.store.errors import (
    CorruptDatabaseError,
    DatabaseError,
    DiskFullError,
    InvalidInputError,
    LockedDatabaseError,
    NewerDatabaseError,
    NotFoundError,
    UnreadableDatabaseError,
    describe_os_error,
    disk_is_full,
    is_busy,
)
from app.store.file_check import Verdict, check_before_open
from app.store.schema import SCHEMA_VERSION, apply_migrations, stamp_identity, user_version

__all__ = [
    "DATABASE_FILE_NAME",
    "CorruptDatabaseError",
    "Database",
    "DatabaseError",
    "InvalidInputError",
    "LockedDatabaseError",
    "NewerDatabaseError",
    "NotFoundError",
    "UnreadableDatabaseError",
]

log = logging.getLogger(__name__)

DATABASE_FILE_NAME = "tightrope.sqlite3"
BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another process (the app, a command) to finish its own."""
_COLOUR_CHARS = set("0123456789abcdefABCDEF")


DUMP_COLUMNS: dict[str, tuple[str, ...]] = {
    "personas": (
        "id",
        "name",
        "kind",
        "status",
        "display_name",
        "bio",
        "colour",
        "recheck_days",
        "created_at",
        "archived_at",
    ),
    "accounts": (
        "id",
        "persona_id",
        "checklist_id",
        "handle",
        "profile_url",
        "notes",
        "created_at",
        "archived_at",
    ),
    "progress_events": (
        "id",
        "account_id",
        "checklist_id",
        "checklist_version",
        "item_id",
        "item_revision",
        "state",
        "note",
        "at",
        "until",
    ),
    "review_events": ("id", "account_id", "kind", "at", "until", "note", "how"),
    "findability_events": (
        "id",
        "persona_id",
        "checklist_id",
        "checklist_version",
        "item_id",
        "item_revision",
        "state",
        "note",
        "evidence",
        "at",
    ),
    "settings": ("key", "value"),
    "checklist_seen": ("checklist_id", "item_id", "revision", "version", "seen_at"),
    "secret_fingerprints": ("account_id", "field", "digest"),
    "reply_records": (
        "id",
        "at",
        "contact_on",
        "platform",
        "situation",
        "action",
        "raised",
        "client_code",
        "account_id",
        "remind_at",
        "follows",
        "kept_draft",
    ),
    "practice_events": (
        "id",
        "kind",
        "pack_version",
        "policy_version",
        "statement",
        "fingerprint",
        "at",
    ),
}
"""The tables and columns of a whole-state dump, in an order that satisfies foreign keys."""
DUMP_KEY_WIDTH = {"checklist_seen": 2, "secret_fingerprints": 2}


def default_path() -> Path:
    return paths.data_dir() / DATABASE_FILE_NAME


def utc_text(moment: datetime) -> str:
    """A fixed-width UTC timestamp, so text order is time order."""
    if moment.tzinfo is None:
        raise InvalidInputError(f"the time {moment} has no time zone; give it in UTC")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    message = str(exc).lower()
    return any(
        marker in message
        for marker in ("not a database", "malformed", "corrupt", "file is encrypted")
    )


def _create_database(path: Path) -> None:
    """Make a complete new data file beside `path` and put it in place in one step.

    The file gets its identity (application id, file id) and every migration while it is
    still private, in rollback-journal mode, so the main file always carries its identity
    and no half-made file is ever at `path`. If another process put a file there first,
    theirs is kept and this one dropped.
    """
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".new", dir=path.parent
    )
    os.close(descriptor)
    staged = Path(temporary)
    try:
        connection = sqlite3.connect(staged, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN IMMEDIATE")
            stamp_identity(connection)
            connection.execute("COMMIT")
            apply_migrations(connection)
        finally:
            connection.close()
        with open(staged, "rb+") as handle:
            os.fsync(handle.fileno())
        if path.exists() and path.stat().st_size == 0:
            os.replace(staged, path)
        else:
            with suppress(FileExistsError):
                os.link(staged, path)
    except sqlite3.Error as exc:
        raise UnreadableDatabaseError(path, str(exc)) from exc
    except OSError as exc:
        raise UnreadableDatabaseError(path, describe_os_error(exc)) from exc
    finally:
        staged.unlink(missing_ok=True)
        Path(f"{staged}-journal").unlink(missing_ok=True)


def _tighten_mode(path: Path) -> None:
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except FileNotFoundError:
            continue


def _check_colour(colour: str) -> str:
    if len(colour) != 7 or colour[0] != "#" or not set(colour[1:]) <= _COLOUR_CHARS:
        raise InvalidInputError(f"the colour '{colour}' must look like #5b7db1")
    return colour.lower()


def _one_line(value: str, what: str) -> str:
    try:
        return check_one_line(value, f"the {what}")
    except UnsafeTextError as exc:
        raise InvalidInputError(str(exc)) from None


def _multi_line(value: str, what: str) -> str:
    try:
        return check_multi_line(value, f"the {what}")
    except UnsafeTextError as exc:
        raise InvalidInputError(str(exc)) from None


def _check_name(value: str, what: str) -> str:
    cleaned = _one_line(value, what).strip()
    if not cleaned:
        raise InvalidInputError(f"the {what} cannot be empty")
    return cleaned


class Database:
    """One open Tightrope database. Safe to share between threads (calls are serialised)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self.path = path

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT) -> Database:
        """Open (creating if need be) and migrate the database at `path`.

        A damaged file is never written to: `CorruptDatabaseError` names the newest good
        backup. Before a migration the file is backed up with the SQLite backup API.
        """
        path = (path or default_path()).expanduser()
        try:
            paths.ensure_private_dir(path.parent)
        except OSError as exc:
            raise UnreadableDatabaseError(path, describe_os_error(exc)) from exc
        verdict = check_before_open(path)
        if verdict is Verdict.NEW:
            _create_database(path)
        try:
            _tighten_mode(path)
            connection = sqlite3.connect(
                path,
                timeout=busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except (OSError, sqlite3.Error) as exc:
            raise UnreadableDatabaseError(path, str(exc)) from exc
        try:
            cls._prepare(connection, path, busy_timeout, checked=verdict is Verdict.CHECKED)
        except BaseException:
            connection.close()
            raise
        return cls(connection, path)

    @staticmethod
    def _prepare(
        connection: sqlite3.Connection, path: Path, busy_timeout: float, *, checked: bool
    ) -> None:
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            if not checked:
                verdict = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
                if verdict != ["ok"]:
                    log.error("quick_check of %s failed: %s", path, verdict[:20])
                    raise CorruptDatabaseError(
                        path, "it failed SQLite's integrity check", newest_good_backup(path)
                    )
            found = user_version(connection)
            if found > SCHEMA_VERSION:
                raise NewerDatabaseError(path, found, SCHEMA_VERSION)
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise UnreadableDatabaseError(path, f"it cannot be switched to WAL mode ({mode})")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            if 0 < found < SCHEMA_VERSION:
                write_backup(
                    connection,
                    backup_dir(path)
                    / backup_name(f"before-migration-v{found}-to-v{SCHEMA_VERSION}"),
                )
            if found < SCHEMA_VERSION:
                apply_migrations(connection)
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise LockedDatabaseError(path) from exc
            if _is_corruption(exc):
                log.error("opening %s failed: %s", path, exc)
                raise CorruptDatabaseError(
                    path, "SQLite reports it as damaged", newest_good_backup(path)
                ) from exc
            raise UnreadableDatabaseError(path, str(exc)) from exc
        except OSError as exc:
            raise UnreadableDatabaseError(path, describe_os_error(exc)) from exc
        _tighten_mode(path)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._reading() as connection:
            return user_version(connection)

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc) from exc
            except OverflowError as exc:
                raise NotFoundError("that number is too large to be a Tightrope id") from exc

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed as a whole when the block ends, or not at all."""
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc) from exc
            try:
                yield connection
            except BaseException as exc:
                connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise InvalidInputError(str(exc)) from exc
                if isinstance(exc, OverflowError):
                    raise NotFoundError("that number is too large to be a Tightrope id") from exc
                if isinstance(exc, sqlite3.DatabaseError):
                    raise self._translate(exc) from exc
                raise
            try:
                connection.execute(
                    "UPDATE tightrope_file SET last_write = ? WHERE id = 1", (utc_text(_now()),)
                )
                connection.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise self._translate(exc) from exc

    def _translate(self, exc: sqlite3.DatabaseError) -> DatabaseError:
        if is_busy(exc):
            return LockedDatabaseError(self.path)
        message = str(exc).lower()
        if "disk is full" in message or (
            "disk i/o error" in message and disk_is_full(self.path.parent)
        ):
            return DiskFullError(self.path.parent)
        if _is_corruption(exc):
            log.error("SQLite reports %s as damaged: %s", self.path, exc)
            return CorruptDatabaseError(
                self.path, "SQLite reports it as damaged", newest_good_backup(self.path)
            )
        return DatabaseError(f"Tightrope could not use its data file {self.path}: {exc}")

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole database at `target` (SQLite backup API).
        A failure leaves no partial file and says why in words (a full disk, a folder that
        may not be written)."""
        with self._lock:
            try:
                return write_backup(self._connection, target)
            except sqlite3.DatabaseError as exc:
                if "full" in str(exc).lower() or disk_is_full(target.parent):
                    raise DiskFullError(target.parent) from exc
                raise DatabaseError(f"The backup {target} could not be written: {exc}") from exc
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise DiskFullError(target.parent) from exc
                raise DatabaseError(
                    f"The backup {target} could not be written: {describe_os_error(exc)}"
                ) from exc

    @contextmanager
    def exclusive_connection(self) -> Iterator[sqlite3.Connection]:
        """The raw connection, with every other call of this object waiting (backups)."""
        with self._lock:
            yield self._connection

    def integrity_check(self) -> list[str]:
        """SQLite's full integrity check: `["ok"]` for a healthy file."""
        with self._reading() as connection:
            return [row[0] for row in connection.execute("PRAGMA integrity_check")]

    # ------------------------------------------------------------------ practice

    def practice(self) -> PracticeProfile:
        with self._reading() as connection:
            row = connection.execute(
                "SELECT name, clinicians, address, phone, email, website, emergency_wording, "
                "crisis_line, policy_version, policy_effective, stances FROM practice WHERE id = 1"
            ).fetchone()
        if row is None:
            return PracticeProfile()
        return PracticeProfile(
            name=row[0],
            clinicians=tuple(json.loads(row[1])),
            address=row[2],
            phone=row[3],
            email=row[4],
            website=row[5],
            emergency_wording=row[6],
            crisis_line=row[7],
            policy_version=row[8],
            policy_effective=row[9],
            stances=dict(json.loads(row[10])),
        )

    def save_practice(self, profile: PracticeProfile) -> None:
        for what, one_line in (
            ("practice name", profile.name),
            ("practice phone", profile.phone),
            ("practice e-mail", profile.email),
            ("practice website", profile.website),
            ("crisis line", profile.crisis_line),
            ("policy version", profile.policy_version),
            ("policy date", profile.policy_effective),
            *(("clinician", clinician) for clinician in profile.clinicians),
        ):
            _one_line(one_line, what)
        _multi_line(profile.address, "practice address")
        _multi_line(profile.emergency_wording, "emergency wording")
        for wording in profile.stances.values():
            _multi_line(wording, "policy wording")
        values = (
            profile.name,
            json.dumps(list(profile.clinicians)),
            profile.address,
            profile.phone,
            profile.email,
            profile.website,
            profile.emergency_wording,
            profile.crisis_line,
            profile.policy_version,
            profile.policy_effective,
            json.dumps(dict(profile.stances), sort_keys=True),
        )
        with self._writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO practice (id, name, clinicians, address, phone, email, "
                "website, emergency_wording, crisis_line, policy_version, policy_effective, "
                "stances) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    # ------------------------------------------------------------------ personas

    _PERSONA_COLUMNS = "id, name, kind, status, display_name, bio, colour, recheck_days"

    @staticmethod
    def _persona(row: tuple[Any, ...]) -> Persona:
        return Persona(
            id=row[0],
            name=row[1],
            kind=PersonaKind(row[2]),
            status=PersonaStatus(row[3]),
            display_name=row[4],
            bio=row[5],
            colour=row[6],
            recheck_days=row[7],
        )

    def personas(self, include_archived: bool = False) -> list[Persona]:
        where = "" if include_archived else "WHERE archived_at IS NULL"
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT {self._PERSONA_COLUMNS} FROM personas {where} ORDER BY id"
            ).fetchall()
        return [self._persona(row) for row in rows]

    def persona(self, persona_id: int) -> Persona:
        """Any persona, archived or not (the history may name archived ones)."""
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {self._PERSONA_COLUMNS} FROM personas WHERE id = ?", (persona_id,)
            ).fetchone()
        if row is None:
            raise NotFoundError(f"there is no persona number {persona_id}")
        return self._persona(row)

    def persona_named(self, name: str) -> Persona:
        """The live persona with this name (case-insensitive)."""
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {self._PERSONA_COLUMNS} FROM personas "
                "WHERE name = ? COLLATE NOCASE AND archived_at IS NULL",
                (name.strip(),),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"there is no persona called '{name}'")
        return self._persona(row)

    def archived_persona_ids(self) -> set[int]:
        with self._reading() as connection:
            rows = connection.execute("SELECT id FROM personas WHERE archived_at IS NOT NULL")
            return {row[0] for row in rows}

    def _check_persona_name_free(
        self, connection: sqlite3.Connection, name: str, exclude: int | None
    ) -> None:
        clash = connection.execute(
            "SELECT id FROM personas WHERE name = ? COLLATE NOCASE AND archived_at IS NULL "
            "AND id IS NOT ?",
            (name, exclude),
        ).fetchone()
        if clash is not None:
            raise InvalidInputError(
                f"there is already a persona called '{name}'; choose another name"
            )

    def add_persona(
        self,
        name: str,
        kind: PersonaKind,
        *,
        display_name: str = "",
        bio: str = "",
        colour: str = "#5b7db1",
        recheck_days: int = DEFAULT_RECHECK_DAYS,
        status: PersonaStatus = PersonaStatus.ACTIVE,
    ) -> Persona:
        name = _check_name(name, "persona name")
        colour = _check_colour(colour)
        display_name = _one_line(display_name, "display name")
        bio = _multi_line(bio, "bio")
        if recheck_days <= 0:
            raise InvalidInputError("the re-check interval must be at least one day")
        with self._writing() as connection:
            self._check_persona_name_free(connection, name, None)
            cursor = connection.execute(
                "INSERT INTO personas (name, kind, status, display_name, bio, colour, "
                "recheck_days, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    PersonaKind(kind).value,
                    PersonaStatus(status).value,
                    display_name,
                    bio,
                    colour,
                    recheck_days,
                    utc_text(_now()),
                ),
            )
            new_id = int(cursor.lastrowid or 0)
        return Persona(
            new_id,
            name,
            PersonaKind(kind),
            PersonaStatus(status),
            display_name,
            bio,
            colour,
            recheck_days,
        )

    def update_persona(self, persona: Persona) -> None:
        name = _check_name(persona.name, "persona name")
        colour = _check_colour(persona.colour)
        _one_line(persona.display_name, "display name")
        _multi_line(persona.bio, "bio")
        if persona.recheck_days <= 0:
            raise InvalidInputError("the re-check interval must be at least one day")
        with self._writing() as connection:
            self._check_persona_name_free(connection, name, persona.id)
            cursor = connection.execute(
                "UPDATE personas SET name = ?, kind = ?, status = ?, display_name = ?, bio = ?, "
                "colour = ?, recheck_days = ? WHERE id = ?",
                (
                    name,
                    PersonaKind(persona.kind).value,
                    PersonaStatus(persona.status).value,
                    persona.display_name,
                    persona.bio,
                    colour,
                    persona.recheck_days,
                    persona.id,
                ),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"there is no persona number {persona.id}")

    def archive_persona(self, persona_id: int) -> None:
        """Hide the persona and its accounts from everyday lists; the history stays."""
        with self._writing() as connection:
            self._set_archived(connection, "personas", persona_id, utc_text(_now()))

    def restore_persona(self, persona_id: int) -> None:
        with self._writing() as connection:
            row = connection.execute(
                "SELECT name FROM personas WHERE id = ?", (persona_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"there is no persona number {persona_id}")
            self._check_persona_name_free(connection, row[0], persona_id)
            self._set_archived(connection, "personas", persona_id, None)

    @staticmethod
    def _set_archived(
        connection: sqlite3.Connection, table: str, row_id: int, when: str | None
    ) -> None:
        what = "persona" if table == "personas" else "account"
        cursor = connection.execute(
            f"UPDATE {table} SET archived_at = ? WHERE id = ?", (when, row_id)
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"there is no {what} number {row_id}")

    # ------------------------------------------------------------------ accounts

    _ACCOUNT_COLUMNS = "a.id, a.persona_id, a.checklist_id, a.handle, a.profile_url, a.notes"

    @staticmethod
    def _account(row: tuple[Any, ...]) -> Account:
        return Account(
            id=row[0],
            persona_id=row[1],
            checklist_id=row[2],
            handle=row[3],
            profile_url=row[4],
            notes=row[5],
        )

    def accounts(
        self, persona_id: int | None = None, include_archived: bool = False
    ) -> list[Account]:
        """Accounts, oldest first. Without `include_archived`, accounts that are archived
        or belong to an archived persona are left out."""
        conditions: list[str] = []
        parameters: list[object] = []
        if persona_id is not None:
            conditions.append("a.persona_id = ?")
            parameters.append(persona_id)
        if not include_archived:
            conditions.append("a.archived_at IS NULL AND p.archived_at IS NULL")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT {self._ACCOUNT_COLUMNS} FROM accounts a "
                f"JOIN personas p ON p.id = a.persona_id {where} ORDER BY a.id",
                parameters,
            ).fetchall()
        return [self._account(row) for row in rows]

    def account(self, account_id: int) -> Account:
        """Any account, archived or not."""
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {self._ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?", (account_id,)
            ).fetchone()
        if row is None:
            raise NotFoundError(f"there is no account number {account_id}")
        return self._account(row)

    def archived_account_ids(self) -> set[int]:
        """Accounts archived themselves (not those hidden only because their persona is)."""
        with self._reading() as connection:
            rows = connection.execute("SELECT id FROM accounts WHERE archived_at IS NOT NULL")
            return {row[0] for row in rows}

    def add_account(
        self,
        persona_id: int,
        checklist_id: str,
        handle: str,
        profile_url: str = "",
        notes: str = "",
    ) -> Account:
        handle = _check_name(handle, "account handle")
        checklist_id = _check_name(checklist_id, "platform")
        profile_url = _one_line(profile_url, "profile address")
        notes = _multi_line(notes, "notes")
        with self._writing() as connection:
            self._require_persona(connection, persona_id)
            cursor = connection.execute(
                "INSERT INTO accounts (persona_id, checklist_id, handle, profile_url, notes, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (persona_id, checklist_id, handle, profile_url, notes, utc_text(_now())),
            )
            new_id = int(cursor.lastrowid or 0)
        return Account(new_id, persona_id, checklist_id, handle, profile_url, notes)

    @staticmethod
    def _require_persona(connection: sqlite3.Connection, persona_id: int) -> None:
        if connection.execute("SELECT 1 FROM personas WHERE id = ?", (persona_id,)).fetchone():
            return
        raise NotFoundError(f"there is no persona number {persona_id}")

    def update_account(self, account: Account) -> None:
        """Save changed details; a new `persona_id` moves the account to that persona."""
        handle = _check_name(account.handle, "account handle")
        _one_line(account.profile_url, "profile address")
        _multi_line(account.notes, "notes")
        with self._writing() as connection:
            self._require_persona(connection, account.persona_id)
            cursor = connection.execute(
                "UPDATE accounts SET persona_id = ?, checklist_id = ?, handle = ?, "
                "profile_url = ?, notes = ? WHERE id = ?",
                (
                    account.persona_id,
                    account.checklist_id,
                    handle,
                    account.profile_url,
                    account.notes,
                    account.id,
                ),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"there is no account number {account.id}")

    def archive_account(self, account_id: int) -> None:
        with self._writing() as connection:
            self._set_archived(connection, "accounts", account_id, utc_text(_now()))

    def restore_account(self, account_id: int) -> None:
        with self._writing() as connection:
            self._set_archived(connection, "accounts", account_id, None)

    # ------------------------------------------------------------------ history

    def record_answer(
        self,
        account_id: int,
        checklist_id: str,
        checklist_version: str,
        item_id: str,
        item_revision: int,
        state: AnswerState,
        note: str = "",
        at: datetime | None = None,
        until: datetime | None = None,
    ) -> ProgressEvent:
        """Append one answer (`until`: the day a "later" answer comes due again). It is on
        disk when this returns."""
        _multi_line(note, "note")
        stamp = utc_text(at if at is not None else _now())
        until_text = utc_text(until) if until is not None else None
        event = ProgressEvent(
            account_id,
            checklist_id,
            checklist_version,
            item_id,
            item_revision,
            AnswerState(state),
            note,
            parse_utc(stamp),
            parse_utc(until_text) if until_text is not None else None,
        )
        with self._writing() as connection:
            self._require_account(connection, account_id)
            connection.execute(
                "INSERT INTO progress_events (account_id, checklist_id, checklist_version, "
                "item_id, item_revision, state, note, at, until) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    account_id,
                    checklist_id,
                    checklist_version,
                    item_id,
                    item_revision,
                    event.state.value,
                    note,
                    stamp,
                    until_text,
                ),
            )
        return event

    @staticmethod
    def _require_account(connection: sqlite3.Connection, account_id: int) -> None:
        if connection.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone():
            return
        raise NotFoundError(f"there is no account number {account_id}")

    def events(self, account_id: int | None = None) -> list[ProgressEvent]:
        """Answers, oldest first (ties in the order they were recorded)."""
        where, parameters = (
            ("WHERE account_id = ?", (account_id,)) if account_id is not None else ("", ())
        )
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT account_id, checklist_id, checklist_version, item_id, item_revision, "
                f"state, note, at, until FROM progress_events {where} ORDER BY at, id",
                parameters,
            ).fetchall()
        return [self._progress_event(r) for r in rows]

    @staticmethod
    def _progress_event(r: tuple[Any, ...]) -> ProgressEvent:
        return ProgressEvent(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            AnswerState(r[5]),
            r[6],
            parse_utc(r[7]),
            parse_utc(r[8]) if r[8] is not None else None,
        )

    def latest_answers(self, account_id: int | None = None) -> list[ProgressEvent]:
        """The newest answer to each item (per account and checklist), oldest first.

        Gives `item_statuses` the same result as the full `events()` at a fraction of the
        cost, which matters for the dashboard after years of history.
        """
        where, parameters = (
            ("WHERE l.account_id = ?", (account_id,)) if account_id is not None else ("", ())
        )
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT e.account_id, e.checklist_id, e.checklist_version, e.item_id, "
                "e.item_revision, e.state, e.note, e.at, e.until FROM latest_answers l "
                f"JOIN progress_events e ON e.id = l.event_id {where} ORDER BY e.at, e.id",
                parameters,
            ).fetchall()
        return [self._progress_event(r) for r in rows]

    def record_review_event(self, event: ReviewEvent) -> None:
        _multi_line(event.note, "note")
        values = (
            event.account_id,
            ReviewEventKind(event.kind).value,
            utc_text(event.at),
            utc_text(event.until) if event.until is not None else None,
            event.note,
            event.how,
        )
        with self._writing() as connection:
            self._require_account(connection, event.account_id)
            connection.execute(
                "INSERT INTO review_events (account_id, kind, at, until, note, how) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )

    def current_review_events(self) -> list[ReviewEvent]:
        """For each account, its newest complete review (completed or reviewed elsewhere)
        and every review event since; for accounts never reviewed, all of them.

        That is all due dates need, without reading years of older reviews.
        """
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT r.account_id, r.kind, r.at, r.until, r.note, r.how FROM review_events r "
                "LEFT JOIN (SELECT account_id, max(at) AS last FROM review_events "
                "WHERE kind IN ('completed', 'reviewed-elsewhere') GROUP BY account_id) c "
                "ON c.account_id = r.account_id "
                "WHERE c.last IS NULL OR r.at >= c.last ORDER BY r.at, r.id"
            ).fetchall()
        return [self._review_event(r) for r in rows]

    @staticmethod
    def _review_event(r: tuple[Any, ...]) -> ReviewEvent:
        return ReviewEvent(
            r[0],
            ReviewEventKind(r[1]),
            parse_utc(r[2]),
            parse_utc(r[3]) if r[3] is not None else None,
            r[4],
            r[5],
        )

    def review_events(self, account_id: int | None = None) -> list[ReviewEvent]:
        """Review events, oldest first."""
        where, parameters = (
            ("WHERE account_id = ?", (account_id,)) if account_id is not None else ("", ())
        )
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT account_id, kind, at, until, note, how FROM review_events {where} "
                "ORDER BY at, id",
                parameters,
            ).fetchall()
        return [self._review_event(r) for r in rows]

    # ------------------------------------------------------------------ settings

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._reading() as connection:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Keep `value` under `key` after checking both against the declared settings
        (`app.domain.settings`); InvalidInputError names the rule."""
        try:
            value = check_setting(key, value)
        except SettingError as exc:
            raise InvalidInputError(str(exc)) from None
        with self._writing() as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def settings(self) -> dict[str, str]:
        with self._reading() as connection:
            return dict(connection.execute("SELECT key, value FROM settings ORDER BY key"))

    # ------------------------------------------------------------------ fingerprints

    def set_fingerprint(self, account_id: int, field: SecretField, digest: str | None) -> None:
        """Keep (or, with None, forget) the keyed hash of an account's e-mail or phone.

        Only the hash is stored; the value itself stays in the keyring.
        """
        with self._writing() as connection:
            if digest is None:
                connection.execute(
                    "DELETE FROM secret_fingerprints WHERE account_id = ? AND field = ?",
                    (account_id, SecretField(field).value),
                )
                return
            self._require_account(connection, account_id)
            connection.execute(
                "INSERT INTO secret_fingerprints (account_id, field, digest) VALUES (?, ?, ?) "
                "ON CONFLICT (account_id, field) DO UPDATE SET digest = excluded.digest",
                (account_id, SecretField(field).value, digest),
            )

    def fingerprints(self) -> dict[tuple[int, SecretField], str]:
        with self._reading() as connection:
            rows = connection.execute("SELECT account_id, field, digest FROM secret_fingerprints")
            return {(row[0], SecretField(row[1])): row[2] for row in rows}

    # ------------------------------------------------------------------ whole state

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table in `DUMP_COLUMNS`, read in one consistent snapshot.

        The practice profile is not included: use `practice()`.
        """
        tables: dict[str, list[dict[str, Any]]] = {}
        with self._reading() as connection:
            connection.execute("BEGIN")
            try:
                for table, columns in DUMP_COLUMNS.items():
                    order = ", ".join(columns[: DUMP_KEY_WIDTH.get(table, 1)])
                    rows = connection.execute(
                        f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
                    )
                    tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]
            finally:
                connection.execute("COMMIT")
        return tables

    def is_empty(self) -> bool:
        """True when there is no persona, account, answer or review event."""
        with self._reading() as connection:
            for table in ("personas", "accounts", "progress_events", "review_events"):
                if connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    return False
        return True

    def load(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Insert a validated dump (ids kept) into an empty database, in one transaction."""
        if not self.is_empty():
            raise InvalidInputError("a dump can only be loaded into an empty database")
        with self._writing() as connection:
            for table, columns in DUMP_COLUMNS.items():
                rows = tables.get(table, [])
                if not rows:
                    continue
                names = ", ".join(columns)
                marks = ", ".join("?" for _ in columns)
                verb = "INSERT OR REPLACE" if table == "settings" else "INSERT"
                connection.executemany(
                    f"{verb} INTO {table} ({names}) VALUES ({marks})",
                    [tuple(row[c] for c in columns) for row in rows],
                )

    # ------------------------------------------------------------------ checklists seen

    def remember_checklist(self, checklist: Checklist) -> None:
        """Note the revision of every item of a loaded checklist.

        The highest revision ever seen is kept, so `seen_revisions` can tell when a newer
        file brings an item back at a lower revision (an editing mistake that would
        otherwise hide a needed re-check).
        """
        stamp = utc_text(_now())
        rows = [
            (checklist.id, item.id, item.revision, str(checklist.version), stamp)
            for item in checklist.items
        ]
        with self._writing() as connection:
            connection.executemany(
                "INSERT INTO checklist_seen (checklist_id, item_id, revision, version, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (checklist_id, item_id) DO UPDATE SET "
                "revision = excluded.revision, version = excluded.version, "
                "seen_at = excluded.seen_at WHERE excluded.revision > checklist_seen.revision",
                rows,
            )

    def seen_revisions(self, checklist_id: str) -> dict[str, int]:
        """Item id -> the highest revision of it this installation has loaded."""
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT item_id, revision FROM checklist_seen WHERE checklist_id = ?",
                (checklist_id,),
            )
            return {row[0]: int(row[1]) for row in rows}
