"""The store under ten years of use: 10 personas x 50 accounts, weekly answers and reviews."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.domain.checklist import Checklist
from app.domain.checklist_parse import parse_checklist
from app.domain.progress import AnswerState
from app.services.status import account_overviews
from app.store.checklist_files import Catalog
from app.store.database import Database, utc_text
from bench.common import Result, best_ms
from tests.checklist_factory import raw_checklist, raw_item

PERSONAS = 10
ACCOUNTS_PER_PERSONA = 50
WEEKS = 52 * 10
ITEMS = 15
START = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)
NOW = START + timedelta(weeks=WEEKS)


def _checklist() -> Checklist:
    items = [raw_item(f"bench-{n}", applies_to=["personal", "professional"]) for n in range(ITEMS)]
    return parse_checklist(raw_checklist("bench", items=items), "bench.toml")


def _tables() -> dict[str, list[dict[str, Any]]]:
    created = utc_text(START)
    personas = [
        {
            "id": p + 1,
            "name": f"Persona {p + 1}",
            "kind": "professional" if p % 2 else "personal",
            "status": "active",
            "display_name": "",
            "bio": "",
            "colour": "#5b7db1",
            "recheck_days": 90,
            "created_at": created,
            "archived_at": None,
        }
        for p in range(PERSONAS)
    ]
    accounts: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    for p in range(PERSONAS):
        for a in range(ACCOUNTS_PER_PERSONA):
            account_id = len(accounts) + 1
            accounts.append(
                {
                    "id": account_id,
                    "persona_id": p + 1,
                    "checklist_id": "bench",
                    "handle": f"@p{p}a{a}",
                    "profile_url": "",
                    "notes": "",
                    "created_at": created,
                    "archived_at": None,
                }
            )
            for week in range(WEEKS):
                at = START + timedelta(weeks=week, minutes=account_id)
                events.append(
                    {
                        "id": len(events) + 1,
                        "account_id": account_id,
                        "checklist_id": "bench",
                        "checklist_version": "2026.11.0",
                        "item_id": f"bench-{week % ITEMS}",
                        "item_revision": 1,
                        "state": AnswerState.DONE.value if week % 5 else AnswerState.LATER.value,
                        "note": "",
                        "at": utc_text(at),
                        "until": None,
                    }
                )
                if week % 13 == 12:
                    reviews.append(
                        {
                            "id": len(reviews) + 1,
                            "account_id": account_id,
                            "kind": "completed",
                            "at": utc_text(at),
                            "until": None,
                            "note": "",
                            "how": "",
                        }
                    )
    return {
        "personas": personas,
        "accounts": accounts,
        "progress_events": events,
        "review_events": reviews,
    }


def run() -> list[Result]:
    checklist = _checklist()
    catalog = Catalog(checklists={checklist.id: checklist})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tightrope.sqlite3"
        with Database.open(path) as database:
            database.load(_tables())
        results: list[Result] = []
        events = PERSONAS * ACCOUNTS_PER_PERSONA * WEEKS
        results.append(
            Result(
                f"open + quick check, {events // 1000}k answers",
                best_ms(lambda: Database.open(path).close(), repeat=3),
                "ms",
                1000,
            )
        )
        with Database.open(path) as database:
            overviews = account_overviews(database, catalog, NOW, UTC)
            assert len(overviews) == PERSONAS * ACCOUNTS_PER_PERSONA
            results.append(
                Result(
                    "status of 500 accounts x 10 years weekly",
                    best_ms(lambda: account_overviews(database, catalog, NOW, UTC)),
                    "ms",
                    100,
                )
            )
            results.append(
                Result(
                    "record one answer (durable commit)",
                    best_ms(
                        lambda: database.record_answer(
                            1, "bench", "2026.11.0", "bench-0", 1, AnswerState.DONE
                        ),
                        repeat=10,
                    ),
                    "ms",
                    50,
                )
            )
    return results
