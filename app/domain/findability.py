"""The opt-out log: where a persona's home shows up, what was asked, and what comes due.

Each source (an item of a findability checklist) moves through
not checked -> not listed / found -> requested -> removed -> found again (re-listed),
or ends at "cannot remove". Every step is an appended `FindabilityEvent`; the standing
of a source and its clocks are derived from those events and the item's facts, with the
clock and the time zone as arguments. Pure: no I/O.

Two persona-wide events sit in the same log: "moved house" and "being harassed". Both make
every address source due again from that day, the most important first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from app.domain.checklist import ChecklistItem
from app.domain.due import format_day, local_date

VERIFY_EMAIL_DAYS = 2
"""How long to wait for a site's confirmation e-mail before reminding the user."""
RELISTED_DAYS = 0
"""A listing that came back is due for a new request at once."""


class SourceState(StrEnum):
    NOT_CHECKED = "not-checked"
    NOT_LISTED = "not-listed"
    FOUND = "found"
    REQUESTED = "requested"
    REMOVED = "removed"
    RELISTED = "relisted"
    CANNOT_REMOVE = "cannot-remove"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    SourceState.NOT_CHECKED: "Not checked",
    SourceState.NOT_LISTED: "Not listed",
    SourceState.FOUND: "Found",
    SourceState.REQUESTED: "Removal requested",
    SourceState.REMOVED: "Removed (confirmed)",
    SourceState.RELISTED: "Found again",
    SourceState.CANNOT_REMOVE: "Cannot remove",
}

RECORDABLE = tuple(s for s in SourceState if s is not SourceState.NOT_CHECKED)
"""The states a user can record; "not checked" is only ever the starting point."""

ALLOWED_MOVES: dict[SourceState, frozenset[SourceState]] = {
    SourceState.NOT_CHECKED: frozenset(
        {SourceState.NOT_LISTED, SourceState.FOUND, SourceState.REQUESTED}
    ),
    SourceState.NOT_LISTED: frozenset({SourceState.NOT_LISTED, SourceState.FOUND}),
    SourceState.FOUND: frozenset(
        {SourceState.REQUESTED, SourceState.CANNOT_REMOVE, SourceState.NOT_LISTED}
    ),
    SourceState.REQUESTED: frozenset(
        {
            SourceState.REQUESTED,
            SourceState.REMOVED,
            SourceState.FOUND,
            SourceState.CANNOT_REMOVE,
        }
    ),
    SourceState.REMOVED: frozenset({SourceState.REMOVED, SourceState.RELISTED}),
    SourceState.RELISTED: frozenset(
        {SourceState.REQUESTED, SourceState.CANNOT_REMOVE, SourceState.REMOVED}
    ),
    SourceState.CANNOT_REMOVE: frozenset(
        {SourceState.CANNOT_REMOVE, SourceState.REQUESTED, SourceState.NOT_LISTED}
    ),
}
"""Recording the same state again is a re-check ("still not listed", "still removed")."""

LISTED_STATES = frozenset({SourceState.FOUND, SourceState.RELISTED, SourceState.CANNOT_REMOVE})


class LifeEvent(StrEnum):
    """Persona-wide events that make every address source due again."""

    MOVED = "moved"
    HARASSED = "harassed"


class FindabilityCause(StrEnum):
    """Why a source is due: typed for `tightrope due --json` (fields are only added)."""

    VERIFY_EMAIL = "findability-verify-email"
    PROCESSING = "findability-processing"
    LEGAL_RESPONSE = "findability-legal-response"
    RECHECK = "findability-recheck"
    FOUND = "findability-found"
    RELISTED = "findability-relisted"
    SISTER_SITE = "findability-sister-site"
    MOVED = "findability-moved"
    HARASSED = "findability-harassed"


class MoveRefused(ValueError):
    """A state change the log does not allow; `str()` says why in plain words."""


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    """The file's name inside the data folder's evidence directory."""
    sha256: str
    size: int


@dataclass(frozen=True)
class FindabilityEvent:
    persona_id: int
    checklist_id: str
    checklist_version: str
    item_id: str
    """The source's id, or "" for a persona-wide life event."""
    item_revision: int
    state: SourceState | LifeEvent
    at: datetime
    note: str = ""
    evidence: tuple[EvidenceFile, ...] = ()


@dataclass(frozen=True)
class SourceStanding:
    """Where one source stands for one persona, derived from its events."""

    item_id: str
    state: SourceState
    last_event: FindabilityEvent | None
    first_found: date | None
    requested_on: date | None
    """The latest request still open (cleared by a later removal or refusal)."""
    removed_on: date | None
    relisted_count: int
    last_checked: date | None
    history: tuple[FindabilityEvent, ...]


@dataclass(frozen=True)
class Clock:
    """One thing that comes due for a source."""

    item_id: str
    cause: FindabilityCause
    on: date
    reason: str

    def due(self, today: date) -> bool:
        return self.on <= today


def check_move(current: SourceState, new: SourceState) -> None:
    """Refuse a state change that makes no sense, such as "removed" before anything."""
    if new is SourceState.NOT_CHECKED:
        raise MoveRefused("'not checked' is where a source starts; it cannot be recorded")
    if new not in ALLOWED_MOVES[current]:
        allowed = ", ".join(s.value for s in sorted(ALLOWED_MOVES[current]))
        raise MoveRefused(
            f"a source that is '{current.value}' cannot become '{new.value}'; "
            f"record one of: {allowed}"
        )


