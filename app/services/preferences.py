"""Small things the window remembers between runs: its size and layout, the last
selection, the folder and paper size last used for a report.

They live in the database's settings under keys that start with "ui.", so they travel
with an export and a backup; this module refuses any other key, so a screen can never
overwrite a setting that matters more (the keyring namespace, the time zone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.store.database import Database

PREFIX = "ui."
REPORT_FOLDER = "ui.report-folder"
REPORT_PAGE_SIZE = "ui.report-page-size"
GEOMETRY = "ui.geometry"
SPLITTER = "ui.splitter"
SELECTION = "ui.selection"


def _checked(key: str) -> str:
    if not key.startswith(PREFIX):
        raise ValueError(f"'{key}' is not a window preference (those start with '{PREFIX}')")
    return key


def recall(db: Database, key: str, default: str | None = None) -> str | None:
    return db.setting(_checked(key), default)


def remember(db: Database, values: Mapping[str, str]) -> None:
    """Keep each value under its key (checked first, so a bad key writes nothing)."""
    for key in values:
        _checked(key)
    for key, value in values.items():
        db.set_setting(key, value)


@dataclass(frozen=True)
class SizeMemory:
    """Where window sizes are kept: `recall(key)` gives "WxH" or None, `keep(key, "WxH")`."""

    recall: Callable[[str], str | None]
    keep: Callable[[str, str], None]


def size_key(window: str) -> str:
    """The key for one window's remembered size, e.g. "ui.size.report"."""
    return _checked(f"{PREFIX}size.{window}")


def size_memory(db: Database) -> SizeMemory:
    """Window sizes kept as window preferences ("WxH" under "ui.size.<window>")."""
    return SizeMemory(
        recall=lambda key: recall(db, key),
        keep=lambda key, value: remember(db, {key: value}),
    )
