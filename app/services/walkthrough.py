"""The guided walkthrough of one account's checklist, one item per step.

A session is plain Python so the window stays thin and the rules can be tested without Qt.
Every answer is written through the store the moment it is given: closing the window
mid-way loses nothing, and a new session resumes at the first item still open.

Modes:
- FULL ("Continue where I left off") walks every item that applies to the persona's kind,
  starting at the first one not answered yet (or the first put off). When every item was
  already answered at the start, the session is a periodic review: it counts as complete
  once the user has answered every step again.
- AGAIN ("Go through all again") is FULL from the first step, always as a review.
- PUT_OFF walks only the items answered "Later" (put off until a date).
- RECHECK walks only the items a newer checklist version asks about again (revised or
  carried over from a replaced item) and the items still unanswered, such as new ones.

"Later" puts an item off: it stays open and comes due again on a date (a week unless the
user picks another length). A review is complete only when every applicable item is
settled (done or not applicable); then the session appends one COMPLETED review event,
which is what the reminders count from. A session that went through all its steps with
items put off appends a PARTIAL review event instead, which restarts nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import Protocol

from app.domain.checklist import Checklist, ChecklistItem, PersonaKind
from app.domain.due import last_complete_review, snooze_until
from app.domain.personas import Account, Persona
from app.domain.progress import (
    PUT_OFF_DEFAULT_DAYS,
    AnswerState,
    ItemStatus,
    ProgressEvent,
    Standing,
    first_unanswered,
    item_statuses,
)
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.walk_steps import Step, WalkProgress


class WalkthroughMode(StrEnum):
    FULL = "full"
    """Continue where I left off."""
    AGAIN = "again"
    """Go through all again, from the first step."""
    PUT_OFF = "put-off"
    """Go through the put-off settings."""
    RECHECK = "recheck"
    """Re-check the settings a newer checklist changed."""


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
        until: datetime | None = None,
    ) -> ProgressEvent: ...

    def record_review_event(self, event: ReviewEvent) -> None: ...


class NothingToWalkError(ValueError):
    """The checklist has no item for this persona kind, or nothing needs a re-check."""


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
        tz: tzinfo = UTC,
        last_complete: datetime | None = None,
        start_item: str | None = None,
    ) -> None:
        self._store = store
        self.tz = tz
        self.put_off_days = PUT_OFF_DEFAULT_DAYS
        """How long the next "Later" puts an item off; the window lets the user change it."""
        self._last_complete = last_complete
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
        elif mode is WalkthroughMode.PUT_OFF:
            chosen = [s for s in statuses if s.is_put_off]
        else:
            chosen = [s for s in statuses if s.standing is not Standing.REMOVED]
        if not chosen:
            raise NothingToWalkError(
                "Nothing needs a re-check on this account."
                if mode is WalkthroughMode.RECHECK
                else "No setting of this account is put off."
                if mode is WalkthroughMode.PUT_OFF
                else f"The {checklist.platform} checklist has no item for a "
                f"{persona_kind.value} persona."
            )
        self._items: list[ChecklistItem] = [s.item for s in chosen if s.item is not None]
        self.is_review = mode is WalkthroughMode.AGAIN or all(s.is_answered for s in chosen)
        """True when every step was already answered: the user is reviewing, not catching up."""
        self._fresh: set[str] = (
            set() if self.is_review else {s.item_id for s in chosen if s.is_answered}
        )
        self._completed_recorded = False
        self._partial_recorded = False
        self._settled_at_start = all(s.is_settled for s in statuses if s.item is not None)
        if mode is WalkthroughMode.AGAIN:
            self.index = 0
        elif self.is_review:
            self.index = next((i for i, s in enumerate(chosen) if s.is_put_off), 0)
        else:
            self.index = first_unanswered(chosen)
        if start_item is not None:
            self.index = next(
                (i for i, item in enumerate(self._items) if item.id == start_item), self.index
            )

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
        return self._step(index, self._status_by_id())

    def _step(self, index: int, by_id: Mapping[str, ItemStatus]) -> Step:
        item = self._items[index]
        status = by_id[item.id]
        return Step(
            index=index,
            total=self.total,
            item=item,
            recommendation=item.recommendation_for(self.persona_kind),
            standing=status.standing,
            previous=status.last_answer,
            carried_from=status.carried_from,
            answered_here=item.id in self._fresh,
            put_off_until=status.put_off_until(self.tz),
        )

    def steps(self) -> list[Step]:
        """Every step with its state, for the step list."""
        by_id = self._status_by_id()
        return [self._step(index, by_id) for index in range(self.total)]

    @property
    def current(self) -> Step:
        return self.step()

    def progress(self) -> WalkProgress:
        by_id = self._status_by_id()
        here = [by_id[item.id] for item in self._items if item.id in self._fresh]
        settled = {s.item_id for s in here if s.is_settled}
        put_off = [s for s in here if s.is_put_off]
        days = [d for s in put_off if (d := s.put_off_until(self.tz)) is not None]
        open_items = [
            item
            for item in self._items
            if item.id not in settled and item.id not in {s.item_id for s in put_off}
        ]
        return WalkProgress(
            settled=len(settled),
            put_off=len(put_off),
            total=self.total,
            minutes_left=sum(item.effort_minutes for item in open_items),
            put_off_until=min(days, default=None),
        )

    def account_progress(self) -> WalkProgress:
        """The whole account, not only this session's steps: what the end screen tells."""
        statuses = [s for s in self._statuses() if s.standing is not Standing.REMOVED]
        days = [d for s in statuses if (d := s.put_off_until(self.tz)) is not None]
        return WalkProgress(
            settled=sum(1 for s in statuses if s.is_settled),
            put_off=len(days),
            total=len(statuses),
            minutes_left=sum(
                s.item.effort_minutes for s in statuses if s.item and not s.is_settled
            ),
            put_off_until=min(days, default=None),
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

    def today(self) -> date:
        """Today's date in the user's time zone, by the session's clock."""
        return self._clock().astimezone(self.tz).date()

    def put_off_date(self, days: int | None = None) -> date:
        """The day an item put off now, for `days` (default: `put_off_days`), comes back."""
        now = self._clock()
        until = snooze_until(now, self.tz, days or self.put_off_days)
        return until.astimezone(self.tz).date()

    def answer(self, state: AnswerState, note: str = "") -> ProgressEvent:
        """Record the answer for the current step, then move to the next step.

        "Later" puts the item off for `put_off_days`. The event is written before
        anything else changes, so a failure in the store leaves the session where it was.
        """
        item = self._items[self.index]
        now = self._clock()
        until = (
            snooze_until(now, self.tz, self.put_off_days) if state is AnswerState.LATER else None
        )
        event = self._store.record_answer(
            self.account_id,
            self.checklist.id,
            str(self.checklist.version),
            item.id,
            item.revision,
            state,
            note.strip(),
            now,
            until,
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
        """True once this session recorded a complete review."""
        return self._completed_recorded

    @property
    def partial(self) -> bool:
        """True once this session recorded a partial review (ended with items put off)."""
        return self._partial_recorded

    def _record_completion_if_due(self) -> None:
        """A complete review once every applicable item is settled, and either this
        session went through all its steps, or it settled what was left open and every
        answer is newer than the last complete review (so changing one answer never passes
        for a whole review). A partial review once all steps are answered, some put off."""
        if self._completed_recorded:
            return
        statuses = [s for s in self._statuses() if s.standing is not Standing.REMOVED]
        walked_all = len(self._fresh) >= self.total
        last = self._last_complete
        all_since = last is None or all(
            s.last_answer is not None and s.last_answer.at > last for s in statuses
        )
        progress = self.account_progress()
        if all(s.is_settled for s in statuses) and (
            walked_all or (all_since and not self._settled_at_start)
        ):
            note = (
                f"{self.checklist.platform} checklist {self.checklist.version}: "
                f"all {len(statuses)} settled"
            )
            now = self._clock()
            self._store.record_review_event(
                ReviewEvent(self.account_id, ReviewEventKind.COMPLETED, now, note=note)
            )
            self._last_complete = now
            self._completed_recorded = True
            return
        if (
            walked_all
            and not self._partial_recorded
            and progress.put_off
            and all(s.is_settled or s.is_put_off for s in statuses)
        ):
            note = f"{self.checklist.platform} checklist {self.checklist.version}: " + (
                progress.describe()
            )
            self._store.record_review_event(
                ReviewEvent(self.account_id, ReviewEventKind.PARTIAL, self._clock(), note=note)
            )
            self._partial_recorded = True


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

    def review_events(self, account_id: int | None = None) -> list[ReviewEvent]: ...


class ChecklistMissingError(LookupError):
    pass


def start_walkthrough(
    store: AccountSource,
    checklists: Mapping[str, Checklist],
    account_id: int,
    mode: WalkthroughMode = WalkthroughMode.FULL,
    clock: Callable[[], datetime] = _now,
    tz: tzinfo | None = None,
    start_item: str | None = None,
) -> WalkthroughSession:
    """A session for an account, read from the store, resuming where the user left off
    (or at `start_item`, to change one answer)."""
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
        tz=tz if tz is not None else _zone(store),
        last_complete=review.at
        if (review := last_complete_review(store.review_events(account.id)))
        else None,
        start_item=start_item,
    )


def _zone(store: object) -> tzinfo:
    from app.services.reminders import local_zone
    from app.store.database import Database

    return local_zone(store if isinstance(store, Database) else None)
