"""The practice and policy editor's use cases: check every edited field with the same
rules as `tightrope practice set`, save them together, bump the policy version, and
stamp the effective date the first time the policy is printed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from app.domain.policy import PolicyWording, PracticeFieldError, set_practice_field
from app.domain.practice import PracticeProfile
from app.services import preferences
from app.services.reports import SHOW_GENERATOR_SETTING, TEMPLATE_DIR_SETTING
from app.store.database import Database


@dataclass(frozen=True)
class PolicyPrinting:
    """Where the policy's look comes from: the paper and the user's own templates."""

    page_size: str
    template_folder: str
    show_generator: bool = True
    """Whether the policy ends with "Prepared with Tightrope …"."""


def apply_fields(
    profile: PracticeProfile, fields: Mapping[str, str], wording: PolicyWording
) -> PracticeProfile:
    """`profile` with every field in `fields` set (a field name as `practice set` takes
    it, e.g. "name" or "stance.reviews"); the first refused value raises
    `PracticeFieldError` naming the field."""
    for field, value in fields.items():
        profile = set_practice_field(profile, field, value, wording)
    return profile


def save_practice_edits(
    db: Database, profile: PracticeProfile, printing: PolicyPrinting | None = None
) -> None:
    """Save the edited profile, and the paper size and template folder with it."""
    if not profile.name.strip():
        raise PracticeFieldError("name cannot be empty: the policy is printed under it")
    folder = printing.template_folder.strip() if printing else ""
    if folder and not Path(folder).expanduser().is_dir():
        raise PracticeFieldError(f"the template folder {folder} does not exist")
    db.save_practice(profile)
    if printing is not None:
        db.set_setting(TEMPLATE_DIR_SETTING, folder)
        db.set_setting(SHOW_GENERATOR_SETTING, "yes" if printing.show_generator else "no")
        if printing.page_size:
            preferences.remember(db, {preferences.REPORT_PAGE_SIZE: printing.page_size})


def next_version(version: str) -> str:
    """1 -> 2, 2.1 -> 2.2, "2026a" -> "2026a.1": the number a new version of the policy
    would usually get (the user can still type another)."""
    match = re.fullmatch(r"(.*?)(\d+)", version.strip())
    if match is None:
        return f"{version.strip() or '1'}.1"
    head, number = match.groups()
    return f"{head}{int(number) + 1}"


def new_version(profile: PracticeProfile) -> PracticeProfile:
    """A new version of the policy: the next number, and no date until first printed."""
    return replace(
        profile, policy_version=next_version(profile.policy_version), policy_effective=""
    )


def stamp_policy_date(db: Database, today: date) -> bool:
    """Keep `today` as the policy's effective date if none is set (the day it is first
    printed or saved); True when it was stamped."""
    profile = db.practice()
    if profile.policy_effective:
        return False
    db.save_practice(replace(profile, policy_effective=today.isoformat()))
    return True
