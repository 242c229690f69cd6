"""First-run set-up: the practice profile, the default personas, the first accounts.

The set-up assistant (app.ui.setup_wizard) only collects a `SetupPlan`; `finish_setup`
checks the whole plan and then writes it. It can run again later: it adds only what the
plan names, and a plan naming a persona that already exists is refused before anything is
written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.catalog import Catalog
from app.domain.checklist import PersonaKind
from app.domain.personas import Persona
from app.domain.practice import PracticeProfile
from app.services import place, workspace
from app.services.shipped import load_places
from app.services.workspace import WorkspaceError
from app.store.database import Database

SETUP_SEEN_SETTING = "ui.setup-seen"


@dataclass(frozen=True)
class PlannedAccount:
    persona_name: str
    checklist_id: str
    handle: str


@dataclass(frozen=True)
class SetupPlan:
    practice: PracticeProfile
    personas: tuple[tuple[str, PersonaKind, str], ...] = ()
    """(name, kind, colour) of personas to create."""
    accounts: tuple[PlannedAccount, ...] = field(default_factory=tuple)
    clinician: str | None = None
    """Which of the practice's clinicians uses the app (the audit is theirs); None leaves
    the choice as it was."""
    country: str | None = None
    """An ISO country code to keep (see app.services.place), or None to leave it."""
    profession: str | None = None


def needs_setup(db: Database) -> bool:
    """True on a first start: no practice name, and the assistant never finished or skipped."""
    return not db.practice().is_set_up and db.setting(SETUP_SEEN_SETTING) != "yes"


def check_plan(db: Database, catalog: Catalog, plan: SetupPlan) -> None:
    """Refuse, with `WorkspaceError`, a plan that would stop half-way once written."""
    places = load_places()
    if plan.country and places.country(plan.country) is None:
        raise WorkspaceError(f"'{plan.country}' is not a country Tightrope knows")
    if plan.profession and places.profession(plan.profession) is None:
        raise WorkspaceError(f"'{plan.profession}' is not a profession Tightrope knows")
    taken = {p.name.casefold() for p in db.personas()}
    for name, _kind, _colour in plan.personas:
        cleaned = name.strip()
        if not cleaned:
            raise WorkspaceError("give each new persona a name, for example Personal")
        if cleaned.casefold() in taken:
            raise WorkspaceError(
                f"there is already a persona called '{cleaned}'; choose another name"
            )
        taken.add(cleaned.casefold())
    for planned in plan.accounts:
        if not planned.handle.strip():
            raise WorkspaceError("type each account's handle or page name, for example @jane.doe")
        if planned.checklist_id not in catalog.checklists:
            raise WorkspaceError(
                f"there is no checklist '{planned.checklist_id}' installed for "
                f"{planned.handle.strip()}; choose another platform"
            )


def apply_setup(db: Database, catalog: Catalog, plan: SetupPlan) -> list[Persona]:
    """Write the plan: practice profile, new personas, then the accounts under them.

    Accounts under a persona name that is neither new nor existing are left out.
    Returns the personas created.
    """
    from app.services.practice_pack import pack_in_force

    check_plan(db, catalog, plan)
    if pack_in_force(db) is None:  # a practice pack sets the profile: read-only here
        db.save_practice(plan.practice)
    if plan.clinician is not None:
        from app.services.clinician import ClinicianError, set_clinician

        try:
            set_clinician(db, plan.clinician, plan.practice)
        except ClinicianError as exc:
            raise WorkspaceError(str(exc)) from exc
    if plan.country is not None:
        place.set_country(db, plan.country)
    if plan.profession is not None:
        place.set_profession(db, plan.profession)
    created = [
        workspace.add_persona(db, name, kind, colour=colour) for name, kind, colour in plan.personas
    ]
    by_name = {p.name.casefold(): p for p in db.personas()}
    for planned in plan.accounts:
        persona = by_name.get(planned.persona_name.strip().casefold())
        if persona is not None:
            workspace.add_account(db, catalog, persona.id, planned.checklist_id, planned.handle)
    return created


def mark_setup_seen(db: Database) -> None:
    """The assistant was finished or skipped: do not open it by itself again."""
    db.set_setting(SETUP_SEEN_SETTING, "yes")


def finish_setup(db: Database, catalog: Catalog, plan: SetupPlan | None) -> list[Persona]:
    """Apply the plan (None when the user skipped), then remember that set-up was seen.

    When writing the plan fails, set-up counts as not seen, so it is offered again.
    """
    created = apply_setup(db, catalog, plan) if plan is not None else []
    mark_setup_seen(db)
    return created
