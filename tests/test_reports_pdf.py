"""Paging: headings stay with what follows, short table rows are never cut in two, a
continued table repeats its header, every page has its footer, and no line is printed
on two pages."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextBlock

from app.reports.paging import page_of
from app.reports.pdf import (
    PDF_RESOLUTION,
    DocumentInfo,
    PagedDocument,
    PageSize,
    html_to_pdf,
    layout_document,
)

pytestmark = pytest.mark.usefixtures("qapp")
INFO = DocumentInfo("A title", "An author", "Footer words")
WORDS = ["settings", "privacy", "account", "clients", "practice", "boundary"]


def filler(count: int, seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(count))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


_DEVICES: list[object] = []
"""Writers stay alive as long as the documents laid out for them."""


def laid_out(html: str) -> PagedDocument:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    paged = layout_document(html, writer, PDF_RESOLUTION)
    _DEVICES.extend((buffer, writer))
    return paged


def first_line(paged: PagedDocument, block: QTextBlock) -> tuple[float, float]:
    rect = paged.document.documentLayout().blockBoundingRect(block)
    assert block.layout().lineCount() > 0, f"block {block.text()!r} is not laid out"
    line = block.layout().lineAt(0)
    return rect.top() + line.y(), rect.top() + line.y() + line.height()


def page_texts(data: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def test_every_heading_shares_its_page_with_the_next_line() -> None:
    sections = "".join(
        f"<h2>Section {n}</h2><p>{filler(40 + (n * 37) % 90, n)}</p>" for n in range(60)
    )
    paged = laid_out(f"<html><body>{sections}</body></html>")
    checked = 0
    block = paged.document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            top, _ = first_line(paged, block)
            _, next_bottom = first_line(paged, block.next())
            assert page_of(paged.pages, top) == page_of(paged.pages, next_bottom - 1), block.text()
            checked += 1
        block = block.next()
    assert checked == 60 and len(paged.pages) > 5
    for page in paged.pages:
        assert page.height <= paged.page_height + 0.01, "a page holds no more than fits"


def test_no_page_ends_with_a_heading_in_the_printed_text() -> None:
    sections = "".join(
        f"<h2>Section {n}</h2><p>{filler(40 + (n * 37) % 90, n)}</p>" for n in range(60)
    )
    result = html_to_pdf(f"<html><body>{sections}</body></html>", INFO, PageSize.A4)
    texts = page_texts(result.data)
    for number, text in enumerate(texts, start=1):
        body = text.split("Footerwords")[0]
        assert not re.search(r"Section\d+$", body), f"page {number} ends with a heading"
    for n in range(60):
        assert sum(t.count(f"Section{n}settings") + t.count(f"Section{n}p") for t in texts) <= 1
        assert sum(len(re.findall(rf"Section{n}(?!\d)", t)) for t in texts) == 1


def table_html(rows: int) -> str:
    body = "".join(
        f"<tr><td>Row {n} {filler(3 + (n * 5) % 40, n)}</td><td>{filler(n % 9, n)}</td></tr>"
        for n in range(rows)
    )
    return (
        '<table width="100%" border="1" cellspacing="0"><thead><tr><th width="60%">Setting'
        f'</th><th width="40%">Note</th></tr></thead>{body}</table>'
    )


def test_short_rows_are_never_cut_and_the_header_repeats() -> None:
    result = html_to_pdf(table_html(160), INFO, PageSize.A4)
    texts = page_texts(result.data)
    assert len(texts) >= 3, "the long table continues on further pages"
    for text in texts:
        assert text.startswith("SettingNote"), "every page of the table starts with its header"
    for n in range(160):
        row = squash(f"Row {n} {filler(3 + (n * 5) % 40, n)}")
        assert sum(text.count(row) for text in texts) == 1, f"row {n} is whole on one page"
    order = [int(n) for text in texts for n in re.findall(r"Row(\d+)", text)]
    assert order == list(range(160)), "no row is lost or repeated, in reading order"


def test_continued_tables_fill_their_pages() -> None:
    paged = laid_out(table_html(160))
    pages = paged.pages
    assert all(page.header is not None for page in pages[1:])
    for page in pages[:-1]:
        assert page.height > paged.page_height * 0.85, "a cut table leaves no big gap"


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


def test_a_row_taller_than_a_page_is_cut_between_lines_and_loses_nothing() -> None:
    lines = "<br>".join(f"Line {n} {filler(4, n)}" for n in range(150))
    html = (
        "<table border='1' width='100%'><thead><tr><th>Head</th></tr></thead>"
        f"<tr><td>{lines}</td></tr></table><p>After the table</p>"
    )
    result = html_to_pdf(html, INFO, PageSize.A4)
    texts = page_texts(result.data)
    assert len(texts) >= 2
    order = [int(n) for text in texts for n in re.findall(r"Line(\d+)", text)]
    assert order == list(range(150)), "each line once, in order, even in a row cut in two"
    assert "Afterthetable" in texts[-1]


def _page_of(paged: PagedDocument, starts: str) -> int:
    block = paged.document.begin()
    while block.isValid():
        if block.text().startswith(starts):
            top, _ = first_line(paged, block)
            return page_of(paged.pages, top)
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
        paged = laid_out(_closing(words, marked=False))
        if _page_of(paged, "Sign here") > _page_of(paged, "Last part"):
            alone = words
            break
    assert alone is not None, "some length of the last part pushes the signature over"
    paged = laid_out(_closing(alone, marked=True))
    sign = _page_of(paged, "Sign here")
    assert _page_of(paged, "Last part") == sign == _page_of(paged, "Closing")
    assert sign == 1, "the section moved along, and no extra page was needed"


def test_a_closing_line_alone_takes_the_block_before_it_along() -> None:
    alone = None
    for words in range(10, 1000, 5):
        paged = laid_out(_closing(words, marked=False))
        if _page_of(paged, "Closing") > _page_of(paged, "Sign here"):
            alone = words
            break
    assert alone is not None, "some length of the last part pushes only the closing line over"
    paged = laid_out(_closing(alone, marked=True))
    closing = _page_of(paged, "Closing")
    assert _page_of(paged, "Last part") == _page_of(paged, "Sign here") == closing


def test_a_page_break_the_template_asks_for_is_made() -> None:
    html = (
        f"<h2>First part</h2><p>{filler(30, 1)}</p>"
        f'<h2 style="page-break-before: always">Second part</h2><p>{filler(30, 2)}</p>'
        f'<table style="page-break-after: always" width="100%"><tr><td>Cell</td></tr></table>'
        f"<p>Third part</p>"
    )
    texts = page_texts(html_to_pdf(html, INFO, PageSize.A4).data)
    assert len(texts) == 3
    assert texts[0].startswith("Firstpart") and texts[1].startswith("Secondpart")
    assert "Cell" in texts[1] and texts[2].startswith("Thirdpart")
