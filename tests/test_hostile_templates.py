"""A user's own report template cannot hang or crash a report, nor read files outside its
folder: each is stopped with one line naming the template."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.reports import templating
from app.reports.documents import render_audit, render_pdf, render_policy
from app.reports.templating import ReportError, render_html
from app.store.database import Database
from tests.test_reports_fixture import synthetic_catalog

FIXED = {"report": object()}


def _folder(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "policy.html.j2").write_text(body, encoding="utf-8")
    return folder


def test_a_runaway_loop_is_stopped_within_the_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "TIME_BUDGET_S", 0.5)
    folder = _folder(
        tmp_path,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    started = time.monotonic()
    with pytest.raises(ReportError, match=r"policy.html.j2.*seconds and was stopped"):
        render_html("policy.html.j2", object(), template_dir=folder)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "expression", ["{{ 'A' * 10**9 }}", "{{ 2 ** 100000000 }}", "{{ [1] * 10**8 }}"]
)
def test_huge_values_are_refused_with_one_line(tmp_path: Path, expression: str) -> None:
    folder = _folder(tmp_path, expression)
    with pytest.raises(ReportError) as caught:
        render_html("policy.html.j2", object(), template_dir=folder)
    assert "policy.html.j2" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_output_over_the_size_budget_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "OUTPUT_BUDGET", 100_000)
    folder = _folder(tmp_path, "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}")
    with pytest.raises(ReportError, match="produced more than"):
        render_html("policy.html.j2", object(), template_dir=folder)


def test_the_shipped_templates_still_render(db: Database) -> None:
    assert "<html" in render_policy(db, synthetic_catalog()).html


def test_a_template_cannot_embed_a_file_from_outside_its_folder(
    db: Database, tmp_path: Path, qapp: object
) -> None:
    from PySide6.QtGui import QColor, QImage

    secret_image = tmp_path / "elsewhere" / "private.png"
    secret_image.parent.mkdir()
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(secret_image))
    folder = tmp_path / "templates"
    folder.mkdir()
    image.save(str(folder / "logo.png"))
    inside = render_pdf(
        render_audit(db, synthetic_catalog(), template_folder=_with_img(folder, "logo.png"))
    )
    outside = render_pdf(
        render_audit(
            db, synthetic_catalog(), template_folder=_with_img(folder, secret_image.as_uri())
        )
    )
    plain = render_pdf(render_audit(db, synthetic_catalog()))
    assert b"/Width 40" in inside.data, "an image in the template folder is used"
    assert b"/Width 40" not in outside.data, "a file elsewhere is never read into the PDF"
    assert b"/Width 40" not in plain.data


def _with_img(folder: Path, source: str) -> Path:
    (folder / "audit.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}'
        f'<p>Logo</p><img src="{source}" width="40" height="40">'
        "{% endblock %}",
        encoding="utf-8",
    )
    return folder


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_pipe_in_the_template_folder_is_refused_at_once(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "policy.html.j2")
    with pytest.raises(ReportError, match="not an ordinary file"):
        render_html("policy.html.j2", object(), template_dir=folder)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ report }}", "prints the policy as a whole"),
        ("{{ report.nope }}", "the policy has no 'nope'"),
        ("{{ report.practice.fax }}", "the practice has no 'fax'"),
        ("{% for s in report.sections %}{{ s.heading }}{% endfor %}", "policy section has no"),
        ("{{ report.sections }}", "a list of policy sections"),
        ("{{ nothing.here }}", "'nothing' is not something a report template knows"),
    ],
)
def test_a_broken_template_is_described_in_plain_words(
    db: Database, tmp_path: Path, body: str, expected: str
) -> None:
    folder = _folder(tmp_path, "<p>\n" + body + "\n</p>")
    with pytest.raises(ReportError) as caught:
        render_policy(db, synthetic_catalog(), template_folder=folder)
    message = str(caught.value)
    assert expected in message
    assert "line 2" in message
    for internal in ("object", "app.services", "View", "<", "Undefined"):
        assert internal not in message
