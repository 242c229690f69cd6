"""What a report may load while it is laid out or previewed: images inside the user's
template folder, or embedded as `data:` addresses, and nothing else.

Qt's text documents load any `file:` address an `<img>` names, so a template could
otherwise copy a file from anywhere on the disk into a PDF handed to someone else.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextEdit

log = logging.getLogger(__name__)

MAX_RESOURCE_BYTES = 5 * 1024 * 1024
"""The largest image a template may load (a logo is a few hundred KB)."""


def allowed_path(url: QUrl, folder: Path | None) -> Path | None:
    """The file `url` names if it lies inside `folder`; None for anything else."""
    if folder is None or url.scheme() not in ("", "file"):
        return None
    local = url.toLocalFile() if url.scheme() == "file" else url.path()
    if not local:
        return None
    candidate = Path(local)
    if not candidate.is_absolute():
        candidate = folder / candidate
    try:
        resolved = candidate.resolve()
        base = folder.resolve()
    except OSError:
        return None
    return resolved if resolved.is_relative_to(base) else None


def _placeholder(kind: int) -> object:
    """What stands in for a refused resource. For an image it must be a real (blank)
    image: given nothing, Qt's image handler would read the file by its name itself."""
    if kind == QTextDocument.ResourceType.ImageResource.value:
        blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        blank.fill(Qt.GlobalColor.transparent)
        return blank
    return QByteArray()


class ReportTextDocument(QTextDocument):
    """A QTextDocument that loads images only from `resource_folder` (or data: URLs)."""

    def __init__(self, resource_folder: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.resource_folder = resource_folder

    def loadResource(self, kind: int, name: QUrl | str, /) -> object:
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() == "data":
            return super().loadResource(kind, url)
        path = allowed_path(url, self.resource_folder)
        if path is None:
            log.warning("a report asked for %s, which it may not load", url.toString()[:200])
            return _placeholder(kind)
        from app.store.user_files import UserFileError, read_user_file

        try:
            return QByteArray(read_user_file(path, MAX_RESOURCE_BYTES, "an image in a report"))
        except UserFileError as exc:
            log.warning("a report image was not loaded: %s", exc)
            return _placeholder(kind)


def show_in(browser: QTextEdit, html: str, resource_folder: Path | None) -> None:
    """Show `html` in `browser` (whose document is a ReportTextDocument), loading images
    only from `resource_folder`."""
    document = browser.document()
    if isinstance(document, ReportTextDocument):
        document.resource_folder = resource_folder
    browser.setHtml(html)
