"""Every setting Tightrope keeps, declared once: its key, type, default and bounds.

The database stores settings as text. Each one is checked against its declaration when
it is set (window, command line), when an export is imported, and when it is read, so a
bad value can never reach the code that uses it: a stored value that fails the check is
read as the default (and the caller logs it), an import with an unknown key or a bad
value is refused before anything changes.

Window preferences (`ui.` keys) are a family: any `ui.` key with a short text value.
A *local* setting belongs to this computer (a folder on its disk) and is never exported
or imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.text import UnsafeTextError, check_one_line

__all__ = [
    "SETTINGS",
    "SettingError",
    "SettingSpec",
    "check_setting",
    "spec_for",
]


class SettingError(ValueError):
    """A setting that is not known, or a value it cannot take; `str()` says which."""


Check = Callable[[str], str]


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    """What the setting is, in words, for error messages."""
    check: Check
    """Returns the value to store (normalised) or raises SettingError."""
    default: str | None = None
    local: bool = False
    """True for settings that only make sense on this computer (never exported)."""
    prefix: bool = False
    """True when `key` names a family (every key that starts with it)."""


def _integer(low: int, high: int) -> Check:
    def check(value: str) -> str:
        text = value.strip()
        if not re.fullmatch(r"[0-9]{1,12}", text) or not low <= int(text) <= high:
            raise SettingError(f"must be a whole number from {low} to {high}")
        return str(int(text))

    return check


def _pattern(pattern: str, explanation: str) -> Check:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise SettingError(explanation)
        return value

    return check


def _text(limit: int, *, one_line: bool = True) -> Check:
    def check(value: str) -> str:
        if len(value) > limit:
            raise SettingError(f"is longer than {limit} characters")
        try:
            return check_one_line(value, "the value") if one_line else value
        except UnsafeTextError as exc:
            raise SettingError(str(exc)) from None

    return check


def _choice(*allowed: str) -> Check:
    def check(value: str) -> str:
        if value not in allowed:
            raise SettingError(f"must be one of {', '.join(allowed)}")
        return value

    return check


def _name_list(value: str) -> str:
    if len(value) > 200_000:
        raise SettingError("is too long")
    try:
        parsed = json.loads(value)
    except ValueError:
        raise SettingError("must be a list of names in JSON") from None
    if not isinstance(parsed, list) or not all(
        isinstance(item, str) and len(item) <= 200 for item in parsed
    ):
        raise SettingError("must be a list of names in JSON")
    return value


def _json_value(value: str) -> str:
    if len(value) > 1_000_000:
        raise SettingError("is too long")
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        raise SettingError("must be written in JSON") from None
    if not isinstance(parsed, dict | list):
        raise SettingError("must be a JSON list or table")
    return value


def _folder(value: str) -> str:
    text = _text(4096)(value).strip()
    if text and not (text.startswith(("/", "~")) or re.match(r"^[A-Za-z]:[\\/]", text)):
        raise SettingError("must be a full folder path")
    return text


_ZONE = _pattern(
    r"(?:[A-Za-z][A-Za-z0-9_+-]{0,39})(?:/[A-Za-z0-9][A-Za-z0-9_+-]{0,39}){0,3}",
    "must be a time zone name such as Europe/London",
)
_COUNTRY = _pattern(r"(?:[A-Z]{2})?", "must be a two-letter country code such as GB")
_PROFESSION = _pattern(r"(?:[a-z][a-z-]{1,40})?", "must be a profession such as counsellor")
_HEX_ID = _pattern(r"[0-9a-f]{8,64}", "must be a random id made by Tightrope")

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("backup.keep_days", "days of daily backups kept", _integer(1, 3650), "14"),
    SettingSpec("reminders.timezone", "time zone for due dates", _ZONE),
    SettingSpec("reminders.announced", "reminders already shown", _name_list),
    SettingSpec("vault.namespace", "keyring namespace", _HEX_ID),
    SettingSpec("calendar.installation-id", "calendar id", _HEX_ID),
    SettingSpec("calendar.export-count", "calendar export count", _integer(0, 10**9), "0"),
    SettingSpec("report_template_dir", "report template folder", _folder, local=True),
    SettingSpec("practice.me", "clinician using this computer", _text(300)),
    SettingSpec(
        "findability.countries",
        "findability countries",
        _pattern(r"[A-Z]{2}(,[A-Z]{2}){0,19}", "must be two-letter country codes such as US,GB"),
        "US",
    ),
    SettingSpec("findability.announced", "findability notices already shown", _name_list),
    SettingSpec("ui.setup-seen", "set-up shown", _choice("yes", "no")),
    SettingSpec("ui.report-page-size", "paper size", _text(40)),
    SettingSpec(
        "report.show-generator", "'Prepared with Tightrope' line", _choice("yes", "no"), "yes"
    ),
    SettingSpec("practice.country", "practice country", _COUNTRY),
    SettingSpec("practice.profession", "practice profession", _PROFESSION),
    SettingSpec(
        "practice.pinned-key",
        "practice's pinned key",
        _pattern(r"(?:[0-9a-f]{64})?", "must be a key in hex, or empty (none pinned)"),
    ),
    SettingSpec("practice.pack", "practice pack in force", _text(8 * 1024 * 1024, one_line=False)),
    SettingSpec(
        "practice.made-pack", "practice pack made here", _text(8 * 1024 * 1024, one_line=False)
    ),
    SettingSpec("practice.requirements", "practice requirements", _json_value),
    SettingSpec("practice.plan", "next practice pack's requirements", _json_value),
    SettingSpec("practice.clinician", "clinician's name on this desk", _text(200)),
    SettingSpec("practice.staff-keys", "clinicians' pinned keys", _json_value),
    SettingSpec("practice.watch-folder", "watched practice folder", _folder, local=True),
    SettingSpec("ui.", "window preference", _text(20_000), prefix=True),
)
"""The declared settings. A new setting is one line here."""

_BY_KEY = {spec.key: spec for spec in SETTINGS if not spec.prefix}
_FAMILIES = [spec for spec in SETTINGS if spec.prefix]


def spec_for(key: str) -> SettingSpec:
    """The declaration of `key`; SettingError when Tightrope has no such setting."""
    found = _BY_KEY.get(key)
    if found is not None:
        return found
    for family in _FAMILIES:
        if key.startswith(family.key) and len(key) <= 200 and re.fullmatch(r"[a-z0-9_.-]+", key):
            return family
    shown = key[:60].encode("unicode_escape").decode("ascii")
    raise SettingError(f"'{shown}' is not a Tightrope setting")


def check_setting(key: str, value: str) -> str:
    """The value to store for `key`, checked; SettingError names the setting and the rule."""
    spec = spec_for(key)
    if not isinstance(value, str):
        raise SettingError(f"the {spec.label} must be text")
    try:
        return spec.check(value)
    except SettingError as exc:
        raise SettingError(f"the {spec.label} ({key}) {exc}") from None
