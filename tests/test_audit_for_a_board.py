"""The audit PDF of the demo practice reads right to a licensing board: plain words, no
internal ids or jargon, one signature block for the named clinician, and no personal
handle unless asked for. Checked on the PDF's text layer, as a reader's copy would be."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.reports.documents import render_audit, render_pdf
from app.services.separation import current_warnings
from app.store.checklist_files import Catalog
from app.store.database import Database
from tests.memory_keyring import MemoryKeyring
from tests.test_reports_render import pdf_text, squash
from tools.screenshots import NOW, build_demo

PERSONAL_HANDLES = ("jane.doe.home", "@jane.walks", "jane.walks", "Jane (personal phone)")
PROFESSIONAL_HANDLES = ("Riverside Counselling", "Dr Jane Doe, LPC")
JARGON = (
    "Standing",
    "Answered against",
    "Pending",
    "keyring",
    "N/A",
    "rev.",
    "Later",
    "Walkthrough completed",
    "Needs a re-check",
    "Sign-off",
    "version 20",
)


@pytest.fixture
def demo(tmp_path: Path, qapp: object) -> Iterator[tuple[Database, Catalog]]:
    """The demo practice; `qapp` first, so the PDF writer finds a full QApplication."""
    db, catalog, _vault = build_demo(tmp_path, MemoryKeyring())
    try:
        yield db, catalog
    finally:
        db.close()


def audit_text(db: Database, catalog: Catalog, *, handles: bool = False) -> str:
    warnings = current_warnings(db, catalog, NOW, keyring_available=True)
    report = render_audit(db, catalog, NOW, warnings=warnings, with_personal_handles=handles)
    return pdf_text(render_pdf(report).data)


def test_the_demo_audit_is_in_plain_words_with_no_ids(demo: tuple[Database, Catalog]) -> None:
    db, catalog = demo
    text = audit_text(db, catalog)
    assert squash("Privacy audit of Jane Doe, LPC") in text
    assert squash("What this document is and how to read it") in text
    instagram = catalog.get("instagram")
    assert instagram is not None
    year, month, _patch = str(instagram.version).split(".")
    named = date(int(year), int(month), 1).strftime("%B %Y")
    assert squash(f"Instagram checklist, {named} release ({instagram.version})") in text
    for words in ("Done", "Not applicable", "Put off until", "Not yet answered"):
        assert squash(words) in text
    assert squash("Changed since your answer") in text  # WhatsApp has revised settings
    assert squash("partial review") in text or squash("Complete review") in text
    assert squash("reviewed outside the walkthrough") in text
    assert squash("With the platform's own privacy check-up") in text
    for jargon in JARGON:
        assert squash(jargon) not in text, jargon
    ids = {c.id for c in catalog.checklists.values() if "-" in c.id}
    ids |= {i.id for c in catalog.checklists.values() for i in c.items}
    found = {i for i in ids if re.search(rf"(?<![a-z]){re.escape(squash(i))}(?![a-z-])", text)}
    assert found == set(), "internal ids in the audit"


def test_one_signature_block_for_the_named_clinician(demo: tuple[Database, Catalog]) -> None:
    db, catalog = demo
    text = audit_text(db, catalog)
    assert text.count(squash("Signature of")) == 1
    assert squash("Signature of Jane Doe, LPC") in text
    assert squash("I, Jane Doe, LPC, reviewed the privacy settings") in text
    assert "Okafor" not in text, "the audit is one clinician's, not the practice's"


def test_personal_handles_only_when_asked(demo: tuple[Database, Catalog]) -> None:
    db, catalog = demo
    text = audit_text(db, catalog)
    for handle in PERSONAL_HANDLES:
        assert squash(handle) not in text, handle
    for handle in PROFESSIONAL_HANDLES:
        assert squash(handle) in text, handle
    assert squash("Instagram (Personal)") in text
    asked = audit_text(db, catalog, handles=True)
    for handle in ("jane.doe.home", "@jane.walks", "Jane (personal phone)"):
        assert squash(handle) in asked, handle


def test_report_audit_with_personal_handles_on_the_command_line(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    from pypdf import PdfReader

    with Database.open(cli_env / "tightrope.sqlite3") as db:
        personal = db.add_persona("Personal", PersonaKind.PERSONAL)
        work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
        db.add_account(personal.id, "example", "@jane.private")
        db.add_account(work.id, "example", "Jane Doe Counselling")

    def printed(*extra: str) -> str:
        target = tmp_path / f"audit{len(extra)}.pdf"
        assert main(["report", "audit", "--pdf", str(target), *extra]) == 0
        reader = PdfReader(target)
        return squash("".join(page.extract_text() or "" for page in reader.pages))

    plain = printed()
    assert squash("Jane Doe Counselling") in plain and "@jane.private" not in plain
    assert "@jane.private" in printed("--with-personal-handles")
    capsys.readouterr()
