"""One account: its standing, the checklist items with their answers, and their history."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.progress import ProgressEvent
from app.services.status import AccountOverview
from app.services.walkthrough import WalkthroughMode
from app.ui.models import ItemFilter, ItemFilterProxy, ItemsModel, short_day
from app.ui.widgets import RoomyRows, heading, muted, swatch_icon, text_label


class AccountDetails(QWidget):
    walkthrough_requested = Signal(int, str)
    """account id, WalkthroughMode value"""
    edit_requested = Signal(int)
    back_requested = Signal()

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

        actions = QHBoxLayout()
        self.walk_button = QPushButton("Start the &walkthrough")
        self.walk_button.setAccessibleName("Start the walkthrough")
        self.walk_button.setToolTip("Ctrl+Enter")
        self.walk_button.clicked.connect(lambda: self._request(WalkthroughMode.FULL))
        self.recheck_button = QPushButton("Re-chec&k changed settings")
        self.recheck_button.setAccessibleName("Re-check the settings a new checklist changed")
        self.recheck_button.setToolTip("Ctrl+Shift+Enter")
        self.recheck_button.clicked.connect(lambda: self._request(WalkthroughMode.RECHECK))
        self.edit_button = QPushButton("Edi&t account…")
        self.edit_button.setAccessibleName("Edit account")
        self.edit_button.clicked.connect(self._edit)
        actions.addWidget(self.walk_button)
        actions.addWidget(self.recheck_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
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
        self.count = muted(QLabel())
        filter_row.addWidget(self.count)
        filter_row.addStretch(1)
        layout.addLayout(filter_row)

        self.model = ItemsModel()
        self.proxy = ItemFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.items = QTreeView()
        self.items.setModel(self.proxy)
        self.items.setAccessibleName("Settings and their history")
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

    def _edit(self) -> None:
        if self.overview is not None:
            self.edit_requested.emit(self.overview.account.id)

    def _filter_changed(self) -> None:
        self.proxy.set_category(ItemFilter(self.filter.currentData()))
        self._update_count()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} setting{'s' if shown != 1 else ''}")
        self.empty.setVisible(shown == 0 and self.overview is not None)
        self.empty.setText(
            "Nothing here with this filter." if self.model.rowCount() else "No settings to show."
        )

    def show_account(self, overview: AccountOverview, history: Sequence[ProgressEvent]) -> None:
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
            parts = [f"{summary.settled} of {summary.total} settings done or not applicable"]
            if summary.later:
                parts.append(f"{summary.later} left for later")
            if summary.new:
                parts.append(f"{summary.new} not answered yet")
            if summary.needs_recheck:
                parts.append(f"{summary.needs_recheck} to re-check after a checklist update")
            self.standing.setText(" · ".join(parts))
        last = overview.last_review
        last_text = f"Last review {short_day(last.at.astimezone().date())}. " if last else ""
        self.due.setText(f"{last_text}{overview.due.reason}")
        has_checklist = checklist is not None
        self.walk_button.setEnabled(has_checklist)
        self.walk_button.setText(
            "Continue the &walkthrough"
            if has_checklist and 0 < summary.settled + summary.later < summary.total
            else "Start the &walkthrough"
        )
        recheck = summary.needs_recheck
        self.recheck_button.setVisible(has_checklist and recheck > 0)
        self.recheck_button.setText(
            f"Re-chec&k {recheck} changed setting{'s' if recheck != 1 else ''}"
        )
        self.model.populate(overview.statuses, history)
        self.items.expandToDepth(-1)
        self.items.collapseAll()
        self.items.setColumnWidth(0, max(360, self.items.width() // 2))
        self._update_count()
