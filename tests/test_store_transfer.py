"""Export and import: a faithful round trip, and bad files that change nothing."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.services.data_transfer import (
    TransferError,
    export_document,
    export_to,
    import_from,
)
from app.store.database import Database
from app.store.instance_lock import InstanceLock, InstanceLockedError
from app.store.vault import Vault
from tests.memory_keyring import MemoryKeyring

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def fill(database: Database) -> None:
    database.save_practice(
        PracticeProfile(name="Sunrise Counselling", clinicians=("Jane Doe",), stances={"a": "b"})
    )
    personal = database.add_persona("Personal", PersonaKind.PERSONAL, bio="gardener")
    work = database.add_persona("Work", PersonaKind.PROFESSIONAL, recheck_days=30)
    gone = database.add_persona("Old", PersonaKind.OTHER)
    mine = database.add_account(personal.id, "instagram", "@jane", notes="since 2019")
    page = database.add_account(work.id, "facebook-page", "Sunrise")
    database.add_account(gone.id, "x", "@old")
    database.archive_persona(gone.id)
    for n in range(5):
        database.record_answer(
            mine.id, "instagram", "2026.11.0", f"ig-{n}", 1, AnswerState.DONE, "ok", T0
        )
    database.record_answer(
        page.id, "facebook-page", "2026.11.0", "fp-1", 2, AnswerState.LATER, "", T0
    )
    database.record_review_event(
        ReviewEvent(mine.id, ReviewEventKind.SNOOZED, T0, T0 + timedelta(days=7), "trip")
    )
    database.set_setting("ui.autostart", "on")


def state(path: Path) -> tuple[PracticeProfile, dict[str, Any]]:
    with Database.open(path) as database:
        return database.practice(), database.dump()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source" / "tightrope.sqlite3"
    with Database.open(path) as database:
        fill(database)
    return path


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A data folder with data of its own, which a bad import must leave alone."""
    path = tmp_path / "target" / "tightrope.sqlite3"
    with Database.open(path) as database:
        persona = database.add_persona("Mine", PersonaKind.PERSONAL)
        account = database.add_account(persona.id, "x", "@me")
        database.record_answer(account.id, "x", "2026.11.0", "a", 1, AnswerState.DONE, at=T0)
    return path


def test_export_then_import_into_an_empty_folder_reproduces_the_state(
    tmp_path: Path, source: Path
) -> None:
    exported = tmp_path / "export.json"
    with Database.open(source) as database:
        export_to(exported, database)
    empty = tmp_path / "empty" / "tightrope.sqlite3"
    result = import_from(exported, database_path=empty)
    assert result is not None and result.previous is None
    assert state(empty) == state(source)
    with Database.open(empty) as database:
        assert database.latest_answers() == database.events()
        assert [p.name for p in database.personas()] == ["Personal", "Work"]


def test_export_file_is_private_and_holds_no_secrets_by_default(
    tmp_path: Path, source: Path
) -> None:
    backend = MemoryKeyring()
    with Database.open(source) as database:
        Vault.for_database(database, backend).set(1, SecretField.LOGIN_EMAIL, "jane@example.org")
        export_to(tmp_path / "e.json", database)
    text = (tmp_path / "e.json").read_text()
    assert "jane@example.org" not in text
    assert "secrets" not in json.loads(text)
    assert (tmp_path / "e.json").stat().st_mode & 0o077 == 0


