"""Add or edit a persona: name, kind, colour, public name and bio, re-check interval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import PersonaKind
from app.domain.personas import DEFAULT_RECHECK_DAYS, RECHECK_INTERVALS_DAYS, Persona, PersonaStatus
from app.ui.fit import place, scrolling_content
from app.ui.widgets import add_save_footer, muted, swatch_icon, text_label

PERSONA_COLOURS: tuple[tuple[str, str], ...] = (
    ("#5b7db1", "Blue"),
    ("#3f8f6b", "Green"),
    ("#b5651d", "Amber"),
    ("#9c4f96", "Plum"),
    ("#c0504d", "Red"),
    ("#6b7280", "Grey"),
)
"""Persona colours: mid-tone, so they read against light and dark backgrounds alike."""

KIND_TEXT = {
    PersonaKind.PERSONAL: "Personal: friends and family, kept private from clients",
    PersonaKind.PROFESSIONAL: "Professional: the practice's public presence",
    PersonaKind.OTHER: "Other: e.g. a hobby or advocacy account",
}

STATUS_TEXT = {
    PersonaStatus.ACTIVE: "Active",
    PersonaStatus.DORMANT: "Dormant: still online, hardly used",
    PersonaStatus.RETIRED: "Retired: no reminders, kept for the history",
}


KIND_EXAMPLE = {
    PersonaKind.PERSONAL: "Personal",
    PersonaKind.PROFESSIONAL: "Professional",
    PersonaKind.OTHER: "Advocacy",
}


def first_unused(existing: Sequence[Persona]) -> tuple[PersonaKind, str]:
    """The kind and colour a new persona starts with: the first not used yet (Personal,
    then Professional, then Other; the colours in their order)."""
    kinds = {p.kind for p in existing}
    kind = next((k for k in KIND_TEXT if k not in kinds), PersonaKind.OTHER)
    colours = {p.colour.lower() for p in existing}
    colour = next((c for c, _name in PERSONA_COLOURS if c not in colours), PERSONA_COLOURS[0][0])
    return kind, colour


def interval_text(days: int) -> str:
    return {30: "Every month", 60: "Every two months", 90: "Every three months (90 days)"}.get(
        days, {180: "Every six months", 365: "Once a year"}.get(days, f"Every {days} days")
    )


class ColourPicker(QWidget):
    """A row of swatches and an "Other colour…" button. The swatches are radio buttons (one
    tab stop, arrow keys move between them), so a screen reader announces them as a choice
    of one, each by its colour's name."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour.lower()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for value, name in PERSONA_COLOURS:
            button = QRadioButton()
            button.setIcon(swatch_icon(value, 18))
            button.setIconSize(QSize(18, 18))
            button.setAccessibleName(f"Colour {name}")
            button.setToolTip(name)
            button.setProperty("colour", value)
            button.setChecked(value == self.colour)
            self.group.addButton(button)
            row.addWidget(button)
        self.other = QPushButton("Other colour…")
        self.other.setAccessibleName("Choose another colour")
        self.other.clicked.connect(self._choose_other)
        row.addWidget(self.other)
        row.addStretch(1)
        self.group.buttonClicked.connect(lambda b: self._set(str(b.property("colour"))))

    def _set(self, colour: str) -> None:
        self.colour = colour.lower()

    def _choose_other(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, "Persona colour")
        if chosen.isValid():
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(False)
            self.group.setExclusive(True)
            self._set(chosen.name())


class PersonaDialog(QDialog):
    """Collects a persona's details; the caller saves them through the store."""

    def __init__(
        self,
        persona: Persona | None = None,
        parent: QWidget | None = None,
        *,
        existing: Sequence[Persona] = (),
    ) -> None:
        """`existing` personas (for a new one): its kind, name hint and colour start on
        the first that none of them has yet."""
        super().__init__(parent)
        self.persona = persona
        new_kind, new_colour = first_unused(existing)
        self.setWindowTitle("Edit persona" if persona else "Add a persona")
        self.setAccessibleName(self.windowTitle())
        outer = QVBoxLayout(self)
        layout = scrolling_content(outer)
        place(self, remember="ui.size.persona")
        intro = muted(
            text_label(
                "A persona is one side of your online life. Accounts belong to a persona, "
                "and its kind decides which settings are recommended."
            )
        )
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(persona.name if persona else "")
        self.name.setAccessibleName("Persona name")
        self.name.setPlaceholderText(f"e.g. {KIND_EXAMPLE[new_kind]}")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind, text in KIND_TEXT.items():
            self.kind.addItem(text, kind.value)
        self.kind.setCurrentIndex(self.kind.findData((persona.kind if persona else new_kind).value))
        self.colour = ColourPicker(persona.colour if persona else new_colour)
        self.display_name = QLineEdit(persona.display_name if persona else "")
        self.display_name.setAccessibleName("Public name")
        self.display_name.setPlaceholderText("The name shown on these accounts")
        self.bio = QPlainTextEdit(persona.bio if persona else "")
        self.bio.setAccessibleName("Bio")
        self.bio.setTabChangesFocus(True)
        self.bio.setFixedHeight(self.bio.fontMetrics().lineSpacing() * 3 + 14)
        self.interval = QComboBox()
        self.interval.setAccessibleName("Re-check interval")
        current_days = persona.recheck_days if persona else DEFAULT_RECHECK_DAYS
        days_offered = sorted({*RECHECK_INTERVALS_DAYS, current_days})
        for days in days_offered:
            self.interval.addItem(interval_text(days), days)
        self.interval.setCurrentIndex(self.interval.findData(current_days))
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status, text in STATUS_TEXT.items():
            self.status.addItem(text, status.value)
        self.status.setCurrentIndex(
            self.status.findData((persona.status if persona else PersonaStatus.ACTIVE).value)
        )
        for label, widget in (
            ("&Name:", self.name),
            ("&Kind:", self.kind),
            ("Colour:", self.colour),
            ("&Public name:", self.display_name),
            ("&Bio:", self.bio),
            ("&Re-check:", self.interval),
            ("S&tatus:", self.status),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.error, self.buttons = add_save_footer(self, outer, self._accept)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.show_problem("Give the persona a name, for example Personal or Professional.")
            self.name.setFocus()
            return
        self.accept()

    def result_persona(self) -> Persona:
        """The dialog's values as a persona (id 0 for a new one; the store gives the id)."""
        base = self.persona or Persona(0, "", PersonaKind.PERSONAL)
        return replace(
            base,
            name=self.name.text().strip(),
            kind=PersonaKind(self.kind.currentData()),
            display_name=self.display_name.text().strip(),
            bio=self.bio.toPlainText().strip(),
            colour=self.colour.colour,
            recheck_days=int(self.interval.currentData()),
            status=PersonaStatus(self.status.currentData()),
        )
