"""A one-line box that narrows a list as the user types; Esc empties it.

Esc in a box that has text clears the text and stops there (the dialog around it stays
open); in an empty box Esc goes on to the window as usual (a dialog closes).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class FilterBox(QLineEdit):
    def __init__(
        self, accessible_name: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setAccessibleDescription(f"{placeholder}. Esc clears it.")
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


def words(text: str) -> list[str]:
    """The case-blind words of a filter text; an empty list matches everything."""
    return text.casefold().split()


def matches(query: list[str], *texts: str) -> bool:
    haystack = " ".join(texts).casefold()
    return all(word in haystack for word in query)
