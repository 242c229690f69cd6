"""The time zone due dates are counted in: the user's setting, else the computer's.

Its own module so that status (which needs the zone) and reminders (which need status)
do not import each other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.store.database import Database

TIMEZONE_SETTING = "reminders.timezone"
"""An IANA zone name (Europe/London) that overrides the system's zone for due dates."""


def system_zone() -> tzinfo:
    """The computer's time zone as a full zone (with its clock changes), not a fixed offset.

    A fixed offset such as the one `datetime.now().astimezone()` gives would be wrong for
    half of the year wherever the clocks change.
    """
    key = linked_zone_key()
    if key is not None:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # an unreadable or unknown system setting: dates in UTC beat a crash
        return UTC


def linked_zone_key(
    localtime: Path = Path("/etc/localtime"), environ: Mapping[str, str] = os.environ
) -> str | None:
    """The zone named by the link /etc/localtime -> .../zoneinfo/Europe/London, as systemd
    and macOS set it; None when TZ is set or there is no such link.

    tzlocal reads the same link (after TZ), but first imports and reads much more and
    tries every tail of the path as a zone name: about 10 ms of every start. Anything
    else (TZ, /etc/timezone alone, Windows) is still left to tzlocal.
    """
    if environ.get("TZ"):
        return None
    try:
        target = os.readlink(localtime)
    except (OSError, ValueError):
        return None
    _, marker, key = target.rpartition("/zoneinfo/")
    if not marker:
        return None
    return key.strip("/") or None


def local_zone(db: Database | None = None) -> tzinfo:
    """The zone due dates are counted in: the user's setting if valid, else the system's."""
    name = db.setting(TIMEZONE_SETTING) if db is not None else None
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return system_zone()


def zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)
