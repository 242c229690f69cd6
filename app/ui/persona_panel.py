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
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.personas import Persona
from app.services.status import AccountOverview
from app.ui.filter_box import FilterBox, matches, words
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
        find_row = QHBoxLayout()
        find_label = QLabel("Loo&k for:")
        self.filter = FilterBox("Filter personas and accounts", "Persona, platform or handle")
        find_label.setBuddy(self.filter)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.filter.setFocus)
        find.setContext(Qt.ShortcutContext.WindowShortcut)
        find_row.addWidget(find_label)
        find_row.addWidget(self.filter, 1)
        layout.addLayout(find_row)
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
        self.filter.textChanged.connect(lambda _text: self.apply_filter())
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
        self.apply_filter()
        self.tree.selectionModel().blockSignals(False)
        if not self.select(*current):
            self.select("dashboard", None)

    def apply_filter(self) -> None:
        """Hide the rows that do not hold every word typed. A persona whose name matches
        keeps all its accounts; otherwise it shows the accounts that match (platform,
        handle or status, e.g. "due"). The dashboard row is always there."""
        query = words(self.filter.text())
        root = QModelIndex()
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(NODE_ROLE) != "persona":
                continue
            persona_hit = matches(query, str(index.data()))
            shown = 0
            for child_row in range(self.model.rowCount(index)):
                child = self.model.index(child_row, 0, index)
                badge = self.model.index(child_row, 1, index)
                hit = persona_hit or matches(query, str(child.data()), str(badge.data() or ""))
                self.tree.setRowHidden(child_row, index, not hit)
                shown += hit
            self.tree.setRowHidden(row, root, not (persona_hit or shown))

    def visible_rows(self) -> list[str]:
        """The texts of the rows the filter leaves, top to bottom (personas, then their
        accounts indented by two spaces)."""
        found: list[str] = []
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.tree.isRowHidden(row, QModelIndex()):
                continue
            found.append(str(index.data()))
            for child_row in range(self.model.rowCount(index)):
                if not self.tree.isRowHidden(child_row, index):
                    found.append("  " + str(self.model.index(child_row, 0, index).data()))
        return found

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
