"""The opt-out log: every state change and clock, with a frozen clock."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.checklist import PersonaKind
from app.domain.findability import FindabilityCause, LifeEvent, SourceState
from app.services import findability as service
from app.store import findability_log
from app.store.database import Database
from tests.findability_helpers import findability_catalog

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def catalog(tmp_path: Path):
    return findability_catalog(tmp_path / "shipped")


def rows_by_id(db: Database, catalog, now: datetime) -> dict[str, service.SourceOverview]:
    persona = db.persona_named("Personal")
    return {r.item.id: r for r in service.persona_overview(db, catalog, persona, now, UTC)}


def step(db: Database, catalog, item: str, state: SourceState, at: datetime, **kw):
    persona = db.persona_named("Personal")
    return service.record_step(db, catalog, persona, item, state, at, UTC, **kw)


@pytest.fixture
def personal(db: Database):
    return db.add_persona("Personal", PersonaKind.PERSONAL)


def test_a_source_starts_not_checked_with_no_clock(db: Database, catalog, personal) -> None:
    rows = rows_by_id(db, catalog, T0)
    assert set(rows) == {"us-parent", "us-sister-a", "us-sister-b", "us-ccpa", "us-phone-only"}
    assert all(r.standing.state is SourceState.NOT_CHECKED and not r.clocks for r in rows.values())
    assert [r.item.id for r in service.persona_overview(db, catalog, personal, T0, UTC)][:2] == [
        "us-parent",
        "us-phone-only",
    ], "tier 1 first"


def test_not_listed_comes_due_after_the_recheck_interval(db: Database, catalog, personal) -> None:
    step(db, catalog, "us-sister-b", SourceState.NOT_LISTED, T0)
    row = rows_by_id(db, catalog, T0)["us-sister-b"]
    assert row.standing.state is SourceState.NOT_LISTED
    assert row.next is not None and row.next.cause is FindabilityCause.RECHECK
    assert row.next.on == date(2027, 3, 1) and not row.due
    assert rows_by_id(db, catalog, T0 + timedelta(days=90))["us-sister-b"].due


def test_found_is_due_at_once_then_request_starts_the_clocks(
    db: Database, catalog, personal
) -> None:
    step(db, catalog, "us-parent", SourceState.FOUND, T0, note="listing with old address")
    found = rows_by_id(db, catalog, T0)["us-parent"]
    assert found.due and found.next is not None and found.next.cause is FindabilityCause.FOUND

    step(db, catalog, "us-parent", SourceState.REQUESTED, T0 + timedelta(hours=1))
    row = rows_by_id(db, catalog, T0 + timedelta(hours=1))["us-parent"]
    causes = {c.cause: c.on for c in row.clocks}
    assert causes == {
        FindabilityCause.VERIFY_EMAIL: date(2026, 12, 3),
        FindabilityCause.PROCESSING: date(2026, 12, 11),
    }
    assert not row.due
    later = rows_by_id(db, catalog, T0 + timedelta(days=2))["us-parent"]
    assert later.due and later.next is not None
    assert later.next.cause is FindabilityCause.VERIFY_EMAIL


def test_a_legal_deadline_runs_from_the_request(db: Database, catalog, personal) -> None:
    step(db, catalog, "us-ccpa", SourceState.REQUESTED, T0)
    row = rows_by_id(db, catalog, T0)["us-ccpa"]
    assert [(c.cause, c.on) for c in row.clocks] == [
        (FindabilityCause.LEGAL_RESPONSE, date(2027, 1, 15))
    ], "postal mail: no e-mail to confirm; 45 days"
    assert "45 days" in row.clocks[0].reason


def test_removed_then_relisted_then_removed_again(db: Database, catalog, personal) -> None:
    step(db, catalog, "us-sister-a", SourceState.FOUND, T0)
    step(db, catalog, "us-sister-a", SourceState.REQUESTED, T0 + timedelta(days=1))
    step(db, catalog, "us-sister-a", SourceState.REMOVED, T0 + timedelta(days=5))
    removed = rows_by_id(db, catalog, T0 + timedelta(days=5))["us-sister-a"]
    assert removed.standing.removed_on == date(2026, 12, 6)
    assert removed.next is not None and removed.next.cause is FindabilityCause.RECHECK
    assert removed.next.on == date(2027, 3, 6)

    back = T0 + timedelta(days=100)
    step(db, catalog, "us-sister-a", SourceState.RELISTED, back, note="new listing")
    relisted = rows_by_id(db, catalog, back)["us-sister-a"]
    assert relisted.standing.state is SourceState.RELISTED
    assert relisted.standing.relisted_count == 1
    assert relisted.due and relisted.next is not None
    assert relisted.next.cause is FindabilityCause.RELISTED

    step(db, catalog, "us-sister-a", SourceState.REQUESTED, back + timedelta(hours=1))
    step(db, catalog, "us-sister-a", SourceState.REMOVED, back + timedelta(days=3))
    final = rows_by_id(db, catalog, back + timedelta(days=3))["us-sister-a"]
    assert final.standing.relisted_count == 1 and final.standing.first_found == date(2026, 12, 1)
    assert [e.state for e in final.standing.history] == [
        SourceState.FOUND,
        SourceState.REQUESTED,
        SourceState.REMOVED,
        SourceState.RELISTED,
        SourceState.REQUESTED,
        SourceState.REMOVED,
    ]


def test_cannot_remove_is_rechecked_later(db: Database, catalog, personal) -> None:
    step(db, catalog, "us-phone-only", SourceState.FOUND, T0)
    step(db, catalog, "us-phone-only", SourceState.CANNOT_REMOVE, T0, note="asks for ID")
    row = rows_by_id(db, catalog, T0)["us-phone-only"]
    assert row.standing.state is SourceState.CANNOT_REMOVE
    assert row.next is not None and row.next.cause is FindabilityCause.RECHECK


@pytest.mark.parametrize(
    ("before", "refused"),
    [
        ([], SourceState.REMOVED),
        ([], SourceState.RELISTED),
        ([SourceState.NOT_LISTED], SourceState.REMOVED),
        ([SourceState.FOUND, SourceState.REQUESTED, SourceState.REMOVED], SourceState.FOUND),
    ],
)
def test_moves_that_make_no_sense_are_refused_and_nothing_is_written(
    db: Database, catalog, personal, before, refused
) -> None:
    for state in before:
        step(db, catalog, "us-parent", state, T0)
    count = len(findability_log.events(db))
    with pytest.raises(service.FindabilityError, match="cannot become"):
        step(db, catalog, "us-parent", refused, T0)
    assert len(findability_log.events(db)) == count


def test_a_parent_removal_prompts_its_sister_sites(db: Database, catalog, personal) -> None:
    step(db, catalog, "us-sister-b", SourceState.NOT_LISTED, T0)
    step(db, catalog, "us-parent", SourceState.FOUND, T0)
    step(db, catalog, "us-parent", SourceState.REQUESTED, T0)
    done = step(db, catalog, "us-parent", SourceState.REMOVED, T0 + timedelta(days=3))
    assert [s.id for s in done.sisters] == ["us-sister-a", "us-sister-b"]
    rows = rows_by_id(db, catalog, T0 + timedelta(days=3))
    for sister in ("us-sister-a", "us-sister-b"):
        assert rows[sister].due and rows[sister].next is not None
        assert rows[sister].next.cause is FindabilityCause.SISTER_SITE
        assert "Parent Search" in rows[sister].next.reason
    assert not rows["us-ccpa"].clocks, "not a sister"
    step(db, catalog, "us-sister-a", SourceState.NOT_LISTED, T0 + timedelta(days=4))
    assert not rows_by_id(db, catalog, T0 + timedelta(days=4))["us-sister-a"].due


def test_i_moved_house_makes_every_address_source_due_today_by_priority(
    db: Database, catalog, personal
) -> None:
    professional = db.add_persona("Practice", PersonaKind.PROFESSIONAL)
    step(db, catalog, "us-sister-b", SourceState.NOT_LISTED, T0)
    moved_at = T0 + timedelta(days=10)
    service.record_life_event(db, [personal, professional], LifeEvent.MOVED, moved_at)
    due = service.due_now(service.overview(db, catalog, moved_at, UTC))
    assert [(r.persona.name, r.item.id) for r in due] == [
        ("Personal", "us-parent"),
        ("Practice", "us-register"),
        ("Personal", "us-sister-a"),
        ("Personal", "us-ccpa"),
        ("Personal", "us-sister-b"),
    ], "address sources only (not the phone-only site), tier 1 first"
    assert all(r.next is not None and r.next.cause is FindabilityCause.MOVED for r in due)
    assert all(r.next is not None and r.next.on == moved_at.date() for r in due)
    step(db, catalog, "us-parent", SourceState.NOT_LISTED, moved_at + timedelta(hours=1))
    rows = rows_by_id(db, catalog, moved_at + timedelta(hours=1))
    assert not rows["us-parent"].due, "checked after the move"


def test_being_harassed_has_its_own_cause(db: Database, catalog, personal) -> None:
    service.record_life_event(db, [personal], LifeEvent.HARASSED, T0)
    row = rows_by_id(db, catalog, T0)["us-parent"]
    assert row.due and row.next is not None and row.next.cause is FindabilityCause.HARASSED


def test_the_log_is_append_only(db: Database, catalog, personal) -> None:
    step(db, catalog, "us-parent", SourceState.FOUND, T0)
    raw = sqlite3.connect(db.path)
    try:
        for sql in ("UPDATE findability_events SET note = 'x'", "DELETE FROM findability_events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(sql)
    finally:
        raw.close()


def test_evidence_is_copied_private_hashed_and_checked(
    db: Database, catalog, personal, tmp_path: Path
) -> None:
    shot = tmp_path / "spokeo-12-elm-street.png"
    shot.write_bytes(b"\x89PNG fake screenshot")
    done = step(db, catalog, "us-parent", SourceState.FOUND, T0, evidence=[shot])
    [evidence] = done.event.evidence
    assert "elm" not in evidence.name and evidence.name.endswith(".png")
    copy = db.path.parent / "evidence" / evidence.name
    assert copy.read_bytes() == shot.read_bytes()
    if os.name == "posix":
        assert copy.stat().st_mode & 0o777 == 0o600
    assert evidence.sha256 == findability_log.sha256_of(shot)
    assert service.evidence_problems(db) == []

    copy.write_bytes(b"edited later")
    assert service.evidence_problems(db) == [
        f"evidence file {evidence.name} has changed since it was recorded"
    ]
    copy.unlink()
    assert service.evidence_problems(db) == [f"evidence file {evidence.name} is missing"]


def test_a_missing_evidence_file_refuses_the_step(
    db: Database, catalog, personal, tmp_path: Path
) -> None:
    from app.store.user_files import UserFileError

    with pytest.raises(UserFileError, match="does not exist"):
        step(db, catalog, "us-parent", SourceState.FOUND, T0, evidence=[tmp_path / "gone.png"])
    with pytest.raises(UserFileError, match="is a folder"):
        step(db, catalog, "us-parent", SourceState.FOUND, T0, evidence=[tmp_path])
    assert findability_log.events(db) == []


def test_unknown_source_suggests_the_closest(db: Database, catalog, personal) -> None:
    with pytest.raises(findability_log.NotFoundError, match="did you mean 'us-parent'"):
        step(db, catalog, "us-parnet", SourceState.FOUND, T0)


def test_a_register_is_not_followed_by_a_personal_persona(db: Database, catalog, personal) -> None:
    with pytest.raises(service.FindabilityError, match="not followed"):
        step(db, catalog, "us-register", SourceState.FOUND, T0)


def test_the_log_travels_in_an_export_and_is_validated_on_import(
    db: Database, catalog, personal, tmp_path: Path
) -> None:
    import json

    from app.services.data_transfer import TransferError, export_to, import_from

    step(db, catalog, "us-parent", SourceState.FOUND, T0, note="seen")
    export_to(tmp_path / "e.json", db)
    target = tmp_path / "other" / "tightrope.sqlite3"
    import_from(tmp_path / "e.json", database_path=target)
    with Database.open(target) as copy:
        [event] = findability_log.events(copy)
    assert (event.item_id, event.state, event.note, event.at) == (
        "us-parent",
        SourceState.FOUND,
        "seen",
        T0,
    )
    document = json.loads((tmp_path / "e.json").read_text())
    document["findability_events"][0]["state"] = "vanished"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(TransferError) as caught:
        import_from(tmp_path / "bad.json", database_path=tmp_path / "third" / "t.sqlite3")
    assert any("findability_events[0].state" in p for p in caught.value.problems)


@pytest.mark.parametrize(
    "note",
    ["seen at 417 quillback lane", "number 503.555.0187 listed", "Jordan Q. Fixturename"],
)
def test_a_note_with_a_search_detail_is_refused(db: Database, catalog, personal, note) -> None:
    details = ["417 Quillback Lane, Marsh Hollow", "+1 503-555-0187", "Jordan Q. Fixturename"]
    with pytest.raises(service.FindabilityError, match="note holds one of your search details"):
        step(db, catalog, "us-parent", SourceState.FOUND, T0, note=note, keep_out=details)
    assert findability_log.events(db) == []
    step(db, catalog, "us-parent", SourceState.FOUND, T0, note="old listing", keep_out=details)


def test_search_details_travel_only_in_an_export_with_secrets(
    db: Database, personal, tmp_path: Path
) -> None:
    import json

    from app.services.data_transfer import TransferError, export_to, import_from
    from app.services.findability_secrets import SearchDetails, load_details, save_details
    from app.store.vault import Vault
    from tests.memory_keyring import MemoryKeyring

    here = MemoryKeyring()
    vault = Vault.for_database(db, backend=here)
    details = SearchDetails(("A. Person",), ("1 Test Row",), ("555-0199",))
    save_details(vault, personal.id, details)
    export_to(tmp_path / "plain.json", db)
    assert "1 Test Row" not in (tmp_path / "plain.json").read_text()
    export_to(tmp_path / "secret.json", db, vault)
    assert json.loads((tmp_path / "secret.json").read_text())["findability_secrets"][0][
        "addresses"
    ] == ["1 Test Row"]
    there = MemoryKeyring()
    target = tmp_path / "other" / "tightrope.sqlite3"
    result = import_from(tmp_path / "secret.json", database_path=target, keyring_backend=there)
    assert result is not None and result.secrets_not_saved == []
    with Database.open(target) as copy:
        assert load_details(Vault.for_database(copy, backend=there), personal.id) == details
    assert b"1 Test Row" not in target.read_bytes()
    document = json.loads((tmp_path / "secret.json").read_text())
    document["findability_secrets"][0]["persona_id"] = 99
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(TransferError) as caught:
        import_from(tmp_path / "bad.json", database_path=tmp_path / "t3" / "t.sqlite3")
    assert any("findability_secrets[0].persona_id" in p for p in caught.value.problems)


def test_the_countries_followed_default_to_the_practice_country(db: Database) -> None:
    assert service.countries(db) == ("US",)
    db.set_setting("practice.country", "GB")
    assert service.countries(db) == ("GB",)
    service.set_countries(db, ["gb", "us"])
    assert service.countries(db) == ("GB", "US")
