"""The group practice's dialogs: what goes in a new pack, the key fingerprint to confirm
on a first import, and the owner's staff table. Thin: they show and collect; the
services decide (app.services.practice_pack, attestation, staff_view)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Checklist
from app.domain.practice_pack import MAX_DAYS, Requirement
from app.services.practice_pack import PackPlan
from app.services.staff_view import StaffView
from app.ui.widgets import heading, muted, text_label


class MakePackDialog(QDialog):
    """Which checklists every clinician must complete, how often, and the statement."""

    def __init__(
        self,
        checklists: Sequence[Checklist],
        plan: PackPlan,
        default_statement: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make a practice pack")
        self.setAccessibleName("Make a practice pack")
        self._checklists = list(checklists)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Make a practice pack"))
        layout.addWidget(
            muted(
                text_label(
                    "The pack carries the practice details and office policy, the practice's "
                    "own checklists, and what each clinician must complete. Tick what is "
                    "required and the longest time allowed between re-checks."
                )
            )
        )
        wanted = {r.checklist: r.max_days for r in plan.requirements if not r.clinicians}
        self.table = QTableWidget(len(self._checklists), 2, self)
        self.table.setHorizontalHeaderLabels(["Required checklist", "At least every (days)"])
        self.table.setAccessibleName("Required checklists")
        self.table.setAccessibleDescription(
            "Tick a checklist to require it of every clinician; set the days between re-checks"
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days: list[QSpinBox] = []
        for row, checklist in enumerate(self._checklists):
            item = QTableWidgetItem(f"{checklist.platform} ({checklist.id})")
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(
                Qt.CheckState.Checked if checklist.id in wanted else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, 0, item)
            spin = QSpinBox(self.table)
            spin.setRange(1, MAX_DAYS)
            spin.setValue(wanted.get(checklist.id, 90))
            spin.setAccessibleName(f"Days between re-checks of {checklist.platform}")
            self.table.setCellWidget(row, 1, spin)
            self.days.append(spin)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Statement each clinician acknowledges:"))
        self.statement = QLineEdit(plan.statement or default_statement, self)
        self.statement.setAccessibleName("Statement each clinician acknowledges")
        layout.addWidget(self.statement)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save the pack…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def set_required(self, checklist_id: str, days: int) -> None:
        for row, checklist in enumerate(self._checklists):
            item = self.table.item(row, 0)
            if checklist.id == checklist_id and item is not None:
                item.setCheckState(Qt.CheckState.Checked)
                self.days[row].setValue(days)

    def _ticked(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def plan(self) -> PackPlan:
        requirements = tuple(
            Requirement(checklist.id, self.days[row].value())
            for row, checklist in enumerate(self._checklists)
            if self._ticked(row)
        )
        return PackPlan(requirements, self.statement.text().strip())


class FingerprintDialog(QDialog):
    """The first pack from a practice: compare the key's fingerprint, then trust it."""

    def __init__(
        self, practice: str, fingerprint: str, changes: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Confirm the practice's key")
        self.setAccessibleName("Confirm the practice's key")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"A practice pack from {practice}"))
        layout.addWidget(
            text_label(
                "This is the first pack from this practice on this computer. Compare the "
                "fingerprint below with the one the practice's owner gives you, in person or "
                "by phone. Only if they match, trust it: later packs must then carry the "
                "same key."
            )
        )
        self.fingerprint = QLabel(fingerprint, self)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(f"Key fingerprint {fingerprint}")
        layout.addWidget(self.fingerprint)
        if changes:
            layout.addWidget(muted(text_label("\n".join(changes))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.trust_button = QPushButton("They match: trust and import")
        self.trust_button.setAccessibleName("Trust the key and import the pack")
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.trust_button.setAutoDefault(False)
        cancel.setDefault(True)  # Enter never trusts a key by accident
        cancel.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


STAFF_COLUMNS = ("Clinician", "Status", "Attested", "Policy acknowledged", "What is missing")
REQUIREMENT_COLUMNS = (
    "Checklist",
    "At least every",
    "Last complete review",
    "Put off",
    "Open",
    "Status",
)


class StaffDialog(QDialog):
    """The owner's staff table, with the same rows as the printed staff summary."""

    def __init__(self, view: StaffView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(f"Staff summary · {view.practice.name}")
        self.setAccessibleName("Staff summary")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Staff summary"))
        layout.addWidget(
            muted(
                text_label(
                    f"Practice pack version {view.pack_version}, office policy version "
                    f"{view.policy_version}. {view.up_to_date} of {len(view.clinicians)} "
                    "clinicians up to date."
                )
            )
        )
        self.table = QTableWidget(len(view.clinicians), len(STAFF_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(STAFF_COLUMNS))
        self.table.setAccessibleName("Clinicians and their standing")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setCornerButtonEnabled(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for row, c in enumerate(view.clinicians):
            cells = (c.name, c.status.capitalize(), c.attested_on, c.acknowledged, c.detail)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 2)
        self.requirements_label = QLabel("Required checklists of the clinician selected above:")
        layout.addWidget(self.requirements_label)
        self.requirements = QTableWidget(0, len(REQUIREMENT_COLUMNS), self)
        self.requirements.setHorizontalHeaderLabels(list(REQUIREMENT_COLUMNS))
        self.requirements.setAccessibleName("Required checklists of the selected clinician")
        self.requirements.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.requirements.verticalHeader().setVisible(False)
        self.requirements.setCornerButtonEnabled(False)
        self.requirements.horizontalHeader().setSectionResizeMode(
            len(REQUIREMENT_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.requirements_label.setBuddy(self.requirements)
        layout.addWidget(self.requirements, 1)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_requirements(row))
        if view.clinicians:
            self.table.selectRow(0)
            self.show_requirements(0)
        if view.refused:
            lines = "\n".join(f"{name}: {why}" for name, why in view.refused)
            layout.addWidget(muted(text_label(f"Files not used:\n{lines}")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton("Print or save as PDF…")
        self.print_button.setAccessibleName("Print the staff summary or save it as PDF")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 420)

    def show_requirements(self, row: int) -> None:
        """Fill the lower table with the selected clinician's requirements."""
        if not 0 <= row < len(self.view.clinicians):
            self.requirements.setRowCount(0)
            return
        clinician = self.view.clinicians[row]
        self.requirements_label.setText(f"Required checklists of {clinician.name}:")
        self.requirements.setRowCount(len(clinician.requirements))
        for index, r in enumerate(clinician.requirements):
            cells = (
                r.platform,
                f"{r.max_days} days",
                r.last_review,
                str(r.put_off),
                str(r.open),
                r.status,
            )
            for column, text in enumerate(cells):
                self.requirements.setItem(index, column, QTableWidgetItem(text))
        self.requirements.resizeColumnsToContents()

    def cell(self, row: int, column: int, table: QTableWidget | None = None) -> str:
        item = (table or self.table).item(row, column)
        return item.text() if item is not None else ""
