"""Personas and accounts through app.services.workspace: each use case and how it refuses
bad input, with a real database and no Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.personas import Account, Persona, PersonaStatus
from app.domain.progress import AnswerState
from app.services import workspace
from app.services.workspace import ArchivedItem, Undo, UndoKind, WorkspaceError
from app.store.checklist_files import Catalog
from app.store.database import Database
from app.store.errors import NotFoundError
from tests.checklist_factory import raw_checklist, raw_item

NOW = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)


def example_catalog() -> Catalog:
    """One privacy checklist, `example`, with one item, `first`."""
    checklist = parse_checklist(raw_checklist("example", items=[raw_item("first")]), "example")
    return Catalog(checklists={checklist.id: checklist})


@pytest.fixture
def catalog() -> Catalog:
    return example_catalog()


@pytest.fixture
def personal(db: Database) -> Persona:
    return workspace.add_persona(db, "Personal", PersonaKind.PERSONAL)


@pytest.fixture
def account(db: Database, catalog: Catalog, personal: Persona) -> Account:
    return workspace.add_account(db, catalog, personal.id, "example", "@jane")


def nothing_written(db: Database) -> dict[str, list[dict[str, object]]]:
    return {table: rows for table, rows in db.dump().items() if table != "settings"}


# ---------------------------------------------------------------- personas


def test_add_persona_keeps_every_detail(db: Database) -> None:
    persona = workspace.add_persona(
        db,
        "  Advocacy ",
        PersonaKind.OTHER,
        display_name="Jane for Parks",
        bio="Green spaces",
        colour="#9C4F96",
        recheck_days=180,
        status=PersonaStatus.DORMANT,
    )
    assert persona.name == "Advocacy"
    assert db.persona(persona.id) == Persona(
        persona.id,
        "Advocacy",
        PersonaKind.OTHER,
        PersonaStatus.DORMANT,
        "Jane for Parks",
        "Green spaces",
        "#9c4f96",
        180,
    )


@pytest.mark.parametrize("name", ["", "   "])
def test_a_persona_needs_a_name(db: Database, name: str) -> None:
    with pytest.raises(WorkspaceError, match="give the persona a name, for example Personal"):
        workspace.add_persona(db, name, PersonaKind.PERSONAL)
    assert db.personas(include_archived=True) == []


def test_two_personas_cannot_share_a_name_in_any_case(db: Database, personal: Persona) -> None:
    with pytest.raises(WorkspaceError) as refused:
        workspace.add_persona(db, " personal ", PersonaKind.OTHER)
    assert str(refused.value) == "there is already a persona called 'personal'; choose another name"
    assert db.personas() == [personal]


def test_an_archived_persona_does_not_hold_its_name(db: Database, personal: Persona) -> None:
    workspace.archive_persona(db, personal.id)
    newer = workspace.add_persona(db, "Personal", PersonaKind.PERSONAL)
    assert [p.id for p in db.personas()] == [newer.id]


def test_rename_and_edit_a_persona(db: Database, personal: Persona) -> None:
    saved = workspace.edit_persona(
        db, Persona(personal.id, " Home ", PersonaKind.PERSONAL, bio="Family", recheck_days=60)
    )
    assert (saved.name, saved.bio, saved.recheck_days) == ("Home", "Family", 60)
    assert db.persona(personal.id) == saved


def test_a_persona_keeps_its_own_name_in_a_new_case(db: Database, personal: Persona) -> None:
    assert workspace.edit_persona(db, Persona(personal.id, "PERSONAL", personal.kind)).name == (
        "PERSONAL"
    )


def test_renaming_refuses_an_empty_or_taken_name(db: Database, personal: Persona) -> None:
    work = workspace.add_persona(db, "Work", PersonaKind.PROFESSIONAL)
    with pytest.raises(WorkspaceError, match="give the persona a name"):
        workspace.edit_persona(db, Persona(work.id, " ", work.kind))
    with pytest.raises(WorkspaceError, match="already a persona called 'personal'"):
        workspace.edit_persona(db, Persona(work.id, "personal", work.kind))
    assert db.persona(work.id) == work


def test_editing_a_persona_that_is_not_there_says_so(db: Database) -> None:
    with pytest.raises(NotFoundError, match="no persona number 42"):
        workspace.edit_persona(db, Persona(42, "Ghost", PersonaKind.OTHER))


def test_archive_persona_hides_it_and_its_accounts_and_undo_brings_them_back(
    db: Database, personal: Persona, account: Account
) -> None:
    db.record_answer(account.id, "example", "2026.11.0", "first", 1, AnswerState.DONE, at=NOW)
    token = workspace.archive_persona(db, personal.id)
    assert token == Undo("Archived Personal", UndoKind.RESTORE_PERSONA, personal.id)
    assert db.personas() == [] and db.accounts() == []
    assert len(db.events(account.id)) == 1, "the history is kept"
    workspace.undo(db, token)
    assert db.personas() == [personal]
    assert db.accounts() == [account]


def test_restore_persona_refuses_while_another_has_its_name(
    db: Database, personal: Persona
) -> None:
    workspace.archive_persona(db, personal.id)
    newer = workspace.add_persona(db, "personal", PersonaKind.PERSONAL)
    with pytest.raises(WorkspaceError) as refused:
        workspace.restore_persona(db, personal.id)
    assert "another persona is called 'personal' now; rename that one first" in str(refused.value)
    assert db.personas() == [newer]


def test_archived_persona_named_finds_the_newest_in_any_case(db: Database) -> None:
    older = workspace.add_persona(db, "Old", PersonaKind.PERSONAL)
    workspace.archive_persona(db, older.id)
    newer = workspace.add_persona(db, "old", PersonaKind.PERSONAL)
    workspace.archive_persona(db, newer.id)
    assert workspace.archived_persona_named(db, " OLD ") == newer
    assert workspace.archived_persona_named(db, "Missing") is None


# ---------------------------------------------------------------- accounts


def test_add_account_under_a_persona(db: Database, catalog: Catalog, personal: Persona) -> None:
    account = workspace.add_account(
        db, catalog, personal.id, "example", " @jane ", " https://x.example/jane ", " mine "
    )
    assert account == Account(
        account.id, personal.id, "example", "@jane", "https://x.example/jane", "mine"
    )
    assert db.accounts() == [account]


@pytest.mark.parametrize(
    ("checklist_id", "handle", "message"),
    [
        ("example", "  ", "type the account's handle or page name, for example @jane.doe"),
        ("instagramm", "@jane", "there is no checklist 'instagramm' installed"),
        ("", "@jane", "choose the account's platform"),
    ],
)
def test_add_account_refuses_bad_input_and_writes_nothing(
    db: Database,
    catalog: Catalog,
    personal: Persona,
    checklist_id: str,
    handle: str,
    message: str,
) -> None:
    before = nothing_written(db)
    with pytest.raises(WorkspaceError, match=message):
        workspace.add_account(db, catalog, personal.id, checklist_id, handle)
    assert nothing_written(db) == before


def test_add_account_refuses_an_archived_or_missing_persona(
    db: Database, catalog: Catalog, personal: Persona
) -> None:
    workspace.archive_persona(db, personal.id)
    with pytest.raises(WorkspaceError, match="'Personal' is archived; restore it first"):
        workspace.add_account(db, catalog, personal.id, "example", "@jane")
    with pytest.raises(NotFoundError, match="no persona number 99"):
        workspace.add_account(db, catalog, 99, "example", "@jane")
    assert db.accounts(include_archived=True) == []


def test_edit_account_saves_details_and_can_change_persona(
    db: Database, catalog: Catalog, personal: Persona, account: Account
) -> None:
    work = workspace.add_persona(db, "Work", PersonaKind.PROFESSIONAL)
    changed = Account(account.id, work.id, "example", " Jane Counselling ", notes=" page ")
    saved = workspace.edit_account(db, catalog, changed)
    assert db.account(account.id) == saved
    assert (saved.persona_id, saved.handle, saved.notes) == (work.id, "Jane Counselling", "page")


def test_edit_account_keeps_a_checklist_that_is_no_longer_installed(
    db: Database, personal: Persona, account: Account
) -> None:
    empty = Catalog()
    saved = workspace.edit_account(db, empty, Account(account.id, personal.id, "example", "@j"))
    assert db.account(account.id).handle == "@j" == saved.handle
    with pytest.raises(WorkspaceError, match="no checklist 'other' installed"):
        workspace.edit_account(db, empty, Account(account.id, personal.id, "other", "@j"))


def test_edit_account_refuses_an_empty_handle_or_an_archived_persona(
    db: Database, catalog: Catalog, personal: Persona, account: Account
) -> None:
    work = workspace.add_persona(db, "Work", PersonaKind.PROFESSIONAL)
    workspace.archive_persona(db, work.id)
    with pytest.raises(WorkspaceError, match="handle or page name"):
        workspace.edit_account(db, catalog, Account(account.id, personal.id, "example", ""))
    with pytest.raises(WorkspaceError, match="'Work' is archived"):
        workspace.edit_account(db, catalog, Account(account.id, work.id, "example", "@jane"))
    assert db.account(account.id) == account


def test_move_account_and_undo(db: Database, personal: Persona, account: Account) -> None:
    work = workspace.add_persona(db, "Work", PersonaKind.PROFESSIONAL)
    token = workspace.move_account(db, account.id, work.id)
    assert token == Undo("Moved @jane", UndoKind.MOVE_ACCOUNT, account.id, persona_id=personal.id)
    assert [a.handle for a in db.accounts(work.id)] == ["@jane"]
    workspace.undo(db, token)
    assert db.account(account.id).persona_id == personal.id


def test_move_account_refuses_the_same_an_archived_or_a_missing_persona(
    db: Database, personal: Persona, account: Account
) -> None:
    with pytest.raises(WorkspaceError, match="@jane is already under 'Personal'"):
        workspace.move_account(db, account.id, personal.id)
    old = workspace.add_persona(db, "Old", PersonaKind.OTHER)
    workspace.archive_persona(db, old.id)
    with pytest.raises(WorkspaceError, match="'Old' is archived"):
        workspace.move_account(db, account.id, old.id)
    with pytest.raises(NotFoundError, match="no persona number 99"):
        workspace.move_account(db, account.id, 99)
    with pytest.raises(NotFoundError, match="no account number 99"):
        workspace.move_account(db, 99, personal.id)
    assert db.account(account.id) == account


def test_undoing_a_move_into_a_persona_archived_since_says_what_to_do(
    db: Database, personal: Persona, account: Account
) -> None:
    work = workspace.add_persona(db, "Work", PersonaKind.PROFESSIONAL)
    token = workspace.move_account(db, account.id, work.id)
    workspace.archive_persona(db, personal.id)
    with pytest.raises(WorkspaceError, match="'Personal' is archived; restore it first"):
        workspace.undo(db, token)
    assert db.account(account.id).persona_id == work.id


def test_archive_account_and_undo(db: Database, account: Account) -> None:
    token = workspace.archive_account(db, account.id)
    assert token == Undo("Archived @jane", UndoKind.RESTORE_ACCOUNT, account.id)
    assert db.accounts() == []
    workspace.undo(db, token)
    assert db.accounts() == [account]


def test_restoring_an_account_of_an_archived_persona_asks_for_the_persona_first(
    db: Database, personal: Persona, account: Account
) -> None:
    workspace.archive_account(db, account.id)
    workspace.archive_persona(db, personal.id)
    with pytest.raises(WorkspaceError, match="restore the persona first"):
        workspace.restore_account(db, account.id)
    assert db.archived_account_ids() == {account.id}


def test_archived_items_list_personas_then_accounts_and_restore_either(
    db: Database, catalog: Catalog, personal: Persona, account: Account
) -> None:
    old = workspace.add_persona(db, "Old", PersonaKind.OTHER)
    workspace.archive_persona(db, old.id)
    workspace.archive_account(db, account.id)
    items = workspace.archived_items(db)
    assert items == [
        ArchivedItem("persona", old.id, "Old"),
        ArchivedItem("account", account.id, "@jane", "example", "Personal"),
    ]
    for item in items:
        workspace.restore(db, item)
    assert workspace.archived_items(db) == []
    assert [p.name for p in db.personas()] == ["Personal", "Old"]
    assert db.accounts() == [account]


def test_workspace_errors_are_store_errors_the_callers_already_handle() -> None:
    from app.store.errors import DatabaseError

    error = WorkspaceError("x")
    assert isinstance(error, DatabaseError) and isinstance(error, ValueError)


def test_the_services_load_without_qt() -> None:
    code = (
        "import sys; import app.services.workspace, app.services.setup, "
        "app.services.secrets, app.services.preferences; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
