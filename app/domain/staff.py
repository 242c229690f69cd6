"""The owner's view of the staff: who attested, who acknowledged which policy version,
who is overdue, per clinician and per requirement. Pure: the pack, the attestations that
passed their checks and the date come in, rows come out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.attestation import Attestation
from app.domain.due import format_day
from app.domain.practice_pack import PackContent, Requirement


class StaffStatus(StrEnum):
    UP_TO_DATE = "up to date"
    OVERDUE = "overdue"
    NOT_ACKNOWLEDGED = "policy not acknowledged"
    NOT_ATTESTED = "not attested"


@dataclass(frozen=True)
class RequirementRow:
    checklist: str
    platform: str
    max_days: int
    last_review: date | None
    """The oldest last complete review among the clinician's accounts on this checklist."""
    due_on: date | None
    status: str
    overdue: bool
    put_off: int
    open: int


@dataclass(frozen=True)
class ClinicianRow:
    name: str
    status: StaffStatus
    detail: str
    """One line in words: what is missing or late, or that all is in order."""
    attested_on: date | None
    pack_version: int | None
    acknowledged_version: str
    acknowledged_on: date | None
    separation_warnings: int
    requirements: tuple[RequirementRow, ...]
    source: str
    """The attestation file it came from ("" when none)."""


@dataclass(frozen=True)
class StaffSummary:
    practice: str
    pack_version: int
    policy_version: str
    statement: str
    today: date
    clinicians: tuple[ClinicianRow, ...]
    refused: tuple[tuple[str, str], ...]
    """(file name, why) for each file in the folder that was not used."""

    def count(self, status: StaffStatus) -> int:
        return sum(1 for c in self.clinicians if c.status is status)


def _sentence(problems: Sequence[str]) -> str:
    if not problems:
        return "All in order."
    text = "; ".join(problems)
    return text[0].upper() + text[1:] + "."


def _requirement_row(
    requirement: Requirement,
    attestation: Attestation,
    platforms: dict[str, str],
    today: date,
    pack_version: int,
) -> RequirementRow:
    platform = platforms.get(requirement.checklist, requirement.checklist)
    attested = next(
        (r for r in attestation.requirements if r.checklist == requirement.checklist), None
    )
    if attested is None and attestation.pack_version < pack_version:
        return RequirementRow(
            requirement.checklist,
            platform,
            requirement.max_days,
            None,
            None,
            f"not in the attestation (made against pack {attestation.pack_version})",
            True,
            0,
            0,
        )
    if attested is None or not attested.accounts:
        return RequirementRow(
            requirement.checklist,
            platform,
            requirement.max_days,
            None,
            None,
            "no account on this checklist",
            True,
            0,
            0,
        )
    reviews = [a.last_review for a in attested.accounts]
    put_off = sum(a.put_off for a in attested.accounts)
    open_items = sum(a.open for a in attested.accounts)
    if any(r is None for r in reviews):
        return RequirementRow(
            requirement.checklist,
            attested.platform,
            requirement.max_days,
            None,
            None,
            "never reviewed",
            True,
            put_off,
            open_items,
        )
    oldest = min(r for r in reviews if r is not None)
    due_on = oldest + timedelta(days=requirement.max_days)
    if due_on < today:
        status, overdue = f"overdue since {format_day(due_on)}", True
    elif open_items:
        status, overdue = f"{open_items} item(s) open; due {format_day(due_on)}", False
    else:
        status, overdue = f"up to date; due {format_day(due_on)}", False
    return RequirementRow(
        requirement.checklist,
        attested.platform,
        requirement.max_days,
        oldest,
        due_on,
        status,
        overdue,
        put_off,
        open_items,
    )


def staff_summary(
    pack: PackContent,
    attestations: Sequence[tuple[Attestation, str]],
    refused: Sequence[tuple[str, str]],
    today: date,
    platforms: dict[str, str] | None = None,
) -> StaffSummary:
    """One row per clinician the practice lists, plus any other who attested; the newest
    attestation of each counts."""
    platform_names = platforms or {}
    newest: dict[str, tuple[Attestation, str]] = {}
    for attestation, source in attestations:
        key = attestation.clinician.casefold()
        if key not in newest or attestation.made_at > newest[key][0].made_at:
            newest[key] = (attestation, source)
    order = list(pack.clinicians) + [
        a.clinician
        for a, _ in newest.values()
        if a.clinician.casefold() not in {n.casefold() for n in pack.clinicians}
    ]
    rows: list[ClinicianRow] = []
    for name in order:
        found = newest.get(name.casefold())
        requirements = pack.requirements_for(name)
        if found is None:
            rows.append(
                ClinicianRow(
                    name,
                    StaffStatus.NOT_ATTESTED,
                    "No attestation in the folder.",
                    None,
                    None,
                    "",
                    None,
                    0,
                    (),
                    "",
                )
            )
            continue
        attestation, source = found
        req_rows = tuple(
            _requirement_row(r, attestation, platform_names, today, pack.pack_version)
            for r in requirements
        )
        ack = attestation.acknowledged
        problems: list[str] = []
        late = [r.platform for r in req_rows if r.overdue]
        if late:
            problems.append(f"overdue: {', '.join(late)}")
        acknowledged_current = ack is not None and ack.policy_version == pack.policy_version
        if not acknowledged_current:
            problems.append(
                f"has not acknowledged policy version {pack.policy_version}"
                + (f" (acknowledged {ack.policy_version})" if ack is not None else "")
            )
        if attestation.pack_version < pack.pack_version:
            problems.append(
                f"attested against pack {attestation.pack_version}, not the current "
                f"{pack.pack_version}"
            )
        if name.casefold() not in {n.casefold() for n in pack.clinicians}:
            problems.append("not on the practice's list of clinicians")
        if late:
            status = StaffStatus.OVERDUE
        elif not acknowledged_current:
            status = StaffStatus.NOT_ACKNOWLEDGED
        elif problems:
            status = StaffStatus.OVERDUE
        else:
            status = StaffStatus.UP_TO_DATE
        rows.append(
            ClinicianRow(
                name=attestation.clinician,
                status=status,
                detail=_sentence(problems),
                attested_on=attestation.made_at.date(),
                pack_version=attestation.pack_version,
                acknowledged_version=ack.policy_version if ack is not None else "",
                acknowledged_on=ack.at.date() if ack is not None else None,
                separation_warnings=attestation.separation_warnings,
                requirements=req_rows,
                source=source,
            )
        )
    return StaffSummary(
        practice=str(pack.practice.get("name", "")),
        pack_version=pack.pack_version,
        policy_version=pack.policy_version,
        statement=pack.statement,
        today=today,
        clinicians=tuple(rows),
        refused=tuple(refused),
    )
