"""The record of each contact that was handled: when, where, which situation, what was
done, and whether it was raised at an appointment; a client *code*, never a name.

Records are appended, never edited. "Sleep on it" is a record too, with a time to be
reminded; the record that closes it names it in `follows`. A draft's text is kept only
when the user chose to keep it (`kept_draft`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

SLEEP_HOURS = 24
MAX_CODE = 32
MAX_PLATFORM = 60
MAX_KEPT_DRAFT = 20_000


class ReplyAction(StrEnum):
    NO_REPLY = "no-reply"
    REPLIED_PRIVATELY = "replied-privately"
    REPLIED_PUBLICLY = "replied-publicly"
    HIDDEN = "hidden-or-removed"
    REPORTED = "reported-to-platform"
    CRISIS_STEPS = "crisis-steps"
    SLEEP_ON_IT = "sleep-on-it"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    ReplyAction.NO_REPLY: "Left it unanswered or declined",
    ReplyAction.REPLIED_PRIVATELY: "Replied privately",
    ReplyAction.REPLIED_PUBLICLY: "Replied in public",
    ReplyAction.HIDDEN: "Hid or removed it",
    ReplyAction.REPORTED: "Reported it to the platform",
    ReplyAction.CRISIS_STEPS: "Followed the crisis steps",
    ReplyAction.SLEEP_ON_IT: "Sleeping on it (reminder in 24 hours)",
}


class Raised(StrEnum):
    RAISED = "raised"
    TO_RAISE = "to-raise"
    NOT_RAISED = "not-raised"

    @property
    def label(self) -> str:
        return {
            Raised.RAISED: "Raised at an appointment",
            Raised.TO_RAISE: "To raise at the next appointment",
            Raised.NOT_RAISED: "Not raised (not a client, or not needed)",
        }[self]


@dataclass(frozen=True)
class ReplyRecord:
    at: datetime
    """When the record was written (UTC)."""
    contact_on: date
    platform: str
    situation: str
    action: ReplyAction
    raised: Raised
    client_code: str = ""
    account_id: int | None = None
    remind_at: datetime | None = None
    follows: int | None = None
    """The id of the "sleep on it" record this one closes."""
    kept_draft: str = ""
    id: int | None = None


_LETTERS = re.compile(r"[^\W\d_]+")


def client_code_warning(code: str) -> str | None:
    """A warning when a client code looks like a name ("Sarah", "J Smith"), else None.

    Codes are the practice's own (C-104, JD26): letters and digits, no words."""
    text = code.strip()
    if not text:
        return None
    words = _LETTERS.findall(text)
    has_digit = any(c.isdigit() for c in text)
    if len(words) >= 2 and any(len(w) >= 2 for w in words) and " " in text:
        return "This looks like a name. Use the client's code from your records, never a name."
    if not has_digit and any(len(w) >= 3 and not w.isupper() for w in words):
        return "This looks like a name. Use the client's code from your records, never a name."
    return None


def check_record(record: ReplyRecord, situations: Sequence[str], today: date) -> ReplyRecord:
    """The record with its text tidied; `ValueError` in plain words when it cannot be kept."""
    platform = " ".join(record.platform.split())
    code = record.client_code.strip()
    if not platform:
        raise ValueError("say where the contact happened (the platform), e.g. Instagram")
    if len(platform) > MAX_PLATFORM:
        raise ValueError(f"the platform is {len(platform)} characters; keep it to {MAX_PLATFORM}")
    if len(code) > MAX_CODE:
        raise ValueError(f"the client code is {len(code)} characters; keep it to {MAX_CODE}")
    for text, what in ((platform, "the platform"), (code, "the client code")):
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
            raise ValueError(f"{what} contains an invisible or control character")
    if record.situation not in situations:
        raise ValueError(f"'{record.situation}' is not a situation of the reply library")
    if record.contact_on > today:
        raise ValueError("the contact date is in the future")
    if len(record.kept_draft) > MAX_KEPT_DRAFT:
        raise ValueError(f"a kept draft may be at most {MAX_KEPT_DRAFT:,} characters")
    return ReplyRecord(
        at=record.at,
        contact_on=record.contact_on,
        platform=platform,
        situation=record.situation,
        action=record.action,
        raised=record.raised,
        client_code=code,
        account_id=record.account_id,
        remind_at=record.remind_at,
        follows=record.follows,
        kept_draft=record.kept_draft,
    )


def sleep_until(now: datetime) -> datetime:
    return now + timedelta(hours=SLEEP_HOURS)


def open_holds(records: Iterable[ReplyRecord]) -> list[ReplyRecord]:
    """ "Sleep on it" records that no later record has closed, oldest first."""
    rows = list(records)
    closed = {r.follows for r in rows if r.follows is not None}
    return sorted(
        (r for r in rows if r.action is ReplyAction.SLEEP_ON_IT and r.id not in closed),
        key=lambda r: r.at,
    )


@dataclass(frozen=True)
class SituationCount:
    situation: str
    contacts: int
    raised: int
    """Of those, how many were raised at an appointment (or are to be)."""
    waiting: int
    """Still sleeping on it."""


def counts_by_situation(records: Iterable[ReplyRecord]) -> list[SituationCount]:
    """Contacts handled per situation. A "sleep on it" and the record that closes it are
    one contact; a hold not yet closed counts as a contact that is waiting."""
    rows = list(records)
    closing = {r.follows for r in rows if r.follows is not None}
    contacts: Counter[str] = Counter()
    raised: Counter[str] = Counter()
    waiting: Counter[str] = Counter()
    for record in rows:
        if record.action is ReplyAction.SLEEP_ON_IT:
            if record.id in closing:
                continue
            waiting[record.situation] += 1
        contacts[record.situation] += 1
        if record.raised in (Raised.RAISED, Raised.TO_RAISE):
            raised[record.situation] += 1
    return [
        SituationCount(name, contacts[name], raised[name], waiting[name])
        for name in sorted(contacts)
    ]
