"""When each account is due for a re-check of its settings.

An account is due when it has never been reviewed, when its last complete review is older
than its persona's interval, or when a newer checklist revised an item it had answered.
A snooze ("remind me tomorrow", "in a week") postpones whatever is due until a date.
A setting put off ("Later") stays open: on its put-off date the account is due for it
(cause PUT_OFF). A walkthrough that ended with settings put off is not a complete review,
so it does not restart the interval; until the put-off date such an account is not due.

Due dates are calendar dates in the user's time zone. Instants (review times, now) are
turned into local dates first and the interval is added to the date, never to the instant:
a review on 10 January is due on 10 April whether or not the clocks changed in between.

Persona status:
- retired: never due; the persona is kept for the history only.
- dormant: due on the same rules as an active persona. A dormant account is still out
  there, and platforms change defaults whether or not it is used; the reason says so.

Everything here is pure: the clock and the time zone are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from app.domain.personas import DEFAULT_RECHECK_DAYS, Persona, PersonaStatus
from app.domain.progress import ItemStatus, Standing, put_off_items
from app.domain.review import ReviewEvent, ReviewEventKind

SNOOZE_CHOICES_DAYS = (1, 7)
"""The snoozes offered: a day and a week."""

COMPLETE_REVIEW_KINDS = frozenset({ReviewEventKind.COMPLETED, ReviewEventKind.REVIEWED_ELSEWHERE})


class DueCause(StrEnum):
    """Why an account is (or is not) due, for scripts and for choosing an icon."""

    NEVER_REVIEWED = "never-reviewed"
    CHECKLIST_CHANGED = "checklist-changed"
    INTERVAL = "interval"
    """The last complete review is older than the persona's interval."""
    PUT_OFF = "put-off"
    """Settings the user put off ("Later") have reached their put-off date."""
    SNOOZED = "snoozed"
    """Something is due, but the user asked to be reminded later."""
    UP_TO_DATE = "up-to-date"
    RETIRED = "retired"
    SLEEP_ON_IT = "sleep-on-it"
    """Not the account's settings: the user chose to wait 24 hours before replying to a
    review on it (app.domain.reply_records), and the wait is over or still running."""


@dataclass(frozen=True)
class DueStatus:
    account_id: int
    due: bool
    reason: str
    """In plain words, e.g. "Last reviewed on 3 March 2026; due every 90 days, 5 days ago."."""
    next_due: date | None
    """The date the account is (or was) due; None only for a retired persona. For an
    account that was never reviewed or whose checklist changed, today."""
    overdue_days: int
    """Whole days past `next_due`; 0 when not yet due."""
    snoozed_until: date | None
    """The date a snooze ends, while one is in force."""
    cause: DueCause
    today: date
    last_review: date | None
    interval_days: int
    recheck_items: int
    """Items that a newer checklist revision asks to be checked again."""
    put_off_items: int = 0
    """Items answered "Later": still open, put off until a date."""
    put_off_until: date | None = None
    """The soonest day a put-off item comes due again."""
    put_off_due: tuple[str, ...] = ()
    """Titles of the put-off items whose day has come."""

    @property
    def remind_on(self) -> date | None:
        """The next date to remind the user: the end of a snooze, else the due date,
        but never a day already past (a calendar does not alert on past days)."""
        if self.snoozed_until is not None:
            return self.snoozed_until
        if self.next_due is None:
            return None
        return max(self.next_due, self.today)

    @property
    def notice_key(self) -> tuple[int, str, date | None]:
        """Identifies one occasion of being due, so a notification is shown once for it.

        Interval dues are keyed by their date; a never-reviewed account or a changed
        checklist has no date of its own (its `next_due` is today), so it is keyed by cause.
        """
        if self.cause in (DueCause.INTERVAL, DueCause.PUT_OFF, DueCause.SLEEP_ON_IT):
            return (self.account_id, self.cause.value, self.next_due)
        return (self.account_id, self.cause.value, None)


