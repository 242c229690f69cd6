from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.progress import (
    AnswerState,
    ProgressEvent,
    Standing,
    first_unanswered,
    item_statuses,
    summarize,
)
from tests.checklist_factory import raw_checklist, raw_item

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def checklist(
    items: list[dict[str, object]], version: str = "2026.11.0", **extra: object
) -> Checklist:
    changelog = [{"version": version, "date": "2026-11-01", "changes": "x"}]
    return parse_checklist(
        raw_checklist(items=items, version=version, changelog=changelog, **extra), "example.toml"
    )


def answer(item_id: str, revision: int, state: AnswerState, minutes: int = 0) -> ProgressEvent:
    return ProgressEvent(
        1, "example", "2026.11.0", item_id, revision, state, "", T0 + timedelta(minutes=minutes)
    )


def standings(cl: Checklist, events: list[ProgressEvent]) -> dict[str, Standing]:
    return {s.item_id: s.standing for s in item_statuses(cl, events, PersonaKind.PERSONAL)}


def test_unchanged_items_keep_their_answer() -> None:
    cl = checklist([raw_item("a"), raw_item("b")])
    events = [answer("a", 1, AnswerState.DONE)]
    assert standings(cl, events) == {"a": Standing.CURRENT, "b": Standing.NEW}


def test_revised_item_needs_recheck() -> None:
    cl = checklist([raw_item("a", revision=2)])
    assert standings(cl, [answer("a", 1, AnswerState.DONE)]) == {"a": Standing.NEEDS_RECHECK}


def test_replaced_item_carries_answer_as_recheck() -> None:
    cl = checklist([raw_item("b", replaces=["a"])], retired=["a"])
    [status] = item_statuses(cl, [answer("a", 1, AnswerState.DONE)], PersonaKind.PERSONAL)
    assert status.standing is Standing.NEEDS_RECHECK
    assert status.carried_from == "a"
    assert status.state is AnswerState.DONE


def test_merged_items_carry_the_newest_real_answer() -> None:
    cl = checklist([raw_item("c", replaces=["a", "b"])], retired=["a", "b"])
    events = [answer("a", 1, AnswerState.DONE, 1), answer("b", 1, AnswerState.RESET, 5)]
    [status] = item_statuses(cl, events, PersonaKind.PERSONAL)
    assert status.standing is Standing.NEEDS_RECHECK
    assert status.carried_from == "a"


def test_removed_item_stays_in_history() -> None:
    cl = checklist([raw_item("b")], retired=["a"])
    assert standings(cl, [answer("a", 1, AnswerState.DONE)]) == {
        "b": Standing.NEW,
        "a": Standing.REMOVED,
    }


def test_latest_answer_wins_and_reset_clears() -> None:
    cl = checklist([raw_item("a")])
    events = [answer("a", 1, AnswerState.DONE, 0), answer("a", 1, AnswerState.RESET, 5)]
    assert standings(cl, events) == {"a": Standing.NEW}
    events.append(answer("a", 1, AnswerState.LATER, 9))
    [status] = item_statuses(cl, events, PersonaKind.PERSONAL)
    assert status.state is AnswerState.LATER and not status.is_settled and status.is_answered


def test_items_for_other_kinds_are_left_out() -> None:
    cl = checklist(
        [raw_item("a", applies_to=["professional"], recommendation={"professional": "x"})]
    )
    assert item_statuses(cl, [], PersonaKind.PERSONAL) == []
    assert len(item_statuses(cl, [], PersonaKind.PROFESSIONAL)) == 1


def test_summary_and_resume_point() -> None:
    cl = checklist([raw_item("a"), raw_item("b"), raw_item("c")])
    events = [answer("a", 1, AnswerState.DONE), answer("b", 1, AnswerState.LATER, 1)]
    statuses = item_statuses(cl, events, PersonaKind.PERSONAL)
    summary = summarize(statuses)
    assert (summary.total, summary.settled, summary.later, summary.new) == (3, 1, 1, 1)
    assert not summary.complete
    assert first_unanswered(statuses) == 2


