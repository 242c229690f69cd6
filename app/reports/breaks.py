"""Where a laid-out QTextDocument may break into pages, read in one walk over it.

The document is laid out once with no page height (one long strip). `read_strip` walks
its top-level blocks and tables once and lists every place the strip could be cut, with
the house rules (`app.reports.paging` then picks the cuts):

- a heading is never the last thing on a page: it stays with the first line of what
  follows, and a run of headings (a persona, then an account) stays together;
- a table shorter than `SMALL_TABLE_SHARE` of a page is never cut; a longer one is cut
  only between body rows, never before its first body row, and its header rows are
  drawn again at the top of the next page; a row taller than that share may be cut
  between its lines;
- a page break the template asks for (CSS `page-break-before` / `-after`) is made;
- a block that starts with `<a name="keep-with-previous"></a>` does not begin a page
  without the section before it (from that section's heading on), as long as that
  section starts on the same page: a signature block or a closing line never stands
  alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
    QTextTableCell,
)

from app.reports.paging import Band, Cut, Keep, Strip

SMALL_TABLE_SHARE = 0.3
"""A table or row shorter than this share of a page is moved whole rather than cut."""
MIN_LINES = 1
"""A paragraph cut across two pages leaves at least this many lines on each. Two would
be the typesetter's choice, but it costs the policy its second page (US Letter, with one
stance changed): the house rule stays as it was, one."""
KEEP_WITH_PREVIOUS = "keep-with-previous"
"""Anchor name that ties a block to the section before it (see the module docstring)."""
LINE_SEPARATOR = "\u2028"
"""What Qt puts in a paragraph for a <br>."""
CSS_DPI = 96.0
"""Qt scales CSS pixels (paddings, borders) by the device's DPI over this."""


Reached = Callable[[int], None]


@dataclass(frozen=True)
class _Line:
    band: Band
    position: int
    """Document position of the line's first character."""


@dataclass
class _Item:
    """A top-level block or frame, as far as paging needs it."""

    top: float
    bottom: float
    cuts: list[Cut]
    """Cuts inside the item."""
    heading: bool = False
    keeps_with_previous: bool = False
    block: QTextBlock | None = None
    breaks: tuple[bool, bool] = (False, False)
    """Whether the template asks for a page break before it, and after it."""


def _page_breaks(policy: QTextFormat.PageBreakFlag) -> tuple[bool, bool]:
    flags = QTextFormat.PageBreakFlag
    return bool(policy & flags.PageBreak_AlwaysBefore), bool(policy & flags.PageBreak_AlwaysAfter)


