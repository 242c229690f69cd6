"""How many pages the office policy takes: a practice that keeps the default wording gets
two pages on A4 and on US Letter, and a longer one never gets a page holding only the
signature block."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.reports.documents import render_pdf, render_policy
from app.reports.pdf import PageSize
from app.store.database import Database
from tests.test_reports_fixture import (
    NOW,
    PRACTICE,
    SYNTHETIC_ACCOUNTS,
    AccountSpec,
    populate,
    synthetic_catalog,
)

pytestmark = pytest.mark.usefixtures("qapp")


def page_texts(data: bytes) -> list[str]:
    """Each page's text with no white space at all (kerning splits words when read back)."""
    return [
        re.sub(r"\s+", "", unicodedata.normalize("NFKC", page.extract_text() or ""))
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def default_policy_pages(db: Database, size: PageSize, extra_accounts: int = 0) -> list[str]:
    """The policy of a practice with every detail filled in and no stance changed, so all
    its wording is the shipped default."""
    extra = tuple(
        AccountSpec("Professional", "example-pro", f"Extra page {n}", f"https://x.example/{n}")
        for n in range(extra_accounts)
    )
    catalog = synthetic_catalog()
    populate(
        db,
        catalog,
        SYNTHETIC_ACCOUNTS[:-1] + extra + SYNTHETIC_ACCOUNTS[-1:],
        replace(PRACTICE, stances={}),
    )
    report = render_policy(db, catalog, NOW)
    document = render_pdf(report, size)
    pages = page_texts(document.data)
    assert len(pages) == document.pages
    return pages


@pytest.mark.parametrize("size", list(PageSize))
def test_the_default_policy_is_two_pages(db: Database, size: PageSize) -> None:
    pages = default_policy_pages(db, size)
    assert len(pages) == 2, f"{size.label}: {len(pages)} pages"
    assert "Youracknowledgement" in pages[1]
    assert "PreparedwithTightrope" in pages[1]


def test_a_longer_policy_keeps_the_last_section_with_the_signature(tmp_path: Path) -> None:
    """The first length that needs a third page is the one where, left to itself, the
    layout would carry over only the signature block or the closing line."""
    for extra in range(1, 12):
        with Database.open(tmp_path / f"longer-{extra}.sqlite3") as longer:
            pages = default_policy_pages(longer, PageSize.LETTER, extra_accounts=extra)
        if len(pages) == 3:
            break
    assert len(pages) == 3
    last = pages[-1]
    assert "Youracknowledgement" in last and "PreparedwithTightrope" in last
    assert "9.Changestothispolicy" in last, "not the signature block alone"
