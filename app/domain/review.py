"""Events about an account's review as a whole, as opposed to single answers.

Like answers, they are appended and never edited: snoozing or "reviewed elsewhere" is a
new event, not a changed date, so the history shows what the user decided and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ReviewEventKind(StrEnum):
    COMPLETED = "completed"
    """A walkthrough reached its end with every item answered."""
    REVIEWED_ELSEWHERE = "reviewed-elsewhere"
    """The user says they checked the settings without the walkthrough."""
    SNOOZED = "snoozed"
    """Remind me later: `until` says when."""


@dataclass(frozen=True)
class ReviewEvent:
    account_id: int
    kind: ReviewEventKind
    at: datetime
    until: datetime | None = None
    note: str = ""
