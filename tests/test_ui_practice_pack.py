"""The Practice menu, driven as a user would: the owner's window makes a pack, a
clinician's window imports it (confirming the key), picks up a newer pack dropped into
a watched folder by another process, exports an attestation, and the owner reads the
staff table."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.practice import PracticeProfile
from app.domain.practice_pack import Requirement
from app.services.checklists import load_catalog_for
from app.services.practice_pack import PackPlan, make_pack
from app.store.database import Database
from app.store.vault import Vault
from app.ui import practice_pack_ui
from app.ui.main_window import MainWindow
from app.ui.practice_dialogs import FingerprintDialog, MakePackDialog, StaffDialog
from app.ui.practice_pack_ui import PracticeDesk
from tests.memory_keyring import MemoryKeyring
from tests.ui_helpers import on_modal

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def open_window(qtbot: QtBot, folder: Path) -> tuple[MainWindow, PracticeDesk]:
    db = Database.open(folder / "tightrope.sqlite3")
    window = MainWindow(db, load_catalog_for(db), Vault.for_database(db), clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.finish_start()
    return window, window.practice_desk  # type: ignore[attr-defined]


@pytest.fixture
def owner(
    qtbot: QtBot, cli_env: Path, tmp_path: Path, memory_keyring: MemoryKeyring
) -> Iterator[tuple[MainWindow, PracticeDesk]]:
    window, desk = open_window(qtbot, tmp_path / "owner")
    window.db.save_practice(
        PracticeProfile(
            name="Riverside Counselling", clinicians=("Sam Lee", "Jo Park"), policy_version="3"
        )
    )
    yield window, desk
    window.db.close()


@pytest.fixture
def clinician(
    qtbot: QtBot, owner: tuple[MainWindow, PracticeDesk], tmp_path: Path
) -> Iterator[tuple[MainWindow, PracticeDesk]]:
    window, desk = open_window(qtbot, tmp_path / "sam")
    persona = window.db.add_persona("Work", PersonaKind.PROFESSIONAL)
    window.db.add_account(persona.id, "example", "DrSamLee")
    window.refresh()
    yield window, desk
    window.db.close()


def test_the_practice_menu_is_there_with_accessible_entries(
    owner: tuple[MainWindow, PracticeDesk],
) -> None:
    window, _ = owner
    menu = window.practice_menu  # type: ignore[attr-defined]
    texts = [a.text().replace("&", "") for a in menu.actions()[2:] if not a.isSeparator()]
    assert window.practice_desk.standing() == "No practice pack on this computer yet"  # type: ignore[attr-defined]
    assert texts == [
        "Import a practice pack…",
        "Watch a shared folder…",
        "Acknowledge the office policy…",
        "Forget the practice's key…",
        "Export my attestation…",
        "Make a practice pack…",
        "Staff summary…",
    ]


def test_make_import_watch_attest_and_read_the_staff_view(
    owner: tuple[MainWindow, PracticeDesk],
    clinician: tuple[MainWindow, PracticeDesk],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner_window, owner_desk = owner
    sam_window, sam_desk = clinician
    shared = tmp_path / "shared"
    shared.mkdir()
    first = tmp_path / "first-pack.json"

    # the owner makes a pack: ticks Example, 30 days, saves it
    monkeypatch.setattr(
        practice_pack_ui.QFileDialog, "getSaveFileName", lambda *a, **k: (str(first), "")
    )

    def fill(dialog: MakePackDialog) -> None:
        assert (
            QAccessible.queryAccessibleInterface(dialog.table).text(QAccessible.Text.Name)
            == "Required checklists"
        )
        dialog.set_required("example", 30)
        dialog.accept()

    on_modal(MakePackDialog, fill)
    with qtbot.waitSignal(owner_desk.owner.made, timeout=10000) as made:
        owner_desk.owner.make_pack()
    fingerprint = made.args[0].fingerprint
    assert first.is_file()
    assert [r.checklist for r in made.args[0].content.requirements] == ["example"]

    # Sam imports it and confirms the fingerprint shown
    seen: list[str] = []

    def trust(dialog: FingerprintDialog) -> None:
        seen.append(dialog.fingerprint.text())
        dialog.trust_button.click()

    on_modal(FingerprintDialog, trust)
    with qtbot.waitSignal(sam_desk.imported, timeout=10000) as imported:
        sam_desk.import_file(first)
    assert seen == [fingerprint]
    assert imported.args[0].pack_version == 1
    assert sam_window.db.practice().name == "Riverside Counselling"
    assert sam_desk.standing() == "Practice pack version 1 from Riverside Counselling in force"
    assert owner_desk.standing() == f"You made practice pack version 1 (key {fingerprint})"

    # a newer pack dropped into the watched folder by another process is picked up
    sam_desk.watch(shared)
    newer = make_pack(
        owner_window.db,
        owner_window.catalog,
        Vault.for_database(owner_window.db),
        PackPlan((Requirement("example", 14),), "I have read policy 3"),
    )
    staged = tmp_path / "staged.json"
    staged.write_bytes(newer.data)
    writer = (
        "import sys, time, pathlib\n"
        "data = pathlib.Path(sys.argv[1]).read_bytes()\n"
        "target = pathlib.Path(sys.argv[2])\n"
        "with open(target, 'wb') as f:\n"
        "    f.write(data[:len(data)//2]); f.flush(); time.sleep(0.3)\n"
        "    f.write(data[len(data)//2:])\n"
    )
    with qtbot.waitSignal(sam_desk.imported, timeout=15000) as picked:
        subprocess.run(
            [sys.executable, "-c", writer, str(staged), str(shared / "practice-pack.json")],
            check=True,
        )
    assert picked.args[0].pack_version == 2
    assert "Now required" not in " ".join(picked.args[0].changes)
    assert any("at least every 14 days (was 30)" in line for line in picked.args[0].changes)

    # Sam exports an attestation, naming themselves the first time
    monkeypatch.setattr(practice_pack_ui.QInputDialog, "getItem", lambda *a, **k: ("Sam Lee", True))
    inbox = tmp_path / "attestations"
    inbox.mkdir()
    with qtbot.waitSignal(sam_desk.attested, timeout=10000):
        sam_desk.export_attestation(inbox / "sam.json")
    assert (inbox / "sam.json").is_file()

    # the owner reads the staff view
    with qtbot.waitSignal(owner_desk.owner.staff_shown, timeout=10000) as shown:
        owner_desk.owner.show_staff(inbox)
    dialog: StaffDialog = shown.args[0]
    qtbot.addWidget(dialog)
    rows = {dialog.cell(r, 0): dialog.cell(r, 1) for r in range(dialog.table.rowCount())}
    assert rows == {"Sam Lee": "Overdue", "Jo Park": "Not attested"}
    sam_row = next(r for r in range(dialog.table.rowCount()) if dialog.cell(r, 0) == "Sam Lee")
    assert "never reviewed" not in dialog.cell(sam_row, 4)
    assert "Example" in dialog.cell(sam_row, 4)
    assert dialog.cell(sam_row, 3) == "not acknowledged"
    dialog.table.setCurrentCell(sam_row, 0)
    assert dialog.cell(0, 0, dialog.requirements) == "Example"
    assert dialog.cell(0, 1, dialog.requirements) == "14 days"
    assert dialog.cell(0, 5, dialog.requirements) == "never reviewed"
    dialog.grab().save(str(tmp_path / "staff.png"))

    # and prints it through the same preview as the audit
    from PySide6.QtWidgets import QApplication

    from app.ui.report_dialog import ReportDialog

    dialog.print_button.click()
    previews = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportDialog)]
    assert len(previews) == 1
    qtbot.addWidget(previews[0])
    text = " ".join(previews[0].preview.toPlainText().split())
    assert "Staff summary" in text and "Jo Park" in text and "Not attested" in text


def test_a_refused_pack_shows_one_dialog_and_changes_nothing(
    clinician: tuple[MainWindow, PracticeDesk], qtbot: QtBot, tmp_path: Path
) -> None:
    window, desk = clinician
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tightrope-practice-pack", "format_version": 1', "utf-8")
    messages: list[str] = []
    on_modal(QMessageBox, lambda box: (messages.append(box.text()), box.accept()))
    with qtbot.waitSignal(desk.failed, timeout=10000) as failed:
        desk.import_file(bad)
    assert "cut short" in failed.args[0]
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert window.db.practice().name == ""


def test_the_set_up_assistant_shows_a_pack_s_practice_read_only(
    owner: tuple[MainWindow, PracticeDesk],
    clinician: tuple[MainWindow, PracticeDesk],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    from app.reports.wording import load_policy_wording
    from app.services.practice_import import import_pack
    from app.services.practice_pack import export_pack
    from app.ui.setup_wizard import SetupWizard

    owner_window, _ = owner
    sam_window, _ = clinician
    made = export_pack(
        owner_window.db,
        owner_window.catalog,
        Vault.for_database(owner_window.db),
        tmp_path / "p.json",
        PackPlan(),
    )
    import_pack(
        sam_window.db,
        sam_window.catalog,
        tmp_path / "p.json",
        load_policy_wording(),
        trust=made.fingerprint,
    )
    seen: list[tuple[bool, str]] = []

    def look(wizard: SetupWizard) -> None:
        page = wizard.practice_page
        seen.append((page.name.isReadOnly(), page.subTitle()))
        wizard.practice_page.name.setText("Sam's own")  # a script could; it must not stick
        wizard.accept()

    on_modal(SetupWizard, look)
    sam_window.run_setup()
    assert seen == [
        (
            True,
            "Set by the practice pack version 1; read-only on this desk. "
            "Ask the practice's owner to change them.",
        )
    ]
    assert sam_window.db.practice().name == "Riverside Counselling"


def test_the_dialogs_name_every_control_for_screen_readers(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QSpinBox, QTableWidget, QWidget

    from app.domain.attestation import parse_attestation
    from app.domain.practice_pack import parse_pack_content
    from app.domain.staff import staff_summary
    from app.services.reports import practice_view
    from app.services.staff_view import staff_view_of
    from tests.ui_helpers import example_checklist

    content = parse_pack_content(
        {
            "pack_version": 1,
            "made_at": "2026-12-01T10:00:00+00:00",
            "practice": {"name": "Riverside", "clinicians": ["Sam Lee"], "policy_version": "3"},
            "requirements": [{"checklist": "example", "max_days": 30}],
            "statement": "Read it",
        }
    )
    attested = parse_attestation(
        {
            "clinician": "Sam Lee",
            "practice_key": "1b17 558d 66a1 654b 780f aabe 764b 23e8",
            "pack_version": 1,
            "made_at": "2026-12-01T10:00:00+00:00",
            "acknowledged": None,
            "requirements": [],
            "separation_warnings": 0,
        }
    )
    view = staff_view_of(
        staff_summary(content, [(attested, "sam.json")], [], NOW.date()),
        practice_view(PracticeProfile(name="Riverside")),
        NOW,
    )
    dialogs: list[QWidget] = [
        MakePackDialog([example_checklist()], PackPlan(), "Read it"),
        FingerprintDialog("Riverside", "1b17 558d 66a1 654b 780f aabe 764b 23e8", []),
        StaffDialog(view),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert QAccessible.queryAccessibleInterface(dialog).text(QAccessible.Text.Name)
        for kind in (QAbstractButton, QLineEdit, QSpinBox, QTableWidget):
            for widget in dialog.findChildren(kind):
                if widget.metaObject().className() == "QTableCornerButton":
                    continue  # Qt's own select-all corner, switched off, mouse only
                if isinstance(widget.parent(), QSpinBox):
                    continue  # the spin box's own editor: the spin box carries the name
                name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
                assert name, f"{type(widget).__name__} in {dialog.windowTitle()} has no name"
                assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    fingerprint = dialogs[1]
    assert isinstance(fingerprint, FingerprintDialog)
    assert not fingerprint.trust_button.isDefault()
