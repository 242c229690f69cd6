"""The store's commands, run as a user would run them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.store.database import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_personas_accounts_and_status(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "personas", "list")[1].startswith("No personas yet")
    assert run(capsys, "personas", "add", "Personal", "--kind", "personal")[0] == 0
    assert run(capsys, "personas", "add", "Work", "--kind", "professional")[0] == 0
    code, out, _ = run(capsys, "personas", "list")
    assert code == 0
    assert "Personal" in out and "professional" in out

    assert run(capsys, "accounts", "add", "personal", "example", "@jane")[0] == 0
    assert run(capsys, "accounts", "add", "Work", "example", "Jane Counselling")[0] == 0
    code, out, _ = run(capsys, "status")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["PERSONA", "PLATFORM", "HANDLE", "SETTLED"]
    assert "@jane" in lines[1] and "0/2" in lines[1]
    assert "Jane Counselling" in lines[2]

    with Database.open(cli_env / "tightrope.sqlite3") as database:
        assert [a.handle for a in database.accounts()] == ["@jane", "Jane Counselling"]


def test_unknown_platform_is_refused_with_the_valid_ones(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "personas", "add", "Personal", "--kind", "personal")
    code, _, err = run(capsys, "accounts", "add", "Personal", "instagramm", "@jane")
    assert code == 1
    assert "'instagramm' is not a platform" in err
    assert "Use one of: example" in err
    assert "policy-example" not in err
    code, _, err = run(capsys, "accounts", "add", "Nobody", "example", "@jane")
    assert code == 1
    assert "no persona called 'Nobody'" in err and "'Personal'" in err
    assert run(capsys, "accounts", "list")[1].startswith("No accounts yet")


def test_duplicate_persona_and_damaged_data_give_plain_errors(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "personas", "add", "Personal", "--kind", "personal")
    code, _, err = run(capsys, "personas", "add", "personal", "--kind", "other")
    assert (code, err.strip()) == (
        1,
        "error: there is already a persona called 'personal'; choose another name",
    )

    database = cli_env / "tightrope.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "status")
    assert code == 1
    assert "is damaged" in err and "Traceback" not in err
    assert database.read_bytes() == b"not a database at all" * 100


def test_archive_and_restore_a_persona(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "personas", "add", "Old", "--kind", "personal")
    run(capsys, "accounts", "add", "Old", "example", "@old")
    assert run(capsys, "personas", "archive", "old")[0] == 0
    assert run(capsys, "status")[1].startswith("No accounts yet")
    assert "(archived)" in run(capsys, "personas", "list", "--all")[1]
    assert run(capsys, "personas", "restore", "Old")[0] == 0
    assert "@old" in run(capsys, "status")[1]
