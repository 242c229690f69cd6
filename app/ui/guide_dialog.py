"""Help > User guide… (F1): the guide's sections on the left, the text on the right, and a
box that narrows the sections to those holding every word typed (app.domain.guide)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.guide import Guide, GuideSection
from app.services.shipped import load_guide
from app.ui.filter_box import FilterBox
from app.ui.fit import place

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SHORTCUTS_KEY = "Ctrl+/"
"""Keyboard shortcuts moves here: F1 opens the guide, as on most desktops."""


def section_html(section: GuideSection) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in section.paragraphs)
    return f"<h2>{escape(section.title)}</h2>{paragraphs}"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, guide: Guide | None = None) -> None:
        super().__init__(parent)
        self.guide = guide or load_guide()
        self.setWindowTitle("Tightrope user guide")
        self.setAccessibleName("Tightrope user guide")
        place(self, QSize(820, 560), remember="ui.size.guide")
        layout = QVBoxLayout(self)
        find_row = QHBoxLayout()
        find_label = QLabel("&Find in the guide:")
        self.filter = FilterBox("Find in the guide", "Type words to narrow the sections")
        find_label.setBuddy(self.filter)
        find_row.addWidget(find_label)
        find_row.addWidget(self.filter, 1)
        layout.addLayout(find_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        list_label = QLabel("&Sections:")
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections of the guide")
        list_label.setBuddy(self.sections)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.sections)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("Guide text")
        self.text.setMinimumWidth(200)
        splitter.addWidget(left)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([220, 600])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.nothing = QLabel()
        self.nothing.setWordWrap(True)
        self.nothing.setVisible(False)
        layout.addWidget(self.nothing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.sections.currentItemChanged.connect(lambda *_: self._show_current())
        self.filter.textChanged.connect(self._narrow)
        self._narrow("")
        self.filter.setFocus()

    def _narrow(self, query: str) -> None:
        found = self.guide.find(query)
        current = self.current_id()
        self.sections.blockSignals(True)
        self.sections.clear()
        for section in found:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section)
            self.sections.addItem(item)
        self.sections.blockSignals(False)
        ids = [section.id for section in found]
        self.sections.setCurrentRow(ids.index(current) if current in ids else 0)
        self.nothing.setText(f"Nothing in the guide holds “{query.strip()}”.")
        self.nothing.setVisible(not found)
        self._show_current()

    def current_id(self) -> str:
        item = self.sections.currentItem()
        if item is None:
            return ""
        section: GuideSection = item.data(Qt.ItemDataRole.UserRole)
        return section.id

    def titles(self) -> list[str]:
        return [self.sections.item(row).text() for row in range(self.sections.count())]

    def _show_current(self) -> None:
        item = self.sections.currentItem()
        if item is None:
            self.text.clear()
            return
        self.text.setHtml(section_html(item.data(Qt.ItemDataRole.UserRole)))


def open_guide(window: QWidget) -> GuideDialog:
    dialog = GuideDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def install_guide_menu(window: MainWindow) -> QAction:
    """Help > User guide… (F1) at the top of the Help menu."""
    action = QAction("User &guide…", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.setStatusTip("Getting started, walkthroughs, reminders, the policy and a glossary")
    action.triggered.connect(lambda: open_guide(window))
    window.shortcuts_action.setShortcut(QKeySequence(SHORTCUTS_KEY))
    bar = window.menuBar()
    help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
    menu = help_action.menu() if help_action is not None else None
    if isinstance(menu, QMenu):
        menu.insertAction(window.shortcuts_action, action)
    window.addAction(action)
    return action
