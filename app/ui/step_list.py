"""The walkthrough's list of steps, each with its state, to jump straight to any of them;
and the choice of how long "Later" puts a setting off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

from app.domain.progress import PUT_OFF_CHOICES_DAYS, PUT_OFF_DEFAULT_DAYS
from app.services.walkthrough import Step
from app.ui.dates import day_text

STEP_ROLE = Qt.ItemDataRole.UserRole + 1


def _length(days: int) -> str:
    return {1: "a day", 7: "a week", 14: "two weeks", 30: "a month"}.get(days, f"{days} days")


class StepList(QListWidget):
    """One row per step: "3. Title", then its state. Enter, a click or a double-click on
    a row asks to go to that step (`step_chosen`)."""

    step_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Steps")
        self.setAccessibleDescription(
            "Every setting of this walkthrough with its state; press Enter to go to one"
        )
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setMinimumWidth(150)
        self.itemClicked.connect(self._chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter goes to the step; it must not reach the window's default button (Done).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self._chosen(item)
            event.accept()
            return
        super().keyPressEvent(event)

    def _chosen(self, item: QListWidgetItem) -> None:
        index = item.data(STEP_ROLE)
        if isinstance(index, int):
            self.step_chosen.emit(index)

    def show_steps(self, steps: Sequence[Step], current: int | None) -> None:
        """Fill (or refresh) the rows, and mark the current step without emitting."""
        self.blockSignals(True)
        try:
            if self.count() != len(steps):
                self.clear()
                for _ in steps:
                    self.addItem(QListWidgetItem())
            for step in steps:
                row = self.item(step.index)
                state = step.state_text
                row.setText(f"{step.number}. {step.item.title}\n    {state}")
                row.setData(STEP_ROLE, step.index)
                row.setToolTip(f"Step {step.number}: {step.item.title} ({state})")
                row.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    f"Step {step.number}, {step.item.title}: {state}",
                )
                font = row.font()
                font.setBold(step.index == current)
                row.setFont(font)
            if current is not None and 0 <= current < self.count():
                self.setCurrentRow(current)
            else:
                self.clearSelection()
        finally:
            self.blockSignals(False)


class PutOffChoice(QComboBox):
    """How long "Later" puts the setting off; the default is a week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for days in PUT_OFF_CHOICES_DAYS:
            self.addItem(f"for {_length(days)}", days)
        self.setCurrentIndex(PUT_OFF_CHOICES_DAYS.index(PUT_OFF_DEFAULT_DAYS))
        self.setAccessibleName("Put off for")
        self.setAccessibleDescription(
            "How long Later puts this setting off: it stays open and comes back on that date"
        )

    @property
    def days(self) -> int:
        value = self.currentData()
        return int(value) if isinstance(value, int) else PUT_OFF_DEFAULT_DAYS

    def describe(self, until: date) -> None:
        """Say in the tooltip which day a setting put off now comes back."""
        self.setToolTip(f"Later puts the setting off until {day_text(until)}; it stays open")
