from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.checklist import PersonaKind
from app.domain.due import (
    DueCause,
    DueStatus,
    due_status,
    snooze_until,
    start_of_day,
)
from app.domain.personas import RECHECK_INTERVALS_DAYS, Persona, PersonaStatus
from app.domain.progress import ItemStatus, Standing
from app.domain.review import ReviewEvent, ReviewEventKind

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
ACCOUNT = 7


def persona(days: int = 90, status: PersonaStatus = PersonaStatus.ACTIVE) -> Persona:
    return Persona(1, "Personal", PersonaKind.PERSONAL, status=status, recheck_days=days)


def local(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A wall-clock time in `tz`, handed over in UTC as the store does."""
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def reviewed(at: datetime, kind: ReviewEventKind = ReviewEventKind.COMPLETED) -> ReviewEvent:
    return ReviewEvent(ACCOUNT, kind, at)


def snoozed(at: datetime, until: datetime) -> ReviewEvent:
    return ReviewEvent(ACCOUNT, ReviewEventKind.SNOOZED, at, until)


def recheck(n: int) -> list[ItemStatus]:
    changed = [ItemStatus(f"r{i}", Standing.NEEDS_RECHECK, None, None) for i in range(n)]
    return [ItemStatus("same", Standing.CURRENT, None, None), *changed]


def check(
    events: list[ReviewEvent],
    now: datetime,
    tz: ZoneInfo = LONDON,
    who: Persona | None = None,
    items: list[ItemStatus] | None = None,
) -> DueStatus:
    return due_status(ACCOUNT, who or persona(), events, now, tz, items or [])


# --------------------------------------------------------------- never reviewed


def test_never_reviewed_is_due_today() -> None:
    now = local(LONDON, 2026, 5, 4, 9, 0)
    result = check([], now)
    assert result.due
    assert result.cause is DueCause.NEVER_REVIEWED
    assert result.next_due == date(2026, 5, 4)
    assert result.overdue_days == 0
    assert result.last_review is None
    assert "Never reviewed" in result.reason


def test_a_snooze_alone_is_not_a_review() -> None:
    now = local(LONDON, 2026, 5, 4, 9, 0)
    old = snoozed(now - timedelta(days=30), now - timedelta(days=29))
    assert check([old], now).cause is DueCause.NEVER_REVIEWED


# --------------------------------------------------------------- intervals


def test_not_due_before_the_interval_has_passed() -> None:
    review = local(LONDON, 2026, 5, 4, 15, 0)
    result = check([reviewed(review)], local(LONDON, 2026, 6, 1, 12, 0))
    assert not result.due
    assert result.cause is DueCause.UP_TO_DATE
    assert result.next_due == date(2026, 8, 2)
    assert result.overdue_days == 0
    assert result.last_review == date(2026, 5, 4)
    assert result.reason == (
        "Last reviewed on 4 May 2026; re-checked every 90 days; "
        "next re-check on 2 August 2026 (in 62 days)."
    )


@pytest.mark.parametrize("days", RECHECK_INTERVALS_DAYS)
def test_due_from_the_first_moment_of_the_due_date(days: int) -> None:
    review = local(LONDON, 2026, 2, 14, 18, 45)
    due_on = date(2026, 2, 14) + timedelta(days=days)
    before = start_of_day(due_on, LONDON) - timedelta(microseconds=1)
    assert not check([reviewed(review)], before, who=persona(days)).due
    at_midnight = check([reviewed(review)], start_of_day(due_on, LONDON), who=persona(days))
    assert at_midnight.due
    assert at_midnight.cause is DueCause.INTERVAL
    assert at_midnight.next_due == due_on
    assert at_midnight.interval_days == days
    assert "due today" in at_midnight.reason


def test_overdue_days_count_calendar_days() -> None:
    review = local(LONDON, 2026, 1, 5, 10, 0)
    result = check([reviewed(review)], local(LONDON, 2026, 4, 20, 8, 0), who=persona(90))
    assert result.due
    assert result.next_due == date(2026, 4, 5)
    assert result.overdue_days == 15
    assert result.reason == (
        "Last reviewed on 5 January 2026; re-checked every 90 days, "
        "so it is due on 5 April 2026, 15 days ago."
    )


def test_reviewed_elsewhere_counts_as_a_review() -> None:
    review = reviewed(local(LONDON, 2026, 5, 4, 15, 0), ReviewEventKind.REVIEWED_ELSEWHERE)
    result = check([review], local(LONDON, 2026, 6, 1, 12, 0))
    assert not result.due
    assert result.last_review == date(2026, 5, 4)


def test_the_latest_review_counts_whatever_the_order_given() -> None:
    late = reviewed(local(LONDON, 2026, 5, 1, 9, 0))
    early = reviewed(local(LONDON, 2025, 1, 1, 9, 0))
    result = check([late, early], local(LONDON, 2026, 6, 1, 9, 0))
    assert result.last_review == date(2026, 5, 1)
    assert not result.due


def test_other_accounts_events_are_ignored() -> None:
    other = ReviewEvent(ACCOUNT + 1, ReviewEventKind.COMPLETED, local(LONDON, 2026, 5, 1, 9, 0))
    assert check([other], local(LONDON, 2026, 5, 2, 9, 0)).cause is DueCause.NEVER_REVIEWED


def test_an_interval_below_one_day_falls_back_to_the_default() -> None:
    review = local(LONDON, 2026, 5, 1, 9, 0)
    result = check([reviewed(review)], local(LONDON, 2026, 5, 3, 9, 0), who=persona(0))
    assert not result.due
    assert result.interval_days == 90


# --------------------------------------------------------------- checklist revisions


def test_a_revised_item_makes_the_account_due_at_once() -> None:
    review = local(LONDON, 2026, 5, 4, 15, 0)
    now = local(LONDON, 2026, 5, 20, 9, 0)
    result = check([reviewed(review)], now, items=recheck(2))
    assert result.due
    assert result.cause is DueCause.CHECKLIST_CHANGED
    assert result.recheck_items == 2
    assert result.next_due == date(2026, 5, 20)
    assert result.reason == "The checklist changed: 2 settings need a re-check."


def test_once_rechecked_the_interval_applies_again() -> None:
    review = local(LONDON, 2026, 5, 4, 15, 0)
    now = local(LONDON, 2026, 5, 20, 9, 0)
    current = [ItemStatus("a", Standing.CURRENT, None, None)]
    assert not check([reviewed(review)], now, items=current).due


def test_new_and_removed_items_alone_ask_for_no_recheck() -> None:
    review = local(LONDON, 2026, 5, 4, 15, 0)
    items = [
        ItemStatus("added", Standing.NEW, None, None),
        ItemStatus("gone", Standing.REMOVED, None, None),
    ]
    assert not check([reviewed(review)], local(LONDON, 2026, 5, 20, 9, 0), items=items).due


def test_revision_on_an_overdue_account_keeps_the_earlier_due_date() -> None:
    review = local(LONDON, 2026, 1, 5, 10, 0)
    result = check([reviewed(review)], local(LONDON, 2026, 4, 20, 8, 0), items=recheck(1))
    assert result.cause is DueCause.CHECKLIST_CHANGED
    assert result.next_due == date(2026, 4, 5)
    assert result.overdue_days == 15
    assert result.reason.startswith("The checklist changed: 1 setting needs a re-check.")
    assert "due on 5 April 2026 as well" in result.reason


def test_never_reviewed_wins_over_a_revision() -> None:
    result = check([], local(LONDON, 2026, 4, 20, 8, 0), items=recheck(3))
    assert result.cause is DueCause.NEVER_REVIEWED
    assert result.recheck_items == 3


# --------------------------------------------------------------- snoozing


def test_snooze_for_a_day_ends_at_the_next_local_midnight() -> None:
    evening = local(NEW_YORK, 2026, 6, 10, 21, 30)
    until = snooze_until(evening, NEW_YORK, 1)
    assert until == local(NEW_YORK, 2026, 6, 11, 0, 0)
    result = check([snoozed(evening, until)], evening + timedelta(minutes=1), NEW_YORK)
    assert not result.due
    assert result.cause is DueCause.SNOOZED
    assert result.snoozed_until == date(2026, 6, 11)
    assert result.reason == (
        "Snoozed until 11 June 2026. "
        "Never reviewed: walk through its settings once to start the reminders."
    )
    assert check([snoozed(evening, until)], until, NEW_YORK).due


def test_snooze_for_a_week_then_expiry() -> None:
    review = reviewed(local(LONDON, 2026, 1, 5, 10, 0))
    taken = local(LONDON, 2026, 4, 20, 8, 0)
    snooze = snoozed(taken, snooze_until(taken, LONDON, 7))
    during = check([review, snooze], local(LONDON, 2026, 4, 26, 23, 59))
    assert not during.due
    assert during.snoozed_until == date(2026, 4, 27)
    assert during.next_due == date(2026, 4, 5)
    after = check([review, snooze], local(LONDON, 2026, 4, 27, 0, 0))
    assert after.due
    assert after.cause is DueCause.INTERVAL
    assert after.snoozed_until is None


def test_the_latest_snooze_wins() -> None:
    taken = local(LONDON, 2026, 4, 20, 8, 0)
    week = snoozed(taken, snooze_until(taken, LONDON, 7))
    day = snoozed(taken + timedelta(hours=1), snooze_until(taken, LONDON, 1))
    assert check([week, day], local(LONDON, 2026, 4, 22, 9, 0)).due


def test_a_snooze_before_a_later_review_does_not_carry_over() -> None:
    taken = local(LONDON, 2026, 4, 1, 8, 0)
    long_snooze = snoozed(taken, local(LONDON, 2026, 12, 1, 0, 0))
    review = reviewed(local(LONDON, 2026, 4, 2, 8, 0))
    result = check([long_snooze, review], local(LONDON, 2026, 7, 2, 8, 0))
    assert result.due
    assert result.cause is DueCause.INTERVAL


def test_a_snooze_taken_before_the_due_date_still_holds_after_it() -> None:
    review = reviewed(local(LONDON, 2026, 1, 5, 10, 0))
    taken = local(LONDON, 2026, 4, 3, 8, 0)
    snooze = snoozed(taken, snooze_until(taken, LONDON, 7))
    assert not check([review, snooze], local(LONDON, 2026, 4, 6, 9, 0)).due
    assert check([review, snooze], local(LONDON, 2026, 4, 10, 0, 0)).due


def test_a_snooze_also_holds_back_a_checklist_change() -> None:
    review = reviewed(local(LONDON, 2026, 5, 4, 15, 0))
    taken = local(LONDON, 2026, 5, 20, 9, 0)
    snooze = snoozed(taken, snooze_until(taken, LONDON, 1))
    result = check([review, snooze], taken, items=recheck(1))
    assert not result.due
    assert result.recheck_items == 1


def test_snoozes_must_last_a_day_at_least() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        snooze_until(datetime(2026, 1, 1, tzinfo=UTC), LONDON, 0)


# --------------------------------------------------------------- persona status


def test_retired_persona_is_never_due() -> None:
    result = check([], local(LONDON, 2026, 4, 20, 8, 0), who=persona(status=PersonaStatus.RETIRED))
    assert not result.due
    assert result.cause is DueCause.RETIRED
    assert result.next_due is None
    assert result.remind_on is None
    assert "retired" in result.reason


def test_dormant_persona_is_due_on_the_same_rules_and_says_so() -> None:
    review = reviewed(local(LONDON, 2026, 1, 5, 10, 0))
    dormant = persona(status=PersonaStatus.DORMANT)
    result = check([review], local(LONDON, 2026, 4, 20, 8, 0), who=dormant)
    assert result.due
    assert result.next_due == date(2026, 4, 5)
    assert "dormant" in result.reason


# --------------------------------------------------------------- daylight saving


def shortcuts(review: datetime, days: int, tz: ZoneInfo) -> set[date]:
    """What two common shortcuts would get: adding 86,400-second days to the instant,
    and adding days to the UTC date."""
    by_seconds = (review + timedelta(seconds=86_400 * days)).astimezone(tz).date()
    by_utc_date = review.astimezone(UTC).date() + timedelta(days=days)
    return {by_seconds, by_utc_date}


@pytest.mark.parametrize(
    ("tz", "review", "days", "due_on"),
    [
        # Late evening in winter, due after the March switch to summer time.
        (LONDON, (2026, 1, 10, 23, 30), 90, date(2026, 4, 10)),
        # Just after midnight in summer (still yesterday in UTC), due on the October switch day.
        (LONDON, (2026, 7, 27, 0, 30), 90, date(2026, 10, 25)),
        # Evening in New York is already tomorrow in UTC; due on the March switch day.
        (NEW_YORK, (2026, 1, 7, 22, 30), 60, date(2026, 3, 8)),
        # Due on the November fall-back day.
        (NEW_YORK, (2026, 9, 2, 23, 30), 60, date(2026, 11, 1)),
        # Across both switches in a year.
        (NEW_YORK, (2026, 2, 20, 20, 15), 365, date(2027, 2, 20)),
    ],
)
def test_clock_changes_do_not_move_the_due_date(
    tz: ZoneInfo, review: tuple[int, int, int, int, int], days: int, due_on: date
) -> None:
    at = local(tz, *review)
    assert shortcuts(at, days, tz) != {due_on}, "a case no shortcut gets wrong proves nothing"
    events = [reviewed(at)]
    start = start_of_day(due_on, tz)
    assert start.astimezone(tz).date() == due_on
    assert not check(events, start - timedelta(microseconds=1), tz, persona(days)).due
    result = check(events, start, tz, persona(days))
    assert result.due
    assert result.next_due == due_on
    late_evening = local(tz, due_on.year, due_on.month, due_on.day, 23, 59)
    assert check(events, late_evening, tz, persona(days)).overdue_days == 0


def test_snooze_over_the_autumn_switch_ends_at_local_midnight() -> None:
    taken = local(LONDON, 2026, 10, 20, 22, 0)
    until = snooze_until(taken, LONDON, 7)
    assert until == datetime(2026, 10, 27, 0, 0, tzinfo=UTC)
    assert until - taken != timedelta(days=7)
    assert until.astimezone(LONDON).hour == 0


def test_start_of_day_where_midnight_does_not_exist() -> None:
    santiago = ZoneInfo("America/Santiago")
    start = start_of_day(date(2026, 9, 6), santiago)
    assert start.astimezone(santiago).date() == date(2026, 9, 6)
    assert start - timedelta(seconds=1) < start
    assert (start - timedelta(seconds=1)).astimezone(santiago).date() == date(2026, 9, 5)


def test_remind_on_never_lies_in_the_past() -> None:
    review = reviewed(local(LONDON, 2026, 1, 5, 10, 0))
    overdue = check([review], local(LONDON, 2026, 4, 20, 8, 0))
    assert overdue.remind_on == date(2026, 4, 20)
    upcoming = check([review], local(LONDON, 2026, 2, 20, 8, 0))
    assert upcoming.remind_on == date(2026, 4, 5)


def test_notice_key_is_stable_for_one_occasion() -> None:
    review = reviewed(local(LONDON, 2026, 1, 5, 10, 0))
    first = check([review], local(LONDON, 2026, 4, 6, 8, 0))
    next_day = check([review], local(LONDON, 2026, 4, 7, 8, 0))
    assert first.notice_key == next_day.notice_key
    never_a = check([], local(LONDON, 2026, 4, 6, 8, 0))
    never_b = check([], local(LONDON, 2026, 4, 7, 8, 0))
    assert never_a.notice_key == never_b.notice_key
    later = check([review], local(LONDON, 2026, 8, 7, 8, 0), who=persona(30))
    assert later.notice_key != first.notice_key


# --------------------------------------------------------------- put off


def put_off(title: str, given: datetime, until: datetime | None) -> ItemStatus:
    from app.domain.checklist_parse import parse_checklist
    from app.domain.progress import AnswerState, ProgressEvent
    from tests.checklist_factory import raw_checklist, raw_item

    item = parse_checklist(raw_checklist(items=[raw_item("x", title=title)]), "example.toml").items[
        0
    ]
    event = ProgressEvent(
        ACCOUNT, "example", "2026.11.0", "x", 1, AnswerState.LATER, "", given, until
    )
    return ItemStatus("x", Standing.CURRENT, item, event)


def settled() -> ItemStatus:
    from app.domain.progress import AnswerState, ProgressEvent

    event = ProgressEvent(
        ACCOUNT,
        "example",
        "2026.11.0",
        "d",
        1,
        AnswerState.DONE,
        "",
        datetime(2026, 6, 1, tzinfo=UTC),
    )
    return ItemStatus("d", Standing.CURRENT, None, event)


def test_a_partial_review_is_not_due_until_the_put_off_date_and_then_for_that_setting() -> None:
    given = local(LONDON, 2026, 6, 1, 20, 0)
    until = start_of_day(date(2026, 6, 8), LONDON)
    items = [settled(), put_off("Hide the friends list", given, until)]
    partial = [reviewed(given, ReviewEventKind.PARTIAL)]
    before = check(partial, local(LONDON, 2026, 6, 7, 23, 59), items=items)
    assert (before.due, before.cause, before.next_due) == (
        False,
        DueCause.UP_TO_DATE,
        date(2026, 6, 8),
    )
    assert before.last_review is None, "a partial review is not a complete one"
    assert before.put_off_items == 1 and before.put_off_until == date(2026, 6, 8)
    assert "put off until 8 June 2026" in before.reason
    on_the_day = check(partial, local(LONDON, 2026, 6, 8, 0, 1), items=items)
    assert (on_the_day.due, on_the_day.cause) == (True, DueCause.PUT_OFF)
    assert on_the_day.put_off_due == ("Hide the friends list",)
    assert "Hide the friends list" in on_the_day.reason
    assert on_the_day.notice_key == (ACCOUNT, "put-off", date(2026, 6, 8))


def test_after_a_complete_review_a_setting_put_off_comes_due_before_the_interval() -> None:
    review = local(LONDON, 2026, 6, 1, 9, 0)
    later = put_off("Turn off search by phone", review + timedelta(days=2), None)
    status = check([reviewed(review)], local(LONDON, 2026, 6, 10, 9, 0), items=[settled(), later])
    assert (status.due, status.cause, status.next_due) == (
        True,
        DueCause.PUT_OFF,
        date(2026, 6, 10),
    )
    assert status.last_review == date(2026, 6, 1)
    quiet = check([reviewed(review)], local(LONDON, 2026, 6, 5, 9, 0), items=[settled(), later])
    assert (quiet.due, quiet.next_due) == (False, date(2026, 6, 10))


def test_a_snooze_postpones_a_put_off_due_too() -> None:
    given = local(LONDON, 2026, 6, 1, 20, 0)
    items = [put_off("Hide the friends list", given, None)]
    snooze = snoozed(local(LONDON, 2026, 6, 8, 9, 0), start_of_day(date(2026, 6, 9), LONDON))
    status = check(
        [reviewed(given, ReviewEventKind.PARTIAL), snooze],
        local(LONDON, 2026, 6, 8, 10, 0),
        items=items,
    )
    assert (status.due, status.cause, status.snoozed_until) == (
        False,
        DueCause.SNOOZED,
        date(2026, 6, 9),
    )