def standing_of(item_id: str, events: Iterable[FindabilityEvent], tz: tzinfo) -> SourceStanding:
    """The standing of source `item_id` from the persona's events (any order)."""
    own = sorted(
        (e for e in events if e.item_id == item_id and isinstance(e.state, SourceState)),
        key=lambda e: e.at,
    )
    state = SourceState.NOT_CHECKED
    first_found = requested = removed = None
    relisted = 0
    for event in own:
        assert isinstance(event.state, SourceState)
        state = event.state
        day = local_date(event.at, tz)
        if state in LISTED_STATES and first_found is None:
            first_found = day
        if state is SourceState.REQUESTED:
            requested = day
        elif state in (SourceState.REMOVED, SourceState.CANNOT_REMOVE, SourceState.NOT_LISTED):
            requested = None
        if state is SourceState.REMOVED:
            removed = day
        if state is SourceState.RELISTED:
            relisted += 1
    last = own[-1] if own else None
    return SourceStanding(
        item_id=item_id,
        state=state,
        last_event=last,
        first_found=first_found,
        requested_on=requested,
        removed_on=removed,
        relisted_count=relisted,
        last_checked=local_date(last.at, tz) if last else None,
        history=tuple(own),
    )


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def clocks_for(
    item: ChecklistItem,
    standing: SourceStanding,
    tz: tzinfo,
    *,
    life_events: Sequence[FindabilityEvent] = (),
    sister_removed: tuple[str, datetime] | None = None,
) -> list[Clock]:
    """Every clock running for one source, earliest first.

    `life_events` are the persona's "moved" and "harassed" events; `sister_removed` is
    (parent title, when) for the newest confirmed removal at this source's operator's
    one opt-out, which asks this sister site to be checked.
    """
    source = item.source
    if source is None:
        return []
    clocks: list[Clock] = []
    last_at = standing.last_event.at if standing.last_event else None
    state = standing.state
    if state is SourceState.REQUESTED and standing.requested_on is not None:
        asked = standing.requested_on
        if source.needs_email_confirmation:
            clocks.append(
                Clock(
                    item.id,
                    FindabilityCause.VERIFY_EMAIL,
                    asked + timedelta(days=VERIFY_EMAIL_DAYS),
                    f"Requested on {format_day(asked)}: if the site sent a confirmation "
                    "e-mail, click its link; many requests lapse without it.",
                )
            )
        if source.processing_days:
            clocks.append(
                Clock(
                    item.id,
                    FindabilityCause.PROCESSING,
                    asked + timedelta(days=source.processing_days),
                    f"The site says removal takes about {_days(source.processing_days)}: "
                    "search again and record whether the listing is gone.",
                )
            )
        if source.legal_days:
            clocks.append(
                Clock(
                    item.id,
                    FindabilityCause.LEGAL_RESPONSE,
                    asked + timedelta(days=source.legal_days),
                    f"The law gives {_days(source.legal_days)} to answer a request made on "
                    f"{format_day(asked)}: record the answer, or that none came.",
                )
            )
    elif state in (SourceState.REMOVED, SourceState.NOT_LISTED, SourceState.CANNOT_REMOVE):
        assert standing.last_checked is not None
        word = {
            SourceState.REMOVED: "Removed",
            SourceState.NOT_LISTED: "Not listed",
            SourceState.CANNOT_REMOVE: "Could not be removed",
        }[state]
        clocks.append(
            Clock(
                item.id,
                FindabilityCause.RECHECK,
                standing.last_checked + timedelta(days=source.recheck_days),
                f"{word} when checked on {format_day(standing.last_checked)}; listings "
                f"come back, so search again every {_days(source.recheck_days)}.",
            )
        )
    elif state is SourceState.FOUND and standing.last_checked is not None:
        clocks.append(
            Clock(
                item.id,
                FindabilityCause.FOUND,
                standing.last_checked,
                f"Found on {format_day(standing.last_checked)}: ask for removal.",
            )
        )
    elif state is SourceState.RELISTED and standing.last_checked is not None:
        clocks.append(
            Clock(
                item.id,
                FindabilityCause.RELISTED,
                standing.last_checked + timedelta(days=RELISTED_DAYS),
                f"Found again on {format_day(standing.last_checked)} after a removal: "
                "ask for removal again.",
            )
        )
    if sister_removed is not None and (last_at is None or last_at < sister_removed[1]):
        parent, when = sister_removed
        day = local_date(when, tz)
        clocks.append(
            Clock(
                item.id,
                FindabilityCause.SISTER_SITE,
                day,
                f"{parent} confirmed a removal on {format_day(day)}; it usually covers this "
                "sister site too. Search it and record what it shows now.",
            )
        )
    if source.shows_address:
        for life in life_events:
            if last_at is not None and last_at >= life.at:
                continue
            day = local_date(life.at, tz)
            moved = life.state is LifeEvent.MOVED
            clocks.append(
                Clock(
                    item.id,
                    FindabilityCause.MOVED if moved else FindabilityCause.HARASSED,
                    day,
                    (
                        f"You moved house on {format_day(day)}: sites pick up new addresses, "
                        "so check this one again."
                        if moved
                        else f"On {format_day(day)} you said you are being harassed: check "
                        "every source that can show your address, the most important first."
                    ),
                )
            )
    return sorted(clocks, key=lambda c: (c.on, c.cause.value))


def next_clock(clocks: Sequence[Clock]) -> Clock | None:
    return min(clocks, key=lambda c: (c.on, c.cause.value), default=None)


def sisters_of(item: ChecklistItem, items: Iterable[ChecklistItem]) -> list[ChecklistItem]:
    """The other sites of the same operator, when `item` is its one opt-out."""
    source = item.source
    if source is None or not source.covers_sisters or source.operator is None:
        return []
    return [
        other
        for other in items
        if other.id != item.id and other.source and other.source.operator == source.operator
    ]
