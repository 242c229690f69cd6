"""Reminders: what is due across all accounts, and the user's answers to a reminder.

Snoozing and "I've reviewed it elsewhere" are appended as review events; no date is ever
edited. The clock and the time zone are injectable so tests never wait for a day to pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from app.domain.catalog import Catalog
from app.domain.checklist import Checklist, ChecklistKind
from app.domain.due import SNOOZE_CHOICES_DAYS, DueCause, DueStatus, snooze_until
from app.domain.personas import Account, Persona
from app.domain.progress import ItemStatus, ProgressSummary, summarize
from app.domain.reply_records import ReplyRecord
from app.domain.review import ElsewhereHow, ReviewEvent, ReviewEventKind
from app.services.status import account_overviews
from app.services.time_zone import TIMEZONE_SETTING as TIMEZONE_SETTING
from app.services.time_zone import linked_zone_key as linked_zone_key
from app.services.time_zone import local_zone as local_zone
from app.services.time_zone import system_zone as system_zone
from app.services.time_zone import zone_name as zone_name
from app.store.database import Database

if TYPE_CHECKING:
    from app.services.walkthrough import WalkthroughMode

ANNOUNCED_SETTING = "reminders.announced"
"""The occasions of being due that a notification has already told the user about."""

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AccountDue:
    """One account with its persona, its checklist (None when not loaded) and its status."""

    account: Account
    persona: Persona
    checklist: Checklist | None
    status: DueStatus
    statuses: tuple[ItemStatus, ...] = ()
    """The checklist items' standing (empty when the checklist is not loaded)."""

    @property
    def summary(self) -> ProgressSummary:
        return summarize(self.statuses)

    hold: ReplyRecord | None = None
    """Set for a "sleep on it" reminder (cause SLEEP_ON_IT): the record it is about."""

    @property
    def platform(self) -> str:
        return self.checklist.platform if self.checklist else self.account.checklist_id

    @property
    def title(self) -> str:
        """ "Instagram @jane.doe (Personal)": for the user's own screen and terminal."""
        handle = f" {self.account.handle}" if self.account.handle else ""
        return f"{self.platform}{handle} ({self.persona.name})"

    @property
    def what(self) -> str:
        """ "Instagram privacy settings": what a re-check looks at."""
        if self.checklist is not None and self.checklist.kind is ChecklistKind.PRIVACY:
            return f"{self.platform} privacy settings"
        return self.platform


def walkthrough_mode(entry: AccountDue) -> WalkthroughMode:
    """Only the changed settings when that is all that is due, else the whole checklist."""
    from app.services.walkthrough import WalkthroughMode

    status = entry.status
    if status.cause is DueCause.PUT_OFF:
        return WalkthroughMode.PUT_OFF
    if status.cause is DueCause.CHECKLIST_CHANGED and status.last_review is not None:
        interval_due = status.last_review + timedelta(days=status.interval_days)
        if interval_due > status.today:
            return WalkthroughMode.RECHECK
    return WalkthroughMode.FULL


def _sort_key(entry: AccountDue) -> tuple[int, int, str, int]:
    status = entry.status
    if status.due:
        urgency = -status.overdue_days
    else:
        urgency = status.remind_on.toordinal() if status.remind_on else 10**9
    return (0 if status.due else 1, urgency, entry.title.casefold(), entry.account.id)


def account_dues(db: Database, catalog: Catalog, now: datetime, tz: tzinfo) -> list[AccountDue]:
    """Every account that is not archived with its due status at `now`, most pressing
    first: due accounts by how overdue they are, then the others by the date they come due.
    """
    from app.services.replies import sleep_on_it_dues

    overviews = account_overviews(db, catalog, now, tz)
    entries = [AccountDue(o.account, o.persona, o.checklist, o.due, o.statuses) for o in overviews]
    return most_pressing_first([*entries, *sleep_on_it_dues(db, entries, now, tz)])


def most_pressing_first(entries: Iterable[AccountDue]) -> list[AccountDue]:
    """Due accounts by how overdue they are, then the others by the date they come due."""
    return sorted(entries, key=_sort_key)


