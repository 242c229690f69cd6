"""Paging: headings stay with what follows, short table rows are never cut in two, a
continued table repeats its header, and every page has its footer."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextBlock, QTextDocument, QTextTable

from app.reports.pdf import (
    PDF_RESOLUTION,
    DocumentInfo,
    PageSize,
    html_to_pdf,
    layout_document,
)

pytestmark = pytest.mark.usefixtures("qapp")
INFO = DocumentInfo("A title", "An author", "Footer words")
WORDS = ["settings", "privacy", "account", "clients", "practice", "boundary"]


def filler(count: int, seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(count))


_DEVICES: list[object] = []
"""Writers stay alive as long as the documents laid out for them."""


def laid_out(html: str) -> tuple[QTextDocument, float]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    document = layout_document(html, writer, PDF_RESOLUTION)
    _DEVICES.extend((buffer, writer))
    return document, document.pageSize().height()


def first_line(document: QTextDocument, block: QTextBlock) -> tuple[float, float]:
    rect = document.documentLayout().blockBoundingRect(block)
    assert block.layout().lineCount() > 0, f"block {block.text()!r} is not laid out"
    line = block.layout().lineAt(0)
    return rect.top() + line.y(), rect.top() + line.y() + line.height()


def tables(document: QTextDocument) -> list[QTextTable]:
    return [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]


def test_every_heading_shares_its_page_with_the_next_line() -> None:
    sections = "".join(
        f"<h2>Section {n}</h2><p>{filler(40 + (n * 37) % 90, n)}</p>" for n in range(60)
    )
    document, page = laid_out(f"<html><body>{sections}</body></html>")
    checked = 0
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            top, _ = first_line(document, block)
            _, next_bottom = first_line(document, block.next())
            assert int(top // page) == int((next_bottom - 1) // page), block.text()
            checked += 1
        block = block.next()
    assert checked == 60 and document.pageCount() > 5


def test_short_rows_are_never_cut_and_the_header_repeats() -> None:
    rows = "".join(
        f"<tr><td>Row {n} {filler(3 + (n * 5) % 40, n)}</td><td>{filler(n % 9, n)}</td></tr>"
        for n in range(160)
    )
    html = (
        '<table width="100%" border="1" cellspacing="0"><thead><tr><th width="60%">Setting'
        f'</th><th width="40%">Note</th></tr></thead>{rows}</table>'
    )
    document, page = laid_out(html)
    found = tables(document)
    assert len(found) >= 2, "the long table continues on further pages"
    seen_rows = []
    layout = document.documentLayout()
    for table in found:
        assert table.cellAt(0, 0).firstCursorPosition().block().text() == "Setting"
        for row in range(1, table.rows()):
            block = table.cellAt(row, 0).firstCursorPosition().block()
            seen_rows.append(block.text().split()[1])
            tops, bottoms = [], []
            for column in range(table.columns()):
                cell_block = table.cellAt(row, column).firstCursorPosition().block()
                rect = layout.blockBoundingRect(cell_block)
                tops.append(rect.top())
                bottoms.append(rect.bottom())
            assert int(min(tops) // page) == int((max(bottoms) - 1) // page), block.text()
    assert seen_rows == [str(n) for n in range(160)], "no row is lost or repeated"


def test_each_page_has_its_footer_and_the_metadata_is_set() -> None:
    sections = "".join(f"<h2>Part {n}</h2><p>{filler(200, n)}</p>" for n in range(12))
    result = html_to_pdf(f"<html><body>{sections}</body></html>", INFO, PageSize.LETTER)
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == result.pages > 2
    for number, pdf_page in enumerate(reader.pages, start=1):
        text = " ".join((pdf_page.extract_text() or "").split())
        assert f"Page {number} of {result.pages}" in text
        assert "Footer words" in text
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author) == ("A title", "An author")


def test_a_heading_already_at_the_top_of_a_page_gets_no_empty_page() -> None:
    html = "".join(f"<h2>Only heading {n}</h2><h3>Sub</h3><p>{filler(30, n)}</p>" for n in range(3))
    result = html_to_pdf(html, INFO, PageSize.A4)
    assert result.pages == 1


def _page_of(document: QTextDocument, page: float, starts: str) -> int:
    block = document.begin()
    while block.isValid():
        if block.text().startswith(starts):
            top, _ = first_line(document, block)
            return int((top + 0.5) // page)
        block = block.next()
    raise AssertionError(f"no block starts with {starts!r}")


def _closing(words: int, marked: bool) -> str:
    anchor = '<a name="keep-with-previous"></a>' if marked else ""
    sections = "".join(f"<h2>Part {n}</h2><p>{filler(120, n)}</p>" for n in range(3))
    signature = "".join(f"<tr><td>Signature line {n}</td><td>Date</td></tr>" for n in range(4))
    return (
        f"<html><body>{sections}<h2>Last part</h2><p>{filler(words, 99)}</p>"
        f"<h2>{anchor}Sign here</h2><table width='100%'>{signature}</table>"
        f"<p>{anchor}Closing line</p></body></html>"
    )


def test_a_marked_block_never_begins_a_page_without_the_section_before_it() -> None:
    alone = None
    for words in range(10, 1000, 10):
        document, page = laid_out(_closing(words, marked=False))
        if _page_of(document, page, "Sign here") > _page_of(document, page, "Last part"):
            alone = words
            break
    assert alone is not None, "some length of the last part pushes the signature over"
    document, page = laid_out(_closing(alone, marked=True))
    sign = _page_of(document, page, "Sign here")
    assert _page_of(document, page, "Last part") == sign == _page_of(document, page, "Closing")
    assert sign == 1, "the section moved along, and no extra page was needed"


def test_a_closing_line_alone_takes_the_block_before_it_along() -> None:
    alone = None
    for words in range(10, 1000, 5):
        document, page = laid_out(_closing(words, marked=False))
        if _page_of(document, page, "Closing") > _page_of(document, page, "Sign here"):
            alone = words
            break
    assert alone is not None, "some length of the last part pushes only the closing line over"
    document, page = laid_out(_closing(alone, marked=True))
    closing = _page_of(document, page, "Closing")
    assert _page_of(document, page, "Last part") == _page_of(document, page, "Sign here") == closing
