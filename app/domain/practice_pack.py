"""The practice pack: what a group practice's owner hands to every clinician's desk.

One signed JSON file (`app.domain.signed_file`), format `tightrope-practice-pack`. Its
content (format 1; fields are only ever added, a reader ignores none silently but older
readers refuse newer formats):

```
pack_version    integer >= 1, raised by one with every pack the practice makes
made_at         UTC time the pack was made (ISO 8601)
practice        the practice profile: name, clinicians, address, phone, email, website,
                emergency_wording, crisis_line, policy_version, policy_effective, and
                stances {section: option or own wording}
template_folder the name (not the path) of the practice's report template folder, or ""
checklists      {checklist id: the TOML text of the practice's own checklist}
requirements    [{checklist, max_days, clinicians: [] = everyone}]
statement       what each clinician acknowledges, e.g. "I have read the office
                social-media policy, version 3"
```

Here the content is checked on its own terms (types, sizes, characters, names); the
service checks the rest (the profile against the policy wording, the checklists as
checklists, required checklists that exist) before anything on the desk changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.signed_file import SignedFileError
from app.domain.text import unsafe_char

PACK_KIND = "tightrope-practice-pack"
PACK_FORMAT = 1
MAX_PACK_BYTES = 8 * 1024 * 1024
MAX_CHECKLISTS = 50
MAX_CHECKLIST_TEXT = 2 * 1024 * 1024
MAX_REQUIREMENTS = 200
MAX_DAYS = 3650
MAX_LINE = 500
MAX_TEXT = 4000
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

PROFILE_TEXT_FIELDS = (
    "name",
    "address",
    "phone",
    "email",
    "website",
    "emergency_wording",
    "crisis_line",
    "policy_version",
    "policy_effective",
)
_MULTI_LINE_FIELDS = frozenset({"address", "emergency_wording"})


def default_statement(policy_version: str) -> str:
    return f"I have read the office social-media policy, version {policy_version}"


@dataclass(frozen=True)
class Requirement:
    checklist: str
    max_days: int
    clinicians: tuple[str, ...] = ()
    """Empty: every clinician of the practice."""

    def applies_to(self, clinician: str) -> bool:
        if not self.clinicians:
            return True
        wanted = clinician.strip().casefold()
        return any(name.casefold() == wanted for name in self.clinicians)

    def to_json(self) -> dict[str, Any]:
        return {
            "checklist": self.checklist,
            "max_days": self.max_days,
            "clinicians": list(self.clinicians),
        }


@dataclass(frozen=True)
class PackContent:
    pack_version: int
    made_at: str
    practice: Mapping[str, Any]
    """The profile fields as text, plus `clinicians` (list) and `stances` (mapping)."""
    template_folder: str
    checklists: Mapping[str, str]
    requirements: tuple[Requirement, ...]
    statement: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Fields a newer Tightrope of the same format added; kept so the signature holds."""

    @property
    def policy_version(self) -> str:
        return str(self.practice.get("policy_version", ""))

    @property
    def clinicians(self) -> tuple[str, ...]:
        return tuple(self.practice.get("clinicians", ()))

    def requirements_for(self, clinician: str) -> list[Requirement]:
        return [r for r in self.requirements if r.applies_to(clinician)]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.extra,
            "pack_version": self.pack_version,
            "made_at": self.made_at,
            "practice": {
                **{k: self.practice.get(k, "") for k in PROFILE_TEXT_FIELDS},
                "clinicians": list(self.clinicians),
                "stances": dict(self.practice.get("stances", {})),
            },
            "template_folder": self.template_folder,
            "checklists": dict(self.checklists),
            "requirements": [r.to_json() for r in self.requirements],
            "statement": self.statement,
        }


def _refuse(message: str) -> SignedFileError:
    return SignedFileError(f"the practice pack {message}")


def _text(value: Any, where: str, *, limit: int = MAX_LINE, multi_line: bool = False) -> str:
    if not isinstance(value, str):
        raise _refuse(f"has {where} that is not text")
    if len(value) > limit:
        raise _refuse(f"has {where} longer than {limit} characters")
    bad = unsafe_char(value, allow_line_breaks=multi_line)
    if bad is not None:
        raise _refuse(f"has {where} with a control character in it")
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _refuse(f"has {where} that is not a whole number from {low} to {high}")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > 500:
        raise _refuse(f"has {where} that is not a list of names")
    return tuple(_text(v, where, limit=200).strip() for v in value)


