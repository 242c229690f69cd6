"""Deleting an account for good: one added by mistake (no history at all), or an
archived one together with its history, deliberately and logged.

Everything else about the history stays append-only: the store's triggers refuse to
delete an answer or a review unless a permit for that one archived account exists, and
the permit lives only inside the transaction of `purge_archived_account`, which also
writes a line to the append-only `purged_accounts` log (how many answers and reviews
went, when; not the handle).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.store.database import Database, utc_text
from app.store.errors import InvalidInputError, NotFoundError


@dataclass(frozen=True)
class Purged:
    account_id: int
    answers: int
    reviews: int


def history_counts(db: Database, account_id: int) -> tuple[int, int]:
    """How many answers and review events the account has."""
    with db._reading() as connection:
        answers = connection.execute(
            "SELECT count(*) FROM progress_events WHERE account_id = ?", (account_id,)
        ).fetchone()[0]
        reviews = connection.execute(
            "SELECT count(*) FROM review_events WHERE account_id = ?", (account_id,)
        ).fetchone()[0]
    return int(answers), int(reviews)


def delete_unused_account(db: Database, account_id: int) -> None:
    """Delete an account that has no answers and no reviews (added by mistake)."""
    with db._writing() as connection:
        row = connection.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"there is no account number {account_id}")
        for table in ("progress_events", "review_events"):
            used = connection.execute(
                f"SELECT 1 FROM {table} WHERE account_id = ? LIMIT 1", (account_id,)
            ).fetchone()
            if used:
                raise InvalidInputError(
                    "this account has answers or reviews in its history, so it can only be "
                    "archived; once archived it can be deleted with its history"
                )
        connection.execute("DELETE FROM secret_fingerprints WHERE account_id = ?", (account_id,))
        connection.execute("DELETE FROM accounts WHERE id = ?", (account_id,))


def purge_archived_account(db: Database, account_id: int, when: datetime | None = None) -> Purged:
    """Delete an archived account and all its history, and log that it was done."""
    stamp = utc_text(when or datetime.now(UTC))
    with db._writing() as connection:
        row = connection.execute(
            "SELECT archived_at, checklist_id, persona_id FROM accounts WHERE id = ?",
            (account_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"there is no account number {account_id}")
        if row[0] is None:
            raise InvalidInputError(
                "only an archived account can be deleted with its history; archive it first"
            )
        answers = connection.execute(
            "SELECT count(*) FROM progress_events WHERE account_id = ?", (account_id,)
        ).fetchone()[0]
        reviews = connection.execute(
            "SELECT count(*) FROM review_events WHERE account_id = ?", (account_id,)
        ).fetchone()[0]
        connection.execute("INSERT INTO purge_permits (account_id) VALUES (?)", (account_id,))
        connection.execute("DELETE FROM latest_answers WHERE account_id = ?", (account_id,))
        connection.execute("DELETE FROM progress_events WHERE account_id = ?", (account_id,))
        connection.execute("DELETE FROM review_events WHERE account_id = ?", (account_id,))
        connection.execute("DELETE FROM secret_fingerprints WHERE account_id = ?", (account_id,))
        connection.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
        connection.execute("DELETE FROM purge_permits WHERE account_id = ?", (account_id,))
        connection.execute(
            "INSERT INTO purged_accounts (account_id, checklist_id, persona_id, answers, "
            "reviews, at) VALUES (?, ?, ?, ?, ?, ?)",
            (account_id, row[1], row[2], answers, reviews, stamp),
        )
    return Purged(account_id, int(answers), int(reviews))


def purge_log(db: Database) -> list[dict[str, object]]:
    """Every purge, oldest first."""
    with db._reading() as connection:
        rows = connection.execute(
            "SELECT account_id, checklist_id, persona_id, answers, reviews, at "
            "FROM purged_accounts ORDER BY id"
        ).fetchall()
    keys = ("account_id", "checklist_id", "persona_id", "answers", "reviews", "at")
    return [dict(zip(keys, row, strict=True)) for row in rows]
