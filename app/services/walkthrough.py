"""The guided walkthrough of one account's checklist, one item per step.

A session is plain Python so the window stays thin and the rules can be tested without Qt.
Every answer is written through the store the moment it is given: closing the window
mid-way loses nothing, and a new session resumes at the first item still open.

Two modes:
- FULL walks every item that applies to the persona's kind. When every item was already
  answered at the start, the session is a periodic review: it counts as complete once the
  user has answered every step again.
- RECHECK walks only the items a newer checklist version asks about again (revised or
  carried over from a replaced item) and the items still unanswered, such as new ones.

When the whole checklist has been answered, the session appends one COMPLETED review
event, which is what the reminders count from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from app.domain.checklist import Checklist, ChecklistItem, PersonaKind
from app.domain.personas import Account, Persona
from app.domain.progress import (
    AnswerState,
    ItemStatus,
    ProgressEvent,
    Standing,
    first_unanswered,
    item_statuses,
)
from app.domain.review import ReviewEvent, ReviewEventKind


class WalkthroughMode(StrEnum):
    FULL = "full"
    RECHECK = "recheck"


class AnswerStore(Protocol):
    """What the session needs from the store (app.store.database.Database provides it)."""

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
    ) -> ProgressEvent: ...

    def record_review_event(self, event: ReviewEvent) -> None: ...


class NothingToWalkError(ValueError):
    """The checklist has no item for this persona kind, or nothing needs a re-check."""


@dataclass(frozen=True)
class Step:
    """What the walkthrough shows for one item."""

    index: int
    total: int
    item: ChecklistItem
    recommendation: str | None
    standing: Standing
    previous: ProgressEvent | None
    """The last answer on record for this item (or the item it replaces), if any."""
    carried_from: str | None
    answered_here: bool
    """True once this step counts as answered for this session's progress."""

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == self.total - 1


@dataclass(frozen=True)
class WalkProgress:
    answered: int
    total: int
    minutes_left: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def _now() -> datetime:
    return datetime.now(UTC)


