from __future__ import annotations

import time
from pathlib import Path

import pytest
from keyring.backends import fail, null

from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.store.database import Database
from app.store.vault import SERVICE, Vault, VaultUnavailable
from tests.memory_keyring import MemoryKeyring

EMAIL = "jane.private@example.org"


class PlaintextFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backend, which keeps secrets in a file."""


PlaintextFileKeyring.__module__ = "keyrings.alt.file"


def accounts(db: Database, count: int) -> list[int]:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    return [db.add_account(persona.id, "example", f"@a{n}").id for n in range(count)]


def test_secrets_round_trip_through_the_keyring(
    db: Database, memory_keyring: MemoryKeyring
) -> None:
    first, second = accounts(db, 2)
    vault = Vault.for_database(db)
    assert vault.status().available
    vault.set(first, SecretField.LOGIN_EMAIL, EMAIL)
    vault.set(first, SecretField.PHONE, "+1 555 0100")
    assert vault.get(first, SecretField.LOGIN_EMAIL) == EMAIL
    assert vault.secrets_of(first) == {
        SecretField.LOGIN_EMAIL: EMAIL,
        SecretField.PHONE: "+1 555 0100",
    }
    assert all(service == SERVICE for service, _ in memory_keyring.entries)

    vault.set(first, SecretField.PHONE, "  ")
    vault.delete(first, SecretField.RECOVERY_NOTES)
    assert vault.secrets_of(first) == {SecretField.LOGIN_EMAIL: EMAIL}
    assert vault.get(second, SecretField.LOGIN_EMAIL) is None


def test_two_data_folders_do_not_share_secrets(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    with (
        Database.open(tmp_path / "a" / "t.sqlite3") as a,
        Database.open(tmp_path / "b" / "t.sqlite3") as b,
    ):
        accounts(a, 1)
        accounts(b, 1)
        Vault.for_database(a, backend).set(1, SecretField.PHONE, "+1 555 0100")
        assert Vault.for_database(b, backend).get(1, SecretField.PHONE) is None
        assert Vault.for_database(a, backend).get(1, SecretField.PHONE) == "+1 555 0100"


def test_secrets_never_reach_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    with Database.open(path) as database:
        accounts(database, 1)
        vault = Vault.for_database(database, MemoryKeyring())
        vault.set(1, SecretField.LOGIN_EMAIL, EMAIL)
        vault.set(1, SecretField.RECOVERY_NOTES, "recovery code 9911-2233")
        vault.installation_key()
    for file in path.parent.rglob("*"):
        if file.is_file():
            content = file.read_bytes()
            assert EMAIL.encode() not in content, file
            assert b"9911-2233" not in content, file


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        (fail.Keyring(), "no keyring service was found"),
        (null.Keyring(), "switched off"),
        (PlaintextFileKeyring(), "keeps secrets in a file"),
    ],
)
def test_backends_that_are_not_secret_stores_count_as_none(backend: object, words: str) -> None:
    vault = Vault("ns", backend)  # type: ignore[arg-type]
    status = vault.status()
    assert not status.available
    assert words in status.reason
    assert "Install" in status.reason or "Keychain" in status.reason or "Windows" in status.reason
    with pytest.raises(VaultUnavailable):
        vault.set(1, SecretField.PHONE, "+1 555 0100")
    if isinstance(backend, PlaintextFileKeyring):
        assert backend.entries == {}


def test_the_keyring_chosen_by_keyring_is_used_by_default(memory_keyring: MemoryKeyring) -> None:
    Vault("ns").set(1, SecretField.PHONE, "+1 555 0100")
    assert list(memory_keyring.entries.values()) == ["+1 555 0100"]


def test_without_any_keyring_the_vault_says_so() -> None:
    status = Vault("ns").status()
    assert not status.available
    assert "keyring" in status.reason


def test_a_locked_keyring_is_reported_in_words() -> None:
    backend = MemoryKeyring()
    backend.locked = True
    vault = Vault("ns", backend)
    with pytest.raises(VaultUnavailable, match="locked"):
        vault.get(1, SecretField.LOGIN_EMAIL)
    status = vault.status()
    assert not status.available and "Unlock it" in status.reason
    backend.locked = False
    assert vault.status().available


def test_a_hanging_keyring_never_blocks_the_caller() -> None:
    backend = MemoryKeyring()
    vault = Vault("ns", backend, timeout=0.05)
    backend.hang()
    try:
        with pytest.raises(VaultUnavailable, match="did not answer"):
            vault.set(1, SecretField.PHONE, "+1 555 0100")
        calls = backend.calls
        with pytest.raises(VaultUnavailable, match="still not answered"):
            vault.get(1, SecretField.PHONE)
        assert backend.calls == calls
        assert not vault.status().available
    finally:
        backend.release()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            assert vault.get(1, SecretField.PHONE) == "+1 555 0100"
            break
        except VaultUnavailable:
            time.sleep(0.01)
    else:
        pytest.fail("the vault did not recover after the keyring answered")


def test_installation_key_is_made_once_and_kept(db: Database) -> None:
    backend = MemoryKeyring()
    key = Vault.for_database(db, backend).installation_key()
    assert len(key) == 32
    assert Vault.for_database(db, backend).installation_key() == key
    assert Vault.for_database(db, MemoryKeyring()).installation_key() != key
