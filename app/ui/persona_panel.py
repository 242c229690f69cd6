"""The left-hand panel: the dashboard, each persona (colour-coded) and its accounts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.personas import Persona
from app.services.status import AccountOverview
from app.ui.models import ID_ROLE, NODE_ROLE, PersonaTreeModel
from app.ui.widgets import RoomyRows

Node = tuple[str, int | None]
"""("dashboard", None), ("persona", id) or ("account", id)."""


class PersonaPanel(QWidget):
    selection_changed = Signal(str, object)
    """node kind, id (None for the dashboard)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = PersonaTreeModel()
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Personas and accounts")
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(RoomyRows(self.tree))
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.selectionModel().selectionChanged.connect(self._selected)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.add_persona_button = QPushButton("Add pers&ona…")
        self.add_persona_button.setAccessibleName("Add a persona")
        self.add_account_button = QPushButton("Add a&ccount…")
        self.add_account_button.setAccessibleName("Add an account")
        buttons.addWidget(self.add_persona_button)
        buttons.addWidget(self.add_account_button)
        layout.addLayout(buttons)
        self.persona_actions: list[QAction] = []
        self.account_actions: list[QAction] = []

    def populate(self, personas: Sequence[Persona], overviews: Sequence[AccountOverview]) -> None:
        """Rebuild the list, keeping the selection where it was when it still exists."""
        current = self.current()
        self.tree.selectionModel().blockSignals(True)
        self.model.populate(personas, overviews)
        self.tree.expandAll()
        self.tree.selectionModel().blockSignals(False)
        if not self.select(*current):
            self.select("dashboard", None)

    def current(self) -> Node:
        index = self.tree.currentIndex()
        if not index.isValid():
            return ("dashboard", None)
        index = index.siblingAtColumn(0)
        node = index.data(NODE_ROLE) or "dashboard"
        node_id = index.data(ID_ROLE)
        return (str(node), int(node_id) if node_id is not None else None)

    def current_persona_id(self) -> int | None:
        """The persona selected, or the persona of the selected account."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        node = index.data(NODE_ROLE)
        if node == "persona":
            return int(index.data(ID_ROLE))
        if node == "account":
            return int(index.parent().data(ID_ROLE))
        return None

    def select(self, node: str, node_id: int | None) -> bool:
        index = self.model.find(node, node_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        node, node_id = self.current()
        self.selection_changed.emit(node, node_id)

    def _context_menu(self, point: QPoint) -> None:
        index: QModelIndex = self.tree.indexAt(point)
        if not index.isValid():  # the menu key: the menu is for the current row
            index = self.tree.currentIndex()
            point = self.tree.visualRect(index).center()
        node = index.siblingAtColumn(0).data(NODE_ROLE) if index.isValid() else None
        actions = (
            self.persona_actions
            if node == "persona"
            else self.account_actions
            if node == "account"
            else []
        )
        if not actions:
            return
        menu = QMenu(self)
        menu.addActions(actions)
        menu.exec(self.tree.viewport().mapToGlobal(point))
