"""What a persona searches people-search sites for (names, home addresses, phones): kept
in the keyring, one entry per persona, never in the database, a backup, a log, the
calendar or a report. With no keyring the findability log still works; the walkthrough
then says it cannot keep the details and asks the user to type them into the site each time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Protocol

MAX_LINES = 20
MAX_LINE = 300


class EntryStore(Protocol):
    """What this needs of `app.store.vault.Vault`."""

    def get_entry(self, name: str) -> str | None: ...

    def set_entry(self, name: str, value: str) -> None: ...


@dataclass(frozen=True)
class SearchDetails:
    """The details to look for on a site. Shown on the user's own screen only."""

    names: tuple[str, ...] = field(default_factory=tuple)
    addresses: tuple[str, ...] = field(default_factory=tuple)
    phones: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.names or self.addresses or self.phones)

    def every_value(self) -> tuple[str, ...]:
        return (*self.names, *self.addresses, *self.phones)


def entry_name(persona_id: int) -> str:
    return f"findability-persona-{persona_id}"


def clean_lines(text: str) -> tuple[str, ...]:
    """One detail per line; blank lines dropped, whitespace tidied, duplicates removed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = tuple(dict.fromkeys(line[:MAX_LINE] for line in lines if line))
    return kept[:MAX_LINES]


def load_details(store: EntryStore, persona_id: int) -> SearchDetails:
    """The persona's details; raises VaultUnavailable when the keyring cannot be used."""
    text = store.get_entry(entry_name(persona_id))
    if not text:
        return SearchDetails()
    try:
        value = json.loads(text)
    except ValueError:
        return SearchDetails()
    if not isinstance(value, dict):
        return SearchDetails()

    def strings(key: str) -> tuple[str, ...]:
        found = value.get(key, [])
        return tuple(s for s in found if isinstance(s, str)) if isinstance(found, list) else ()

    return SearchDetails(strings("names"), strings("addresses"), strings("phones"))


def save_details(store: EntryStore, persona_id: int, details: SearchDetails) -> None:
    """Keep the details (an empty set removes the entry)."""
    if details.empty:
        store.set_entry(entry_name(persona_id), "")
        return
    payload = {
        "names": list(details.names),
        "addresses": list(details.addresses),
        "phones": list(details.phones),
    }
    store.set_entry(entry_name(persona_id), json.dumps(payload))