def _as_utc(moment: datetime) -> datetime:
    """Times from the store are UTC; a naive time is taken to be UTC too."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local_date(moment: datetime, tz: tzinfo) -> date:
    """The calendar date, in time zone `tz`, at the instant `moment`."""
    return _as_utc(moment).astimezone(tz).date()


def start_of_day(day: date, tz: tzinfo) -> datetime:
    """The first instant of `day` in `tz`, as a UTC time.

    Where a clock change skips midnight (a few zones do), this is the first instant that
    exists on that day.
    """
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def snooze_until(now: datetime, tz: tzinfo, days: int) -> datetime:
    """When a snooze of `days` calendar days taken at `now` ends: the start of that local day.

    A one-day snooze taken in the evening ends at midnight, not 24 hours later, so the
    reminder comes back with the new day like any other due date.
    """
    if days < 1:
        raise ValueError(f"a snooze must last at least one day, not {days}")
    return start_of_day(local_date(now, tz) + timedelta(days=days), tz)


def last_complete_review(events: Iterable[ReviewEvent]) -> ReviewEvent | None:
    """The latest event that counts as a complete review (a finished walkthrough or
    "reviewed elsewhere")."""
    complete = [e for e in events if e.kind in COMPLETE_REVIEW_KINDS]
    return max(complete, key=lambda e: _as_utc(e.at), default=None)


def active_snooze(
    events: Iterable[ReviewEvent], now: datetime, after: datetime | None = None
) -> ReviewEvent | None:
    """The snooze in force at `now`: the latest snooze taken after `after` (the last
    complete review) whose end is still ahead. The latest decision wins, so snoozing for a
    week and then for a day means a day."""
    now = _as_utc(now)
    snoozes = [
        e
        for e in events
        if e.kind is ReviewEventKind.SNOOZED
        and e.until is not None
        and (after is None or _as_utc(e.at) > _as_utc(after))
        and _as_utc(e.at) <= now
    ]
    latest = max(snoozes, key=lambda e: _as_utc(e.at), default=None)
    if latest is None or latest.until is None or _as_utc(latest.until) <= now:
        return None
    return latest


def interval_of(persona: Persona) -> int:
    """The persona's re-check interval in days; a value below one day means the default."""
    return persona.recheck_days if persona.recheck_days >= 1 else DEFAULT_RECHECK_DAYS


def format_day(day: date) -> str:
    """A date in words that cannot be misread across countries: 3 March 2026."""
    return f"{day.day} {day:%B} {day.year}"


def short_day(day: date) -> str:
    """The same, with the month shortened for tables: 3 Mar 2026."""
    return f"{day.day} {day:%b} {day.year}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _settings(n: int) -> str:
    return "1 setting needs" if n == 1 else f"{n} settings need"


def _title(status: ItemStatus) -> str:
    return status.item.title if status.item else status.item_id


