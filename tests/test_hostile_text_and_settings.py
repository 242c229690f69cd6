"""Hostile values never get in: unknown or out-of-bounds settings, control characters,
bidi overrides and line breaks where one line belongs, from every entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.settings import SettingError, check_setting
from app.domain.text import printable
from app.services.data_transfer import TransferError, export_document, import_from
from app.store.database import Database, InvalidInputError

HOSTILE = [
    "\x1b[2J\x1b[31mhacked",
    "@jane\u202emoc.elpmaxe",
    "nul\x00byte",
    "two\nlines",
    "bell\x07",
    "iso\u2066late",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_handle_or_name_with_control_characters_is_refused(db: Database, value: str) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    with pytest.raises(InvalidInputError, match="contains"):
        db.add_account(persona.id, "instagram", value)
    with pytest.raises(InvalidInputError, match="contains"):
        db.add_persona(value, PersonaKind.PERSONAL)
    assert db.accounts() == []
    assert [p.name for p in db.personas()] == ["Personal"]


def test_notes_keep_line_breaks_but_not_escapes(db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "instagram", "@jane", notes="line one\nline two")
    assert account.notes == "line one\nline two"
    with pytest.raises(InvalidInputError, match="terminal escape"):
        db.add_account(persona.id, "instagram", "@jo", notes="\x1b]0;title\x07")


def test_printable_shows_control_characters_as_visible_escapes() -> None:
    assert printable("\x1b[2Jx") == "\\x1b[2Jx"
    assert printable("a\u202eb") == "a\\u202eb"
    assert printable("plain @jane") == "plain @jane"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("backup.keep_days", "1000000"),
        ("backup.keep_days", str(10**30)),
        ("vault.namespace", "../../x"),
        ("reminders.timezone", "../../../etc/passwd"),
        ("no.such.setting", "1"),
        ("ui.x", "a\x1bb"),
    ],
)
def test_settings_out_of_their_declared_bounds_are_refused(key: str, value: str) -> None:
    with pytest.raises(SettingError):
        check_setting(key, value)


def _export_of(db: Database) -> dict[str, Any]:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(persona.id, "instagram", "@jane")
    return export_document(db)


@pytest.mark.parametrize(
    "settings_row",
    [
        {"key": "vault.namespace", "value": "../../x"},
        {"key": "backup.keep_days", "value": "1000000"},
        {"key": "evil.key", "value": "x"},
        {"key": "ui.geometry", "value": "\x1b[2J"},
    ],
)
def test_an_import_with_a_bad_setting_is_refused_and_changes_nothing(
    db: Database, tmp_path: Path, settings_row: dict[str, str]
) -> None:
    document = _export_of(db)
    document["settings"] = [settings_row]
    source = tmp_path / "export.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "other" / "tightrope.sqlite3"
    with Database.open(target) as other:
        other.add_persona("Mine", PersonaKind.PERSONAL)
    with pytest.raises(TransferError) as caught:
        import_from(source, database_path=target)
    assert any("settings[0]" in problem for problem in caught.value.problems)
    with Database.open(target) as other:
        assert [p.name for p in other.personas()] == ["Mine"]


def test_the_template_folder_is_a_local_setting_never_exported_or_imported(
    db: Database, tmp_path: Path
) -> None:
    db.set_setting("report_template_dir", str(tmp_path))
    document = _export_of(db)
    assert all(row["key"] != "report_template_dir" for row in document["settings"])
    document["settings"].append({"key": "report_template_dir", "value": "/tmp/elsewhere"})
    source = tmp_path / "export.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "other" / "tightrope.sqlite3"
    import_from(source, database_path=target)
    with Database.open(target) as other:
        assert other.setting("report_template_dir") is None


@pytest.mark.parametrize("value", HOSTILE)
def test_an_import_with_control_characters_in_a_handle_is_refused(
    db: Database, tmp_path: Path, value: str
) -> None:
    document = _export_of(db)
    document["accounts"][0]["handle"] = value
    source = tmp_path / "export.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(TransferError) as caught:
        import_from(source, database_path=tmp_path / "other" / "tightrope.sqlite3")
    assert any("accounts[0].handle" in problem for problem in caught.value.problems)


def test_the_command_line_refuses_an_escape_sequence_in_a_handle(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["personas", "add", "Personal", "--kind", "personal"]) == 0
    assert main(["accounts", "add", "Personal", "example", "\x1b[2J@jane"]) == 1
    err = capsys.readouterr().err
    assert "terminal escape" in err
    assert "\x1b" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("days", ["1000000", str(10**30), "0"])
def test_backup_keep_days_out_of_bounds_is_one_line_and_commands_keep_working(
    cli_env: Path, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    assert main(["backup", "--keep-days", days]) == 1
    assert "1 to 3650" in capsys.readouterr().err
    assert main(["status"]) == 0
    assert main(["backup", "--keep-days", "14"]) == 0


@pytest.mark.parametrize("number", ["99999999999999999999999", "-1", "0", "12abc"])
def test_an_absurd_account_id_is_one_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["accounts", "archive", number])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "the id must be" in err


def test_a_huge_id_given_to_the_store_is_not_found(db: Database) -> None:
    from app.store.database import NotFoundError

    with pytest.raises(NotFoundError):
        db.account(10**25)
    with pytest.raises(NotFoundError):
        db.archive_account(10**25)
