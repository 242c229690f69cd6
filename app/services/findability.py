"""Findability use cases for the window, the tray, the calendar and the command line:
where each persona stands at each source, recording a step, "I moved house", "I am being
harassed", and what comes due.

Which sources a persona follows: the items of the findability checklists for the countries
in the `findability.countries` setting (US by default) that apply to the persona's kind
(people-search sites to personal personas, professional registers to professional ones).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from app.domain.catalog import Catalog
from app.domain.checklist import Checklist, ChecklistItem, ChecklistKind
from app.domain.findability import (
    Clock,
    EvidenceFile,
    FindabilityEvent,
    LifeEvent,
    SourceStanding,
    SourceState,
    check_move,
    clocks_for,
    next_clock,
    sisters_of,
    standing_of,
)
from app.domain.first_steps import FirstSteps, parse_first_steps
from app.domain.personas import Persona, PersonaStatus
from app.domain.text import UnsafeTextError, check_multi_line
from app.store import findability_log
from app.store.database import Database
from app.store.errors import InvalidInputError, NotFoundError

COUNTRIES_SETTING = "findability.countries"
"""Comma-separated ISO codes of the countries whose sources the user follows (US, GB ...)."""
DEFAULT_COUNTRIES = ("US",)
PRACTICE_COUNTRY_SETTING = "practice.country"
FIRST_STEPS_FILE = "findability_first_steps.toml"


class FindabilityError(InvalidInputError):
    """A request the opt-out log cannot take; `str()` is one plain line."""


@dataclass(frozen=True)
class SourceOverview:
    persona: Persona
    checklist: Checklist
    item: ChecklistItem
    standing: SourceStanding
    clocks: tuple[Clock, ...]
    today: date

    @property
    def next(self) -> Clock | None:
        return next_clock(self.clocks)

    @property
    def due(self) -> bool:
        clock = self.next
        return clock is not None and clock.on <= self.today

    @property
    def overdue_days(self) -> int:
        clock = self.next
        return max(0, (self.today - clock.on).days) if clock is not None else 0

    @property
    def tier(self) -> int:
        assert self.item.source is not None
        return self.item.source.tier


@dataclass(frozen=True)
class Recorded:
    event: FindabilityEvent
    sisters: tuple[ChecklistItem, ...]
    """Sister sites to check now, when a removal was confirmed at their operator's opt-out."""


def countries(db: Database) -> tuple[str, ...]:
    """The countries followed: the user's choice, else the practice's country (set-up or
    `tightrope practice set country`), else the US."""
    text = db.setting(COUNTRIES_SETTING) or ""
    chosen = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    if chosen:
        return chosen
    practice = (db.setting(PRACTICE_COUNTRY_SETTING) or "").strip().upper()
    return (practice,) if practice else DEFAULT_COUNTRIES


