"""First-run set-up through app.services.setup: the whole plan or nothing, no Qt."""

from __future__ import annotations

import pytest

from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.practice import PracticeProfile
from app.services import workspace
from app.services.setup import (
    PlannedAccount,
    SetupPlan,
    apply_setup,
    finish_setup,
    needs_setup,
)
from app.services.workspace import WorkspaceError
from app.store.checklist_files import Catalog
from app.store.database import Database
from tests.checklist_factory import raw_checklist

PRACTICE = PracticeProfile(name="Riverside Counselling", crisis_line="988")
DEFAULTS = (
    ("Personal", PersonaKind.PERSONAL, "#3f8f6b"),
    ("Professional", PersonaKind.PROFESSIONAL, "#5b7db1"),
)


@pytest.fixture
def catalog() -> Catalog:
    checklist = parse_checklist(raw_checklist("example"), "example")
    return Catalog(checklists={checklist.id: checklist})


def test_a_plan_writes_practice_personas_and_accounts(db: Database, catalog: Catalog) -> None:
    plan = SetupPlan(
        PRACTICE,
        DEFAULTS,
        (
            PlannedAccount("personal", "example", "@jane.walks"),
            PlannedAccount("Professional", "example", "Riverside Counselling"),
            PlannedAccount("Nobody", "example", "@left.out"),
        ),
    )
    assert needs_setup(db)
    created = finish_setup(db, catalog, plan)
    assert [(p.name, p.kind, p.colour) for p in created] == list(DEFAULTS)
    assert db.practice().name == "Riverside Counselling"
    by_persona = {db.persona(a.persona_id).name: a.handle for a in db.accounts()}
    assert by_persona == {"Personal": "@jane.walks", "Professional": "Riverside Counselling"}
    assert not needs_setup(db)


def test_skipping_writes_nothing_but_is_not_asked_again(db: Database, catalog: Catalog) -> None:
    assert finish_setup(db, catalog, None) == []
    assert db.personas() == [] and not db.practice().is_set_up
    assert not needs_setup(db)


def test_running_again_adds_accounts_under_existing_personas(
    db: Database, catalog: Catalog
) -> None:
    personal = workspace.add_persona(db, "Personal", PersonaKind.PERSONAL)
    plan = SetupPlan(PRACTICE, DEFAULTS[1:], (PlannedAccount("Personal", "example", "@jane"),))
    apply_setup(db, catalog, plan)
    assert [p.name for p in db.personas()] == ["Personal", "Professional"]
    assert [a.persona_id for a in db.accounts()] == [personal.id]


@pytest.mark.parametrize(
    ("personas", "accounts", "message"),
    [
        (
            (
                ("Personal", PersonaKind.PERSONAL, "#3f8f6b"),
                ("personal", PersonaKind.OTHER, "#3f8f6b"),
            ),
            (),
            "already a persona called 'personal'",
        ),
        ((("  ", PersonaKind.PERSONAL, "#3f8f6b"),), (), "give each new persona a name"),
        (DEFAULTS, (PlannedAccount("Personal", "example", " "),), "each account's handle"),
        (DEFAULTS, (PlannedAccount("Personal", "nowhere", "@j"),), "no checklist 'nowhere'"),
    ],
)
def test_a_bad_plan_is_refused_before_anything_is_written(
    db: Database,
    catalog: Catalog,
    personas: tuple[tuple[str, PersonaKind, str], ...],
    accounts: tuple[PlannedAccount, ...],
    message: str,
) -> None:
    with pytest.raises(WorkspaceError, match=message):
        finish_setup(db, catalog, SetupPlan(PRACTICE, personas, accounts))
    assert db.personas() == [] and db.accounts() == []
    assert not db.practice().is_set_up, "the practice is not half saved"
    assert needs_setup(db), "a failed set-up is offered again"


def test_a_plan_naming_an_existing_persona_is_refused(db: Database, catalog: Catalog) -> None:
    workspace.add_persona(db, "Professional", PersonaKind.OTHER)
    with pytest.raises(WorkspaceError, match="already a persona called 'Professional'"):
        apply_setup(db, catalog, SetupPlan(PRACTICE, DEFAULTS))
    assert [p.name for p in db.personas()] == ["Professional"]
