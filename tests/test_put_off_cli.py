"""Put off means open, on the command line: `due --json`, `status` and a format-1 import."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.reminders import TIMEZONE_SETTING
from app.store.database import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def put_off_account(data: Path, *, days_ago: int, until_in_days: int | None) -> int:
    """A personal account on `example` (2 items): ex-one done, ex-two put off; a partial
    review recorded. `until_in_days` None records the answer the old way (no date)."""
    now = datetime.now(UTC)
    given = now - timedelta(days=days_ago)
    with Database.open(data / "tightrope.sqlite3") as db:
        db.set_setting(TIMEZONE_SETTING, "UTC")
        persona = db.add_persona("Personal", PersonaKind.PERSONAL)
        account = db.add_account(persona.id, "example", "@jane")
        db.record_answer(
            account.id, "example", "2026.11.0", "ex-one", 1, AnswerState.DONE, at=given
        )
        until = (
            None
            if until_in_days is None
            else datetime.combine(
                (now + timedelta(days=until_in_days)).date(), datetime.min.time(), UTC
            )
        )
        db.record_answer(
            account.id,
            "example",
            "2026.11.0",
            "ex-two",
            1,
            AnswerState.LATER,
            at=given,
            until=until,
        )
        db.record_review_event(ReviewEvent(account.id, ReviewEventKind.PARTIAL, given))
        return account.id


def only_account(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(capsys, "due", "--json")
    [entry] = json.loads(out)["accounts"]
    return code, entry


def test_an_account_whose_only_open_item_is_put_off_is_not_due_before_its_date(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_off_account(cli_env, days_ago=0, until_in_days=7)
    code, entry = only_account(capsys)
    assert code == 0
    assert entry["due"] is False
    assert entry["last_review"] is None, "a partial review is not a complete one"
    assert (entry["settled_items"], entry["put_off_items"], entry["open_items"]) == (1, 1, 0)
    assert entry["total_items"] == 2
    in_a_week = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    assert entry["put_off_until"] == in_a_week
    assert entry["next_due"] == in_a_week
    assert entry["put_off"] == [
        {"item_id": "ex-two", "title": "Setting ex-two", "until": in_a_week, "due": False}
    ]
    assert "put off until" in entry["reason"]


def test_on_the_put_off_date_the_account_is_due_for_the_put_off_item(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_off_account(cli_env, days_ago=7, until_in_days=0)
    code, entry = only_account(capsys)
    assert code == 3
    assert entry["due"] is True
    assert entry["cause"] == "put-off"
    assert entry["put_off"][0]["due"] is True
    assert "Setting ex-two" in entry["reason"]
    code, out, _ = run(capsys, "due")
    assert code == 3 and "Setting ex-two" in out


def test_status_tells_settled_put_off_and_open_apart(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_off_account(cli_env, days_ago=0, until_in_days=7)
    code, out, _ = run(capsys, "status")
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split()[3:7] == ["SETTLED", "PUT", "OFF", "OPEN"]
    until = datetime.now(UTC) + timedelta(days=7)
    assert "1/2" in row and f"1 (to {until.day} {until:%b})" in row


def test_an_old_later_answer_counts_as_put_off_for_a_week_from_the_day_given(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_off_account(cli_env, days_ago=3, until_in_days=None)
    _, entry = only_account(capsys)
    assert entry["put_off_until"] == (datetime.now(UTC) + timedelta(days=4)).date().isoformat()
    assert entry["due"] is False


def test_an_export_of_format_1_with_a_later_answer_imports_as_put_off(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = datetime.now(UTC) - timedelta(days=10)
    document = {
        "format": "tightrope-export",
        "format_version": 1,
        "exported_at": given.isoformat(),
        "app_version": "0.9.0",
        "schema_version": 2,
        "practice": {},
        "personas": [
            {
                "id": 1,
                "name": "Personal",
                "kind": "personal",
                "status": "active",
                "display_name": "",
                "bio": "",
                "colour": "#5b7db1",
                "recheck_days": 90,
                "created_at": given.isoformat(),
                "archived_at": None,
            }
        ],
        "accounts": [
            {
                "id": 1,
                "persona_id": 1,
                "checklist_id": "example",
                "handle": "@jane",
                "profile_url": "",
                "notes": "",
                "created_at": given.isoformat(),
                "archived_at": None,
            }
        ],
        "progress_events": [
            {
                "id": n,
                "account_id": 1,
                "checklist_id": "example",
                "checklist_version": "2026.11.0",
                "item_id": item,
                "item_revision": 1,
                "state": state,
                "note": "",
                "at": given.isoformat(),
            }
            for n, item, state in ((1, "ex-one", "done"), (2, "ex-two", "later"))
        ],
        "review_events": [
            {
                "id": 1,
                "account_id": 1,
                "kind": "completed",
                "at": given.isoformat(),
                "until": None,
                "note": "Example checklist 2026.11.0: 1 of 2 settled, 1 left for later",
            }
        ],
        "settings": [{"key": TIMEZONE_SETTING, "value": "UTC"}],
        "checklist_seen": [],
        "secret_fingerprints": [],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--yes")
    assert code == 0, err
    code, entry = only_account(capsys)
    assert entry["put_off_items"] == 1 and entry["settled_items"] == 1
    assert entry["put_off_until"] == (given + timedelta(days=7)).date().isoformat()
    assert entry["due"] is True and entry["cause"] == "put-off"
    assert code == 3


def test_the_calendar_event_falls_on_the_put_off_date_and_names_the_setting(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_off_account(cli_env, days_ago=0, until_in_days=7)
    target = tmp_path / "rechecks.ics"
    assert run(capsys, "ics", str(target))[0] == 0
    text = target.read_text(encoding="utf-8").replace("\r\n ", "")
    in_a_week = (datetime.now(UTC) + timedelta(days=7)).date()
    assert f"DTSTART;VALUE=DATE:{in_a_week:%Y%m%d}" in text
    assert "1 setting you put off comes back on" in text
    assert "still open" in text and "Setting ex-two" in text
