"""Personas and accounts: add, edit, move, archive (with an undo), restore.

The window and the command line change personas and accounts only through here. Each
function checks what it is given before anything is written and refuses with
`WorkspaceError`, whose message is a clause in plain words like the store's own ("there is
already a persona called 'Work'; choose another name"): the window makes it a sentence,
the command line prints it after "error: ". The store checks names again inside its
transaction, so a command run while the window is open cannot slip a duplicate past.

Nothing is ever deleted: archiving hides a persona or an account from the everyday
lists and reminders, and its history stays for the records and the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from app.domain.catalog import Catalog
from app.domain.checklist import PersonaKind
from app.domain.personas import DEFAULT_RECHECK_DAYS, Account, Persona, PersonaStatus
from app.store.database import Database
from app.store.errors import InvalidInputError

DEFAULT_COLOUR = Persona(0, "", PersonaKind.PERSONAL).colour


class WorkspaceError(InvalidInputError):
    """A change refused before anything was written; `str()` says why and what to do."""


class UndoKind(StrEnum):
    RESTORE_PERSONA = "restore-persona"
    RESTORE_ACCOUNT = "restore-account"
    MOVE_ACCOUNT = "move-account"


@dataclass(frozen=True)
class Undo:
    """How to take back one change: `undo(db, token)` does it.

    A value rather than a callback, so it can be shown, compared and tested.
    """

    text: str
    """What was done, for an Undo menu entry: "Archived Personal"."""
    kind: UndoKind
    target_id: int
    persona_id: int = 0
    """For a move: the persona the account came from."""


@dataclass(frozen=True)
class ArchivedItem:
    """An archived persona or account, as the restore list shows it."""

    kind: str
    """"persona" or "account"."""
    id: int
    name: str
    """The persona's name or the account's handle."""
    checklist_id: str = ""
    persona_name: str = ""
    """For an account: the persona it belongs to."""


# ---------------------------------------------------------------- checks


def _persona_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise WorkspaceError("give the persona a name, for example Personal or Professional")
    return cleaned


def _name_free(db: Database, name: str, exclude: int | None = None) -> None:
    for persona in db.personas():
        if persona.id != exclude and persona.name.casefold() == name.casefold():
            raise WorkspaceError(f"there is already a persona called '{name}'; choose another name")


def _handle(handle: str) -> str:
    cleaned = handle.strip()
    if not cleaned:
        raise WorkspaceError("type the account's handle or page name, for example @jane.doe")
    return cleaned


def _checklist(catalog: Catalog, checklist_id: str, keep: str | None = None) -> str:
    """A checklist the catalog has; `keep` (the account's current one) passes even when its
    file is gone, so an account can still be edited after its checklist was removed."""
    cleaned = checklist_id.strip()
    if not cleaned:
        raise WorkspaceError("choose the account's platform")
    if cleaned in catalog.checklists or cleaned == keep:
        return cleaned
    raise WorkspaceError(
        f"there is no checklist '{cleaned}' installed; choose a platform Tightrope has a "
        "checklist for (see `tightrope checklists list`)"
    )


def _live_persona(db: Database, persona_id: int) -> Persona:
    persona = db.persona(persona_id)
    if persona.id in db.archived_persona_ids():
        raise WorkspaceError(
            f"the persona '{persona.name}' is archived; restore it first, then try again"
        )
    return persona


# ---------------------------------------------------------------- personas


def add_persona(
    db: Database,
    name: str,
    kind: PersonaKind,
    *,
    display_name: str = "",
    bio: str = "",
    colour: str = DEFAULT_COLOUR,
    recheck_days: int = DEFAULT_RECHECK_DAYS,
    status: PersonaStatus = PersonaStatus.ACTIVE,
) -> Persona:
    name = _persona_name(name)
    _name_free(db, name)
    return db.add_persona(
        name,
        kind,
        display_name=display_name.strip(),
        bio=bio.strip(),
        colour=colour,
        recheck_days=recheck_days,
        status=status,
    )


def edit_persona(db: Database, persona: Persona) -> Persona:
    """Save a persona's changed details, a new name included; returns what was saved."""
    name = _persona_name(persona.name)
    db.persona(persona.id)
    _name_free(db, name, exclude=persona.id)
    saved = replace(persona, name=name)
    db.update_persona(saved)
    return db.persona(persona.id)


def archive_persona(db: Database, persona_id: int) -> Undo:
    """Hide the persona and its accounts; their answers and reviews are kept."""
    persona = db.persona(persona_id)
    db.archive_persona(persona.id)
    return Undo(f"Archived {persona.name}", UndoKind.RESTORE_PERSONA, persona.id)


def restore_persona(db: Database, persona_id: int) -> Persona:
    """Bring an archived persona back, with the accounts it had."""
    persona = db.persona(persona_id)
    for live in db.personas():
        if live.id != persona.id and live.name.casefold() == persona.name.casefold():
            raise WorkspaceError(
                f"another persona is called '{live.name}' now; rename that one first, then "
                f"restore this '{persona.name}'"
            )
    db.restore_persona(persona.id)
    return persona


def archived_persona_named(db: Database, name: str) -> Persona | None:
    """The newest archived persona called `name` (any case), if any."""
    wanted = name.strip().casefold()
    archived = db.archived_persona_ids()
    matches = [
        p
        for p in db.personas(include_archived=True)
        if p.id in archived and p.name.casefold() == wanted
    ]
    return matches[-1] if matches else None


# ---------------------------------------------------------------- accounts


def add_account(
    db: Database,
    catalog: Catalog,
    persona_id: int,
    checklist_id: str,
    handle: str,
    profile_url: str = "",
    notes: str = "",
) -> Account:
    handle = _handle(handle)
    checklist_id = _checklist(catalog, checklist_id)
    _live_persona(db, persona_id)
    return db.add_account(persona_id, checklist_id, handle, profile_url.strip(), notes.strip())


def edit_account(db: Database, catalog: Catalog, account: Account) -> Account:
    """Save an account's changed details; a new `persona_id` moves it to that persona."""
    current = db.account(account.id)
    saved = replace(
        account,
        handle=_handle(account.handle),
        checklist_id=_checklist(catalog, account.checklist_id, keep=current.checklist_id),
        profile_url=account.profile_url.strip(),
        notes=account.notes.strip(),
    )
    if saved.persona_id != current.persona_id:
        _live_persona(db, saved.persona_id)
    db.update_account(saved)
    return saved


def move_account(db: Database, account_id: int, persona_id: int) -> Undo:
    """Put the account under another persona; its answers and reviews go with it."""
    account = db.account(account_id)
    target = _live_persona(db, persona_id)
    if account.persona_id == target.id:
        raise WorkspaceError(f"{account.handle} is already under '{target.name}'")
    db.update_account(replace(account, persona_id=target.id))
    return Undo(
        f"Moved {account.handle}", UndoKind.MOVE_ACCOUNT, account.id, persona_id=account.persona_id
    )


def archive_account(db: Database, account_id: int) -> Undo:
    """Hide the account from the lists and reminders; its answers and reviews are kept."""
    account = db.account(account_id)
    db.archive_account(account.id)
    return Undo(f"Archived {account.handle}", UndoKind.RESTORE_ACCOUNT, account.id)


def restore_account(db: Database, account_id: int) -> Account:
    account = db.account(account_id)
    persona = db.persona(account.persona_id)
    if persona.id in db.archived_persona_ids():
        raise WorkspaceError(
            f"{account.handle} belongs to the persona '{persona.name}', which is archived; "
            "restore the persona first"
        )
    db.restore_account(account.id)
    return account


def archived_items(db: Database) -> list[ArchivedItem]:
    """Archived personas, then accounts archived themselves (not those hidden only
    because their persona is), each by id."""
    names = {p.id: p.name for p in db.personas(include_archived=True)}
    items = [
        ArchivedItem("persona", persona_id, names.get(persona_id, str(persona_id)))
        for persona_id in sorted(db.archived_persona_ids())
    ]
    for account_id in sorted(db.archived_account_ids()):
        account = db.account(account_id)
        items.append(
            ArchivedItem(
                "account",
                account.id,
                account.handle,
                account.checklist_id,
                names.get(account.persona_id, ""),
            )
        )
    return items


def restore(db: Database, item: ArchivedItem) -> None:
    """Bring back one entry of `archived_items`."""
    if item.kind == "persona":
        restore_persona(db, item.id)
    else:
        restore_account(db, item.id)


def undo(db: Database, token: Undo) -> None:
    """Take back the change `token` was returned for."""
    if token.kind is UndoKind.RESTORE_PERSONA:
        restore_persona(db, token.target_id)
    elif token.kind is UndoKind.RESTORE_ACCOUNT:
        restore_account(db, token.target_id)
    else:
        move_account(db, token.target_id, token.persona_id)
