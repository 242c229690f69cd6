"""Every account's standing at a glance: for `tightrope status`, the dashboard and the audit.

Reads the newest answer per item (not the whole history) so it stays fast after years of
use; `item_statuses` gives the same standing either way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.domain.catalog import Catalog
from app.domain.checklist import Checklist
from app.domain.due import DueStatus, due_status, last_complete_review
from app.domain.personas import Account, Persona
from app.domain.progress import (
    ItemStatus,
    ProgressEvent,
    ProgressSummary,
    item_statuses,
    summarize,
)
from app.domain.review import ReviewEvent
from app.store.database import Database


@dataclass(frozen=True)
class AccountOverview:
    persona: Persona
    account: Account
    checklist: Checklist | None
    """None when the account's checklist is not loaded (a user file that broke, say)."""
    statuses: tuple[ItemStatus, ...]
    summary: ProgressSummary
    last_review: ReviewEvent | None
    """The newest completed walkthrough or "reviewed elsewhere"."""
    due: DueStatus

    @property
    def platform(self) -> str:
        return self.checklist.platform if self.checklist else self.account.checklist_id


def local_timezone(db: Database | None = None) -> tzinfo:
    """The user's zone with its clock changes; a fixed UTC offset would put reviews made
    near midnight on the wrong day for half of the year."""
    from app.services.time_zone import local_zone

    return local_zone(db)


def account_overviews(
    db: Database,
    catalog: Catalog,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    include_archived: bool = False,
) -> list[AccountOverview]:
    """One overview per account, grouped by persona in the order they were added."""
    zone = tz or local_timezone(db)
    personas = {p.id: p for p in db.personas(include_archived=include_archived)}
    answers: dict[int, list[ProgressEvent]] = defaultdict(list)
    for event in db.latest_answers():
        answers[event.account_id].append(event)
    reviews: dict[int, list[ReviewEvent]] = defaultdict(list)
    for review in db.current_review_events():
        reviews[review.account_id].append(review)

    from app.services.practice_desk import desk_intervals

    limits = desk_intervals(db)
    overviews: list[AccountOverview] = []
    accounts = db.accounts(include_archived=include_archived)
    order = {persona_id: index for index, persona_id in enumerate(personas)}
    for account in sorted(accounts, key=lambda a: (order.get(a.persona_id, 0), a.id)):
        persona = personas.get(account.persona_id) or db.persona(account.persona_id)
        checklist = catalog.get(account.checklist_id)
        statuses = (
            tuple(item_statuses(checklist, answers[account.id], persona.kind))
            if checklist is not None
            else ()
        )
        account_reviews = reviews[account.id]
        overviews.append(
            AccountOverview(
                persona=persona,
                account=account,
                checklist=checklist,
                statuses=statuses,
                summary=summarize(statuses),
                last_review=last_complete_review(account_reviews),
                due=due_status(
                    account.id,
                    persona,
                    account_reviews,
                    now,
                    zone,
                    statuses,
                    limits.get(account.checklist_id),
                ),
            )
        )
    return overviews
