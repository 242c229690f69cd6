"""The vault: login e-mail, phone and recovery notes of each account, in the OS keyring.

These details would tie a personal identity to a professional one, so they never go to
the database, a backup, a log, or (unless asked) an export. Nothing is written to disk
as a fallback: when no real secret store works, the vault says so and stays empty.

Every keyring call runs in a worker thread and is given `timeout` seconds. A locked
keyring that waits for a password prompt, or a D-Bus service that never answers, makes
the call raise `VaultUnavailable`; it never freezes the caller. While such a call is
still stuck, further calls fail at once instead of piling up behind it.
"""

from __future__ import annotations

import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from app.domain.personas import SecretField
from app.domain.separation import COMPARED_FIELDS, fingerprint

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from app.store.database import Database

SERVICE = "tightrope"
DEFAULT_TIMEOUT = 5.0
NAMESPACE_SETTING = "vault.namespace"
"""Database setting naming this database's entries in the keyring, so two data folders
(a portable copy, a test folder) never read each other's secrets."""

_UNSAFE_MODULES = {
    "keyring.backends.fail": "no keyring service was found",
    "keyring.backends.null": "the keyring is switched off (null backend)",
}
_T = TypeVar("_T")


class VaultUnavailable(Exception):
    """The keyring cannot be used now; `str()` says why and what to do."""


@dataclass(frozen=True)
class VaultStatus:
    available: bool
    reason: str
    """Empty when available; otherwise one plain-words paragraph for the user."""
    backend: str = ""


def install_advice() -> str:
    if sys.platform.startswith("linux"):
        return (
            "Install and unlock a desktop keyring, such as GNOME Keyring (package "
            "gnome-keyring) or KDE Wallet (kwalletmanager), then start Tightrope again."
        )
    if sys.platform == "darwin":
        return "Open Keychain Access, make sure the login keychain is unlocked, and try again."
    if sys.platform == "win32":
        return "Windows Credential Manager should be available; sign in to Windows and try again."
    return "Install a keyring service supported by the Python keyring package."


def unsafe_reason(backend: KeyringBackend) -> str | None:
    """Why `backend` is not a real secret store, or None when it is one.

    keyring's fail and null backends store nothing; keyrings.alt's file backends keep
    secrets in a file (in plain text, or behind a terminal password prompt) and install
    themselves above `fail`, so they would be chosen silently.
    """
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        members = list(backend.backends)
        if not members:
            return "no keyring service was found"
        for member in members:
            reason = unsafe_reason(member)
            if reason is not None:
                return reason
        return None
    module = type(backend).__module__
    if module in _UNSAFE_MODULES:
        return _UNSAFE_MODULES[module]
    if module.startswith("keyrings.alt") or "plaintext" in type(backend).__name__.lower():
        return (
            f"the only keyring found ({type(backend).__name__} from {module}) keeps secrets "
            "in a file, which Tightrope does not use for these details"
        )
    return None


def _backend_name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


