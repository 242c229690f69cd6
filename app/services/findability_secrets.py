"""What a persona searches people-search sites for (names, home addresses, phones): kept
in the keyring, one entry per persona, never in the database, a backup, a log, the
calendar or a report. With no keyring the findability log still works; the walkthrough
then says it cannot keep the details and asks the user to type them into the site each time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Protocol

from app.domain.text import unsafe_char

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
    """One detail per line; blank lines dropped, whitespace tidied, duplicates removed,
    control and right-to-left override characters dropped."""
    lines = [
        " ".join(
            "".join(c for c in line if unsafe_char(c, allow_line_breaks=False) is None).split()
        )
        for line in text.splitlines()
    ]
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


def export_rows(store: EntryStore, persona_ids: list[int]) -> list[dict[str, object]]:
    """For an export *with* secrets: each persona's details (none when empty)."""
    rows: list[dict[str, object]] = []
    for persona_id in persona_ids:
        details = load_details(store, persona_id)
        if not details.empty:
            rows.append(
                {
                    "persona_id": persona_id,
                    "names": list(details.names),
                    "addresses": list(details.addresses),
                    "phones": list(details.phones),
                }
            )
    return rows


def parse_rows(
    value: object, persona_ids: set[int]
) -> tuple[list[tuple[int, SearchDetails]], list[tuple[str, str]]]:
    """The details of an export's `findability_secrets`, and (where, problem) pairs."""
    problems: list[tuple[str, str]] = []
    found: list[tuple[int, SearchDetails]] = []
    if not isinstance(value, list):
        return [], [("findability_secrets", "must be a list")]
    keys = {"persona_id", "names", "addresses", "phones"}
    for index, entry in enumerate(value):
        where = f"findability_secrets[{index}]"
        if not isinstance(entry, dict) or set(entry) != keys:
            problems.append((where, "must have exactly persona_id, names, addresses and phones"))
            continue
        if entry["persona_id"] not in persona_ids:
            problems.append((f"{where}.persona_id", "names a persona that is not in the file"))
            continue
        lists = [entry[k] for k in ("names", "addresses", "phones")]
        if not all(
            isinstance(v, list) and len(v) <= MAX_LINES and all(isinstance(s, str) for s in v)
            for v in lists
        ):
            problems.append((where, "names, addresses and phones must be lists of text"))
            continue
        found.append((entry["persona_id"], SearchDetails(*(tuple(v) for v in lists))))
    return found, problems
