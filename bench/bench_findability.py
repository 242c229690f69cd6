"""The opt-out log after years of use: 10 personas following every shipped country's
sources, each source with a dozen steps. The findability box and the tray read it on the
GUI thread after every write and once an hour, so it has to stay under 100 ms."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.checklist import PersonaKind
from app.domain.findability import FindabilityEvent, LifeEvent, SourceState
from app.services import findability
from app.store import findability_log
from app.store.checklist_files import load_catalog
from app.store.database import Database
from app.store.paths import shipped_checklists_dir
from bench.common import Result, best_ms

PERSONAS = 10
CYCLE = (
    SourceState.FOUND,
    SourceState.REQUESTED,
    SourceState.REMOVED,
    SourceState.RELISTED,
)
ROUNDS = 3
NOW = datetime(2029, 6, 1, 12, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/Los_Angeles")


def run() -> list[Result]:
    catalog = load_catalog(shipped_checklists_dir())
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.sqlite3")
        try:
            findability.set_countries(db, ["US", "GB", "CA", "AU"])
            start = NOW - timedelta(days=3 * 365)
            events = 0
            for p in range(PERSONAS):
                kind = PersonaKind.PERSONAL if p % 2 else PersonaKind.PROFESSIONAL
                persona = db.add_persona(f"Persona {p}", kind)
                pairs = findability.sources_for(catalog, persona, findability.countries(db))
                step = 0
                for checklist, item in pairs:
                    for state in CYCLE * ROUNDS:
                        step += 1
                        findability_log.record(
                            db,
                            FindabilityEvent(
                                persona.id,
                                checklist.id,
                                str(checklist.version),
                                item.id,
                                item.revision,
                                state,
                                start + timedelta(hours=step),
                            ),
                        )
                        events += 1
                findability_log.record(
                    db, FindabilityEvent(persona.id, "", "", "", 0, LifeEvent.MOVED, NOW)
                )
            rows = findability.overview(db, catalog, NOW, ZONE)
            return [
                Result(
                    f"findability overview, {len(rows)} sources, {events} events",
                    best_ms(lambda: findability.overview(db, catalog, NOW, ZONE)),
                    "ms",
                    100,
                )
            ]
        finally:
            db.close()