def snooze(
    db: Database, account_ids: Iterable[int], days: int, now: datetime, tz: tzinfo
) -> datetime:
    """Snooze the accounts for `days` (1 or 7) calendar days; return when the snooze ends."""
    if days not in SNOOZE_CHOICES_DAYS:
        choices = " or ".join(str(d) for d in SNOOZE_CHOICES_DAYS)
        raise ValueError(f"a snooze lasts {choices} days, not {days}")
    until = snooze_until(now, tz, days)
    for account_id in account_ids:
        db.record_review_event(ReviewEvent(account_id, ReviewEventKind.SNOOZED, now, until))
    return until


def end_snooze(db: Database, account_ids: Iterable[int], now: datetime) -> None:
    """Undo a snooze: a new snooze that ends now. The latest decision wins
    (`app.domain.due.active_snooze`), so the account is due again at once, and the
    history keeps both decisions."""
    for account_id in account_ids:
        db.record_review_event(ReviewEvent(account_id, ReviewEventKind.SNOOZED, now, now))


def mark_reviewed_elsewhere(
    db: Database, account_id: int, now: datetime, note: str = "", how: str = ""
) -> ReviewEvent:
    """Record that the user checked the account's settings without the walkthrough, and
    where or how (`how`: an ElsewhereHow value; `note`: their own words).

    This restarts the interval. Items a newer checklist revised still ask for a re-check:
    the walkthrough is where the user sees what changed.
    """
    if how:
        ElsewhereHow(how)
    event = ReviewEvent(
        account_id, ReviewEventKind.REVIEWED_ELSEWHERE, now, note=note.strip(), how=how
    )
    db.record_review_event(event)
    return event


class Reminders:
    """The reminders of one open database, for the window, the tray and the commands."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        *,
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
    ) -> None:
        self.db = db
        self.catalog = catalog
        """Replace it when the checklists are reloaded."""
        self.clock = clock
        self._tz = tz

    @property
    def tz(self) -> tzinfo:
        return self._tz if self._tz is not None else local_zone(self.db)

    def now(self) -> datetime:
        return self.clock()

    def entries(self) -> list[AccountDue]:
        return account_dues(self.db, self.catalog, self.clock(), self.tz)

    def due(self) -> list[AccountDue]:
        return [e for e in self.entries() if e.status.due]

    def snooze(self, account_ids: Iterable[int], days: int) -> datetime:
        return snooze(self.db, account_ids, days, self.clock(), self.tz)

    def end_snooze(self, account_ids: Iterable[int]) -> None:
        end_snooze(self.db, account_ids, self.clock())

    def snooze_all_due(self, days: int) -> list[AccountDue]:
        """Snooze everything that is due now; return what was snoozed."""
        due = self.due()
        if due:
            self.snooze([e.account.id for e in due], days)
        return due

    def reviewed_elsewhere(self, account_id: int, note: str = "", how: str = "") -> ReviewEvent:
        return mark_reviewed_elsewhere(self.db, account_id, self.clock(), note, how)

    def take_unannounced(self, due: Sequence[AccountDue]) -> list[AccountDue]:
        """Of the accounts due now, those no notification has told the user about yet;
        they count as told from now on, across restarts.

        Occasions no longer due are forgotten, so an account that is snoozed or reviewed
        and later comes due again is announced again.
        """
        told = _announced(self.db.setting(ANNOUNCED_SETTING))
        current = {_key_text(e.status.notice_key): e for e in due}
        fresh = [entry for key, entry in current.items() if key not in told]
        if set(current) != told:
            self.db.set_setting(ANNOUNCED_SETTING, json.dumps(sorted(current)))
        return fresh

    def mark_told(self, account_ids: Iterable[int]) -> None:
        """The user knows about these accounts (they have just added them), so no
        notification says "Time to re-check" about them until something new is due."""
        wanted = set(account_ids)
        if not wanted:
            return
        told = _announced(self.db.setting(ANNOUNCED_SETTING))
        for entry in self.due():
            if entry.account.id in wanted:
                told.add(_key_text(entry.status.notice_key))
        self.db.set_setting(ANNOUNCED_SETTING, json.dumps(sorted(told)))


def _key_text(key: tuple[int, str, date | None]) -> str:
    account_id, cause, day = key
    return f"{account_id}/{cause}/{day.isoformat() if day else ''}"


def _announced(text: str | None) -> set[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return set()
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
