"""The owner's staff summary: attestations from a folder, checked, against the pack the
owner made last. Feeds the staff screen and the printed report (a frozen view-model with
no database handle, like the audit's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from app.domain.catalog import Catalog
from app.domain.due import format_day, local_date
from app.domain.staff import StaffStatus, StaffSummary, staff_summary
from app.services.attestation import collect_attestations
from app.services.practice_pack import PackRefused, made_pack
from app.services.reports import PracticeView, _generator, practice_view
from app.store.database import Database


@dataclass(frozen=True)
class RequirementView:
    platform: str
    max_days: int
    last_review: str
    status: str
    overdue: bool
    put_off: int
    open: int


@dataclass(frozen=True)
class ClinicianView:
    name: str
    status: str
    overdue: bool
    detail: str
    attested_on: str
    acknowledged: str
    separation_warnings: int
    requirements: tuple[RequirementView, ...]
    source: str


@dataclass(frozen=True)
class StaffView:
    title: str
    practice: PracticeView
    generated_at: str
    generated_on: str
    pack_version: int
    policy_version: str
    statement: str
    clinicians: tuple[ClinicianView, ...]
    refused: tuple[tuple[str, str], ...]
    newly_pinned: tuple[tuple[str, str], ...]
    up_to_date: int
    needing_action: int
    generator: str


def _day(day: date | None) -> str:
    return format_day(day) if day is not None else "—"


def staff_view_of(
    summary: StaffSummary,
    practice: PracticeView,
    now: datetime,
    newly_pinned: tuple[tuple[str, str], ...] = (),
) -> StaffView:
    clinicians = []
    for row in summary.clinicians:
        acknowledged = (
            f"version {row.acknowledged_version} on {_day(row.acknowledged_on)}"
            if row.acknowledged_on is not None
            else ("not acknowledged" if row.attested_on is not None else "—")
        )
        clinicians.append(
            ClinicianView(
                name=row.name,
                status=row.status.value,
                overdue=row.status is not StaffStatus.UP_TO_DATE,
                detail=row.detail,
                attested_on=_day(row.attested_on),
                acknowledged=acknowledged,
                separation_warnings=row.separation_warnings,
                requirements=tuple(
                    RequirementView(
                        platform=r.platform,
                        max_days=r.max_days,
                        last_review=_day(r.last_review),
                        status=r.status,
                        overdue=r.overdue,
                        put_off=r.put_off,
                        open=r.open,
                    )
                    for r in row.requirements
                ),
                source=row.source,
            )
        )
    good = summary.count(StaffStatus.UP_TO_DATE)
    return StaffView(
        title="Staff summary",
        practice=practice,
        generated_at=f"{format_day(summary.today)}, {now.strftime('%H:%M')}",
        generated_on=summary.today.isoformat(),
        pack_version=summary.pack_version,
        policy_version=summary.policy_version,
        statement=summary.statement,
        clinicians=tuple(clinicians),
        refused=summary.refused,
        newly_pinned=newly_pinned,
        up_to_date=good,
        needing_action=len(clinicians) - good,
        generator=_generator(),
    )


def build_staff_view(
    db: Database,
    catalog: Catalog,
    folder: Path,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> StaffView:
    """Collect and check the attestations in `folder` (pinning new clinicians' keys) and
    summarise them against the pack this desk made last. PackRefused (one line) when this
    desk never made a pack."""
    from app.services.status import local_timezone

    moment = now or datetime.now(UTC)
    pack = made_pack(db)
    if pack is None:
        raise PackRefused(
            "this desk has not made a practice pack yet; the staff summary compares the "
            "attestations with the pack you made (tightrope practice pack export FILE)"
        )
    collected = collect_attestations(db, folder, pack.fingerprint)
    zone = tz or local_timezone(db)
    platforms = {c.id: c.platform for c in catalog.checklists.values()}
    summary = staff_summary(
        pack.content, collected.accepted, collected.refused, local_date(moment, zone), platforms
    )
    return staff_view_of(summary, practice_view(db.practice()), moment, collected.newly_pinned)
