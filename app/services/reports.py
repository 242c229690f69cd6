"""What the two printed reports show, gathered from the database and the checklists.

The view-models here are plain, frozen data: the only thing report templates see. They
hold no database, no vault and no secret field, so neither a shipped nor a user's template
can reach anything the report should not print. Rendering them is `app.reports`' job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from app import __version__
from app.domain.checklist import PersonaKind
from app.domain.due import format_day, local_date
from app.domain.personas import PersonaStatus
from app.domain.policy import PolicyWording, paragraphs, resolve_sections
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState, ItemStatus, Standing
from app.domain.review import ReviewEvent, ReviewEventKind
from app.domain.separation import SeparationWarning
from app.services.findability_report import FindabilityPersonaView, findability_audit_views
from app.services.status import AccountOverview, account_overviews, local_timezone
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


@dataclass(frozen=True)
class AuditItemView:
    title: str
    standing: str
    """In words: Done, Not applicable, Later, Not answered yet, Needs a re-check, ..."""
    group: str
    """recheck, pending, done, not-applicable or removed: templates use it for styling."""
    answered_on: str
    version: str
    """The checklist version the answer was given against, or ""."""
    note: str
    detail: str
    """Why a re-check is asked, or what happened to a removed item; "" otherwise."""


@dataclass(frozen=True)
class AuditAccountView:
    platform: str
    handle: str
    profile_url: str
    checklist_id: str
    checklist_loaded: bool
    checklist_version: str
    """The version of the checklist loaded now (what the standing is measured against)."""
    versions_answered: tuple[str, ...]
    last_review: str
    """E.g. "Walkthrough completed on 20 November 2026", or "" if none yet."""
    last_answer_on: str
    due: str
    total: int
    done: int
    not_applicable: int
    pending: int
    needs_recheck: int
    removed: int
    items: tuple[AuditItemView, ...]
    """Re-checks first, then pending, done, not applicable, and items no longer listed."""

    @property
    def reviewed(self) -> bool:
        return bool(self.last_answer_on or self.last_review)


@dataclass(frozen=True)
class AuditPersonaView:
    name: str
    kind: str
    status: str
    recheck_days: int
    accounts: tuple[AuditAccountView, ...]


@dataclass(frozen=True)
class WarningView:
    title: str
    accounts: tuple[str, ...]
    """Each as "Platform handle (Persona)"."""
    fix: str
    severity: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditView:
    title: str
    practice: PracticeView
    personas: tuple[AuditPersonaView, ...]
    warnings: tuple[WarningView, ...]
    warnings_checked: bool
    """False when separation warnings could not be worked out for this report."""
    generated_on: str
    generated_at: str
    generator: str
    signatory: str
    findability: tuple[FindabilityPersonaView, ...] = ()
    """The opt-out log per persona (app.services.findability_report); empty when unused."""

    @property
    def accounts(self) -> tuple[AuditAccountView, ...]:
        return tuple(a for p in self.personas for a in p.accounts)

    @property
    def reviewed_accounts(self) -> int:
        return sum(1 for a in self.accounts if a.reviewed)


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


_GROUP_ORDER = {"recheck": 0, "pending": 1, "done": 2, "not-applicable": 3, "removed": 4}


def _item_view(status: ItemStatus, zone: tzinfo) -> AuditItemView:
    answer = status.last_answer
    answered_on = short_day(local_date(answer.at, zone)) if answer else ""
    version = answer.checklist_version if answer else ""
    note = answer.note.strip() if answer else ""
    title = status.item.title if status.item else status.item_id
    if status.standing is Standing.REMOVED:
        state = answer.state.label if answer else ""
        return AuditItemView(
            title,
            "No longer in the checklist",
            "removed",
            answered_on,
            version,
            note,
            f"Last answer: {state}. Kept for the record." if state else "Kept for the record.",
        )
    if status.standing is Standing.NEEDS_RECHECK:
        previous = answer.state.label if answer else ""
        if status.carried_from:
            detail = f"Replaces the setting '{status.carried_from}', answered {previous}."
        else:
            detail = f"Answered {previous} before the checklist changed this setting."
        return AuditItemView(
            title, "Needs a re-check", "recheck", answered_on, version, note, detail
        )
    if status.standing is Standing.NEW or answer is None:
        return AuditItemView(title, "Not answered yet", "pending", "", "", "", "")
    if answer.state is AnswerState.DONE:
        return AuditItemView(title, "Done", "done", answered_on, version, note, "")
    if answer.state is AnswerState.NOT_APPLICABLE:
        return AuditItemView(
            title, "Not applicable", "not-applicable", answered_on, version, note, ""
        )
    return AuditItemView(title, "Later", "pending", answered_on, version, note, "")


def _last_review_text(review: ReviewEvent | None, zone: tzinfo) -> str:
    if review is None:
        return ""
    day = format_day(local_date(review.at, zone))
    if review.kind is ReviewEventKind.REVIEWED_ELSEWHERE:
        return f"Reviewed outside the walkthrough on {day}"
    return f"Walkthrough completed on {day}"


def _account_view(overview: AccountOverview, zone: tzinfo) -> AuditAccountView:
    items = sorted(
        (_item_view(status, zone) for status in overview.statuses),
        key=lambda item: _GROUP_ORDER[item.group],
    )
    answers = [s.last_answer for s in overview.statuses if s.last_answer is not None]
    last_answer = max((a.at for a in answers), default=None)

    def count(group: str) -> int:
        return sum(1 for item in items if item.group == group)

    return AuditAccountView(
        platform=overview.platform,
        handle=overview.account.handle,
        profile_url=overview.account.profile_url,
        checklist_id=overview.account.checklist_id,
        checklist_loaded=overview.checklist is not None,
        checklist_version=str(overview.checklist.version) if overview.checklist else "",
        versions_answered=tuple(sorted({a.checklist_version for a in answers})),
        last_review=_last_review_text(overview.last_review, zone),
        last_answer_on=format_day(local_date(last_answer, zone)) if last_answer else "",
        due=overview.due.reason,
        total=overview.summary.total,
        done=count("done"),
        not_applicable=count("not-applicable"),
        pending=count("pending"),
        needs_recheck=count("recheck"),
        removed=count("removed"),
        items=tuple(items),
    )


def _warning_views(
    warnings: Iterable[SeparationWarning], overviews: Sequence[AccountOverview]
) -> tuple[WarningView, ...]:
    labels = {
        o.account.id: f"{o.platform} {o.account.handle} ({o.persona.name})" for o in overviews
    }
    return tuple(
        WarningView(
            title=warning.title,
            accounts=tuple(labels.get(a.id, a.handle) for a in warning.accounts),
            fix=warning.fix,
            severity=warning.severity.value,
            details=tuple(warning.details),
        )
        for warning in warnings
    )


def build_audit_view(
    db: Database,
    catalog: Catalog,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    warnings: Sequence[SeparationWarning] | None = None,
) -> AuditView:
    """The audit of every live persona and account. `warnings` are the open separation
    warnings; None means they could not be worked out, and the report says so."""
    zone = tz or local_timezone(db)
    overviews = account_overviews(db, catalog, now, zone)
    personas: list[AuditPersonaView] = []
    for persona in db.personas():
        mine = [o for o in overviews if o.persona.id == persona.id]
        personas.append(
            AuditPersonaView(
                name=persona.name,
                kind=persona.kind.value.capitalize(),
                status=persona.status.value.capitalize(),
                recheck_days=persona.recheck_days,
                accounts=tuple(_account_view(o, zone) for o in mine),
            )
        )
    profile = db.practice()
    local_now = now.astimezone(zone)
    return AuditView(
        title="Privacy audit summary",
        practice=practice_view(profile),
        personas=tuple(personas),
        warnings=_warning_views(warnings or (), overviews),
        warnings_checked=warnings is not None,
        generated_on=format_day(local_now.date()),
        generated_at=f"{format_day(local_now.date())}, {local_now:%H:%M} "
        f"({local_now.tzname() or 'local time'})",
        generator=_generator(),
        signatory=", ".join(c for c in profile.clinicians if c.strip()),
        findability=findability_audit_views(db, catalog, now, zone),
    )
