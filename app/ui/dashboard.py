"""The dashboard: every account's standing, what is due, and separation warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.status import AccountOverview
from app.ui.models import COLUMNS, ID_ROLE, SORT_ROLE, DashboardColumn, DashboardModel
from app.ui.widgets import Callout, heading, muted, section_label, text_label


@dataclass(frozen=True)
class WarningView:
    """A separation warning as the dashboard shows it."""

    title: str
    accounts: tuple[str, ...]
    fix: str
    severity: str = "medium"
    details: tuple[str, ...] = ()
    """The settings or facts behind the warning (the CLI and the audit list them too)."""


SHRINK_FLOOR_CHARS = {
    DashboardColumn.PERSONA: 9,
    DashboardColumn.PLATFORM: 11,
    DashboardColumn.HANDLE: 18,
    DashboardColumn.LAST_REVIEW: 11,
    DashboardColumn.NEXT_DUE: 12,
}
"""The columns that give up width when the table is narrower than its contents, each down
to this many characters; the account column, which tells accounts apart, keeps most."""


class AccountTable(QTableView):
    """Enter opens the selected account, like a double-click. The columns always fit the
    table's width (no sideways scrolling): `fit_columns` shares the width out."""

    activated_account = Signal(int)

    def fit_columns(self) -> None:
        """Give every column its natural width if there is room; otherwise the columns in
        `SHRINK_FLOOR_CHARS` give up width in proportion to what they can spare (their
        text elides in the middle, and the full text is in the tooltip)."""
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        room = self.viewport().width()
        chars = self.fontMetrics().averageCharWidth()
        widths: dict[int, int] = {}
        slack: dict[int, int] = {}
        for column, name in enumerate(COLUMNS[: model.columnCount()]):
            width = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            widths[column] = width
            floor_chars = SHRINK_FLOOR_CHARS.get(name)
            if floor_chars is not None:
                slack[column] = max(0, width - chars * floor_chars)
        excess = sum(widths.values()) - room
        spare_total = sum(slack.values())
        if excess > 0 and spare_total:
            share = min(1.0, excess / spare_total)
            for column, spare in slack.items():
                widths[column] -= int(spare * share + 0.999)
        handle = COLUMNS.index(DashboardColumn.HANDLE)
        excess = sum(widths.values()) - room
        if excess > 0:
            # A very narrow window: every column but the account shares the shortfall,
            # down to the header's minimum; the account column gives up the rest.
            least = header.minimumSectionSize()
            others = {c: max(0, w - least) for c, w in widths.items() if c != handle}
            spare_total = sum(others.values())
            share = min(1.0, excess / spare_total) if spare_total else 0.0
            for column, spare in others.items():
                widths[column] -= int(spare * share + 0.999)
            excess = sum(widths.values()) - room
            if excess > 0:
                widths[handle] = max(least, widths[handle] - excess)
        leftover = room - sum(widths.values())
        if leftover > 0:
            widths[handle] += leftover
        for column, width in widths.items():
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _emit(self, index: QModelIndex) -> None:
        account_id = index.siblingAtColumn(0).data(ID_ROLE)
        if account_id is not None:
            self.activated_account.emit(int(account_id))


class Dashboard(QWidget):
    account_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setSpacing(10)
        self.title = heading("Dashboard")
        self.summary = muted(text_label())
        self.summary.setAccessibleDescription("Summary")
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        self.due_slot = QVBoxLayout()
        """Where the reminders' "What's due" panel goes (app.ui.due_panel)."""
        layout.addLayout(self.due_slot)

        self.model = DashboardModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = AccountTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Accounts")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 4)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.sortByColumn(
            COLUMNS.index(DashboardColumn.NEXT_DUE), Qt.SortOrder.AscendingOrder
        )
        self.table.doubleClicked.connect(self.table._emit)
        self.table.activated_account.connect(self.account_activated)
        layout.addWidget(self.table)
        self.empty = Callout()
        self.empty.setAccessibleName("No accounts yet")
        self.empty.body.addWidget(section_label("No accounts yet"))
        self.empty.body.addWidget(
            text_label(
                "Add your first account with Add account… on the left (Ctrl+Shift+A). "
                "Then run its walkthrough: one setting at a time, with where to find it."
            )
        )
        layout.addWidget(self.empty)

        self.warnings_title = section_label("Separation warnings")
        layout.addWidget(self.warnings_title)
        self.warnings_box = QVBoxLayout()
        layout.addLayout(self.warnings_box)
        self.warning_labels: list[QWidget] = []
        self.set_warnings(None)
        layout.addStretch(1)

    def populate(self, overviews: Sequence[AccountOverview]) -> None:
        selected = self.selected_account()
        self.model.populate(overviews)
        self.table.fit_columns()
        has_rows = bool(overviews)
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        due = sum(1 for o in overviews if o.due.due and o.due.snoozed_until is None)
        recheck = sum(1 for o in overviews if o.summary.needs_recheck)
        parts = [f"{len(overviews)} account{'s' if len(overviews) != 1 else ''}"]
        parts.append(f"{due} due now" if due else "nothing due now")
        if recheck:
            parts.append(f"{recheck} with settings to re-check after a checklist update")
        put_off = sum(o.summary.put_off for o in overviews)
        if put_off:
            parts.append(f"{put_off} setting{'s' if put_off != 1 else ''} put off, still open")
        self.summary.setText(" · ".join(parts))
        if has_rows:
            rows = min(len(overviews), 12)
            height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
            height += sum(self.table.rowHeight(r) for r in range(rows))
            self.table.setMinimumHeight(height + 2)
        if selected is not None:
            self.select_account(selected)

    def selected_account(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return int(value) if value is not None else None

    def select_account(self, account_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == account_id:
                self.table.setCurrentIndex(index)
                return

    def set_warnings(self, warnings: Sequence[WarningView] | None) -> None:
        """Show separation warnings; None hides the section (analysis not available)."""
        for widget in self.warning_labels:
            self.warnings_box.removeWidget(widget)
            widget.deleteLater()
        self.warning_labels = []
        self.warnings_title.setVisible(warnings is not None)
        if warnings is None:
            return
        if not warnings:
            label = muted(text_label("No warnings: your personas look well separated."))
            self.warnings_box.addWidget(label)
            self.warning_labels.append(label)
            return
        for warning in warnings:
            box = Callout()
            box.setAccessibleName(f"Warning: {warning.title}")
            row = QHBoxLayout()
            icon = QLabel()
            pixmap = (
                QStyle.StandardPixmap.SP_MessageBoxWarning
                if warning.severity == "high"
                else QStyle.StandardPixmap.SP_MessageBoxInformation
            )
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
            title = section_label(warning.title)
            title.setWordWrap(True)
            row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(title, 1)
            box.body.addLayout(row)
            named = all(a.split(" (")[0] in warning.title for a in warning.accounts)
            if warning.accounts and not named:
                box.body.addWidget(text_label("Accounts: " + ", ".join(warning.accounts)))
            if warning.details:
                box.body.addWidget(
                    text_label("\n".join(f"• {detail}" for detail in warning.details))
                )
            fix = text_label(f"What to do: {warning.fix}")
            box.body.addWidget(fix)
            box.setAccessibleDescription(f"{', '.join(warning.accounts)}. {warning.fix}")
            self.warnings_box.addWidget(box)
            self.warning_labels.append(box)
