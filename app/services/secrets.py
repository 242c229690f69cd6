"""An account's private details (login e-mail, phone, recovery notes) in the keyring.

Both calls talk to the keyring, which can be slow or wait for a password prompt, so the
window runs them on the thread pool. The vault of a database
(`app.store.vault.Vault.for_database`) keeps the separation check's keyed hashes of
e-mails and phones up to date itself whenever one is set or removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from app.domain.personas import SecretField


class VaultState(Protocol):
    @property
    def available(self) -> bool: ...

    @property
    def reason(self) -> str: ...


class SecretStore(Protocol):
    """The keyring vault (app.store.vault.Vault)."""

    def status(self) -> VaultState: ...

    def get(self, account_id: int, field: SecretField) -> str | None: ...

    def set(self, account_id: int, field: SecretField, value: str) -> None: ...

    def delete(self, account_id: int, field: SecretField) -> None: ...


@dataclass(frozen=True)
class SecretsLoaded:
    available: bool
    reason: str
    """Why the keyring cannot be used, in plain words; empty when it can."""
    values: dict[SecretField, str]


def load_secrets(vault: SecretStore, account_id: int | None) -> SecretsLoaded:
    """Whether the keyring works now, then the account's secrets (none for a new account)."""
    status = vault.status()
    if not status.available:
        return SecretsLoaded(False, status.reason, {})
    values: dict[SecretField, str] = {}
    if account_id is not None:
        for field in SecretField:
            value = vault.get(account_id, field)
            if value:
                values[field] = value
    return SecretsLoaded(True, "", values)


def save_secrets(vault: SecretStore, account_id: int, changes: Mapping[SecretField, str]) -> None:
    """Keep each changed value; an empty one removes that secret from the keyring."""
    for field, value in changes.items():
        if value.strip():
            vault.set(account_id, field, value)
        else:
            vault.delete(account_id, field)
