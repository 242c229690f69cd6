"""What Qt's PDF writer leaves out, added afterwards: bookmarks and the document language.

Qt writes PDF/A-1b (`QPdfWriter.setPdfVersion(PdfVersion_A1b)`: fonts embedded with
their CIDSet, an sRGB output intent, XMP metadata that declares part 1, conformance B,
no transparency) but cannot write an outline or a /Lang entry. `finish_pdf` rewrites the
file with pypdf, keeping everything PDF/A-1 asks for: the header stays PDF 1.4, the
cross-reference is a classic table (no object or cross-reference streams, which PDF 1.4
does not know), the XMP stream stays uncompressed and the document information is left as
Qt wrote it, so the two still agree; pypdf keeps the file identifier. Outline entries are
plain GoTo actions, which PDF/A-1 allows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit, IndirectObject, NameObject, TextStringObject

PDF_HEADER = b"%PDF-1.4"


@dataclass(frozen=True)
class Bookmark:
    """One outline entry: a heading's title, its level (1 for <h1>), the page it is on
    (from 0) and its top on that page in PDF points from the bottom edge."""

    title: str
    level: int
    page: int
    top: float


def outline_levels(bookmarks: Sequence[Bookmark]) -> list[Bookmark]:
    """The bookmarks worth listing: a single top-level heading is the document's title
    (the viewer shows it already), so it is left out and its sections become the top."""
    if not bookmarks:
        return []
    top = min(bookmark.level for bookmark in bookmarks)
    if sum(bookmark.level == top for bookmark in bookmarks) == 1 and len(bookmarks) > 1:
        return [bookmark for bookmark in bookmarks if bookmark.level != top]
    return list(bookmarks)


def finish_pdf(data: bytes, bookmarks: Sequence[Bookmark], language: str) -> bytes:
    """`data` (a PDF from Qt) with an outline of `bookmarks`, nested by level, opened
    with the outline shown, and `language` as the document language."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = PDF_HEADER
    stack: list[tuple[int, IndirectObject]] = []
    for bookmark in outline_levels(bookmarks):
        while stack and stack[-1][0] >= bookmark.level:
            stack.pop()
        item = writer.add_outline_item(
            title=bookmark.title,
            page_number=min(bookmark.page, len(writer.pages) - 1),
            parent=stack[-1][1] if stack else None,
            fit=Fit.xyz(left=0, top=bookmark.top, zoom=None),
        )
        stack.append((bookmark.level, item))
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(language)
    if bookmarks:
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
