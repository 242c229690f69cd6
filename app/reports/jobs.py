"""Rendering a PDF, or printing, off the GUI thread.

A long audit (two hundred accounts, some 180 pages) takes several seconds to lay out and
draw (`make bench`), far too long to freeze a window. `PdfJob` does the work on a
QThreadPool thread and reports back through Qt signals, which arrive on the thread that
created the job (the GUI thread): how far along it is, then the document or a failure.
The job shares no Qt object with that thread: it gets the HTML as a string and builds
its own document and writer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtGui import QPagedPaintDevice

from app.reports.files import write_file_atomically
from app.reports.pdf import DocumentInfo, PageSize, PdfDocument, html_to_pdf, print_html
from app.reports.templating import ReportError


class PdfJobSignals(QObject):
    progress = Signal(int, str)
    """How far along (0 to 100) and what is being done, in words."""
    finished = Signal(object)
    """The `PdfDocument`, once written to the job's path (if it has one); for a
    `PrintJob`, the number of pages printed."""
    failed = Signal(str)
    """A message for the user."""


class PdfJob(QRunnable):
    """Render `html` to a PDF and, if `path` is given, save it there.

    Start with `QThreadPool.globalInstance().start(job)`; connect to `job.signals` first.
    """

    def __init__(
        self, html: str, info: DocumentInfo, page_size: PageSize, path: Path | None = None
    ) -> None:
        super().__init__()
        self.html = html
        self.info = info
        self.page_size = page_size
        self.path = path
        self.signals = PdfJobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            document: PdfDocument = html_to_pdf(
                self.html, self.info, self.page_size, progress=self.signals.progress.emit
            )
            if self.path is not None:
                write_file_atomically(self.path, document.data)
        except ReportError as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception as exc:
            self.signals.failed.emit(f"The PDF could not be made: {exc}")
            return
        self.signals.finished.emit(document)


class PrintJob(QRunnable):
    """Lay out and paint `html` on `printer` (set up by the print dialog), off the GUI
    thread: Qt allows a QPainter on a QPrinter in another thread, as long as only one
    thread paints on it. `signals.finished` carries the number of pages sent.

    The GUI thread must leave `printer` alone until the job reports back."""

    def __init__(
        self, html: str, info: DocumentInfo, printer: QPagedPaintDevice, resolution: int
    ) -> None:
        super().__init__()
        self.html = html
        self.info = info
        self.printer = printer
        self.resolution = resolution
        self.path: Path | None = None
        self.signals = PdfJobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            pages = print_html(
                self.html,
                self.info,
                self.printer,
                self.resolution,
                progress=self.signals.progress.emit,
            )
        except ReportError as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception as exc:
            self.signals.failed.emit(f"The report could not be printed: {exc}")
            return
        self.signals.finished.emit(pages)
