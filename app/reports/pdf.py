"""HTML to paged output (PDF or a printer) with Qt's rich-text engine, no browser needed.

The HTML is laid out once, as one long strip; `app.reports.paging` decides in one pass
where the pages break (headings kept with what follows, short tables and rows whole,
table headers repeated, a signature block never alone). This module then paints each page
as a window onto that strip, with a footer (document title, page N of M). Text stays
real, selectable text, each line painted on one page only, and with no ligatures, so that
what is copied or searched is what is printed (an `office@` address stays `office@`).

PDFs are written as PDF/A-1b where the installed Qt can (Qt 6 can), and
`app.reports.archival` then adds what Qt cannot write: the document language and an
outline with a bookmark for each heading (section, persona, account).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextDocument,
    QTextOption,
)

from app.reports.archival import Bookmark, finish_pdf
from app.reports.breaks import CSS_DPI, Reached, read_strip, split_blocks
from app.reports.paging import Page, page_of, plan_pages
from app.reports.templating import ReportError

PDF_RESOLUTION = 300
MARGINS_MM = QMarginsF(18, 13, 18, 10)
FOOTER_MM = 8.0
"""Height kept free at the foot of each page for the footer line."""
CLIP_EDGE_PX = 1.0
"""Each page's window onto the strip is this much smaller at both ends, so that Qt does
not paint (invisibly) a line that only touches the window's edge: that would put the
line's text on two pages."""
SPLIT_ROUNDS = 3
"""Layouts at most: a page that begins inside a paragraph splits it and lays out again
(once, nearly always); the splits move nothing, so the pages come out the same."""
BOOKMARK_SLACK_PT = 6.0
"""A bookmark opens the page a little above its heading, not flush with it."""
BASE_FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]
NO_LIGATURES = ("liga", "clig")
"""OpenType features turned off: with them, "ffi" in "office" prints as one glyph that
copies and searches as "ﬃ". Kerning and the shaping that scripts such as Arabic need
stay on."""

Progress = Callable[[int, str], None]
"""Told how far along a document is, from 0 to 100, and what is being done, in words."""
LAYOUT_SHARE = 50
"""The share of the progress bar for laying out; painting the pages takes the rest."""


class PageSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def qt(self) -> QPageSize:
        return QPageSize(
            QPageSize.PageSizeId.A4 if self is PageSize.A4 else QPageSize.PageSizeId.Letter
        )

    @property
    def label(self) -> str:
        return "A4" if self is PageSize.A4 else "US Letter"


@dataclass(frozen=True)
class DocumentInfo:
    """What a rendered report says about itself: metadata and the footer line."""

    title: str
    author: str
    footer: str
    creator: str = "Tightrope"
    language: str = ""
    """The document's language as a BCP 47 tag, for the PDF; "" to take the HTML's."""
    page_label: str = "Page {page} of {pages}"
    """The page number in the footer, in the report's language."""
    resource_folder: Path | None = None
    """The only folder images may come from (a user's template folder); None: none."""


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new windowless one for the command line.

    Without a display (a server, CI, ssh) and with no platform chosen, Qt is told to use
    its offscreen platform, which needs no display at all."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "tightrope"])


def _mm_to_px(mm: float, dpi: int) -> float:
    return mm / 25.4 * dpi


def report_font(point_size: float) -> QFont:
    """The reports' font: the base families, without ligatures."""
    font = QFont()
    font.setFamilies(BASE_FONT_FAMILIES)
    font.setPointSizeF(point_size)
    for feature in NO_LIGATURES:
        font.setFeature(QFont.Tag(feature), 0)
    return font


# ------------------------------------------------------------------ layout


@dataclass(frozen=True)
class Heading:
    """A top-level heading as printed: for the PDF's outline (bookmarks)."""

    title: str
    level: int
    page: int
    """Index of the page it is on, from 0."""
    y: float
    """Its top on that page, in device pixels from the top of the printable area."""


@dataclass
class PagedDocument:
    """A document laid out as one strip, and the pages cut from it."""

    document: QTextDocument
    pages: list[Page]
    width: float
    page_height: float
    headings: list[Heading]


