"""HTML to paged output (PDF or a printer) with Qt's rich-text engine, no browser needed.

QTextDocument lays the HTML out in pages but knows nothing of running footers, keeping a
heading with what follows, or keeping a table row on one page. This module adds those:
after layout it looks for a heading left at the foot of a page, a small table or a table
row cut in two, moves each to the next page, and lays out again. Then it paints every page
itself with a footer (document title, page N of M). Text stays real, selectable text.

A heading or paragraph that starts with `<a name="keep-with-previous"></a>` does not begin
a page without the section before it: when it would, that section moves along, so a
signature block or the closing line is never left alone on the last page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
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
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextFrameFormat,
    QTextOption,
    QTextTable,
)

from app.reports.templating import ReportError

PDF_RESOLUTION = 300
MARGINS_MM = QMarginsF(18, 13, 18, 10)
FOOTER_MM = 8.0
"""Height kept free at the foot of each page for the footer line."""
SMALL_TABLE_SHARE = 0.3
"""A table or row shorter than this share of a page is moved whole rather than cut."""
TOP_SLACK_SHARE = 0.04
"""Content this close to the top of a page is already as high as it can go."""
MAX_LAYOUT_ROUNDS = 400
PAGE_EDGE_PX = 0.5
"""Qt puts a line moved to a new page a hair above that page's top (5867.0 for a top at
5867.02): within this many device pixels, a position counts as on the next page."""
KEEP_WITH_PREVIOUS = "keep-with-previous"
"""Anchor name that ties a heading to the section before it (see the module docstring)."""
BASE_FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]


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
    page_label: str = "Page {page} of {pages}"
    """The page number in the footer, in the report's language."""


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


# ------------------------------------------------------------------ layout fix-ups


