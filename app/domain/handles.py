"""What an account's handle may look like on each platform, and turning what a user typed
or pasted into one.

The rules are data (`app/services/handles.toml`), parsed and validated here; a platform
without a rule takes any handle. A pasted profile address becomes the handle (and the
profile address), so a user never has to pick the name out of a URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

RULES_VERSION = 1
PHONE_DIGITS = 7
"""A handle with this many digits (spaces and dashes aside) looks like a phone number."""


class HandleForm(StrEnum):
    USERNAME = "username"
    NAME = "name"


class HandleRulesError(ValueError):
    """The rules file is broken: a packaging bug, reported with the platform and field."""


@dataclass(frozen=True)
class HandleRule:
    checklist_id: str
    form: HandleForm
    pattern: re.Pattern[str]
    hint: str
    example: str
    prefix: str = ""
    hosts: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    no_phone: bool = False
    no_email: bool = False


@dataclass(frozen=True)
class HandleCheck:
    """The handle to save (and the profile address, when one was pasted), or `problem`."""

    handle: str
    profile_url: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _text(raw: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise HandleRulesError(f"{where}: '{key}' must be a non-empty string")
    return value


def _strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise HandleRulesError(f"{where}: '{key}' must be a list of strings")
    return tuple(v.lower() for v in value)


KNOWN_KEYS = {
    "form",
    "prefix",
    "pattern",
    "hosts",
    "skip",
    "no_phone",
    "no_email",
    "example",
    "hint",
}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_handle_rules(raw: Mapping[str, Any], source: str) -> dict[str, HandleRule]:
    """The rules by checklist id; every rule's example must pass the rule itself."""
    if raw.get("version") != RULES_VERSION:
        raise HandleRulesError(f"{source}: 'version' must be {RULES_VERSION}")
    platforms = raw.get("platforms")
    if not isinstance(platforms, dict):
        raise HandleRulesError(f"{source}: needs a [platforms.<checklist id>] table")
    rules: dict[str, HandleRule] = {}
    for checklist_id, entry in platforms.items():
        where = f"{source}: platforms.{checklist_id}"
        if not isinstance(entry, dict):
            raise HandleRulesError(f"{where}: must be a table")
        unknown = set(entry) - KNOWN_KEYS
        if unknown:
            raise HandleRulesError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        try:
            form = HandleForm(_text(entry, "form", where))
        except ValueError as exc:
            raise HandleRulesError(f"{where}: 'form' must be 'username' or 'name'") from exc
        try:
            pattern = re.compile(_text(entry, "pattern", where))
        except re.error as exc:
            raise HandleRulesError(
                f"{where}: 'pattern' is not a regular expression: {exc}"
            ) from exc
        no_phone = entry.get("no_phone", False)
        no_email = entry.get("no_email", False)
        if not isinstance(no_phone, bool) or not isinstance(no_email, bool):
            raise HandleRulesError(f"{where}: 'no_phone' and 'no_email' must be true or false")
        rule = HandleRule(
            checklist_id=str(checklist_id),
            form=form,
            pattern=pattern,
            hint=_text(entry, "hint", where),
            example=_text(entry, "example", where),
            prefix=_text(entry, "prefix", where, ""),
            hosts=_strings(entry, "hosts", where),
            skip=_strings(entry, "skip", where),
            no_phone=no_phone,
            no_email=no_email,
        )
        if not check_handle(rule, rule.example).ok:
            raise HandleRulesError(f"{where}: the example {rule.example!r} fails its own rule")
        rules[rule.checklist_id] = rule
    return rules


def _looks_like_address(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(("http://", "https://", "www.")) or bool(
        re.match(r"^[a-z0-9.-]+\.[a-z]{2,}/", lowered)
    )


def _from_address(rule: HandleRule, text: str) -> HandleCheck | None:
    """The handle in a pasted profile address of this platform; None if it is not one."""
    address = text if "://" in text else f"https://{text}"
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if host not in rule.hosts:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    while segments and segments[0].lower() in rule.skip:
        segments = segments[1:]
    name = segments[0] if segments else ""
    clean = f"https://{host}{parts.path}".rstrip("/")
    if name.lower() == "profile.php":
        ids = [i for i in parse_qs(parts.query).get("id", []) if i.isdigit()]
        name = f"id {ids[0]}" if ids else ""
        clean = f"{clean}?id={ids[0]}" if ids else clean
    if not name:
        return None
    return HandleCheck(name, clean)


def _phone_like(text: str) -> bool:
    return sum(c.isdigit() for c in text) >= PHONE_DIGITS


def check_handle(rule: HandleRule | None, typed: str, platform: str = "") -> HandleCheck:
    """What to save for `typed` under `rule`: a tidy handle, or a problem with the hint.
    `platform` is the platform's name for the message about an address from elsewhere."""
    text = " ".join(typed.split())
    if not text:
        example = rule.example if rule else "@jane.doe"
        return HandleCheck("", problem=f"Type the account's handle or name, e.g. {example}.")
    if rule is None:
        return HandleCheck(text)
    profile_url = ""
    if _looks_like_address(text):
        found = _from_address(rule, text)
        if found is None:
            return HandleCheck(
                text,
                problem=f"That address is not a {platform or rule.checklist_id} profile. "
                f"{rule.hint}",
            )
        text, profile_url = found.handle, found.profile_url
    if (rule.no_phone and _phone_like(text)) or (rule.no_email and EMAIL.search(text)):
        return HandleCheck(text, profile_url, problem=rule.hint)
    if rule.form is HandleForm.USERNAME:
        for prefix in dict.fromkeys((rule.prefix, "@")):
            if prefix and text.lower().startswith(prefix.lower()):
                text = text[len(prefix) :]
                break
        if " " in text or not rule.pattern.match(text):
            return HandleCheck(text, profile_url, problem=rule.hint)
        return HandleCheck(f"{rule.prefix}{text}", profile_url)
    if not rule.pattern.match(text) and not profile_url:
        return HandleCheck(text, profile_url, problem=rule.hint)
    return HandleCheck(text, profile_url)