def _heading_title(block_text: str, bold_text: str) -> str:
    """A heading's bookmark title: its bold part (without an aside in lighter type such
    as "· personal persona, ..."), or all of it when none is bold."""
    title = " ".join(bold_text.split()) or " ".join(block_text.split())
    return title.rstrip(" ·:—-")


def _headings(paged: PagedDocument, found: list[tuple[QTextBlock, float]]) -> list[Heading]:
    headings = []
    for block, top in found:
        bold = []
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().fontWeight() >= QFont.Weight.DemiBold:
                bold.append(fragment.text())
            iterator += 1
        number = page_of(paged.pages, top)
        page = paged.pages[number]
        y = top - page.body.top + (page.header.height if page.header else 0.0)
        level = block.blockFormat().headingLevel()
        title = _heading_title(block.text(), "".join(bold))
        if title:
            headings.append(Heading(title, level, number, max(0.0, y)))
    return headings


def _layout_progress(document: QTextDocument, progress: Progress | None) -> Reached | None:
    if progress is None:
        return None
    size = max(1, document.characterCount())
    last = -1

    def reached(position: int) -> None:
        nonlocal last
        percent = LAYOUT_SHARE * position // size
        if percent != last:
            last = percent
            progress(percent, "Laying out the pages")

    return reached


def layout_document(
    html: str,
    device: QPagedPaintDevice,
    resolution: int,
    progress: Progress | None = None,
    resource_folder: Path | None = None,
) -> PagedDocument:
    """`html` laid out for `device` and cut into pages, with room for the footer; images
    load only from `resource_folder` (app.reports.resources)."""
    from app.reports.resources import ReportTextDocument

    if progress is not None:
        progress(0, "Laying out the pages")
    document = ReportTextDocument(resource_folder)
    document.documentLayout().setPaintDevice(device)
    document.setUseDesignMetrics(True)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setDefaultFont(report_font(10))
    document.setDocumentMargin(0)
    document.setHtml(html)
    paint_rect = device.pageLayout().paintRectPixels(resolution)
    page_height = paint_rect.height() - _mm_to_px(FOOTER_MM, resolution)
    document.setTextWidth(paint_rect.width())
    scale = device.logicalDpiY() / CSS_DPI
    for round_number in range(SPLIT_ROUNDS):
        reached = _layout_progress(document, progress) if round_number == 0 else None
        read = read_strip(document, page_height, scale, reached)
        document.pageCount()  # the layout is finished (Qt otherwise does it bit by bit)
        pages = plan_pages(read.strip, page_height)
        splits = {position for page in pages for position in page.splits}
        if not splits:
            break
        split_blocks(document, splits)
    paged = PagedDocument(document, pages, paint_rect.width(), page_height, [])
    paged.headings = _headings(paged, read.headings)
    return paged


# ------------------------------------------------------------------ painting


def _paint_footer(
    painter: QPainter, info: DocumentInfo, page: int, pages: int, width: float, top: float, dpi: int
) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#9fb0c4"), max(1.0, dpi / 200)))
    rule_y = top + _mm_to_px(2.5, dpi)
    painter.drawLine(QPointF(0, rule_y), QPointF(width, rule_y))
    painter.setFont(report_font(7.5))
    painter.setPen(QColor("#56606e"))
    box = QRectF(0, rule_y + _mm_to_px(1.2, dpi), width, _mm_to_px(5, dpi))
    number = info.page_label.replace("{page}", str(page)).replace("{pages}", str(pages))
    number_width = painter.fontMetrics().horizontalAdvance(number) + _mm_to_px(4, dpi)
    left = QRectF(box.left(), box.top(), box.width() - number_width, box.height())
    elided = painter.fontMetrics().elidedText(
        info.footer, Qt.TextElideMode.ElideRight, int(left.width())
    )
    painter.drawText(left, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), elided)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), number)
    painter.restore()


def _paint_band(
    painter: QPainter,
    paged: PagedDocument,
    context: QAbstractTextDocumentLayout.PaintContext,
    top: float,
    bottom: float,
    at: float,
) -> None:
    """Paint the strip from `top` to `bottom` with its top at `at` on the page."""
    painter.save()
    painter.translate(0, at - top)
    clip = QRectF(0, top + CLIP_EDGE_PX, paged.width, bottom - top - 2 * CLIP_EDGE_PX)
    painter.setClipRect(clip)
    context.clip = clip
    paged.document.documentLayout().draw(painter, context)
    painter.restore()


