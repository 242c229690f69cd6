"""Bring back an archived persona or account; their history was never deleted."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.store.database import Database
from app.store.errors import DatabaseError
from app.ui.errors import sentence


class RestoreDialog(QDialog):
    """Archived personas and accounts, any of which can be brought back."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        platforms: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.restored = ""
        self.setWindowTitle("Restore archived")
        layout = QVBoxLayout(self)
        label = QLabel("&Archived personas and accounts (their history was kept):")
        self.list = QListWidget()
        self.list.setAccessibleName("Archived personas and accounts")
        label.setBuddy(self.list)
        layout.addWidget(label)
        layout.addWidget(self.list)
        archived_personas = db.archived_persona_ids()
        names = {p.id: p.name for p in db.personas(include_archived=True)}
        for persona_id in sorted(archived_personas):
            item = QListWidgetItem(f"Persona: {names.get(persona_id, persona_id)}")
            item.setData(Qt.ItemDataRole.UserRole, ("persona", persona_id))
            self.list.addItem(item)
        for account_id in sorted(db.archived_account_ids()):
            account = db.account(account_id)
            item = QListWidgetItem(
                f"Account: {account.handle} "
                f"({(platforms or {}).get(account.checklist_id, account.checklist_id)}, "
                f"{names.get(account.persona_id, '')})"
            )
            item.setData(Qt.ItemDataRole.UserRole, ("account", account_id))
            self.list.addItem(item)
        if self.list.count() == 0:
            self.list.addItem("Nothing is archived.")
            self.list.setEnabled(False)
        else:
            self.list.setCurrentRow(0)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.isEnabled())
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        kind, row_id = item.data(Qt.ItemDataRole.UserRole)
        try:
            if kind == "persona":
                self.db.restore_persona(row_id)
            else:
                self.db.restore_account(row_id)
        except DatabaseError as exc:
            self.error.setText(sentence(str(exc)))
            self.error.setVisible(True)
            return
        self.restored = item.text().split(": ", 1)[1]
        self.accept()
