"""The dashboard's "What's due" panel, and the reminders' menu actions: export the
calendar, and start at login.

The panel writes only through the reminders service (snooze, reviewed elsewhere) and says
so with `changed`, so the window can refresh what else shows the accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.due import SNOOZE_CHOICES_DAYS, DueCause
from app.services.autostart import Autostart, AutostartError
from app.services.reminders import AccountDue, Reminders, most_pressing_first, walkthrough_mode
from app.store.errors import DatabaseError
from app.ui.dates import day_text
from app.ui.errors import show_error, write_failed
from app.ui.widgets import Callout, muted, section_label, text_label

SHOWN_AT_FIRST = 5


def _start_label(entry: AccountDue) -> str:
    if entry.hold is not None:
        return "Open Replies"
    if entry.status.cause is DueCause.NEVER_REVIEWED:
        return "Start walkthrough"
    if entry.status.cause is DueCause.PUT_OFF:
        return "Go through put-off settings"
    if walkthrough_mode(entry).value == "recheck":
        return "Re-check changed settings"
    return "Start re-check"


class DueRow(QWidget):
    """One due account: what, why, and what the user can do about it.

    Wide, the buttons sit to the right of the text; narrower, they move below it; narrower
    still, Snooze and "Reviewed elsewhere…" fold into one "More" menu (`set_width`), so the
    row never needs more width than the dashboard has.
    """

    def __init__(self, entry: AccountDue, panel: DuePanel) -> None:
        super().__init__(panel)
        self.entry = entry
        self.mode = ""
        status = entry.status
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = section_label(entry.title)
        self.title.setWordWrap(True)
        text.addWidget(self.title)
        if status.overdue_days:
            late = "1 day" if status.overdue_days == 1 else f"{status.overdue_days} days"
            self.overdue = section_label(f"Overdue by {late}")
            text.addWidget(self.overdue)
        self.reason = text_label(status.reason)
        text.addWidget(self.reason)
        self.grid.addLayout(text, 0, 0)
        self.grid.setColumnStretch(0, 1)

        self.start_button = QPushButton(_start_label(entry))
        self.start_button.setAccessibleName(f"{_start_label(entry)}: {entry.title}")
        if entry.hold is not None:
            hold = entry.hold
            self.start_button.clicked.connect(
                lambda: panel.replies_requested.emit(entry.account.id, hold.situation)
            )
        else:
            self.start_button.clicked.connect(
                lambda: panel.walkthrough_requested.emit(
                    entry.account.id, walkthrough_mode(entry).value
                )
            )
        self.snooze_button = QToolButton()
        self.snooze_button.setText("Snooze")
        self.snooze_button.setAccessibleName(f"Snooze {entry.title}")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        self.snooze_actions: dict[int, QAction] = {}
        for days in SNOOZE_CHOICES_DAYS:
            action = menu.addAction("For a day" if days == 1 else "For a week")
            action.triggered.connect(lambda _=False, d=days: panel.snooze(entry, d))
            self.snooze_actions[days] = action
        self.snooze_button.setMenu(menu)
        self.elsewhere_button = QPushButton("Reviewed elsewhere…")
        self.elsewhere_button.setAccessibleName(f"Reviewed elsewhere: {entry.title}")
        self.elsewhere_button.setToolTip(
            "You checked these settings without the walkthrough (on your phone, say)"
        )
        self.elsewhere_button.clicked.connect(lambda: panel.reviewed_elsewhere(entry))
        self.more_button = QToolButton()
        self.more_button.setText("More")
        self.more_button.setAccessibleName(f"More for {entry.title}: snooze, reviewed elsewhere")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        for days, action in self.snooze_actions.items():
            folded = more.addAction(f"Snooze {action.text().lower()}")
            folded.triggered.connect(lambda _=False, d=days: panel.snooze(entry, d))
        more.addSeparator()
        more.addAction("Reviewed elsewhere…").triggered.connect(
            lambda _=False: panel.reviewed_elsewhere(entry)
        )
        self.more_button.setMenu(more)
        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.start_button,
            self.snooze_button,
            self.elsewhere_button,
            self.more_button,
        ):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        self.hold_only = entry.hold is not None
        """A "sleep on it" reminder: no snooze, no reviewed elsewhere."""
        self.set_width(10_000)

    def _buttons_width(self, folded: bool) -> int:
        shown = [self.start_button, self.more_button if folded else self.snooze_button]
        if not folded:
            shown.append(self.elsewhere_button)
        spacing = max(self.grid.horizontalSpacing(), 6)
        return sum(b.sizeHint().width() for b in shown) + spacing * (len(shown) - 1)

    def set_width(self, width: int) -> None:
        """Lay the row out for `width` pixels: buttons beside, below, or folded."""
        full = self._buttons_width(folded=False)
        text_room = width - full - 16
        if text_room >= max(260, self.title.fontMetrics().horizontalAdvance("x" * 34)):
            mode = "beside"
        elif width >= full:
            mode = "below"
        else:
            mode = "folded"
        if mode == self.mode:
            return
        self.mode = mode
        self.grid.removeWidget(self.buttons)
        if mode == "beside":
            self.grid.addWidget(self.buttons, 0, 1, Qt.AlignmentFlag.AlignTop)
        else:
            self.grid.addWidget(self.buttons, 1, 0, Qt.AlignmentFlag.AlignLeft)
        folded = mode == "folded"
        self.snooze_button.setVisible(not folded and not self.hold_only)
        self.elsewhere_button.setVisible(not folded and not self.hold_only)
        self.more_button.setVisible(folded and not self.hold_only)


class DuePanel(Callout):
    """ "What's due": the accounts due now, with a button for each thing to do."""

    walkthrough_requested = Signal(int, str)
    """Account id and WalkthroughMode value, as AccountDetails.walkthrough_requested."""
    changed = Signal()
    """A snooze or a "reviewed elsewhere" was recorded."""
    replies_requested = Signal(int, str)
    """A "sleep on it" reminder's button: account id and reply situation id."""

    def __init__(
        self,
        reminders: Reminders,
        parent: QWidget | None = None,
        *,
        confirm: Callable[[str, str], bool] | None = None,
        ask_how: Callable[[str], tuple[str, str] | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.reminders = reminders
        self._confirm = confirm or self._ask
        self._ask_how = ask_how or self._ask_elsewhere
        self.entries: list[AccountDue] = []
        self.rows: list[DueRow] = []
        self.show_all = False
        self.setAccessibleName("What's due")
        self.heading = section_label("What's due")
        self.body.addWidget(self.heading)
        self.summary = text_label()
        self.body.addWidget(self.summary)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(0)
        self.body.addLayout(self.rows_layout)
        self.more_button = QPushButton()
        self.more_button.setFlat(True)
        self.more_button.clicked.connect(self._toggle_all)
        self.body.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.snoozed_label = muted(text_label())
        self.body.addWidget(self.snoozed_label)
        self.unsnooze_layout = QHBoxLayout()
        self.body.addLayout(self.unsnooze_layout)
        self.unsnooze_buttons: list[QPushButton] = []

    def refresh(self) -> None:
        """Read what is due now and redraw."""
        try:
            entries = self.reminders.entries()
        except DatabaseError as exc:
            self.summary.setText(f"Could not read what is due: {exc}")
            return
        self.populate(entries)

    def populate(self, entries: list[AccountDue]) -> None:
        """Show these accounts (in any order; the most pressing come first)."""
        entries = most_pressing_first(entries)
        self.entries = entries
        due = [e for e in entries if e.status.due]
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        shown = due if self.show_all else due[:SHOWN_AT_FIRST]
        self.rows = [DueRow(entry, self) for entry in shown]
        for row in self.rows:
            row.set_width(self._row_width(self.width()))
            self.rows_layout.addWidget(row)

        if due:
            count = "1 account is" if len(due) == 1 else f"{len(due)} accounts are"
            self.summary.setText(f"{count} due for a re-check.")
        elif not entries:
            self.summary.setText("Add an account and its reminders will show here.")
        else:
            upcoming = [(e.status.remind_on, e) for e in entries if e.status.remind_on]
            if upcoming:
                when, first = min(upcoming, key=lambda pair: pair[0])
                self.summary.setText(
                    f"Nothing is due. Next re-check: {first.title} on {day_text(when)}."
                )
            else:
                self.summary.setText("Nothing is due.")

        hidden = len(due) - len(shown)
        self.more_button.setVisible(len(due) > SHOWN_AT_FIRST)
        self.more_button.setText(f"Show all {len(due)}" if hidden else "Show fewer")
        snoozed = [e for e in entries if e.status.snoozed_until is not None]
        self.snoozed_label.setVisible(bool(snoozed))
        self.snoozed_label.setText(
            "\n".join(
                f"Snoozed until {day_text(e.status.snoozed_until)}: {e.title}"
                for e in snoozed
                if e.status.snoozed_until is not None
            )
        )
        for button in self.unsnooze_buttons:
            self.unsnooze_layout.removeWidget(button)
            button.deleteLater()
        self.unsnooze_buttons = []
        for entry in snoozed:
            button = QPushButton("Undo snooze" if len(snoozed) == 1 else f"Undo: {entry.title}")
            button.setAccessibleName(f"Undo the snooze of {entry.title}")
            button.clicked.connect(lambda _=False, e=entry: self.end_snooze(e))
            self.unsnooze_layout.addWidget(button)
            self.unsnooze_buttons.append(button)
        if snoozed:
            self.unsnooze_layout.addStretch(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for row in self.rows:
            row.set_width(self._row_width(event.size().width()))

    def _row_width(self, width: int) -> int:
        margins = self.body.contentsMargins()
        return width - margins.left() - margins.right()

    def _toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.populate(self.entries)

    def snooze(self, entry: AccountDue, days: int) -> None:
        try:
            self.reminders.snooze([entry.account.id], days)
        except DatabaseError as exc:
            write_failed(self, "the snooze", exc)
            return
        self.refresh()
        self.changed.emit()

    def end_snooze(self, entry: AccountDue) -> None:
        """Take a snooze back: the account is due again now."""
        try:
            self.reminders.end_snooze([entry.account.id])
        except DatabaseError as exc:
            write_failed(self, "the change", exc)
            return
        self.refresh()
        self.changed.emit()

    def reviewed_elsewhere(self, entry: AccountDue) -> None:
        question = (
            f"Record that you checked the {entry.what} of {entry.title} today, without the "
            "walkthrough?\n\nThis goes into your history and restarts the "
            f"{entry.status.interval_days}-day interval."
        )
        if entry.status.recheck_items:
            question += (
                " Settings the new checklist changed still ask for a re-check: the "
                "walkthrough shows what changed."
            )
        answer = self._ask_how(question)
        if answer is None:
            return
        how, note = answer
        try:
            self.reminders.reviewed_elsewhere(entry.account.id, note, how)
        except DatabaseError as exc:
            write_failed(self, "the review", exc)
            return
        self.refresh()
        self.changed.emit()

    def _ask_elsewhere(self, question: str) -> tuple[str, str] | None:
        """Where or how the review was done: (ElsewhereHow value, the user's words)."""
        from app.ui.elsewhere_dialog import ElsewhereDialog

        dialog = ElsewhereDialog(question, self)
        if dialog.exec() != ElsewhereDialog.DialogCode.Accepted:
            return None
        return dialog.how.value, dialog.note

    def _ask(self, title: str, text: str) -> bool:
        box = QMessageBox(self)
        box.setWindowTitle(title)
        box.setText(text)
        record = box.addButton("Record it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(record)
        box.exec()
        return box.clickedButton() is record


def export_calendar_to(parent: QWidget | None, reminders: Reminders, path: Path) -> int | None:
    """Write the calendar to `path` and say what was done; the number of events, or None."""
    from app.services.calendar_feed import CalendarExportError, export_calendar

    try:
        result = export_calendar(
            reminders.db, reminders.catalog, path, reminders.now(), reminders.tz
        )
    except CalendarExportError as exc:
        show_error(parent, "Calendar not exported", f"The calendar was not written: {exc}.")
        return None
    except DatabaseError as exc:
        show_error(parent, "Calendar not exported", "Tightrope could not read your data.", "", exc)
        return None
    events = "1 re-check" if result.events == 1 else f"{result.events} re-checks"
    box = QMessageBox(parent)
    box.setWindowTitle("Calendar exported")
    box.setText(f"Wrote {events} to {result.path}.")
    box.setInformativeText(
        "Import the file into your calendar. After a review, export and import again: the "
        "events move instead of appearing twice. The file names the platform and the "
        "persona, not your handles, in case your calendar syncs to another server."
    )
    box.exec()
    return result.events


def export_calendar_action(parent: QWidget, reminders: Reminders) -> QAction:
    """ "Export calendar…" for the Reminders menu: asks where, then writes the .ics file."""
    action = QAction("Export &calendar…", parent)
    action.setStatusTip("Save your re-check dates as a calendar file (.ics)")

    def run() -> None:
        default = str(Path.home() / "tightrope-rechecks.ics")
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Export calendar", default, "Calendar files (*.ics)"
        )
        if chosen:
            path = Path(chosen)
            export_calendar_to(parent, reminders, path if path.suffix else path.with_suffix(".ics"))

    action.triggered.connect(run)
    return action


def autostart_action(parent: QWidget, autostart: Autostart | None = None) -> QAction:
    """ "Start at login, in the tray": a checkable action that writes or removes the
    system's autostart entry, and shows whether it is there."""
    entry = autostart or Autostart()
    action = QAction("Start at &login, in the tray", parent)
    action.setCheckable(True)
    action.setChecked(entry.is_enabled())

    def toggled(on: bool) -> None:
        try:
            entry.set_enabled(on)
        except AutostartError as exc:
            show_error(parent, "Start at login not changed", str(exc))
        action.blockSignals(True)
        action.setChecked(entry.is_enabled())
        action.blockSignals(False)

    action.toggled.connect(toggled)
    return action
