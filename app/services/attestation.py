"""Attestations: made on a clinician's desk, collected and checked on the owner's.

What goes in is chosen field by field (`app.domain.attestation`): never a note, a secret,
a persona's name, a profile link or findability details, and a personal account's handle
only when the clinician asks for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from app.domain.attestation import (
    ATTESTATION_FORMAT,
    ATTESTATION_KIND,
    MAX_ATTESTATION_BYTES,
    Attestation,
    parse_attestation,
)
from app.domain.catalog import Catalog
from app.domain.checklist import PersonaKind
from app.domain.signed_file import SignedFileError, fingerprint, parse_envelope
from app.domain.text import UnsafeTextError, check_one_line
from app.services.practice_desk import CLINICIAN
from app.services.practice_pack import PackRefused, pack_in_force, write_shared_file
from app.services.signing import SeedSource, sign_document, verify_document
from app.store.database import Database
from app.store.practice_records import (
    PracticeEventKind,
    latest_acknowledgement,
    record_practice_event,
)
from app.store.user_files import UserFileError, read_user_file

STAFF_KEYS = "practice.staff-keys"
WHAT = "an attestation"


def set_clinician_name(db: Database, name: str) -> str:
    """Remember who works at this desk; the name must be one the practice lists."""
    try:
        cleaned = check_one_line(name, "the clinician's name").strip()
    except UnsafeTextError as exc:
        raise PackRefused(str(exc)) from None
    if not cleaned:
        raise PackRefused("the clinician's name cannot be empty")
    pack = pack_in_force(db)
    if pack is not None:
        listed = pack.content.clinicians
        if listed and cleaned.casefold() not in {n.casefold() for n in listed}:
            raise PackRefused(
                f"'{cleaned}' is not one of the practice's clinicians ({', '.join(listed)}); "
                "use your name as the practice lists it"
            )
        cleaned = next((n for n in listed if n.casefold() == cleaned.casefold()), cleaned)
    db.set_setting(CLINICIAN, cleaned)
    return cleaned


def acknowledge(db: Database, at: datetime | None = None) -> str:
    """Record that the clinician read the policy of the pack in force; returns the
    statement acknowledged."""
    pack = pack_in_force(db)
    if pack is None:
        raise PackRefused("there is no practice pack on this desk yet; import one first")
    content = pack.content
    record_practice_event(
        db,
        PracticeEventKind.ACKNOWLEDGED,
        content.pack_version,
        policy_version=content.policy_version,
        statement=content.statement,
        fingerprint=pack.fingerprint,
        at=at,
    )
    return content.statement


def attestation_content(
    db: Database,
    catalog: Catalog,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    with_personal_handles: bool = False,
) -> dict[str, Any]:
    """What this desk attests, as the JSON content to sign."""
    from app.services.separation import current_warnings
    from app.services.status import account_overviews

    pack = pack_in_force(db)
    if pack is None:
        raise PackRefused("there is no practice pack on this desk yet; import one first")
    clinician = db.setting(CLINICIAN) or ""
    if not clinician:
        raise PackRefused(
            "this desk does not know your name yet: give it once with --name 'Your Name' "
            "(as the practice lists it)"
        )
    overviews = account_overviews(db, catalog, now, tz)
    newest_version: dict[tuple[int, str], str] = {}
    for event in db.latest_answers():  # oldest first: the last one seen is the newest
        newest_version[(event.account_id, event.checklist_id)] = event.checklist_version
    requirements = []
    for requirement in pack.content.requirements_for(clinician):
        checklist = catalog.get(requirement.checklist)
        accounts = []
        for o in overviews:
            if o.account.checklist_id != requirement.checklist:
                continue
            personal = o.persona.kind is PersonaKind.PERSONAL
            accounts.append(
                {
                    "persona_kind": o.persona.kind.value,
                    "handle": o.account.handle if (with_personal_handles or not personal) else "",
                    "last_review": o.due.last_review.isoformat() if o.due.last_review else None,
                    "checklist_version": newest_version.get(
                        (o.account.id, requirement.checklist), ""
                    ),
                    "put_off": o.summary.later,
                    "open": o.summary.open,
                    "to_recheck": o.summary.needs_recheck,
                }
            )
        requirements.append(
            {
                "checklist": requirement.checklist,
                "platform": checklist.platform if checklist else requirement.checklist,
                "max_days": requirement.max_days,
                "accounts": accounts,
            }
        )
    ack = latest_acknowledgement(db)
    warnings = current_warnings(db, catalog, now, keyring_available=True, tz=tz)
    return {
        "clinician": clinician,
        "practice_key": pack.fingerprint,
        "pack_version": pack.content.pack_version,
        "made_at": now.astimezone(UTC).isoformat(timespec="seconds"),
        "acknowledged": {
            "statement": ack.statement,
            "pack_version": ack.pack_version,
            "policy_version": ack.policy_version,
            "at": ack.at.isoformat(timespec="seconds"),
        }
        if ack is not None
        else None,
        "requirements": requirements,
        "separation_warnings": len(warnings),
        "with_personal_handles": with_personal_handles,
    }


@dataclass(frozen=True)
class MadeAttestation:
    data: bytes
    attestation: Attestation
    fingerprint: str


def make_attestation(
    db: Database,
    catalog: Catalog,
    keys: SeedSource,
    now: datetime | None = None,
    *,
    with_personal_handles: bool = False,
) -> MadeAttestation:
    content = attestation_content(
        db, catalog, now or datetime.now(UTC), with_personal_handles=with_personal_handles
    )
    data = sign_document(
        keys.signing_seed("clinician"), ATTESTATION_KIND, ATTESTATION_FORMAT, content
    )
    document = parse_envelope(data, ATTESTATION_KIND, ATTESTATION_FORMAT, WHAT)
    return MadeAttestation(data, parse_attestation(document.content), document.fingerprint)


def export_attestation(
    db: Database, catalog: Catalog, keys: SeedSource, path: Path, *, with_personal_handles: bool
) -> MadeAttestation:
    made = make_attestation(db, catalog, keys, with_personal_handles=with_personal_handles)
    write_shared_file(path, made.data, "the attestation")
    return made


# ---------------------------------------------------------------- the owner's side


@dataclass(frozen=True)
class CollectedAttestations:
    accepted: tuple[tuple[Attestation, str], ...]
    refused: tuple[tuple[str, str], ...]
    newly_pinned: tuple[tuple[str, str], ...]
    """(clinician, fingerprint) pinned on first sight during this collection."""


def _staff_keys(db: Database) -> dict[str, str]:
    raw = db.setting(STAFF_KEYS)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def collect_attestations(
    db: Database, folder: Path, practice_fingerprint: str, *, pin: bool = True
) -> CollectedAttestations:
    """Every `*.json` attestation in `folder`, each checked: envelope, signature, the
    practice it was made for, and the clinician's key (pinned on first sight when `pin`).
    A file that fails is listed with one line; it never stops the others."""
    if not folder.is_dir():
        raise PackRefused(f"{folder} is not a folder; give the folder the attestations are in")
    keys = _staff_keys(db)
    accepted: list[tuple[Attestation, str]] = []
    refused: list[tuple[str, str]] = []
    pinned: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.json"))[:1000]:
        try:
            data = read_user_file(path, MAX_ATTESTATION_BYTES, WHAT)
            document = parse_envelope(data, ATTESTATION_KIND, ATTESTATION_FORMAT, WHAT)
            verify_document(document, "attestation")
            attestation = parse_attestation(document.content)
        except (UserFileError, SignedFileError) as exc:
            refused.append((path.name, str(exc)))
            continue
        if attestation.practice_key != practice_fingerprint:
            refused.append((path.name, "made for another practice's pack"))
            continue
        key = attestation.clinician.casefold()
        known = keys.get(key)
        if known is not None and known != document.public_key.hex():
            refused.append(
                (
                    path.name,
                    f"signed by another key ({document.fingerprint}) than the one pinned for "
                    f"{attestation.clinician} ({fingerprint(bytes.fromhex(known))})",
                )
            )
            continue
        if known is None:
            if not pin:
                refused.append((path.name, f"{attestation.clinician}'s key is not pinned yet"))
                continue
            keys[key] = document.public_key.hex()
            pinned.append((attestation.clinician, document.fingerprint))
        accepted.append((attestation, path.name))
    if pinned:
        db.set_setting(STAFF_KEYS, json.dumps(keys, sort_keys=True))
    return CollectedAttestations(tuple(accepted), tuple(refused), tuple(pinned))


def forget_staff_key(db: Database, clinician: str) -> str | None:
    """On the owner's desk: forget the key pinned for `clinician` (who had to make a new
    one); their next attestation pins the new key. Returns the fingerprint forgotten."""
    keys = _staff_keys(db)
    known = keys.pop(clinician.strip().casefold(), None)
    if known is None:
        return None
    db.set_setting(STAFF_KEYS, json.dumps(keys, sort_keys=True))
    return fingerprint(bytes.fromhex(known))
