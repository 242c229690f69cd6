from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.due import DueCause
from app.domain.personas import PersonaStatus
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.reminders import (
    TIMEZONE_SETTING,
    Reminders,
    linked_zone_key,
    local_zone,
    system_zone,
    zone_name,
)
from app.store.checklist_files import Catalog
from app.store.database import Database
from tests.checklist_factory import raw_checklist, raw_item

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def make_checklist(checklist_id: str, platform: str, revision: int = 1) -> Checklist:
    data = raw_checklist(
        checklist_id,
        items=[raw_item(f"{checklist_id}-a", revision=revision), raw_item(f"{checklist_id}-b")],
        platform=platform,
    )
    return parse_checklist(data, f"{checklist_id}.toml")


def catalog(*checklists: Checklist) -> Catalog:
    return Catalog(checklists={c.id: c for c in checklists})


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def answer_all(db: Database, account_id: int, checklist: Checklist, at: datetime) -> None:
    for item in checklist.items:
        db.record_answer(
            account_id,
            checklist.id,
            str(checklist.version),
            item.id,
            item.revision,
            AnswerState.DONE,
            at=at,
        )
    db.record_review_event(ReviewEvent(account_id, ReviewEventKind.COMPLETED, at))


def test_due_across_accounts_most_pressing_first(db: Database) -> None:
    insta = make_checklist("instagram", "Instagram")
    page = make_checklist("facebook-page", "Facebook Page")
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Professional", PersonaKind.PROFESSIONAL, recheck_days=30)
    fresh = db.add_account(personal.id, "instagram", "@jane.doe")
    overdue = db.add_account(work.id, "facebook-page", "Practice")
    fine = db.add_account(personal.id, "facebook-page", "jane")
    answer_all(db, overdue.id, page, NOW - timedelta(days=40))
    answer_all(db, fine.id, page, NOW - timedelta(days=10))

    reminders = Reminders(db, catalog(insta, page), clock=Clock(NOW), tz=LONDON)
    entries = reminders.entries()
    assert [e.account.id for e in entries] == [overdue.id, fresh.id, fine.id]
    assert [e.status.cause for e in entries] == [
        DueCause.INTERVAL,
        DueCause.NEVER_REVIEWED,
        DueCause.UP_TO_DATE,
    ]
    assert entries[0].status.overdue_days == 10
    assert entries[0].title == "Facebook Page Practice (Professional)"
    assert entries[1].what == "Instagram privacy settings"
    assert entries[2].status.next_due == date(2026, 8, 29)
    assert [e.account.id for e in reminders.due()] == [overdue.id, fresh.id]


def test_a_new_checklist_revision_makes_an_account_due(db: Database) -> None:
    before = make_checklist("instagram", "Instagram", revision=1)
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "instagram", "@jane.doe")
    answer_all(db, account.id, before, NOW - timedelta(days=5))
    reminders = Reminders(db, catalog(before), clock=Clock(NOW), tz=LONDON)
    assert reminders.due() == []

    reminders.catalog = catalog(make_checklist("instagram", "Instagram", revision=2))
    [entry] = reminders.due()
    assert entry.status.cause is DueCause.CHECKLIST_CHANGED
    assert entry.status.recheck_items == 1


