"""The practice pack and attestation formats on their own: envelopes, fingerprints, the
content rules, the staff summary's verdicts, and the practice history in a data export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.attestation import parse_attestation
from app.domain.practice_pack import (
    Requirement,
    parse_pack_content,
    practice_intervals,
    requirement_changes,
)
from app.domain.signed_file import (
    SignedFileError,
    canonical,
    normalise_fingerprint,
    parse_envelope,
)
from app.domain.staff import StaffStatus, staff_summary
from app.services.signing import sign_document, verify_document

SEED = bytes(range(32))
KEY = "1b17 558d 66a1 654b 780f aabe 764b 23e8"


def pack(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "pack_version": 4,
        "made_at": "2026-12-01T10:00:00+00:00",
        "practice": {
            "name": "Riverside",
            "clinicians": ["Sam Lee", "Jo Park"],
            "policy_version": "3",
        },
        "requirements": [{"checklist": "example", "max_days": 30, "clinicians": []}],
        "statement": "I have read the office social-media policy, version 3",
    }
    content.update(changes)
    return content


def attestation(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "clinician": "Sam Lee",
        "practice_key": KEY,
        "pack_version": 4,
        "made_at": "2026-12-01T10:00:00+00:00",
        "acknowledged": {
            "statement": "x",
            "pack_version": 4,
            "policy_version": "3",
            "at": "2026-11-20T09:00:00+00:00",
        },
        "requirements": [
            {
                "checklist": "example",
                "platform": "Example",
                "max_days": 30,
                "accounts": [
                    {
                        "persona_kind": "professional",
                        "handle": "DrSam",
                        "last_review": "2026-11-15",
                        "checklist_version": "1",
                        "put_off": 0,
                        "open": 0,
                    }
                ],
            }
        ],
        "separation_warnings": 0,
    }
    content.update(changes)
    return content


def test_a_signed_file_round_trips_and_survives_re_indenting_only() -> None:
    data = sign_document(SEED, "tightrope-practice-pack", 1, pack())
    document = parse_envelope(data, "tightrope-practice-pack", 1, "a practice pack")
    verify_document(document, "pack")
    compact = json.dumps(json.loads(data)).encode()
    verify_document(parse_envelope(compact, "tightrope-practice-pack", 1, "a pack"), "pack")
    changed = json.loads(data)
    changed["content"]["pack_version"] = 5
    with pytest.raises(SignedFileError, match="does not match"):
        verify_document(
            parse_envelope(json.dumps(changed).encode(), "tightrope-practice-pack", 1, "a"), "p"
        )
    assert canonical({"b": 1, "a": "é"}) == b'{"a":"\\u00e9","b":1}'


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe", "not text"),
        (b'{"format": "tightrope-attestation", "format_version": 1}', "some other file"),
        (b'{"format": "tightrope-practice-pack", "format_version": 9}', "newer Tightrope"),
        (b'{"format": "tightrope-practice-pack", "format": "x"}', "appears twice"),
        (b'{"format": "tightrope-practice-pack", "format_version": NaN}', "never writes"),
        (b"[" * 100_000, "nested too deeply|cut short"),
    ],
)
def test_envelopes_that_are_not_packs_are_refused_in_one_line(blob: bytes, message: str) -> None:
    with pytest.raises(SignedFileError, match=message) as refused:
        parse_envelope(blob, "tightrope-practice-pack", 1, "a practice pack")
    assert "\n" not in str(refused.value)


def test_fingerprints_typed_by_people_are_normalised() -> None:
    assert normalise_fingerprint(KEY.replace(" ", "").upper()) == KEY
    assert normalise_fingerprint(KEY.replace(" ", ":")) == KEY
    with pytest.raises(SignedFileError, match="not a key fingerprint"):
        normalise_fingerprint("1b17 558d")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pack_version": 0}, "pack_version"),
        ({"pack_version": True}, "pack_version"),
        ({"made_at": "yesterday"}, "not a date"),
        ({"statement": " "}, "no statement"),
        ({"statement": "read \x1b[2J"}, "control character"),
        ({"template_folder": "/home/owner/templates"}, "by its path"),
        ({"practice": {"name": ""}}, "no practice name"),
        ({"practice": {"name": "R", "fax": "1"}}, "does not know"),
        ({"checklists": {"../evil": "x"}}, "invalid id"),
        ({"requirements": [{"checklist": "example", "max_days": 0}]}, "max_days"),
        (
            {"requirements": [{"checklist": "example", "max_days": 9, "clinicians": ["Al"]}]},
            "not one of the practice's clinicians",
        ),
        (
            {
                "requirements": [
                    {"checklist": "example", "max_days": 9},
                    {"checklist": "example", "max_days": 8},
                ]
            },
            "twice",
        ),
    ],
)
def test_pack_content_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SignedFileError, match=message):
        parse_pack_content(pack(**changes))


def test_fields_a_newer_release_adds_are_kept_so_the_signature_still_holds() -> None:
    content = parse_pack_content(pack(replies={"friend-request": "..."}))
    assert content.to_json()["replies"] == {"friend-request": "..."}


def test_requirements_per_clinician_and_what_changed() -> None:
    everyone = Requirement("example", 60)
    sam_only = Requirement("example", 20, ("Sam Lee",))
    assert practice_intervals([everyone, sam_only], "sam lee") == {"example": 20}
    assert practice_intervals([everyone, sam_only], "Jo Park") == {"example": 60}
    lines, lowered = requirement_changes(
        [everyone], [Requirement("example", 30), Requirement("intake", 90)], "Jo Park"
    )
    assert lowered == ["example", "intake"]
    assert "example: re-check at least every 30 days (was 60)." in lines
    assert "Now required: intake, re-checked at least every 90 days." in lines


def test_attestation_rules() -> None:
    assert parse_attestation(attestation()).clinician == "Sam Lee"
    for changes, message in (
        ({"practice_key": "nope"}, "which practice"),
        ({"clinician": "Sam\u202eeeL"}, "control character"),
        ({"separation_warnings": -1}, "count"),
        (
            {
                "requirements": [
                    {
                        "checklist": "example",
                        "max_days": 30,
                        "accounts": [{"persona_kind": "alter-ego", "put_off": 0, "open": 0}],
                    }
                ]
            },
            "persona kind",
        ),
    ):
        with pytest.raises(SignedFileError, match=message):
            parse_attestation(attestation(**changes))


def test_staff_verdicts_per_clinician_and_requirement() -> None:
    content = parse_pack_content(pack())
    today = date(2026, 12, 1)
    on_time = parse_attestation(attestation())
    stale_policy = parse_attestation(
        attestation(
            clinician="Jo Park",
            acknowledged={
                "statement": "x",
                "pack_version": 3,
                "policy_version": "2",
                "at": "2026-10-01T09:00:00+00:00",
            },
        )
    )
    summary = staff_summary(content, [(on_time, "sam.json"), (stale_policy, "jo.json")], [], today)
    rows = {row.name: row for row in summary.clinicians}
    assert rows["Sam Lee"].status is StaffStatus.UP_TO_DATE
    assert rows["Sam Lee"].requirements[0].due_on == date(2026, 12, 15)
    assert rows["Jo Park"].status is StaffStatus.NOT_ACKNOWLEDGED
    assert rows["Jo Park"].detail == "Has not acknowledged policy version 3 (acknowledged 2)."

    late = parse_attestation(
        attestation(
            requirements=[
                {
                    "checklist": "example",
                    "platform": "Example",
                    "max_days": 30,
                    "accounts": [
                        {
                            "persona_kind": "personal",
                            "handle": "",
                            "last_review": "2026-10-01",
                            "checklist_version": "1",
                            "put_off": 2,
                            "open": 3,
                        }
                    ],
                }
            ]
        )
    )
    row = staff_summary(content, [(late, "sam.json")], [], today).clinicians[0]
    assert row.status is StaffStatus.OVERDUE
    assert row.requirements[0].status == "overdue since 31 October 2026"
    none = parse_attestation(attestation(requirements=[]))
    row = staff_summary(content, [(none, "sam.json")], [], today).clinicians[0]
    assert row.requirements[0].status == "no account on this checklist"


def test_the_practice_history_travels_in_a_data_export(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: object
) -> None:
    from app.cli import main
    from app.store.database import Database
    from app.store.practice_records import PracticeEventKind, practice_events

    assert main(["practice", "set", "name", "Riverside"]) == 0
    assert main(["practice", "pack", "export", str(tmp_path / "p.json")]) == 0
    assert main(["export", str(tmp_path / "all.json")]) == 0
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(tmp_path / "all.json")]) == 0
    with Database.open(other / "tightrope.sqlite3") as db:
        events = practice_events(db)
    assert [e.kind for e in events] == [PracticeEventKind.PACK_MADE]
    capsys.readouterr()


def test_a_requirement_newer_than_the_attestation_says_so() -> None:
    content = parse_pack_content(pack(pack_version=5))
    older = parse_attestation(attestation(pack_version=4, requirements=[]))
    row = staff_summary(content, [(older, "sam.json")], [], date(2026, 12, 1)).clinicians[0]
    assert row.requirements[0].status == "not in the attestation (made against pack 4)"
    assert "attested against pack 4, not the current 5" in row.detail