def set_countries(db: Database, codes: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if not cleaned or not all(len(c) == 2 and c.isalpha() for c in cleaned):
        raise FindabilityError("give two-letter country codes such as US, GB, CA or AU")
    db.set_setting(COUNTRIES_SETTING, ",".join(cleaned))
    return cleaned


def findability_checklists(catalog: Catalog) -> list[Checklist]:
    return [c for c in catalog.sorted() if c.kind is ChecklistKind.FINDABILITY]


def available_countries(catalog: Catalog) -> list[str]:
    found = {i.source.country for c in findability_checklists(catalog) for i in c.items if i.source}
    return sorted(found)


def sources_for(
    catalog: Catalog, persona: Persona, chosen: Sequence[str]
) -> list[tuple[Checklist, ChecklistItem]]:
    """The sources a persona follows, most important first (tier, then the file's order)."""
    pairs = [
        (checklist, item)
        for checklist in findability_checklists(catalog)
        for item in checklist.items
        if item.source is not None and item.source.country in chosen and item.applies(persona.kind)
    ]
    order = {id(item): index for index, (_, item) in enumerate(pairs)}
    return sorted(pairs, key=lambda p: (p[1].source.tier if p[1].source else 9, order[id(p[1])]))


def find_source(catalog: Catalog, source_id: str) -> tuple[Checklist, ChecklistItem]:
    wanted = source_id.strip().lower()
    every = {
        item.id: (checklist, item)
        for checklist in findability_checklists(catalog)
        for item in checklist.items
    }
    if wanted in every:
        return every[wanted]
    guess = difflib.get_close_matches(wanted, sorted(every), n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else " (see `tightrope findability status`)"
    raise NotFoundError(f"there is no findability source '{source_id}'{hint}")


def _sister_removals(
    checklist: Checklist, standings: dict[str, SourceStanding]
) -> dict[str, tuple[str, datetime]]:
    """Sister item id -> (parent title, when the parent's removal was confirmed)."""
    prompts: dict[str, tuple[str, datetime]] = {}
    for item in checklist.items:
        standing = standings.get(item.id)
        if standing is None:
            continue
        removal = [e for e in standing.history if e.state is SourceState.REMOVED]
        if not removal:
            continue
        for sister in sisters_of(item, checklist.items):
            prompts[sister.id] = (item.title.split(":")[0].split(" (")[0], removal[-1].at)
    return prompts


def persona_overview(
    db: Database,
    catalog: Catalog,
    persona: Persona,
    now: datetime,
    tz: tzinfo,
    log: Sequence[FindabilityEvent] | None = None,
) -> list[SourceOverview]:
    events = list(log) if log is not None else findability_log.events(db, persona.id)
    events = [e for e in events if e.persona_id == persona.id]
    life = [e for e in events if isinstance(e.state, LifeEvent)]
    today = now.astimezone(tz).date()
    pairs = sources_for(catalog, persona, countries(db))
    by_source: dict[str, list[FindabilityEvent]] = defaultdict(list)
    for event in events:
        by_source[event.item_id].append(event)
    standings = {item.id: standing_of(item.id, by_source[item.id], tz) for _, item in pairs}
    prompts: dict[str, tuple[str, datetime]] = {}
    for checklist in {c.id: c for c, _ in pairs}.values():
        prompts.update(_sister_removals(checklist, standings))
    rows: list[SourceOverview] = []
    for checklist, item in pairs:
        standing = standings[item.id]
        clocks: tuple[Clock, ...] = ()
        if persona.status is not PersonaStatus.RETIRED:
            sister = prompts.get(item.id)
            clocks = tuple(clocks_for(item, standing, tz, life_events=life, sister_removed=sister))
        rows.append(SourceOverview(persona, checklist, item, standing, clocks, today))
    return rows


def overview(db: Database, catalog: Catalog, now: datetime, tz: tzinfo) -> list[SourceOverview]:
    """Every live persona's sources, personas in the order they were added."""
    log = findability_log.events(db)
    by_persona: dict[int, list[FindabilityEvent]] = defaultdict(list)
    for event in log:
        by_persona[event.persona_id].append(event)
    rows: list[SourceOverview] = []
    for persona in db.personas():
        rows.extend(persona_overview(db, catalog, persona, now, tz, by_persona[persona.id]))
    return rows


def due_now(rows: Iterable[SourceOverview]) -> list[SourceOverview]:
    """Sources due today or earlier, most overdue first, then by tier."""
    due = [r for r in rows if r.due]
    return sorted(due, key=lambda r: (r.next.on if r.next else r.today, r.tier))


def mentions_any(text: str, details: Sequence[str]) -> bool:
    """True when `text` contains one of `details`, or a part of one: an address's street
    line (the part before a comma), or a phone's digits however they are spaced."""
    folded = " ".join(text.casefold().split())
    digits = "".join(c for c in text if c.isdigit())
    for value in details:
        parts = [value, *value.split(",")]
        for part in (" ".join(p.casefold().split()) for p in parts):
            if len(part) >= 5 and part in folded:
                return True
        number = "".join(c for c in value if c.isdigit())
        if len(number) >= 7 and number[-7:] in digits:
            return True
    return False


def record_step(
    db: Database,
    catalog: Catalog,
    persona: Persona,
    source_id: str,
    state: SourceState,
    now: datetime,
    tz: tzinfo,
    *,
    note: str = "",
    evidence: Sequence[Path] = (),
    keep_out: Sequence[str] = (),
) -> Recorded:
    """Append one step for a source, after checking that the move makes sense.

    Evidence files are copied into the data folder first; if the move is refused, nothing
    is copied and nothing is recorded. A note that contains one of `keep_out` (the
    persona's searched-for details) is refused: notes live in the database.
    """
    try:
        check_multi_line(note, "the note")
    except UnsafeTextError as exc:
        raise FindabilityError(str(exc)) from None
    if mentions_any(note, keep_out):
        raise FindabilityError(
            "the note holds one of your search details; notes are kept in the data file, "
            "so leave the address, phone or name out"
        )
    checklist, item = find_source(catalog, source_id)
    if not item.applies(persona.kind):
        raise FindabilityError(
            f"'{item.id}' is not followed for the persona {persona.name} ({persona.kind.value})"
        )
    current = standing_of(item.id, findability_log.events(db, persona.id), tz)
    try:
        check_move(current.state, state)
    except ValueError as exc:
        raise FindabilityError(str(exc)) from None
    files: list[EvidenceFile] = []
    for path in evidence:
        files.append(findability_log.store_evidence(db, path.expanduser()))
    event = findability_log.record(
        db,
        FindabilityEvent(
            persona.id,
            checklist.id,
            str(checklist.version),
            item.id,
            item.revision,
            state,
            now,
            note.strip(),
            tuple(files),
        ),
    )
    sisters: tuple[ChecklistItem, ...] = ()
    if state is SourceState.REMOVED:
        sisters = tuple(s for s in sisters_of(item, checklist.items) if s.applies(persona.kind))
    return Recorded(event, sisters)


def record_life_event(
    db: Database, personas: Iterable[Persona], kind: LifeEvent, now: datetime, note: str = ""
) -> list[FindabilityEvent]:
    """ "I moved house" or "I am being harassed", for each persona given."""
    return [
        findability_log.record(db, FindabilityEvent(p.id, "", "", "", 0, kind, now, note.strip()))
        for p in personas
        if p.status is not PersonaStatus.RETIRED
    ]


def evidence_problems(db: Database) -> list[str]:
    """Evidence the log names that is missing or changed, one plain line each."""
    return [str(p) for p in findability_log.check_evidence(db)]


def first_steps() -> FirstSteps:
    """The shipped "being harassed" first steps (read from disk; no network)."""
    import tomllib

    import app.reports

    path = Path(app.reports.__file__).parent / FIRST_STEPS_FILE
    return parse_first_steps(tomllib.loads(path.read_text(encoding="utf-8")))


def first_steps_text(steps: FirstSteps) -> str:
    """The first steps as plain text, for the terminal and for printing."""
    lines = [steps.title, "", steps.intro, ""]
    for number, step in enumerate(steps.steps, start=1):
        lines.append(f"{number}. {step.title}")
        lines.append(f"   {step.text}")
        for ref in step.references:
            lines.append(f"   Source: {ref.title}" + (f" <{ref.url}>" if ref.url else ""))
        lines.append("")
    lines.append(f"Checked {steps.reviewed.isoformat()} (version {steps.version}).")
    return "\n".join(lines)
