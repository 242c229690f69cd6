"""Group practice, across desks: the owner's data folder makes a signed pack, each
clinician's folder imports it, attests, and the owner prints a staff summary.

Every desk is its own `--data-dir`; they share one in-memory keyring (each database has
its own namespace in it, as on separate computers each has its own keyring)."""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.store import paths
from app.store.database import Database
from app.store.vault import Vault
from tests.checklist_factory import raw_checklist, raw_item, to_toml
from tests.memory_keyring import MemoryKeyring

pytestmark = pytest.mark.usefixtures("qapp")
"""The staff report draws a PDF: the QApplication must exist first, as in the app."""

PERSONAL_HANDLE = "sam.lakeside.weekends"
PROFESSIONAL_HANDLE = "DrSamLeeCounselling"
NOTE = "told my sister about the recovery code"
SECRET_EMAIL = "sam.home.mail@example.net"
SECRET_PHONE = "+1 555 010 4477"


def run(capsys: pytest.CaptureFixture[str], desk: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(desk), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def open_db(desk: Path) -> Database:
    return Database.open(desk / "tightrope.sqlite3")


def intake_checklist(revision: int = 1, version: str = "2026.11.0") -> str:
    data = raw_checklist(
        "practice-intake",
        kind="policy",
        platform="Riverside intake",
        version=version,
        changelog=[{"version": version, "date": raw_checklist()["reviewed"], "changes": "Ours."}],
        items=[raw_item("intake-consent", revision=revision), raw_item("intake-handout")],
    )
    return to_toml(data)


@pytest.fixture
def desks(cli_env: Path, tmp_path: Path, memory_keyring: MemoryKeyring) -> dict[str, Path]:
    owner, sam, jo = tmp_path / "owner", tmp_path / "sam", tmp_path / "jo"
    for desk in (owner, sam, jo):
        desk.mkdir()
    (owner / "checklists").mkdir()
    (owner / "checklists" / "practice-intake.toml").write_text(intake_checklist(), "utf-8")
    return {"owner": owner, "sam": sam, "jo": jo, "shared": tmp_path / "shared"}


def set_up_owner(capsys: pytest.CaptureFixture[str], owner: Path, policy: str = "3") -> None:
    for field, value in (
        ("name", "Riverside Counselling"),
        ("clinicians", "Sam Lee; Jo Park"),
        ("policy_version", policy),
        ("stance.search-engines", "emergency-only"),
    ):
        assert run(capsys, owner, "practice", "set", field, value)[0] == 0


def export(capsys: pytest.CaptureFixture[str], owner: Path, target: Path, *extra: str) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    code, out, err = run(capsys, owner, "practice", "pack", "export", str(target), *extra)
    assert code == 0, err
    return out.split("Practice key fingerprint: ", 1)[1].splitlines()[0]


def fill_clinician_desk(desk: Path, reviewed_days_ago: int = 40) -> None:
    """Sam's desk: a personal and a professional account, answers, a review, secrets."""
    with open_db(desk) as db:
        personal = db.add_persona("Weekend me", PersonaKind.PERSONAL)
        professional = db.add_persona("Dr Lee", PersonaKind.PROFESSIONAL)
        when = datetime.now(UTC) - timedelta(days=reviewed_days_ago)
        for persona, handle in ((personal, PERSONAL_HANDLE), (professional, PROFESSIONAL_HANDLE)):
            account = db.add_account(persona.id, "example", handle, notes=NOTE)
            db.record_answer(
                account.id,
                "example",
                "2026.11.0",
                "ex-one",
                1,
                AnswerState.DONE,
                note=NOTE,
                at=when,
            )
            db.record_answer(
                account.id,
                "example",
                "2026.11.0",
                "ex-two",
                1,
                AnswerState.LATER,
                note=NOTE,
                at=when,
                until=datetime.now(UTC) + timedelta(days=60),  # put off, not yet due again
            )
            db.record_review_event(ReviewEvent(account.id, ReviewEventKind.COMPLETED, when))
            vault = Vault.for_database(db)
            vault.set(account.id, SecretField.LOGIN_EMAIL, SECRET_EMAIL)
            vault.set(account.id, SecretField.PHONE, SECRET_PHONE)
            vault.set(account.id, SecretField.RECOVERY_NOTES, NOTE)


def desk_state(desk: Path) -> tuple[object, ...]:
    with open_db(desk) as db:
        settings = {k: v for k, v in db.settings().items() if k.startswith("practice.")}
        return (
            db.practice(),
            settings,
            sorted(p.name for p in (desk / "checklists").glob("*"))
            if (desk / "checklists").is_dir()
            else [],
        )


def test_export_import_pins_the_key_and_sets_the_practice(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    owner, sam = desks["owner"], desks["sam"]
    set_up_owner(capsys, owner)
    pack = desks["shared"] / "practice.json"
    fingerprint = export(
        capsys, owner, pack, "--require", "example:30", "--require", "practice-intake:90"
    )
    assert len(fingerprint.split()) == 8
    code, out, _ = run(capsys, owner, "practice", "show")
    assert (
        f"This desk made practice pack version 1; the practice's key fingerprint is {fingerprint}."
        in out
    )

    code, out, err = run(capsys, sam, "practice", "pack", "import", str(pack))
    assert code == 1 and "not confirmed" in err and fingerprint in err
    assert err.count("\n") == 1
    code, _, err = run(capsys, sam, "practice", "pack", "import", str(pack), "--trust", "0000 " * 8)
    assert code == 1 and "not the one given" in err

    code, out, err = run(
        capsys,
        sam,
        "practice",
        "pack",
        "import",
        str(pack),
        "--trust",
        fingerprint.replace(" ", "").upper(),
    )
    assert code == 0, err
    assert "Imported practice pack version 1" in out
    assert "New practice checklist: Riverside intake" in out
    with open_db(sam) as db:
        assert db.practice().name == "Riverside Counselling"
        assert db.practice().clinicians == ("Sam Lee", "Jo Park")
        assert db.practice().stances == {"search-engines": "emergency-only"}
        assert db.setting("practice.pinned-key")
    assert (sam / "checklists" / "practice-intake.toml").read_text("utf-8") == intake_checklist()

    code, out, _ = run(capsys, sam, "practice", "show")
    assert "Set by the practice pack version 1" in out
    code, _, err = run(capsys, sam, "practice", "set", "name", "Sam's own practice")
    assert code == 1 and "set by the practice pack version 1" in err
    code, out, _ = run(capsys, sam, "practice", "pack", "import", str(pack))
    assert code == 0 and "already in force" in out


def test_bad_packs_are_refused_with_one_line_and_nothing_changes(
    desks: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner, sam = desks["owner"], desks["sam"]
    set_up_owner(capsys, owner)
    first = desks["shared"] / "v1.json"
    fingerprint = export(capsys, owner, first, "--require", "example:30")
    second = desks["shared"] / "v2.json"
    export(capsys, owner, second)
    assert (
        run(capsys, sam, "practice", "pack", "import", str(second), "--trust", fingerprint)[0] == 0
    )
    before = desk_state(sam)

    data = second.read_bytes()
    bad = tmp_path / "bad.json"

    def refused(blob: bytes, *extra: str) -> str:
        bad.write_bytes(blob)
        code, out, err = run(capsys, sam, "practice", "pack", "import", str(bad), *extra)
        assert code == 1, (out, err)
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert desk_state(sam) == before
        return err

    # every byte of the file matters: flip one, anywhere, and the pack is refused
    for offset in range(0, len(data), max(1, len(data) // 150)):
        flipped = bytearray(data)
        flipped[offset] ^= 0x01
        refused(bytes(flipped))
    value = json.loads(data)
    value["content"]["practice"]["name"] = "Riverside Counseling"
    assert "does not match its content" in refused(json.dumps(value).encode())
    assert "cut short" in refused(data[: len(data) // 2])
    assert "older than version 2" in refused(first.read_bytes())
    newer = dict(value, format_version=2)
    assert "newer Tightrope" in refused(json.dumps(newer).encode())

    # another practice's key, even with a higher version
    other = tmp_path / "other-owner"
    other.mkdir()
    set_up_owner(capsys, other)
    for _ in range(3):
        export(capsys, other, tmp_path / "other.json")
    assert "another key" in refused((tmp_path / "other.json").read_bytes())

    # a pack requiring a checklist this desk's Tightrope does not ship (a newer release
    # on the owner's desk): refused on the desk, and the owner cannot require a made-up one
    newer_shipped = tmp_path / "newer-shipped"
    shipped = os.environ[paths.CHECKLISTS_DIR_ENV]
    shutil.copytree(shipped, newer_shipped)
    (newer_shipped / "newplatform.toml").write_text(
        to_toml(raw_checklist("newplatform", platform="New platform")), "utf-8"
    )
    monkeypatch.setenv(paths.CHECKLISTS_DIR_ENV, str(newer_shipped))
    export(capsys, owner, desks["shared"] / "v3.json", "--require", "newplatform:30")
    monkeypatch.setenv(paths.CHECKLISTS_DIR_ENV, shipped)
    assert "does not know" in refused((desks["shared"] / "v3.json").read_bytes())
    code, _, err = run(
        capsys,
        owner,
        "practice",
        "pack",
        "export",
        str(tmp_path / "x.json"),
        "--require",
        "no-such-list:30",
    )
    assert code == 1 and "no-such-list" in err and err.count("\n") == 1


def test_an_updated_pack_makes_the_changed_items_due_on_every_desk(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    owner = desks["owner"]
    set_up_owner(capsys, owner)
    fingerprint = export(capsys, owner, desks["shared"] / "v1.json", "--require", "example:90")
    for name in ("sam", "jo"):
        fill_clinician_desk(desks[name], reviewed_days_ago=40)
        code, _, err = run(
            capsys,
            desks[name],
            "practice",
            "pack",
            "import",
            str(desks["shared"] / "v1.json"),
            "--trust",
            fingerprint,
        )
        assert code == 0, err
        with open_db(desks[name]) as db:  # the practice's intake checklist, done today
            office = db.add_persona("Office", PersonaKind.PROFESSIONAL)
            intake = db.add_account(office.id, "practice-intake", "Intake handout")
            for item in ("intake-consent", "intake-handout"):
                db.record_answer(
                    intake.id, "practice-intake", "2026.11.0", item, 1, AnswerState.DONE
                )
            db.record_review_event(
                ReviewEvent(intake.id, ReviewEventKind.COMPLETED, datetime.now(UTC))
            )
        assert run(capsys, desks[name], "due")[0] == 0  # reviewed 40 days ago, 90 allowed

    (owner / "checklists" / "practice-intake.toml").write_text(
        intake_checklist(revision=2, version="2026.12.0"), "utf-8"
    )
    export(capsys, owner, desks["shared"] / "v2.json", "--require", "example:30")
    for name in ("sam", "jo"):
        desk = desks[name]
        code, out, err = run(
            capsys, desk, "practice", "pack", "import", str(desks["shared"] / "v2.json")
        )
        assert code == 0, err
        assert "Example: re-check at least every 30 days (was 90)." in out
        assert "Checklist Riverside intake 2026.11.0 -> 2026.12.0: 1 item(s) to re-check" in out
        code, out, _ = run(capsys, desk, "due")
        assert code == 3, out
        assert "the practice's maximum" in out
        due_now = out.split("Put off until")[0]
        assert due_now.count(PERSONAL_HANDLE) == 1 and due_now.count(PROFESSIONAL_HANDLE) == 1
        assert (
            "Riverside intake Intake handout (Office)\n"
            "    The checklist changed: 1 setting needs a re-check." in out
        )


def test_attestations_hold_nothing_personal_and_the_staff_report_lists_everyone(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    owner, sam = desks["owner"], desks["sam"]
    set_up_owner(capsys, owner)
    fingerprint = export(capsys, owner, desks["shared"] / "v1.json", "--require", "example:30")
    fill_clinician_desk(sam, reviewed_days_ago=45)
    assert (
        run(
            capsys,
            sam,
            "practice",
            "pack",
            "import",
            str(desks["shared"] / "v1.json"),
            "--trust",
            fingerprint,
        )[0]
        == 0
    )
    code, _, err = run(capsys, sam, "practice", "attest", str(tmp_path / "a.json"))
    assert code == 1 and "--name" in err
    code, _, err = run(
        capsys, sam, "practice", "attest", str(tmp_path / "a.json"), "--name", "Sam Leigh"
    )
    assert code == 1 and "not one of the practice's clinicians" in err
    assert run(capsys, sam, "practice", "acknowledge", "--yes")[0] == 0

    inbox = tmp_path / "attestations"
    inbox.mkdir()
    attestation = inbox / "sam.json"
    code, out, err = run(capsys, sam, "practice", "attest", str(attestation), "--name", "sam lee")
    assert code == 0, err
    text = attestation.read_text("utf-8")
    for private in (PERSONAL_HANDLE, NOTE, SECRET_EMAIL, SECRET_PHONE, "Weekend me", "Dr Lee"):
        assert private not in text
    assert PROFESSIONAL_HANDLE in text and "Sam Lee" in text
    content = json.loads(text)["content"]
    assert content["acknowledged"]["policy_version"] == "3"
    accounts = content["requirements"][0]["accounts"]
    assert sorted(a["put_off"] for a in accounts) == [1, 1]

    with_handles = tmp_path / "with-handles.json"
    run(capsys, sam, "practice", "attest", str(with_handles), "--with-personal-handles")
    assert PERSONAL_HANDLE in with_handles.read_text("utf-8")
    assert NOTE not in with_handles.read_text("utf-8")

    # a forged copy and a stray file sit in the folder too
    forged = json.loads(text)
    forged["content"]["separation_warnings"] = 0
    forged["content"]["clinician"] = "Jo Park"
    (inbox / "jo-forged.json").write_text(json.dumps(forged), "utf-8")
    (inbox / "notes.json").write_text("{}", "utf-8")

    pdf = tmp_path / "staff.pdf"
    code, out, err = run(
        capsys, owner, "report", "staff", "--attestations", str(inbox), "--pdf", str(pdf)
    )
    assert code == 0, err
    assert "Pinned Sam Lee's key on first sight" in out
    pages = "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    flat = " ".join(unicodedata.normalize("NFKC", pages).split())
    assert "Staff summary" in flat
    assert "Sam Lee" in flat and "Jo Park" in flat
    assert "Overdue" in flat  # Sam reviewed 45 days ago, 30 allowed
    assert "Not attested" in flat  # Jo's only file is forged
    assert "version 3 on" in flat
    assert "jo-forged.json" in flat and "does not match its content" in flat
    for private in (PERSONAL_HANDLE, NOTE, SECRET_EMAIL):
        assert private not in flat

    # Sam's key is pinned now: an attestation signed by another desk's key is refused
    impostor = tmp_path / "impostor"
    shutil.copytree(sam, impostor)
    with open_db(impostor) as db:
        db.set_setting("vault.namespace", "00112233aabbccdd")
    run(capsys, impostor, "practice", "attest", str(inbox / "sam-2.json"))
    code, out, _ = run(
        capsys,
        owner,
        "report",
        "staff",
        "--attestations",
        str(inbox),
        "--html",
        str(tmp_path / "staff.html"),
    )
    assert code == 0
    assert "sam-2.json was not used: signed by another key" in out
    (inbox / "sam.json").unlink()
    code, out, _ = run(
        capsys, owner, "practice", "pack", "unpin", "--clinician", "Sam Lee", "--yes"
    )
    assert code == 0 and "Forgot Sam Lee's key" in out
    code, out, _ = run(
        capsys,
        owner,
        "report",
        "staff",
        "--attestations",
        str(inbox),
        "--html",
        str(tmp_path / "staff.html"),
    )
    assert code == 0 and "Pinned Sam Lee's key on first sight" in out
    assert "sam-2.json was not used" not in out


def test_staff_report_needs_a_pack_made_here(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        desks["sam"],
        "report",
        "staff",
        "--attestations",
        str(tmp_path),
        "--pdf",
        str(tmp_path / "s.pdf"),
    )
    assert code == 1 and "has not made a practice pack" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, desks["sam"], "report", "staff", "--attestations", str(tmp_path))
    assert usage.value.code == 2


def test_the_first_import_asks_on_a_terminal(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, sam = desks["owner"], desks["sam"]
    set_up_owner(capsys, owner)
    pack = desks["shared"] / "p.json"
    fingerprint = export(capsys, owner, pack)
    answers = iter(["n", "yes"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    code, out, err = run(capsys, sam, "practice", "pack", "import", str(pack))
    assert code == 1 and fingerprint in out and "not confirmed" in err
    code, out, err = run(capsys, sam, "practice", "pack", "import", str(pack))
    assert code == 0, err
    assert "Imported practice pack version 1" in out


def test_a_practice_of_twenty_clinicians_reaches_every_desk(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The clinicians' names together are longer than one `practice set` line may be; each
    name is checked on its own, so the pack is not refused on the desks."""
    from app.domain.practice import PracticeProfile

    owner, sam = desks["owner"], desks["sam"]
    names = tuple(f"Dr Clinician Number {n}" for n in range(20))
    with open_db(owner) as db:
        db.save_practice(PracticeProfile(name="Riverside Counselling", clinicians=names))
    fingerprint = export(capsys, owner, desks["shared"] / "p.json")
    code, _, err = run(
        capsys,
        sam,
        "practice",
        "pack",
        "import",
        str(desks["shared"] / "p.json"),
        "--trust",
        fingerprint,
    )
    assert code == 0, err
    with open_db(sam) as db:
        assert db.practice().clinicians == names


def test_an_attestation_made_for_another_practice_is_not_counted(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    owner, jo = desks["owner"], desks["jo"]
    set_up_owner(capsys, owner)
    export(capsys, owner, desks["shared"] / "ours.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    set_up_owner(capsys, elsewhere)
    theirs = export(capsys, elsewhere, tmp_path / "theirs.json")
    assert (
        run(
            capsys,
            jo,
            "practice",
            "pack",
            "import",
            str(tmp_path / "theirs.json"),
            "--trust",
            theirs,
        )[0]
        == 0
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert (
        run(capsys, jo, "practice", "attest", str(inbox / "jo.json"), "--name", "Jo Park")[0] == 0
    )
    code, out, err = run(
        capsys,
        owner,
        "report",
        "staff",
        "--attestations",
        str(inbox),
        "--html",
        str(tmp_path / "staff.html"),
    )
    assert code == 0, err
    assert "jo.json was not used: made for another practice's pack" in out
    assert "Jo Park: not attested." in out
    with open_db(owner) as db:
        assert db.setting("practice.staff-keys") is None


def test_a_practice_that_lost_its_key_is_refused_until_the_desk_forgets_the_old_one(
    desks: dict[str, Path], capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    owner, sam = desks["owner"], desks["sam"]
    set_up_owner(capsys, owner)
    first = export(capsys, owner, desks["shared"] / "v1.json")
    assert (
        run(
            capsys,
            sam,
            "practice",
            "pack",
            "import",
            str(desks["shared"] / "v1.json"),
            "--trust",
            first,
        )[0]
        == 0
    )
    for entry in [k for k in memory_keyring.entries if k[1].endswith("signing-key-practice")]:
        del memory_keyring.entries[entry]
    code, out, _ = run(
        capsys, owner, "practice", "pack", "export", str(desks["shared"] / "v2.json")
    )
    assert code == 0 and f"it was {first}" in out
    second = out.split("Practice key fingerprint: ", 1)[1].splitlines()[0]
    assert second != first

    code, _, err = run(capsys, sam, "practice", "pack", "import", str(desks["shared"] / "v2.json"))
    assert code == 1 and "another key" in err and "unpin" in err
    code, out, _ = run(capsys, sam, "practice", "pack", "unpin", "--yes")
    assert code == 0 and first in out
    code, _, err = run(capsys, sam, "practice", "pack", "import", str(desks["shared"] / "v2.json"))
    assert code == 1 and "not confirmed" in err
    code, out, err = run(
        capsys,
        sam,
        "practice",
        "pack",
        "import",
        str(desks["shared"] / "v2.json"),
        "--trust",
        second,
    )
    assert code == 0, err
    # the old key is no longer trusted: its pack is refused now
    code, _, err = run(capsys, sam, "practice", "pack", "import", str(desks["shared"] / "v1.json"))
    assert code == 1 and "another key" in err
