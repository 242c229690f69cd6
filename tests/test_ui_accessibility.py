"""Every control a user can act on is reachable with Tab and has a name a screen reader
can say: the windows are usable without a mouse and without sight of the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.services.walkthrough import start_walkthrough
from app.store.database import Database
from app.ui.account_dialog import AccountDialog
from app.ui.main_window import MainWindow
from app.ui.persona_dialog import PersonaDialog
from app.ui.setup_wizard import SetupWizard
from app.ui.walkthrough import WalkthroughWindow
from tests.ui_helpers import NOW, catalog_of, example_checklist

INTERACTIVE = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit)


def controls(root: QWidget) -> list[QWidget]:
    found = [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE)]
    return [
        w
        for w in found
        if w.isVisibleTo(root)
        and w.isEnabled()
        and not isinstance(w.parentWidget(), QComboBox)
        and w.objectName() not in {"qt_scrollarea_viewport", "qt_calendar_navigationbar"}
        and type(w).__name__ not in {"QScrollBar", "QHeaderView"}
    ]


def labelled_by_form(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    for label in parent.findChildren(QLabel) if parent else []:
        if label.buddy() is widget and label.text():
            return True
    layout = parent.layout() if parent else None
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        return isinstance(label, QWidget)
    return False


def spoken_name(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "") or widget.toolTip()
    return "form label" if labelled_by_form(widget) else ""


def tab_reaches(root: QWidget, wanted: list[QWidget]) -> set[QWidget]:
    """Press Tab until focus comes round again; return the controls it visited."""
    root.activateWindow()
    QApplication.processEvents()
    reached: set[QWidget] = set()
    first = QApplication.focusWidget()
    for _ in range(len(wanted) * 3 + 10):
        QTest.keyClick(QApplication.focusWidget() or root, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is None:
            break
        reached.add(focus)
        if focus is first and len(reached) > 1:
            break
    return reached


def check(qtbot: QtBot, root: QWidget) -> None:
    qtbot.addWidget(root)
    root.show()
    qtbot.waitExposed(root)
    wanted = controls(root)
    assert wanted
    unnamed = [type(w).__name__ for w in wanted if not spoken_name(w)]
    assert unnamed == []
    not_tabbable = [
        spoken_name(w) for w in wanted if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    ]
    assert not_tabbable == []
    reached = tab_reaches(root, wanted)
    missed = [
        spoken_name(w) for w in wanted if w not in reached and not in_reached_group(w, reached)
    ]
    assert missed == []


def in_reached_group(widget: QWidget, reached: set[QWidget]) -> bool:
    """Buttons of an exclusive group are one Tab stop; the arrow keys move within it."""
    group = widget.group() if isinstance(widget, QAbstractButton) else None
    return bool(group and group.exclusive() and any(b in reached for b in group.buttons()))


def test_main_window(qtbot: QtBot, db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(persona.id, "example", "@jane")
    window = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: NOW)
    check(qtbot, window)


def test_account_details(qtbot: QtBot, db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    window = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: NOW)
    window.panel.select("account", account.id)
    check(qtbot, window)


def test_walkthrough_window(qtbot: QtBot, db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    checklist = example_checklist()
    session = start_walkthrough(db, {checklist.id: checklist}, account.id)
    check(qtbot, WalkthroughWindow(session, "@jane (Personal)"))


def test_persona_colour_is_chosen_with_the_arrow_keys(qtbot: QtBot) -> None:
    dialog = PersonaDialog()
    check(qtbot, dialog)
    first = dialog.colour.group.checkedButton()
    assert first is not None
    first.setFocus()
    QTest.keyClick(first, Qt.Key.Key_Right)
    assert dialog.colour.colour != "#5b7db1"
    assert dialog.result_persona().colour == dialog.colour.colour


def test_dialogs_and_setup(qtbot: QtBot, db: Database) -> None:
    db.add_persona("Personal", PersonaKind.PERSONAL)
    check(qtbot, AccountDialog(db.personas(), [example_checklist()], None))
    wizard = SetupWizard(db.practice(), db.personas(), [example_checklist()])
    check(qtbot, wizard)
    wizard.next()
    check(qtbot, wizard)
