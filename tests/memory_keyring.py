"""An in-memory keyring backend for tests: the real keyring is never touched.

It implements keyring's backend interface, so code under test goes through the same
`get_password` / `set_password` / `delete_password` calls as with a real keyring, and it
can pretend to be locked (raises `KeyringLocked`) or to hang (blocks until released).
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = -2
    """Below keyring's `fail` backend, so automatic detection never picks this one."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False
        self.calls = 0
        self._release = threading.Event()
        self._release.set()

    def hang(self) -> None:
        """Make every call block until `release()`, like a keyring waiting for a prompt."""
        self._release.clear()

    def release(self) -> None:
        self._release.set()

    def _enter(self) -> None:
        self.calls += 1
        self._release.wait()
        if self.locked:
            raise KeyringLocked("the keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._enter()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._enter()
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._enter()
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")
