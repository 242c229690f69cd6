"""The reports' PDFs read as they print: read back from the text layer (pypdf), the demo
policy, the demo audit and a 50-account audit have no page without body text above the
footer, every heading once and in reading order, and addresses copied as printed."""

from __future__ import annotations

import html as html_lib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from app.reports.documents import RenderedReport, render_audit, render_pdf, render_policy
from app.reports.pdf import PageSize, PdfDocument
from app.services.checklists import load_default_catalog
from app.services.separation import current_warnings
from app.store.database import Database
from tests.many_accounts import add_accounts
from tests.test_reports_fixture import NOW, PRACTICE, AccountSpec, populate, with_a_revised_item

pytestmark = pytest.mark.usefixtures("qapp")
DEMO_ACCOUNTS = (
    AccountSpec("Personal", "facebook", "Jane Doe"),
    AccountSpec("Personal", "instagram", "@jane.doe"),
    AccountSpec("Professional", "facebook-page", "Riverside Counselling"),
    AccountSpec("Professional", "linkedin", "Dr Jane Doe"),
)
FOOTER_PT = 7.5
HEADING_PT = 10.5
"""Headings are bold, 11 pt and more; body text is 10 pt, tables 9 pt, the footer 7.5 pt."""


@dataclass
class Printed:
    """A report and its PDF, read back once."""

    report: RenderedReport
    pdf: PdfDocument

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf.data))

    @cached_property
    def runs(self) -> list[list[tuple[float, bool, str]]]:
        return [runs(page) for page in self.reader.pages]

    @cached_property
    def texts(self) -> list[str]:
        return [" ".join(text for _, _, text in page_runs) for page_runs in self.runs]


def runs(page: PageObject) -> list[tuple[float, bool, str]]:
    """Each piece of text on `page` with its size in points and whether it is bold, in
    content order."""
    found: list[tuple[float, bool, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            bold = isinstance(font, dict) and "Bold" in str(font.get("/BaseFont", ""))
            found.append((size * abs(tm[3]) * abs(cm[3]), bold, text))

    page.extract_text(visitor_text=visit)
    return found


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html_headings(html: str) -> Iterator[str]:
    """The headings of a report's HTML, without the asides in lighter type that the
    templates put in a classed <span> (the bold rest is what the outline lists)."""
    for match in re.finditer(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.DOTALL):
        inner = re.sub(r'<span class="[^"]*">.*?</span>', "", match.group(1), flags=re.DOTALL)
        yield " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", inner)).split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    catalog = with_a_revised_item(load_default_catalog())
    folder: Path = tmp_path_factory.mktemp("text-layer")
    with Database.open(folder / "demo.sqlite3") as db:
        populate(db, catalog, tuple(a for a in DEMO_ACCOUNTS if catalog.get(a.checklist_id)))
        warnings = current_warnings(db, catalog, NOW, keyring_available=False)
        reports = {
            "policy": render_policy(db, catalog, NOW),
            "audit": render_audit(db, catalog, NOW, warnings=warnings),
        }
        add_accounts(db, catalog, 50)
        warnings = current_warnings(db, catalog, NOW, keyring_available=False)
        reports["audit-50"] = render_audit(db, catalog, NOW, warnings=warnings)
    return {
        name: Printed(report, render_pdf(report, PageSize.A4)) for name, report in reports.items()
    }


NAMES = ["policy", "audit", "audit-50"]


@pytest.mark.parametrize("name", NAMES)
def test_no_page_is_blank_above_its_footer(printed: dict[str, Printed], name: str) -> None:
    document = printed[name]
    pages = len(document.reader.pages)
    assert pages == document.pdf.pages > 1
    for number, (page_runs, text) in enumerate(zip(document.runs, document.texts, strict=True)):
        body = [text for size, _, text in page_runs if size > FOOTER_PT + 0.1]
        assert body, f"{name}: page {number + 1} has nothing but its footer"
        assert squash(f"Page {number + 1} of {pages}") in squash(text)


@pytest.mark.parametrize("name", NAMES)
def test_every_heading_is_in_the_text_once_and_in_order(
    printed: dict[str, Printed], name: str
) -> None:
    document = printed[name]
    big = "".join(
        text
        for page_runs in document.runs
        for size, bold, text in page_runs
        if bold and size > HEADING_PT
    )
    headings = list(html_headings(document.report.html))
    assert len(headings) > 8
    expected = squash(PRACTICE.name + "".join(headings))  # the letterhead's name is large too
    assert squash(big) == expected


