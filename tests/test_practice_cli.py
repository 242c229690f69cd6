"""`tightrope practice show | set`, as a group practice would script it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.store.database import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(data: Path) -> Database:
    return Database.open(data / "tightrope.sqlite3")


def test_set_every_kind_of_field_and_show_it(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = [
        ("name", "Riverside Counselling"),
        ("clinicians", "Dr Jane Doe;  Sam Lee ; "),
        ("address", "12 Mill Lane\\nRiverside"),
        ("phone", "+1 (555) 010-0199 ext 2"),
        ("email", "office@riverside.example"),
        ("website", "riverside.example"),
        ("emergency_wording", "Call 911.\\n\\nOr go to the nearest emergency room."),
        ("crisis_line", "988"),
        ("policy_version", "2.1"),
        ("policy_effective", "2026-12-01"),
        ("stance.search-engines", "emergency-only"),
        ("stance.check-ins", "Please do not check in at the office."),
    ]
    for field, value in settings:
        assert run(capsys, "practice", "set", field, value)[:2] == (0, f"Set {field}.\n")

    with stored(cli_env) as db:
        profile = db.practice()
    assert profile.clinicians == ("Dr Jane Doe", "Sam Lee")
    assert profile.address == "12 Mill Lane\nRiverside"
    assert profile.website == "https://riverside.example"
    assert profile.emergency_wording == "Call 911.\n\nOr go to the nearest emergency room."
    assert profile.stances == {
        "search-engines": "emergency-only",
        "check-ins": "Please do not check in at the office.",
    }

    code, out, _ = run(capsys, "practice", "show")
    assert code == 0
    lines = {line.split(None, 1)[0]: line.split(None, 1)[-1] for line in out.splitlines() if line}
    assert lines["address"] == "12 Mill Lane\\nRiverside"
    assert lines["stance.search-engines"] == "emergency-only"
    assert lines["stance.reviews"] == "default (no-response)"
    assert "stance.email-text: practical-only (default), email-only, secure-portal" in out

    assert run(capsys, "practice", "set", "stance.search-engines", "default")[0] == 0
    with stored(cli_env) as db:
        assert "search-engines" not in db.practice().stances


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("colour", "blue", "'colour' is not a practice field. Valid fields: name, clinicians"),
        ("stance.searches", "never", "Valid fields: name, clinicians"),
        ("stance.search-engines", "nevr", "Choose one of: default, never, emergency-only"),
        ("phone", "call the office", "is not a phone number"),
        ("email", "office.example.org", "is not an e-mail address"),
        ("website", "not a web site", "is not a web address"),
        ("policy_effective", "12/01/2026", "is not a date written as YEAR-MONTH-DAY"),
        ("policy_effective", "2026-02-30", "is not a date written as YEAR-MONTH-DAY"),
        ("name", "  ", "name cannot be empty"),
        ("name", "Two\nlines", "name must be one line"),
        ("crisis_line", "x" * 300, "keep it to 200 or fewer"),
    ],
)
def test_unknown_fields_and_bad_values_are_refused_and_change_nothing(
    cli_env: Path, capsys: pytest.CaptureFixture[str], field: str, value: str, expected: str
) -> None:
    run(capsys, "practice", "set", "name", "Riverside Counselling")
    run(capsys, "practice", "set", "phone", "+1 555 010 0199")
    with stored(cli_env) as db:
        before = db.practice()
    code, _, err = run(capsys, "practice", "set", field, value)
    assert code == 1
    assert expected in err
    assert err.startswith("error: ") and "Traceback" not in err
    with stored(cli_env) as db:
        assert db.practice() == before


def test_show_on_a_new_install_says_how_to_start(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "practice", "show")
    assert code == 0
    assert out.startswith("The practice is not set up yet")
    assert "policy_version                1" in out


def test_missing_arguments_are_a_usage_error(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["practice", "set", "name"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["practice", "set", "--help"])
    assert caught.value.code == 0
    help_text = capsys.readouterr().out
    assert "stance.SECTION" in help_text and "exit status:" in help_text


def test_me_names_the_clinician_whose_audit_it_is(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.services.clinician import current_clinician

    run(capsys, "practice", "set", "clinicians", "Dr Jane Doe; Sam Lee")
    code, _, err = run(capsys, "practice", "set", "me", "Dr Jane Do")
    assert code == 1 and "not one of the practice's clinicians" in err
    assert run(capsys, "practice", "set", "me", "Sam Lee")[0] == 0
    with stored(cli_env) as db:
        assert current_clinician(db) == "Sam Lee"
    code, out, _ = run(capsys, "practice", "show")
    assert any(line.split()[:1] == ["me"] and "Sam Lee" in line for line in out.splitlines())


def test_clinicians_with_credentials_round_trip_through_show_and_set(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    value = "Dr Maya Patel, LCSW; Tom O'Brien, LPC, NCC"
    assert run(capsys, "practice", "set", "clinicians", value)[0] == 0
    with stored(cli_env) as db:
        first = db.practice()
    assert first.clinicians == ("Dr Maya Patel, LCSW", "Tom O'Brien, LPC, NCC")
    _code, out, _ = run(capsys, "practice", "show")
    shown = next(line for line in out.splitlines() if line.startswith("clinicians"))
    printed = shown.split(None, 1)[1]
    assert printed == value
    assert run(capsys, "practice", "set", "clinicians", printed)[0] == 0
    with stored(cli_env) as db:
        assert db.practice() == first
    assert run(capsys, "practice", "set", "clinicians", "Dr Jane Doe\\nSam Lee")[0] == 0
    with stored(cli_env) as db:
        assert db.practice().clinicians == ("Dr Jane Doe", "Sam Lee")


def test_the_help_says_how_to_write_clinicians(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["practice", "set", "--help"])
    out = capsys.readouterr().out
    assert "a comma stays inside" in out and "pasted back" in out


def test_credit_no_leaves_the_tightrope_line_off_the_clients_policy(
    cli_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "practice", "set", "name", "Riverside Counselling")
    html = tmp_path / "policy.html"
    assert run(capsys, "report", "policy", "--html", str(html))[0] == 0
    assert "Prepared with Tightrope" in html.read_text(encoding="utf-8")
    assert "credit" in run(capsys, "practice", "show")[1]

    code, _, err = run(capsys, "practice", "set", "credit", "maybe")
    assert (code, err) == (1, "error: credit must be yes or no\n")
    assert run(capsys, "practice", "set", "credit", "no")[0] == 0
    assert run(capsys, "report", "policy", "--html", str(html))[0] == 0
    assert "Prepared with" not in html.read_text(encoding="utf-8")
    assert "Tightrope" not in html.read_text(encoding="utf-8")
    shown = [line.split() for line in run(capsys, "practice", "show")[1].splitlines()]
    assert ["credit", "no"] in shown

    assert run(capsys, "practice", "set", "credit", "yes")[0] == 0
    assert run(capsys, "report", "policy", "--html", str(html))[0] == 0
    assert "Prepared with Tightrope" in html.read_text(encoding="utf-8")
