"""`tightrope findability ...` and the findability parts of `due`, `ics` and `backup`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from tests.checklist_factory import to_toml
from tests.findability_helpers import findability_data

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def env(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shipped = Path(os.environ["TIGHTROPE_CHECKLISTS_DIR"])
    (shipped / "findability-us.toml").write_text(to_toml(findability_data()), encoding="utf-8")
    assert main(["personas", "add", "Personal", "--kind", "personal"]) == 0
    return cli_env


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    import app.services.reminders as reminders

    monkeypatch.setattr(reminders, "system_clock", lambda: moment)


def status(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["findability", "status", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == 1
    return {s["source"]: s for s in document["sources"]}


def test_record_and_status(env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    at(monkeypatch, T0)
    before = status(capsys)
    assert before["us-parent"]["state"] == "not-checked" and before["us-parent"]["due"] is False
    assert main(["findability", "record", "us-parent", "found", "--note", "old listing"]) == 0
    assert "Recorded us-parent: found for Personal" in capsys.readouterr().out
    assert main(["findability", "record", "us-parent", "requested"]) == 0
    after = status(capsys)["us-parent"]
    assert after["state"] == "requested"
    assert (after["cause"], after["next_due"]) == ("findability-verify-email", "2026-12-03")
    at(monkeypatch, T0 + timedelta(days=3))
    assert main(["findability", "record", "us-parent", "removed"]) == 0
    out = capsys.readouterr().out
    assert "Check the sister sites now (they are due today): us-sister-a, us-sister-b" in out
    sister = status(capsys)["us-sister-a"]
    assert sister["due"] is True and sister["cause"] == "findability-sister-site"


def test_refusals_are_one_line_and_exit_1(env: Path, monkeypatch, capsys) -> None:
    at(monkeypatch, T0)
    capsys.readouterr()
    assert main(["findability", "record", "us-parent", "removed"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot become 'removed'" in err
    assert main(["findability", "record", "us-parnet", "found"]) == 1
    assert "did you mean 'us-parent'" in capsys.readouterr().err
    assert main(["findability", "record", "us-parent", "found", "--evidence", "nope.png"]) == 1
    assert "nope.png does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["findability", "record", "us-parent", "vanished"])
    assert usage.value.code == 2


def test_moved_makes_address_sources_due_and_due_json_adds_fields(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["findability", "moved"]) == 0
    out = capsys.readouterr().out
    assert "4 source(s) that can show your address are due today" in out
    assert out.index("us-parent") < out.index("us-sister-a"), "tier 1 first"
    assert "us-phone-only" not in out
    assert main(["due", "--json"]) == 3
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == 1 and "accounts" in document, "old fields kept"
    assert document["findability_due_count"] == 4
    causes = {f["source"]: f["cause"] for f in document["findability"]}
    assert causes["us-parent"] == "findability-moved"
    assert main(["due"]) == 3
    assert "4 findability sources are due:" in capsys.readouterr().out


def test_harassed_prints_the_first_steps_offline(env: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["findability", "harassed"]) == 0
    out = capsys.readouterr().out
    assert "If you are being harassed or stalked: first steps" in out
    assert "Keep every piece of evidence, with dates" in out
    assert "liability insurer" in out and "Source:" in out
    assert "source(s) that can show your address are due today" in out


def test_evidence_is_checked_by_its_own_command_and_on_backup(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    at(monkeypatch, T0)
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"screenshot")
    assert main(["findability", "record", "us-parent", "found", "--evidence", str(shot)]) == 0
    assert main(["findability", "evidence"]) == 0
    [kept] = list((env / "evidence").iterdir())
    kept.unlink()
    capsys.readouterr()
    assert main(["findability", "evidence"]) == 3
    assert f"evidence file {kept.name} is missing" in capsys.readouterr().out
    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "1 findability evidence file(s) need attention" in out and kept.name in out


def test_the_calendar_carries_the_findability_dates(env: Path, tmp_path: Path, capsys) -> None:
    assert main(["findability", "record", "us-parent", "found"]) == 0
    assert main(["ics", str(tmp_path / "t.ics")]) == 0
    text = (tmp_path / "t.ics").read_text()
    assert "SUMMARY:Findability: Parent Search (Personal)" in text
    assert "URL:https://us-parent.example/opt-out" in text


def test_countries(env: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["findability", "countries"]) == 0
    assert "Following: US. Sources shipped for: US." in capsys.readouterr().out
    assert main(["findability", "countries", "us", "gb"]) == 0
    assert "Following: US, GB." in capsys.readouterr().out
    assert main(["findability", "countries", "usa"]) == 1


def test_findability_commands_do_not_import_qt(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = str(tmp_path)
    code = (
        "import sys; from app.cli import main; "
        f"main(['--data-dir', {data!r}, 'personas', 'add', 'P', '--kind', 'personal']); "
        f"main(['--data-dir', {data!r}, 'findability', 'status', '--json']); "
        f"main(['--data-dir', {data!r}, 'findability', 'record', 'us-spokeo', 'found']); "
        f"main(['--data-dir', {data!r}, 'findability', 'harassed']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Recorded us-spokeo: found for P." in done.stdout
