"""Keyboard slips: no two controls in one window share an Alt+letter, Ctrl+Enter saves an
edit dialog, and Enter in the wizard's accounts step adds the account and stays there."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.personas import Persona
from app.domain.practice import PracticeProfile
from app.ui.account_dialog import AccountDialog
from app.ui.persona_dialog import PersonaDialog
from app.ui.setup_wizard import SetupWizard
from tests.ui_helpers import example_checklist
from tests.window_fit import every_window

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> the texts that claim it, among what is on screen in `window`."""
    claims: dict[str, list[str]] = {}

    def claim(text: str) -> None:
        letter = mnemonic(text)
        if letter:
            claims.setdefault(letter, []).append(text)

    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            claim(widget.text())
        elif isinstance(widget, QGroupBox):
            claim(widget.title())
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            claim(action.text())
    return claims


def show_active(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_no_window_binds_one_alt_letter_twice(qtbot: QtBot) -> None:
    clashes: list[str] = []
    seen: list[str] = []
    for name, window in every_window():
        seen.append(name)
        for letter, texts in mnemonics(window).items():
            if len(texts) > 1:
                clashes.append(f"{name}: Alt+{letter.upper()} is {' and '.join(texts)}")
    assert "set-up wizard page 2" in seen and "edit account" in seen
    assert clashes == []


def test_no_menu_binds_one_letter_twice(qtbot: QtBot) -> None:
    clashes: list[str] = []
    for name, window in every_window():
        if not isinstance(window, QMainWindow):
            continue
        for top in window.menuBar().actions():
            menu = top.menu()
            if menu is None:
                continue
            letters: dict[str, list[str]] = {}
            for action in menu.actions():
                letter = mnemonic(action.text())
                if letter and action.isVisible():
                    letters.setdefault(letter, []).append(action.text())
            clashes += [
                f"{name}: {top.text()}: {' and '.join(t)}" for t in letters.values() if len(t) > 1
            ]
        break
    assert clashes == []


def test_ctrl_enter_saves_an_edit_dialog(qtbot: QtBot) -> None:
    dialog = PersonaDialog()
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    dialog.name.setText("Advocacy")
    dialog.bio.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        QTest.keyClick(dialog.bio, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result_persona().name == "Advocacy"


def test_ctrl_enter_with_a_problem_keeps_the_dialog_open(qtbot: QtBot) -> None:
    personas = [Persona(1, "Personal", PersonaKind.PERSONAL)]
    dialog = AccountDialog(personas, [example_checklist()], None)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    QTest.keyClick(dialog.handle, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.error.isVisible()


def test_enter_in_the_accounts_step_adds_the_account_and_stays(qtbot: QtBot) -> None:
    wizard = SetupWizard(PracticeProfile(), [], [example_checklist()])
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentPage() is not wizard.accounts_page:
        wizard.next()
    page = wizard.accounts_page
    page.handle.setFocus()
    QTest.keyClicks(page.handle, "@jane.doe")
    QTest.keyClick(page.handle, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert wizard.isVisible()
    assert wizard.result() == 0
    assert [a.handle for a in page.planned()] == ["@jane.doe"]
    QTest.keyClicks(page.handle, "jane.doe.home")
    QTest.keyClick(page.handle, Qt.Key.Key_Enter)
    assert wizard.isVisible()
    assert len(page.planned()) == 2
    assert page.handle.text() == ""