class WalkthroughSession:
    """One run of the walkthrough for one account.

    The list of steps is fixed when the session starts, so a step never vanishes from
    under the user as they answer it; the standing of each step is recomputed from the
    events after every answer.
    """

    def __init__(
        self,
        store: AnswerStore,
        account_id: int,
        checklist: Checklist,
        persona_kind: PersonaKind,
        events: Sequence[ProgressEvent],
        *,
        mode: WalkthroughMode = WalkthroughMode.FULL,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._store = store
        self.account_id = account_id
        self.checklist = checklist
        self.persona_kind = persona_kind
        self.mode = mode
        self._clock = clock
        self._events = [e for e in events if e.checklist_id == checklist.id]
        statuses = self._statuses()
        if mode is WalkthroughMode.RECHECK:
            if not any(s.last_answer is not None for s in statuses):
                raise NothingToWalkError(
                    "This account has not been walked through yet, so there is nothing to "
                    "re-check. Start the full walkthrough instead."
                )
            chosen = [s for s in statuses if s.standing in (Standing.NEEDS_RECHECK, Standing.NEW)]
        else:
            chosen = [s for s in statuses if s.standing is not Standing.REMOVED]
        if not chosen:
            raise NothingToWalkError(
                "Nothing needs a re-check on this account."
                if mode is WalkthroughMode.RECHECK
                else f"The {checklist.platform} checklist has no item for a "
                f"{persona_kind.value} persona."
            )
        self._items: list[ChecklistItem] = [s.item for s in chosen if s.item is not None]
        self.is_review = all(s.is_answered for s in chosen)
        """True when every step was already answered: the user is reviewing, not catching up."""
        self._fresh: set[str] = (
            set() if self.is_review else {s.item_id for s in chosen if s.is_answered}
        )
        self._completed_recorded = False
        self.index = 0 if self.is_review else first_unanswered(chosen)

    def _statuses(self) -> list[ItemStatus]:
        return item_statuses(self.checklist, self._events, self.persona_kind)

    def _status_by_id(self) -> dict[str, ItemStatus]:
        return {s.item_id: s for s in self._statuses()}

    @property
    def total(self) -> int:
        return len(self._items)

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(self._items)

    def step(self, index: int | None = None) -> Step:
        index = self.index if index is None else index
        item = self._items[index]
        status = self._status_by_id()[item.id]
        return Step(
            index=index,
            total=self.total,
            item=item,
            recommendation=item.recommendation_for(self.persona_kind),
            standing=status.standing,
            previous=status.last_answer,
            carried_from=status.carried_from,
            answered_here=item.id in self._fresh,
        )

    @property
    def current(self) -> Step:
        return self.step()

    def progress(self) -> WalkProgress:
        open_items = [item for item in self._items if item.id not in self._fresh]
        return WalkProgress(
            answered=self.total - len(open_items),
            total=self.total,
            minutes_left=sum(item.effort_minutes for item in open_items),
        )

    @property
    def can_go_back(self) -> bool:
        return self.index > 0

    @property
    def can_go_next(self) -> bool:
        return self.index < self.total - 1

    def back(self) -> Step:
        if self.can_go_back:
            self.index -= 1
        return self.current

    def next(self) -> Step:
        if self.can_go_next:
            self.index += 1
        return self.current

    def go_to(self, index: int) -> Step:
        if not 0 <= index < self.total:
            raise IndexError(f"step {index + 1} is not between 1 and {self.total}")
        self.index = index
        return self.current

    def next_open(self) -> int | None:
        """The first step after the current one (wrapping round) not yet answered here."""
        for offset in range(1, self.total + 1):
            index = (self.index + offset) % self.total
            if self._items[index].id not in self._fresh:
                return index
        return None

    def answer(self, state: AnswerState, note: str = "") -> ProgressEvent:
        """Record the answer for the current step, then move to the next step.

        The event is written before anything else changes, so a failure in the store
        leaves the session exactly where it was.
        """
        item = self._items[self.index]
        event = self._store.record_answer(
            self.account_id,
            self.checklist.id,
            str(self.checklist.version),
            item.id,
            item.revision,
            state,
            note.strip(),
            self._clock(),
        )
        self._events.append(event)
        if state is AnswerState.RESET:
            self._fresh.discard(item.id)
        else:
            self._fresh.add(item.id)
        self._record_completion_if_due()
        if self.can_go_next:
            self.index += 1
        return event

    @property
    def completed(self) -> bool:
        """True once this session recorded the review as complete."""
        return self._completed_recorded

    def _record_completion_if_due(self) -> None:
        if self._completed_recorded or len(self._fresh) < self.total:
            return
        statuses = [s for s in self._statuses() if s.standing is not Standing.REMOVED]
        if not all(s.is_answered for s in statuses):
            return
        settled = sum(1 for s in statuses if s.is_settled)
        later = sum(1 for s in statuses if s.state is AnswerState.LATER)
        note = (
            f"{self.checklist.platform} checklist {self.checklist.version}: "
            f"{settled} of {len(statuses)} settled" + (f", {later} left for later" if later else "")
        )
        self._store.record_review_event(
            ReviewEvent(self.account_id, ReviewEventKind.COMPLETED, self._clock(), note=note)
        )
        self._completed_recorded = True


def recheck_count(checklist: Checklist, events: Sequence[ProgressEvent], kind: PersonaKind) -> int:
    """How many items a re-check walkthrough would show.

    0 when nothing needs a re-check, and for an account never walked through: there the
    full walkthrough is the one to offer.
    """
    statuses = item_statuses(checklist, events, kind)
    if not any(s.last_answer is not None for s in statuses):
        return 0
    return sum(1 for s in statuses if s.standing in (Standing.NEEDS_RECHECK, Standing.NEW))


class AccountSource(AnswerStore, Protocol):
    def account(self, account_id: int) -> Account: ...

    def persona(self, persona_id: int) -> Persona: ...

    def events(self, account_id: int | None = None) -> list[ProgressEvent]: ...


class ChecklistMissingError(LookupError):
    pass


def start_walkthrough(
    store: AccountSource,
    checklists: Mapping[str, Checklist],
    account_id: int,
    mode: WalkthroughMode = WalkthroughMode.FULL,
    clock: Callable[[], datetime] = _now,
) -> WalkthroughSession:
    """A session for an account, read from the store, resuming where the user left off."""
    account = store.account(account_id)
    persona = store.persona(account.persona_id)
    checklist = checklists.get(account.checklist_id)
    if checklist is None:
        raise ChecklistMissingError(
            f"The checklist '{account.checklist_id}' for {account.handle} is not installed. "
            "If it was one of your own checklist files, put the file back in your checklists "
            "folder and restart Tightrope; your answers are kept."
        )
    return WalkthroughSession(
        store,
        account.id,
        checklist,
        persona.kind,
        store.events(account.id),
        mode=mode,
        clock=clock,
    )
