"""Importing a practice pack on a clinician's desk.

Import checks everything before anything changes: the envelope, the signature, the key
against the pinned one, the version against the one in force (never back, never the
same pack with other content), the profile against the policy wording, every checklist
as a checklist, and every required checklist as one the desk knows. Only then are the
practice's checklist files written, the profile saved and the pack recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.domain.catalog import Catalog, Source
from app.domain.checklist import Checklist
from app.domain.checklist_parse import ChecklistError, parse_checklist
from app.domain.policy import PRACTICE_FIELDS, PracticeFieldError, set_practice_field
from app.domain.practice import PracticeProfile
from app.domain.practice_pack import PackContent, requirement_changes
from app.domain.signed_file import fingerprint, normalise_fingerprint
from app.services.practice_desk import CLINICIAN, REQUIREMENTS
from app.services.practice_pack import (
    PACK_IN_FORCE,
    PINNED_KEY,
    PackRefused,
    VerifiedPack,
    pack_in_force,
    read_pack,
)
from app.store import paths
from app.store.database import Database
from app.store.practice_records import PracticeEventKind, record_practice_event


@dataclass(frozen=True)
class ImportPlan:
    """A pack checked against this desk, ready to apply, and what it will change."""

    pack: VerifiedPack
    first: bool
    """No key is pinned yet: the fingerprint must be confirmed."""
    profile: PracticeProfile
    checklists: Mapping[str, tuple[Checklist, str, Path]]
    """id -> (parsed, TOML text, file it goes to)."""
    changes: tuple[str, ...]


def _checked_profile(pack: PackContent, wording: Any) -> PracticeProfile:
    profile = PracticeProfile()
    raw = pack.practice
    try:
        for name in PRACTICE_FIELDS:
            text = str(raw.get(name, ""))
            if name == "clinicians" or (name == "policy_version" and not text):
                continue  # each clinician's name was checked with the pack's content
            profile = set_practice_field(profile, name, text, wording)
        for key, stance in dict(raw.get("stances", {})).items():
            profile = set_practice_field(profile, f"stance.{key}", stance, wording)
    except PracticeFieldError as exc:
        raise PackRefused(f"the practice pack's profile was refused: {exc}") from None
    return replace(profile, clinicians=tuple(raw.get("clinicians", ())))


def _parsed_checklists(
    pack: PackContent, catalog: Catalog
) -> dict[str, tuple[Checklist, str, Path]]:
    found: dict[str, tuple[Checklist, str, Path]] = {}
    user_dir = paths.user_checklists_dir()
    for checklist_id, text in pack.checklists.items():
        where = f"the practice pack's checklist '{checklist_id}'"
        import tomllib

        try:
            checklist = parse_checklist(tomllib.loads(text), where)
        except tomllib.TOMLDecodeError as exc:
            raise PackRefused(f"{where} is not valid TOML: {exc}") from None
        except ChecklistError as exc:
            raise PackRefused(f"{where} was refused: {exc.problems[0]}") from None
        if checklist.id != checklist_id:
            raise PackRefused(f"{where} has the id '{checklist.id}' inside")
        if catalog.sources.get(checklist_id) is Source.SHIPPED:
            raise PackRefused(
                f"{where} has the id of a checklist that ships with Tightrope; "
                "a practice checklist needs an id of its own"
            )
        target = (
            catalog.paths[checklist_id]
            if catalog.sources.get(checklist_id) is Source.USER
            else user_dir / f"{checklist_id}.toml"
        )
        found[checklist_id] = (checklist, text, target)
    return found


def _describe_changes(
    db: Database,
    catalog: Catalog,
    old: VerifiedPack | None,
    new: PackContent,
    profile: PracticeProfile,
    checklists: Mapping[str, tuple[Checklist, str, Path]],
) -> list[str]:
    from app.domain.checklist_diff import diff_checklists

    lines: list[str] = []
    before = db.practice()
    changed = [n for n in PRACTICE_FIELDS if getattr(before, n) != getattr(profile, n)]
    if before.stances != profile.stances:
        changed.append("policy stances")
    if changed:
        lines.append(f"Practice profile: {', '.join(changed)} set by the practice.")
    if old is None or old.content.statement != new.statement:
        lines.append(f'To acknowledge: "{new.statement}".')
    for checklist_id, (checklist, _, _) in sorted(checklists.items()):
        current = catalog.get(checklist_id)
        if current is None:
            lines.append(f"New practice checklist: {checklist.platform} ({checklist_id}).")
            continue
        diff = diff_checklists(current, checklist)
        if diff.unchanged:
            continue
        parts = []
        if diff.revised:
            parts.append(f"{len(diff.revised)} item(s) to re-check")
        if diff.added:
            parts.append(f"{len(diff.added)} new")
        if diff.removed:
            parts.append(f"{len(diff.removed)} removed")
        if diff.reworded:
            parts.append(f"{len(diff.reworded)} reworded")
        lines.append(
            f"Checklist {checklist.platform} {diff.old_version} -> {diff.new_version}: "
            + ", ".join(parts)
            + "."
        )
    old_requirements = old.content.requirements if old is not None else ()
    clinician = db.setting(CLINICIAN) or ""
    names = {c.id: c.platform for c in catalog.checklists.values()}
    names.update({i: c.platform for i, (c, _, _) in checklists.items()})
    requirement_lines, _ = requirement_changes(old_requirements, new.requirements, clinician, names)
    return lines + requirement_lines


def plan_import(db: Database, catalog: Catalog, pack: VerifiedPack, wording: Any) -> ImportPlan:
    """Check `pack` against this desk; PackRefused (one line) when it cannot be used."""
    pinned = db.setting(PINNED_KEY)
    if pinned and pinned != pack.document.public_key.hex():
        raise PackRefused(
            f"this pack is signed by another key ({pack.fingerprint}) than the practice's "
            f"pinned one ({fingerprint(bytes.fromhex(pinned))}): it is from another practice, "
            "or forged. Ask the practice's owner (if they had to make a new key, forget the old "
            "one first: Practice > Forget the practice's key…, or tightrope practice pack unpin)"
        )
    current = pack_in_force(db)
    if current is not None and current.document.public_key == pack.document.public_key:
        have, got = current.content.pack_version, pack.content.pack_version
        if got < have:
            raise PackRefused(
                f"this is pack version {got}, older than version {have} already in force; "
                "a pack never goes back to an older version"
            )
        if got == have and current.document.signature != pack.document.signature:
            raise PackRefused(
                f"this pack says version {got}, the version already in force, but its "
                "content differs; the practice must give a new pack a higher version"
            )
    content = pack.content
    checklists = _parsed_checklists(content, catalog)
    for requirement in content.requirements:
        if requirement.checklist not in checklists and catalog.get(requirement.checklist) is None:
            raise PackRefused(
                f"the pack requires the checklist '{requirement.checklist}', which this "
                "Tightrope does not know and the pack does not bring; update Tightrope or "
                "ask the practice's owner"
            )
    profile = _checked_profile(content, wording)
    changes = _describe_changes(db, catalog, current, content, profile, checklists)
    return ImportPlan(pack, not pinned, profile, checklists, tuple(changes))


@dataclass(frozen=True)
class ImportResult:
    pack_version: int
    fingerprint: str
    changes: tuple[str, ...]
    unchanged: bool
    """The same pack was already in force; nothing was written."""


def apply_import(db: Database, plan: ImportPlan) -> ImportResult:
    """Write what `plan` sets. The files first (each replaced in one step), then the
    database; the pack in force is recorded last, so a failure part-way is retried whole."""
    from app.store.private_files import write_private_file

    pack = plan.pack
    current = pack_in_force(db)
    if current is not None and current.document.signature == pack.document.signature:
        return ImportResult(pack.content.pack_version, pack.fingerprint, (), True)
    if plan.checklists:
        paths.ensure_private_dir(paths.user_checklists_dir())
    for _, text, target in plan.checklists.values():
        write_private_file(target, text.encode("utf-8"))
    db.save_practice(plan.profile)
    db.set_setting(PINNED_KEY, pack.document.public_key.hex())
    db.set_setting(
        REQUIREMENTS,
        json.dumps([r.to_json() for r in pack.content.requirements], sort_keys=True),
    )
    db.set_setting(PACK_IN_FORCE, _envelope_text(pack))
    record_practice_event(
        db,
        PracticeEventKind.PACK_IMPORTED,
        pack.content.pack_version,
        policy_version=pack.content.policy_version,
        statement=pack.content.statement,
        fingerprint=pack.fingerprint,
    )
    return ImportResult(pack.content.pack_version, pack.fingerprint, plan.changes, False)


def _envelope_text(pack: VerifiedPack) -> str:
    from app.domain.signed_file import envelope_bytes

    document = pack.document
    return envelope_bytes(
        document.kind,
        document.format_version,
        document.public_key,
        document.signature,
        document.content,
    ).decode("ascii")


def import_pack(
    db: Database,
    catalog: Catalog,
    path: Path,
    wording: Any,
    *,
    trust: str | None = None,
    confirm: Callable[[str], bool] | None = None,
) -> ImportResult:
    """Read, check and apply the pack at `path`.

    On the first import the key must be confirmed: `trust` (a fingerprint typed by the
    user) must match, or `confirm(fingerprint)` must say yes. PackRefused otherwise.
    """
    pack = read_pack(path)
    plan = plan_import(db, catalog, pack, wording)
    if trust is not None and normalise_fingerprint(trust) != pack.fingerprint:
        raise PackRefused(
            f"the pack's key has the fingerprint {pack.fingerprint}, not the one given "
            f"with --trust; nothing was imported"
        )
    if plan.first and trust is None and (confirm is None or not confirm(pack.fingerprint)):
        raise PackRefused(
            "the practice's key was not confirmed, so nothing was imported. Compare the "
            f"fingerprint {pack.fingerprint} with the owner's, then import again "
            "(or use --trust FINGERPRINT)"
        )
    return apply_import(db, plan)


def unpin_practice_key(db: Database) -> str | None:
    """Forget the practice's pinned key (after the practice had to make a new one); the
    next pack asks to confirm its fingerprint again. Returns the fingerprint forgotten."""
    pinned = db.setting(PINNED_KEY)
    if not pinned:
        return None
    db.set_setting(PINNED_KEY, "")
    return fingerprint(bytes.fromhex(pinned))
