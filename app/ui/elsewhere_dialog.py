""" "Reviewed elsewhere…": where or how the user checked an account's settings without the
walkthrough, so the history and the audit can say so."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.review import ElsewhereHow
from app.ui.widgets import muted, text_label


class ElsewhereDialog(QDialog):
    """Asks how the review was done (one choice) and, optionally, in the user's words.

    "Another way" needs those words: a record that says only "another way" proves little.
    """

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviewed elsewhere")
        self.setAccessibleName("Reviewed elsewhere")
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(question))
        layout.addWidget(QLabel("Where or how did you check the settings?"))
        self.group = QButtonGroup(self)
        self.choices: dict[ElsewhereHow, QRadioButton] = {}
        for how in ElsewhereHow:
            button = QRadioButton(how.label)
            button.setAccessibleName(how.label)
            self.group.addButton(button)
            self.choices[how] = button
            layout.addWidget(button)
        self.choices[ElsewhereHow.PHONE_APP].setChecked(True)
        details_label = QLabel("&Details (who, which app or check-up; optional):")
        self.details = QLineEdit()
        self.details.setAccessibleName("Details of the review")
        self.details.setPlaceholderText("For example: Instagram's Privacy Checkup, on my phone")
        self.details.textChanged.connect(self._update)
        details_label.setBuddy(self.details)
        layout.addWidget(details_label)
        layout.addWidget(self.details)
        self.hint = muted(text_label(""))
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record = self.buttons.addButton("Record it", QDialogButtonBox.ButtonRole.AcceptRole)
        self.record.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for button in self.choices.values():
            button.toggled.connect(self._update)
        self._update()

    @property
    def how(self) -> ElsewhereHow:
        for how, button in self.choices.items():
            if button.isChecked():
                return how
        return ElsewhereHow.OTHER

    @property
    def note(self) -> str:
        return self.details.text().strip()

    def _update(self) -> None:
        needs_words = self.how is ElsewhereHow.OTHER and not self.note
        self.record.setEnabled(not needs_words)
        self.hint.setText("Say in a few words how you checked." if needs_words else "")