def paint_document(
    paged: PagedDocument,
    device: QPagedPaintDevice,
    info: DocumentInfo,
    resolution: int,
    *,
    new_page: Callable[[], bool],
    progress: Progress | None = None,
) -> int:
    """Paint every page of `paged` on `device`; returns the number of pages."""
    pages = len(paged.pages)
    painter = QPainter()
    if not painter.begin(device):
        raise ReportError("The document could not be written: the output could not be opened.")
    try:
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#1d2530"))
        for number, page in enumerate(paged.pages):
            if number and not new_page():
                raise ReportError("The document could not be written: a new page failed.")
            at = 0.0
            if page.header is not None:
                _paint_band(painter, paged, context, page.header.top, page.header.bottom, 0.0)
                at = page.header.height
            _paint_band(painter, paged, context, page.body.top, page.body.bottom, at)
            _paint_footer(
                painter, info, number + 1, pages, paged.width, paged.page_height, resolution
            )
            if progress is not None:
                done = LAYOUT_SHARE + (100 - LAYOUT_SHARE) * (number + 1) // pages
                progress(done, f"Writing page {number + 1} of {pages}")
    finally:
        painter.end()
    return pages


def _configure_writer(writer: QPdfWriter, info: DocumentInfo, page_size: PageSize) -> None:
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            page_size.qt, QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter
        )
    )
    writer.setTitle(info.title)
    writer.setCreator(info.creator)
    if hasattr(writer, "setAuthor"):
        writer.setAuthor(info.author)
    archival = getattr(QPagedPaintDevice.PdfVersion, "PdfVersion_A1b", None)
    if archival is not None:
        writer.setPdfVersion(archival)


def document_language(html: str, info: DocumentInfo) -> str:
    """The language of the document: the report's own, else the HTML's `lang`, else
    English."""
    if info.language:
        return info.language
    found = re.search(r"<html\b[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)", html)
    return found.group(1) if found else "en"


def _bookmarks(paged: PagedDocument, writer: QPdfWriter, resolution: int) -> list[Bookmark]:
    """Each heading's place as the PDF counts it: points up from the page's bottom."""
    layout = writer.pageLayout()
    paper = layout.fullRect(QPageLayout.Unit.Point).height()
    top = layout.paintRect(QPageLayout.Unit.Point).top()
    return [
        Bookmark(
            heading.title,
            heading.level,
            heading.page,
            paper - top - heading.y * 72 / resolution + BOOKMARK_SLACK_PT,
        )
        for heading in paged.headings
    ]


@dataclass(frozen=True)
class PdfDocument:
    data: bytes
    pages: int


def html_to_pdf(
    html: str,
    info: DocumentInfo,
    page_size: PageSize = PageSize.A4,
    *,
    progress: Progress | None = None,
) -> PdfDocument:
    """The PDF of `html`. Needs a QGuiApplication (see `ensure_gui_application`); safe to
    call from a worker thread, as it shares no Qt object with the caller."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    _configure_writer(writer, info, page_size)
    paged = layout_document(html, writer, PDF_RESOLUTION, progress, info.resource_folder)
    pages = paint_document(
        paged, writer, info, PDF_RESOLUTION, new_page=writer.newPage, progress=progress
    )
    buffer.close()
    data = finish_pdf(
        bytes(buffer.data().data()),
        _bookmarks(paged, writer, PDF_RESOLUTION),
        document_language(html, info),
    )
    return PdfDocument(data, pages)


def print_html(
    html: str,
    info: DocumentInfo,
    device: QPagedPaintDevice,
    resolution: int,
    *,
    progress: Progress | None = None,
) -> int:
    """Lay out and paint `html` on any paged device, a QPrinter from the print dialog say,
    with the same footers and page breaks as the PDF. Returns the number of pages."""
    paged = layout_document(html, device, resolution, progress, info.resource_folder)
    return paint_document(
        paged, device, info, resolution, new_page=device.newPage, progress=progress
    )
