from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.due import DueCause
from app.domain.personas import PersonaStatus
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.status import account_overviews
from app.store.checklist_files import Catalog
from app.store.database import Database
from tests.checklist_factory import raw_checklist, raw_item

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def checklist(revision_two: int = 1, version: str = "2026.11.0") -> Checklist:
    return parse_checklist(
        raw_checklist(
            items=[
                raw_item("ex-one"),
                raw_item("ex-two", revision=revision_two),
                raw_item(
                    "ex-pro", applies_to=["professional"], recommendation={"professional": "On"}
                ),
            ],
            version=version,
            changelog=[{"version": version, "date": "2026-11-01", "changes": "x"}],
        ),
        "example.toml",
    )


def catalog(*checklists: Checklist) -> Catalog:
    return Catalog(checklists={c.id: c for c in checklists})


def answer(db: Database, account_id: int, item: str, state: AnswerState, days_ago: int) -> None:
    db.record_answer(
        account_id, "example", "2026.11.0", item, 1, state, at=NOW - timedelta(days=days_ago)
    )


def test_overview_counts_done_pending_and_recheck(db: Database) -> None:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    mine = db.add_account(personal.id, "example", "@jane")
    page = db.add_account(work.id, "example", "Jane Doe Counselling")
    answer(db, mine.id, "ex-one", AnswerState.DONE, 10)
    answer(db, mine.id, "ex-two", AnswerState.LATER, 9)
    answer(db, mine.id, "ex-two", AnswerState.DONE, 8)
    answer(db, page.id, "ex-one", AnswerState.LATER, 5)

    first, second = account_overviews(db, catalog(checklist()), NOW, UTC)
    assert (first.account, first.persona) == (mine, personal)
    assert (first.summary.total, first.summary.settled, first.summary.open) == (2, 2, 0)
    assert (second.summary.total, second.summary.settled, second.summary.later) == (3, 0, 1)

    db.record_review_event(ReviewEvent(mine.id, ReviewEventKind.COMPLETED, NOW - timedelta(days=8)))
    revised = account_overviews(
        db, catalog(checklist(revision_two=2, version="2026.12.0")), NOW, UTC
    )
    assert revised[0].summary.needs_recheck == 1
    assert revised[0].due.cause is DueCause.CHECKLIST_CHANGED


def test_due_follows_the_last_complete_review(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL, recheck_days=30)
    account = db.add_account(persona.id, "example", "@jane")
    [never] = account_overviews(db, catalog(checklist()), NOW, UTC)
    assert never.due.due and never.last_review is None

    review = ReviewEvent(account.id, ReviewEventKind.COMPLETED, NOW - timedelta(days=10))
    db.record_review_event(review)
    [fresh] = account_overviews(db, catalog(checklist()), NOW, UTC)
    assert fresh.last_review == review
    assert not fresh.due.due
    assert fresh.due.next_due == (NOW + timedelta(days=20)).date()


def test_archived_and_retired_accounts(db: Database) -> None:
    gone = db.add_persona("Old", PersonaKind.PERSONAL)
    db.add_account(gone.id, "example", "@old")
    retired = db.add_persona("Retired", PersonaKind.PERSONAL, status=PersonaStatus.RETIRED)
    db.add_account(retired.id, "example", "@retired")
    db.archive_persona(gone.id)

    [shown] = account_overviews(db, catalog(checklist()), NOW, UTC)
    assert shown.account.handle == "@retired"
    assert not shown.due.due and shown.due.next_due is None
    everything = account_overviews(db, catalog(checklist()), NOW, UTC, include_archived=True)
    assert [o.account.handle for o in everything] == ["@old", "@retired"]


def test_an_account_whose_checklist_is_missing_is_still_listed(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(persona.id, "gone-platform", "@jane")
    [overview] = account_overviews(db, catalog(checklist()), NOW, UTC)
    assert overview.checklist is None
    assert overview.platform == "gone-platform"
    assert overview.summary.total == 0


@pytest.mark.parametrize("tz_hours", [-10, 0, 13])
def test_overviews_accept_any_time_zone(db: Database, tz_hours: int) -> None:
    from datetime import timezone

    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(persona.id, "example", "@jane")
    [overview] = account_overviews(
        db, catalog(checklist()), NOW, timezone(timedelta(hours=tz_hours))
    )
    assert overview.due.today == (NOW + timedelta(hours=tz_hours)).date()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(ReviewEventKind)),
            st.integers(min_value=0, max_value=400),
            st.integers(min_value=1, max_value=30),
        ),
        max_size=10,
    )
)
def test_current_review_events_give_the_same_due_dates_as_the_whole_history(
    tmp_path_factory: pytest.TempPathFactory, reviews: list[tuple[ReviewEventKind, int, int]]
) -> None:
    from app.domain.due import due_status

    with Database.open(tmp_path_factory.mktemp("due") / "t.sqlite3") as database:
        persona = database.add_persona("Personal", PersonaKind.PERSONAL)
        account = database.add_account(persona.id, "example", "@jane")
        for kind, days_ago, snooze_days in reviews:
            at = NOW - timedelta(days=days_ago)
            until = at + timedelta(days=snooze_days) if kind is ReviewEventKind.SNOOZED else None
            database.record_review_event(ReviewEvent(account.id, kind, at, until))
        everything = database.review_events()
        current = database.current_review_events()
        assert set(current) <= set(everything)
        assert due_status(account.id, persona, current, NOW, UTC) == due_status(
            account.id, persona, everything, NOW, UTC
        )
