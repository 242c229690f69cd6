"""The database schema and its forward migrations.

`MIGRATIONS[n]` takes a database at schema version `n` to `n + 1`. A new schema version
is one more function appended to the list, never an edit of an old one: a user's file may
be at any earlier version. `apply_migrations` runs each step in its own transaction
together with the `PRAGMA user_version` bump, so a crash leaves the file at a whole
version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

_V1 = (
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE practice (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '',
        clinicians TEXT NOT NULL DEFAULT '[]',
        address TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '',
        emergency_wording TEXT NOT NULL DEFAULT '',
        crisis_line TEXT NOT NULL DEFAULT '',
        policy_version TEXT NOT NULL DEFAULT '1',
        policy_effective TEXT NOT NULL DEFAULT '',
        stances TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TABLE personas (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('personal', 'professional', 'other')),
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'dormant', 'retired')),
        display_name TEXT NOT NULL DEFAULT '',
        bio TEXT NOT NULL DEFAULT '',
        colour TEXT NOT NULL DEFAULT '#5b7db1',
        recheck_days INTEGER NOT NULL DEFAULT 90 CHECK (recheck_days > 0),
        created_at TEXT NOT NULL,
        archived_at TEXT
    )
    """,
    """
    CREATE UNIQUE INDEX personas_live_name
        ON personas (name COLLATE NOCASE) WHERE archived_at IS NULL
    """,
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        persona_id INTEGER NOT NULL REFERENCES personas (id),
        checklist_id TEXT NOT NULL,
        handle TEXT NOT NULL CHECK (length(trim(handle)) > 0),
        profile_url TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        archived_at TEXT
    )
    """,
    "CREATE INDEX accounts_persona ON accounts (persona_id)",
    """
    CREATE TABLE progress_events (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_revision INTEGER NOT NULL,
        state TEXT NOT NULL
            CHECK (state IN ('done', 'not-applicable', 'later', 'reset')),
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX progress_events_account ON progress_events (account_id, at)",
    """
    CREATE TABLE review_events (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        kind TEXT NOT NULL
            CHECK (kind IN ('completed', 'reviewed-elsewhere', 'snoozed')),
        at TEXT NOT NULL,
        until TEXT,
        note TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX review_events_account ON review_events (account_id, at)",
    """
    CREATE TABLE checklist_seen (
        checklist_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        version TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (checklist_id, item_id)
    )
    """,
    """
    CREATE TABLE secret_fingerprints (
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        field TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (account_id, field)
    )
    """,
    *(
        f"""
        CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
        BEGIN
            SELECT RAISE(ABORT, 'the history is append-only: {table} cannot be changed');
        END
        """
        for table in ("progress_events", "review_events")
        for action in ("UPDATE", "DELETE")
    ),
)


def append_only_triggers(
    table: str, message: str | None = None, *, if_not_exists: bool = False
) -> tuple[str, ...]:
    """The two triggers that refuse UPDATE and DELETE on an event table: the history is
    only ever appended to. (Version 1's own triggers are written out in `_V1` and stay
    as they are.)"""
    refusal = message or f"the history is append-only: {table} cannot be changed"
    guard = "IF NOT EXISTS " if if_not_exists else ""
    return tuple(
        f"""
    CREATE TRIGGER {guard}{table}_no_{action.lower()} BEFORE {action} ON {table}
    BEGIN
        SELECT RAISE(ABORT, '{refusal}');
    END
    """
        for action in ("UPDATE", "DELETE")
    )


def _to_v1(connection: sqlite3.Connection) -> None:
    for statement in _V1:
        connection.execute(statement)


_V2 = (
    """
    CREATE TABLE latest_answers (
        account_id INTEGER NOT NULL,
        checklist_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        event_id INTEGER NOT NULL REFERENCES progress_events (id),
        at TEXT NOT NULL,
        PRIMARY KEY (account_id, checklist_id, item_id)
    ) WITHOUT ROWID
    """,
    """
    INSERT INTO latest_answers (account_id, checklist_id, item_id, event_id, at)
    SELECT account_id, checklist_id, item_id, id, at FROM (
        SELECT account_id, checklist_id, item_id, id, at, row_number() OVER (
            PARTITION BY account_id, checklist_id, item_id ORDER BY at DESC, id DESC
        ) AS newest
        FROM progress_events
    ) WHERE newest = 1
    """,
    """
    CREATE TRIGGER progress_events_latest AFTER INSERT ON progress_events
    BEGIN
        INSERT INTO latest_answers (account_id, checklist_id, item_id, event_id, at)
        VALUES (new.account_id, new.checklist_id, new.item_id, new.id, new.at)
        ON CONFLICT (account_id, checklist_id, item_id) DO UPDATE
        SET event_id = excluded.event_id, at = excluded.at
        WHERE excluded.at >= latest_answers.at;
    END
    """,
)


def _to_v2(connection: sqlite3.Connection) -> None:
    """The newest answer per item, kept by a trigger: the dashboard reads a few thousand
    rows instead of years of history. Derived only; the event log stays the record."""
    for statement in _V2:
        connection.execute(statement)


APPLICATION_ID = 0x54525031
"""`PRAGMA application_id` of every Tightrope data file ("TRP1"): another program's
SQLite file is told apart before anything is written to it."""

FILE_TABLE = """
    CREATE TABLE IF NOT EXISTS tightrope_file (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        file_id TEXT NOT NULL,
        last_write TEXT NOT NULL
    )
"""
"""The file's random id. Every write transaction touches this row, so every WAL that
Tightrope writes carries the page holding the id: a WAL left by another database shows
another id (or none) and is refused before it is applied (app.store.file_check)."""


def stamp_identity(connection: sqlite3.Connection) -> None:
    """Give the file Tightrope's application id and a random file id (if it has none)."""
    import secrets
    from datetime import UTC, datetime

    connection.execute(FILE_TABLE)
    connection.execute(
        "INSERT OR IGNORE INTO tightrope_file (id, file_id, last_write) VALUES (1, ?, ?)",
        (secrets.token_hex(16), datetime.now(UTC).isoformat()),
    )
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _identify_the_file(connection: sqlite3.Connection) -> None:
    """Files made before version 3 get their application id and file id."""
    stamp_identity(connection)


_REVIEW_EVENTS_TRIGGERS = append_only_triggers("review_events")


def _add_put_off_dates_and_review_details(connection: sqlite3.Connection) -> None:
    """Put-off dates on answers, partial reviews, and how a review elsewhere was done.

    `progress_events.until` holds the day a "later" answer comes due again (NULL on older
    answers: they count the default week from the day given). `review_events` gains the
    kind 'partial' (a walkthrough ended with settings put off) and `how` (where or how a
    review outside the walkthrough was done). SQLite cannot change a CHECK constraint, so
    review_events is rebuilt with every row and id kept; its triggers come back with it.
    """
    connection.execute("ALTER TABLE progress_events ADD COLUMN until TEXT")
    for action in ("update", "delete"):
        connection.execute(f"DROP TRIGGER IF EXISTS review_events_no_{action}")
    connection.execute(
        """
        CREATE TABLE review_events_new (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts (id),
            kind TEXT NOT NULL
                CHECK (kind IN ('completed', 'partial', 'reviewed-elsewhere', 'snoozed')),
            at TEXT NOT NULL,
            until TEXT,
            note TEXT NOT NULL DEFAULT '',
            how TEXT NOT NULL DEFAULT ''
        )
        """
    )
    connection.execute(
        "INSERT INTO review_events_new (id, account_id, kind, at, until, note) "
        "SELECT id, account_id, kind, at, until, note FROM review_events"
    )
    connection.execute("DROP TABLE review_events")
    connection.execute("ALTER TABLE review_events_new RENAME TO review_events")
    connection.execute("CREATE INDEX review_events_account ON review_events (account_id, at)")
    for statement in _REVIEW_EVENTS_TRIGGERS:
        connection.execute(statement)


_REPLY_RECORDS = (
    """
    CREATE TABLE reply_records (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        contact_on TEXT NOT NULL,
        platform TEXT NOT NULL CHECK (length(trim(platform)) > 0),
        situation TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('no-reply', 'replied-privately',
            'replied-publicly', 'hidden-or-removed', 'reported-to-platform', 'crisis-steps',
            'sleep-on-it')),
        raised TEXT NOT NULL CHECK (raised IN ('raised', 'to-raise', 'not-raised')),
        client_code TEXT NOT NULL DEFAULT '',
        account_id INTEGER REFERENCES accounts (id),
        remind_at TEXT,
        follows INTEGER REFERENCES reply_records (id),
        kept_draft TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX reply_records_at ON reply_records (at)",
    *append_only_triggers("reply_records"),
)


def _add_reply_records(connection: sqlite3.Connection) -> None:
    """The record of each client contact handled online (app.domain.reply_records):
    append-only like the other events. Draft text only when the user kept it."""
    for statement in _REPLY_RECORDS:
        connection.execute(statement)


def _no_delete_unless_permitted(table: str) -> str:
    return f"""
    CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    WHEN NOT EXISTS (SELECT 1 FROM purge_permits WHERE account_id = old.account_id)
    BEGIN
        SELECT RAISE(ABORT, 'the history is append-only: {table} cannot be changed');
    END
    """


_PURGE = (
    """
    CREATE TABLE purged_accounts (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL,
        checklist_id TEXT NOT NULL,
        persona_id INTEGER NOT NULL,
        answers INTEGER NOT NULL,
        reviews INTEGER NOT NULL,
        at TEXT NOT NULL
    )
    """,
    *append_only_triggers("purged_accounts", "the purge log is append-only"),
    "CREATE TABLE purge_permits (account_id INTEGER PRIMARY KEY)",
    """
    CREATE TRIGGER purge_permits_archived_only BEFORE INSERT ON purge_permits
    WHEN (SELECT archived_at FROM accounts WHERE id = new.account_id) IS NULL
    BEGIN
        SELECT RAISE(ABORT, 'only an archived account''s history can be deleted');
    END
    """,
    "DROP TRIGGER progress_events_no_delete",
    "DROP TRIGGER review_events_no_delete",
    _no_delete_unless_permitted("progress_events"),
    _no_delete_unless_permitted("review_events"),
)


def _allow_deliberate_purge(connection: sqlite3.Connection) -> None:
    """History can be deleted only for one archived account at a time, inside the
    transaction that logs it (`app.store.deletion.purge_archived_account`): a permit row
    for that account opens the DELETE triggers, and the same transaction removes the
    permit again. Answers can still never be edited, and the log of purges is itself
    append-only."""
    for statement in _PURGE:
        connection.execute(statement)


def _add_practice_records(connection: sqlite3.Connection) -> None:
    """Group practice: each practice pack imported (or made) and each acknowledgement of
    the office policy, as an append-only, dated history."""
    connection.execute(
        """
        CREATE TABLE practice_events (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('pack-imported', 'pack-made', 'acknowledged')),
            pack_version INTEGER NOT NULL,
            policy_version TEXT NOT NULL DEFAULT '',
            statement TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )
        """
    )
    for statement in append_only_triggers(
        "practice_events", "the history is append-only: practice_events is kept"
    ):
        connection.execute(statement)


_FINDABILITY_LOG = (
    """
    CREATE TABLE IF NOT EXISTS findability_events (
        id INTEGER PRIMARY KEY,
        persona_id INTEGER NOT NULL REFERENCES personas (id),
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_revision INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('not-listed', 'found', 'requested', 'removed',
            'relisted', 'cannot-remove', 'moved', 'harassed')),
        note TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS findability_events_persona ON findability_events (persona_id, at)",
    *append_only_triggers("findability_events", if_not_exists=True),
)


def _add_findability_log(connection: sqlite3.Connection) -> None:
    """The opt-out log: one appended row per step at a people-search site or register
    (and per "moved house" / "being harassed"), with the evidence files' hashes. Holds no
    searched-for detail: those live in the keyring. Idempotent (IF NOT EXISTS), so the
    step is safe wherever the migrations are renumbered."""
    for statement in _FINDABILITY_LOG:
        connection.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _to_v1,
    _to_v2,
    _identify_the_file,
    _add_put_off_dates_and_review_details,
    _add_reply_records,
    _allow_deliberate_purge,
    _add_practice_records,
    _add_findability_log,
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the database up to `target`, one version per transaction.

    The version is read again inside each transaction, so two processes opening the same
    file at once never run a step twice. The connection must be in autocommit mode
    (`isolation_level=None`).
    """
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = user_version(connection)
            if current >= target:
                connection.execute("COMMIT")
                return
            MIGRATIONS[current](connection)
            connection.execute(f"PRAGMA user_version = {current + 1}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
