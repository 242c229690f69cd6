"""A realistic practice for the report tests, the screenshots and the benchmark, and the
tests of what the reports' view-models hold.

`populate` fills a database as a therapist's would look after a few months: a practice,
a personal and a professional persona, accounts on several platforms, answers with notes,
an item that a newer checklist revised (needs a re-check) and one it removed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.reports.wording import load_policy_wording
from app.services.reports import build_audit_view, build_policy_view
from app.store.checklist_files import Catalog, Source
from app.store.database import Database
from tests.checklist_factory import raw_checklist, raw_item

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
REMOVED_ITEM = "old-face-recognition"

PRACTICE = PracticeProfile(
    name="Riverside Counselling",
    clinicians=("Dr Jane Doe", "Sam Lee, LPC"),
    address="12 Mill Lane\nRiverside, RV1 2AB",
    phone="+1 555 010 0199",
    email="office@riverside.example",
    website="https://riverside.example",
    emergency_wording="If you are in danger or thinking of harming yourself, call 911 or go to "
    "the nearest emergency room.",
    crisis_line="988 Suicide & Crisis Lifeline (call or text 988)",
    policy_version="3",
    policy_effective="2026-12-01",
    stances={"search-engines": "emergency-only"},
)


@dataclass(frozen=True)
class AccountSpec:
    persona: str
    checklist_id: str
    handle: str
    url: str = ""


def _item(item_id: str, title: str, **extra: object) -> dict[str, object]:
    return raw_item(item_id, title=title, **extra)


def synthetic_catalog() -> Catalog:
    """Two small checklists with realistic titles; one item is at revision 2, as if a
    newer release had changed it."""
    social = raw_checklist(
        "example-social",
        platform="Example Social",
        items=[
            _item("es-private", "Make the account private"),
            _item("es-tags", "Review tags before they appear", revision=2),
            _item("es-lookup", "Stop people finding you by phone number"),
            _item("es-location", "Turn off location on posts"),
            _item("es-search", "Hide the profile from search engines"),
            _item("es-2fa", "Turn on two-factor authentication"),
        ],
    )
    pro = raw_checklist(
        "example-pro",
        platform="Example Pro Page",
        items=[
            _item("ep-reviews", "Do not reply to reviews", applies_to=["professional"]),
            _item("ep-messages", "Set an away message for the inbox"),
            _item("ep-admins", "Check who manages the page"),
        ],
    )
    catalog = Catalog()
    for raw in (social, pro):
        checklist = parse_checklist(raw, f"{raw['id']}.toml")
        catalog.checklists[checklist.id] = checklist
        catalog.sources[checklist.id] = Source.SHIPPED
    return catalog


SYNTHETIC_ACCOUNTS = (
    AccountSpec("Personal", "example-social", "@jane.doe"),
    AccountSpec("Personal", "example-social", "jane.doe.private", "https://social.example/jdp"),
    AccountSpec("Professional", "example-pro", "Riverside Counselling", "https://pro.example/rc"),
    AccountSpec("Professional", "example-social", "@riverside.counselling"),
)


def with_a_revised_item(catalog: Catalog) -> Catalog:
    """The catalog with the first item of every checklist moved to its next revision,
    so answers given before show as needing a re-check (for shipped content, where
    every item may still be at revision 1)."""
    revised = Catalog(
        checklists=dict(catalog.checklists),
        sources=dict(catalog.sources),
        paths=dict(catalog.paths),
        problems=list(catalog.problems),
    )
    for checklist_id, checklist in catalog.checklists.items():
        if not checklist.items:
            continue
        first = checklist.items[0]
        items = (replace(first, revision=first.revision + 1), *checklist.items[1:])
        revised.checklists[checklist_id] = Checklist(
            id=checklist.id,
            platform=checklist.platform,
            kind=checklist.kind,
            version=checklist.version,
            reviewed=checklist.reviewed,
            summary=checklist.summary,
            items=items,
            changelog=checklist.changelog,
            retired=checklist.retired,
            settings_url=checklist.settings_url,
        )
    return revised


NOTES = (
    "Set to Friends only; checked from a logged-out browser.",
    "",
    "Asked the page co-admin to confirm.",
    "",
)


def populate(
    db: Database,
    catalog: Catalog,
    accounts: tuple[AccountSpec, ...] = SYNTHETIC_ACCOUNTS,
    practice: PracticeProfile = PRACTICE,
    *,
    note: str | None = None,
) -> None:
    """Fill `db` with `practice`, two personas, `accounts` and a few months of answers.
    `note`, if given, is used for every answer's note (for hostile-text tests)."""
    db.save_practice(practice)
    personas = {
        "Personal": db.add_persona("Personal", PersonaKind.PERSONAL),
        "Professional": db.add_persona("Professional", PersonaKind.PROFESSIONAL),
    }
    start = NOW - timedelta(days=75)
    for number, spec in enumerate(accounts):
        persona = personas[spec.persona]
        account = db.add_account(persona.id, spec.checklist_id, spec.handle, spec.url)
        checklist = catalog.get(spec.checklist_id)
        assert checklist is not None, spec.checklist_id
        version = str(checklist.version)
        at = start + timedelta(days=number * 3)
        if number == len(accounts) - 1:
            continue  # the newest account has not been reviewed yet
        for index, item in enumerate(checklist.items_for(persona.kind)):
            at += timedelta(minutes=4)
            revision = item.revision - 1 if item.revision > 1 else item.revision
            text = note if note is not None else NOTES[index % len(NOTES)]
            if index % 5 == 3:
                continue
            state = {4: AnswerState.NOT_APPLICABLE, 2: AnswerState.LATER}.get(
                index % 5, AnswerState.DONE
            )
            db.record_answer(account.id, checklist.id, version, item.id, revision, state, text, at)
        db.record_answer(
            account.id,
            checklist.id,
            "2026.6.0",
            REMOVED_ITEM,
            1,
            AnswerState.DONE,
            note if note is not None else "Turned off before the platform dropped it.",
            start - timedelta(days=30),
        )
        if number == 0:
            db.record_review_event(
                ReviewEvent(account.id, ReviewEventKind.COMPLETED, at + timedelta(minutes=5))
            )


