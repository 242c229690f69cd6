"""Progress: the answers recorded for an account, and each item's standing today.

Answers are an append-only log of `ProgressEvent`s. The standing of every item is derived
from that log and the current checklist, so a new checklist version never rewrites history:
unchanged items keep their answer, revised items ask for a re-check, new items are
pending, and answers to items that left the checklist stay visible as removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.checklist import Checklist, ChecklistItem, PersonaKind


class AnswerState(StrEnum):
    DONE = "done"
    NOT_APPLICABLE = "not-applicable"
    LATER = "later"
    RESET = "reset"

    @property
    def settled(self) -> bool:
        """Done and not-applicable close an item; later and reset leave it open."""
        return self in (AnswerState.DONE, AnswerState.NOT_APPLICABLE)

    @property
    def label(self) -> str:
        return {
            "done": "Done",
            "not-applicable": "Not applicable",
            "later": "Later",
            "reset": "Cleared",
        }[self.value]


class Standing(StrEnum):
    CURRENT = "current"
    """Answered against the item's current revision."""
    NEEDS_RECHECK = "needs-recheck"
    """Answered against an older revision, or carried over from an item it replaces."""
    NEW = "new"
    """No answer on record (never answered, cleared, or added by a newer version)."""
    REMOVED = "removed"
    """Answered once, but the item is no longer in the checklist; kept for the history."""


@dataclass(frozen=True)
class ProgressEvent:
    account_id: int
    checklist_id: str
    checklist_version: str
    item_id: str
    item_revision: int
    state: AnswerState
    note: str
    at: datetime


@dataclass(frozen=True)
class ItemStatus:
    item_id: str
    standing: Standing
    item: ChecklistItem | None
    last_answer: ProgressEvent | None
    carried_from: str | None = None

    @property
    def state(self) -> AnswerState | None:
        return self.last_answer.state if self.last_answer else None

    @property
    def is_settled(self) -> bool:
        """True when nothing more is asked of the user for this item."""
        return self.standing is Standing.CURRENT and bool(self.state and self.state.settled)

    @property
    def is_answered(self) -> bool:
        """True when the walkthrough should not stop here on resume."""
        return self.standing is Standing.CURRENT and self.state is not None


def _latest_by_item(events: Iterable[ProgressEvent]) -> dict[str, ProgressEvent]:
    latest: dict[str, ProgressEvent] = {}
    for event in sorted(events, key=lambda e: e.at):
        latest[event.item_id] = event
    return latest


def item_statuses(
    checklist: Checklist, events: Iterable[ProgressEvent], persona_kind: PersonaKind
) -> list[ItemStatus]:
    """The standing of every item that applies to this persona kind, in checklist order,
    followed by answered items that have left the checklist (standing REMOVED).

    `events` are the account's events for this checklist, in any order.
    """
    latest = _latest_by_item(e for e in events if e.checklist_id == checklist.id)
    statuses: list[ItemStatus] = []
    accounted: set[str] = set()
    for item in checklist.items:
        accounted.add(item.id)
        accounted.update(item.replaces)
        if not item.applies(persona_kind):
            continue
        own = latest.get(item.id)
        if own is not None and own.state is not AnswerState.RESET:
            standing = (
                Standing.CURRENT if own.item_revision == item.revision else Standing.NEEDS_RECHECK
            )
            statuses.append(ItemStatus(item.id, standing, item, own))
            continue
        predecessors = [
            latest[old]
            for old in item.replaces
            if old in latest and latest[old].state is not AnswerState.RESET
        ]
        carried = max(predecessors, key=lambda e: e.at, default=None)
        if own is None and carried is not None:
            statuses.append(
                ItemStatus(item.id, Standing.NEEDS_RECHECK, item, carried, carried.item_id)
            )
        else:
            statuses.append(ItemStatus(item.id, Standing.NEW, item, None))
    for item_id, event in latest.items():
        if item_id not in accounted:
            statuses.append(ItemStatus(item_id, Standing.REMOVED, None, event))
    return statuses


@dataclass(frozen=True)
class ProgressSummary:
    total: int
    settled: int
    later: int
    needs_recheck: int
    new: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.settled == self.total

    @property
    def open(self) -> int:
        return self.total - self.settled


def summarize(statuses: Sequence[ItemStatus]) -> ProgressSummary:
    active = [s for s in statuses if s.standing is not Standing.REMOVED]
    return ProgressSummary(
        total=len(active),
        settled=sum(1 for s in active if s.is_settled),
        later=sum(
            1 for s in active if s.standing is Standing.CURRENT and s.state is AnswerState.LATER
        ),
        needs_recheck=sum(1 for s in active if s.standing is Standing.NEEDS_RECHECK),
        new=sum(1 for s in active if s.standing is Standing.NEW),
    )


def first_unanswered(statuses: Sequence[ItemStatus]) -> int:
    """Index where a resumed walkthrough starts: the first item not yet answered, or 0."""
    for index, status in enumerate(statuses):
        if status.standing is not Standing.REMOVED and not status.is_answered:
            return index
    return 0
