"""`tightrope report policy | audit`: files written, exit codes, and no window needed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.services.reports import TEMPLATE_DIR_SETTING
from app.store.database import Database

pytestmark = pytest.mark.usefixtures("qapp")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def practice(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for argv in (
        ("practice", "set", "name", "Riverside Counselling"),
        ("personas", "add", "Work", "--kind", "professional"),
        ("accounts", "add", "Work", "example", "Riverside Page"),
    ):
        assert run(capsys, *argv)[0] == 0
    return cli_env


def test_policy_to_pdf_and_html(
    practice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, html = tmp_path / "policy.pdf", tmp_path / "policy.html"
    code, out, err = run(
        capsys, "report", "policy", "--pdf", str(pdf), "--html", str(html), "--page-size", "letter"
    )
    assert (code, err) == (0, "")
    assert f"Saved {pdf} (" in out and "US Letter)" in out
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Riverside Counselling" in " ".join((reader.pages[0].extract_text() or "").split())
    assert "Riverside Page" in html.read_text(encoding="utf-8")
    if os.name == "posix":
        assert pdf.stat().st_mode & 0o077 == 0, "reports are readable by the user alone"


def test_audit_to_pdf(practice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "audit.pdf"
    code, out, _ = run(capsys, "report", "audit", "--pdf", str(pdf))
    assert code == 0 and "A4)" in out
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages)
    assert "Privacy audit summary" in text and "Riverside Page" in text


def test_nowhere_to_save_is_a_usage_error(
    practice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report", "audit"])
    assert caught.value.code == 2
    assert "--pdf FILE, --html FILE, or both" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["report", "policy", "--pdf", "x.pdf", "--page-size", "a5"])
    assert caught.value.code == 2


def test_missing_folder_fails_cleanly_and_leaves_nothing(
    practice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "policy.pdf"
    code, _, err = run(capsys, "report", "policy", "--pdf", str(target))
    assert code == 1
    assert "the folder" in err and "does not exist" in err and "Traceback" not in err
    assert not target.parent.exists()


def test_template_errors_exit_1_with_template_and_line(
    practice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "policy.html.j2").write_text(
        "<h1>{{ report.title }}</h1>\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8"
    )
    pdf = tmp_path / "policy.pdf"
    code, _, err = run(capsys, "report", "policy", "--pdf", str(pdf), "--templates", str(templates))
    assert code == 1
    assert "'policy.html.j2', line 2" in err and "Traceback" not in err
    assert not pdf.exists()


def test_template_folder_from_the_app_setting(
    practice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "policy.html.j2").write_text(
        "<p>Our own policy for {{ report.practice.name }}</p>", encoding="utf-8"
    )
    with Database.open(practice / "tightrope.sqlite3") as db:
        db.set_setting(TEMPLATE_DIR_SETTING, str(templates))
    html = tmp_path / "policy.html"
    assert run(capsys, "report", "policy", "--html", str(html))[0] == 0
    assert html.read_text(encoding="utf-8") == "<p>Our own policy for Riverside Counselling</p>"


def test_runs_without_a_display_and_without_importing_qt_for_html(
    practice: Path, tmp_path: Path
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    pdf, html = tmp_path / "p.pdf", tmp_path / "p.html"
    script = (
        "import sys; from app.cli import main; "
        f"code = main(['report', 'policy', '--html', {str(html)!r}]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; "
        f"code |= main(['report', 'policy', '--pdf', {str(pdf)!r}]); "
        "sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_pdf_shows_its_progress_on_a_terminal(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.commands import report

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(report, "PROGRESS_AFTER_S", 0.0)
    pdf = tmp_path / "audit.pdf"
    assert main(["report", "audit", "--pdf", str(pdf)]) == 0
    written = terminal.getvalue()
    pages = len(PdfReader(str(pdf)).pages)
    assert "\rLaying out the pages… 0%" in written
    assert f"\rWriting page {pages} of {pages}… 100%" in written
    assert written.endswith("\r"), "the progress line is wiped when the PDF is saved"
    assert "Saved" not in written, "the result still goes to stdout"


def test_progress_waits_a_moment_and_stays_off_pipes() -> None:
    from app.commands.report import TerminalProgress

    now = [0.0]
    terminal = FakeTerminal()
    progress = TerminalProgress(terminal, after=1.0, clock=lambda: now[0])
    progress(10, "Laying out the pages")
    assert terminal.getvalue() == "", "a quick document shows nothing"
    now[0] = 1.5
    progress(60, "Writing page 3 of 5")
    progress(100, "Writing page 5 of 5")
    progress.close()
    assert terminal.getvalue() == (
        "\rWriting page 3 of 5… 60%\rWriting page 5 of 5… 100%\r" + " " * 25 + "\r"
    )
    piped = io.StringIO()
    quiet = TerminalProgress(piped, after=0.0, clock=lambda: 5.0)
    quiet(50, "Writing page 1 of 2")
    quiet.close()
    assert piped.getvalue() == ""
