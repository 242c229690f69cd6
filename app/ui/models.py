"""Qt item models over the status overviews and an account's items.

The models hold plain data computed by the services; they never read or write the store.
Text for people is built here in one place so every view words things the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

from app.domain.due import DueCause
from app.domain.personas import Persona, PersonaStatus
from app.domain.progress import AnswerState, ItemStatus, ProgressEvent, Standing, put_off_day
from app.services.status import AccountOverview
from app.ui.dates import day_text
from app.ui.widgets import swatch_icon

ModelIndex = QModelIndex | QPersistentModelIndex

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""What a row stands for: "dashboard", "persona" or "account"."""
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4


def short_day(day: date) -> str:
    """A day in the window's one format (`app.ui.dates`)."""
    return day_text(day)


def _local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def put_off_text(status: ItemStatus) -> str:
    """ "Put off until 8 Dec 2026" for a put-off item, else ""."""
    day = status.put_off_until(_local_zone())
    return f"Put off until {short_day(day)}" if day is not None else ""


def local_time(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{short_day(local.date())}, {local:%H:%M}"


def due_text(overview: AccountOverview) -> str:
    """The "next due" cell: a date, or what is due now, in a few words."""
    due = overview.due
    if due.next_due is None:
        return "No reminders (retired)"
    if due.snoozed_until is not None:
        return f"Snoozed until {short_day(due.snoozed_until)}"
    if due.due:
        if due.cause is DueCause.NEVER_REVIEWED:
            return "Now: never reviewed"
        if due.cause is DueCause.CHECKLIST_CHANGED:
            return "Now: checklist changed"
        if due.cause is DueCause.PUT_OFF:
            return "Now: put-off settings"
        if due.overdue_days > 0:
            return f"Overdue by {due.overdue_days} day{'s' if due.overdue_days != 1 else ''}"
        return "Today"
    return short_day(due.next_due)


def badge_text(overview: AccountOverview) -> str:
    """The short status beside an account in the persona list."""
    summary = overview.summary
    if overview.checklist is None:
        return "checklist missing"
    if summary.needs_recheck:
        return f"{summary.needs_recheck} to re-check"
    if summary.complete:
        return "overdue" if overview.due.due and overview.due.overdue_days else "✓ done"
    if summary.settled == 0 and summary.later == 0:
        return "not started"
    if summary.put_off and summary.open_not_put_off:
        return f"{summary.open_not_put_off} open · {summary.put_off} put off"
    if summary.put_off:
        return f"{summary.put_off} put off"
    return f"{summary.open} open"


def _warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class PersonaTreeModel(QStandardItemModel):
    """The left-hand list: the dashboard, then each persona with its accounts."""

    def __init__(self) -> None:
        super().__init__(0, 2)
        self.setHorizontalHeaderLabels(["Persona or account", "Status"])

    def populate(self, personas: Sequence[Persona], overviews: Sequence[AccountOverview]) -> None:
        self.removeRows(0, self.rowCount())
        dashboard = QStandardItem("Dashboard: all accounts")
        dashboard.setData("dashboard", NODE_ROLE)
        dashboard.setEditable(False)
        due_count = sum(1 for o in overviews if o.due.due)
        status = QStandardItem(f"{due_count} due" if due_count else "")
        status.setEditable(False)
        self.appendRow([dashboard, status])
        by_persona: dict[int, list[AccountOverview]] = {}
        for overview in overviews:
            by_persona.setdefault(overview.persona.id, []).append(overview)
        for persona in personas:
            label = persona.name
            if persona.status is not PersonaStatus.ACTIVE:
                label += f" ({persona.status.value})"
            row = QStandardItem(swatch_icon(persona.colour), label)
            row.setData("persona", NODE_ROLE)
            row.setData(persona.id, ID_ROLE)
            row.setEditable(False)
            row.setToolTip(
                f"{persona.name}: a {persona.kind.value} persona, re-checked every "
                f"{persona.recheck_days} days"
            )
            accounts = by_persona.get(persona.id, [])
            count = QStandardItem(f"{len(accounts)} account{'s' if len(accounts) != 1 else ''}")
            count.setEditable(False)
            for overview in accounts:
                child = QStandardItem(f"{overview.platform} · {overview.account.handle}")
                child.setData("account", NODE_ROLE)
                child.setData(overview.account.id, ID_ROLE)
                child.setEditable(False)
                child.setToolTip(f"{child.text()}\n{overview.due.reason}")
                badge = QStandardItem(badge_text(overview))
                badge.setEditable(False)
                badge.setToolTip(overview.due.reason)
                if overview.due.due and not overview.due.snoozed_until:
                    badge.setIcon(_warning_icon())
                child.setAccessibleText(f"{child.text()}, {badge.text()}")
                row.appendRow([child, badge])
            self.appendRow([row, count])

    def find(self, node: str, node_id: int | None = None) -> QModelIndex:
        """The index of the dashboard, a persona or an account (invalid if gone)."""
        pending = [self.index(r, 0) for r in range(self.rowCount())]
        while pending:
            index = pending.pop(0)
            if index.data(NODE_ROLE) == node and (
                node_id is None or index.data(ID_ROLE) == node_id
            ):
                return index
            pending.extend(self.index(r, 0, index) for r in range(self.rowCount(index)))
        return QModelIndex()


class DashboardColumn(StrEnum):
    PERSONA = "Persona"
    PLATFORM = "Platform"
    HANDLE = "Account"
    PROGRESS = "Settled"
    RECHECK = "Re-check"
    LAST_REVIEW = "Last review"
    NEXT_DUE = "Next due"


COLUMNS = tuple(DashboardColumn)


class DashboardModel(QStandardItemModel):
    """One row per account; sortable by every column (SORT_ROLE gives the sort key).

    Every cell is filled in once per refresh: sizing and painting the table then read it
    without calling back into Python, which they would do for a dozen roles per cell.
    """

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setHorizontalHeaderLabels([column.value for column in COLUMNS])
        self.rows: list[AccountOverview] = []

    def populate(self, overviews: Sequence[AccountOverview]) -> None:
        self.removeRows(0, self.rowCount())
        self.rows = list(overviews)
        bold = QFont()
        bold.setBold(True)
        for overview in self.rows:
            self.appendRow([self._cell(overview, column, bold) for column in COLUMNS])

    def overview(self, row: int) -> AccountOverview:
        return self.rows[row]

    @staticmethod
    def _cell(overview: AccountOverview, column: DashboardColumn, bold: QFont) -> QStandardItem:
        text = DashboardModel._text(overview, column)
        overdue = overview.due.due and overview.due.snoozed_until is None
        cell = QStandardItem(text)
        cell.setEditable(False)
        cell.setData(DashboardModel._sort_key(overview, column), SORT_ROLE)
        cell.setData(overview.account.id, ID_ROLE)
        if column is DashboardColumn.PERSONA:
            cell.setIcon(swatch_icon(overview.persona.colour))
        if overdue:
            cell.setFont(bold)
            if column is DashboardColumn.NEXT_DUE:
                cell.setIcon(_warning_icon())
                cell.setAccessibleText(f"Due: {text}")
        if column in (DashboardColumn.NEXT_DUE, DashboardColumn.LAST_REVIEW):
            cell.setToolTip(f"{text}: {overview.due.reason}")
        elif column in (DashboardColumn.HANDLE, DashboardColumn.PLATFORM, DashboardColumn.PERSONA):
            cell.setToolTip(text)
        elif column is DashboardColumn.PROGRESS and overview.summary.put_off:
            cell.setToolTip(
                "Settled: done or not applicable. Put off: still open, due again on the "
                "date you chose."
            )
        elif column is DashboardColumn.RECHECK and overview.summary.needs_recheck:
            cell.setToolTip("A newer checklist changed these settings since you answered them.")
        if column in (DashboardColumn.PROGRESS, DashboardColumn.RECHECK):
            cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        return cell

    @staticmethod
    def _text(overview: AccountOverview, column: DashboardColumn) -> str:
        summary = overview.summary
        if column is DashboardColumn.PERSONA:
            return overview.persona.name
        if column is DashboardColumn.PLATFORM:
            return overview.platform
        if column is DashboardColumn.HANDLE:
            return overview.account.handle
        if column is DashboardColumn.PROGRESS:
            if overview.checklist is None:
                return "checklist missing"
            put_off = f" · {summary.put_off} put off" if summary.put_off else ""
            return f"{summary.settled} / {summary.total}{put_off}"
        if column is DashboardColumn.RECHECK:
            return str(summary.needs_recheck) if summary.needs_recheck else "–"
        if column is DashboardColumn.LAST_REVIEW:
            review = overview.last_review
            return short_day(review.at.astimezone().date()) if review else "Never"
        return due_text(overview)

    @staticmethod
    def _sort_key(overview: AccountOverview, column: DashboardColumn) -> Any:
        summary = overview.summary
        if column is DashboardColumn.PROGRESS:
            return summary.settled / summary.total if summary.total else -1.0
        if column is DashboardColumn.RECHECK:
            return summary.needs_recheck
        if column is DashboardColumn.LAST_REVIEW:
            review = overview.last_review
            return review.at.isoformat() if review else ""
        if column is DashboardColumn.NEXT_DUE:
            due = overview.due
            return due.next_due.isoformat() if due.next_due else "9999"
        return DashboardModel._text(overview, column).lower()


class ItemFilter(StrEnum):
    ALL = "All settings"
    PENDING = "Still open"
    PUT_OFF = "Put off"
    RECHECK = "To re-check"
    DONE = "Done or not applicable"


def item_category(status: ItemStatus) -> ItemFilter:
    if status.standing is Standing.NEEDS_RECHECK:
        return ItemFilter.RECHECK
    if status.is_settled:
        return ItemFilter.DONE
    if status.is_put_off:
        return ItemFilter.PUT_OFF
    if status.standing is Standing.REMOVED:
        return ItemFilter.ALL
    return ItemFilter.PENDING


def standing_text(status: ItemStatus) -> str:
    if status.standing is Standing.NEEDS_RECHECK:
        return "Check again: the checklist changed"
    if status.standing is Standing.REMOVED:
        return "No longer in the checklist"
    if status.standing is Standing.NEW:
        return "Not answered yet"
    if status.state is AnswerState.LATER:
        return put_off_text(status) or "Put off"
    return status.state.label if status.state else ""


ITEM_COLUMNS = ("Setting", "Answer", "When", "Checklist", "Note")


class ItemsModel(QStandardItemModel):
    """An account's items with their standing; each item's history as its children."""

    def __init__(self) -> None:
        super().__init__(0, len(ITEM_COLUMNS))
        self.setHorizontalHeaderLabels(list(ITEM_COLUMNS))

    def populate(self, statuses: Sequence[ItemStatus], history: Sequence[ProgressEvent]) -> None:
        self.removeRows(0, self.rowCount())
        by_item: dict[str, list[ProgressEvent]] = {}
        for event in history:
            by_item.setdefault(event.item_id, []).append(event)
        for status in statuses:
            title = status.item.title if status.item else status.item_id
            last = status.last_answer
            cells = [
                QStandardItem(title),
                QStandardItem(standing_text(status)),
                QStandardItem(local_time(last.at) if last else ""),
                QStandardItem(
                    f"{last.checklist_version} (rev. {last.item_revision})" if last else ""
                ),
                QStandardItem(last.note if last else ""),
            ]
            category = item_category(status)
            for cell in cells:
                cell.setEditable(False)
                cell.setData(category.value, FILTER_ROLE)
            cells[0].setData(status.item_id, ID_ROLE)
            if status.item is not None:
                cells[0].setToolTip(f"{status.item.title}\n\n{status.item.why}")
            if status.standing is Standing.NEEDS_RECHECK:
                cells[1].setIcon(_warning_icon())
                font = QFont()
                font.setBold(True)
                cells[1].setFont(font)
            if status.standing is Standing.REMOVED:
                font = QFont()
                font.setItalic(True)
                for cell in cells:
                    cell.setFont(font)
            own = by_item.get(status.item_id, [])
            for event in reversed(own):
                state = event.state.label
                if event.state is AnswerState.LATER:
                    state = f"Put off until {short_day(put_off_day(event, _local_zone()))}"
                history_row = [
                    QStandardItem("Your answer"),
                    QStandardItem(state),
                    QStandardItem(local_time(event.at)),
                    QStandardItem(f"{event.checklist_version} (rev. {event.item_revision})"),
                    QStandardItem(event.note),
                ]
                for cell in history_row:
                    cell.setEditable(False)
                history_row[0].setData(status.item_id, ID_ROLE)
                cells[0].appendRow(history_row)
            self.appendRow(cells)


class ItemFilterProxy(QSortFilterProxyModel):
    """Shows the items of one category that hold every word typed in the account view's
    filter box, in any column (their history rows come along)."""

    def __init__(self) -> None:
        super().__init__()
        self.category = ItemFilter.ALL
        self.words: list[str] = []

    def set_category(self, category: ItemFilter) -> None:
        self._refilter(category, self.words)

    def set_words(self, words: list[str]) -> None:
        self._refilter(self.category, words)

    def _refilter(self, category: ItemFilter, words: list[str]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.category, self.words = category, words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.category, self.words = category, words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if source_parent.isValid():
            return True
        model = self.sourceModel()
        if self.words:
            texts = " ".join(
                str(model.index(source_row, column).data() or "")
                for column in range(model.columnCount())
            ).casefold()
            if not all(word in texts for word in self.words):
                return False
        if self.category is ItemFilter.ALL:
            return True
        value = model.index(source_row, 0, source_parent).data(FILTER_ROLE)
        if self.category is ItemFilter.PENDING:
            # Still open includes the put-off settings: put off is not done.
            return value in (ItemFilter.PENDING.value, ItemFilter.PUT_OFF.value)
        return bool(value == self.category.value)
