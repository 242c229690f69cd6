"""What the privacy audit prints, in words a licensing board or an insurer can read.

The audit belongs to one clinician (`app.services.clinician`): it is titled with their
name and has one signature block for them. Personal accounts are shown by platform and
persona; their handles and profile addresses are left out unless asked for, because
handing someone a list of one's personal accounts is itself a privacy risk. Professional
handles stay: they are public by design.

Like every report view-model, this is plain frozen data with no database and no secret.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from app import __version__
from app.domain.catalog import Catalog
from app.domain.checklist import PersonaKind
from app.domain.codes import CodeRegistry
from app.domain.due import format_day, local_date, short_day
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState, ItemStatus, Standing
from app.domain.review import ReviewEvent, ReviewEventKind, elsewhere_text
from app.domain.separation import SeparationWarning
from app.services.audit_codes import CodeView, codes_for_practice
from app.services.findability_report import FindabilityPersonaView, findability_audit_views
from app.services.status import AccountOverview, account_overviews, local_timezone
from app.store.database import Database

if TYPE_CHECKING:
    from app.services.reports import PracticeView

_CALVER = re.compile(r"^(\d{4})\.(\d{1,2})\.\d+$")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def release_text(version: str) -> str:
    """ "November 2026 release (2026.11.0)" for a checklist version (year.month.patch)."""
    match = _CALVER.match(version.strip())
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{_MONTHS[int(match.group(2)) - 1]} {match.group(1)} release ({version})"
    return f"release {version}"


@dataclass(frozen=True)
class AuditItemView:
    title: str
    status: str
    """Done, Not applicable, Put off until …, Not yet answered, Changed since your answer,
    or No longer on the checklist."""
    group: str
    """recheck, open, put-off, done, not-applicable or removed: for styling and order."""
    answered_on: str
    note: str
    detail: str
    """What changed, for a setting to check again or one no longer listed; else ""."""

    @property
    def standing(self) -> str:
        """The earlier name of `status`, for templates written before it was renamed."""
        return self.status


@dataclass(frozen=True)
class AuditAccountView:
    platform: str
    persona: str
    label: str
    """The heading: "Instagram · @riverside (Professional)", or "Instagram (Personal)"
    when the handle is left out."""
    handle: str
    """"" when left out."""
    handle_left_out: bool
    profile_url: str
    checklist_loaded: bool
    checklist: str
    """ "Instagram checklist, November 2026 release (2026.11.0)"."""
    releases_answered: tuple[str, ...]
    last_review: str
    reviews: tuple[str, ...]
    """Newest first: complete, partial and outside-the-walkthrough reviews, in words."""
    last_answer_on: str
    due: str
    total: int
    done: int
    not_applicable: int
    put_off: int
    put_off_until: str
    not_answered: int
    changed: int
    removed: int
    items: tuple[AuditItemView, ...]

    @property
    def reviewed(self) -> bool:
        return bool(self.last_answer_on or self.last_review)

    @property
    def settled(self) -> int:
        return self.done + self.not_applicable

    # Kept for report templates written before the audit was reworded.
    @property
    def pending(self) -> int:
        return self.put_off + self.not_answered

    @property
    def needs_recheck(self) -> int:
        return self.changed


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
    fix: str
    severity: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplyCountView:
    """Contacts handled for one situation of the reply library (app.services.replies)."""

    situation: str
    contacts: int
    raised: int
    waiting: int


@dataclass(frozen=True)
class AuditView:
    title: str
    clinician: str
    """The clinician this record belongs to; "" when none is named yet."""
    practice: PracticeView
    """The practice, with this clinician alone in its list of clinicians."""
    personas: tuple[AuditPersonaView, ...]
    warnings: tuple[WarningView, ...]
    warnings_checked: bool
    generated_on: str
    generated_at: str
    generator: str
    signatory: str
    personal_handles_shown: bool
    reply_counts: tuple[ReplyCountView, ...] = ()
    """Client contacts handled online, per situation (the Replies screen's records)."""
    place: str = ""
    """E.g. "a counsellor in the United Kingdom", or "" when neither is chosen."""
    binding_codes: tuple[CodeView, ...] = ()
    """The codes, regulators' guidance and law that bind this practice, its own first."""
    further_codes: tuple[CodeView, ...] = ()
    findability: tuple[FindabilityPersonaView, ...] = ()
    """The opt-out log per persona (app.services.findability_report); empty when unused."""

    @property
    def accounts(self) -> tuple[AuditAccountView, ...]:
        return tuple(a for p in self.personas for a in p.accounts)

    @property
    def reviewed_accounts(self) -> int:
        return sum(1 for a in self.accounts if a.reviewed)

    @property
    def has_personal_accounts(self) -> bool:
        return any(a.handle_left_out for a in self.accounts)


_ORDER = {"recheck": 0, "put-off": 1, "open": 2, "done": 3, "not-applicable": 4, "removed": 5}


def _item_view(status: ItemStatus, zone: tzinfo) -> AuditItemView:
    answer = status.last_answer
    answered_on = short_day(local_date(answer.at, zone)) if answer else ""
    note = answer.note.strip() if answer else ""
    title = status.item.title if status.item else status.item_id
    if status.standing is Standing.REMOVED:
        title = "A setting no longer on the checklist"
        before = f"Last answer: {answer.state.label}. " if answer else ""
        detail = f"{before}The platform dropped this setting; kept for the record."
        return AuditItemView(
            title, "No longer on the checklist", "removed", answered_on, note, detail
        )
    if status.standing is Standing.NEEDS_RECHECK:
        previous = answer.state.label.lower() if answer else ""
        detail = (
            f"This setting replaces one answered “{previous}”; it asks to be checked again."
            if status.carried_from
            else f"Answered “{previous}” before the checklist changed this setting."
        )
        return AuditItemView(
            title, "Changed since your answer", "recheck", answered_on, note, detail
        )
    if status.standing is Standing.NEW or answer is None:
        return AuditItemView(title, "Not yet answered", "open", "", "", "")
    if answer.state is AnswerState.DONE:
        return AuditItemView(title, "Done", "done", answered_on, note, "")
    if answer.state is AnswerState.NOT_APPLICABLE:
        return AuditItemView(title, "Not applicable", "not-applicable", answered_on, note, "")
    until = status.put_off_until(zone)
    text = f"Put off until {short_day(until)}" if until else "Put off"
    return AuditItemView(title, text, "put-off", answered_on, note, "Still open.")


def _review_lines(reviews: Sequence[ReviewEvent], zone: tzinfo) -> tuple[str, ...]:
    lines = []
    for review in sorted(reviews, key=lambda r: r.at, reverse=True):
        day = format_day(local_date(review.at, zone))
        if review.kind is ReviewEventKind.COMPLETED:
            lines.append(f"{day}: complete review in the walkthrough")
        elif review.kind is ReviewEventKind.PARTIAL:
            detail = review.note.split(": ", 1)[-1] if review.note else ""
            lines.append(
                f"{day}: partial review, some settings put off" + (f" ({detail})" if detail else "")
            )
        elif review.kind is ReviewEventKind.REVIEWED_ELSEWHERE:
            lines.append(f"{day}: reviewed outside the walkthrough ({elsewhere_text(review)})")
    return tuple(lines[:6])


def _last_review_text(review: ReviewEvent | None, zone: tzinfo) -> str:
    if review is None:
        return ""
    day = format_day(local_date(review.at, zone))
    if review.kind is ReviewEventKind.REVIEWED_ELSEWHERE:
        return f"Reviewed outside the walkthrough on {day} ({elsewhere_text(review)})"
    return f"Complete review on {day}"


def _hides_handle(overview: AccountOverview, with_personal_handles: bool) -> bool:
    return overview.persona.kind is not PersonaKind.PROFESSIONAL and not with_personal_handles


def _labels(overviews: Sequence[AccountOverview], with_personal_handles: bool) -> dict[int, str]:
    base = {}
    for o in overviews:
        if _hides_handle(o, with_personal_handles):
            base[o.account.id] = f"{o.platform} ({o.persona.name})"
        else:
            base[o.account.id] = f"{o.platform} · {o.account.handle} ({o.persona.name})"
    repeats = Counter(base.values())
    seen: Counter[str] = Counter()
    labels = {}
    for o in overviews:
        text = base[o.account.id]
        if repeats[text] > 1:
            seen[text] += 1
            text = f"{text[:-1]}, account {seen[text]})"
        labels[o.account.id] = text
    return labels


def _account_view(
    overview: AccountOverview,
    label: str,
    reviews: Sequence[ReviewEvent],
    zone: tzinfo,
    with_personal_handles: bool,
) -> AuditAccountView:
    items = sorted(
        (_item_view(status, zone) for status in overview.statuses),
        key=lambda item: _ORDER[item.group],
    )
    answers = [s.last_answer for s in overview.statuses if s.last_answer is not None]
    last_answer = max((a.at for a in answers), default=None)
    hidden = _hides_handle(overview, with_personal_handles)
    checklist = overview.checklist

    def count(group: str) -> int:
        return sum(1 for item in items if item.group == group)

    until = overview.due.put_off_until
    return AuditAccountView(
        platform=overview.platform,
        persona=overview.persona.name,
        label=label,
        handle="" if hidden else overview.account.handle,
        handle_left_out=hidden,
        profile_url="" if hidden else overview.account.profile_url,
        checklist_loaded=checklist is not None,
        checklist=(
            f"{checklist.platform} checklist, {release_text(str(checklist.version))}"
            if checklist
            else "This platform's checklist is not installed on this computer, so the "
            "settings below could not be compared with it"
        ),
        releases_answered=tuple(
            release_text(v) for v in sorted({a.checklist_version for a in answers})
        ),
        last_review=_last_review_text(overview.last_review, zone),
        reviews=_review_lines(reviews, zone),
        last_answer_on=format_day(local_date(last_answer, zone)) if last_answer else "",
        due=overview.due.reason,
        total=overview.summary.total,
        done=count("done"),
        not_applicable=count("not-applicable"),
        put_off=count("put-off"),
        put_off_until=format_day(until) if until else "",
        not_answered=count("open"),
        changed=count("recheck"),
        removed=count("removed"),
        items=tuple(items),
    )


_PLAIN_FIXES = {
    "not-compared": (
        "Tightrope keeps login e-mails and phone numbers only in the computer's secure "
        "password store, and none was available, so it could not compare them. The "
        "clinician should check by hand that no personal and professional account share "
        "an e-mail address or a phone number."
    ),
}


def _warning_views(
    warnings: Iterable[SeparationWarning],
    overviews: Sequence[AccountOverview],
    labels: Mapping[int, str],
    with_personal_handles: bool,
) -> tuple[WarningView, ...]:
    """The warnings, with a personal account's handle replaced by its label when left out."""
    swaps: list[tuple[str, str]] = []
    for o in overviews:
        if _hides_handle(o, with_personal_handles):
            swaps.append(
                (f"{o.platform} {o.account.handle} ({o.persona.name})", labels[o.account.id])
            )
    handles = [o.account.handle for o in overviews if _hides_handle(o, with_personal_handles)]

    def clean(text: str) -> str:
        for raw, label in swaps:
            text = text.replace(raw, label)
        for handle in sorted(handles, key=len, reverse=True):
            if handle.strip():
                text = text.replace(handle, "(handle left out)")
        return text

    return tuple(
        WarningView(
            title=clean(warning.title),
            accounts=tuple(labels.get(a.id, "an account") for a in warning.accounts),
            fix=clean(_PLAIN_FIXES.get(warning.kind, warning.fix)),
            severity=warning.severity.value,
            details=tuple(clean(d) for d in warning.details),
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
    with_personal_handles: bool = False,
    code_registry: CodeRegistry | None = None,
) -> AuditView:
    """The audit of every live persona and account, for the clinician named in the
    settings. `warnings` None means they could not be worked out, and the report says so."""
    from dataclasses import replace

    codes = codes_for_practice(db, code_registry)

    from app.services.clinician import current_clinician
    from app.services.reports import practice_view

    zone = tz or local_timezone(db)
    overviews = account_overviews(db, catalog, now, zone)
    labels = _labels(overviews, with_personal_handles)
    reviews: dict[int, list[ReviewEvent]] = defaultdict(list)
    for review in db.review_events():
        reviews[review.account_id].append(review)
    personas: list[AuditPersonaView] = []
    for persona in db.personas():
        mine = [o for o in overviews if o.persona.id == persona.id]
        personas.append(
            AuditPersonaView(
                name=persona.name,
                kind=persona.kind.value.capitalize(),
                status=persona.status.value.capitalize(),
                recheck_days=persona.recheck_days,
                accounts=tuple(
                    _account_view(
                        o, labels[o.account.id], reviews[o.account.id], zone, with_personal_handles
                    )
                    for o in mine
                ),
            )
        )
    profile: PracticeProfile = db.practice()
    clinician = current_clinician(db, profile)
    practice = practice_view(profile)
    if clinician:
        practice = replace(practice, clinicians=(clinician,))
    local_now = now.astimezone(zone)
    return AuditView(
        title=f"Privacy audit of {clinician}" if clinician else "Privacy audit summary",
        clinician=clinician,
        practice=practice,
        personas=tuple(personas),
        warnings=_warning_views(warnings or (), overviews, labels, with_personal_handles),
        warnings_checked=warnings is not None,
        generated_on=format_day(local_now.date()),
        generated_at=f"{format_day(local_now.date())}, {local_now:%H:%M} "
        f"({local_now.tzname() or 'local time'})",
        generator=f"Tightrope {__version__}",
        signatory=clinician,
        personal_handles_shown=with_personal_handles,
        reply_counts=_reply_count_views(db),
        place=codes.place,
        binding_codes=codes.binding,
        further_codes=codes.further,
        findability=findability_audit_views(db, catalog, now, zone),
    )


def _reply_count_views(db: Database) -> tuple[ReplyCountView, ...]:
    from app.services.replies import contact_counts, situation_title

    return tuple(
        ReplyCountView(situation_title(c.situation), c.contacts, c.raised, c.waiting)
        for c in contact_counts(db)
    )
