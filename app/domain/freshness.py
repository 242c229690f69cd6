"""How fresh each checklist item's check is: when it was checked, and whether it is too old.

Platforms move their menus every few months, so an item checked long ago may send a
clinician to a setting that is no longer there. Items without a check date (allowed in a
user's own checklists) make no claim, so they are never called out of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.checklist import Checklist, ChecklistItem
from app.domain.due import format_day

STALE_AFTER_DAYS = 180
STALE_AFTER = timedelta(days=STALE_AFTER_DAYS)


def is_stale(item: ChecklistItem, today: date) -> bool:
    """True when the item's check is more than 180 days old."""
    return item.checked is not None and today - item.checked > STALE_AFTER


def stale_items(checklist: Checklist, today: date) -> tuple[ChecklistItem, ...]:
    return tuple(item for item in checklist.items if is_stale(item, today))


@dataclass(frozen=True)
class OldestCheck:
    checklist: Checklist
    item: ChecklistItem
    day: date


def oldest_check(checklists: Iterable[Checklist]) -> OldestCheck | None:
    """The item checked longest ago across these checklists (None if none is dated)."""
    oldest: OldestCheck | None = None
    for checklist in checklists:
        for item in checklist.items:
            if item.checked is not None and (oldest is None or item.checked < oldest.day):
                oldest = OldestCheck(checklist, item, item.checked)
    return oldest


def check_line(item: ChecklistItem, today: date) -> str:
    """What the walkthrough says about the item's check, e.g. "Steps checked against
    Instagram Help Centre on 2 December 2026." ("" when the item carries no check)."""
    if item.checked is None:
        return ""
    line = f"Steps checked against {item.checked_against} on {format_day(item.checked)}."
    if is_stale(item, today):
        line += (
            f" Possibly out of date: that check is more than {STALE_AFTER_DAYS} days old. "
            "If a menu differs, search the platform's settings for the setting's name."
        )
    return line


def stale_warning(item: ChecklistItem) -> str:
    """The `checklists validate` warning for an item whose check is too old."""
    assert item.checked is not None
    return (
        f"checked on {item.checked.isoformat()}, more than {STALE_AFTER_DAYS} days ago: "
        "possibly out of date; check it again and update checked"
    )
