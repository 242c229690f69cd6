"""Hostile text prints as the literal text, and a user's own templates run sandboxed,
with errors that name the template and the line instead of a traceback."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter

from app.reports.documents import render_audit, render_pdf, render_policy
from app.reports.pdf import PDF_RESOLUTION, PageSize, layout_document
from app.reports.templating import ReportError
from app.store.database import Database
from tests.test_reports_fixture import (
    NOW,
    PRACTICE,
    SYNTHETIC_ACCOUNTS,
    AccountSpec,
    populate,
    synthetic_catalog,
)

SCRIPT = "<script>alert('x')</script>"
TEMPLATE_CODE = "{{ 7*7 }}"
RTL = "שלום עולם مرحبا"
EMOJI = "🧠💬"
LONG_WORD = "Supercalifragilistic" * 12
HOSTILE = f"{SCRIPT} {TEMPLATE_CODE} Smith & Jones {RTL} {EMOJI} {LONG_WORD}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> str:
    return "".join(squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def laid_out_width(html: str, size: PageSize) -> tuple[float, float]:
    """How wide the laid-out text is, and how wide the page leaves room for."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(size.qt)
    writer.setResolution(PDF_RESOLUTION)
    paged = layout_document(html, writer, PDF_RESOLUTION)
    return paged.document.documentLayout().documentSize().width(), paged.width


@pytest.fixture
def hostile_db(db: Database) -> Database:
    practice = replace(
        PRACTICE,
        name=f"{SCRIPT} & {TEMPLATE_CODE}",
        clinicians=(f"Dr {RTL}", f"{EMOJI} {LONG_WORD}"),
        emergency_wording=f"Call {TEMPLATE_CODE} & {SCRIPT}",
        crisis_line=f"{RTL} 988 {EMOJI}",
        stances={"check-ins": f"Please {TEMPLATE_CODE} {SCRIPT} do not check in & {LONG_WORD}"},
    )
    accounts = (
        *SYNTHETIC_ACCOUNTS[:2],
        AccountSpec("Professional", "example-pro", f"{SCRIPT}{EMOJI}", f"https://{LONG_WORD}"),
        SYNTHETIC_ACCOUNTS[3],
    )
    populate(db, synthetic_catalog(), accounts, practice, note=HOSTILE)
    return db


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("render", [render_policy, render_audit])
def test_hostile_text_prints_literally(hostile_db: Database, render: object) -> None:
    report = render(hostile_db, synthetic_catalog(), NOW)  # type: ignore[operator]
    html = report.html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert TEMPLATE_CODE in html and "49" not in re.sub(r"<[^>]+>", "", html).split("Prepared")[0]
    assert "&amp; {{ 7*7 }}" in html
    assert RTL in html and EMOJI in html and LONG_WORD in html

    for size in PageSize:
        text = pdf_text(render_pdf(report, size).data)
        assert squash(SCRIPT) in text
        assert squash(TEMPLATE_CODE) in text
        assert squash(LONG_WORD) in text
        assert "שלום" in text or "םולש" in text
        used, room = laid_out_width(html, size)
        assert used <= room + 1, "the long word pushes text off the paper"


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def user_render(db: Database, folder: Path) -> str:
    return render_policy(db, synthetic_catalog(), NOW, template_folder=folder).html


@pytest.mark.parametrize(
    "code",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ report.__class__.__init__.__globals__ }}",
        "{{ report.practice.__dict__ }}",
        "{% set items = [] %}{{ items.append(1) }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_user_template_cannot_reach_python_internals(
    db: Database, tmp_path: Path, code: str
) -> None:
    write(tmp_path, "policy.html.j2", f"<p>Hello</p>\n<p>{code}</p>\n")
    with pytest.raises(ReportError) as caught:
        user_render(db, tmp_path)
    message = str(caught.value)
    assert "'policy.html.j2', line 2" in message
    assert caught.value.template == "policy.html.j2" and caught.value.line == 2
    assert "Traceback" not in message


def test_misspelt_variable_is_an_error_with_its_line(db: Database, tmp_path: Path) -> None:
    write(
        tmp_path,
        "policy.html.j2",
        "<h1>{{ report.title }}</h1>\n\n<p>{{ report.practise.name }}</p>",
    )
    with pytest.raises(ReportError) as caught:
        user_render(db, tmp_path)
    assert "'policy.html.j2', line 3" in str(caught.value)
    assert "practise" in str(caught.value)


def test_syntax_error_names_the_template_and_line(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "policy.html.j2", "<p>fine</p>\n{% if report.title %}\n<p>no endif</p>\n")
    with pytest.raises(ReportError) as caught:
        user_render(db, tmp_path)
    assert caught.value.template == "policy.html.j2"
    assert "not a valid template" in str(caught.value)


def test_user_template_escapes_and_can_extend_the_shipped_base(
    hostile_db: Database, tmp_path: Path
) -> None:
    write(
        tmp_path,
        "policy.html.j2",
        '{% extends "base.html.j2" %}{% block body %}<h1>Our own: {{ report.practice.name }}'
        "</h1>{% for s in report.sections %}<h2>{{ s.title }}</h2>{% endfor %}{% endblock %}",
    )
    html = user_render(hostile_db, tmp_path)
    assert "<h1>Our own: &lt;script&gt;" in html
    assert "<h2>Search engines</h2>" in html


def test_folder_without_a_report_uses_the_shipped_one_sandboxed(
    db: Database, tmp_path: Path
) -> None:
    write(tmp_path, "audit.html.j2", "<p>only the audit is mine</p>")
    assert "Friend and follow requests" in user_render(db, tmp_path)


def test_missing_template_folder_says_what_to_do(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"does not exist\. Choose another folder"):
        user_render(db, tmp_path / "gone")
