"""The calendar export, read back by a small RFC 5545 reader written here (not icalendar,
which wrote it), so a mistake in how the file is written cannot hide in how it is read."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.personas import PersonaStatus
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services import calendar_feed
from app.services.calendar_feed import CalendarExportError, export_calendar
from app.services.reminders import TIMEZONE_SETTING
from app.store.checklist_files import Catalog
from app.store.database import Database
from tests.checklist_factory import raw_checklist, raw_item

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)

Component = dict[str, object]


def unfold(data: bytes) -> list[str]:
    """Content lines: CRLF-separated, a line starting with a space or tab continues the
    previous one (RFC 5545 section 3.1)."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "every line must end with CRLF"
    lines: list[str] = []
    for raw in text.split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75, f"line longer than 75 octets: {raw!r}"
        if raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def parse(data: bytes) -> Component:
    """Nested components as dicts: property name -> (parameters, value); sub-components
    under "components" as (name, dict) pairs."""
    stack: list[tuple[str, Component]] = [("ROOT", {"components": []})]
    for line in unfold(data):
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            stack.append((value, {"components": []}))
        elif name == "END":
            ended, component = stack.pop()
            assert ended == value, f"END:{value} closes BEGIN:{ended}"
            parent = stack[-1][1]["components"]
            assert isinstance(parent, list)
            parent.append((value, component))
        else:
            stack[-1][1][name] = (dict(p.split("=", 1) for p in params), value)
    assert len(stack) == 1, "a component was not closed"
    [(name, calendar)] = stack[0][1]["components"]  # type: ignore[misc]
    assert name == "VCALENDAR"
    return calendar  # type: ignore[no-any-return]


def events(calendar: Component) -> list[Component]:
    return [c for n, c in calendar["components"] if n == "VEVENT"]  # type: ignore[attr-defined]


def value(component: Component, name: str) -> str:
    entry = component[name]
    assert isinstance(entry, tuple)
    return unescape(entry[1])


def make_checklist() -> Checklist:
    data = raw_checklist(
        "instagram",
        items=[raw_item("ig-a", effort=5), raw_item("ig-b", effort=10)],
        platform="Instagram",
        settings_url="https://www.instagram.com/accounts/privacy_and_security/",
    )
    return parse_checklist(data, "instagram.toml")


@pytest.fixture
def filled(db: Database) -> Database:
    """Personal: two Instagram accounts (one reviewed 100 days ago); Work (30 days): one;
    a retired persona with one account."""
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL, recheck_days=30)
    retired = db.add_persona("Old", PersonaKind.PERSONAL, status=PersonaStatus.RETIRED)
    a = db.add_account(personal.id, "instagram", "@jane.doe", notes="my private note")
    db.add_account(personal.id, "instagram", "@jane.cooks")
    db.add_account(work.id, "instagram", "janedoe.counselling")
    db.add_account(retired.id, "instagram", "@old.jane")
    db.record_review_event(ReviewEvent(a.id, ReviewEventKind.COMPLETED, NOW - timedelta(days=100)))
    return db


def export(db: Database, path: Path, now: datetime = NOW, **options: bool) -> Component:
    catalog = Catalog(checklists={"instagram": make_checklist()})
    export_calendar(db, catalog, path, now, LONDON, **options)
    return parse(path.read_bytes())


def test_one_all_day_repeating_event_per_account(filled: Database, tmp_path: Path) -> None:
    calendar = export(filled, tmp_path / "tightrope.ics")
    assert value(calendar, "VERSION") == "2.0"
    assert value(calendar, "PRODID").startswith("-//Tightrope//")
    found = sorted(events(calendar), key=lambda e: value(e, "SUMMARY"))
    assert [value(e, "SUMMARY") for e in found] == [
        "Re-check Instagram privacy settings (Personal, account 1)",
        "Re-check Instagram privacy settings (Personal, account 2)",
        "Re-check Instagram privacy settings (Work)",
    ]
    for event in found:
        start = event["DTSTART"]
        end = event["DTEND"]
        assert isinstance(start, tuple) and isinstance(end, tuple)
        assert start[0] == {"VALUE": "DATE"} and end[0] == {"VALUE": "DATE"}
        first = datetime.strptime(start[1], "%Y%m%d").date()
        assert datetime.strptime(end[1], "%Y%m%d").date() == first + timedelta(days=1)
        assert first == date(2026, 6, 10), "overdue and never-reviewed accounts: today"
        assert value(event, "DTSTAMP") == "20260610T090000Z"
        assert value(event, "TRANSP") == "TRANSPARENT"
        assert value(event, "URL").startswith("https://www.instagram.com/")
        [(alarm_name, alarm)] = event["components"]  # type: ignore[misc]
        assert alarm_name == "VALARM"
        assert value(alarm, "TRIGGER") == "PT9H"
    assert [value(e, "RRULE") for e in found] == [
        "FREQ=DAILY;INTERVAL=90",
        "FREQ=DAILY;INTERVAL=90",
        "FREQ=DAILY;INTERVAL=30",
    ]
    description = value(found[2], "DESCRIPTION")
    assert "Open Tightrope and start the walkthrough" in description
    assert "about 15 minutes" in description
    assert "\n\n" in description