def _lines(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> list[_Line]:
    rect = layout.blockBoundingRect(block)
    text_layout = block.layout()
    lines = []
    for index in range(text_layout.lineCount()):
        line = text_layout.lineAt(index)
        top = rect.top() + line.y()
        lines.append(_Line(Band(top, top + line.height()), block.position() + line.textStart()))
    return lines


def _is_heading(block: QTextBlock) -> bool:
    return block.blockFormat().headingLevel() > 0


def _keeps_with_previous(block: QTextBlock) -> bool:
    iterator = block.begin()
    return (
        not iterator.atEnd()
        and KEEP_WITH_PREVIOUS in iterator.fragment().charFormat().anchorNames()
    )


def _splittable(block: QTextBlock) -> bool:
    """Whether `block` can be split in two without changing how it looks (a list item
    would gain a second bullet)."""
    return block.textList() is None


def _frame_blocks(first: QTextBlock, last_position: int) -> Iterator[QTextBlock]:
    block = first
    while block.isValid() and block.position() <= last_position:
        yield block
        block = block.next()


def _cell_blocks(document: QTextDocument, cell: QTextTableCell) -> Iterator[QTextBlock]:
    return _frame_blocks(document.findBlock(cell.firstPosition()), cell.lastPosition())


@dataclass
class _Row:
    blocks: list[list[_Line]]
    """The lines of each block of the row's cells."""
    paddings: tuple[float, float, float, float]
    """Top padding, top border, bottom padding, bottom border, in device pixels."""
    content: Band = field(init=False)
    """From the top of the row's first line to the bottom of its last."""

    def __post_init__(self) -> None:
        bands = [line.band for block in self.blocks for line in block]
        self.content = Band(min(b.top for b in bands), max(b.bottom for b in bands))

    @property
    def lines(self) -> list[_Line]:
        return [line for block in self.blocks for line in block]


def _cell_padding(table: QTextTable, cell: QTextTableCell, prop: QTextFormat.Property) -> float:
    cell_format = cell.format()
    if cell_format.hasProperty(prop):
        return float(cell_format.doubleProperty(prop))
    return float(table.format().cellPadding())


def _row(
    document: QTextDocument, table: QTextTable, row: int, scale: float, above: _Row | None
) -> _Row:
    """A row's laid-out lines with its paddings and borders. A row without text (a
    spacer) borrows the position of the row `above`."""
    layout = document.documentLayout()
    blocks: list[list[_Line]] = []
    pads = [0.0, 0.0, 0.0, 0.0]
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if not cell.isValid() or cell.row() != row or cell.column() != column:
            continue
        blocks.extend(
            lines for block in _cell_blocks(document, cell) if (lines := _lines(layout, block))
        )
        cell_format = cell.format().toTableCellFormat()
        pads = [
            max(pads[0], _cell_padding(table, cell, QTextFormat.Property.TableCellTopPadding)),
            max(pads[1], cell_format.topBorder()),
            max(pads[2], _cell_padding(table, cell, QTextFormat.Property.TableCellBottomPadding)),
            max(pads[3], cell_format.bottomBorder()),
        ]
    if not blocks:
        previous = above.content.bottom if above else 0.0
        blocks = [[_Line(Band(previous, previous), -1)]]
    return _Row(blocks, (pads[0] * scale, pads[1] * scale, pads[2] * scale, pads[3] * scale))


def _rows(document: QTextDocument, table: QTextTable, scale: float) -> list[_Row]:
    rows: list[_Row] = []
    for row in range(table.rows()):
        rows.append(_row(document, table, row, scale, rows[-1] if rows else None))
    return rows


def _spanned_rows(table: QTextTable) -> set[int]:
    """Rows a cell from an earlier row reaches into: the table cannot be cut above them."""
    spanned: set[int] = set()
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.isValid() and cell.row() == row and cell.rowSpan() > 1:
                spanned.update(range(row + 1, row + cell.rowSpan()))
    return spanned


def _row_cuts(row: _Row, header: Band | None) -> Iterator[Cut]:
    """Cuts between the lines of a tall row: where no line of any of its cells crosses,
    with the cell paragraphs to split there."""
    ordered = sorted((line.band for line in row.lines), key=lambda band: band.top)
    reach = ordered[0].bottom
    for band in ordered[1:]:
        if band.top >= reach:
            splits = tuple(
                below.position
                for lines in row.blocks
                for above, below in pairwise(lines)
                if above.band.bottom <= reach and below.band.top >= band.top
            )
            yield Cut(reach, band.top, True, header, splits)
        reach = max(reach, band.bottom)


def _table_item(
    document: QTextDocument, table: QTextTable, page_height: float, scale: float
) -> _Item | None:
    if table.rows() == 0:
        return None
    first = _row(document, table, 0, scale, None)
    last = _row(document, table, table.rows() - 1, scale, first)
    top = first.content.top - first.paddings[0] - first.paddings[1]
    bottom = last.content.bottom + last.paddings[2] + last.paddings[3]
    if bottom - top < page_height * SMALL_TABLE_SHARE:
        return _Item(top, bottom, [])  # moved whole: its rows do not matter
    rows = _rows(document, table, scale)
    edges = [first.content.top - first.paddings[0] - first.paddings[1]]
    for above, below in pairwise(rows):
        gap = Band(above.content.bottom, below.content.top)
        edge = below.content.top - below.paddings[0]
        edges.append(min(max(edge, gap.top), gap.bottom) if gap.height >= 0 else gap.top)
    item = _Item(edges[0], bottom, [])
    header_rows = min(table.format().headerRowCount(), len(rows) - 1)
    header = Band(edges[0], edges[header_rows]) if header_rows else None
    spanned = _spanned_rows(table)
    for index, row in enumerate(rows):
        if index > header_rows and index not in spanned:
            item.cuts.append(Cut(edges[index], edges[index], True, header))
        if index >= header_rows and row.content.height > page_height * SMALL_TABLE_SHARE:
            item.cuts.extend(_row_cuts(row, header))
    item.cuts.sort(key=lambda cut: cut.end)
    return item


def _frame_item(document: QTextDocument, frame: QTextFrame) -> _Item | None:
    """A frame other than a table: never cut."""
    layout = document.documentLayout()
    first = document.findBlock(frame.firstPosition())
    bands = [
        line.band
        for block in _frame_blocks(first, frame.lastPosition())
        for line in _lines(layout, block)
    ]
    if not bands:
        return None
    return _Item(min(b.top for b in bands), max(b.bottom for b in bands), [])


def _block_item(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> _Item | None:
    heading = _is_heading(block)
    if not block.text().strip() and not heading:
        return None  # an empty paragraph: white space, never a page's content
    lines = _lines(layout, block)
    if not lines:
        return None
    cuts = [
        Cut(
            above.band.bottom,
            below.band.top,
            not heading and MIN_LINES <= index <= len(lines) - MIN_LINES,
            None,
            (below.position,) if _splittable(block) else (),
        )
        for index, (above, below) in enumerate(pairwise(lines), start=1)
    ]
    first, last = lines[0].band, lines[-1].band
    breaks = _page_breaks(block.blockFormat().pageBreakPolicy())
    return _Item(first.top, last.bottom, cuts, heading, _keeps_with_previous(block), block, breaks)


def _items(
    document: QTextDocument, page_height: float, scale: float, reached: Reached | None
) -> Iterator[_Item]:
    layout = document.documentLayout()
    iterator = document.rootFrame().begin()
    while not iterator.atEnd():
        frame = iterator.currentFrame()
        if reached is not None:
            reached(frame.firstPosition() if frame else iterator.currentBlock().position())
        item: _Item | None
        if isinstance(frame, QTextTable):
            item = _table_item(document, frame, page_height, scale)
        elif frame is not None:
            item = _frame_item(document, frame)
        else:
            item = _block_item(layout, iterator.currentBlock())
        if item is not None:
            if frame is not None:
                item.breaks = _page_breaks(frame.frameFormat().pageBreakPolicy())
            yield item
        iterator += 1


@dataclass
class ReadStrip:
    strip: Strip
    headings: list[tuple[QTextBlock, float]]
    """Every top-level heading block with the top of its first line, in order."""


def read_strip(
    document: QTextDocument, page_height: float, scale: float, reached: Reached | None = None
) -> ReadStrip:
    """The cuts of `document` (laid out as one strip) and the keep rules between them;
    `scale` turns CSS pixels into device pixels.

    Qt lays the document out as far as it is asked about, so this walk is also what lays
    it out; `reached(position)` is told how far it has got, for a progress bar."""
    cuts: list[Cut] = []
    keeps: list[Keep] = []
    headings: list[tuple[QTextBlock, float]] = []
    previous: _Item | None = None
    top = bottom = 0.0
    section_cut: int | None = None
    """The cut before the heading run that starts the current section."""
    run_cut: int | None = None
    for item in _items(document, page_height, scale, reached):
        if previous is None:
            top = item.top
        else:
            forced = previous.breaks[1] or item.breaks[0]
            cuts.append(Cut(previous.bottom, item.top, not previous.heading, forced=forced))
            here = len(cuts) - 1
            if item.heading and not previous.heading:
                run_cut = here
            start_of_run = run_cut if item.heading and run_cut is not None else here
            if item.keeps_with_previous and section_cut is not None:
                keeps.append(Keep(section_cut, section_cut + 1, start_of_run))
            if item.heading and not previous.heading:
                section_cut = here
        if item.heading and item.block is not None:
            headings.append((item.block, item.top))
        cuts.extend(item.cuts)
        bottom = max(bottom, item.bottom)
        previous = item
    return ReadStrip(Strip(cuts, keeps, top, bottom), headings)


def split_blocks(document: QTextDocument, positions: set[int]) -> None:
    """Split the paragraphs at `positions` (each the start of a line) in two, in one edit:
    the second part starts where the line did, with no margin or indent between, so
    nothing moves on the page."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        for position in sorted(positions, reverse=True):
            cursor.setPosition(position)
            block = cursor.block()
            if position <= block.position():
                continue
            if document.characterAt(position - 1) == LINE_SEPARATOR:
                cursor.deletePreviousChar()  # a <br>: the new paragraph takes its place
            above = block.blockFormat()
            below = block.blockFormat()
            below.setTopMargin(0)
            below.setTextIndent(0)
            below.setHeadingLevel(0)
            cursor.insertBlock(below, cursor.charFormat())
            above.setBottomMargin(0)
            QTextCursor(cursor.block().previous()).setBlockFormat(above)
    finally:
        cursor.endEditBlock()
