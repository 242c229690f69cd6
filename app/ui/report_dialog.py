"""Preview a report, print it, or save it as PDF or HTML.

The dialog is given a report that is already rendered (`app.reports.documents`), so it
never touches the database. Saving a PDF runs on a worker thread (`PdfJob`); the window
stays responsive, a progress bar and the status line say how far along it is (laying
out, then page N of M), and the buttons wait until the file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, QThreadPool, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeySequence,
    QPageLayout,
    QPalette,
    QShortcut,
    Qt,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.reports.documents import RenderedReport, save_html
from app.reports.jobs import PdfJob, PrintJob
from app.reports.pdf import MARGINS_MM, PageSize, PdfDocument, print_html
from app.reports.resources import ReportTextDocument, show_in
from app.reports.templating import ReportError
from app.ui.fit import place

REPORT_LANGUAGES = (("en", "English"), ("es", "Español"), ("fr", "Français"))
"""The policy languages, each named in itself."""


class ReportDialog(QDialog):
    """Preview with Print, Save as PDF and Save as HTML.

    `folder` is where the save dialogs start; `on_saved(path)` is called after each file
    is written (the main window can remember the folder).
    """

    saved = Signal(Path)
    printed = Signal()
    """Sent after the report went to a printer."""

    def __init__(
        self,
        report: RenderedReport,
        parent: QWidget | None = None,
        *,
        page_size: PageSize = PageSize.A4,
        folder: Path | None = None,
        on_saved: Callable[[Path], None] | None = None,
        with_handles: Callable[[bool], RenderedReport] | None = None,
        rerender: Callable[[str], RenderedReport] | None = None,
    ) -> None:
        """`with_handles(show)`, for the audit, renders it again with or without the
        handles of personal accounts; the dialog then offers a checkbox for it."""
        super().__init__(parent)
        self.report = report
        self._with_handles = with_handles
        self._rerender = rerender
        self.folder = folder or Path.home()
        self._on_saved = on_saved
        self._job: PdfJob | PrintJob | None = None
        self._doing = ""
        """What the running job is doing, for the status line ("Saving audit.pdf")."""
        self.setWindowTitle(report.title)
        self.setAccessibleName(report.title)
        place(self, QSize(760, 860), remember="ui.size.report")

        self.preview = QTextBrowser(self)
        self.preview.setDocument(ReportTextDocument(None, self.preview))
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Report preview")
        show_in(self.preview, report.html, report.resource_folder)
        paper = self.preview.palette()
        paper.setColor(QPalette.ColorRole.Base, QColor("white"))
        paper.setColor(QPalette.ColorRole.Text, QColor("#1d2530"))
        self.preview.setPalette(paper)  # a sheet of paper, in light and dark themes alike

        self.paper = QComboBox(self)
        for size in PageSize:
            self.paper.addItem(size.label, size)
        self.paper.setCurrentIndex(list(PageSize).index(page_size))
        self.paper.setAccessibleName("Paper size")
        paper_label = QLabel("Paper si&ze:", self)
        paper_label.setBuddy(self.paper)

        self.language = QComboBox(self)
        for code, name in REPORT_LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(report.language)))
        self.language.setAccessibleName("Language of the policy")
        self.language.setAccessibleDescription(
            "The language of the default wording; wording the practice wrote is kept as written"
        )
        self.language.currentIndexChanged.connect(lambda _i: self._change_language())
        language_label = QLabel("&Language:", self)
        language_label.setBuddy(self.language)
        self.language.setVisible(rerender is not None)
        language_label.setVisible(rerender is not None)

        self.status = QLabel("", self)
        self.status.setAccessibleDescription("Status")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Progress of the PDF")
        self.progress.setAccessibleDescription("How much of the PDF has been written")
        self.progress.hide()
        self.print_button = QPushButton("&Print…", self)
        self.pdf_button = QPushButton("Save as P&DF…", self)
        self.html_button = QPushButton("Save as &HTML…", self)
        self.close_button = QPushButton("Close", self)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.html_button.clicked.connect(lambda: self.save_html())
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_report)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save_pdf())

        self.handles = QCheckBox("Show personal &handles", self)
        self.handles.setAccessibleName("Show the handles of personal accounts")
        self.handles.setToolTip(
            "Left out by default: a list of your personal accounts is itself a privacy risk. "
            "Professional handles are always shown."
        )
        self.handles.setVisible(with_handles is not None)
        self.handles.toggled.connect(self._handles_toggled)

        row = QHBoxLayout()
        row.addWidget(self.handles)
        row.addWidget(paper_label)
        row.addWidget(self.paper)
        row.addWidget(language_label)
        row.addWidget(self.language)
        row.addWidget(self.status, 1)
        row.addWidget(self.progress)
        for button in (self.print_button, self.pdf_button, self.html_button, self.close_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        self.pdf_button.setDefault(True)

    def _handles_toggled(self, show: bool) -> None:
        if self._with_handles is None:
            return
        try:
            report = self._with_handles(show)
        except ReportError as exc:
            self.report_problem("The report could not be prepared again.", exc)
            return
        self.report = report
        show_in(self.preview, report.html, report.resource_folder)

    def _change_language(self) -> None:
        """Render the report again in the chosen language, off the GUI thread."""
        from app.ui.background import run_in_background

        rerender, language = self._rerender, str(self.language.currentData())
        if rerender is None or language == self.report.language:
            return
        self._set_busy(True, "Preparing…")

        def done(report: RenderedReport) -> None:
            self._set_busy(False)
            self.report = report
            show_in(self.preview, report.html, report.resource_folder)
            self.setWindowTitle(report.title)

        def failed(exc: Exception) -> None:
            from app.ui.errors import show_error

            self._set_busy(False)
            self.language.setCurrentIndex(self.language.findData(self.report.language))
            show_error(
                self,
                "Policy not prepared",
                "The policy could not be prepared in that language.",
                "The preview still shows the previous language; nothing was changed.",
                exc,
            )

        run_in_background(self, lambda: rerender(language), done, failed)

    # ------------------------------------------------------------------ state

    @property
    def page_size(self) -> PageSize:
        return PageSize(self.paper.currentData())

    @property
    def busy(self) -> bool:
        return self._job is not None

    def _set_busy(self, busy: bool, message: str = "") -> None:
        for button in (
            self.print_button,
            self.pdf_button,
            self.html_button,
            self.paper,
            self.language,
        ):
            button.setEnabled(not busy)
        self.status.setText(message)
        self.progress.setValue(0)
        self.progress.setVisible(busy)

    def _ask_path(self, caption: str, suffix: str, file_filter: str) -> Path | None:
        start = str(self.folder / f"{self.report.suggested_name}{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(self, caption, start, file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(suffix)

    def report_problem(
        self, what_happened: str, exc: BaseException | None = None, *, printing: bool = False
    ) -> None:
        """Tell the user in plain words (and log it); never a traceback."""
        from app.ui.errors import show_error

        self.status.setText(what_happened)
        show_error(
            self,
            "The report was not printed" if printing else "The report was not saved",
            what_happened,
            "Check the printer and try again."
            if printing
            else "Choose another place to save it, or try again.",
            exc,
        )

    def _done(self, path: Path, message: str) -> None:
        self.folder = path.parent
        self.status.setText(message)
        self.saved.emit(path)
        if self._on_saved is not None:
            self._on_saved(path)

    # ------------------------------------------------------------------ actions

    @Slot()
    def save_html(self, path: Path | None = None) -> None:
        target = path or self._ask_path("Save the report as HTML", ".html", "HTML (*.html)")
        if target is None:
            return
        try:
            save_html(self.report, target)
        except ReportError as exc:
            self.report_problem(str(exc))
            return
        self._done(target, f"Saved {target.name}")

    @Slot()
    def save_pdf(self, path: Path | None = None) -> None:
        """Ask where (unless `path` is given) and write the PDF on a worker thread."""
        if self.busy:
            return
        target = path or self._ask_path("Save the report as PDF", ".pdf", "PDF (*.pdf)")
        if target is None:
            return
        job = PdfJob(self.report.html, self.report.document_info(), self.page_size, target)
        job.signals.progress.connect(self._pdf_progress)
        job.signals.finished.connect(self._pdf_saved)
        job.signals.failed.connect(self._pdf_failed)
        self._job = job
        self._doing = f"Saving {target.name}"
        self._set_busy(True, f"{self._doing}…")
        QThreadPool.globalInstance().start(job)

    @Slot(int, str)
    def _pdf_progress(self, percent: int, what: str) -> None:
        if self._job is None:
            return
        self.progress.setValue(percent)
        self.status.setText(f"{self._doing}: {what.lower()}…")

    @Slot(object)
    def _pdf_saved(self, document: PdfDocument) -> None:
        job, self._job = self._job, None
        self._set_busy(False)
        if job is None or job.path is None:
            return
        path = job.path
        pages = f"{document.pages} page{'s' if document.pages != 1 else ''}"
        self._done(path, f"Saved {path.name} ({pages}, {self.page_size.label})")

    @Slot(str)
    def _pdf_failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        self.report_problem(message)

    def printer(self) -> QPrinter:
        """A printer set to the chosen paper and the report's margins."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(
            QPageLayout(
                self.page_size.qt,
                QPageLayout.Orientation.Portrait,
                MARGINS_MM,
                QPageLayout.Unit.Millimeter,
            )
        )
        printer.setDocName(self.report.title)
        printer.setCreator(self.report.document_info().creator)
        return printer

    @Slot()
    def print_report(self) -> None:
        if self.busy:
            return
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the report")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_in_background(printer)

    def print_in_background(self, printer: QPrinter) -> None:
        """Paint the report on `printer` on a worker thread, with the progress shown."""
        if self.busy:
            return
        job = PrintJob(self.report.html, self.report.document_info(), printer, printer.resolution())
        job.signals.progress.connect(self._pdf_progress)
        job.signals.finished.connect(self._printed)
        job.signals.failed.connect(self._print_failed)
        self._job = job
        self._doing = "Printing"
        self._set_busy(True, "Printing…")
        QThreadPool.globalInstance().start(job)

    @Slot(object)
    def _printed(self, pages: int) -> None:
        self._job = None
        self._set_busy(False, f"Sent {pages} page{'s' if pages != 1 else ''} to the printer")

    @Slot(str)
    def _print_failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        self.report_problem(message, printing=True)

    def print_to(self, printer: QPrinter) -> int:
        """Paint the report on `printer` (after the print dialog); returns the pages."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_html(
                self.report.html, self.report.document_info(), printer, printer.resolution()
            )
        except ReportError as exc:
            self.report_problem(str(exc))
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.status.setText(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer")
        self.printed.emit()
        return pages

    def reject(self) -> None:
        if self.busy:
            what = "printed" if isinstance(self._job, PrintJob) else "saved"
            self.status.setText(f"Wait a moment: the report is still being {what}.")
            return
        super().reject()