def test_no_handles_notes_or_retired_accounts_unless_asked(
    filled: Database, tmp_path: Path
) -> None:
    path = tmp_path / "tightrope.ics"
    export(filled, path)
    text = path.read_bytes().decode()
    unfolded = "\n".join(unfold(path.read_bytes()))
    for private in ("jane.doe", "jane.cooks", "counselling", "old.jane", "private note"):
        assert private not in unfolded.lower()
    assert "Old" not in text

    with_handles = export(filled, path, include_handles=True)
    summaries = {value(e, "SUMMARY") for e in events(with_handles)}
    assert "Re-check Instagram privacy settings for @jane.doe (Personal)" in summaries


def test_reexport_keeps_uids_and_moves_the_event(filled: Database, tmp_path: Path) -> None:
    path = tmp_path / "tightrope.ics"
    before = {value(e, "UID"): e for e in events(export(filled, path))}
    [reviewed] = [a for a in filled.accounts() if a.handle == "@jane.cooks"]
    filled.record_review_event(ReviewEvent(reviewed.id, ReviewEventKind.COMPLETED, NOW))
    after = {value(e, "UID"): e for e in events(export(filled, path, NOW + timedelta(hours=1)))}
    assert set(after) == set(before)
    assert len(set(after)) == 3
    moved = [uid for uid in after if value(after[uid], "DTSTART") != value(before[uid], "DTSTART")]
    assert len(moved) == 1
    assert value(after[moved[0]], "DTSTART") == "20260908"
    for uid in after:
        assert int(value(after[uid], "SEQUENCE")) > int(value(before[uid], "SEQUENCE"))
        assert value(after[uid], "DTSTAMP") == "20260610T100000Z"


def test_uids_differ_between_installations(filled: Database, tmp_path: Path) -> None:
    first = {value(e, "UID") for e in events(export(filled, tmp_path / "a.ics"))}
    filled.set_setting(calendar_feed.INSTALLATION_SETTING, "0123456789abcdef")
    second = {value(e, "UID") for e in events(export(filled, tmp_path / "b.ics"))}
    assert not first & second


def test_file_is_private_and_written_whole(filled: Database, tmp_path: Path) -> None:
    path = tmp_path / "tightrope.ics"
    path.write_text("old calendar")
    path.chmod(0o644)
    export(filled, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "tightrope.ics"]


def test_a_failed_write_keeps_the_old_file(
    filled: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tightrope.ics"
    path.write_text("old calendar")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(CalendarExportError, match="could not be written"):
        export(filled, path)
    assert path.read_text() == "old calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "tightrope.ics"]


def test_nothing_to_remind_about_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(CalendarExportError, match="add an account"):
        export(db, tmp_path / "tightrope.ics")
    assert not (tmp_path / "tightrope.ics").exists()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ics_command(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(cli_env / "tightrope.sqlite3") as db:
        db.set_setting(TIMEZONE_SETTING, "Europe/London")
        persona = db.add_persona("Personal", PersonaKind.PERSONAL)
        db.add_account(persona.id, "example", "@jane")
    target = tmp_path / "out" / "tightrope.ics"
    code, _, err = run(capsys, "ics", str(target))
    assert code == 1
    assert "does not exist" in err and str(target.parent) in err
    target.parent.mkdir()
    code, out, _ = run(capsys, "ics", str(target))
    assert code == 0
    assert out.startswith(f"Wrote 1 re-check to {target}.")
    [event] = events(parse(target.read_bytes()))
    assert value(event, "SUMMARY") == "Re-check Example privacy settings (Personal)"
    code, _, err = run(capsys, "ics", str(target.parent))
    assert code == 1
    assert "is a folder" in err
