"""The walkthrough session, without Qt: steps, answers, resume, re-check and completion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.personas import Account, Persona
from app.domain.progress import AnswerState, ProgressEvent, Standing
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.walkthrough import (
    ChecklistMissingError,
    NothingToWalkError,
    WalkthroughMode,
    WalkthroughSession,
    recheck_count,
    start_walkthrough,
)
from tests.checklist_factory import raw_checklist, raw_item


class FakeStore:
    """Records what the session writes, the way the real store would (append-only)."""

    def __init__(self) -> None:
        self.answers: list[ProgressEvent] = []
        self.reviews: list[ReviewEvent] = []
        self.fail_next = False
        self.clock = Clock()

    def record_answer(
        self,
        account_id: int,
        checklist_id: str,
        checklist_version: str,
        item_id: str,
        item_revision: int,
        state: AnswerState,
        note: str = "",
        at: datetime | None = None,
        until: datetime | None = None,
    ) -> ProgressEvent:
        if self.fail_next:
            self.fail_next = False
            raise OSError("disk full")
        event = ProgressEvent(
            account_id,
            checklist_id,
            checklist_version,
            item_id,
            item_revision,
            state,
            note,
            at or datetime.now(UTC),
            until,
        )
        self.answers.append(event)
        return event

    def record_review_event(self, event: ReviewEvent) -> None:
        self.reviews.append(event)

    def account(self, account_id: int) -> Account:
        return Account(account_id, 7, "example", "@jane")

    def persona(self, persona_id: int) -> Persona:
        return Persona(persona_id, "Personal", PersonaKind.PERSONAL)

    def events(self, account_id: int | None = None) -> list[ProgressEvent]:
        return [e for e in self.answers if account_id in (None, e.account_id)]

    def review_events(self, account_id: int | None = None) -> list[ReviewEvent]:
        return [e for e in self.reviews if account_id in (None, e.account_id)]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def checklist(version: str = "2026.11.0", **revisions: int) -> Checklist:
    items = [
        raw_item("a", effort=2, recommendation={"personal": "Off", "professional": "On"}),
        raw_item("b", effort=5),
        raw_item("c", effort=1),
        raw_item("pro-only", applies_to=["professional"], recommendation={"professional": "x"}),
    ]
    for item in items:
        item["revision"] = revisions.get(item["id"].replace("-", "_"), 1)
    changelog = [{"version": version, "date": "2026-11-01", "changes": "x"}]
    return parse_checklist(
        raw_checklist(items=items, version=version, changelog=changelog), "example.toml"
    )


def session(
    store: FakeStore,
    cl: Checklist | None = None,
    mode: WalkthroughMode = WalkthroughMode.FULL,
    kind: PersonaKind = PersonaKind.PERSONAL,
) -> WalkthroughSession:
    return WalkthroughSession(
        store, 1, cl or checklist(), kind, store.events(1), mode=mode, clock=store.clock
    )


def test_steps_cover_the_items_for_the_persona_kind_with_its_recommendation() -> None:
    walk = session(FakeStore())
    assert [item.id for item in walk.items] == ["a", "b", "c"]
    assert walk.current.number == 1 and walk.current.total == 3
    assert walk.current.recommendation == "Off"
    professional = session(FakeStore(), kind=PersonaKind.PROFESSIONAL)
    assert [item.id for item in professional.items] == ["a", "b", "c", "pro-only"]
    assert professional.current.recommendation == "On"


def test_each_answer_is_written_at_once_with_the_version_and_revision() -> None:
    store = FakeStore()
    walk = session(store, checklist(b=3))
    walk.answer(AnswerState.DONE, "  turned it off  ")
    assert walk.current.item.id == "b"
    walk.answer(AnswerState.NOT_APPLICABLE)
    assert [(e.item_id, e.item_revision, e.state, e.note) for e in store.answers] == [
        ("a", 1, AnswerState.DONE, "turned it off"),
        ("b", 3, AnswerState.NOT_APPLICABLE, ""),
    ]
    assert {e.checklist_version for e in store.answers} == {"2026.11.0"}


def test_progress_counts_answers_and_minutes_left() -> None:
    walk = session(FakeStore())
    assert (walk.progress().answered, walk.progress().total, walk.progress().minutes_left) == (
        0,
        3,
        8,
    )
    walk.answer(AnswerState.LATER)
    progress = walk.progress()
    assert (progress.answered, progress.minutes_left) == (1, 6)


def test_back_and_next_stay_within_the_steps() -> None:
    walk = session(FakeStore())
    assert not walk.can_go_back
    assert walk.back().index == 0
    walk.next()
    walk.next()
    assert walk.current.is_last and not walk.can_go_next
    assert walk.next().index == 2
    assert walk.back().item.id == "b"
    with pytest.raises(IndexError):
        walk.go_to(3)


def test_a_new_session_resumes_at_the_first_unanswered_item() -> None:
    store = FakeStore()
    first = session(store)
    first.answer(AnswerState.DONE)
    first.answer(AnswerState.LATER)
    resumed = session(store)
    assert resumed.current.item.id == "c"
    assert resumed.progress().answered == 2
    assert resumed.step(0).previous is not None
    assert resumed.step(0).previous.state is AnswerState.DONE


def test_an_end_with_an_item_put_off_is_a_partial_review_not_a_complete_one() -> None:
    store = FakeStore()
    walk = session(store)
    walk.answer(AnswerState.DONE)
    walk.answer(AnswerState.LATER)
    assert store.reviews == []
    walk.answer(AnswerState.NOT_APPLICABLE)
    assert not walk.completed and walk.partial
    [review] = store.reviews
    assert review.kind is ReviewEventKind.PARTIAL and review.account_id == 1
    assert "2 of 3 settled, 1 put off until 8 December 2026" in review.note
    assert walk.progress().describe() == "2 of 3 settled, 1 put off until 8 December 2026"
    walk.go_to(1)
    walk.answer(AnswerState.DONE)
    assert walk.completed
    assert [r.kind for r in store.reviews] == [ReviewEventKind.PARTIAL, ReviewEventKind.COMPLETED]
    walk.go_to(0)
    walk.answer(AnswerState.DONE)
    assert len(store.reviews) == 2


def test_later_puts_an_item_off_for_a_week_or_the_length_chosen() -> None:
    store = FakeStore()
    walk = session(store)
    walk.answer(AnswerState.LATER)
    assert store.answers[-1].until == datetime(2026, 12, 8, tzinfo=UTC)
    walk.put_off_days = 14
    walk.answer(AnswerState.LATER)
    assert store.answers[-1].until == datetime(2026, 12, 15, tzinfo=UTC)
    assert walk.step(0).state_text == "Put off until 8 Dec"
    assert walk.step(2).state_text == "Not answered yet"


def test_put_off_mode_walks_only_put_off_items_and_settling_them_completes() -> None:
    store = FakeStore()
    first = session(store)
    first.answer(AnswerState.DONE)
    first.answer(AnswerState.LATER)
    first.answer(AnswerState.DONE)
    assert [r.kind for r in store.reviews] == [ReviewEventKind.PARTIAL]
    put_off = session(store, mode=WalkthroughMode.PUT_OFF)
    assert [item.id for item in put_off.items] == ["b"]
    put_off.answer(AnswerState.DONE)
    assert put_off.completed
    with pytest.raises(NothingToWalkError, match="put off"):
        session(store, mode=WalkthroughMode.PUT_OFF)


def test_changing_one_answer_of_a_complete_account_is_one_event_and_no_review() -> None:
    store = FakeStore()
    first = session(store)
    for _ in range(3):
        first.answer(AnswerState.DONE)
    reviews = len(store.reviews)
    answers = len(store.answers)
    change = WalkthroughSession(
        store,
        1,
        checklist(),
        PersonaKind.PERSONAL,
        store.events(1),
        clock=store.clock,
        last_complete=store.reviews[-1].at,
        start_item="b",
    )
    assert change.current.item.id == "b"
    change.answer(AnswerState.LATER)
    change.go_to(1)
    change.answer(AnswerState.DONE)
    assert len(store.answers) == answers + 2
    assert len(store.reviews) == reviews


def test_resumed_walkthrough_completes_when_the_last_item_is_answered() -> None:
    store = FakeStore()
    first = session(store)
    first.answer(AnswerState.DONE)
    first.answer(AnswerState.DONE)
    resumed = session(store)
    resumed.answer(AnswerState.DONE)
    assert [r.kind for r in store.reviews] == [ReviewEventKind.COMPLETED]


def test_periodic_review_of_a_complete_account_needs_every_step_answered_again() -> None:
    store = FakeStore()
    first = session(store)
    for _ in range(3):
        first.answer(AnswerState.DONE)
    review = session(store)
    assert review.is_review
    assert review.current.index == 0
    assert review.progress().answered == 0
    review.answer(AnswerState.DONE)
    review.answer(AnswerState.DONE)
    assert len(store.reviews) == 1
    review.answer(AnswerState.DONE)
    assert len(store.reviews) == 2


def test_clearing_an_answer_reopens_the_step() -> None:
    store = FakeStore()
    walk = session(store)
    walk.answer(AnswerState.DONE)
    walk.back()
    walk.answer(AnswerState.RESET)
    assert walk.progress().answered == 0
    assert session(store).current.item.id == "a"


def test_recheck_walks_only_revised_and_new_items() -> None:
    store = FakeStore()
    first = session(store)
    for _ in range(3):
        first.answer(AnswerState.DONE)
    revised = checklist("2027.1.0", b=2)
    assert recheck_count(revised, store.events(1), PersonaKind.PERSONAL) == 1
    recheck = session(store, revised, WalkthroughMode.RECHECK)
    assert [item.id for item in recheck.items] == ["b"]
    step = recheck.current
    assert step.standing is Standing.NEEDS_RECHECK
    assert step.previous is not None and step.previous.item_revision == 1
    recheck.answer(AnswerState.DONE)
    assert store.answers[-1].item_revision == 2
    assert store.answers[-1].checklist_version == "2027.1.0"
    assert recheck.completed
    assert recheck_count(revised, store.events(1), PersonaKind.PERSONAL) == 0


def test_recheck_includes_items_added_by_a_new_version() -> None:
    store = FakeStore()
    first = session(store)
    for _ in range(3):
        first.answer(AnswerState.DONE)
    items = [raw_item(i) for i in ("a", "b", "c", "d")]
    items[0]["revision"] = 2
    newer = parse_checklist(
        raw_checklist(
            items=items,
            version="2027.1.0",
            changelog=[{"version": "2027.1.0", "date": "2027-01-01", "changes": "x"}],
        ),
        "example.toml",
    )
    recheck = session(store, newer, WalkthroughMode.RECHECK)
    assert [item.id for item in recheck.items] == ["a", "d"]


def test_nothing_to_recheck_is_refused_in_plain_words() -> None:
    with pytest.raises(NothingToWalkError, match="Start the full walkthrough"):
        session(FakeStore(), mode=WalkthroughMode.RECHECK)
    assert recheck_count(checklist(), [], PersonaKind.PERSONAL) == 0
    store = FakeStore()
    first = session(store)
    for _ in range(3):
        first.answer(AnswerState.DONE)
    with pytest.raises(NothingToWalkError, match="Nothing needs a re-check"):
        session(store, mode=WalkthroughMode.RECHECK)


def test_a_failed_write_leaves_the_session_where_it_was() -> None:
    store = FakeStore()
    walk = session(store)
    store.fail_next = True
    with pytest.raises(OSError):
        walk.answer(AnswerState.DONE)
    assert walk.current.item.id == "a"
    assert walk.progress().answered == 0


def test_next_open_wraps_round_to_skipped_steps() -> None:
    walk = session(FakeStore())
    walk.next()
    walk.answer(AnswerState.DONE)
    walk.answer(AnswerState.DONE)
    assert walk.next_open() == 0
    walk.go_to(0)
    walk.answer(AnswerState.DONE)
    assert walk.next_open() is None


def test_start_walkthrough_reads_the_account_and_persona_from_the_store() -> None:
    store = FakeStore()
    walk = start_walkthrough(store, {"example": checklist()}, 4)
    assert walk.account_id == 4 and walk.persona_kind is PersonaKind.PERSONAL
    with pytest.raises(ChecklistMissingError, match="answers are kept"):
        start_walkthrough(store, {}, 4)
