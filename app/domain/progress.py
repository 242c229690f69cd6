"""Progress: the answers recorded for an account, and each item's standing today.

Answers are an append-only log of `ProgressEvent`s. The standing of every item is derived
from that log and the current checklist, so a new checklist version never rewrites history:
unchanged items keep their answer, revised items ask for a re-check, new items are
pending, and answers to items that left the checklist stay visible as removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
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
            "later": "Put off",
            "reset": "Cleared",
        }[self.value]


PUT_OFF_DEFAULT_DAYS = 7
"""How long "Later" puts an item off unless the user picks another length. Answers given
before the put-off date was recorded count as put off for this long from the day given."""
PUT_OFF_CHOICES_DAYS = (1, 3, 7, 14, 30)
"""The lengths the walkthrough offers for putting an item off."""


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
    until: datetime | None = None
    """For a LATER answer: the start of the local day it comes due again. None on answers
    recorded before put-off dates were kept; `put_off_day` then counts the default week."""


def put_off_day(event: ProgressEvent, tz: tzinfo) -> date:
    """The calendar day (in `tz`) on which a put-off answer comes due again."""
    if event.until is not None:
        moment = event.until if event.until.tzinfo else event.until.replace(tzinfo=UTC)
        return moment.astimezone(tz).date()
    at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    return at.astimezone(tz).date() + timedelta(days=PUT_OFF_DEFAULT_DAYS)


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
    def is_put_off(self) -> bool:
        """Answered "Later" against the current revision: open, but not asked about until
        its put-off date."""
        return self.standing is Standing.CURRENT and self.state is AnswerState.LATER

    def put_off_until(self, tz: tzinfo) -> date | None:
        """The day a put-off item comes due again; None for any other item."""
        if not self.is_put_off or self.last_answer is None:
            return None
        return put_off_day(self.last_answer, tz)

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
        """Everything not settled, put off or not."""
        return self.total - self.settled

    @property
    def put_off(self) -> int:
        return self.later

    @property
    def open_not_put_off(self) -> int:
        """Not settled and not put off: not answered yet, or to re-check."""
        return self.total - self.settled - self.later


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


def put_off_items(statuses: Sequence[ItemStatus], tz: tzinfo) -> list[tuple[ItemStatus, date]]:
    """The put-off items with the day each comes due again, soonest first."""
    days = [(s, s.put_off_until(tz)) for s in statuses]
    return sorted(((s, d) for s, d in days if d is not None), key=lambda pair: pair[1])


def first_unanswered(statuses: Sequence[ItemStatus]) -> int:
    """Index where a resumed walkthrough starts: the first item not yet answered, or 0."""
    for index, status in enumerate(statuses):
        if status.standing is not Standing.REMOVED and not status.is_answered:
            return index
    return 0
