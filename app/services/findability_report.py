"""The audit's Findability section: per persona, which sources were checked, found, removed
and when, re-listed, and the last re-check. Frozen view-models, like the rest of the audit.

Never a searched-for detail: the user's notes are left out too (a note may hold an address),
and sources are named by the site or register only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from app.domain.catalog import Catalog
from app.domain.findability import LISTED_STATES, SourceState
from app.services.findability import SourceOverview, countries, overview
from app.store import findability_log
from app.store.database import Database


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b} {value.year}" if value is not None else "—"


@dataclass(frozen=True)
class FindabilitySourceView:
    source: str
    state: str
    first_found: str
    removed_on: str
    relisted: int
    last_checked: str
    next_due: str
    evidence: int


@dataclass(frozen=True)
class FindabilityPersonaView:
    name: str
    followed: int
    checked: int
    found: int
    removed: int
    relisted: int
    last_recheck: str
    countries: str
    checklist_versions: str
    sources: tuple[FindabilitySourceView, ...]


def _source_view(row: SourceOverview) -> FindabilitySourceView:
    standing = row.standing
    clock = row.next
    return FindabilitySourceView(
        source=row.item.title.split(":")[0],
        state=standing.state.label,
        first_found=_day(standing.first_found),
        removed_on=_day(standing.removed_on),
        relisted=standing.relisted_count,
        last_checked=_day(standing.last_checked),
        next_due=("now" if row.due else _day(clock.on)) if clock else "—",
        evidence=sum(len(e.evidence) for e in standing.history),
    )


def findability_audit_views(
    db: Database, catalog: Catalog, now: datetime, tz: tzinfo
) -> tuple[FindabilityPersonaView, ...]:
    rows = overview(db, catalog, now, tz)
    logged = {e.persona_id for e in findability_log.events(db)}
    views: list[FindabilityPersonaView] = []
    for persona in db.personas():
        mine = [r for r in rows if r.persona.id == persona.id]
        if not mine or persona.id not in logged:
            continue
        checked = [r for r in mine if r.standing.last_checked is not None]
        found = [
            r
            for r in mine
            if any(
                e.state in LISTED_STATES or e.state is SourceState.REQUESTED
                for e in r.standing.history
            )
        ]
        last = max(
            (r.standing.last_checked for r in checked if r.standing.last_checked), default=None
        )
        versions = sorted({f"{r.checklist.id} {r.checklist.version}" for r in mine})
        views.append(
            FindabilityPersonaView(
                name=persona.name,
                followed=len(mine),
                checked=len(checked),
                found=len(found),
                removed=sum(1 for r in mine if r.standing.state is SourceState.REMOVED),
                relisted=sum(r.standing.relisted_count for r in mine),
                last_recheck=_day(last),
                countries=", ".join(countries(db)),
                checklist_versions=", ".join(versions),
                sources=tuple(_source_view(r) for r in checked),
            )
        )
    return tuple(views)