@dataclass(frozen=True)
class _Pages:
    height: float

    def of(self, y: float) -> int:
        return int((y + PAGE_EDGE_PX) // self.height)

    def near_top(self, y: float) -> bool:
        return ((y + PAGE_EDGE_PX) % self.height) < self.height * TOP_SLACK_SHARE


def _block_lines(
    layout: QAbstractTextDocumentLayout, block: QTextBlock
) -> list[tuple[float, float]]:
    """Top and bottom of every laid-out line of `block`, in document coordinates."""
    rect = layout.blockBoundingRect(block)
    text_layout = block.layout()
    lines = []
    for index in range(text_layout.lineCount()):
        line = text_layout.lineAt(index)
        top = rect.top() + line.y()
        lines.append((top, top + line.height()))
    return lines


def _tables(frame: QTextFrame) -> list[QTextTable]:
    found: list[QTextTable] = []
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            found.append(child)
        found.extend(_tables(child))
    return found


def _cell_blocks(table: QTextTable, row: int) -> list[QTextBlock]:
    blocks: list[QTextBlock] = []
    seen: set[int] = set()
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if not cell.isValid() or cell.row() != row or cell.firstPosition() in seen:
            continue
        seen.add(cell.firstPosition())
        block = cell.firstCursorPosition().block()
        last = cell.lastCursorPosition().block().blockNumber()
        while block.isValid() and block.blockNumber() <= last:
            blocks.append(block)
            block = block.next()
    return blocks


def _row_extent(
    layout: QAbstractTextDocumentLayout, table: QTextTable, row: int
) -> tuple[float, float] | None:
    lines = [line for block in _cell_blocks(table, row) for line in _block_lines(layout, block)]
    if not lines:
        return None
    return min(top for top, _ in lines), max(bottom for _, bottom in lines)


def _breaks_before(fmt: QTextBlockFormat | QTextFrameFormat) -> bool:
    return bool(fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)


def _break_before_table(table: QTextTable) -> bool:
    """Start `table` on a new page; False if it already does."""
    table_format = table.format()
    if _breaks_before(table_format):
        return False
    table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    table.setFormat(table_format)
    return True


def _break_before_block(block: QTextBlock) -> bool:
    """Start `block` on a new page; False if it already does."""
    cursor = QTextCursor(block)
    block_format = cursor.blockFormat()
    if _breaks_before(block_format):
        return False
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    cursor.setBlockFormat(block_format)
    return True


def _copy_cell(table: QTextTable, row: int, column: int, target: QTextTable, to_row: int) -> None:
    source = table.cellAt(row, column)
    cursor = source.firstCursorPosition()
    cursor.setPosition(source.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    destination = target.cellAt(to_row, column)
    if destination.format() != source.format():
        destination.setFormat(source.format())
    insert = destination.firstCursorPosition()
    block_format = source.firstCursorPosition().blockFormat()
    if insert.blockFormat() != block_format:
        insert.setBlockFormat(block_format)
    insert.setCharFormat(source.firstCursorPosition().charFormat())
    insert.insertFragment(cursor.selection())


def _split_table(document: QTextDocument, table: QTextTable, row: int) -> None:
    """Move rows `row`.. of `table` into a new table that starts on the next page and
    repeats the header rows."""
    header_rows = table.format().headerRowCount()
    moved = table.rows() - row
    edit = QTextCursor(document)
    edit.beginEditBlock()
    try:
        after = table.lastCursorPosition()
        after.movePosition(QTextCursor.MoveOperation.NextBlock)
        new_format = table.format()
        new_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        new_table = after.insertTable(header_rows + moved, table.columns(), new_format)
        source_rows = [*range(header_rows), *range(row, table.rows())]
        for to_row, from_row in enumerate(source_rows):
            for column in range(table.columns()):
                _copy_cell(table, from_row, column, new_table, to_row)
        table.removeRows(row, moved)
    finally:
        edit.endEditBlock()


def _has_row_spans(table: QTextTable) -> bool:
    return any(
        table.cellAt(r, c).rowSpan() > 1
        for r in range(table.rows())
        for c in range(table.columns())
    )


def _is_heading(block: QTextBlock) -> bool:
    return block.blockFormat().headingLevel() > 0


def _is_blank(block: QTextBlock) -> bool:
    return not block.text().strip() and not _is_heading(block)


def _lead_in(block: QTextBlock, root: QTextFrame) -> QTextBlock | None:
    """The first of the top-level headings directly above `block`, if there are any:
    content that moves to the next page takes its headings with it."""
    previous = block.previous()
    while previous.isValid() and _is_blank(previous):
        previous = previous.previous()
    if not (previous.isValid() and _is_heading(previous)):
        return None
    first = previous
    while first.previous().isValid() and _is_heading(first.previous()):
        first = first.previous()
    return first if QTextCursor(first).currentFrame() == root else None


def _move_table(document: QTextDocument, table: QTextTable, pages: _Pages) -> bool:
    """Start `table` (with the headings above it) on the next page, unless it is already
    at the top of one."""
    layout = document.documentLayout()
    lead = _lead_in(table.firstCursorPosition().block(), document.rootFrame())
    if lead is not None:
        lines = _block_lines(layout, lead)
        if lines and pages.near_top(lines[0][0]):
            return False
        return _break_before_block(lead)
    if pages.near_top(layout.frameBoundingRect(table).top()):
        return False
    return _break_before_table(table)


def _fix_tables(document: QTextDocument, pages: _Pages) -> bool:
    layout = document.documentLayout()
    for table in _tables(document.rootFrame()):
        rect = layout.frameBoundingRect(table)
        if pages.of(rect.top()) == pages.of(rect.bottom() - 1):
            continue
        if rect.height() < pages.height * SMALL_TABLE_SHARE:
            if _move_table(document, table, pages):
                return True
            continue
        first_body = table.format().headerRowCount()
        for row in range(first_body, table.rows()):
            extent = _row_extent(layout, table, row)
            if extent is None:
                continue
            top, bottom = extent
            if (
                pages.of(top) == pages.of(bottom - 1)
                or bottom - top > pages.height * SMALL_TABLE_SHARE
            ):
                continue
            if row == first_body:
                if _move_table(document, table, pages):
                    return True
            elif not _has_row_spans(table):
                _split_table(document, table, row)
                return True
    return False


def _fix_headings(document: QTextDocument, pages: _Pages) -> bool:
    """A heading must share its page with the first line of what follows it; a run of
    headings (a persona, then an account) moves together."""
    layout = document.documentLayout()
    root = document.rootFrame()
    block = document.begin()
    while block.isValid():
        if _is_heading(block) and QTextCursor(block).currentFrame() == root:
            following = block.next()
            while following.isValid() and _is_blank(following):
                following = following.next()
            heading_lines = _block_lines(layout, block)
            next_lines = _block_lines(layout, following) if following.isValid() else []
            if heading_lines and next_lines:
                heading_top = heading_lines[0][0]
                if pages.of(heading_top) != pages.of(next_lines[0][1] - 1):
                    first = block
                    while first.previous().isValid() and _is_heading(first.previous()):
                        first = first.previous()
                    first_lines = _block_lines(layout, first)
                    if (
                        first_lines
                        and not pages.near_top(first_lines[0][0])
                        and _break_before_block(first)
                    ):
                        return True
        block = block.next()
    return False


def _keeps_with_previous(block: QTextBlock) -> bool:
    fragment = block.begin()
    return (
        not fragment.atEnd()
        and KEEP_WITH_PREVIOUS in fragment.fragment().charFormat().anchorNames()
    )


def _heading_run_start(block: QTextBlock) -> QTextBlock:
    while block.previous().isValid() and _is_heading(block.previous()):
        block = block.previous()
    return block


def _clear_break_before(block: QTextBlock) -> None:
    cursor = QTextCursor(block)
    block_format = cursor.blockFormat()
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    cursor.setBlockFormat(block_format)


def _fix_kept_sections(document: QTextDocument, pages: _Pages) -> bool:
    """A marked block that begins a page takes the section before it along.

    Only a section that starts on the page before moves, so it is shorter than a page and
    the move never adds a page; a chain of marked blocks moves together."""
    layout = document.documentLayout()
    root = document.rootFrame()
    block = document.begin()
    while block.isValid():
        if not _keeps_with_previous(block):
            block = block.next()
            continue
        start = _heading_run_start(block) if _is_heading(block) else block
        above = start.previous()
        while above.isValid() and _is_blank(above):
            above = above.previous()
        section = above
        while section.isValid() and not (
            _is_heading(section) and QTextCursor(section).currentFrame() == root
        ):
            section = section.previous()
        start_lines = _block_lines(layout, start)
        above_lines = _block_lines(layout, above) if above.isValid() else []
        if section.isValid() and start_lines and above_lines:
            section = _heading_run_start(section)
            section_lines = _block_lines(layout, section)
            page = pages.of(start_lines[0][0])
            if (
                section_lines
                and pages.of(above_lines[-1][1] - 1) < page
                and pages.of(section_lines[0][0]) == page - 1
                and not pages.near_top(section_lines[0][0])
            ):
                _clear_break_before(start)
                _break_before_block(section)
                return True
        block = block.next()
    return False


def paginate(document: QTextDocument, page_height: float) -> None:
    """Fix up the layout until no heading ends a page, no short table or row is cut, and
    no marked heading begins a page without the section before it."""
    pages = _Pages(page_height)
    for _ in range(MAX_LAYOUT_ROUNDS):
        document.pageCount()  # finishes the layout, which Qt otherwise does bit by bit
        if not (
            _fix_tables(document, pages)
            or _fix_headings(document, pages)
            or _fix_kept_sections(document, pages)
        ):
            return


# ------------------------------------------------------------------ painting


def layout_document(html: str, device: QPagedPaintDevice, resolution: int) -> QTextDocument:
    """`html` laid out in pages for `device`, with room for the footer on each page."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setUseDesignMetrics(True)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    font = QFont()
    font.setFamilies(BASE_FONT_FAMILIES)
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setHtml(html)
    paint_rect = device.pageLayout().paintRectPixels(resolution)
    footer = _mm_to_px(FOOTER_MM, resolution)
    document.setPageSize(QSizeF(paint_rect.width(), paint_rect.height() - footer))
    paginate(document, paint_rect.height() - footer)
    return document


def _paint_footer(
    painter: QPainter, info: DocumentInfo, page: int, pages: int, width: float, top: float, dpi: int
) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#9fb0c4"), max(1.0, dpi / 200)))
    rule_y = top + _mm_to_px(2.5, dpi)
    painter.drawLine(QPointF(0, rule_y), QPointF(width, rule_y))
    font = QFont()
    font.setFamilies(BASE_FONT_FAMILIES)
    font.setPointSizeF(7.5)
    painter.setFont(font)
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


def paint_document(
    document: QTextDocument,
    device: QPagedPaintDevice,
    info: DocumentInfo,
    resolution: int,
    *,
    new_page: Callable[[], bool],
) -> int:
    """Paint every page of `document` on `device`; returns the number of pages."""
    page_height = document.pageSize().height()
    width = document.pageSize().width()
    pages = max(1, document.pageCount())
    painter = QPainter()
    if not painter.begin(device):
        raise ReportError("The document could not be written: the output could not be opened.")
    try:
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor("#1d2530"))
        for page in range(pages):
            if page and not new_page():
                raise ReportError("The document could not be written: a new page failed.")
            painter.save()
            clip = QRectF(0, page * page_height, width, page_height)
            painter.translate(0, -page * page_height)
            painter.setClipRect(clip)
            context.clip = clip
            document.documentLayout().draw(painter, context)
            painter.restore()
            _paint_footer(painter, info, page + 1, pages, width, page_height, resolution)
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


@dataclass(frozen=True)
class PdfDocument:
    data: bytes
    pages: int


def html_to_pdf(html: str, info: DocumentInfo, page_size: PageSize = PageSize.A4) -> PdfDocument:
    """The PDF of `html`. Needs a QGuiApplication (see `ensure_gui_application`); safe to
    call from a worker thread, as it shares no Qt object with the caller."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    _configure_writer(writer, info, page_size)
    document = layout_document(html, writer, PDF_RESOLUTION)
    pages = paint_document(document, writer, info, PDF_RESOLUTION, new_page=writer.newPage)
    buffer.close()
    return PdfDocument(bytes(buffer.data().data()), pages)


def print_html(html: str, info: DocumentInfo, device: QPagedPaintDevice, resolution: int) -> int:
    """Lay out and paint `html` on any paged device, a QPrinter from the print dialog say,
    with the same footers and page breaks as the PDF. Returns the number of pages."""
    document = layout_document(html, device, resolution)
    return paint_document(document, device, info, resolution, new_page=device.newPage)