def is_account_heading(heading: str) -> bool:
    """ "Instagram · @handle (Persona)", or "Instagram (Persona)" when the handle is left out."""
    return "·" in heading or re.fullmatch(r".+ \([^()]+\)", heading) is not None


def test_the_50_account_audit_has_every_account_heading(printed: dict[str, Printed]) -> None:
    headings = list(html_headings(printed["audit-50"].report.html))
    assert sum(is_account_heading(heading) for heading in headings) >= 50


@pytest.mark.parametrize("name", ["policy", "audit"])
def test_addresses_copy_as_printed(printed: dict[str, Printed], name: str) -> None:
    """No ligature glyphs: "office@" is not read back as "oﬃce@"."""
    text = "".join(printed[name].texts)
    assert PRACTICE.email in text
    assert not re.search("[\ufb00-\ufb06]", text), "a ligature glyph is in the text layer"


def outline_titles(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
                found.append((depth, str(item.title), page))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def test_the_outline_lists_every_section_persona_and_account(printed: dict[str, Printed]) -> None:
    document = printed["audit-50"]
    entries = outline_titles(document.reader)
    headings = list(html_headings(document.report.html))[1:]  # the title is the document's
    assert [title for _, title, _ in entries] == headings
    accounts = [(d, title, page) for d, title, page in entries if is_account_heading(title)]
    assert len(accounts) == 50 and {depth for depth, _, _ in accounts} == {1}
    assert {title for depth, title, _ in entries if depth == 0} >= {
        "Overview",
        "Separation warnings",
        "Personal",
        "Professional",
        "Signature",
    }
    for _, title, page in entries:
        assert squash(title) in squash(document.texts[page]), f"{title} is on its page"


def test_the_policy_outline_lists_its_sections(printed: dict[str, Printed]) -> None:
    entries = outline_titles(printed["policy"].reader)
    assert [title for _, title, _ in entries][:2] == [
        "1. Friend and follow requests",
        "2. Interacting and messaging on social platforms",
    ]
    assert entries[-1][1] == "Your acknowledgement" and entries[-1][2] == 1


def xmp_value(xmp: str, name: str) -> str | None:
    """An XMP property written as an attribute or as a simple element."""
    found = re.search(rf'{name}="([^"]*)"', xmp) or re.search(rf"<{name}>([^<]*)</{name}>", xmp)
    return found.group(1) if found else None


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_declares_pdf_a_1b_and_keeps_to_it(printed: dict[str, Printed], name: str) -> None:
    """What can be checked here without a validator: the PDF/A-1b declarations, and the
    PDF/A-1 rules the outline post-processing could break."""
    data = printed[name].pdf.data
    reader = printed[name].reader
    root = reader.trailer["/Root"]
    assert data.startswith(b"%PDF-1.4\n%") and data[10:14] >= b"\x80\x80\x80\x80"
    assert root["/Lang"] == "en"
    metadata = root["/Metadata"].get_object()
    assert "/Filter" not in metadata, "PDF/A-1 wants the XMP stream uncompressed"
    xmp = metadata.get_data().decode("utf-8")
    assert (xmp_value(xmp, "pdfaid:part"), xmp_value(xmp, "pdfaid:conformance")) == ("1", "B")
    info = reader.trailer["/Info"]
    assert xmp_value(xmp, "pdf:Producer") == info["/Producer"]
    assert xmp_value(xmp, "xmp:CreatorTool") == info["/Creator"]
    assert f">{info['/Title']}</rdf:li>" in xmp and f">{info['/Author']}</rdf:li>" in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert "/ID" in reader.trailer and "/Encrypt" not in reader.trailer
    assert b"/ObjStm" not in data and b"/XRef" not in data and b"\nxref\n" in data
    assert not re.search(rb"[^d]stream(?!\r?\n)|[^\r\n]endstream|[^\r\n]endobj", data)
    assert data.endswith(b"%%EOF\n")
    for page in reader.pages:
        resources = page["/Resources"]
        for state in (resources.get("/ExtGState") or {}).values():
            state = state.get_object()
            assert state.get("/ca", 1) == 1 and state.get("/CA", 1) == 1, "no transparency"
            assert state.get("/SMask", "/None") == "/None"
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for part in font.get("/DescendantFonts", [font]):
                descriptor = part.get_object()["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "embedded"
                assert "/CIDSet" in descriptor or font["/Subtype"] != "/Type0"
