"""The preview dialog: it shows the report, saves PDF (on a worker thread) and HTML, and
prints through a QPrinter, all without blocking or showing a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QAccessible
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.reports.documents import RenderedReport, render_audit, render_policy
from app.reports.pdf import PageSize
from app.store.database import Database
from app.ui.report_dialog import ReportDialog
from tests.test_reports_fixture import NOW, populate, synthetic_catalog


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> ReportDialog:
    populate(db, synthetic_catalog())
    widget = ReportDialog(render_policy(db, synthetic_catalog(), NOW), folder=Path("/nowhere"))
    qtbot.addWidget(widget)
    return widget


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_preview_shows_the_report(dialog: ReportDialog, qtbot: QtBot, tmp_path: Path) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.preview.toPlainText()
    assert "Office social-media policy" in text and "Riverside Counselling" in text
    assert dialog.windowTitle() == "Office social-media policy · Riverside Counselling"
    dialog.grab().save(str(tmp_path / "dialog.png"))


def test_save_pdf_runs_on_a_worker_and_reports_back(
    dialog: ReportDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    saved: list[Path] = []
    dialog._on_saved = saved.append
    dialog.paper.setCurrentIndex(list(PageSize).index(PageSize.LETTER))
    target = tmp_path / "policy.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=20000) as signal:
        dialog.save_pdf(target)
        assert dialog.busy and not dialog.pdf_button.isEnabled()
    assert signal.args == [target] and saved == [target]
    assert not dialog.busy and dialog.pdf_button.isEnabled()
    assert "Saved policy.pdf" in dialog.status.text() and "US Letter" in dialog.status.text()
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Riverside Counselling" in text_of(target)


def test_save_html_writes_the_same_document(
    dialog: ReportDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "policy.html"
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_html(target)
    assert target.read_text(encoding="utf-8") == dialog.report.html


def test_a_failed_save_is_told_in_plain_words(
    dialog: ReportDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []
    monkeypatch.setattr(
        dialog, "report_problem", lambda message, exc=None: problems.append(message)
    )
    dialog.save_pdf(tmp_path / "missing" / "policy.pdf")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert problems and "does not exist" in problems[0] and "Traceback" not in problems[0]
    dialog.save_html(tmp_path / "missing" / "policy.html")
    assert len(problems) == 2


def test_print_paints_every_page_on_the_printer(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    populate(db, synthetic_catalog())
    widget = ReportDialog(render_audit(db, synthetic_catalog(), NOW, warnings=[]))
    qtbot.addWidget(widget)
    printer = widget.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = widget.print_to(printer)
    assert pages >= 2
    text = text_of(tmp_path / "printed.pdf")
    assert "Privacy audit summary" in text and f"Page {pages} of {pages}" in text
    assert f"{pages} pages" in widget.status.text()


def test_closing_waits_for_a_save_in_progress(
    dialog: ReportDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog.show()
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        dialog.save_pdf(tmp_path / "policy.pdf")
        dialog.reject()
        assert dialog.isVisible() and "still being saved" in dialog.status.text()
    dialog.reject()
    assert not dialog.isVisible()


def test_the_audit_offers_personal_handles_only_when_asked(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    catalog = synthetic_catalog()
    populate(db, catalog)

    def again(show: bool) -> RenderedReport:
        return render_audit(db, catalog, NOW, warnings=[], with_personal_handles=show)

    widget = ReportDialog(
        render_audit(db, catalog, NOW, warnings=[]),
        folder=tmp_path,
        with_handles=again,
    )
    qtbot.addWidget(widget)
    widget.show()
    assert widget.handles.isVisible() and not widget.handles.isChecked()
    assert "@jane.doe" not in widget.preview.toPlainText()
    assert "Riverside Counselling" in widget.preview.toPlainText()
    widget.handles.setChecked(True)
    assert "@jane.doe" in widget.preview.toPlainText()
    widget.save_html(tmp_path / "audit.html")
    assert "@jane.doe" in (tmp_path / "audit.html").read_text(encoding="utf-8")
    policy = ReportDialog(render_policy(db, catalog, NOW), folder=tmp_path)
    qtbot.addWidget(policy)
    assert not policy.handles.isVisibleTo(policy)


def test_saving_shows_how_far_along_the_pdf_is(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    populate(db, synthetic_catalog())
    widget = ReportDialog(render_audit(db, synthetic_catalog(), NOW, warnings=[]))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.progress.isVisible()
    interface = QAccessible.queryAccessibleInterface(widget.progress)
    assert interface is not None
    assert interface.text(QAccessible.Text.Name) == "Progress of the PDF"
    seen: list[tuple[int, str, int, bool]] = []
    target = tmp_path / "audit.pdf"
    with qtbot.waitSignal(widget.saved, timeout=20000):
        widget.save_pdf(target)
        assert widget.progress.isVisible() and widget.progress.value() == 0
        job = widget._job
        assert job is not None
        job.signals.progress.connect(
            lambda percent, what: seen.append(
                (
                    percent,
                    widget.status.text(),
                    widget.progress.value(),
                    widget.progress.isVisible(),
                )
            )
        )
    percents = [percent for percent, _, _, _ in seen]
    assert percents and percents == sorted(percents) and percents[-1] == 100
    pages = len(PdfReader(io.BytesIO(target.read_bytes())).pages)
    last = seen[-1]
    assert last[1] == f"Saving audit.pdf: writing page {pages} of {pages}…"
    assert last[2] == 100 and last[3], "the bar showed it while saving"
    assert not widget.progress.isVisible() and "Saved audit.pdf" in widget.status.text()


def test_printing_runs_on_a_worker_and_shows_progress(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    populate(db, synthetic_catalog())
    widget = ReportDialog(render_audit(db, synthetic_catalog(), NOW, warnings=[]))
    qtbot.addWidget(widget)
    widget.show()
    printer = widget.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    widget.print_in_background(printer)
    assert widget.busy and not widget.print_button.isEnabled()
    assert widget.progress.isVisible() and widget.status.text() == "Printing…"
    widget.reject()
    assert widget.isVisible() and "still being printed" in widget.status.text()
    qtbot.waitUntil(lambda: not widget.busy, timeout=20000)
    pages = len(PdfReader(str(tmp_path / "printed.pdf")).pages)
    assert pages >= 2 and widget.status.text() == f"Sent {pages} pages to the printer"
    assert not widget.progress.isVisible() and widget.print_button.isEnabled()
    assert "Privacy audit" in text_of(tmp_path / "printed.pdf")
