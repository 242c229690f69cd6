"""The page planner on its own (no Qt): for any strip of cuts, pages come in order, each
holds something, none holds more than fits unless nothing allowed does, forbidden cuts are
used only when nothing else fits, and a kept block takes its section along."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from app.reports.paging import Band, Cut, Keep, Strip, page_of, plan_pages

PAGE = 100.0


@st.composite
def strips(draw: st.DrawFn) -> Strip:
    """Lines of random heights, each boundary a cut (some forbidden, some with a header
    to repeat, some with a gap of white space that the next page drops)."""
    heights = draw(st.lists(st.floats(1, 40), min_size=1, max_size=120))
    cuts = []
    y = 0.0
    for height in heights[:-1]:
        y += height
        gap = draw(st.sampled_from([0.0, 0.0, 3.0]))
        header = Band(0.0, draw(st.floats(1, 20))) if draw(st.booleans()) else None
        cuts.append(Cut(y, y + gap, draw(st.booleans()), header))
        y += gap
    return Strip(cuts, [], 0.0, y + heights[-1])


@settings(max_examples=300, deadline=None)
@given(strips())
def test_pages_cover_the_strip_in_order_and_fit(strip: Strip) -> None:
    pages = plan_pages(strip, PAGE)
    assert pages[0].body.top == strip.top and pages[-1].body.bottom == strip.bottom
    starts = {cut.start for cut in strip.cuts}
    ends = {cut.end for cut in strip.cuts}
    for before, after in pairwise(pages):
        assert before.body.bottom > before.body.top, "no page is empty"
        assert after.body.top >= before.body.bottom
        if after.body.top in starts and before.body.bottom in ends:
            cut = next(c for c in strip.cuts if c.end == before.body.bottom)
            assert after.header == cut.header
    for page in pages:
        assert page.height <= PAGE + 1e-9, "a page holds no more than fits, header and all"


@settings(max_examples=300, deadline=None)
@given(strips())
def test_a_forbidden_cut_is_used_only_when_no_allowed_one_fits(strip: Strip) -> None:
    pages = plan_pages(strip, PAGE)
    for page, following in pairwise(pages):
        used = [
            c for c in strip.cuts if c.end == page.body.bottom and c.start == following.body.top
        ]
        if not used or used[0].allowed:
            continue
        room = PAGE - (page.header.height if page.header else 0.0)
        assert not any(
            c.allowed and page.body.top < c.end <= page.body.top + room for c in strip.cuts
        ), "an allowed cut fitted on the page"


def test_a_kept_block_takes_its_section_to_the_next_page() -> None:
    # 0-60 earlier text, a section from 60 (its heading cut is cut 5), a kept block at 95
    lines = [10.0, 20, 30, 40, 50, 60, 70, 80, 90, 95, 110]
    cuts = [Cut(y, y) for y in lines[:-1]]
    strip = Strip(cuts, [Keep(to=5, first=6, last=9)], 0.0, lines[-1])
    pages = plan_pages(strip, PAGE)
    assert [page.body for page in pages] == [Band(0, 60), Band(60, 110)]
    assert page_of(pages, 95) == page_of(pages, 60) == 1


def test_a_section_that_starts_at_the_top_of_a_page_is_not_moved() -> None:
    cuts = [Cut(y, y) for y in (1.0, 50, 95, 99)]
    strip = Strip(cuts, [Keep(to=0, first=1, last=3)], 0.0, 150)
    pages = plan_pages(strip, PAGE)
    assert pages[0].body == Band(0, 99), "moving would leave a nearly empty page"


def test_a_header_taller_than_a_page_is_not_repeated() -> None:
    header = Band(0.0, 150.0)
    cuts = [Cut(y, y, True, header) for y in (160.0, 170, 180, 250, 300)]
    pages = plan_pages(Strip(cuts, [], 0.0, 400), PAGE)
    assert all(page.header is None for page in pages) and pages[-1].body.bottom == 400
