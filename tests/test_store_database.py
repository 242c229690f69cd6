from __future__ import annotations

import os
import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.personas import PersonaStatus
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.store.backups import list_backups
from app.store.database import (
    CorruptDatabaseError,
    Database,
    InvalidInputError,
    LockedDatabaseError,
    NewerDatabaseError,
    NotFoundError,
)
from app.store.schema import MIGRATIONS, SCHEMA_VERSION, apply_migrations
from tests.checklist_factory import raw_checklist, raw_item

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "tightrope.sqlite3"


def seeded(path: Path) -> tuple[int, int]:
    with Database.open(path) as database:
        persona = database.add_persona("Professional", PersonaKind.PROFESSIONAL)
        account = database.add_account(persona.id, "instagram", "@practice")
        database.record_answer(
            account.id, "instagram", "2026.11.0", "ig-private", 1, AnswerState.DONE, at=T0
        )
        return persona.id, account.id


# ---------------------------------------------------------------- the file itself


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_file_and_folder_are_private(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    with Database.open(path) as database:
        database.set_setting("ui.x", "y")
        for name in (path, Path(f"{path}-wal")):
            assert stat.S_IMODE(name.stat().st_mode) == 0o600, name
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_readable_file_is_made_private(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    Database.open(path).close()
    path.chmod(0o644)
    Database.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_database_uses_wal_full_sync_and_foreign_keys(db: Database) -> None:
    connection = sqlite3.connect(db.path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()
    with db._reading() as own:
        assert own.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert own.execute("PRAGMA foreign_keys").fetchone()[0] == 1


# ---------------------------------------------------------------- personas and accounts


def test_personas_are_listed_in_order_and_survive_reopening(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    with Database.open(path) as database:
        personal = database.add_persona("Personal", PersonaKind.PERSONAL, colour="#AA0000")
        database.add_persona(
            "Professional", PersonaKind.PROFESSIONAL, display_name="Dr Jane Doe", recheck_days=30
        )
    with Database.open(path) as database:
        names = [(p.name, p.kind, p.recheck_days) for p in database.personas()]
        assert names == [
            ("Personal", PersonaKind.PERSONAL, 90),
            ("Professional", PersonaKind.PROFESSIONAL, 30),
        ]
        assert database.persona(personal.id).colour == "#aa0000"
        assert database.persona_named("professional").display_name == "Dr Jane Doe"


@pytest.mark.parametrize(
    ("name", "extra"),
    [("  ", {}), ("Work", {"colour": "blue"}), ("Work", {"recheck_days": 0})],
)
def test_bad_persona_values_are_refused_and_nothing_is_saved(
    db: Database, name: str, extra: dict[str, object]
) -> None:
    with pytest.raises(InvalidInputError):
        db.add_persona(name, PersonaKind.PERSONAL, **extra)  # type: ignore[arg-type]
    assert db.personas(include_archived=True) == []


def test_two_live_personas_cannot_share_a_name(db: Database) -> None:
    db.add_persona("Personal", PersonaKind.PERSONAL)
    with pytest.raises(InvalidInputError, match="already a persona called"):
        db.add_persona("personal", PersonaKind.OTHER)
    assert len(db.personas()) == 1


def test_archived_persona_keeps_its_accounts_and_history(db: Database) -> None:
    old = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(old.id, "facebook", "jane.doe")
    db.record_answer(account.id, "facebook", "2026.11.0", "fb-1", 1, AnswerState.DONE, at=T0)
    db.archive_persona(old.id)

    assert db.personas() == []
    assert db.accounts() == []
    assert [p.id for p in db.personas(include_archived=True)] == [old.id]
    assert db.accounts(include_archived=True) == [account]
    assert db.persona(old.id).name == "Personal"
    assert len(db.events(account.id)) == 1
    assert db.archived_persona_ids() == {old.id}

    newer = db.add_persona("Personal", PersonaKind.PERSONAL)
    with pytest.raises(InvalidInputError):
        db.restore_persona(old.id)
    db.update_persona(newer.__class__(**{**newer.__dict__, "name": "Personal (new)"}))
    db.restore_persona(old.id)
    assert db.accounts() == [account]


def test_update_persona_changes_its_details(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    changed = persona.__class__(
        **{**persona.__dict__, "status": PersonaStatus.DORMANT, "bio": "Gardener"}
    )
    db.update_persona(changed)
    assert db.persona(persona.id) == changed


def test_accounts_belong_to_a_persona_and_can_move(db: Database) -> None:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    account = db.add_account(personal.id, "instagram", "@jane", profile_url="https://x.example")
    db.add_account(work.id, "facebook-page", "Jane Doe Counselling")

    assert [a.handle for a in db.accounts(personal.id)] == ["@jane"]
    moved = account.__class__(**{**account.__dict__, "persona_id": work.id})
    db.update_account(moved)
    assert db.account(account.id).persona_id == work.id
    assert [a.handle for a in db.accounts(work.id)] == ["@jane", "Jane Doe Counselling"]

    db.archive_account(account.id)
    assert [a.handle for a in db.accounts()] == ["Jane Doe Counselling"]
    assert db.archived_account_ids() == {account.id}
    db.restore_account(account.id)
    assert len(db.accounts()) == 2


def test_unknown_ids_are_reported_in_words(db: Database) -> None:
    with pytest.raises(NotFoundError, match="no persona number 7"):
        db.persona(7)
    with pytest.raises(NotFoundError, match="no persona number 7"):
        db.add_account(7, "instagram", "@x")
    with pytest.raises(NotFoundError, match="no account number 3"):
        db.record_answer(3, "instagram", "2026.11.0", "i", 1, AnswerState.DONE)
    with pytest.raises(NotFoundError):
        db.archive_persona(9)
    assert db.events() == []


# ---------------------------------------------------------------- history


def test_answers_are_appended_and_read_back_oldest_first(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    with Database.open(path) as database:
        persona = database.add_persona("Personal", PersonaKind.PERSONAL)
        account = database.add_account(persona.id, "instagram", "@jane")
        later = database.record_answer(
            account.id, "instagram", "2026.11.0", "a", 2, AnswerState.LATER, "busy", at=T0
        )
        local = timezone(timedelta(hours=-5))
        earlier = database.record_answer(
            account.id,
            "instagram",
            "2026.11.0",
            "a",
            2,
            AnswerState.DONE,
            at=datetime(2026, 3, 1, 3, 0, tzinfo=local),
        )
    with Database.open(path) as database:
        events = database.events(account.id)
    assert events == [earlier, later]
    assert events[0].at == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert events[1].note == "busy"


def test_answer_without_time_zone_is_refused(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "x", "@j")
    with pytest.raises(InvalidInputError, match="time zone"):
        db.record_answer(
            account.id, "x", "2026.11.0", "a", 1, AnswerState.DONE, at=datetime(2026, 1, 1)
        )
    assert db.events() == []


def test_answer_without_time_is_stamped_now_in_utc(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "x", "@j")
    before = datetime.now(UTC)
    event = db.record_answer(account.id, "x", "2026.11.0", "a", 1, AnswerState.DONE)
    assert before <= event.at <= datetime.now(UTC)
    assert event.at.tzinfo is not None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(list(AnswerState)),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=12,
    )
)
def test_latest_answers_agree_with_the_full_history(
    tmp_path_factory: pytest.TempPathFactory, answers: list[tuple[str, AnswerState, int]]
) -> None:
    path = db_path(tmp_path_factory.mktemp("latest"))
    with Database.open(path) as database:
        persona = database.add_persona("Personal", PersonaKind.PERSONAL)
        account = database.add_account(persona.id, "x", "@j")
        for item_id, state, minutes in answers:
            database.record_answer(
                account.id, "x", "2026.11.0", item_id, 1, state, at=T0 + timedelta(minutes=minutes)
            )
        newest = {event.item_id: event for event in database.events(account.id)}
        latest = database.latest_answers(account.id)
    assert {event.item_id: event for event in latest} == newest
    assert len(latest) == len(newest)
    assert [event.at for event in latest] == sorted(event.at for event in latest)


def test_history_tables_refuse_update_and_delete(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    _, account_id = seeded(path)
    with Database.open(path) as database:
        database.record_review_event(ReviewEvent(account_id, ReviewEventKind.COMPLETED, T0))
    connection = sqlite3.connect(path)
    for statement in (
        "UPDATE progress_events SET state = 'later'",
        "DELETE FROM progress_events",
        "UPDATE review_events SET note = 'changed'",
        "DELETE FROM review_events",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
    connection.close()
    with Database.open(path) as database:
        assert len(database.events()) == 1
        assert len(database.review_events()) == 1


def test_review_events_round_trip(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "x", "@j")
    other = db.add_account(persona.id, "facebook", "jane")
    snooze = ReviewEvent(
        account.id, ReviewEventKind.SNOOZED, T0, until=T0 + timedelta(days=7), note="holiday"
    )
    done = ReviewEvent(other.id, ReviewEventKind.REVIEWED_ELSEWHERE, T0 - timedelta(days=1))
    db.record_review_event(snooze)
    db.record_review_event(done)
    assert db.review_events() == [done, snooze]
    assert db.review_events(account.id) == [snooze]


# ---------------------------------------------------------------- practice, settings, seen


def test_practice_profile_round_trips_with_stances(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    profile = PracticeProfile(
        name="Jane Doe Counselling",
        clinicians=("Jane Doe, LPC", "Sam Roe, LCSW"),
        emergency_wording="In an emergency call 911.",
        stances={"friend-requests": "I do not accept friend requests from clients."},
    )
    with Database.open(path) as database:
        assert database.practice() == PracticeProfile()
        database.save_practice(profile)
        database.save_practice(profile)
    with Database.open(path) as database:
        assert database.practice() == profile


def test_settings_default_and_overwrite(db: Database) -> None:
    assert db.setting("ui.autostart") is None
    assert db.setting("ui.autostart", "off") == "off"
    db.set_setting("ui.autostart", "on")
    db.set_setting("ui.autostart", "off")
    assert db.setting("ui.autostart") == "off"
    assert db.settings() == {"ui.autostart": "off"}


def test_seen_revisions_keep_the_highest_revision(db: Database) -> None:
    def checklist(version: str, revision: int) -> object:
        return parse_checklist(
            raw_checklist(
                items=[raw_item("ex-one", revision=revision), raw_item("ex-two")],
                version=version,
                changelog=[{"version": version, "date": "2026-11-01", "changes": "x"}],
            ),
            "example.toml",
        )

    db.remember_checklist(checklist("2026.11.0", 3))  # type: ignore[arg-type]
    db.remember_checklist(checklist("2026.12.0", 2))  # type: ignore[arg-type]
    assert db.seen_revisions("example") == {"ex-one": 3, "ex-two": 1}
    assert db.seen_revisions("other") == {}


# ---------------------------------------------------------------- migrations


def _database_at_version(path: Path, version: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    apply_migrations(connection, target=version)
    if version >= 1:
        connection.execute(
            "INSERT INTO personas (id, name, kind, created_at) "
            "VALUES (1, 'Personal', 'personal', '2026-01-01T00:00:00.000000+00:00')"
        )
        connection.execute(
            "INSERT INTO accounts (id, persona_id, checklist_id, handle, created_at) "
            "VALUES (1, 1, 'instagram', '@jane', '2026-01-01T00:00:00.000000+00:00')"
        )
        connection.execute(
            "INSERT INTO progress_events (account_id, checklist_id, checklist_version, item_id, "
            "item_revision, state, at) VALUES (1, 'instagram', '2026.11.0', 'ig-private', 1, "
            "'done', '2026-01-02T00:00:00.000000+00:00')"
        )
    connection.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_schema_version_migrates_and_keeps_data(tmp_path: Path, version: int) -> None:
    path = db_path(tmp_path)
    _database_at_version(path, version)
    with Database.open(path) as database:
        assert database.schema_version == SCHEMA_VERSION
        assert database.integrity_check() == ["ok"]
        if version >= 1:
            assert [p.name for p in database.personas()] == ["Personal"]
            assert [e.item_id for e in database.events(1)] == ["ig-private"]
            assert database.latest_answers(1) == database.events(1)
    backups = list_backups(path)
    if version == 0:
        assert backups == []
    else:
        assert len(backups) == 1
        old = sqlite3.connect(backups[0])
        assert old.execute("PRAGMA user_version").fetchone()[0] == version
        old.close()


def test_migrations_are_one_function_per_version() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    with Database.open(path) as database:
        assert database.schema_version == SCHEMA_VERSION


def test_a_file_from_a_newer_app_is_refused_and_untouched(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    _database_at_version(path, SCHEMA_VERSION)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer Tightrope"):
        Database.open(path)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- damage and contention


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir(parents=True)
    garbage = b"These are my notes, not a database. " * 200
    path.write_bytes(garbage)
    with pytest.raises(CorruptDatabaseError) as caught:
        Database.open(path)
    assert path.read_bytes() == garbage
    assert caught.value.newest_backup is None
    assert "was not changed" in str(caught.value)


def test_damaged_pages_are_detected_and_the_newest_good_backup_named(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    _, account_id = seeded(path)
    with Database.open(path) as database:
        for n in range(2000):
            database.record_answer(
                account_id, "instagram", "2026.11.0", f"item-{n}", 1, AnswerState.DONE, "x" * 50
            )
        good = database.backup(
            path.parent / "backups" / "tightrope-20260101T000000000000Z-a.sqlite3"
        )
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    with open(path, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 4096 * 4)
    damaged = path.read_bytes()

    with pytest.raises(CorruptDatabaseError) as caught:
        Database.open(path)
    assert caught.value.newest_backup == good
    assert str(good) in str(caught.value)
    assert path.read_bytes() == damaged


def test_a_write_waits_for_another_writer_then_reports_busy(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    seeded(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Database.open(path, busy_timeout=0.2) as database:
            with pytest.raises(LockedDatabaseError, match="busy"):
                database.set_setting("ui.a", "b")
            assert [p.name for p in database.personas()] == ["Professional"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Database.open(path) as database:
        assert database.setting("a") is None


def test_two_connections_and_threads_write_without_losing_anything(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    _, account_id = seeded(path)
    first, second = Database.open(path), Database.open(path)

    def write(database: Database, prefix: str) -> None:
        for n in range(50):
            database.record_answer(
                account_id, "instagram", "2026.11.0", f"{prefix}{n}", 1, AnswerState.DONE
            )

    threads = [
        threading.Thread(target=write, args=(first, "a")),
        threading.Thread(target=write, args=(second, "b")),
        threading.Thread(target=write, args=(first, "c")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first.close()
    second.close()
    with Database.open(path) as database:
        assert len(database.events(account_id)) == 151


def test_the_put_off_migration_keeps_review_events_and_their_append_only_guard(
    tmp_path: Path,
) -> None:
    path = db_path(tmp_path)
    _database_at_version(path, 2)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(
        "INSERT INTO review_events (id, account_id, kind, at, note) VALUES "
        "(7, 1, 'reviewed-elsewhere', '2026-01-03T00:00:00.000000+00:00', 'on the phone')"
    )
    connection.execute(
        "INSERT INTO progress_events (account_id, checklist_id, checklist_version, item_id, "
        "item_revision, state, at) VALUES (1, 'instagram', '2026.11.0', 'ig-tags', 1, "
        "'later', '2026-01-04T00:00:00.000000+00:00')"
    )
    connection.close()
    with Database.open(path) as database:
        [review] = database.review_events(1)
        assert (review.kind, review.note, review.how) == (
            ReviewEventKind.REVIEWED_ELSEWHERE,
            "on the phone",
            "",
        )
        later = database.events(1)[-1]
        assert later.state is AnswerState.LATER and later.until is None
        database.record_review_event(
            ReviewEvent(1, ReviewEventKind.PARTIAL, datetime(2026, 2, 1, tzinfo=UTC))
        )
        assert [r.kind for r in database.review_events(1)][-1] is ReviewEventKind.PARTIAL
    connection = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("DELETE FROM review_events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("UPDATE review_events SET note = ''")
    connection.close()