# Property-based: a random history of answers, then a random next version of the checklist.

ITEM_IDS = [f"i{n}" for n in range(8)]
states = st.sampled_from(list(AnswerState))


@st.composite
def migration(draw: st.DrawFn) -> tuple[Checklist, Checklist, list[ProgressEvent]]:
    old_ids = draw(st.lists(st.sampled_from(ITEM_IDS), min_size=1, max_size=6, unique=True))
    old_revisions = {i: draw(st.integers(1, 3)) for i in old_ids}
    old = checklist([raw_item(i, revision=r) for i, r in old_revisions.items()])
    kept = draw(st.lists(st.sampled_from(old_ids), unique=True))
    fresh = [i for i in ITEM_IDS if i not in old_ids]
    added = draw(st.lists(st.sampled_from(fresh), unique=True)) if fresh else []
    removed = [i for i in old_ids if i not in kept]
    new_items = []
    for item_id in kept:
        bump = draw(st.integers(0, 2))
        new_items.append(raw_item(item_id, revision=old_revisions[item_id] + bump))
    claimed: set[str] = set()
    for item_id in added:
        replaces = (
            [r for r in draw(st.lists(st.sampled_from(removed), unique=True)) if r not in claimed]
            if removed
            else []
        )
        claimed.update(replaces)
        new_items.append(raw_item(item_id, replaces=replaces))
    if not new_items:
        new_items.append(raw_item("fallback"))
    new = checklist(new_items, version="2026.12.0", retired=removed)
    events = [
        answer(item_id, old_revisions[item_id], draw(states), minutes)
        for minutes, item_id in enumerate(draw(st.lists(st.sampled_from(old_ids), max_size=20)))
    ]
    return old, new, events


@settings(max_examples=300, deadline=None)
@given(migration())
def test_no_answer_is_ever_lost(case: tuple[Checklist, Checklist, list[ProgressEvent]]) -> None:
    """Every item's latest answer stays visible: on the item itself, on the item that took
    it over (or a newer answer there), or as a removed item in the history."""
    _, new, events = case
    by_id = {s.item_id: s for s in item_statuses(new, events, PersonaKind.PERSONAL)}
    latest: dict[str, ProgressEvent] = {}
    for event in sorted(events, key=lambda e: e.at):
        latest[event.item_id] = event
    for item_id, event in latest.items():
        successors = [i.id for i in new.items if item_id in i.replaces]
        if new.item(item_id) is not None:
            expected = None if event.state is AnswerState.RESET else event
            assert by_id[item_id].last_answer == expected
        elif successors:
            shown = by_id[successors[0]].last_answer
            if event.state is not AnswerState.RESET:
                assert shown is not None and shown.at >= event.at
        else:
            assert by_id[item_id].standing is Standing.REMOVED
            assert by_id[item_id].last_answer == event


@settings(max_examples=300, deadline=None)
@given(migration())
def test_recheck_asked_exactly_when_revision_changed(
    case: tuple[Checklist, Checklist, list[ProgressEvent]],
) -> None:
    old, new, events = case
    answered = {e.item_id: e for e in sorted(events, key=lambda e: e.at)}
    for status in item_statuses(new, events, PersonaKind.PERSONAL):
        if status.standing is Standing.REMOVED or status.item is None:
            continue
        own = answered.get(status.item_id)
        if own is not None and own.state is not AnswerState.RESET:
            old_item = old.item(status.item_id)
            assert old_item is not None
            revision_changed = status.item.revision != old_item.revision
            assert (status.standing is Standing.NEEDS_RECHECK) == revision_changed
        elif status.carried_from is not None:
            assert status.standing is Standing.NEEDS_RECHECK
        else:
            assert status.standing is Standing.NEW
