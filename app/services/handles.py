"""Check an account's handle against its platform's rules (`handles.toml` beside this
module): the account dialog, the set-up wizard and `tightrope accounts add` all use it."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from app.domain.handles import HandleCheck, HandleRule, check_handle, parse_handle_rules

RULES_FILE = "handles.toml"


@cache
def handle_rules() -> dict[str, HandleRule]:
    """Parsed once per process; a broken file is a packaging bug and raises at once."""
    text = resources.files("app.services").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_handle_rules(tomllib.loads(text), RULES_FILE)


def checked_handle(checklist_id: str, typed: str, platform: str = "") -> HandleCheck:
    """The handle to save for an account of `checklist_id`, or the problem and a hint."""
    return check_handle(handle_rules().get(checklist_id), typed, platform)


def handle_example(checklist_id: str) -> str:
    rule = handle_rules().get(checklist_id)
    return rule.example if rule else "@jane.doe or Riverside Counselling"
