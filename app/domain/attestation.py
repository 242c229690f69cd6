"""A clinician's attestation: what the owner of a group practice may see of one desk.

One signed JSON file (`app.domain.signed_file`), format `tightrope-attestation`, signed
with the clinician's own key. Content (format 1; fields are only ever added):

```
clinician        the clinician's name as the practice lists it
practice_key     fingerprint of the practice key whose pack is in force on the desk
pack_version     that pack's version
made_at          UTC time the attestation was made
acknowledged     {statement, pack_version, policy_version, at} of the newest
                 acknowledgement, or null
requirements     [{checklist, platform, max_days, accounts: [{persona_kind, handle,
                 last_review (date or null), checklist_version, put_off, open,
                 to_recheck}]}]
separation_warnings   how many separation warnings are open on the desk
with_personal_handles whether the clinician chose to include personal accounts' handles
```

Deliberately absent: notes, login e-mails and phones (secrets), persona names, profile
links, findability details. A personal account's handle is "" unless the clinician chose
to include it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.signed_file import SignedFileError
from app.domain.text import unsafe_char

ATTESTATION_KIND = "tightrope-attestation"
ATTESTATION_FORMAT = 1
MAX_ATTESTATION_BYTES = 1024 * 1024
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FINGERPRINT = re.compile(r"[0-9a-f]{4}( [0-9a-f]{4}){7}")
_KINDS = ("personal", "professional", "other")


@dataclass(frozen=True)
class AttestedAccount:
    persona_kind: str
    handle: str
    last_review: date | None
    checklist_version: str
    put_off: int
    open: int
    to_recheck: int


@dataclass(frozen=True)
class AttestedRequirement:
    checklist: str
    platform: str
    max_days: int
    accounts: tuple[AttestedAccount, ...]


@dataclass(frozen=True)
class Acknowledgement:
    statement: str
    pack_version: int
    policy_version: str
    at: datetime


@dataclass(frozen=True)
class Attestation:
    clinician: str
    practice_key: str
    pack_version: int
    made_at: datetime
    acknowledged: Acknowledgement | None
    requirements: tuple[AttestedRequirement, ...]
    separation_warnings: int
    with_personal_handles: bool


def _refuse(message: str) -> SignedFileError:
    return SignedFileError(f"the attestation {message}")


def _text(value: Any, where: str, limit: int = 500) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _refuse(f"has {where} that is not short text")
    if unsafe_char(value, allow_line_breaks=False) is not None:
        raise _refuse(f"has {where} with a control character in it")
    return value


def _count(value: Any, where: str, high: int = 100_000) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= high:
        raise _refuse(f"has {where} that is not a count")
    return value


def _moment(value: Any, where: str) -> datetime:
    text = _text(value, where, 40)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _refuse(f"has {where} that is not a time") from None
    if moment.tzinfo is None:
        raise _refuse(f"has {where} without a time zone")
    return moment


def _day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    text = _text(value, where, 10)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _refuse(f"has {where} that is not a date") from None


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(f"has {where} that is not a table")
    return value


def _account(raw: Any, where: str) -> AttestedAccount:
    data = _table(raw, where)
    kind = data.get("persona_kind")
    if kind not in _KINDS:
        raise _refuse(f"has {where} with an unknown persona kind")
    return AttestedAccount(
        persona_kind=str(kind),
        handle=_text(data.get("handle", ""), f"{where}'s handle", 500),
        last_review=_day(data.get("last_review"), f"{where}'s last review"),
        checklist_version=_text(data.get("checklist_version", ""), f"{where}'s version", 40),
        put_off=_count(data.get("put_off"), f"{where}'s put-off items"),
        open=_count(data.get("open"), f"{where}'s open items"),
        to_recheck=_count(data.get("to_recheck", 0), f"{where}'s items to re-check"),
    )


def _requirement(raw: Any, index: int) -> AttestedRequirement:
    where = f"requirement {index}"
    data = _table(raw, where)
    checklist = data.get("checklist")
    if not isinstance(checklist, str) or not _ID.fullmatch(checklist):
        raise _refuse(f"has {where} without a valid checklist id")
    accounts = data.get("accounts")
    if not isinstance(accounts, list) or len(accounts) > 500:
        raise _refuse(f"has {where} without a list of accounts")
    return AttestedRequirement(
        checklist=checklist,
        platform=_text(data.get("platform", checklist), f"{where}'s platform", 200),
        max_days=_count(data.get("max_days"), f"{where}'s max_days", 3650),
        accounts=tuple(
            _account(a, f"{where}, account {n}") for n, a in enumerate(accounts, start=1)
        ),
    )


def parse_attestation(raw: Mapping[str, Any]) -> Attestation:
    """The content of an attestation whose signature was checked; SignedFileError (one
    line) when a field is missing, of the wrong kind or unsafe."""
    clinician = _text(raw.get("clinician"), "a clinician's name", 200).strip()
    if not clinician:
        raise _refuse("has no clinician's name")
    practice_key = _text(raw.get("practice_key"), "a practice key", 60)
    if not _FINGERPRINT.fullmatch(practice_key):
        raise _refuse("does not say which practice it is for")
    ack_raw = raw.get("acknowledged")
    acknowledged = None
    if ack_raw is not None:
        ack = _table(ack_raw, "an acknowledgement")
        acknowledged = Acknowledgement(
            statement=_text(ack.get("statement"), "an acknowledged statement"),
            pack_version=_count(ack.get("pack_version"), "an acknowledged pack version", 10**9),
            policy_version=_text(ack.get("policy_version"), "an acknowledged policy version", 200),
            at=_moment(ack.get("at"), "an acknowledgement time"),
        )
    requirements = raw.get("requirements")
    if not isinstance(requirements, list) or len(requirements) > 200:
        raise _refuse("has no list of requirements")
    handles = raw.get("with_personal_handles", False)
    if not isinstance(handles, bool):
        raise _refuse("does not say whether personal handles are included")
    return Attestation(
        clinician=clinician,
        practice_key=practice_key,
        pack_version=_count(raw.get("pack_version"), "a pack version", 10**9),
        made_at=_moment(raw.get("made_at"), "the time it was made"),
        acknowledged=acknowledged,
        requirements=tuple(_requirement(r, n) for n, r in enumerate(requirements, start=1)),
        separation_warnings=_count(raw.get("separation_warnings"), "a count of warnings"),
        with_personal_handles=handles,
    )
