"""Reading and writing the declared settings (`app.domain.settings`) with their checks.

A stored value that fails its check (a file edited by hand, an older bug) is read as the
setting's default, and the log says so: a bad setting never stops the app or a command.
"""

from __future__ import annotations

import logging

from app.domain.settings import SettingError, check_setting, spec_for
from app.store.database import Database

log = logging.getLogger(__name__)


def read_setting(db: Database, key: str) -> str | None:
    """The stored value of `key` if it passes its check, else the declared default."""
    spec = spec_for(key)
    stored = db.setting(key)
    if stored is None:
        return spec.default
    try:
        return check_setting(key, stored)
    except SettingError as exc:
        log.warning("ignoring the stored setting %s: %s; using the default", key, exc)
        return spec.default


def read_int_setting(db: Database, key: str) -> int:
    value = read_setting(db, key)
    if value is None:
        raise SettingError(f"the setting {key} has no default")
    return int(value)


def write_setting(db: Database, key: str, value: str) -> None:
    """Check and keep `value`; ValueError (with the rule in words) if it is refused."""
    db.set_setting(key, value)
