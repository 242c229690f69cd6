"""The calendar feed: one all-day event per account on its next re-check date.

A calendar is the reminder that works while the app is closed. Each event repeats at the
persona's interval (RRULE) and keeps the same UID on every export, so importing a newer
export updates the events instead of doubling them. The UID is derived from the account id
and a random id of this installation (kept in the database settings), never from a handle
or a secret.

What goes into the file: the platform, the persona's name, dates and instructions. Handles
stay out unless the user asks for them: a calendar often syncs to a server (a work
account, a shared family calendar), and a personal handle next to the practice's name is
exactly the link the user is keeping apart.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from app.domain.catalog import Catalog
from app.domain.due import DueCause, format_day
from app.services.findability import SourceOverview
from app.services.findability_due import add_calendar_events
from app.services.findability_due import rows as findability_rows
from app.services.reminders import AccountDue, account_dues
from app.store.database import Database
from app.store.private_files import write_private_file

INSTALLATION_SETTING = "calendar.installation-id"
EXPORT_COUNT_SETTING = "calendar.export-count"
CALENDAR_NAME = "Tightrope re-checks"
PRODUCT_ID = "-//Tightrope//Re-check reminders//EN"
ALARM_AFTER_MIDNIGHT = timedelta(hours=9)
"""All-day events alert at 09:00 on the day."""

_UID_NAMESPACE = uuid.UUID("6f1c3c52-8b0e-4d8e-9a53-7a1f0f7c2d11")


class CalendarExportError(Exception):
    """The calendar could not be written; the message says why and what to do."""


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    events: int


def installation_id(db: Database) -> str:
    """A random id for this installation, made on first use and kept in the settings."""
    existing = db.setting(INSTALLATION_SETTING)
    if existing:
        return existing
    created = uuid.uuid4().hex
    db.set_setting(INSTALLATION_SETTING, created)
    return created


def event_uid(installation: str, account_id: int) -> str:
    return f"{uuid.uuid5(_UID_NAMESPACE, f'{installation}/account/{account_id}')}@tightrope"


def _summaries(entries: Sequence[AccountDue], include_handles: bool) -> dict[int, str]:
    """ "Re-check Instagram privacy settings (Personal)", told apart by a number when one
    persona has several accounts on the same platform and handles are left out."""
    base = {
        e.account.id: (
            f"Re-check {e.what} for {e.account.handle} ({e.persona.name})"
            if include_handles and e.account.handle
            else f"Re-check {e.what} ({e.persona.name})"
        )
        for e in entries
    }
    repeats = Counter(base.values())
    seen: Counter[str] = Counter()
    summaries: dict[int, str] = {}
    for entry in sorted(entries, key=lambda e: e.account.id):
        text = base[entry.account.id]
        if repeats[text] > 1:
            seen[text] += 1
            text = f"{text[:-1]}, account {seen[text]})"
        summaries[entry.account.id] = text
    return summaries


def _description(entry: AccountDue) -> str:
    status = entry.status
    paragraphs = [
        f"Time to re-check the {entry.what} of your {entry.persona.name} account.",
    ]
    steps = "Open Tightrope and start the walkthrough for this account"
    if entry.checklist is not None:
        minutes = entry.checklist.total_effort_minutes(entry.persona.kind)
        steps += f"; it takes about {minutes} minutes" if minutes else ""
    paragraphs.append(steps + ".")
    if status.cause is DueCause.CHECKLIST_CHANGED and status.recheck_items:
        count = status.recheck_items
        paragraphs.append(
            f"The checklist changed since your last review: {count} "
            + ("setting needs" if count == 1 else "settings need")
            + " a fresh look."
        )
    if status.put_off_items and status.put_off_until is not None:
        titles = [s.item.title for s in entry.statuses if s.is_put_off and s.item]
        one = status.put_off_items == 1
        paragraphs.append(
            (
                "1 setting you put off comes"
                if one
                else f"{status.put_off_items} settings you put off come"
            )
            + f" back on {format_day(status.put_off_until)}; "
            + ("it is" if one else "they are")
            + " still open"
            + (": " + "; ".join(titles) if titles else "")
            + "."
        )
    if status.last_review is not None:
        paragraphs.append(f"Last reviewed on {format_day(status.last_review)}.")
    else:
        paragraphs.append("Not fully reviewed yet: no walkthrough has settled every setting.")
    paragraphs.append(
        "If you checked the settings another way, choose \u201cReviewed elsewhere\u201d in "
        "Tightrope so the next reminder moves on."
    )
    paragraphs.append(
        f"Tightrope asks for a re-check every {status.interval_days} days. After a review, "
        "export the calendar again and import it: this event moves instead of appearing twice."
    )
    return "\n\n".join(paragraphs)


def build_calendar(
    entries: Sequence[AccountDue],
    installation: str,
    now: datetime,
    *,
    sequence: int = 0,
    include_handles: bool = False,
    findability: Sequence[SourceOverview] = (),
) -> bytes:
    """RFC 5545 text with one event per account that has a next reminder date."""
    from icalendar import Alarm, Calendar, Event  # imported here: 40 ms that start-up need not pay

    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", CALENDAR_NAME)
    cal.add("x-wr-calname", CALENDAR_NAME)
    remindable = [(e, e.status.remind_on) for e in entries if e.status.remind_on is not None]
    summaries = _summaries([e for e, _ in remindable], include_handles)
    for entry, day in remindable:
        event = Event()
        event.add("uid", event_uid(installation, entry.account.id))
        event.add("dtstamp", now)
        event.add("last-modified", now)
        event.add("sequence", sequence)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("rrule", {"freq": "daily", "interval": entry.status.interval_days})
        event.add("summary", summaries[entry.account.id])
        event.add("description", _description(entry))
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        if entry.checklist is not None and entry.checklist.settings_url:
            event.add("url", entry.checklist.settings_url)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summaries[entry.account.id])
        alarm.add("trigger", ALARM_AFTER_MIDNIGHT)
        event.add_component(alarm)
        cal.add_component(event)
    add_calendar_events(cal, findability, installation, now, sequence)
    return bytes(cal.to_ical())


def _export_count(db: Database) -> int:
    text = db.setting(EXPORT_COUNT_SETTING) or "0"
    return int(text) if text.isdigit() else 0


def export_calendar(
    db: Database,
    catalog: Catalog,
    path: Path,
    now: datetime,
    tz: tzinfo,
    *,
    include_handles: bool = False,
) -> CalendarExport:
    """Write the calendar of every account's next re-check to `path`."""
    path = path.expanduser()
    if path.is_dir():
        raise CalendarExportError(
            f"{path} is a folder; give a file name such as {path / 'tightrope.ics'}"
        )
    if not path.parent.is_dir():
        raise CalendarExportError(
            f"the folder {path.parent} does not exist; create it or choose another place"
        )
    entries = [e for e in account_dues(db, catalog, now, tz) if e.status.remind_on is not None]
    sources = findability_rows(db, catalog, now, tz)
    if not entries and not sources:
        raise CalendarExportError(
            "there is no account to remind you about yet; add an account, then export again"
        )
    sequence = _export_count(db) + 1
    data = build_calendar(
        entries,
        installation_id(db),
        now,
        sequence=sequence,
        include_handles=include_handles,
        findability=sources,
    )
    from app.store.user_files import UserFileError, check_output_path

    try:
        check_output_path(path, "the calendar")
    except UserFileError as exc:
        raise CalendarExportError(str(exc)) from exc
    try:
        write_private_file(path, data)
    except OSError as exc:
        raise CalendarExportError(
            f"{path} could not be written ({exc.strerror or exc}); "
            "check that the folder is yours and has free space"
        ) from exc
    db.set_setting(EXPORT_COUNT_SETTING, str(sequence))
    return CalendarExport(path, len(entries) + len(sources))
