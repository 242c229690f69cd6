"""What the walkthrough shows: one step, and the progress of a session.

Plain data for `app.services.walkthrough.WalkthroughSession` and the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.checklist import ChecklistItem
from app.domain.due import format_day
from app.domain.progress import ProgressEvent, Standing


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
    put_off_until: date | None = None
    """For a step put off ("Later"): the day it comes due again."""

    @property
    def state_text(self) -> str:
        """The step's state in a few words, for the step list."""
        if self.standing is Standing.NEEDS_RECHECK:
            return "Check again"
        if self.standing is Standing.NEW or self.previous is None:
            return "Not answered yet"
        if self.put_off_until is not None:
            return f"Put off until {self.put_off_until.day} {self.put_off_until:%b}"
        return self.previous.state.label

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
    """This session's steps: settled (done, not applicable), put off, and still open."""

    settled: int
    put_off: int
    total: int
    minutes_left: int
    put_off_until: date | None = None
    """The soonest put-off date among the steps put off."""

    @property
    def answered(self) -> int:
        return self.settled + self.put_off

    @property
    def open(self) -> int:
        return self.total - self.settled - self.put_off

    @property
    def complete(self) -> bool:
        return self.settled == self.total

    def describe(self) -> str:
        """ "13 settled, 2 put off until 8 December 2026, 0 open"."""
        parts = [f"{self.settled} of {self.total} settled"]
        if self.put_off:
            until = f" until {format_day(self.put_off_until)}" if self.put_off_until else ""
            parts.append(f"{self.put_off} put off{until}")
        if self.open:
            parts.append(f"{self.open} open")
        return ", ".join(parts)
