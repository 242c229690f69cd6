"""Both reports rendered from a realistic practice, to HTML and to PDF, read back as a
reader (or a licensing board) would read them."""

from __future__ import annotations

import io
import re
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from app.domain.personas import SecretField
from app.reports.documents import render_audit, render_pdf, render_policy
from app.reports.pdf import PageSize
from app.store.database import Database
from app.store.vault import Vault
from tests.test_reports_fixture import NOW, REMOVED_ITEM, populate, synthetic_catalog

pytestmark = pytest.mark.usefixtures("qapp")


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, with ligatures undone and no white space at all, so that
    where a line wraps does not matter (compare with `squash(expected)`)."""
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return squash(unicodedata.normalize("NFKC", text))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def practice_db(db: Database) -> Database:
    populate(db, synthetic_catalog())
    return db


def test_policy_says_what_the_practice_chose(practice_db: Database) -> None:
    report = render_policy(practice_db, synthetic_catalog(), NOW)
    text = html_text(report.html)
    assert "Riverside Counselling" in text
    assert "Dr Jane Doe, Sam Lee, LPC" in text
    assert "Version 3 · effective 1 December 2026" in text
    for title in (
        "Friend and follow requests",
        "Interacting and messaging on social platforms",
        "Search engines",
        "Business review sites and testimonials",
        "Location-based check-ins",
        "E-mail and text messages",
        "Emergencies",
        "professional accounts",
        "Changes to this policy",
    ):
        assert title in text
    assert "rare emergency" in text  # the practice chose the emergency-only stance
    assert "988 Suicide &amp; Crisis Lifeline" in report.html
    assert "call 911 or go to the nearest emergency room" in text
    assert "Example Pro Page" in text and "@riverside.counselling" in text
    assert "@jane.doe" not in text  # personal accounts never appear in the client policy

    document = render_pdf(report)
    printed = pdf_text(document.data)
    assert squash("Office social-media policy") in printed
    assert squash("rare emergency") in printed
    assert squash("988 Suicide & Crisis Lifeline") in printed
    assert squash(f"Page 1 of {document.pages}") in printed
    assert squash(f"Page {document.pages} of {document.pages}") in printed
    metadata = PdfReader(io.BytesIO(document.data)).metadata
    assert metadata is not None
    assert metadata.title == "Office social-media policy · Riverside Counselling"
    assert metadata.author == "Dr Jane Doe, Sam Lee, LPC"


def test_audit_lists_every_account_with_its_standing(practice_db: Database) -> None:
    catalog = synthetic_catalog()
    report = render_audit(practice_db, catalog, NOW)
    document = render_pdf(report)
    printed = pdf_text(document.data)
    assert squash("Riverside Counselling") in printed
    for handle in ("@jane.doe", "jane.doe.private"):
        assert squash(handle) not in printed, "personal handles are left out unless asked"
    assert squash("Complete review on 6 September 2026") in printed
    assert squash("Changed since your answer") in printed
    assert squash("Review tags before they appear") in printed
    assert squash("No longer on the checklist") in printed and REMOVED_ITEM not in printed
    assert squash("Set to Friends only; checked from a logged-out browser.") in printed
    assert squash("Example Social checklist, November 2026 release (2026.11.0)") in printed
    assert squash("Not reviewed yet") in printed  # the newest account
    assert squash("Signature") in printed
    with_handles = pdf_text(
        render_pdf(render_audit(practice_db, catalog, NOW, with_personal_handles=True)).data
    )
    for handle in ("@jane.doe", "jane.doe.private"):
        assert squash(handle) in with_handles
    assert squash("3 of 4 accounts reviewed") in printed
    assert document.pages >= 2


def test_audit_shows_separation_warnings_but_never_a_secret(
    practice_db: Database, memory_keyring: object
) -> None:
    vault = Vault.for_database(practice_db)
    personal, _, professional, _ = practice_db.accounts()
    for account in (personal, professional):
        vault.set(account.id, SecretField.LOGIN_EMAIL, "jane.private@example.net")
        vault.set(account.id, SecretField.PHONE, "+1 555 867 5309")
    vault.set(personal.id, SecretField.RECOVERY_NOTES, "backup codes in the blue notebook")

    report = render_audit(practice_db, synthetic_catalog(), NOW)
    printed = pdf_text(render_pdf(report).data)
    assert squash("The same login e-mail is behind") in printed
    assert squash("Give the professional account a login e-mail of its own") in printed
    for secret in ("jane.private", "example.net", "867", "5309", "blue notebook"):
        assert secret not in report.html
        assert squash(secret) not in printed


def test_empty_practice_still_renders_and_says_so(db: Database) -> None:
    catalog = synthetic_catalog()
    policy = render_policy(db, catalog, NOW)
    printed = pdf_text(render_pdf(policy).data)
    assert squash("The practice does not run any social-media accounts at present.") in printed
    assert squash("call your local emergency number") in printed  # the fallback wording

    audit = render_audit(db, catalog, NOW)
    printed = pdf_text(render_pdf(audit).data)
    assert squash("nothing to report") in printed
    assert squash("Page 1 of") in printed and "Page3of" not in printed


def test_persona_without_accounts_and_unreviewed_accounts_say_so(db: Database) -> None:
    from app.domain.checklist import PersonaKind

    db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    db.add_account(work.id, "example-pro", "Riverside Counselling")
    printed = pdf_text(render_pdf(render_audit(db, synthetic_catalog(), NOW)).data)
    assert squash("No accounts under this persona.") in printed
    assert squash("Not reviewed yet") in printed
    assert squash("0 of 1 account reviewed") in printed


@pytest.mark.parametrize(
    ("size", "width", "height"), [(PageSize.A4, 595, 842), (PageSize.LETTER, 612, 792)]
)
def test_page_size_is_the_paper_asked_for(
    practice_db: Database, size: PageSize, width: int, height: int
) -> None:
    document = render_pdf(render_policy(practice_db, synthetic_catalog(), NOW), size)
    for page in PdfReader(io.BytesIO(document.data)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            width,
            height,
        )


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_rendering_does_not_drain_references_to_none(practice_db: Database) -> None:
    """PySide6 6.12.0 dropped a reference to None on many calls; after a few thousand
    the whole app aborts. Rendering a few reports must leave None's count alone."""
    import gc

    report = render_audit(practice_db, synthetic_catalog(), NOW)
    render_pdf(report)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(3):
        render_pdf(report)
    gc.collect()
    assert sys.getrefcount(None) >= before - 50
