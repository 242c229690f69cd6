"""The practice pack: its files, and making one on the owner's desk.

The files (reading, checking the signature, writing for others to read), the pack in
force on this desk and the one made here, and making a pack. Importing one is
`app.services.practice_import`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.catalog import Catalog, Source
from app.domain.practice import PracticeProfile
from app.domain.practice_pack import (
    MAX_PACK_BYTES,
    PACK_FORMAT,
    PACK_KIND,
    PROFILE_TEXT_FIELDS,
    PackContent,
    Requirement,
    default_statement,
    parse_pack_content,
)
from app.domain.signed_file import (
    SignedDocument,
    SignedFileError,
    parse_envelope,
)
from app.services.signing import SeedSource, sign_document, verify_document
from app.store.database import Database
from app.store.practice_records import PracticeEventKind, record_practice_event
from app.store.user_files import check_output_path, read_user_file

PACK_WHAT = "a practice pack"
PINNED_KEY = "practice.pinned-key"
PACK_IN_FORCE = "practice.pack"
MADE_PACK = "practice.made-pack"
PLAN = "practice.plan"


class PackRefused(ValueError):
    """One line saying why a pack cannot be made or imported; nothing was changed."""


# ---------------------------------------------------------------- files


def write_shared_file(path: Path, data: bytes, what: str) -> Path:
    """Write a file meant for others to read (a pack, an attestation) in one step."""
    from app.store.private_files import write_private_file

    target = check_output_path(path, what)
    write_private_file(target, data)
    if os.name == "posix":
        os.chmod(target, 0o644)
    return target


@dataclass(frozen=True)
class VerifiedPack:
    document: SignedDocument
    content: PackContent

    @property
    def fingerprint(self) -> str:
        return self.document.fingerprint


def verify_pack_bytes(data: bytes) -> VerifiedPack:
    document = parse_envelope(data, PACK_KIND, PACK_FORMAT, PACK_WHAT)
    verify_document(document, "practice pack")
    return VerifiedPack(document, parse_pack_content(document.content))


def read_pack(path: Path) -> VerifiedPack:
    """The pack in `path`, its signature checked; UserFileError or SignedFileError."""
    return verify_pack_bytes(read_user_file(path, MAX_PACK_BYTES, PACK_WHAT))


def pack_in_force(db: Database) -> VerifiedPack | None:
    """The pack this desk imported last (checked again: the database is not trusted more
    than the file was)."""
    stored = db.setting(PACK_IN_FORCE)
    if not stored:
        return None
    try:
        return verify_pack_bytes(stored.encode("utf-8"))
    except SignedFileError:
        return None


def made_pack(db: Database) -> VerifiedPack | None:
    """The pack this desk (the owner's) made last."""
    stored = db.setting(MADE_PACK)
    if not stored:
        return None
    try:
        return verify_pack_bytes(stored.encode("utf-8"))
    except SignedFileError:
        return None


# ---------------------------------------------------------------- making


@dataclass(frozen=True)
class PackPlan:
    """What the owner wants in the next pack besides the profile and the checklists."""

    requirements: tuple[Requirement, ...] = ()
    statement: str = ""


def load_plan(db: Database) -> PackPlan:
    raw = db.setting(PLAN)
    if not raw:
        return PackPlan()
    data = json.loads(raw)
    requirements = tuple(
        Requirement(str(r["checklist"]), int(r["max_days"]), tuple(r.get("clinicians", ())))
        for r in data.get("requirements", [])
    )
    return PackPlan(requirements, str(data.get("statement", "")))


def save_plan(db: Database, plan: PackPlan) -> None:
    data = {"requirements": [r.to_json() for r in plan.requirements], "statement": plan.statement}
    db.set_setting(PLAN, json.dumps(data, sort_keys=True))


def _profile_json(profile: PracticeProfile) -> dict[str, Any]:
    return {
        **{name: str(getattr(profile, name)) for name in PROFILE_TEXT_FIELDS},
        "clinicians": list(profile.clinicians),
        "stances": dict(profile.stances),
    }


def practice_checklist_texts(catalog: Catalog) -> dict[str, str]:
    """The TOML text of each of the practice's own (user) checklists that loaded."""
    texts: dict[str, str] = {}
    for checklist_id, source in sorted(catalog.sources.items()):
        if source is Source.USER:
            texts[checklist_id] = catalog.paths[checklist_id].read_text(encoding="utf-8")
    return texts


@dataclass(frozen=True)
class MadePack:
    data: bytes
    content: PackContent
    fingerprint: str
    key_changed_from: str = ""
    """The fingerprint of the key that signed the previous pack, when this one differs
    (the keyring lost the key): every desk must unpin and confirm the new one."""


def make_pack(
    db: Database,
    catalog: Catalog,
    keys: SeedSource,
    plan: PackPlan | None = None,
    now: datetime | None = None,
    wording: Any = None,
) -> MadePack:
    """A signed pack of this desk's profile, own checklists and `plan` (the saved plan if
    None). PackRefused when the practice is not set up or a requirement is unknown."""
    plan = plan if plan is not None else load_plan(db)
    profile = db.practice()
    if not profile.is_set_up:
        raise PackRefused(
            "the practice is not set up yet: give it a name first "
            "(tightrope practice set name 'Your Practice')"
        )
    for requirement in plan.requirements:
        if catalog.get(requirement.checklist) is None:
            known = ", ".join(sorted(catalog.checklists)) or "none"
            raise PackRefused(
                f"'{requirement.checklist}' is not a checklist Tightrope knows here "
                f"(known: {known})"
            )
    previous = made_pack(db)
    version = previous.content.pack_version + 1 if previous is not None else 1
    template_dir = db.setting("report_template_dir") or ""
    content = {
        "pack_version": version,
        "made_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "practice": _profile_json(profile),
        "template_folder": Path(template_dir).name if template_dir else "",
        "checklists": practice_checklist_texts(catalog),
        "requirements": [r.to_json() for r in plan.requirements],
        "statement": plan.statement.strip() or default_statement(profile.policy_version),
    }
    seed = keys.signing_seed("practice")
    data = sign_document(seed, PACK_KIND, PACK_FORMAT, content)
    try:
        verified = verify_pack_bytes(data)
    except SignedFileError as exc:
        raise PackRefused(f"the pack cannot be made: {exc}") from None
    if wording is not None:  # what every desk will check, checked here first
        from app.services.practice_import import _checked_profile, _parsed_checklists

        _checked_profile(verified.content, wording)
        _parsed_checklists(verified.content, Catalog())
    db.set_setting(MADE_PACK, data.decode("ascii"))
    record_practice_event(
        db,
        PracticeEventKind.PACK_MADE,
        version,
        policy_version=profile.policy_version,
        statement=verified.content.statement,
        fingerprint=verified.fingerprint,
    )
    changed = (
        previous.fingerprint
        if previous is not None and previous.document.public_key != verified.document.public_key
        else ""
    )
    return MadePack(data, verified.content, verified.fingerprint, changed)


def export_pack(
    db: Database,
    catalog: Catalog,
    keys: SeedSource,
    path: Path,
    plan: PackPlan | None = None,
    wording: Any = None,
) -> MadePack:
    check_output_path(path, "the practice pack")
    made = make_pack(db, catalog, keys, plan, wording=wording)
    write_shared_file(path, made.data, "the practice pack")
    return made


# ---------------------------------------------------------------- on the desk


def parse_requirement(text: str) -> Requirement:
    """`ID:DAYS` or `ID:DAYS:NAME;NAME` as the command line takes it."""
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[1].strip().isdigit():
        raise PackRefused(
            f"'{text[:80]}' is not a requirement; write CHECKLIST:DAYS, e.g. instagram:90, "
            "or CHECKLIST:DAYS:NAME;NAME for some clinicians only"
        )
    days = int(parts[1])
    if not 1 <= days <= 3650:
        raise PackRefused(f"'{text[:80]}': the days must be from 1 to 3650")
    names = tuple(n.strip() for n in parts[2].split(";") if n.strip()) if len(parts) > 2 else ()
    return Requirement(parts[0].strip(), days, names)


def plan_from(requirements: Sequence[str], statement: str | None, db: Database) -> PackPlan:
    saved = load_plan(db)
    return PackPlan(
        tuple(parse_requirement(r) for r in requirements) if requirements else saved.requirements,
        statement if statement is not None else saved.statement,
    )


WATCH_FOLDER = "practice.watch-folder"


def remember_watch_folder(db: Database, folder: Path) -> None:
    """The shared folder this computer watches for new packs (a local setting)."""
    db.set_setting(WATCH_FOLDER, str(folder))


def watch_folder(db: Database) -> Path | None:
    value = db.setting(WATCH_FOLDER)
    return Path(value) if value and Path(value).is_dir() else None
