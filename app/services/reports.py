"""What the two printed reports show, gathered from the database and the checklists.

The view-models here are plain, frozen data: the only thing report templates see. They
hold no database, no vault and no secret field, so neither a shipped nor a user's template
can reach anything the report should not print. Rendering them is `app.reports`' job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo

from app import __version__
from app.domain.catalog import Catalog
from app.domain.checklist import PersonaKind
from app.domain.due import format_day, local_date
from app.domain.jurisdiction import format_date
from app.domain.personas import PersonaStatus
from app.domain.policy import PolicyWording, ResolvedSection, paragraphs, resolve_sections
from app.domain.practice import PracticeProfile
from app.services.audit_view import (
    AuditAccountView,
    AuditItemView,
    AuditPersonaView,
    AuditView,
    WarningView,
    build_audit_view,
)
from app.services.place import PracticePlace, practice_place
from app.services.status import local_timezone
from app.store.database import Database

TEMPLATE_DIR_SETTING = "report_template_dir"
"""Settings key: the folder of the user's own report templates, if they chose one."""
SHOW_GENERATOR_SETTING = "report.show-generator"
"""Settings key: "no" leaves the "Prepared with Tightrope" line off the client's policy."""


def shows_generator(db: Database) -> bool:
    """Whether the policy ends with the "Prepared with Tightrope …" line (yes by default)."""
    return db.setting(SHOW_GENERATOR_SETTING, "yes") != "no"


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
    language: str = "en"
    labels: Mapping[str, str] = field(default_factory=dict)
    """The words around the wording, in the policy's language (see policy.LABEL_KEYS)."""
    privacy: str = ""
    """What the country's privacy law gives the client, or "" when no country is set."""
    country: str = ""
    show_generator: bool = True
    """False when the practice chose to leave the "Prepared with" line off."""

    def label(self, key: str, **values: str) -> str:
        """A label with its {placeholders} filled in: report.label("page", page="1")."""
        text = self.labels.get(key, key)
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text


def _generator() -> str:
    return f"Tightrope {__version__}"


def practice_view(profile: PracticeProfile, today: date | None = None) -> PracticeView:
    """`today` stands in for a policy effective date that is not set yet: the policy
    says its version and date are at the top, so a date is always printed (the window
    stores the day it is first printed, `app.services.practice.stamp_policy_date`)."""
    effective = format_day(today) if today is not None else ""
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


def _section_view(
    section: ResolvedSection, localise: Callable[[str], str], notes: Mapping[str, str]
) -> PolicySectionView:
    """A section as printed: the practice's own wording as written; the default wording
    in local spelling and terms, followed by the country's note for it, if any."""
    if section.option is None:
        return PolicySectionView(section.key, localise(section.title), section.paragraphs, True)
    text = tuple(localise(p) for p in section.paragraphs)
    note = (notes[section.key],) if section.key in notes else ()
    return PolicySectionView(section.key, localise(section.title), (*text, *note), False)


def _policy_day(day: date, wording: PolicyWording, place: PracticePlace) -> str:
    if not wording.months:
        return format_day(day)
    style = place.country.date_style if place.country else "day-month-year"
    return format_date(day, wording.months, style, wording.language)


def build_policy_view(
    db: Database,
    catalog: Catalog,
    wording: PolicyWording,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    place: PracticePlace | None = None,
    profile: PracticeProfile | None = None,
    show_generator: bool | None = None,
) -> PolicyView:
    """The policy for the practice in `db` (or `profile`, while it is being edited and not
    yet saved), with `wording` (the shipped defaults in the chosen language). The
    practice's country adds its privacy law, emergency number, crisis line and any local
    paragraph to the defaults; the practice's own wording, emergency text and crisis line
    are printed as written. `show_generator` overrides the practice's setting (the
    editor's preview of an unsaved choice)."""
    zone = tz or local_timezone(db)
    profile = profile if profile is not None else db.practice()
    place = place or practice_place(db)
    local = place.country.text_in(wording.language) if place.country else None
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
    notes = local.section_notes if local else {}

    def localise(text: str) -> str:
        return local.localise(text) if local else text

    sections = tuple(
        _section_view(s, localise, notes) for s in resolve_sections(wording, profile.stances)
    )
    practice = practice_view(profile)
    effective = _policy_day(local_date(now, zone), wording, place)
    if profile.policy_effective:
        try:
            effective = _policy_day(date.fromisoformat(profile.policy_effective), wording, place)
        except ValueError:
            effective = profile.policy_effective
    practice = replace(
        practice,
        policy_effective=effective,
        crisis_line=practice.crisis_line or (local.crisis_line if local else ""),
    )
    return PolicyView(
        title=wording.title,
        practice=practice,
        intro=tuple(localise(p) for p in paragraphs(wording.intro)),
        sections=sections,
        professional_accounts=accounts,
        no_professional_accounts=wording.no_professional_accounts,
        emergency_fallback=local.emergency if local else wording.emergency_fallback,
        acknowledgement=wording.acknowledgement,
        generated_on=_policy_day(local_date(now, zone), wording, place),
        generator=_generator(),
        language=wording.language,
        labels=dict(wording.labels),
        privacy=local.privacy if local else "",
        country=place.country.name if place.country else "",
        show_generator=shows_generator(db) if show_generator is None else show_generator,
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
