"""An account added by mistake can be deleted; an archived one can be deleted with its
history after a clear warning; the history stays append-only otherwise."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.removal import DeleteKind, DeleteRefused, delete_account, plan_delete
from app.services.secrets import save_secrets
from app.store.database import Database
from app.store.deletion import purge_archived_account, purge_log
from app.store.errors import InvalidInputError
from app.store.vault import Vault
from tests.memory_keyring import MemoryKeyring
from tests.ui_helpers import on_modal

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def answered(db: Database) -> int:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    db.record_answer(account.id, "example", "1", "first", 1, AnswerState.DONE, "", WHEN)
    db.record_review_event(ReviewEvent(account.id, ReviewEventKind.COMPLETED, WHEN))
    return account.id


def test_an_unused_account_is_deleted_at_once(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@typo")
    plan = plan_delete(db, account.id)
    assert plan.kind is DeleteKind.UNUSED
    assert "nothing else is lost" in plan.warning
    delete_account(db, None, plan)
    assert db.accounts(include_archived=True) == []


def test_an_active_account_with_history_can_only_be_archived(db: Database) -> None:
    account_id = answered(db)
    plan = plan_delete(db, account_id)
    assert plan.kind is DeleteKind.REFUSED
    assert "Archive it first" in plan.warning
    with pytest.raises(DeleteRefused):
        delete_account(db, None, plan)
    assert len(db.events(account_id)) == 1


def test_an_archived_account_goes_with_its_history_and_the_purge_is_logged(
    db: Database,
) -> None:
    account_id = answered(db)
    db.archive_account(account_id)
    plan = plan_delete(db, account_id)
    assert plan.kind is DeleteKind.WITH_HISTORY
    assert "1 answer and 1 review record go too" in plan.warning
    assert "cannot be undone" in plan.warning
    delete_account(db, None, plan)
    assert db.events() == [] and db.review_events() == []
    assert db.latest_answers() == []
    log = purge_log(db)
    assert [(e["account_id"], e["answers"], e["reviews"]) for e in log] == [(account_id, 1, 1)]


def test_the_history_stays_append_only_outside_a_purge(db: Database) -> None:
    account_id = answered(db)
    connection = sqlite3.connect(db.path, isolation_level=None)
    try:
        for statement in (
            "DELETE FROM progress_events",
            "DELETE FROM review_events",
            "UPDATE progress_events SET note = 'x'",
            f"INSERT INTO purge_permits (account_id) VALUES ({account_id})",
        ):
            with pytest.raises(sqlite3.DatabaseError):
                connection.execute(statement)
        db.archive_account(account_id)
        purge_archived_account(db, account_id)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("DELETE FROM purged_accounts")
        assert connection.execute("SELECT count(*) FROM purge_permits").fetchone()[0] == 0
    finally:
        connection.close()


def test_purging_an_active_account_is_refused(db: Database) -> None:
    account_id = answered(db)
    with pytest.raises(InvalidInputError, match="archive it first"):
        purge_archived_account(db, account_id)
    assert len(db.events(account_id)) == 1


def test_the_private_details_leave_the_keyring_too(
    db: Database, memory_keyring: MemoryKeyring
) -> None:
    vault = Vault.for_database(db, backend=memory_keyring)
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@typo")
    save_secrets(vault, account.id, {SecretField.PHONE: "+1 555 0100"})
    delete_account(db, vault, plan_delete(db, account.id))
    assert vault.get(account.id, SecretField.PHONE) is None
    assert db.fingerprints() == {}


def test_without_the_keyring_an_account_with_private_details_is_kept(
    db: Database, memory_keyring: MemoryKeyring
) -> None:
    from keyring.backends import fail

    vault = Vault.for_database(db, backend=memory_keyring)
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@typo")
    save_secrets(vault, account.id, {SecretField.PHONE: "+1 555 0100"})
    broken = Vault(vault.namespace, backend=fail.Keyring(), timeout=2)
    with pytest.raises(DeleteRefused, match="Unlock it"):
        delete_account(db, broken, plan_delete(db, account.id))
    assert db.accounts()


def test_delete_from_the_accounts_menu_asks_first(qtbot: QtBot, tmp_path: Path) -> None:
    from app.ui.main_window import MainWindow
    from tests.ui_helpers import catalog_of, example_checklist

    db = Database.open(tmp_path / "tightrope.sqlite3")
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@typo")
    window = MainWindow(db, catalog_of(example_checklist()))
    qtbot.addWidget(window)
    window.show()
    window.panel.select("account", account.id)
    assert window.delete_account_action.isEnabled()
    texts: list[str] = []

    def cancel(box: QMessageBox) -> None:
        texts.append(box.text())
        box.reject()

    on_modal(QMessageBox, cancel)
    window.delete_account_action.trigger()
    assert "no answers or reviews" in texts[0]
    assert db.accounts()

    def accept(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == "Delete").click()

    on_modal(QMessageBox, accept)
    window.delete_account_action.trigger()
    qtbot.waitUntil(lambda: not db.accounts(include_archived=True))
    qtbot.waitUntil(lambda: "Deleted @typo" in window.statusBar().currentMessage())
    db.close()