def test_views_hold_what_the_reports_print(db: Database) -> None:
    catalog = synthetic_catalog()
    populate(db, catalog)
    policy = build_policy_view(db, catalog, load_policy_wording(), NOW, UTC)
    assert policy.practice.name == "Riverside Counselling"
    assert policy.practice.policy_effective == "1 December 2026"
    assert policy.practice.address_lines == ("12 Mill Lane", "Riverside, RV1 2AB")
    assert [a.handle for a in policy.professional_accounts] == [
        "Riverside Counselling",
        "@riverside.counselling",
    ]
    search = next(s for s in policy.sections if s.key == "search-engines")
    assert "rare emergency" in " ".join(search.paragraphs)

    audit = build_audit_view(db, catalog, NOW, UTC)
    assert [p.name for p in audit.personas] == ["Personal", "Professional"]
    first = audit.personas[0].accounts[0]
    assert first.last_review == "Complete review on 6 September 2026"
    assert first.changed == 1
    assert first.removed == 1
    assert first.items[0].group == "recheck"
    assert first.items[0].title == "Review tags before they appear"
    assert first.items[-1].title == "A setting no longer on the checklist"
    assert (first.done, first.not_applicable, first.put_off, first.not_answered) == (2, 1, 1, 1)
    assert first.releases_answered == (
        "November 2026 release (2026.11.0)",
        "June 2026 release (2026.6.0)",
    )
    assert (first.handle, first.label) == ("", "Example Social (Personal, account 1)")
    assert audit.accounts[-1].reviewed is False
    assert audit.signatory == "", "two clinicians and none chosen: no name is guessed"
    assert audit.warnings_checked is False


def test_views_of_an_empty_database(db: Database) -> None:
    catalog = synthetic_catalog()
    policy = build_policy_view(db, catalog, load_policy_wording(), NOW, UTC)
    assert policy.practice.is_set_up is False
    assert policy.professional_accounts == ()
    audit = build_audit_view(db, catalog, NOW, UTC, warnings=[])
    assert audit.personas == () and audit.warnings_checked is True