class Vault:
    """Secrets of the accounts in one database, kept in the keyring under service `tightrope`."""

    def __init__(
        self,
        namespace: str,
        backend: KeyringBackend | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        db: Database | None = None,
    ) -> None:
        self.namespace = namespace
        self.timeout = timeout
        self._backend = backend
        self._db = db
        self._key: bytes | None = None
        self._stuck: threading.Thread | None = None
        self._guard = threading.Lock()

    @classmethod
    def for_database(
        cls,
        db: Database,
        backend: KeyringBackend | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Vault:
        """The vault of this database (its namespace is made once and kept in settings).

        Setting or deleting a login e-mail or phone also keeps the database's keyed hash
        of it up to date, for separation warnings.
        """
        namespace = db.setting(NAMESPACE_SETTING)
        if not namespace:
            namespace = secrets.token_hex(8)
            db.set_setting(NAMESPACE_SETTING, namespace)
        return cls(namespace, backend, timeout, db)

    # ---------------------------------------------------------------- calls

    def _resolve_backend(self) -> KeyringBackend:
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    def _call(self, action: Callable[[KeyringBackend], _T]) -> _T:
        """Run `action` on the backend in a worker thread, waiting `timeout` seconds."""
        with self._guard:
            if self._stuck is not None and self._stuck.is_alive():
                raise VaultUnavailable(
                    "The keyring has still not answered an earlier request. It may be locked "
                    "and waiting for its password: unlock it, then try again."
                )
            self._stuck = None
        outcome: dict[str, object] = {}

        def work() -> None:
            try:
                backend = self._resolve_backend()
                reason = unsafe_reason(backend)
                if reason is not None:
                    outcome["unsafe"] = reason
                    return
                outcome["value"] = action(backend)
            except BaseException as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="tightrope-keyring", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            with self._guard:
                self._stuck = worker
            raise VaultUnavailable(
                f"The keyring did not answer within {self.timeout:g} seconds. It may be locked "
                "and waiting for its password: unlock it, then try again."
            )
        if "unsafe" in outcome:
            raise VaultUnavailable(
                f"Login e-mails, phone numbers and recovery notes cannot be kept: "
                f"{outcome['unsafe']}. {install_advice()}"
            )
        if "error" in outcome:
            raise self._explain(outcome["error"])  # type: ignore[arg-type]
        return outcome["value"]  # type: ignore[return-value]

    @staticmethod
    def _explain(exc: BaseException) -> VaultUnavailable:
        from keyring.errors import KeyringLocked, NoKeyringError

        if isinstance(exc, KeyringLocked):
            text = (
                "The keyring is locked. Unlock it (it may ask for your login password) "
                "and try again."
            )
        elif isinstance(exc, NoKeyringError):
            text = f"No keyring service was found. {install_advice()}"
        else:
            text = (
                f"The keyring refused the request ({type(exc).__name__}: {exc}). "
                "Check that it is unlocked and working, then try again."
            )
        error = VaultUnavailable(text)
        error.__cause__ = exc
        return error

    def _username(self, account_id: int, field: SecretField) -> str:
        return f"{self.namespace}/account-{account_id}/{SecretField(field).value}"

    # ---------------------------------------------------------------- public

    def status(self) -> VaultStatus:
        """Whether secrets can be kept now. Asks the keyring once (bounded by the timeout)."""
        probe = f"{self.namespace}/probe"
        try:
            self._call(lambda backend: backend.get_password(SERVICE, probe))
        except VaultUnavailable as exc:
            name = _backend_name(self._backend) if self._backend is not None else ""
            return VaultStatus(False, str(exc), name)
        assert self._backend is not None
        return VaultStatus(True, "", _backend_name(self._backend))

    def get(self, account_id: int, field: SecretField) -> str | None:
        username = self._username(account_id, field)
        value = self._call(lambda backend: backend.get_password(SERVICE, username))
        return value if value else None

    def set(self, account_id: int, field: SecretField, value: str) -> None:
        """Keep `value`; an empty value removes the entry."""
        if not value.strip():
            self.delete(account_id, field)
            return
        username = self._username(account_id, field)
        self._call(lambda backend: backend.set_password(SERVICE, username, value))
        if self._db is not None and field in COMPARED_FIELDS:
            digest = fingerprint(self.installation_key(), field, value)
            self._db.set_fingerprint(account_id, field, digest)

    def delete(self, account_id: int, field: SecretField) -> None:
        """Remove the entry; removing one that is not there is not an error."""
        from keyring.errors import PasswordDeleteError

        username = self._username(account_id, field)

        def remove(backend: KeyringBackend) -> None:
            try:
                backend.delete_password(SERVICE, username)
            except PasswordDeleteError:
                return

        self._call(remove)
        if self._db is not None and field in COMPARED_FIELDS:
            self._db.set_fingerprint(account_id, field, None)

    def get_entry(self, name: str) -> str | None:
        """A named entry of this database that belongs to no account (e.g. the details a
        persona searches people-search sites for); None when there is none."""
        username = f"{self.namespace}/{name}"
        value = self._call(lambda backend: backend.get_password(SERVICE, username))
        return value if value else None

    def set_entry(self, name: str, value: str) -> None:
        """Keep a named entry; an empty value removes it."""
        from keyring.errors import PasswordDeleteError

        username = f"{self.namespace}/{name}"
        if value.strip():
            self._call(lambda backend: backend.set_password(SERVICE, username, value))
            return

        def remove(backend: KeyringBackend) -> None:
            try:
                backend.delete_password(SERVICE, username)
            except PasswordDeleteError:
                return

        self._call(remove)

    def refresh_fingerprints(self, account_ids: list[int]) -> None:
        """Recompute the stored hashes from the keyring (after a restore, say)."""
        if self._db is None:
            return
        for account_id in account_ids:
            for field in COMPARED_FIELDS:
                value = self.get(account_id, field)
                digest = fingerprint(self.installation_key(), field, value) if value else None
                self._db.set_fingerprint(account_id, field, digest)

    def secrets_of(self, account_id: int) -> dict[SecretField, str]:
        """Every secret kept for the account."""
        found: dict[SecretField, str] = {}
        for field in SecretField:
            value = self.get(account_id, field)
            if value is not None:
                found[field] = value
        return found

    def installation_key(self) -> bytes:
        """A random key made once per database and kept in the keyring.

        Separation analysis keys its hashes of e-mails and phone numbers with it, so the
        hashes in the database cannot be reversed by guessing without the keyring.
        """
        if self._key is not None:
            return self._key
        self._key = self._kept_random_bytes(f"{self.namespace}/installation-key")
        return self._key

    def _kept_random_bytes(self, username: str) -> bytes:
        """32 random bytes kept in the keyring under `username`, made on first use."""

        def get_or_make(backend: KeyringBackend) -> str:
            existing = backend.get_password(SERVICE, username)
            if existing:
                return existing
            made = secrets.token_hex(32)
            backend.set_password(SERVICE, username, made)
            return made

        return bytes.fromhex(self._call(get_or_make))

    def signing_seed(self, purpose: str) -> bytes:
        """The 32 random bytes of this desk's signing key for `purpose` ("practice" for
        the owner's pack key, "clinician" for attestations), made on first use and kept
        in the keyring only. Raises VaultUnavailable like every other call."""
        seed = self._kept_random_bytes(f"{self.namespace}/signing-key-{purpose}")
        if len(seed) != 32:
            raise VaultUnavailable(
                "The signing key kept in the keyring is damaged; it must be 32 bytes."
            )
        return seed
