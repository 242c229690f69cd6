"""The guided walkthrough window: one checklist item per step, for one account.

Thin over `app.services.walkthrough.WalkthroughSession`: every answer is written by the
session the moment it is given, so closing the window at any point loses nothing.
Every action has a keyboard shortcut, shown on its button or in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.progress import AnswerState
from app.services.place import ReferenceOrder
from app.services.walkthrough import WalkthroughMode, WalkthroughSession
from app.ui.dates import day_text
from app.ui.errors import write_failed
from app.ui.fit import place
from app.ui.step_list import PutOffChoice, StepList
from app.ui.step_view import StepView, minutes_text
from app.ui.widgets import heading, muted, section_label, text_label

SHORTCUT_HINT = (
    "Keys: Alt+D or Ctrl+Enter Done · Alt+N Not applicable · Alt+L Later (put off) · "
    "Alt+← Back · Alt+→ Next · Alt+S Steps · Alt+O Open · Esc Close"
)
TITLES = {
    WalkthroughMode.RECHECK: "Re-check",
    WalkthroughMode.PUT_OFF: "Put-off settings",
    WalkthroughMode.AGAIN: "Walkthrough",
    WalkthroughMode.FULL: "Walkthrough",
}


class WalkthroughWindow(QDialog):
    """A non-modal window that walks one account's checklist.

    `answered` is emitted after every saved answer (the dashboard refreshes), `completed`
    when the session records the review as complete.
    """

    answered = Signal()
    completed = Signal()

    def __init__(
        self,
        session: WalkthroughSession,
        account_label: str,
        parent: QWidget | None = None,
        *,
        reference_order: ReferenceOrder | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        recheck = session.mode is WalkthroughMode.RECHECK
        self.setWindowTitle(
            f"{TITLES[session.mode]}: {session.checklist.platform} — {account_label} — Tightrope"
        )
        self.setAccessibleName("Walkthrough")
        self._kind_label = session.persona_kind.value

        outer = QVBoxLayout(self)
        outer.setSpacing(10)
        header = QHBoxLayout()
        intro = (
            f"Re-check of {session.checklist.platform} for {account_label}"
            if recheck
            else f"{session.checklist.platform} for {account_label}"
        )
        self.header = section_label(intro)
        self.header.setWordWrap(True)
        header.addWidget(self.header, 1)
        self.version = muted(QLabel(f"Checklist {session.checklist.version}"))
        header.addWidget(self.version)
        outer.addLayout(header)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(True)
        outer.addWidget(self.progress)

        self.pages = QStackedWidget()
        self.steps = StepList()
        self.steps.step_chosen.connect(self._go)
        steps_box = QWidget()
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_label = QLabel("&Steps:")
        steps_label.setBuddy(self.steps)
        steps_layout.addWidget(steps_label)
        steps_layout.addWidget(self.steps, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(steps_box)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 700])
        outer.addWidget(self.splitter, 1)
        self.view = StepView()
        self.view.reference_order = reference_order
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.view)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages.addWidget(scroll)
        self.pages.addWidget(self._build_finish_page())

        self.step_controls = QWidget()
        controls = QVBoxLayout(self.step_controls)
        controls.setContentsMargins(0, 0, 0, 0)
        link_row = QHBoxLayout()
        self.open_link = QPushButton("&Open the setting in your browser")
        self.open_link.setAccessibleName("Open the setting in your browser")
        self.open_link.setToolTip("Alt+O")
        self.open_link.clicked.connect(self.open_setting)
        link_row.addWidget(self.open_link)
        link_row.addStretch(1)
        controls.addLayout(link_row)
        note_label = QLabel("Not&e (optional, saved with your answer):")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("For example: turned off on the phone app too")
        self.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        note_label.setBuddy(self.note)
        controls.addWidget(note_label)
        controls.addWidget(self.note)

        buttons = QHBoxLayout()
        self.back_button = QPushButton("← &Back")
        self.back_button.setToolTip("Alt+← or Page Up")
        self.back_button.setAccessibleName("Back to the previous step")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("Ne&xt →")
        self.next_button.setToolTip("Alt+→ or Page Down: skip without answering")
        self.next_button.setAccessibleName("Next step without answering")
        self.next_button.clicked.connect(self.go_next)
        self.done_button = QPushButton("&Done")
        self.done_button.setToolTip("Alt+D or Ctrl+Enter: I have set it as recommended")
        self.done_button.setAccessibleName("Done")
        self.done_button.setDefault(True)
        self.na_button = QPushButton("&Not applicable")
        self.na_button.setToolTip("Alt+N: this does not apply to my account")
        self.na_button.setAccessibleName("Not applicable")
        self.later_button = QPushButton("&Later")
        self.later_button.setToolTip(
            "Alt+L: put it off; it stays open and comes back on the date chosen beside"
        )
        self.later_button.setAccessibleName("Later: put this setting off")
        self.put_off = PutOffChoice()
        self.put_off.currentIndexChanged.connect(self._put_off_changed)
        self.done_button.clicked.connect(lambda: self.give_answer(AnswerState.DONE))
        self.na_button.clicked.connect(lambda: self.give_answer(AnswerState.NOT_APPLICABLE))
        self.later_button.clicked.connect(lambda: self.give_answer(AnswerState.LATER))
        self.nav_row = QHBoxLayout()
        self.nav_row.addWidget(self.back_button)
        self.nav_row.addWidget(self.next_button)
        self.nav_row.addStretch(1)
        buttons.addLayout(self.nav_row)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.put_off)
        buttons.addWidget(self.na_button)
        buttons.addWidget(self.done_button)
        self.answer_row = buttons
        self.button_rows = QVBoxLayout()
        self.button_rows.setContentsMargins(0, 0, 0, 0)
        self.button_rows.addLayout(buttons)
        controls.addLayout(self.button_rows)
        self.buttons_stacked = False
        outer.addWidget(self.step_controls)
        self.hint = muted(text_label(SHORTCUT_HINT))
        outer.addWidget(self.hint)

        for keys, action in (
            ("Ctrl+Return", lambda: self.give_answer(AnswerState.DONE)),
            ("Ctrl+Enter", lambda: self.give_answer(AnswerState.DONE)),
            ("Alt+Left", self.go_back),
            ("Alt+Right", self.go_next),
            ("PgUp", self.go_back),
            ("PgDown", self.go_next),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(action)

        self.setTabOrder(self.done_button, self.na_button)
        self.setTabOrder(self.na_button, self.later_button)
        self.setTabOrder(self.later_button, self.note)
        self.setTabOrder(self.note, self.open_link)
        self.setTabOrder(self.open_link, self.back_button)
        self.setTabOrder(self.back_button, self.next_button)
        self.setTabOrder(self.next_button, self.put_off)
        self.setTabOrder(self.put_off, self.steps)
        self._put_off_changed()
        self._show_current()
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            self._arrange_buttons(screen.availableGeometry().width() - 40)
        place(self, QSize(960, 720), remember="ui.size.walkthrough")

    def _build_finish_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.finish_title = heading("")
        self.finish_text = text_label()
        self.finish_text.setAccessibleDescription("Summary")
        row = QGridLayout()
        self.first_open_button = QPushButton("&Go to the first open item")
        self.first_open_button.setAccessibleName("Go to the first open item")
        self.first_open_button.clicked.connect(self.go_to_first_open)
        self.put_off_button = QPushButton("Go through the &put-off settings")
        self.put_off_button.setAccessibleName("Go to the first put-off setting")
        self.put_off_button.clicked.connect(self.go_to_first_put_off)
        self.review_button = QPushButton("&Review my answers")
        self.review_button.setAccessibleName("Review my answers from the first step")
        self.review_button.clicked.connect(lambda: self._go(0))
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close the walkthrough")
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.first_open_button, 0, 0)
        row.addWidget(self.put_off_button, 0, 1)
        row.addWidget(self.review_button, 1, 0)
        row.addWidget(self.close_button, 1, 1)
        row.setColumnStretch(2, 1)
        layout.addWidget(self.finish_title)
        layout.addWidget(self.finish_text)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    @property
    def on_finish_page(self) -> bool:
        return self.pages.currentIndex() == 1

    def _put_off_changed(self) -> None:
        self.session.put_off_days = self.put_off.days
        self.put_off.describe(self.session.put_off_date())

    def _update_progress(self) -> None:
        progress = self.session.progress()
        self.progress.setRange(0, progress.total)
        self.progress.setValue(progress.settled)
        left = f" · {minutes_text(progress.minutes_left)} left" if progress.open else ""
        self.progress.setFormat(f"{progress.describe()}{left}")
        self.progress.setAccessibleDescription(self.progress.format())
        self.steps.show_steps(
            self.session.steps(), None if self.on_finish_page else self.session.index
        )

    def _show_current(self) -> None:
        step = self.session.current
        self.pages.setCurrentIndex(0)
        self.step_controls.setVisible(True)
        self.view.show_step(step, self._kind_label)
        self.note.setPlainText(step.previous.note if step.previous else "")
        link = step.item.link or self.session.checklist.settings_url
        self.open_link.setEnabled(bool(link))
        self.open_link.setToolTip(f"Alt+O: opens {link}" if link else "No link for this setting")
        self.back_button.setEnabled(self.session.can_go_back)
        self.next_button.setEnabled(self.session.can_go_next)
        self._update_progress()
        scroll = self.pages.widget(0)
        if isinstance(scroll, QScrollArea):
            scroll.verticalScrollBar().setValue(0)
        self.done_button.setFocus()

    def _show_finish(self) -> None:
        progress = self.session.progress()
        account = self.session.account_progress()
        self.pages.setCurrentIndex(1)
        self.step_controls.setVisible(False)
        self._update_progress()
        open_count = progress.open
        put_off = progress.put_off
        if self.session.completed:
            self.finish_title.setText("Walkthrough complete")
            self.finish_text.setText(
                f"All {account.total} settings are settled (done or not applicable). The "
                "review is recorded with today's date, and Tightrope will remind you when it "
                "is time to check again."
            )
        elif put_off and not open_count:
            until = day_text(account.put_off_until) if account.put_off_until else "later"
            today = self.session.today()
            when = (
                "They are due now"
                if account.put_off_until is not None and account.put_off_until <= today
                else f"On {until} the account is due for them"
            )
            self.finish_title.setText(
                f"{account.settled} settled, {account.put_off} put off until {until}"
            )
            self.finish_text.setText(
                f"{account.describe()}. Settings you put off are still open, so this is "
                "recorded as a partial review: the re-check interval does not restart. "
                f"{when}, and they count in the separation warnings until they are done."
            )
        elif open_count:
            self.finish_title.setText("Almost there")
            self.finish_text.setText(
                f"{open_count} item{'s are' if open_count != 1 else ' is'} still open "
                f"({minutes_text(progress.minutes_left)}). Your answers so far are saved; you can "
                "close now and carry on later."
            )
        else:
            self.finish_title.setText("All answered")
            self.finish_text.setText("Every item has an answer. Your answers are saved.")
        self.first_open_button.setVisible(open_count > 0)
        self.put_off_button.setVisible(put_off > 0 and not open_count)
        if open_count:
            self.first_open_button.setFocus()
        elif put_off:
            self.put_off_button.setFocus()
        else:
            self.close_button.setFocus()

    def _go(self, index: int) -> None:
        self.session.go_to(index)
        self._show_current()

    def go_back(self) -> None:
        if self.on_finish_page:
            self._show_current()
            return
        if self.session.can_go_back:
            self.session.back()
            self._show_current()

    def go_next(self) -> None:
        if self.on_finish_page:
            return
        if self.session.can_go_next:
            self.session.next()
            self._show_current()
        else:
            self._show_finish()

    def go_to_first_open(self) -> None:
        for index in range(self.session.total):
            if not self.session.step(index).answered_here:
                self._go(index)
                return

    def go_to_first_put_off(self) -> None:
        for step in self.session.steps():
            if step.put_off_until is not None:
                self._go(step.index)
                return

    def go_to_item(self, item_id: str) -> bool:
        """Show the step of `item_id` ("Change this answer…"); False if it is not a step."""
        for index, item in enumerate(self.session.items):
            if item.id == item_id:
                self._go(index)
                return True
        return False

    def give_answer(self, state: AnswerState) -> None:
        if self.on_finish_page:
            return
        was_last = self.session.current.is_last
        was_completed = self.session.completed
        try:
            self.session.answer(state, self.note.toPlainText())
        except Exception as exc:
            write_failed(self, "your answer", exc)
            return
        self.answered.emit()
        if self.session.completed and not was_completed:
            self.completed.emit()
        if was_last or self.session.completed:
            self._show_finish()
        else:
            self._show_current()

    def _arrange_buttons(self, width: int) -> None:
        """Back and Next share the row with the answers when there is room, and go on a
        row of their own above them on a narrow screen, so no button is ever cut off."""
        needed = sum(
            w.sizeHint().width()
            for w in (
                self.back_button,
                self.next_button,
                self.later_button,
                self.put_off,
                self.na_button,
                self.done_button,
            )
        )
        stacked = width < needed + 80
        if stacked == self.buttons_stacked:
            return
        self.buttons_stacked = stacked
        if stacked:
            self.answer_row.removeItem(self.nav_row)
            self.button_rows.insertLayout(0, self.nav_row)
        else:
            self.button_rows.removeItem(self.nav_row)
            self.answer_row.insertLayout(0, self.nav_row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_buttons(event.size().width())
        super().resizeEvent(event)

    def open_setting(self) -> None:
        link = self.session.current.item.link or self.session.checklist.settings_url
        if link:
            QDesktopServices.openUrl(QUrl(link))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Answers are written as they are given; nothing to save here.
        event.accept()
        super().closeEvent(event)
