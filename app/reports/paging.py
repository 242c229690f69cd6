"""Where the pages of a report break, decided in one pass (plain Python, no Qt).

A report is laid out once as a single long strip, as wide as the page and with no pages
at all (`app.reports.breaks` reads that layout). What paging needs of it is a list of
`Cut`s, the places the strip could be cut in increasing order: between two lines,
between two blocks, between two table rows, each marked allowed or not by the house rules,
and a few `Keep`s that tie a block to the section before it.

`plan_pages` then fills each page with as much as fits, up to the last allowed cut:
greedy, and linear in the document. A kept block that would begin a page takes its
section along when that section starts on the same page below its top. When nothing
allowed fits (a table row taller than a page), the page is cut at the last clean place,
between two lines, so that no page is ever empty; only a single line taller than a
whole page is ever cut through.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

MAX_HEADER_SHARE = 0.25
"""A table header taller than this share of a page is not repeated on the next page."""
TOP_SLACK_SHARE = 0.04
"""A section this close to the top of a page is already as high as it can go."""


@dataclass(frozen=True)
class Band:
    """A horizontal band of the laid-out strip, from `top` to `bottom`."""

    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Cut:
    """A place the strip can be cut: the page before ends at `end`, the next page starts
    at `start` (the white space between is dropped); `allowed` is False where a rule
    forbids a page break; `header` is repeated above `start` (a continued table).

    `splits` are the document positions of lines that begin right after a cut made
    inside a paragraph: Qt paints the line above a window onto the strip too (clipped
    out of sight, but its text is in the PDF), so a page may only begin with a block's
    first line and the block is split there (`app.reports.breaks.split_blocks`)."""

    end: float
    start: float
    allowed: bool = True
    header: Band | None = None
    splits: tuple[int, ...] = ()
    forced: bool = False
    """The template asks for a page break here (CSS `page-break-before` or `-after`)."""


@dataclass(frozen=True)
class Keep:
    """Cuts `first`..`last` (indexes) move back to cut `to` when it is on the same page:
    the section that starts after cut `to` stays with the kept block after cut `last`."""

    to: int
    first: int
    last: int


@dataclass(frozen=True)
class Page:
    """One printed page: the band of the strip it shows and, on a page that continues a
    table, the band of that table's header rows, drawn first."""

    body: Band
    header: Band | None = None
    splits: tuple[int, ...] = ()
    """The `Cut.splits` of the cut this page starts at."""

    @property
    def height(self) -> float:
        return self.body.height + (self.header.height if self.header else 0.0)


@dataclass
class Strip:
    """A laid-out document as paging sees it."""

    cuts: list[Cut]
    keeps: list[Keep]
    top: float
    bottom: float


def plan_pages(strip: Strip, page_height: float) -> list[Page]:
    """Fill pages greedily from `strip`'s cuts; every page holds some of the document."""
    cuts = strip.cuts
    ends = list(accumulate((cut.end for cut in cuts), max))  # sorted, for bisect
    keep_at: dict[int, Keep] = {}
    for keep in strip.keeps:
        for index in range(keep.first, keep.last + 1):
            keep_at.setdefault(index, keep)
    forced = [index for index, cut in enumerate(cuts) if cut.forced]
    pages: list[Page] = []
    start, header, after = strip.top, None, -1
    splits: tuple[int, ...] = ()
    """The page begins at `start`, below `header`; cuts up to index `after` are used."""
    while True:
        if header is not None and header.height > page_height * MAX_HEADER_SHARE:
            header = None  # a header that tall is not worth repeating (and may not fit)
        room = page_height - (header.height if header else 0.0)
        last_fitting = bisect.bisect_right(ends, start + room, lo=after + 1) - 1
        candidates = range(last_fitting, after, -1)
        chosen = _forced(forced, cuts, after, last_fitting, start)
        if chosen is None and strip.bottom - start <= room:
            pages.append(Page(Band(start, strip.bottom), header, splits))
            return pages
        if chosen is None:
            chosen = next((i for i in candidates if cuts[i].allowed and cuts[i].end > start), None)
            if chosen is not None:
                chosen = _apply_keeps(chosen, keep_at, cuts, start, after, page_height)
        if chosen is None:
            chosen = next((i for i in candidates if cuts[i].end > start), None)
        if chosen is None:  # nothing fits at all: a single line taller than the page
            pages.append(Page(Band(start, start + room), header, splits))
            start, splits = start + room, ()
            continue
        cut = cuts[chosen]
        pages.append(Page(Band(start, cut.end), header, splits))
        start, header, splits, after = cut.start, cut.header, cut.splits, chosen


def _forced(
    forced: list[int], cuts: list[Cut], after: int, last_fitting: int, start: float
) -> int | None:
    """The first page break the template asks for on this page, if any (one right at
    the top of the page is already honoured)."""
    position = bisect.bisect_right(forced, after)
    while position < len(forced) and forced[position] <= last_fitting:
        if cuts[forced[position]].end > start:
            return forced[position]
        position += 1
    return None


def _apply_keeps(
    chosen: int,
    keep_at: dict[int, Keep],
    cuts: list[Cut],
    start: float,
    after: int,
    page_height: float,
) -> int:
    """Move a cut that would leave a kept block without its section back to the start of
    that section, while the section begins on this page, below its top; a chain of kept
    blocks moves together."""
    while (keep := keep_at.get(chosen)) is not None:
        if keep.to <= after or cuts[keep.to].end - start <= page_height * TOP_SLACK_SHARE:
            break
        chosen = keep.to
    return chosen


def page_of(pages: list[Page], y: float) -> int:
    """The index of the page that shows strip position `y`."""
    tops = [page.body.top for page in pages]
    return max(0, bisect.bisect_right(tops, y) - 1)
