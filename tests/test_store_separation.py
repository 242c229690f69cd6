"""Separation warnings end to end: vault, stored hashes, and `tightrope warnings`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.services.separation import current_warnings
from app.store.checklist_files import load_catalog
from app.store.database import Database
from app.store.vault import Vault
from tests.memory_keyring import MemoryKeyring

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_vault_keeps_only_hashes_in_the_database(db: Database) -> None:
    vault = Vault.for_database(db, MemoryKeyring())
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    a = db.add_account(personal.id, "example", "@a")
    b = db.add_account(work.id, "example", "Sunrise")
    vault.set(a.id, SecretField.LOGIN_EMAIL, "Jane@Example.org")
    vault.set(b.id, SecretField.LOGIN_EMAIL, "jane@example.org")
    vault.set(b.id, SecretField.RECOVERY_NOTES, "codes in the drawer")
    prints = db.fingerprints()
    assert set(prints) == {(a.id, SecretField.LOGIN_EMAIL), (b.id, SecretField.LOGIN_EMAIL)}
    assert prints[(a.id, SecretField.LOGIN_EMAIL)] == prints[(b.id, SecretField.LOGIN_EMAIL)]
    assert "jane" not in "".join(prints.values()).lower()

    vault.delete(b.id, SecretField.LOGIN_EMAIL)
    assert set(db.fingerprints()) == {(a.id, SecretField.LOGIN_EMAIL)}


def test_shared_email_is_found_even_while_the_keyring_is_locked(db: Database) -> None:
    backend = MemoryKeyring()
    vault = Vault.for_database(db, backend)
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    a = db.add_account(personal.id, "example", "@a")
    b = db.add_account(work.id, "example", "Sunrise")
    vault.set(a.id, SecretField.PHONE, "+1 555 010 0123")
    vault.set(b.id, SecretField.PHONE, "555-010-0123")
    backend.locked = True
    found = current_warnings(db, load_catalog(Path("/nonexistent")), NOW, keyring_available=False)
    assert [w.kind for w in found] == ["shared-login"]


def test_warnings_command(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["warnings"]) == 0
    assert "No separation warnings." in capsys.readouterr().out
    main(["personas", "add", "Personal", "--kind", "personal"])
    main(["personas", "add", "Work", "--kind", "professional"])
    main(["accounts", "add", "Personal", "example", "@jane.doe"])
    main(["accounts", "add", "Work", "example", "jane_doe"])
    capsys.readouterr()
    assert main(["warnings"]) == 0
    out = capsys.readouterr().out
    assert "HIGH    The same name on both sides" in out
    assert "not compared" in out
    assert "Fix:" in out
