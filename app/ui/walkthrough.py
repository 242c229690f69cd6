"""The guided walkthrough window: one checklist item per step, for one account.

Thin over `app.services.walkthrough.WalkthroughSession`: every answer is written by the
session the moment it is given, so closing the window at any point loses nothing.
Every action has a keyboard shortcut, shown on its button or in its tooltip.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Severity
from app.domain.freshness import check_line
from app.domain.progress import AnswerState, Standing
from app.services.walkthrough import Step, WalkthroughMode, WalkthroughSession
from app.ui.errors import write_failed
from app.ui.widgets import Callout, heading, muted, section_label, text_label

SEVERITY_TEXT = {
    Severity.HIGH: "High importance",
    Severity.MEDIUM: "Medium importance",
    Severity.LOW: "Low importance",
}

SHORTCUT_HINT = (
    "Keys: Alt+D or Ctrl+Enter Done · Alt+N Not applicable · Alt+L Later · "
    "Alt+← Back · Alt+→ Next · Alt+O Open · Esc Close"
)


def _minutes(minutes: int) -> str:
    if minutes <= 0:
        return "no time"
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    return f"about {hours} h {rest:02d} min" if rest else f"about {hours} h"


def _when(step: Step) -> str:
    previous = step.previous
    if previous is None:
        return ""
    day = previous.at.astimezone().strftime("%d %b %Y")
    note = f" — note: “{previous.note}”" if previous.note else ""
    if step.carried_from:
        return (
            f"This setting replaces one you answered “{previous.state.label}” on {day}. "
            f"Please check it again{note}."
        )
    if step.standing is Standing.NEEDS_RECHECK:
        return (
            f"The checklist changed since you answered “{previous.state.label}” on {day}. "
            f"Please check it again{note}."
        )
    return f"Your answer on {day}: {previous.state.label}{note}."


class StepView(QWidget):
    """The content of one step, inside a scroll area: everything but the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 12, 4)
        layout.setSpacing(10)
        self.title = heading("")
        self.title.setAccessibleName("Setting")
        self.facts = muted(text_label())
        self.checked = muted(text_label())
        self.checked.setAccessibleName("When the steps were checked")
        self.previous = text_label()
        self.previous.setAccessibleName("Earlier answer")
        self.why_label = section_label("Why it matters")
        self.why = text_label()
        self.why.setAccessibleName("Why it matters")
        self.steps_label = section_label("How to get there")
        self.steps = text_label(rich=True)
        self.steps.setAccessibleName("How to get there")
        self.recommendation = Callout()
        self.recommendation.setAccessibleName("Recommended setting")
        self.recommendation_title = section_label("")
        self.recommendation_text = text_label()
        self.recommendation.body.addWidget(self.recommendation_title)
        self.recommendation.body.addWidget(self.recommendation_text)
        self.caveat = text_label()
        self.caveat.setAccessibleName("Good to know")
        self.references_label = section_label("Sources")
        self.references = text_label(rich=True)
        self.references.setOpenExternalLinks(True)
        self.references.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.references.setAccessibleName("Sources")
        for widget in (
            self.title,
            self.facts,
            self.checked,
            self.previous,
            self.recommendation,
            self.why_label,
            self.why,
            self.steps_label,
            self.steps,
            self.caveat,
            self.references_label,
            self.references,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_step(self, step: Step, persona_kind_label: str) -> None:
        item = step.item
        self.title.setText(item.title)
        self.facts.setText(
            f"Step {step.number} of {step.total} · {SEVERITY_TEXT[item.severity]} · "
            f"{_minutes(item.effort_minutes).capitalize()}"
        )
        checked = check_line(item, date.today())
        self.checked.setText(checked)
        self.checked.setVisible(bool(checked))
        when = _when(step)
        self.previous.setText(when)
        self.previous.setVisible(bool(when))
        self.why.setText(item.why)
        self.steps.setText(
            "<ol style='margin-left:0; -qt-list-indent:1'>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in item.steps)
            + "</ol>"
        )
        self.recommendation_title.setText(f"Recommended for a {persona_kind_label} account")
        self.recommendation_text.setText(step.recommendation or "No recommendation given.")
        self.recommendation.setAccessibleDescription(step.recommendation or "")
        self.caveat.setText(f"Good to know: {item.caveat}" if item.caveat else "")
        self.caveat.setVisible(bool(item.caveat))
        refs = []
        for ref in item.references:
            title = html.escape(ref.title)
            if ref.url:
                refs.append(f"<li><a href='{html.escape(ref.url, quote=True)}'>{title}</a></li>")
            else:
                refs.append(f"<li>{title}</li>")
        self.references.setText("<ul style='-qt-list-indent:1'>" + "".join(refs) + "</ul>")
        self.references.setVisible(bool(refs))
        self.references_label.setVisible(bool(refs))


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
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        recheck = session.mode is WalkthroughMode.RECHECK
        self.setWindowTitle(
            f"{'Re-check' if recheck else 'Walkthrough'}: {session.checklist.platform} "
            f"— {account_label} — Tightrope"
        )
        self.setAccessibleName("Walkthrough")
        self.resize(760, 720)
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
        outer.addWidget(self.pages, 1)
        self.view = StepView()
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
        self.later_button.setToolTip("Alt+L: remind me, I will come back to it")
        self.later_button.setAccessibleName("Later")
        self.done_button.clicked.connect(lambda: self.give_answer(AnswerState.DONE))
        self.na_button.clicked.connect(lambda: self.give_answer(AnswerState.NOT_APPLICABLE))
        self.later_button.clicked.connect(lambda: self.give_answer(AnswerState.LATER))
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.na_button)
        buttons.addWidget(self.done_button)
        controls.addLayout(buttons)
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
        self._show_current()

    def _build_finish_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.finish_title = heading("")
        self.finish_text = text_label()
        self.finish_text.setAccessibleName("Summary")
        row = QHBoxLayout()
        self.first_open_button = QPushButton("&Go to the first open item")
        self.first_open_button.setAccessibleName("Go to the first open item")
        self.first_open_button.clicked.connect(self.go_to_first_open)
        self.review_button = QPushButton("&Review my answers")
        self.review_button.setAccessibleName("Review my answers from the first step")
        self.review_button.clicked.connect(lambda: self._go(0))
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close the walkthrough")
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.first_open_button)
        row.addWidget(self.review_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addWidget(self.finish_title)
        layout.addWidget(self.finish_text)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    @property
    def on_finish_page(self) -> bool:
        return self.pages.currentIndex() == 1

    def _update_progress(self) -> None:
        progress = self.session.progress()
        self.progress.setRange(0, progress.total)
        self.progress.setValue(progress.answered)
        left = "" if progress.complete else f" · {_minutes(progress.minutes_left)} left"
        self.progress.setFormat(f"{progress.answered} of {progress.total} answered{left}")
        self.progress.setAccessibleDescription(self.progress.format())

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
        self.pages.setCurrentIndex(1)
        self.step_controls.setVisible(False)
        self._update_progress()
        open_count = progress.total - progress.answered
        if self.session.completed:
            self.finish_title.setText("Walkthrough complete")
            self.finish_text.setText(
                f"You answered all {progress.total} items. The review is recorded with today's "
                "date, and Tightrope will remind you when it is time to check again."
            )
        elif open_count:
            self.finish_title.setText("Almost there")
            self.finish_text.setText(
                f"{open_count} item{'s are' if open_count != 1 else ' is'} still open "
                f"({_minutes(progress.minutes_left)}). Your answers so far are saved; you can "
                "close now and carry on later."
            )
        else:
            self.finish_title.setText("All answered")
            self.finish_text.setText("Every item has an answer. Your answers are saved.")
        self.first_open_button.setVisible(open_count > 0)
        (self.first_open_button if open_count else self.close_button).setFocus()

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

    def open_setting(self) -> None:
        link = self.session.current.item.link or self.session.checklist.settings_url
        if link:
            QDesktopServices.openUrl(QUrl(link))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Answers are written as they are given; nothing to save here.
        event.accept()
        super().closeEvent(event)
