"""The record of handled contacts: codes not names, append-only, counted in the audit,
"sleep on it" through the reminders, and draft text kept only when the user says so."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.due import DueCause
from app.domain.personas import PersonaKind
from app.domain.reply_records import (
    Raised,
    ReplyAction,
    ReplyRecord,
    client_code_warning,
    counts_by_situation,
)
from app.services.backup import backup_now
from app.services.reminders import Reminders
from app.services.replies import contact_counts, load_replies, record_contact
from app.services.reports import build_audit_view
from app.store.checklist_files import Catalog
from app.store.database import Database
from app.store.errors import DatabaseError
from app.store.reply_records import reply_records
from app.store.schema import MIGRATIONS, _add_reply_records, apply_migrations

REPLIES = load_replies(Path(__file__).resolve().parent.parent / "replies")
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def record(**changes: object) -> ReplyRecord:
    base: dict[str, object] = {
        "at": NOW,
        "contact_on": date(2026, 12, 1),
        "platform": "Google",
        "situation": "negative-review",
        "action": ReplyAction.NO_REPLY,
        "raised": Raised.NOT_RAISED,
        "client_code": "C-104",
    }
    base.update(changes)
    return ReplyRecord(**base)  # type: ignore[arg-type]


def practice_account(db: Database) -> int:
    persona = db.add_persona("Practice", PersonaKind.PROFESSIONAL)
    return db.add_account(persona.id, "google-business-profile", "Riverside").id


@pytest.mark.parametrize(
    ("code", "warns"),
    [
        ("C-104", False),
        ("JD26", False),
        ("", False),
        ("AB", False),
        ("Sarah", True),
        ("sarah", True),
        ("Sarah K", True),
        ("J Smith", True),
        ("Mrs Patel 2", True),
    ],
)
def test_a_name_like_client_code_gets_a_warning(code: str, warns: bool) -> None:
    assert (client_code_warning(code) is not None) is warns


def test_a_record_is_kept_and_can_never_be_changed(db: Database) -> None:
    kept = record_contact(db, REPLIES, record(), NOW, UTC)
    assert kept.id is not None
    [stored] = reply_records(db)
    assert (stored.platform, stored.client_code, stored.action) == (
        "Google",
        "C-104",
        ReplyAction.NO_REPLY,
    )
    connection = sqlite3.connect(db.path)
    try:
        for statement in (
            "UPDATE reply_records SET client_code = 'x'",
            "DELETE FROM reply_records",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                connection.execute(statement)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"platform": "  "}, "platform"),
        ({"situation": "tweet-storm"}, "not a situation"),
        ({"contact_on": date(2026, 12, 3)}, "future"),
        ({"client_code": "C-1\u202e"}, "invisible"),
        ({"client_code": "x" * 40}, "keep it to 32"),
        ({"action": ReplyAction.SLEEP_ON_IT}, "choose the account"),
        ({"follows": 99}, "already been closed"),
    ],
)
def test_a_bad_record_is_refused_in_plain_words(
    db: Database, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        record_contact(db, REPLIES, record(**changes), NOW, UTC)
    assert reply_records(db) == []


def test_sleep_on_it_comes_back_through_the_reminders_after_24_hours(db: Database) -> None:
    account = practice_account(db)
    clock = [NOW]
    reminders = Reminders(db, Catalog(), clock=lambda: clock[0], tz=UTC)
    hold = record_contact(
        db, REPLIES, record(action=ReplyAction.SLEEP_ON_IT, account_id=account), NOW, UTC
    )
    assert hold.remind_at == NOW + timedelta(hours=24)

    def holds(due_only: bool) -> list[object]:
        entries = reminders.due() if due_only else reminders.entries()
        return [e for e in entries if e.status.cause is DueCause.SLEEP_ON_IT]

    assert holds(due_only=False) and not holds(due_only=True)
    clock[0] = NOW + timedelta(hours=23, minutes=59)
    assert not holds(due_only=True)
    clock[0] = NOW + timedelta(hours=24)
    [entry] = holds(due_only=True)
    assert entry.hold is not None and entry.hold.id == hold.id  # type: ignore[attr-defined]
    assert "sleep on a negative review" in entry.status.reason  # type: ignore[attr-defined]
    assert reminders.take_unannounced(reminders.due())

    record_contact(db, REPLIES, record(follows=hold.id), clock[0], UTC)
    assert holds(due_only=False) == []
    [count] = contact_counts(db)
    assert (count.situation, count.contacts, count.waiting) == ("negative-review", 1, 0)


def test_counts_per_situation_reach_the_audit(db: Database) -> None:
    for situation, raised in (
        ("friend-request", Raised.RAISED),
        ("friend-request", Raised.TO_RAISE),
        ("positive-review", Raised.NOT_RAISED),
    ):
        record_contact(db, REPLIES, record(situation=situation, raised=raised), NOW, UTC)
    counts = {c.situation: (c.contacts, c.raised) for c in counts_by_situation(reply_records(db))}
    assert counts == {"friend-request": (2, 2), "positive-review": (1, 0)}
    view = build_audit_view(db, Catalog(), NOW, UTC)
    rows = {r.situation: r.contacts for r in view.reply_counts}
    assert rows["A client sends a friend or follow request to your personal account"] == 2

    from app.reports.templating import AUDIT_TEMPLATE, render_html

    html = render_html(AUDIT_TEMPLATE, view)
    assert "Client contacts handled online" in html
    assert "A positive review of the practice" in html
    assert "C-104" not in html


def test_the_audit_has_no_contacts_section_without_records(db: Database) -> None:
    from app.reports.templating import AUDIT_TEMPLATE, render_html

    view = build_audit_view(db, Catalog(), NOW, UTC)
    assert view.reply_counts == ()
    assert "Client contacts handled online" not in render_html(AUDIT_TEMPLATE, view)


def _stored_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_draft_text_is_absent_from_the_database_and_backups_unless_kept(
    db: Database, tmp_path: Path
) -> None:
    draft = "Dear Jennifer Morales, your bipolar medication caused it XQ7Z-unique-draft"
    findings = REPLIES.check(draft, "review-reply")
    assert findings
    record_contact(db, REPLIES, record(), NOW, UTC)
    backup = backup_now(db, tmp_path / "manual.sqlite3")
    folder = db.path.parent
    assert b"XQ7Z-unique-draft" not in _stored_bytes(folder)
    assert b"XQ7Z-unique-draft" not in backup.read_bytes()

    record_contact(db, REPLIES, record(kept_draft=draft), NOW, UTC)
    kept_backup = backup_now(db, tmp_path / "kept.sqlite3")
    assert b"XQ7Z-unique-draft" in kept_backup.read_bytes()
    assert reply_records(db)[-1].kept_draft == draft


def test_an_older_database_gains_the_records_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    apply_migrations(connection, target=MIGRATIONS.index(_add_reply_records))
    assert not connection.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'reply_records'"
    ).fetchone()
    connection.close()
    with Database.open(path) as db:
        assert db.schema_version == len(MIGRATIONS)
        assert reply_records(db) == []
        record_contact(db, REPLIES, record(), NOW, UTC)


def test_a_record_for_an_unknown_account_is_refused(db: Database) -> None:
    with pytest.raises(DatabaseError, match="no account"):
        record_contact(db, REPLIES, record(account_id=42), NOW, UTC)


def test_records_travel_with_an_export_and_a_broken_chain_is_refused(
    db: Database, tmp_path: Path
) -> None:
    import json

    from app.services.data_transfer import TransferError, export_to, import_from

    account = practice_account(db)
    hold = record_contact(
        db, REPLIES, record(action=ReplyAction.SLEEP_ON_IT, account_id=account), NOW, UTC
    )
    record_contact(db, REPLIES, record(follows=hold.id, account_id=account), NOW, UTC)
    exported = tmp_path / "export.json"
    export_to(exported, db)
    target = tmp_path / "elsewhere" / "tightrope.sqlite3"
    assert import_from(exported, database_path=target) is not None
    with Database.open(target) as copy:
        assert reply_records(copy) == reply_records(db)

    document = json.loads(exported.read_text("utf-8"))
    document["reply_records"][1]["follows"] = 77
    document["reply_records"][0]["action"] = "argued-back"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), "utf-8")
    with pytest.raises(TransferError) as error:
        import_from(broken, database_path=tmp_path / "third" / "tightrope.sqlite3")
    problems = " ".join(error.value.problems)
    assert "reply_records[0].action" in problems and "reply_records[1].follows" in problems