def test_secrets_travel_only_when_asked_and_land_in_the_keyring(
    tmp_path: Path, source: Path
) -> None:
    backend = MemoryKeyring()
    with Database.open(source) as database:
        vault = Vault.for_database(database, backend)
        vault.set(1, SecretField.LOGIN_EMAIL, "jane@example.org")
        vault.set(2, SecretField.RECOVERY_NOTES, "codes in the drawer")
        export_to(tmp_path / "e.json", database, vault)
    elsewhere = MemoryKeyring()
    empty = tmp_path / "empty" / "tightrope.sqlite3"
    result = import_from(tmp_path / "e.json", database_path=empty, keyring_backend=elsewhere)
    assert result is not None and result.secrets_not_saved == []
    with Database.open(empty) as database:
        vault = Vault.for_database(database, elsewhere)
        assert vault.get(1, SecretField.LOGIN_EMAIL) == "jane@example.org"
        assert vault.get(2, SecretField.RECOVERY_NOTES) == "codes in the drawer"
    assert b"jane@example.org" not in empty.read_bytes()


def test_secrets_are_not_imported_without_a_keyring(
    tmp_path: Path, source: Path, target: Path
) -> None:
    backend = MemoryKeyring()
    with Database.open(source) as database:
        vault = Vault.for_database(database, backend)
        vault.set(1, SecretField.PHONE, "+1 555 010 0123")
        export_to(tmp_path / "e.json", database, vault)
    before = state(target)
    with pytest.raises(TransferError, match="keyring"):
        import_from(tmp_path / "e.json", database_path=target)
    assert state(target) == before


def test_importing_over_data_backs_it_up_and_asks_first(
    tmp_path: Path, source: Path, target: Path
) -> None:
    with Database.open(source) as database:
        export_to(tmp_path / "e.json", database)
    before = state(target)
    asked: list[str] = []
    declined = import_from(
        tmp_path / "e.json",
        database_path=target,
        confirm_replace=lambda s: asked.append(s) or False,
    )
    assert declined is None and "1 persona(s)" in asked[0]
    assert state(target) == before

    result = import_from(tmp_path / "e.json", database_path=target)
    assert result is not None and result.previous is not None
    assert state(target) == state(source)
    assert state(result.previous) == before


def test_import_is_refused_while_another_tightrope_runs(
    tmp_path: Path, source: Path, target: Path
) -> None:
    with Database.open(source) as database:
        export_to(tmp_path / "e.json", database)
    before = state(target)
    with InstanceLock(target.parent), pytest.raises(InstanceLockedError):
        import_from(tmp_path / "e.json", database_path=target)
    assert state(target) == before


def _good(source: Path) -> dict[str, Any]:
    with Database.open(source) as database:
        return export_document(database)


def _mutations() -> list[tuple[str, Any]]:
    """(name, change) pairs: change is a function of the good document, or raw bytes."""

    def edit(fn: Any) -> Any:
        def apply(doc: dict[str, Any]) -> dict[str, Any]:
            doc = copy.deepcopy(doc)
            fn(doc)
            return doc

        return apply

    return [
        ("empty file", b""),
        ("not json", b"personas: Jane"),
        ("truncated", "TRUNCATE"),
        ("not utf-8", b"\xff\xfe{}"),
        ("nan", b'{"format": "tightrope-export", "format_version": NaN}'),
        ("duplicate key", b'{"format": "tightrope-export", "format": "x"}'),
        ("deep nesting", b"[" * 100_000 + b"]" * 100_000),
        ("a list", b"[1, 2, 3]"),
        ("other format", edit(lambda d: d.update(format="something-else"))),
        ("newer format", edit(lambda d: d.update(format_version=99))),
        ("bool version", edit(lambda d: d.update(format_version=True))),
        ("unknown top key", edit(lambda d: d.update(evil="<script>"))),
        ("persona bad kind", edit(lambda d: d["personas"][0].update(kind="admin"))),
        ("persona empty name", edit(lambda d: d["personas"][0].update(name="  "))),
        ("persona bool id", edit(lambda d: d["personas"][0].update(id=True))),
        ("persona huge recheck", edit(lambda d: d["personas"][0].update(recheck_days=10**30))),
        (
            "persona sql colour",
            edit(lambda d: d["personas"][0].update(colour="'; DROP TABLE x;--")),
        ),
        ("duplicate persona names", edit(lambda d: d["personas"][1].update(name="personal"))),
        ("duplicate ids", edit(lambda d: d["personas"][1].update(id=1))),
        ("account orphan", edit(lambda d: d["accounts"][0].update(persona_id=999))),
        ("account extra field", edit(lambda d: d["accounts"][0].update(password="x"))),
        ("account missing field", edit(lambda d: d["accounts"][0].pop("handle"))),
        ("event bad state", edit(lambda d: d["progress_events"][0].update(state="maybe"))),
        (
            "event naive time",
            edit(lambda d: d["progress_events"][0].update(at="2026-01-01T00:00:00")),
        ),
        ("event not a time", edit(lambda d: d["progress_events"][0].update(at="yesterday"))),
        ("event orphan", edit(lambda d: d["progress_events"][0].update(account_id=42))),
        ("review bad kind", edit(lambda d: d["review_events"][0].update(kind="deleted"))),
        ("settings as dict", edit(lambda d: d.update(settings={"a": "b"}))),
        ("practice unknown", edit(lambda d: d["practice"].update(owner="x"))),
        ("practice clinicians text", edit(lambda d: d["practice"].update(clinicians="Jane"))),
        ("huge text", edit(lambda d: d["accounts"][0].update(notes="x" * 200_000))),
        (
            "secret orphan",
            edit(lambda d: d.update(secrets=[{"account_id": 77, "field": "phone", "value": "1"}])),
        ),
        (
            "secret bad field",
            edit(
                lambda d: d.update(secrets=[{"account_id": 1, "field": "password", "value": "1"}])
            ),
        ),
        ("many problems", edit(lambda d: [e.update(state="x") for e in d["progress_events"] * 10])),
    ]


