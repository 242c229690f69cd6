"""What the two printed reports show, gathered from the database and the checklists.

The view-models here are plain, frozen data: the only thing report templates see. They
hold no database, no vault and no secret field, so neither a shipped nor a user's template
can reach anything the report should not print. Rendering them is `app.reports`' job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from app import __version__
from app.domain.checklist import PersonaKind
from app.domain.due import format_day, local_date
from app.domain.personas import PersonaStatus
from app.domain.policy import PolicyWording, paragraphs, resolve_sections
from app.domain.practice import PracticeProfile
from app.services.audit_view import (
    AuditAccountView,
    AuditItemView,
    AuditPersonaView,
    AuditView,
    WarningView,
    build_audit_view,
)
from app.services.status import local_timezone
from app.store.checklist_files import Catalog
from app.store.database import Database

TEMPLATE_DIR_SETTING = "report_template_dir"
"""Settings key: the folder of the user's own report templates, if they chose one."""


@dataclass(frozen=True)
class PracticeView:
    name: str
    """The practice's name, or a neutral stand-in when none is set up yet."""
    is_set_up: bool
    clinicians: tuple[str, ...]
    address_lines: tuple[str, ...]
    phone: str
    email: str
    website: str
    emergency_paragraphs: tuple[str, ...]
    crisis_line: str
    policy_version: str
    policy_effective: str
    """The effective date in words, or "" when none is set."""

    @property
    def has_contact(self) -> bool:
        return bool(self.address_lines or self.phone or self.email or self.website)


@dataclass(frozen=True)
class PolicySectionView:
    key: str
    title: str
    paragraphs: tuple[str, ...]
    own_wording: bool
    """True when the practice wrote this section itself instead of picking an option."""


@dataclass(frozen=True)
class ProfessionalAccountView:
    platform: str
    handle: str
    url: str
    persona: str


@dataclass(frozen=True)
class PolicyView:
    title: str
    practice: PracticeView
    intro: tuple[str, ...]
    sections: tuple[PolicySectionView, ...]
    professional_accounts: tuple[ProfessionalAccountView, ...]
    no_professional_accounts: str
    emergency_fallback: str
    acknowledgement: str
    generated_on: str
    generator: str


def short_day(day: date) -> str:
    """A date for narrow table columns, as unambiguous as `format_day`: 6 Sep 2026."""
    return f"{day.day} {day:%b} {day.year}"


def _generator() -> str:
    return f"Tightrope {__version__}"


def practice_view(profile: PracticeProfile) -> PracticeView:
    effective = ""
    if profile.policy_effective:
        try:
            effective = format_day(datetime.fromisoformat(profile.policy_effective).date())
        except ValueError:
            effective = profile.policy_effective
    name = profile.name.strip()
    return PracticeView(
        name=name or "Our practice",
        is_set_up=bool(name),
        clinicians=tuple(c for c in profile.clinicians if c.strip()),
        address_lines=tuple(line.strip() for line in profile.address.splitlines() if line.strip()),
        phone=profile.phone.strip(),
        email=profile.email.strip(),
        website=profile.website.strip(),
        emergency_paragraphs=paragraphs(profile.emergency_wording),
        crisis_line=profile.crisis_line.strip(),
        policy_version=profile.policy_version.strip(),
        policy_effective=effective,
    )


def build_policy_view(
    db: Database, catalog: Catalog, wording: PolicyWording, now: datetime, tz: tzinfo | None = None
) -> PolicyView:
    """The policy for the practice in `db`, with `wording` (the shipped defaults)."""
    zone = tz or local_timezone(db)
    profile = db.practice()
    professional = {
        p.id: p
        for p in db.personas()
        if p.kind is PersonaKind.PROFESSIONAL and p.status is not PersonaStatus.RETIRED
    }
    accounts = tuple(
        ProfessionalAccountView(
            platform=(
                checklist.platform
                if (checklist := catalog.get(account.checklist_id))
                else account.checklist_id
            ),
            handle=account.handle,
            url=account.profile_url,
            persona=professional[account.persona_id].name,
        )
        for account in db.accounts()
        if account.persona_id in professional
    )
    sections = tuple(
        PolicySectionView(s.key, s.title, s.paragraphs, s.option is None)
        for s in resolve_sections(wording, profile.stances)
    )
    return PolicyView(
        title=wording.title,
        practice=practice_view(profile),
        intro=paragraphs(wording.intro),
        sections=sections,
        professional_accounts=accounts,
        no_professional_accounts=wording.no_professional_accounts,
        emergency_fallback=wording.emergency_fallback,
        acknowledgement=wording.acknowledgement,
        generated_on=format_day(local_date(now, zone)),
        generator=_generator(),
    )


__all__ = [
    "AuditAccountView",
    "AuditItemView",
    "AuditPersonaView",
    "AuditView",
    "PolicyView",
    "WarningView",
    "build_audit_view",
    "build_policy_view",
    "practice_view",
]
