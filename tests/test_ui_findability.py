"""The findability walkthrough, menu, What's due box and tray, driven end to end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.findability import FindabilityCause, SourceState
from app.services import findability as service
from app.services.findability_secrets import SearchDetails, load_details
from app.store import findability_log
from app.store.database import Database
from app.store.vault import Vault
from app.ui.findability_dialogs import (
    HarassedDialog,
    SearchDetailsDialog,
    moved_house,
    open_findability,
)
from app.ui.findability_window import FindabilityWindow
from app.ui.main_window import MainWindow
from tests.findability_helpers import findability_data
from tests.memory_keyring import MemoryKeyring
from tests.ui_helpers import NOW, catalog_of, example_checklist, on_modal


@pytest.fixture
def keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def window(qtbot: QtBot, db: Database, keyring: MemoryKeyring) -> Iterator[MainWindow]:
    db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_persona("Practice", PersonaKind.PROFESSIONAL)
    catalog = catalog_of(
        example_checklist(), parse_checklist(findability_data(), "findability-us.toml")
    )
    vault = Vault.for_database(db, backend=keyring)
    main = MainWindow(db, catalog, vault, clock=lambda: NOW)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.finish_start()
    yield main


def walkthrough(qtbot: QtBot, window: MainWindow) -> FindabilityWindow:
    window.findability_actions["walkthrough"].trigger()  # type: ignore[attr-defined]
    dialog = window.findability_window  # type: ignore[attr-defined]
    assert isinstance(dialog, FindabilityWindow)
    qtbot.waitExposed(dialog)
    return dialog


def test_menu_opens_the_walkthrough_one_source_per_step(qtbot: QtBot, window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&View") < titles.index("Fi&ndability") < titles.index("&Help")
    dialog = walkthrough(qtbot, window)
    assert dialog.persona.currentText() == "Personal (personal)"
    assert dialog.progress.format() == "Source 1 of 5"
    assert dialog.title.text() == "Parent Search: opt out"
    assert (
        "run by Parent Co" in dialog.facts.text()
        and "asks for: an e-mail address" in dialog.facts.text()
    )
    assert dialog.rule_text.text().startswith("Search first")
    assert dialog.open_link.isEnabled()
    enabled = {s for s, b in dialog.state_buttons.items() if b.isEnabled()}
    assert enabled == {SourceState.NOT_LISTED, SourceState.FOUND, SourceState.REQUESTED}
    interface = QAccessible.queryAccessibleInterface(dialog.state_buttons[SourceState.FOUND])
    assert interface is not None and interface.text(QAccessible.Text.Name) == "Record: Found"


def test_walkthrough_end_to_end_records_each_step_with_evidence(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    dialog = walkthrough(qtbot, window)
    dialog.note.setText("listing from 2019")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    dialog.add_evidence([shot])
    qtbot.mouseClick(dialog.state_buttons[SourceState.FOUND], Qt.MouseButton.LeftButton)
    assert dialog.notice_text.text() == "Recorded: Found."
    assert dialog.progress.format() == "Source 2 of 5", "moved on to the next source"
    [event] = findability_log.events(db)
    assert (event.item_id, event.state, event.note) == (
        "us-parent",
        SourceState.FOUND,
        "listing from 2019",
    )
    assert len(event.evidence) == 1

    qtbot.mouseClick(dialog.state_buttons[SourceState.NOT_LISTED], Qt.MouseButton.LeftButton)
    dialog.go(0)
    assert dialog.state.text() == "Found — due now"
    qtbot.mouseClick(dialog.state_buttons[SourceState.REQUESTED], Qt.MouseButton.LeftButton)
    dialog.go(0)
    assert "next on 4 March 2027" in dialog.state.text(), "confirm the e-mail in two days"
    qtbot.mouseClick(dialog.state_buttons[SourceState.REMOVED], Qt.MouseButton.LeftButton)
    assert "Sister A, Sister B" in dialog.notice_text.text()
    assert dialog.title.text() == "Sister A: opt out", "jumps to the first sister site"
    assert "due now" in dialog.state.text()
    states = [e.state for e in findability_log.events(db)]
    assert states == [
        SourceState.FOUND,
        SourceState.NOT_LISTED,
        SourceState.REQUESTED,
        SourceState.REMOVED,
    ]
    box = window.findability_box  # type: ignore[attr-defined]
    assert "Sister A (Personal)" in box.summary.text()


def test_a_refused_step_shows_one_dialog_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    dialog = walkthrough(qtbot, window)
    seen: list[str] = []

    def close(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    on_modal(QMessageBox, close)
    dialog.record(SourceState.REMOVED)
    assert seen and "cannot become 'removed'" in seen[0]
    assert findability_log.events(db) == []


def test_search_details_live_in_the_keyring_and_show_in_the_walkthrough(
    qtbot: QtBot, window: MainWindow, db: Database, keyring: MemoryKeyring
) -> None:
    persona = db.persona_named("Personal")
    dialog = SearchDetailsDialog(window, persona.id, SearchDetails())
    qtbot.addWidget(dialog)
    dialog.fields["addresses"].setPlainText(
        "12 Elm Street, Springfield\n\n12 Elm Street, Springfield"
    )
    dialog.fields["phones"].setPlainText("555-0142")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.save()
    vault = window.vault
    assert isinstance(vault, Vault)
    assert load_details(vault, persona.id).addresses == ("12 Elm Street, Springfield",)
    walk = walkthrough(qtbot, window)
    qtbot.waitUntil(lambda: "12 Elm Street" in walk.search_for.text(), timeout=3000)
    assert "Phone: 555-0142" in walk.search_for.text()
    assert b"Elm" not in db.path.read_bytes()


def test_without_a_keyring_the_walkthrough_says_what_it_cannot_keep(
    qtbot: QtBot, db: Database
) -> None:
    db.add_persona("Personal", PersonaKind.PERSONAL)
    catalog = catalog_of(parse_checklist(findability_data(), "findability-us.toml"))
    main = MainWindow(db, catalog, Vault.for_database(db), clock=lambda: NOW)
    qtbot.addWidget(main)
    dialog = open_findability(main)
    qtbot.waitUntil(
        lambda: "cannot keep your search details" in dialog.search_for.text(), timeout=3000
    )
    dialog.record(SourceState.NOT_LISTED)
    assert len(findability_log.events(db)) == 1, "the log works without a keyring"


def test_moved_house_and_harassed_make_address_sources_due(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    assert moved_house(window, confirm=False) == 5
    rows = service.due_now(service.overview(db, window.catalog, NOW, window.zone()))
    assert {r.next.cause for r in rows if r.next} == {FindabilityCause.MOVED}
    assert [r.item.id for r in rows][:2] == ["us-parent", "us-register"], "tier 1 first"
    dialog = HarassedDialog(window)
    qtbot.addWidget(dialog)
    assert "Keep every piece of evidence" in dialog.text.toPlainText()
    assert "liability insurer" in dialog.text.toPlainText()
    later = NOW + timedelta(minutes=5)
    window.clock = lambda: later
    dialog.make_due()
    assert "sources that can show your address are due today" in dialog.status.text()
    saved = dialog.save_pdf(tmp_path / "steps.pdf")
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")


def test_the_tray_announces_findability_once(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    from app.ui.findability_menu import install_findability_tray
    from app.ui.tray import ReminderTray

    messages: list[tuple[str, str]] = []
    tray = ReminderTray(window.reminders, tray_factory=lambda: None, desktop_factory=lambda: None)
    tray.notify_in_window.connect(lambda title, body, _id: messages.append((title, body)))
    announcer = install_findability_tray(window, tray)
    service.record_step(
        db,
        window.catalog,
        db.persona_named("Personal"),
        "us-parent",
        SourceState.FOUND,
        NOW,
        window.zone(),
    )
    tray.check_now()
    assert messages == [
        ("Findability: Parent Search (Personal)", "Found on 2 March 2027: ask for removal.")
    ]
    assert announcer.action.text() == "&Findability (1 due)"
    tray.check_now()
    assert len(messages) == 1, "told once"


def test_a_missing_evidence_file_is_reported_when_the_walkthrough_opens(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    done = service.record_step(
        db,
        window.catalog,
        db.persona_named("Personal"),
        "us-parent",
        SourceState.FOUND,
        NOW,
        window.zone(),
        evidence=[shot],
    )
    (db.path.parent / "evidence" / done.event.evidence[0].name).unlink()
    dialog = walkthrough(qtbot, window)
    qtbot.waitUntil(lambda: dialog.evidence_warning.isVisible(), timeout=3000)
    assert "1 evidence file(s) need attention" in dialog.evidence_warning.text()
    assert "is missing" in dialog.evidence_warning.text()


def test_choosing_countries_changes_the_sources_followed(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    from app.ui.findability_dialogs import choose_countries

    assert choose_countries(window, "us, gb") == ("US", "GB")
    assert service.countries(db) == ("US", "GB")
    seen: list[str] = []

    def close(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    on_modal(QMessageBox, close)
    assert choose_countries(window, "usa") is None
    assert seen and "two-letter country codes" in seen[0]
    assert service.countries(db) == ("US", "GB")


def test_the_box_warns_about_missing_evidence_after_start(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    done = service.record_step(
        db,
        window.catalog,
        db.persona_named("Personal"),
        "us-parent",
        SourceState.FOUND,
        NOW,
        window.zone(),
        evidence=[shot],
    )
    (db.path.parent / "evidence" / done.event.evidence[0].name).write_bytes(b"edited")
    box = window.findability_box  # type: ignore[attr-defined]
    box.check_evidence()
    qtbot.waitUntil(lambda: box.evidence.isVisible(), timeout=3000)
    assert box.evidence.text().startswith("1 evidence file(s) are missing or changed")


def test_every_walkthrough_shortcut_letter_is_used_once(qtbot: QtBot, window: MainWindow) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = walkthrough(qtbot, window)
    texts = [b.text() for b in dialog.findChildren(QAbstractButton)]
    texts += [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    letters = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
    assert len(letters) == len(set(letters)), sorted(letters)


def test_the_tray_icon_names_findability_in_its_tooltip_and_message(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    from app.ui.findability_menu import install_findability_tray
    from app.ui.tray import ReminderTray
    from tests.test_tray import FakeTray

    icon = FakeTray()
    tray = ReminderTray(window.reminders, tray_factory=lambda: icon, desktop_factory=lambda: None)
    install_findability_tray(window, tray)
    service.record_step(
        db,
        window.catalog,
        db.persona_named("Personal"),
        "us-parent",
        SourceState.FOUND,
        NOW,
        window.zone(),
    )
    tray.start()
    assert icon.tooltip == "Tightrope: 1 findability source due"
    assert (
        "Findability: Parent Search (Personal)",
        "Found on 2 March 2027: ask for removal.",
    ) in icon.messages
    tray.stop()


def test_every_control_has_an_accessible_name_and_takes_focus(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    from PySide6.QtCore import Qt as QtCore
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextBrowser,
    )

    persona = db.persona_named("Personal")
    dialogs = [
        walkthrough(qtbot, window),
        HarassedDialog(window),
        SearchDetailsDialog(window, persona.id, SearchDetails()),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        controls = [
            w
            for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextBrowser)
            for w in dialog.findChildren(kind)
            if not w.objectName().startswith("qt_")
        ]
        assert controls
        for control in controls:
            interface = QAccessible.queryAccessibleInterface(control)
            assert interface is not None
            name = interface.text(QAccessible.Text.Name)
            assert name.strip(), f"{type(dialog).__name__}: {type(control).__name__} has no name"
            assert control.focusPolicy() != QtCore.FocusPolicy.NoFocus or isinstance(
                control, QTextBrowser
            )


def test_with_no_persona_the_walkthrough_says_what_to_do(qtbot: QtBot, db: Database) -> None:
    catalog = catalog_of(parse_checklist(findability_data(), "findability-us.toml"))
    main = MainWindow(db, catalog, None, clock=lambda: NOW)
    qtbot.addWidget(main)
    dialog = open_findability(main)
    assert dialog.title.text() == "No sources for this persona"
    assert "Findability > Countries" in dialog.facts.text()
    assert not any(b.isEnabled() for b in dialog.state_buttons.values())


def test_no_two_top_level_menus_share_an_alt_letter(window: MainWindow) -> None:
    import re

    titles = [a.text() for a in window.menuBar().actions() if a.text()]
    letters = [m.group(1).lower() for t in titles if (m := re.search(r"&(\w)", t))]
    assert len(letters) == len(set(letters)), titles


def test_the_first_steps_are_not_saved_over_a_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = HarassedDialog(window)
    qtbot.addWidget(dialog)
    seen: list[str] = []

    def close(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    on_modal(QMessageBox, close)
    assert dialog.save_pdf(tmp_path) is None
    assert seen and "is a folder" in seen[0]