def _profile(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _refuse("has no practice profile")
    unknown = sorted(set(raw) - {*PROFILE_TEXT_FIELDS, "clinicians", "stances"})
    if unknown:
        raise _refuse(f"has a practice field this Tightrope does not know: '{unknown[0][:40]}'")
    profile: dict[str, Any] = {}
    for key in PROFILE_TEXT_FIELDS:
        multi = key in _MULTI_LINE_FIELDS
        profile[key] = _text(
            raw.get(key, ""),
            f"a practice {key}",
            limit=MAX_TEXT if multi else MAX_LINE,
            multi_line=multi,
        )
    if not profile["name"].strip():
        raise _refuse("has no practice name")
    profile["clinicians"] = _names(raw.get("clinicians", []), "clinicians")
    stances = raw.get("stances", {})
    if not isinstance(stances, dict) or len(stances) > 100:
        raise _refuse("has policy stances that are not a list of sections")
    profile["stances"] = {
        _text(k, "a policy section name", limit=100): _text(
            v, f"policy wording for '{k[:40]}'", limit=MAX_TEXT, multi_line=True
        )
        for k, v in stances.items()
    }
    return profile


def _checklists(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise _refuse("has checklists that are not a table of files")
    if len(raw) > MAX_CHECKLISTS:
        raise _refuse(f"has more than {MAX_CHECKLISTS} checklists")
    found: dict[str, str] = {}
    for checklist_id, text in raw.items():
        if not isinstance(checklist_id, str) or not _ID.fullmatch(checklist_id):
            raise _refuse(f"names a checklist '{str(checklist_id)[:40]}' with an invalid id")
        found[checklist_id] = _text(
            text, f"checklist '{checklist_id}'", limit=MAX_CHECKLIST_TEXT, multi_line=True
        )
    return found


def _requirements(raw: Any, clinicians: Sequence[str]) -> tuple[Requirement, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_REQUIREMENTS:
        raise _refuse("has requirements that are not a list")
    known = {name.casefold() for name in clinicians}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    found: list[Requirement] = []
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise _refuse(f"has requirement {index} that is not a table")
        checklist = entry.get("checklist")
        if not isinstance(checklist, str) or not _ID.fullmatch(checklist):
            raise _refuse(f"has requirement {index} without a valid checklist id")
        days = _int(entry.get("max_days"), f"requirement {index}'s max_days", 1, MAX_DAYS)
        names = _names(entry.get("clinicians", []), f"requirement {index}'s clinicians")
        for name in names:
            if name.casefold() not in known:
                raise _refuse(
                    f"requires '{checklist}' of '{name}', who is not one of the practice's "
                    "clinicians"
                )
        key = (checklist, tuple(sorted(n.casefold() for n in names)))
        if key in seen:
            raise _refuse(f"requires '{checklist}' twice for the same clinicians")
        seen.add(key)
        found.append(Requirement(checklist, days, names))
    return tuple(found)


KNOWN_FIELDS = frozenset(
    {
        "pack_version",
        "made_at",
        "practice",
        "template_folder",
        "checklists",
        "requirements",
        "statement",
    }
)


def parse_pack_content(raw: Mapping[str, Any]) -> PackContent:
    """The content of a pack whose envelope (and signature) was checked; SignedFileError
    with one line when any field is missing, of the wrong kind, too large or unsafe."""
    version = _int(raw.get("pack_version"), "a pack_version", 1, 10**9)
    made_at = _text(raw.get("made_at"), "a date it was made", limit=40)
    try:
        made = datetime.fromisoformat(made_at)
    except ValueError:
        raise _refuse(f"has a date it was made that is not a date ('{made_at}')") from None
    if made.tzinfo is None:
        raise _refuse("has a date it was made without a time zone")
    practice = _profile(raw.get("practice"))
    folder = _text(raw.get("template_folder", ""), "a template folder name", limit=255)
    if "/" in folder or "\\" in folder:
        raise _refuse("names a template folder by its path; only its name travels")
    statement = _text(raw.get("statement"), "an acknowledgement statement").strip()
    if not statement:
        raise _refuse("has no statement for the clinicians to acknowledge")
    return PackContent(
        pack_version=version,
        made_at=made_at,
        practice=practice,
        template_folder=folder,
        checklists=_checklists(raw.get("checklists", {})),
        requirements=_requirements(raw.get("requirements", []), practice["clinicians"]),
        statement=statement,
        extra={k: v for k, v in raw.items() if k not in KNOWN_FIELDS},
    )


def requirement_changes(
    old: Sequence[Requirement],
    new: Sequence[Requirement],
    clinician: str,
    names: Mapping[str, str] | None = None,
) -> tuple[list[str], list[str]]:
    """Lines about the requirements that changed for `clinician`, and the checklist ids
    whose maximum interval went down (their accounts may now be due). `names` gives a
    checklist's platform name for the lines."""
    shown = names or {}

    def table(items: Sequence[Requirement]) -> dict[str, int]:
        result: dict[str, int] = {}
        for r in items:
            if clinician == "" or r.applies_to(clinician):
                result[r.checklist] = min(result.get(r.checklist, MAX_DAYS + 1), r.max_days)
        return result

    before, after = table(old), table(new)
    lines: list[str] = []
    lowered: list[str] = []
    for checklist, days in sorted(after.items()):
        previous = before.get(checklist)
        if previous is None:
            lines.append(
                f"Now required: {shown.get(checklist, checklist)}, re-checked at least "
                f"every {days} days."
            )
            lowered.append(checklist)
        elif days != previous:
            lines.append(
                f"{shown.get(checklist, checklist)}: re-check at least every {days} days "
                f"(was {previous})."
            )
            if days < previous:
                lowered.append(checklist)
    for checklist in sorted(set(before) - set(after)):
        lines.append(f"No longer required: {shown.get(checklist, checklist)}.")
    return lines, lowered


def practice_intervals(requirements: Sequence[Requirement], clinician: str) -> dict[str, int]:
    """Checklist id -> the practice's maximum re-check interval on this clinician's desk.
    With no clinician named on the desk, every requirement counts (the strictest wins)."""
    limits: dict[str, int] = {}
    for r in requirements:
        if not clinician.strip() or r.applies_to(clinician):
            limits[r.checklist] = min(limits.get(r.checklist, MAX_DAYS), r.max_days)
    return limits
