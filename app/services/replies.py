"""Replies and reviews: the reply library filled in for this practice, the draft check,
and the record of each contact that was handled.

Shared by the Replies screen and the `reply` / `check-draft` commands. Nothing here keeps
a draft's text unless the user asked to keep it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.draft_check import Finding, check_draft
from app.domain.draft_rules import RuleSet
from app.domain.due import DueCause, DueStatus, format_day, local_date
from app.domain.practice import PracticeProfile
from app.domain.replies import FilledSituation, Situation, check_against_policy, fill_situation
from app.domain.reply_records import (
    ReplyAction,
    ReplyRecord,
    SituationCount,
    check_record,
    counts_by_situation,
    open_holds,
    sleep_until,
)
from app.store import paths
from app.store.database import Database
from app.store.draft_rules_file import load_rules
from app.store.reply_files import ReplyLibrary, load_library
from app.store.reply_records import add_reply_record, reply_records

if TYPE_CHECKING:
    from app.services.reminders import AccountDue


@dataclass(frozen=True)
class Replies:
    """The library and the rules, loaded once; `problems` lists files that did not load."""

    library: ReplyLibrary
    rules: RuleSet
    problems: tuple[str, ...]

    def situation(self, situation_id: str) -> Situation:
        found = self.library.get(situation_id.strip().lower())
        if found is None:
            known = ", ".join(s.id for s in self.library.sorted())
            raise LookupError(f"'{situation_id}' is not a situation. Use one of: {known}")
        return found

    def filled(self, situation_id: str, profile: PracticeProfile) -> FilledSituation:
        from app.reports.wording import load_policy_wording

        return fill_situation(self.situation(situation_id), profile, load_policy_wording())

    def check(
        self, text: str, kind: str | None = None, profile: PracticeProfile | None = None
    ) -> list[Finding]:
        names: list[str] = []
        if profile is not None:
            names = [profile.name, *profile.clinicians]
        return check_draft(text, self.rules, kind, allowed_names=names)


def load_replies(folder: Path | None = None, user_folder: Path | None = None) -> Replies:
    """The shipped library and rules (or those in `folder`), plus the user's own situations.

    The rules must load (they ship with the app); a situation file that does not load is
    left out and named in `problems`.
    """
    from app.reports.wording import load_policy_wording

    shipped = folder or paths.shipped_replies_dir()
    library = load_library(shipped, user_folder)
    wording = load_policy_wording()
    problems = list(library.problems)
    for situation in list(library.situations.values()):
        found = check_against_policy(situation, wording)
        if found:
            problems.extend(found)
            del library.situations[situation.id]
    rules = load_rules(shipped, tuple(library.situations))
    return Replies(library, rules, tuple(problems))


@cache
def shipped_replies() -> Replies:
    """The shipped library and rules, with the user's own situations; parsed once."""
    return load_replies(user_folder=paths.user_replies_dir())


def finding_lines(text: str, findings: Sequence[Finding]) -> list[str]:
    return [finding.line(text) for finding in findings]


# ---------------------------------------------------------------- the record of contacts


def record_contact(
    db: Database,
    replies: Replies,
    record: ReplyRecord,
    now: datetime,
    tz: tzinfo,
) -> ReplyRecord:
    """Check and append one record; return it with its id. "Sleep on it" needs the
    account the review is on (its reminder is that account's) and gets its time here."""
    checked = check_record(record, tuple(replies.library.situations), local_date(now, tz))
    if checked.action is ReplyAction.SLEEP_ON_IT:
        if checked.account_id is None:
            raise ValueError(
                "choose the account the review is on: the reminder comes with its account"
            )
        checked = replace(checked, remind_at=sleep_until(now))
    else:
        checked = replace(checked, remind_at=None)
    if checked.follows is not None and checked.follows not in {
        r.id for r in open_holds(reply_records(db))
    }:
        raise ValueError("that 'sleep on it' has already been closed or does not exist")
    record_id = add_reply_record(db, replace(checked, at=now))
    return replace(checked, at=now, id=record_id)


def sleep_on_it_dues(
    db: Database, entries: Sequence[AccountDue], now: datetime, tz: tzinfo
) -> list[AccountDue]:
    """A reminder per open "sleep on it", for the reminders' list: due once 24 hours have
    passed. Holds on archived accounts are left out (their account is not listed)."""
    by_account = {e.account.id: e for e in entries}
    dues: list[AccountDue] = []
    for hold in open_holds(reply_records(db)):
        entry = by_account.get(hold.account_id or -1)
        if entry is None or hold.remind_at is None:
            continue
        when = local_date(hold.remind_at, tz)
        today = local_date(now, tz)
        due = now >= hold.remind_at
        title = situation_title(hold.situation)
        reason = (
            f"You chose to sleep on {title.lower()} on {hold.platform}, recorded on "
            f"{format_day(local_date(hold.at, tz))}. Read the guidance again before you do "
            "anything, and record what you decided."
        )
        status = DueStatus(
            account_id=entry.account.id,
            due=due,
            reason=reason if due else f"Sleeping on it until {format_day(when)}. {reason}",
            next_due=when,
            overdue_days=max(0, (today - when).days) if due else 0,
            snoozed_until=None,
            cause=DueCause.SLEEP_ON_IT,
            today=today,
            last_review=entry.status.last_review,
            interval_days=entry.status.interval_days,
            recheck_items=0,
        )
        dues.append(replace(entry, status=status, hold=hold))
    return dues


def situation_title(situation_id: str) -> str:
    found = shipped_replies().library.get(situation_id)
    return found.title if found is not None else situation_id


def contact_counts(db: Database) -> list[SituationCount]:
    return counts_by_situation(reply_records(db))


def open_hold_for(db: Database, situation: str, account_id: int | None) -> ReplyRecord | None:
    """The newest open "sleep on it" for this situation and account: what a record of the
    decision made afterwards should close."""
    holds = [
        h
        for h in open_holds(reply_records(db))
        if h.situation == situation and h.account_id == account_id
    ]
    return holds[-1] if holds else None
