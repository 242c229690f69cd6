"""One account: its standing, the checklist items with their answers, and their history."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.due import DueStatus
from app.domain.progress import ProgressEvent
from app.domain.review import ReviewEvent, ReviewEventKind, elsewhere_text
from app.services.status import AccountOverview
from app.services.walkthrough import WalkthroughMode
from app.ui.filter_box import FilterBox, words
from app.ui.models import ID_ROLE, ItemFilter, ItemFilterProxy, ItemsModel, short_day
from app.ui.widgets import RoomyRows, heading, muted, swatch_icon, text_label


class SettingsTree(QTreeView):
    """The settings and their history; Enter on a setting asks to change its answer."""

    change_requested = Signal(str)
    """The item id of the setting to open in the walkthrough."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            item_id = self.item_at(self.currentIndex())
            if item_id:
                self.change_requested.emit(item_id)
                return
        super().keyPressEvent(event)

    def item_at(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return value if isinstance(value, str) else None


class AccountDetails(QWidget):
    walkthrough_requested = Signal(int, str)
    """account id, WalkthroughMode value"""
    change_requested = Signal(int, str)
    """account id, item id: open the walkthrough at that setting ("Change this answer…")"""
    edit_requested = Signal(int)
    back_requested = Signal()
    replies_requested = Signal(int)
    """account id: open the Replies screen for a contact on this account (app.ui.replies_entry)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: AccountOverview | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.back_button = QPushButton("← Dashboard")
        self.back_button.setAccessibleName("Back to the dashboard")
        self.back_button.setToolTip("Alt+Home")
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout.addLayout(top)
        title_row = QHBoxLayout()
        self.swatch = QLabel()
        self.swatch.setAccessibleName("Persona colour")
        self.title = heading("")
        title_row.addWidget(self.swatch, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addWidget(self.title, 1)
        layout.addLayout(title_row)
        self.subtitle = muted(text_label())
        self.subtitle.setAccessibleDescription("Persona and checklist")
        layout.addWidget(self.subtitle)
        self.profile = text_label(rich=True)
        self.profile.setOpenExternalLinks(True)
        self.profile.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.profile.setAccessibleDescription("Profile address and notes")
        layout.addWidget(self.profile)
        self.standing = text_label()
        self.standing.setAccessibleDescription("Standing")
        layout.addWidget(self.standing)
        self.due = muted(text_label())
        self.due.setAccessibleDescription("Next review")
        layout.addWidget(self.due)

        self.reviews = muted(text_label())
        self.reviews.setAccessibleName("Review history")
        layout.addWidget(self.reviews)

        actions = QHBoxLayout()
        self.walk_button = QPushButton("Continue &where I left off")
        self.walk_button.setAccessibleName("Continue where I left off")
        self.walk_button.setToolTip("Ctrl+Enter: the first setting not answered yet")
        self.walk_button.clicked.connect(lambda: self._request(WalkthroughMode.FULL))
        self.put_off_button = QPushButton("Go through p&ut-off settings")
        self.put_off_button.setAccessibleName("Go through the put-off settings")
        self.put_off_button.clicked.connect(lambda: self._request(WalkthroughMode.PUT_OFF))
        self.recheck_button = QPushButton("Re-chec&k changed settings")
        self.recheck_button.setAccessibleName("Re-check the settings a new checklist changed")
        self.recheck_button.setToolTip("Ctrl+Shift+Enter")
        self.recheck_button.clicked.connect(lambda: self._request(WalkthroughMode.RECHECK))
        self.again_button = QPushButton("Go through all a&gain")
        self.again_button.setAccessibleName("Go through all the settings again")
        self.again_button.clicked.connect(lambda: self._request(WalkthroughMode.AGAIN))
        self.edit_button = QPushButton("Edi&t account…")
        self.edit_button.setAccessibleName("Edit account")
        self.edit_button.clicked.connect(self._edit)
        self.replies_button = QPushButton("Replies an&d reviews…")
        self.replies_button.setAccessibleName("Replies and reviews for this account")
        self.replies_button.clicked.connect(self._replies)
        self.button_grid = QGridLayout()
        self.button_grid.setColumnStretch(2, 1)
        self._lay_out_buttons()
        actions.addLayout(self.button_grid)
        layout.addLayout(actions)

        filter_row = QHBoxLayout()
        filter_label = QLabel("&Show:")
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show which settings")
        for category in ItemFilter:
            self.filter.addItem(category.value, category.value)
        filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter)
        self.text_filter = FilterBox("Filter settings", "Filter (Alt+M)")
        self.text_filter.setMinimumWidth(100)
        self.text_filter.textChanged.connect(self._find_changed)
        find = QShortcut(QKeySequence("Alt+M"), self, self.text_filter.setFocus)
        find.setContext(Qt.ShortcutContext.WindowShortcut)
        filter_row.addWidget(self.text_filter, 1)
        self.count = muted(QLabel())
        filter_row.addWidget(self.count)
        layout.addLayout(filter_row)

        self.model = ItemsModel()
        self.proxy = ItemFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.items = SettingsTree()
        self.items.setModel(self.proxy)
        self.items.setAccessibleName("Settings and their history")
        self.items.setAccessibleDescription(
            "Enter, a double-click or the context menu opens a setting in the walkthrough "
            "to change its answer"
        )
        self.items.setExpandsOnDoubleClick(False)
        self.items.doubleClicked.connect(self._change_at)
        self.items.change_requested.connect(self._change)
        self.items.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.items.customContextMenuRequested.connect(self._context_menu)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setAlternatingRowColors(True)
        self.items.setUniformRowHeights(True)
        self.items.setAllColumnsShowFocus(True)
        self.items.setItemDelegate(RoomyRows(self.items))
        header = self.items.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.items, 1)
        self.empty = muted(text_label())
        layout.addWidget(self.empty)

    @property
    def account_id(self) -> int | None:
        return self.overview.account.id if self.overview else None

    def _request(self, mode: WalkthroughMode) -> None:
        if self.overview is not None:
            self.walkthrough_requested.emit(self.overview.account.id, mode.value)

    def _change(self, item_id: str) -> None:
        overview = self.overview
        if overview and overview.checklist and overview.checklist.item(item_id) is not None:
            self.change_requested.emit(overview.account.id, item_id)

    def _change_at(self, index: QModelIndex) -> None:
        item_id = self.items.item_at(index)
        if item_id:
            self._change(item_id)

    def context_menu_for(self, index: QModelIndex) -> QMenu | None:
        """The menu a right-click on `index` shows, or None where it has nothing to offer."""
        item_id = self.items.item_at(index)
        if item_id is None or self.overview is None or self.overview.checklist is None:
            return None
        if self.overview.checklist.item(item_id) is None:
            return None
        menu = QMenu(self)
        action = menu.addAction("Change this answer…")
        action.triggered.connect(lambda: self._change(item_id))
        return menu

    def _context_menu(self, point: QPoint) -> None:
        menu = self.context_menu_for(self.items.indexAt(point))
        if menu is not None:
            menu.exec(self.items.viewport().mapToGlobal(point))

    def _replies(self) -> None:
        if self.overview is not None:
            self.replies_requested.emit(self.overview.account.id)

    def _edit(self) -> None:
        if self.overview is not None:
            self.edit_requested.emit(self.overview.account.id)

    def _filter_changed(self) -> None:
        self.proxy.set_category(ItemFilter(self.filter.currentData()))
        self._update_count()

    def _find_changed(self, text: str) -> None:
        self.proxy.set_words(words(text))
        self._update_count()

    def _lay_out_buttons(self) -> None:
        """The shown buttons two to a row, in their order, with no gap for hidden ones
        (a narrow screen keeps every button in sight)."""
        buttons = (
            self.walk_button,
            self.put_off_button,
            self.recheck_button,
            self.again_button,
            self.edit_button,
            self.replies_button,
        )
        for button in buttons:
            self.button_grid.removeWidget(button)
        shown = [b for b in buttons if not b.isHidden()]
        for index, button in enumerate(shown):
            self.button_grid.addWidget(button, index // 2, index % 2)
        for button in buttons:
            if button not in shown:
                self.button_grid.addWidget(button, len(shown) // 2 + 3, 0)

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} setting{'s' if shown != 1 else ''}")
        self.empty.setVisible(shown == 0 and self.overview is not None)
        self.empty.setText(
            "Nothing here with this filter." if self.model.rowCount() else "No settings to show."
        )

    def show_account(
        self,
        overview: AccountOverview,
        history: Sequence[ProgressEvent],
        reviews: Sequence[ReviewEvent] = (),
    ) -> None:
        self.overview = overview
        account, persona, summary = overview.account, overview.persona, overview.summary
        self.swatch.setPixmap(swatch_icon(persona.colour, 16).pixmap(16, 16))
        self.title.setText(f"{overview.platform} · {account.handle}")
        checklist = overview.checklist
        version = f"checklist {checklist.version}" if checklist else "checklist not installed"
        kind = "" if persona.name.lower() == persona.kind.value else f" ({persona.kind.value})"
        self.subtitle.setText(f"{persona.name}{kind} persona · {overview.platform} {version}")
        extras = []
        if account.profile_url:
            url = html.escape(account.profile_url, quote=True)
            extras.append(f"<a href='{url}'>{html.escape(account.profile_url)}</a>")
        if account.notes:
            extras.append(html.escape(account.notes).replace("\n", "<br>"))
        self.profile.setText("<br>".join(extras))
        self.profile.setVisible(bool(extras))
        if checklist is None:
            self.standing.setText(
                f"The checklist '{account.checklist_id}' is not installed, so its settings cannot "
                "be shown. Your earlier answers are kept."
            )
        else:
            parts = [f"{summary.settled} of {summary.total} settled (done or not applicable)"]
            if summary.later:
                until = overview.due.put_off_until
                when = f" until {short_day(until)}" if until else ""
                parts.append(f"{summary.later} put off{when}, still open")
            if summary.new:
                parts.append(f"{summary.new} not answered yet")
            if summary.needs_recheck:
                parts.append(f"{summary.needs_recheck} to re-check after a checklist update")
            self.standing.setText(" · ".join(parts))
        self.due.setText(due_line(overview.last_review, overview.due))
        self.reviews.setText(review_history(reviews))
        self.reviews.setVisible(bool(reviews))
        has_checklist = checklist is not None
        answered = summary.settled + summary.later + summary.needs_recheck
        self.walk_button.setEnabled(has_checklist)
        self.walk_button.setText(
            "Continue &where I left off" if answered else "Start the &walkthrough"
        )
        self.walk_button.setAccessibleName(self.walk_button.text().replace("&", ""))
        self.put_off_button.setVisible(has_checklist and summary.later > 0)
        self.put_off_button.setText(f"Go through p&ut-off settings ({summary.later})")
        recheck = summary.needs_recheck
        self.recheck_button.setVisible(has_checklist and recheck > 0)
        self.recheck_button.setText(
            f"Re-chec&k {recheck} changed setting{'s' if recheck != 1 else ''}"
        )
        self.again_button.setVisible(has_checklist and answered > 0)
        self._lay_out_buttons()
        self.model.populate(overview.statuses, history)
        self.items.expandToDepth(-1)
        self.items.collapseAll()
        self.items.setColumnWidth(0, max(360, self.items.width() // 2))
        self._update_count()


def due_line(last: ReviewEvent | None, due: DueStatus) -> str:
    """When the account is due and why, with the last review said once: the reason names
    the last complete review itself, so only a review it leaves out is added."""
    if last is None or (due.last_review is not None and "Last reviewed on" in due.reason):
        return due.reason
    return f"Last review {short_day(last.at.astimezone().date())}. {due.reason}"


def review_history(reviews: Sequence[ReviewEvent]) -> str:
    """The account's reviews, newest first, in a few words each (snoozes left out)."""
    lines = []
    for review in sorted(reviews, key=lambda r: r.at, reverse=True)[:5]:
        day = short_day(review.at.astimezone().date())
        if review.kind is ReviewEventKind.COMPLETED:
            lines.append(f"{day}: complete review")
        elif review.kind is ReviewEventKind.PARTIAL:
            detail = review.note.split(": ", 1)[-1] if review.note else ""
            lines.append(
                f"{day}: partial review, settings put off" + (f" ({detail})" if detail else "")
            )
        elif review.kind is ReviewEventKind.REVIEWED_ELSEWHERE:
            lines.append(f"{day}: reviewed outside the walkthrough ({elsewhere_text(review)})")
    return ("Reviews: " + "; ".join(lines) + ".") if lines else ""
