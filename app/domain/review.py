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
    """Every applicable item is settled (done or not applicable): restarts the interval."""
    PARTIAL = "partial"
    """A walkthrough reached its end with items put off: recorded, but not a complete
    review, so it does not restart the interval."""
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
    how: str = ""
    """For "reviewed elsewhere": an `ElsewhereHow` value ("" on older events)."""


class ElsewhereHow(StrEnum):
    """Where or how a review outside the walkthrough was done."""

    PHONE_APP = "phone-app"
    PLATFORM_CHECKUP = "platform-checkup"
    COLLEAGUE = "colleague"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "phone-app": "On the phone app",
            "platform-checkup": "With the platform's own privacy check-up",
            "colleague": "A colleague checked it",
            "other": "Another way",
        }[self.value]


def elsewhere_text(event: ReviewEvent) -> str:
    """ "Reviewed outside the walkthrough: on the phone app (note)", for history and audit."""
    try:
        how = ElsewhereHow(event.how).label if event.how else ""
    except ValueError:
        how = ""
    note = event.note.strip()
    if how and note:
        return f"{how}: {note}"
    return how or note or "No details given"
