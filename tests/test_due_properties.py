"""Properties of due dates that must hold in every time zone, on every date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.domain.checklist import PersonaKind
from app.domain.due import DueCause, due_status, local_date, snooze_until, start_of_day
from app.domain.personas import RECHECK_INTERVALS_DAYS, Persona
from app.domain.review import ReviewEvent, ReviewEventKind

ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
        "America/Santiago",
        "Pacific/Chatham",
        "Asia/Kolkata",
        "Pacific/Kiritimati",
        "UTC",
    )
]

zones = st.sampled_from(ZONES)
intervals = st.sampled_from(RECHECK_INTERVALS_DAYS)
instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


def persona(days: int) -> Persona:
    return Persona(1, "Professional", PersonaKind.PROFESSIONAL, recheck_days=days)


def review(at: datetime) -> ReviewEvent:
    return ReviewEvent(1, ReviewEventKind.COMPLETED, at)


@given(zones, intervals, instants)
def test_due_exactly_from_the_local_date_interval_days_later(
    tz: ZoneInfo, days: int, at: datetime
) -> None:
    due_on = local_date(at, tz) + timedelta(days=days)
    start = start_of_day(due_on, tz)
    before = due_status(1, persona(days), [review(at)], start - timedelta(microseconds=1), tz)
    on = due_status(1, persona(days), [review(at)], start, tz)
    assert not before.due
    assert before.next_due == due_on
    assert on.due
    assert on.cause is DueCause.INTERVAL
    assert on.next_due == due_on
    assert on.overdue_days == 0


@given(zones, intervals, instants, st.integers(0, 86_399))
def test_time_of_day_of_the_review_does_not_matter(
    tz: ZoneInfo, days: int, at: datetime, seconds: int
) -> None:
    day = local_date(at, tz)
    other = start_of_day(day, tz) + timedelta(seconds=seconds)
    if local_date(other, tz) != day:  # a day shortened by a clock change
        return
    now = at + timedelta(days=days // 2)
    first = due_status(1, persona(days), [review(at)], now, tz)
    second = due_status(1, persona(days), [review(other)], now, tz)
    assert first.next_due == second.next_due


@given(zones, intervals, instants, st.timedeltas(timedelta(0), timedelta(days=800)))
def test_once_due_stays_due_and_overdue_grows_by_calendar_days(
    tz: ZoneInfo, days: int, at: datetime, later: timedelta
) -> None:
    now = at + timedelta(days=days + 2)
    first = due_status(1, persona(days), [review(at)], now, tz)
    second = due_status(1, persona(days), [review(at)], now + later, tz)
    assert first.due and second.due
    assert (
        second.overdue_days - first.overdue_days
        == (local_date(now + later, tz) - local_date(now, tz)).days
    )


@given(zones, intervals, instants, st.timedeltas(timedelta(seconds=1), timedelta(days=400)))
def test_a_later_review_never_brings_the_due_date_forward(
    tz: ZoneInfo, days: int, at: datetime, gap: timedelta
) -> None:
    now = at + gap + timedelta(hours=1)
    once = due_status(1, persona(days), [review(at)], now, tz)
    twice = due_status(1, persona(days), [review(at), review(at + gap)], now, tz)
    assert once.next_due is not None and twice.next_due is not None
    assert twice.next_due >= once.next_due


@given(zones, instants, st.sampled_from((1, 7)))
def test_a_snooze_ends_at_the_start_of_a_local_day_that_many_days_later(
    tz: ZoneInfo, now: datetime, days: int
) -> None:
    until = snooze_until(now, tz, days)
    assert local_date(until, tz) == local_date(now, tz) + timedelta(days=days)
    assert local_date(until - timedelta(microseconds=1), tz) < local_date(until, tz)
    snooze = ReviewEvent(1, ReviewEventKind.SNOOZED, now, until)
    during = due_status(1, persona(90), [snooze], until - timedelta(microseconds=1), tz)
    assert not during.due
    assert during.snoozed_until == local_date(until, tz)
    assert due_status(1, persona(90), [snooze], until, tz).due