@pytest.mark.parametrize(("name", "change"), _mutations(), ids=[m[0] for m in _mutations()])
def test_a_bad_file_changes_nothing_and_says_what_is_wrong(
    tmp_path: Path, source: Path, target: Path, name: str, change: Any
) -> None:
    bad = tmp_path / "bad.json"
    if isinstance(change, bytes):
        bad.write_bytes(change)
    elif change == "TRUNCATE":
        text = json.dumps(_good(source), indent=1)
        bad.write_text(text[: len(text) // 2])
    else:
        bad.write_text(json.dumps(change(_good(source))))
    before = state(target)
    files_before = sorted(p.name for p in target.parent.rglob("*"))
    with pytest.raises(TransferError) as caught:
        import_from(bad, database_path=target)
    message = str(caught.value)
    assert str(bad) in message or "nothing was changed" in message
    assert "Traceback" not in message
    assert state(target) == before
    assert sorted(p.name for p in target.parent.rglob("*")) == files_before


def test_truncated_file_is_called_cut_short(tmp_path: Path, source: Path) -> None:
    text = json.dumps(_good(source), indent=1)
    (tmp_path / "cut.json").write_text(text[:-40])
    with pytest.raises(TransferError, match="cut short"):
        import_from(tmp_path / "cut.json", database_path=tmp_path / "t" / "db.sqlite3")


def test_export_and_import_commands(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["personas", "add", "Personal", "--kind", "personal"])
    exported = tmp_path / "out.json"
    assert main(["export", str(exported)]) == 0
    assert "(no secrets)" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "s.json"), "--with-secrets"]) == 1
    assert "--yes" in capsys.readouterr().err
    assert not (tmp_path / "s.json").exists()

    main(["personas", "add", "Work", "--kind", "professional"])
    capsys.readouterr()
    assert main(["import", str(exported)]) == 1
    assert "Not confirmed" in capsys.readouterr().err
    assert main(["import", str(exported), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 persona(s)" in out and "previous data is kept" in out
    main(["personas", "list"])
    assert "Work" not in capsys.readouterr().out

    (tmp_path / "bad.json").write_text("{")
    assert main(["import", str(tmp_path / "bad.json"), "--yes"]) == 1
    assert "not valid JSON" in capsys.readouterr().err
