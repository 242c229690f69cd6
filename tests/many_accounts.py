"""A group practice's worth of accounts for the report tests, the bench and screenshots:
personas of four accounts each on the shipped platforms, three accounts in four reviewed
with answers and notes, every handle unlike the others."""

from __future__ import annotations

import random
from datetime import timedelta

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.store.checklist_files import Catalog
from app.store.database import Database
from tests.test_reports_fixture import NOTES, NOW

EXTRA_PLATFORMS = ("instagram", "x", "tiktok", "youtube", "linkedin", "facebook")


def _answer_all(db: Database, catalog: Catalog, account_id: int, checklist_id: str, n: int) -> None:
    """Answers for most of an account's items, with the fixture's mix of states and notes."""
    checklist = catalog.get(checklist_id)
    assert checklist is not None
    at = NOW - timedelta(days=60 - n % 50)
    for index, item in enumerate(checklist.items):
        if (index + n) % 6 == 5:
            continue
        state = {4: AnswerState.NOT_APPLICABLE, 2: AnswerState.LATER}.get(
            (index + n) % 5, AnswerState.DONE
        )
        at += timedelta(minutes=3)
        note = NOTES[(index + n) % len(NOTES)]
        db.record_answer(
            account_id, checklist_id, str(checklist.version), item.id, 1, state, note, at
        )


def _handle(number: int) -> str:
    """A handle unlike every other, so that the audit does not fill up with warnings
    about look-alike handles (which grow with the square of the accounts)."""
    letters = random.Random(number).choices("abcdefghijklmnopqrstuvwxyz", k=9)
    return f"@{''.join(letters)}"


def add_accounts(db: Database, catalog: Catalog, total: int) -> None:
    """More personas of four accounts each, until the database holds `total` accounts;
    three accounts in four have answers."""
    platforms = [p for p in EXTRA_PLATFORMS if catalog.get(p) is not None]
    count = sum(len(db.accounts(persona.id)) for persona in db.personas())
    group = len(db.personas())
    while count < total:
        kind = PersonaKind.PROFESSIONAL if group % 2 else PersonaKind.PERSONAL
        persona = db.add_persona(f"Clinician {group}", kind)
        for slot in range(min(4, total - count)):
            platform = platforms[(group + slot) % len(platforms)]
            account = db.add_account(persona.id, platform, _handle(count + slot))
            if (count + slot) % 4 != 3:
                _answer_all(db, catalog, account.id, platform, count + slot)
        count += min(4, total - count)
        group += 1
