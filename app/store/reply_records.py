"""The reply records in the database (table `reply_records`, append-only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.reply_records import Raised, ReplyAction, ReplyRecord
from app.store.database import Database, parse_utc, utc_text
from app.store.errors import InvalidInputError

_COLUMNS = (
    "id, at, contact_on, platform, situation, action, raised, client_code, account_id, "
    "remind_at, follows, kept_draft"
)


def add_reply_record(db: Database, record: ReplyRecord) -> int:
    """Append one record; return its id. The account and the record it closes must exist."""
    values = (
        utc_text(record.at),
        record.contact_on.isoformat(),
        record.platform,
        record.situation,
        ReplyAction(record.action).value,
        Raised(record.raised).value,
        record.client_code,
        record.account_id,
        utc_text(record.remind_at) if record.remind_at is not None else None,
        record.follows,
        record.kept_draft,
    )
    with db._writing() as connection:
        if record.account_id is not None:
            found = connection.execute(
                "SELECT 1 FROM accounts WHERE id = ?", (record.account_id,)
            ).fetchone()
            if found is None:
                raise InvalidInputError(f"there is no account with id {record.account_id}")
        if record.follows is not None:
            found = connection.execute(
                "SELECT 1 FROM reply_records WHERE id = ? AND action = 'sleep-on-it'",
                (record.follows,),
            ).fetchone()
            if found is None:
                raise InvalidInputError(f"there is no 'sleep on it' record {record.follows}")
        cursor = connection.execute(
            "INSERT INTO reply_records (at, contact_on, platform, situation, action, raised, "
            "client_code, account_id, remind_at, follows, kept_draft) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        return int(cursor.lastrowid or 0)


def _record(row: tuple[Any, ...]) -> ReplyRecord:
    return ReplyRecord(
        id=row[0],
        at=parse_utc(row[1]),
        contact_on=date.fromisoformat(row[2]),
        platform=row[3],
        situation=row[4],
        action=ReplyAction(row[5]),
        raised=Raised(row[6]),
        client_code=row[7],
        account_id=row[8],
        remind_at=parse_utc(row[9]) if row[9] is not None else None,
        follows=row[10],
        kept_draft=row[11],
    )


def reply_records(db: Database) -> list[ReplyRecord]:
    """Every record, oldest first."""
    with db._reading() as connection:
        rows = connection.execute(
            f"SELECT {_COLUMNS} FROM reply_records ORDER BY at, id"
        ).fetchall()
    return [_record(r) for r in rows]
