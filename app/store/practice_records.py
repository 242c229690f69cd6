"""The group-practice history of one desk: packs imported or made, and acknowledgements.

Rows are only ever appended (SQL triggers refuse UPDATE and DELETE), so a clinician can
show when they read which version of the office policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from app.domain.text import UnsafeTextError, check_one_line
from app.store.database import Database, InvalidInputError, parse_utc, utc_text


class PracticeEventKind(StrEnum):
    PACK_IMPORTED = "pack-imported"
    PACK_MADE = "pack-made"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class PracticeEvent:
    kind: PracticeEventKind
    pack_version: int
    policy_version: str
    statement: str
    fingerprint: str
    at: datetime


def record_practice_event(
    db: Database,
    kind: PracticeEventKind,
    pack_version: int,
    *,
    policy_version: str = "",
    statement: str = "",
    fingerprint: str = "",
    at: datetime | None = None,
) -> PracticeEvent:
    """Append one event; it is on disk when this returns."""
    try:
        for text, what in ((policy_version, "policy version"), (statement, "statement")):
            check_one_line(text, f"the {what}")
    except UnsafeTextError as exc:
        raise InvalidInputError(str(exc)) from None
    stamp = utc_text(at or datetime.now(UTC))
    with db.exclusive_connection() as connection:
        connection.execute(
            "INSERT INTO practice_events (kind, pack_version, policy_version, statement, "
            "fingerprint, at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                PracticeEventKind(kind).value,
                pack_version,
                policy_version,
                statement,
                fingerprint,
                stamp,
            ),
        )
    return PracticeEvent(
        PracticeEventKind(kind),
        pack_version,
        policy_version,
        statement,
        fingerprint,
        parse_utc(stamp),
    )


def practice_events(db: Database, kind: PracticeEventKind | None = None) -> list[PracticeEvent]:
    """Events, oldest first."""
    where, parameters = ("WHERE kind = ?", (kind.value,)) if kind is not None else ("", ())
    with db.exclusive_connection() as connection:
        rows = connection.execute(
            "SELECT kind, pack_version, policy_version, statement, fingerprint, at "
            f"FROM practice_events {where} ORDER BY at, id",
            parameters,
        ).fetchall()
    return [
        PracticeEvent(PracticeEventKind(r[0]), int(r[1]), r[2], r[3], r[4], parse_utc(r[5]))
        for r in rows
    ]


def latest_acknowledgement(db: Database) -> PracticeEvent | None:
    found = practice_events(db, PracticeEventKind.ACKNOWLEDGED)
    return found[-1] if found else None
