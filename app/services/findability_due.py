"""Findability clocks where the other reminders are: `tightrope due`, the calendar feed and
the tray. Titles name the site and the persona only, never a searched-for detail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from app.domain.catalog import Catalog
from app.services.findability import SourceOverview, overview
from app.store.database import Database

_UID_NAMESPACE = uuid.UUID("0b8f1e55-2f4e-4c61-9d0c-4a3f6c1b7e21")


def rows(db: Database, catalog: Catalog, now: datetime, tz: tzinfo) -> list[SourceOverview]:
    """Every source of every live persona that has a clock running."""
    return [r for r in overview(db, catalog, now, tz) if r.next is not None]


def short_title(row: SourceOverview) -> str:
    """ "Spokeo (Personal)": the part of the item title before the colon."""
    return f"{row.item.title.split(':')[0]} ({row.persona.name})"


def findability_json(sources: Sequence[SourceOverview]) -> dict[str, Any]:
    """Fields added to `tightrope due --json` (format 1 unchanged; fields only added)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "findability_due_count": sum(1 for r in sources if r.due),
        "findability": [
            {
                "persona": r.persona.name,
                "persona_id": r.persona.id,
                "source": r.item.id,
                "title": short_title(r),
                "state": r.standing.state.value,
                "due": r.due,
                "cause": r.next.cause.value if r.next else None,
                "reason": r.next.reason if r.next else None,
                "next_due": day(r.next.on if r.next else None),
                "overdue_days": r.overdue_days,
                "tier": r.tier,
                "opt_out_url": r.item.link,
            }
            for r in sources
        ],
    }


def findability_lines(due: Sequence[SourceOverview]) -> list[str]:
    if not due:
        return []
    count = "1 findability source is" if len(due) == 1 else f"{len(due)} findability sources are"
    lines = [f"{count} due:"]
    for row in due:
        lines.append(f"  {short_title(row)}")
        if row.next is not None:
            lines.append(f"    {row.next.reason}")
    lines.append("Record what you find with: tightrope findability record SOURCE STATE")
    return lines


def event_uid(installation: str, row: SourceOverview) -> str:
    key = f"{installation}/findability/{row.persona.id}/{row.item.id}"
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@tightrope"


def add_calendar_events(
    cal: Any, sources: Sequence[SourceOverview], installation: str, now: datetime, sequence: int
) -> int:
    """One all-day event per source on its next date (today if already due)."""
    from icalendar import Alarm, Event

    added = 0
    for row in sources:
        clock = row.next
        if clock is None:
            continue
        day = max(clock.on, row.today)
        summary = f"Findability: {short_title(row)}"
        event = Event()
        event.add("uid", event_uid(installation, row))
        event.add("dtstamp", now)
        event.add("last-modified", now)
        event.add("sequence", sequence)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary)
        event.add(
            "description",
            f"{clock.reason}\n\nOpen Tightrope > Findability to see the steps and record "
            "what you find. Export the calendar again afterwards: this event moves.",
        )
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        if row.item.link:
            event.add("url", row.item.link)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(hours=9))
        event.add_component(alarm)
        cal.add_component(event)
        added += 1
    return added


ANNOUNCED_SETTING = "findability.announced"
"""The occasions of a source being due that a notification already told the user about."""


def take_unannounced(db: Database, due: Sequence[SourceOverview]) -> list[SourceOverview]:
    """Of the sources due now, those no notification has told about yet; they count as told
    from now on. Occasions no longer due are forgotten, so a source that comes due again
    is announced again."""
    import json

    try:
        told = set(json.loads(db.setting(ANNOUNCED_SETTING) or "[]"))
    except ValueError:
        told = set()
    keys = {
        f"{r.persona.id}/{r.item.id}/{r.next.cause.value}/{r.next.on}": r
        for r in due
        if r.next is not None
    }
    fresh = [row for key, row in keys.items() if key not in told]
    if set(keys) != told:
        db.set_setting(ANNOUNCED_SETTING, json.dumps(sorted(keys)))
    return fresh
