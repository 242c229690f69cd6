"""`tightrope due`, run as a cron job or a shell prompt would run it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.reminders import TIMEZONE_SETTING
from app.store.database import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def setup(data: Path) -> tuple[int, int]:
    """A personal Instagram-like account never reviewed, and a professional one reviewed
    yesterday. Returns their ids."""
    with Database.open(data / "tightrope.sqlite3") as db:
        db.set_setting(TIMEZONE_SETTING, "Europe/London")
        personal = db.add_persona("Personal", PersonaKind.PERSONAL)
        work = db.add_persona("Work", PersonaKind.PROFESSIONAL, recheck_days=30)
        fresh = db.add_account(personal.id, "example", "@jane")
        done = db.add_account(work.id, "example", "Jane Counselling")
        yesterday = datetime.now(UTC) - timedelta(days=1)
        db.record_review_event(ReviewEvent(done.id, ReviewEventKind.COMPLETED, yesterday))
        return fresh.id, done.id


def test_no_accounts_means_nothing_due(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "due")
    assert code == 0
    assert out.startswith("No accounts yet")


def test_something_due_exits_3_and_names_it(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(cli_env)
    code, out, err = run(capsys, "due")
    assert (code, err) == (3, "")
    lines = out.splitlines()
    assert lines[0] == "1 account is due for a re-check:"
    assert lines[1] == "  Example @jane (Personal)"
    assert "Never reviewed" in lines[2]
    assert "Jane Counselling" not in out

    code, out, _ = run(capsys, "due", "--quiet")
    assert (code, out) == (3, "")


def test_json_shape_for_scripts(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fresh, done = setup(cli_env)
    code, out, _ = run(capsys, "due", "--json")
    assert code == 3
    document = json.loads(out)
    assert document["format"] == 1
    assert document["timezone"] == "Europe/London"
    assert document["due_count"] == 1
    assert datetime.fromisoformat(document["generated_at"]).tzinfo is not None
    first, second = document["accounts"]
    assert first["account_id"] == fresh
    assert first["due"] is True
    assert first["cause"] == "never-reviewed"
    assert first["next_due"] == document["today"]
    assert first["last_review"] is None
    assert second["account_id"] == done
    assert second["due"] is False
    assert second["cause"] == "up-to-date"
    assert second["interval_days"] == 30
    assert set(first) == {
        "account_id",
        "persona",
        "persona_id",
        "platform",
        "checklist_id",
        "handle",
        "due",
        "cause",
        "reason",
        "next_due",
        "overdue_days",
        "snoozed_until",
        "last_review",
        "interval_days",
        "recheck_items",
        "total_items",
        "settled_items",
        "put_off_items",
        "open_items",
        "put_off_until",
        "put_off",
    }


def test_snoozed_and_reviewed_accounts_are_not_due(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh, _ = setup(cli_env)
    now = datetime.now(UTC)
    with Database.open(cli_env / "tightrope.sqlite3") as db:
        db.record_review_event(
            ReviewEvent(fresh, ReviewEventKind.SNOOZED, now, now + timedelta(days=2))
        )
    code, out, _ = run(capsys, "due")
    assert code == 0
    assert out.startswith("Nothing is due. Next re-check: Example @jane (Personal) on ")
    assert "Snoozed until" in out

    code, out, _ = run(capsys, "due", "--json")
    assert code == 0
    assert json.loads(out)["due_count"] == 0


def test_unreadable_data_exits_1_not_3(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.mkdir(parents=True)
    (cli_env / "tightrope.sqlite3").write_bytes(b"this is not a database" * 100)
    code, out, err = run(capsys, "due")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ")


def test_due_and_ics_do_not_import_qt(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from app.cli import main; "
        f"main(['--data-dir', {str(tmp_path)!r}, 'due', '--quiet']); "
        f"main(['--data-dir', {str(tmp_path)!r}, 'ics', {str(tmp_path / 'x.ics')!r}]); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
