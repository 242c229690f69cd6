"""Rendering the two reports to PDF, from the database to the finished bytes.

The practice is the realistic one the report tests use, on the shipped checklists. The
large audits add personas of four accounts each, most of them reviewed with answers and
notes, as a group practice's would be, up to 20, 50 and 200 accounts. The Qt application
exists before timing starts, as it does in the app.

Besides the times, the bench reports how the audit grows: time(200) / time(50) is 4 when
the work is linear in the document, and pages per account and milliseconds per page.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain.separation import SeparationWarning
from app.reports.documents import render_audit, render_pdf, render_policy
from app.reports.pdf import PdfDocument
from app.services.checklists import load_default_catalog
from app.services.separation import current_warnings
from app.store.checklist_files import Catalog
from app.store.database import Database
from bench.common import Result, best_ms
from tests.many_accounts import add_accounts
from tests.test_reports_fixture import NOW, AccountSpec, populate, with_a_revised_item

TARGET_MS = 300
AUDIT_TARGETS_MS = {20: 1500, 50: 3000, 200: 10_000}
"""200 accounts (some 180 pages) in under 10 s on a 2-core machine; the app renders on a
worker thread (`PdfJob`) with a progress bar, the CLI with a progress line."""
PAGES_PER_ACCOUNT_TARGET = 1.5
PAGE_TARGET_MS = 100
"""A loose guard: at 20 accounts a page also carries its share of the fixed costs (the
view-model, the separation warnings, the HTML)."""
GROWTH_TARGET = 5.0
"""time(200 accounts) / time(50 accounts): 4 is linear."""
SIZES = (20, 50, 200)
ACCOUNTS = (
    ("Personal", "facebook", "Jane Doe"),
    ("Personal", "instagram", "@jane.doe"),
    ("Professional", "facebook-page", "Riverside Counselling"),
    ("Professional", "linkedin", "Dr Jane Doe"),
)


def _specs(catalog: Catalog) -> tuple[AccountSpec, ...]:
    return tuple(AccountSpec(*spec) for spec in ACCOUNTS if catalog.get(spec[1]) is not None)


def _warnings(db: Database, catalog: Catalog) -> list[SeparationWarning]:
    return current_warnings(db, catalog, NOW, keyring_available=False)


def _timed_audit(db: Database, catalog: Catalog, repeat: int) -> tuple[float, float, PdfDocument]:
    """Best wall-clock and best CPU time of `repeat` renders (HTML and PDF), in ms, and
    the last document. CPU time leaves out the waits for a core that other work on a
    shared machine causes, so it shows how the work itself grows."""
    best = best_cpu = float("inf")
    document: PdfDocument | None = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        document = render_pdf(render_audit(db, catalog, NOW, warnings=_warnings(db, catalog)))
        best = min(best, (time.perf_counter() - start) * 1000)
        best_cpu = min(best_cpu, (time.process_time() - start_cpu) * 1000)
    assert document is not None
    return best, best_cpu, document


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
            times: dict[int, float] = {}
            cpu_times: dict[int, float] = {}
            for size in SIZES:
                add_accounts(db, catalog, size)
                elapsed, cpu, document = _timed_audit(db, catalog, 3 if size < 200 else 2)
                times[size], cpu_times[size] = elapsed, cpu
                target = AUDIT_TARGETS_MS[size]
                results.extend(
                    (
                        Result(f"audit report to PDF ({size} accounts)", elapsed, "ms", target),
                        Result(
                            f"  pages per account ({size} accounts, {document.pages} pages)",
                            document.pages / size,
                            "pages",
                            PAGES_PER_ACCOUNT_TARGET,
                        ),
                        Result(
                            f"  time per page ({size} accounts)",
                            elapsed / document.pages,
                            "ms",
                            PAGE_TARGET_MS,
                        ),
                    )
                )
            results.extend(
                (
                    Result(
                        "audit growth: time(200) / time(50)",
                        times[200] / times[50],
                        "x",
                        GROWTH_TARGET,
                    ),
                    Result(
                        "audit growth in CPU time: cpu(200) / cpu(50)",
                        cpu_times[200] / cpu_times[50],
                        "x",
                        GROWTH_TARGET,
                    ),
                )
            )
        finally:
            db.close()
    return results