def test_snooze_all_appends_events_and_the_reminder_returns(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    a = db.add_account(persona.id, "instagram", "@a")
    b = db.add_account(persona.id, "instagram", "@b")
    clock = Clock(NOW)
    reminders = Reminders(
        db, catalog(make_checklist("instagram", "Instagram")), clock=clock, tz=LONDON
    )

    snoozed = reminders.snooze_all_due(7)
    assert {e.account.id for e in snoozed} == {a.id, b.id}
    assert reminders.due() == []
    kinds = [(e.account_id, e.kind) for e in db.review_events()]
    assert kinds == [(a.id, ReviewEventKind.SNOOZED), (b.id, ReviewEventKind.SNOOZED)]
    assert {e.status.snoozed_until for e in reminders.entries()} == {date(2026, 6, 17)}

    clock.now = datetime(2026, 6, 16, 22, 59, tzinfo=UTC)  # 23:59 in London
    assert reminders.due() == []
    clock.now = datetime(2026, 6, 16, 23, 0, tzinfo=UTC)  # midnight in London
    assert len(reminders.due()) == 2


def test_snooze_refuses_lengths_not_offered(db: Database) -> None:
    reminders = Reminders(db, Catalog(), clock=Clock(NOW), tz=LONDON)
    with pytest.raises(ValueError, match="1 or 7 days"):
        reminders.snooze([1], 3)
    assert db.review_events() == []


def test_reviewed_elsewhere_restarts_the_interval(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL, recheck_days=60)
    account = db.add_account(persona.id, "instagram", "@a")
    clock = Clock(NOW)
    reminders = Reminders(
        db, catalog(make_checklist("instagram", "Instagram")), clock=clock, tz=LONDON
    )
    reminders.reviewed_elsewhere(account.id, "checked on my phone")
    [entry] = reminders.entries()
    assert not entry.status.due
    assert entry.status.next_due == date(2026, 8, 9)
    [event] = db.review_events(account.id)
    assert event.kind is ReviewEventKind.REVIEWED_ELSEWHERE
    assert event.note == "checked on my phone"


def test_archived_accounts_and_retired_personas_are_not_due(db: Database) -> None:
    retired = db.add_persona("Old practice", PersonaKind.PROFESSIONAL, status=PersonaStatus.RETIRED)
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(retired.id, "instagram", "@old")
    gone = db.add_account(personal.id, "instagram", "@gone")
    db.archive_account(gone.id)
    reminders = Reminders(db, Catalog(), clock=Clock(NOW), tz=LONDON)
    [entry] = reminders.entries()
    assert entry.status.cause is DueCause.RETIRED
    assert entry.platform == "instagram"
    assert reminders.due() == []


def test_time_zone_setting_overrides_the_system_zone(db: Database) -> None:
    db.set_setting(TIMEZONE_SETTING, "America/New_York")
    assert local_zone(db) == ZoneInfo("America/New_York")
    db.set_setting(TIMEZONE_SETTING, "Not/AZone")
    assert local_zone(db) is not None


def test_each_occasion_is_announced_once_even_across_restarts(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "instagram", "@a")
    clock = Clock(NOW)
    cat = catalog(make_checklist("instagram", "Instagram"))
    reminders = Reminders(db, cat, clock=clock, tz=LONDON)
    assert [e.account.id for e in reminders.take_unannounced(reminders.due())] == [account.id]
    assert reminders.take_unannounced(reminders.due()) == []

    restarted = Reminders(db, cat, clock=clock, tz=LONDON)
    assert restarted.take_unannounced(restarted.due()) == []

    restarted.snooze([account.id], 1)
    assert restarted.take_unannounced(restarted.due()) == []
    clock.now = NOW + timedelta(days=1)
    assert [e.account.id for e in restarted.take_unannounced(restarted.due())] == [account.id]


def test_a_damaged_announcement_record_means_announcing_again(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(persona.id, "instagram", "@a")
    with db.exclusive_connection() as connection:
        connection.execute("INSERT INTO settings VALUES ('reminders.announced', '{not json')")
    reminders = Reminders(db, Catalog(), clock=Clock(NOW), tz=LONDON)
    assert len(reminders.take_unannounced(reminders.due())) == 1


def test_the_system_zone_is_read_from_the_localtime_link(tmp_path: Path) -> None:
    zoneinfo = tmp_path / "usr" / "share" / "zoneinfo" / "Europe"
    zoneinfo.mkdir(parents=True)
    (zoneinfo / "London").write_bytes(b"")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo / "London")
    assert linked_zone_key(link, {}) == "Europe/London"
    relative = tmp_path / "relative"
    relative.symlink_to(Path("usr/share/zoneinfo/America/New_York"))
    assert linked_zone_key(relative, {}) == "America/New_York"


def test_tz_or_a_plain_localtime_file_is_left_to_tzlocal(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to(tmp_path / "zoneinfo" / "Europe" / "Paris")
    assert linked_zone_key(link, {"TZ": "Asia/Tokyo"}) is None
    copied = tmp_path / "copied"
    copied.write_bytes(b"TZif")
    assert linked_zone_key(copied, {}) is None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.symlink_to(tmp_path / "somewhere" / "Paris")
    assert linked_zone_key(elsewhere, {}) is None
    assert linked_zone_key(tmp_path / "missing", {}) is None


def test_the_zone_from_the_link_is_the_one_tzlocal_finds() -> None:
    import tzlocal

    assert zone_name(system_zone()) == zone_name(tzlocal.get_localzone())
