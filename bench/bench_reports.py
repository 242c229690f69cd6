"""Rendering the two reports to PDF, from the database to the finished bytes.

The practice is the realistic one the report tests use, on the shipped checklists; the
large audit has 5 personas x 4 accounts. The Qt application exists before timing starts,
as it does in the app.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain.checklist import PersonaKind
from app.domain.separation import SeparationWarning
from app.reports.documents import render_audit, render_pdf, render_policy
from app.services.checklists import load_default_catalog
from app.services.separation import current_warnings
from app.store.checklist_files import Catalog
from app.store.database import Database
from bench.common import Result, best_ms
from tests.test_reports_fixture import NOW, AccountSpec, populate, with_a_revised_item

TARGET_MS = 300
LARGE_TARGET_MS = 1500
"""A 25-page audit: each page break Qt must be told about costs a fresh layout of the rest
of the document (~40 ms here). The app renders it on a worker thread (`PdfJob`)."""
ACCOUNTS = (
    ("Personal", "facebook", "Jane Doe"),
    ("Personal", "instagram", "@jane.doe"),
    ("Professional", "facebook-page", "Riverside Counselling"),
    ("Professional", "linkedin", "Dr Jane Doe"),
)


def _specs(catalog: Catalog) -> tuple[AccountSpec, ...]:
    return tuple(AccountSpec(*spec) for spec in ACCOUNTS if catalog.get(spec[1]) is not None)


def _more_personas(db: Database, catalog: Catalog, count: int) -> None:
    for number in range(count):
        persona = db.add_persona(f"Extra {number}", PersonaKind.OTHER)
        for platform, handle in (("instagram", "a"), ("x", "b"), ("tiktok", "c"), ("youtube", "d")):
            if catalog.get(platform) is not None:
                db.add_account(persona.id, platform, f"@{handle}{number}")


def _warnings(db: Database, catalog: Catalog) -> list[SeparationWarning]:
    return current_warnings(db, catalog, NOW, keyring_available=False)


def run() -> list[Result]:
    QApplication.instance() or QApplication([])
    catalog = with_a_revised_item(load_default_catalog())
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.sqlite3")
        try:
            populate(db, catalog, _specs(catalog))
            render_pdf(render_policy(db, catalog, NOW))  # fonts and templates warm, as in use
            results.append(
                Result(
                    "policy report to PDF",
                    best_ms(lambda: render_pdf(render_policy(db, catalog, NOW))),
                    "ms",
                    TARGET_MS,
                )
            )
            results.append(
                Result(
                    "audit report to PDF (4 accounts)",
                    best_ms(
                        lambda: render_pdf(
                            render_audit(db, catalog, NOW, warnings=_warnings(db, catalog))
                        )
                    ),
                    "ms",
                    TARGET_MS,
                )
            )
            _more_personas(db, catalog, 4)
            results.append(
                Result(
                    "audit report to PDF (20 accounts)",
                    best_ms(
                        lambda: render_pdf(
                            render_audit(db, catalog, NOW, warnings=_warnings(db, catalog))
                        ),
                        3,
                    ),
                    "ms",
                    LARGE_TARGET_MS,
                )
            )
        finally:
            db.close()
    return results
