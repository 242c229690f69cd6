"""Bring back an archived persona or account; their history was never deleted."""

from __future__ import annotations

from collections.abc import Callable, Mapping

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

from app.services import workspace
from app.store.database import Database
from app.store.errors import DatabaseError
from app.ui.errors import sentence
from app.ui.fit import place


class RestoreDialog(QDialog):
    """Archived personas and accounts, any of which can be brought back."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        platforms: Mapping[str, str] | None = None,
        on_delete: Callable[[int], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.restored = ""
        self.setWindowTitle("Restore archived")
        place(self, remember="ui.size.restore")
        layout = QVBoxLayout(self)
        label = QLabel("&Archived personas and accounts (their history was kept):")
        self.list = QListWidget()
        self.list.setAccessibleName("Archived personas and accounts")
        label.setBuddy(self.list)
        layout.addWidget(label)
        layout.addWidget(self.list)
        for entry in workspace.archived_items(db):
            if entry.kind == "persona":
                text = f"Persona: {entry.name}"
            else:
                platform = (platforms or {}).get(entry.checklist_id, entry.checklist_id)
                text = f"Account: {entry.name} ({platform}, {entry.persona_name})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
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
        self.delete_button = buttons.addButton(
            "&Delete for good…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.delete_button.setToolTip("Delete the selected archived account and its history")
        self.delete_button.setVisible(on_delete is not None)
        self._on_delete = on_delete
        self.delete_button.clicked.connect(self._delete)
        self.list.currentItemChanged.connect(lambda *_: self._update_delete())
        self._update_delete()
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _selected(self) -> workspace.ArchivedItem | None:
        item = self.list.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return entry if isinstance(entry, workspace.ArchivedItem) else None

    def _update_delete(self) -> None:
        entry = self._selected()
        self.delete_button.setEnabled(entry is not None and entry.kind == "account")

    def _delete(self) -> None:
        entry = self._selected()
        if entry is None or entry.kind != "account" or self._on_delete is None:
            return
        if self._on_delete(entry.id):
            self.reject()

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        entry = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(entry, workspace.ArchivedItem):
            return
        try:
            workspace.restore(self.db, entry)
        except DatabaseError as exc:
            self.error.setText(sentence(str(exc)))
            self.error.setVisible(True)
            return
        self.restored = item.text().split(": ", 1)[1]
        self.accept()
