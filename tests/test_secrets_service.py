"""Private details through app.services.secrets and the keyring vault, no Qt."""

from __future__ import annotations

import pytest

from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.services.secrets import SecretsLoaded, load_secrets, save_secrets
from app.store.database import Database
from app.store.vault import Vault, VaultUnavailable
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def account_id(db: Database) -> int:
    persona = db.add_persona("Professional", PersonaKind.PROFESSIONAL)
    return db.add_account(persona.id, "example", "Riverside Counselling").id


def test_saved_secrets_are_in_the_keyring_and_hashed_once_in_the_database(
    db: Database, memory_keyring: MemoryKeyring, account_id: int
) -> None:
    vault = Vault.for_database(db, backend=memory_keyring)
    save_secrets(
        vault,
        account_id,
        {SecretField.PHONE: "+1 555 0142", SecretField.RECOVERY_NOTES: "codes in the safe"},
    )
    assert load_secrets(vault, account_id) == SecretsLoaded(
        True,
        "",
        {SecretField.PHONE: "+1 555 0142", SecretField.RECOVERY_NOTES: "codes in the safe"},
    )
    assert set(db.fingerprints()) == {(account_id, SecretField.PHONE)}
    assert "+1 555 0142" not in db.path.read_bytes().decode("latin-1")


def test_an_empty_value_removes_the_secret_and_its_hash(
    db: Database, memory_keyring: MemoryKeyring, account_id: int
) -> None:
    vault = Vault.for_database(db, backend=memory_keyring)
    save_secrets(vault, account_id, {SecretField.LOGIN_EMAIL: "jane@example.org"})
    assert (account_id, SecretField.LOGIN_EMAIL) in db.fingerprints()
    save_secrets(vault, account_id, {SecretField.LOGIN_EMAIL: "  "})
    assert vault.get(account_id, SecretField.LOGIN_EMAIL) is None
    assert db.fingerprints() == {}


def test_a_new_account_loads_no_secrets(db: Database, memory_keyring: MemoryKeyring) -> None:
    assert load_secrets(Vault.for_database(db, backend=memory_keyring), None).values == {}


def test_without_a_keyring_loading_says_why_and_saving_raises(
    db: Database, account_id: int
) -> None:
    vault = Vault.for_database(db)  # tests run with keyring's "fail" backend
    loaded = load_secrets(vault, account_id)
    assert not loaded.available and "no keyring service was found" in loaded.reason
    with pytest.raises(VaultUnavailable):
        save_secrets(vault, account_id, {SecretField.PHONE: "+1 555 0142"})
    assert db.fingerprints() == {}
