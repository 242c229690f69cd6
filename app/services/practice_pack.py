"""Making a practice pack on the owner's desk and importing it on a clinician's.

Import checks everything before anything changes: the envelope, the signature, the key
against the pinned one, the version against the one in force (never back, never the
same pack with other content), the profile against the policy wording, every checklist
as a checklist, and every required checklist as one the desk knows. Only then are the
practice's checklist files written, the profile saved and the pack recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.checklist import Checklist
from app.domain.checklist_parse import ChecklistError, parse_checklist
from app.domain.policy import PRACTICE_FIELDS, PracticeFieldError, set_practice_field
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
    requirement_changes,
)
from app.domain.signed_file import (
    SignedDocument,
    SignedFileError,
    fingerprint,
    normalise_fingerprint,
    parse_envelope,
)
from app.services.practice_desk import CLINICIAN, REQUIREMENTS
from app.services.signing import SeedSource, public_key_of, sign_document, verify_document
from app.store import paths
from app.store.checklist_files import Catalog, Source
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
    return MadePack(data, verified.content, fingerprint(public_key_of(seed)))


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


# ---------------------------------------------------------------- importing


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
    requirement_lines, _ = requirement_changes(old_requirements, new.requirements, clinician)
    return lines + requirement_lines


def plan_import(db: Database, catalog: Catalog, pack: VerifiedPack, wording: Any) -> ImportPlan:
    """Check `pack` against this desk; PackRefused (one line) when it cannot be used."""
    pinned = db.setting(PINNED_KEY)
    if pinned and pinned != pack.document.public_key.hex():
        raise PackRefused(
            f"this pack is signed by another key ({pack.fingerprint}) than the practice's "
            f"pinned one ({fingerprint(bytes.fromhex(pinned))}): it is from another practice, "
            "or forged. Ask the practice's owner"
        )
    current = pack_in_force(db)
    if current is not None:
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
