"""What a screen reader hears, read through the accessibility interface Qt hands to AT-SPI
(`QAccessible.queryAccessibleInterface`), not through widget properties: every control
has a name, every piece of information says its own text, and a choice of one is
announced as radio buttons."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui.persona_dialog import PersonaDialog
from tests.window_fit import every_window

FOCUSABLE = (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
)
NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description


def plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat().name == "RichText" or "<" in text:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.replace("&", "").split())


def heard(widget: QWidget) -> tuple[str, str]:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return " ".join(interface.text(NAME).split()), interface.text(DESCRIPTION)


def is_buddy_label(label: QLabel) -> bool:
    return label.buddy() is not None


def problems_in(name: str, window: QWidget) -> list[str]:
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if type(widget).__name__ in {"QScrollBar", "QHeaderView"}:
            continue
        if widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, FOCUSABLE):
            spoken, _ = heard(widget)
            if not spoken.strip():
                found.append(f"{name}: a {type(widget).__name__} has no accessible name")
        elif isinstance(widget, QLabel) and not is_buddy_label(widget):
            text = plain(widget)
            if not text:
                continue
            spoken, _ = heard(widget)
            if text[:40] not in spoken:
                found.append(f"{name}: a label says {text[:40]!r} but a reader hears {spoken!r}")
    return found


def test_every_window_says_its_text_and_names_its_controls(qtbot: QtBot) -> None:
    problems: list[str] = []
    names: list[str] = []
    for name, window in every_window():
        names.append(name)
        problems.extend(problems_in(name, window))
    assert "walkthrough" in names and "policy preview" in names
    assert problems == []


def test_the_walkthrough_reader_hears_the_setting_and_its_steps(qtbot: QtBot) -> None:
    for name, window in every_window():
        if name != "walkthrough":
            continue
        view = window.view  # type: ignore[attr-defined]
        spoken, description = heard(view.title)
        assert spoken == view.title.text()
        assert description == "Setting"
        spoken, description = heard(view.why)
        assert spoken == view.why.text() and description == "Why it matters"
        spoken, _ = heard(view.steps)
        assert plain(view.steps)[:30] in spoken
        assert "Settings" not in description


def test_colour_swatches_are_radio_buttons_named_by_colour(qtbot: QtBot) -> None:
    dialog = PersonaDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    swatches = dialog.colour.group.buttons()
    assert len(swatches) >= 6
    for swatch in swatches:
        interface = QAccessible.queryAccessibleInterface(swatch)
        assert interface.role() == QAccessible.Role.RadioButton
        assert interface.text(NAME).startswith("Colour ")
    assert sum(1 for s in swatches if s.isChecked()) == 1


def test_an_edit_dialogs_problem_line_is_heard(qtbot: QtBot) -> None:
    dialog = PersonaDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    spoken, description = heard(dialog.error)
    assert spoken.startswith("Give the persona a name")
    assert description == "Problem"
