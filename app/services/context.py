"""What a command-line command works on: the database and the checklist catalog.

Commands call `open_context()` inside `guarded(...)`, so a damaged, busy or newer data
file ends the command with the store's plain-words message instead of a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from app.domain.catalog import Catalog
from app.domain.checklist import Checklist, ChecklistKind
from app.domain.personas import Persona
from app.store.database import Database, DatabaseError
from app.store.errors import NotFoundError


@dataclass
class AppContext:
    db: Database
    catalog: Catalog = field(default_factory=Catalog)


@contextmanager
def open_context(*, with_catalog: bool = True) -> Iterator[AppContext]:
    """The database in the data folder (created on first use) and, if asked, the catalog."""
    from app.services.backup import routine_backup
    from app.services.checklists import load_catalog_for

    database = Database.open()
    try:
        try:
            routine_backup(database)
        except DatabaseError as exc:
            print(f"note: today's automatic backup was not made: {exc}", file=sys.stderr)
        catalog = load_catalog_for(database) if with_catalog else Catalog()
        yield AppContext(database, catalog)
    finally:
        database.close()


def guarded(action: Callable[[], int], stderr: TextIO | None = None) -> int:
    """Run `action`; a store error or a refused value becomes a message and exit code 1."""
    try:
        return action()
    except (DatabaseError, ValueError) as exc:
        print(f"error: {exc}", file=stderr or sys.stderr)
        return 1


def catalog_notes(catalog: Catalog) -> list[str]:
    """One line per checklist file that did not load, for commands that show standing."""
    return [f"note: a checklist did not load: {problem}" for problem in catalog.problems]


def format_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows (the first is the heading) as lines of aligned columns."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def find_persona(db: Database, name: str) -> Persona:
    """The live persona called `name` (any case); the error lists the names there are."""
    try:
        return db.persona_named(name)
    except NotFoundError:
        names = ", ".join(f"'{p.name}'" for p in db.personas())
        hint = f"your personas are {names}" if names else "you have no personas yet"
        raise NotFoundError(
            f"there is no persona called '{name}'; {hint} (see `tightrope personas list`)"
        ) from None


def platform_checklists(catalog: Catalog) -> list[Checklist]:
    """The checklists an account can follow: one per platform (not the policy ones)."""
    return [c for c in catalog.sorted() if c.kind is ChecklistKind.PRIVACY]


def find_platform(catalog: Catalog, checklist_id: str) -> Checklist:
    wanted = checklist_id.strip().lower()
    choices = platform_checklists(catalog)
    for checklist in choices:
        if checklist.id == wanted:
            return checklist
    listed = ", ".join(c.id for c in choices)
    raise NotFoundError(
        f"'{checklist_id}' is not a platform Tightrope has a checklist for. Use one of: {listed}"
    )
