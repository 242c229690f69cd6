"""What is due across 500 accounts: the pure rules, the whole read from SQLite, and the
calendar export. The tray runs the second on the GUI thread once an hour, so it has to stay
well under the 100 ms a user could notice as a stutter."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.checklist import ChecklistKind, PersonaKind
from app.domain.due import due_status
from app.domain.progress import AnswerState, item_statuses
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.calendar_feed import build_calendar
from app.services.reminders import Reminders
from app.store.checklist_files import Catalog, load_catalog
from app.store.database import Database
from app.store.paths import shipped_checklists_dir
from bench.common import Result, best_ms

PERSONAS = 10
ACCOUNTS_PER_PERSONA = 50
NOW = datetime(2027, 3, 28, 12, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/London")


def _fill(db: Database, catalog: Catalog) -> None:
    """500 accounts over the shipped platforms: each answered in full (one in five against
    an older revision of one item), reviewed a few times, some snoozed."""
    platforms = [c for c in catalog.sorted() if c.kind is ChecklistKind.PRIVACY]
    intervals = (30, 60, 90, 180, 365)
    for p in range(PERSONAS):
        kind = PersonaKind.PERSONAL if p % 2 else PersonaKind.PROFESSIONAL
        persona = db.add_persona(f"Persona {p}", kind, recheck_days=intervals[p % 5])
        for n in range(ACCOUNTS_PER_PERSONA):
            checklist = platforms[(p * ACCOUNTS_PER_PERSONA + n) % len(platforms)]
            account = db.add_account(persona.id, checklist.id, f"@account{p}-{n}")
            answered = NOW - timedelta(days=(n * 7) % 400)
            for index, item in enumerate(checklist.items_for(kind)):
                older = n % 5 == 0 and index == 0
                db.record_answer(
                    account.id,
                    checklist.id,
                    str(checklist.version),
                    item.id,
                    item.revision - 1 if older else item.revision,
                    AnswerState.DONE,
                    at=answered,
                )
            for back in (0, 120, 240):
                db.record_review_event(
                    ReviewEvent(
                        account.id, ReviewEventKind.COMPLETED, answered - timedelta(days=back)
                    )
                )
            if n % 7 == 0:
                db.record_review_event(
                    ReviewEvent(account.id, ReviewEventKind.SNOOZED, NOW - timedelta(days=1), NOW)
                )


def run() -> list[Result]:
    catalog = load_catalog(shipped_checklists_dir())
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.sqlite3")
        try:
            _fill(db, catalog)
            reminders = Reminders(db, catalog, clock=lambda: NOW, tz=ZONE)

            personas = {p.id: p for p in db.personas()}
            accounts = db.accounts()
            answers = db.latest_answers()
            reviews = db.review_events()
            prepared = []
            for account in accounts:
                persona = personas[account.persona_id]
                checklist = catalog.checklists[account.checklist_id]
                own = [a for a in answers if a.account_id == account.id]
                statuses = item_statuses(checklist, own, persona.kind)
                mine = [r for r in reviews if r.account_id == account.id]
                prepared.append((account.id, persona, mine, statuses))

            def rules() -> None:
                for account_id, persona, mine, statuses in prepared:
                    due_status(account_id, persona, mine, NOW, ZONE, statuses)

            results.append(
                Result(f"due rules, {len(prepared)} accounts (pure)", best_ms(rules), "ms", 20)
            )
            results.append(
                Result(
                    f"what is due, {len(accounts)} accounts from SQLite",
                    best_ms(reminders.entries),
                    "ms",
                    100,
                )
            )
            entries = reminders.entries()
            results.append(
                Result(
                    f"calendar of {len(entries)} accounts",
                    best_ms(lambda: build_calendar(entries, "bench", NOW), repeat=3),
                    "ms",
                    500,
                )
            )
        finally:
            db.close()
    return results