def due_status(
    account_id: int,
    persona: Persona,
    review_events: Iterable[ReviewEvent],
    now: datetime,
    tz: tzinfo,
    item_statuses: Sequence[ItemStatus] = (),
    practice_max_days: int | None = None,
) -> DueStatus:
    """Whether the account is due at `now` in time zone `tz`, and why.

    `review_events` are the account's review events (others are ignored, in any order);
    `item_statuses` its checklist items' standing from `app.domain.progress.item_statuses`
    (empty when its checklist is not loaded, which then asks for no re-check).
    `practice_max_days` is the group practice's longest allowed interval for this
    account's checklist (from the practice pack), which shortens a longer persona interval.
    """
    events = [e for e in review_events if e.account_id == account_id]
    today = local_date(now, tz)
    interval = interval_of(persona)
    practice_limit = practice_max_days is not None and practice_max_days < interval
    if practice_limit:
        interval = int(practice_max_days or interval)
    recheck = sum(1 for s in item_statuses if s.standing is Standing.NEEDS_RECHECK)
    put_off = put_off_items(item_statuses, tz)
    soonest = put_off[0][1] if put_off else None
    ripe = tuple(_title(s) for s, day in put_off if day <= today)
    open_now = [
        s
        for s in item_statuses
        if s.standing is not Standing.REMOVED and not s.is_settled and not s.is_put_off
    ]
    later_note = ""
    if put_off and soonest is not None and not ripe:
        if len(put_off) == 1:
            later_note = f" “{_title(put_off[0][0])}” is put off until {format_day(soonest)}."
        else:
            later_note = (
                f" {len(put_off)} settings are put off; the first comes back on "
                f"{format_day(soonest)}."
            )
    ripe_text = ""
    if ripe:
        ripe_text = (
            f"Put off until {format_day(soonest or today)} and due now: “{ripe[0]}”."
            if len(ripe) == 1
            else f"{len(ripe)} settings put off until {format_day(soonest or today)} are due "
            "now: " + "; ".join(f"“{t}”" for t in ripe) + "."
        )

    def status(
        due: bool,
        reason: str,
        next_due: date | None,
        cause: DueCause,
        last: date | None,
        snoozed: date | None = None,
    ) -> DueStatus:
        overdue = max(0, (today - next_due).days) if next_due is not None else 0
        return DueStatus(
            account_id=account_id,
            due=due,
            reason=reason,
            next_due=next_due,
            overdue_days=overdue,
            snoozed_until=snoozed,
            cause=cause,
            today=today,
            last_review=last,
            interval_days=interval,
            recheck_items=recheck,
            put_off_items=len(put_off),
            put_off_until=soonest,
            put_off_due=ripe,
        )

    if persona.status is PersonaStatus.RETIRED:
        return status(
            False,
            f"The persona {persona.name} is retired, so its accounts are not re-checked.",
            None,
            DueCause.RETIRED,
            None,
        )

    review = last_complete_review(events)
    last = local_date(review.at, tz) if review is not None else None
    dormant = (
        f" The persona {persona.name} is dormant, but the account is still out there and "
        "platforms change defaults."
        if persona.status is PersonaStatus.DORMANT
        else ""
    )
    if last is None and put_off and not open_now and soonest is not None:
        # A walkthrough went to the end with settings put off: not a complete review, so
        # not "never reviewed" either; the put-off date is when it is due.
        if soonest > today:
            return status(
                False,
                f"Not fully reviewed yet:{later_note} The reminder comes back then." + dormant,
                soonest,
                DueCause.UP_TO_DATE,
                None,
            )
        next_due, cause, reason = soonest, DueCause.PUT_OFF, ripe_text
    elif last is None:
        next_due = today
        cause = DueCause.NEVER_REVIEWED
        reason = "Never reviewed: walk through its settings once to start the reminders."
        if put_off:
            reason += later_note or f" {ripe_text}"
    else:
        interval_due = last + timedelta(days=interval)
        reviewed = f"Last reviewed on {format_day(last)}; re-checked every {_days(interval)}"
        if practice_limit:
            reviewed += " (the practice's maximum)"
        if recheck:
            next_due = min(interval_due, today)
            cause = DueCause.CHECKLIST_CHANGED
            reason = f"The checklist changed: {_settings(recheck)} a re-check."
            if interval_due <= today:
                reason += f" {reviewed}, so it was due on {format_day(interval_due)} as well."
            if ripe:
                reason += f" {ripe_text}"
        elif interval_due <= today:
            next_due = interval_due
            cause = DueCause.INTERVAL
            late = (today - interval_due).days
            when = "today" if late == 0 else f"on {format_day(interval_due)}, {_days(late)} ago"
            reason = f"{reviewed}, so it is due {when}."
            if ripe:
                reason += f" {ripe_text}"
        elif ripe and soonest is not None:
            next_due = soonest
            cause = DueCause.PUT_OFF
            reason = f"{ripe_text} {reviewed}."
        else:
            upcoming = min(interval_due, soonest) if soonest is not None else interval_due
            return status(
                False,
                f"{reviewed}; next re-check on {format_day(interval_due)} "
                f"(in {_days((interval_due - today).days)}).{later_note}",
                upcoming,
                DueCause.UP_TO_DATE,
                last,
            )

    snooze = active_snooze(events, now, review.at if review is not None else None)
    if snooze is not None and snooze.until is not None:
        until = local_date(snooze.until, tz)
        return status(
            False,
            f"Snoozed until {format_day(until)}. {reason}{dormant}",
            next_due,
            DueCause.SNOOZED,
            last,
            until,
        )
    return status(True, reason + dormant, next_due, cause, last)
