"""The Replies screen: choose what happened, read the guidance, edit the reply, check it
(findings highlighted in the text), copy it, and record what was done.

The draft lives in the editor only; it reaches the database only when the user ticks
"Keep the draft with the record". Writes go through app.services.replies.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.draft_check import Finding, infer_kind
from app.domain.due import local_date
from app.domain.practice import PracticeProfile
from app.domain.replies import CONTACTS, FilledSituation, Situation
from app.domain.reply_records import Raised, ReplyAction, ReplyRecord, client_code_warning
from app.services.replies import Replies, open_hold_for, record_contact
from app.store.database import Database
from app.store.errors import DatabaseError, InvalidInputError
from app.ui.background import run_in_background
from app.ui.dates import day_text
from app.ui.errors import sentence, show_error, write_failed
from app.ui.widgets import heading, muted, section_label, text_label

log = logging.getLogger(__name__)

KIND_CHOICES = (
    ("private", "A private message"),
    ("reply", "A public reply or comment"),
    ("review-reply", "A reply under a review"),
    ("post", "A general post"),
)
LARGE_DRAFT = 20_000
"""Characters above which the check runs on a worker thread (about 0.2 s and more)."""
ACTIONS_OFFERED = tuple(a for a in ReplyAction if a is not ReplyAction.SLEEP_ON_IT)


@dataclass(frozen=True)
class AccountChoice:
    account_id: int
    label: str
    """ "Google Business Profile · Riverside (Practice)": what the user recognises."""
    platform: str


def _reading_order(situation: Situation) -> tuple[int, str]:
    """Requests and messages first, then comments and tags, then reviews."""
    return (CONTACTS.index(situation.contact), situation.title.casefold())


def _utf16(text: str, index: int) -> int:
    """A Python string index as a position in a Qt text document (UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


class RepliesWindow(QWidget):
    """One window; `show_situation` picks what is shown, `recorded` says a record was kept."""

    recorded = Signal(str)

    def __init__(
        self,
        db: Database,
        replies: Replies,
        profile: PracticeProfile,
        accounts: Sequence[AccountChoice],
        *,
        clock: Callable[[], datetime],
        tz: tzinfo,
        parent: QWidget | None = None,
        confirm: Callable[[str, str], bool] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db = db
        self.replies = replies
        self.profile = profile
        self.accounts = list(accounts)
        self.clock = clock
        self.tz = tz
        self._confirm = confirm or self._ask
        self.filled: FilledSituation | None = None
        self.findings: list[Finding] = []
        self.checked_text: str | None = None
        self.setWindowTitle("Replies and reviews · Tightrope")
        self.setAccessibleName("Replies and reviews")
        self.resize(1100, 760)

        self.situations = QListWidget()
        self.situations.setAccessibleName("Situations")
        self.situations.setAccessibleDescription("Choose what happened; the guidance follows")
        for situation in sorted(replies.library.situations.values(), key=_reading_order):
            item = QListWidgetItem(situation.title)
            item.setData(Qt.ItemDataRole.UserRole, situation.id)
            item.setToolTip(situation.summary)
            self.situations.addItem(item)
        self.situations.currentItemChanged.connect(self._situation_changed)
        self.situations.setWordWrap(True)
        self.situations.setSpacing(3)
        self.situations.setMinimumWidth(230)

        self.title = heading("")
        self.summary = text_label()
        self.summary.setAccessibleName("In short")
        self.guidance = text_label()
        self.guidance.setAccessibleName("Guidance")
        self.stance_note = muted(text_label())

        self.reply_label = section_label("Private reply")
        self.reply_why = muted(text_label())
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Your reply")
        self.editor.setAccessibleDescription(
            "Edit the reply, or paste any draft, then check it before you post or send it"
        )
        self.editor.setPlaceholderText("Write or paste a draft here to check it.")
        self.editor.setMinimumHeight(110)
        self.editor.setMaximumHeight(170)
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._text_changed)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Where it will appear")
        self.kind.addItem("Guess from the words", None)
        for value, label in KIND_CHOICES:
            self.kind.addItem(label, value)
        self.check_button = QPushButton("&Check")
        self.check_button.setToolTip("Ctrl+Return")
        self.check_button.setAccessibleName("Check the draft")
        self.check_button.clicked.connect(self.check)
        self.copy_button = QPushButton("Cop&y")
        self.copy_button.setAccessibleName("Check and copy the draft")
        self.copy_button.clicked.connect(self.copy)
        self.check_status = text_label()
        self.check_status.setAccessibleName("Check result")
        self.findings_list = QListWidget()
        self.findings_list.setAccessibleName("Findings")
        self.findings_list.setAccessibleDescription("Each finding: what, the words, and why")
        self.findings_list.setWordWrap(True)
        self.findings_list.setSpacing(3)
        self.findings_list.setAlternatingRowColors(True)
        self.findings_list.setMinimumHeight(150)
        self.findings_list.itemActivated.connect(self._select_finding)
        self.findings_list.currentRowChanged.connect(lambda _row: self._select_current())
        self.findings_list.hide()
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(self.check)

        self.public = text_label()
        self.public.setAccessibleName("Public reply")
        self.appointment = text_label()
        self.appointment.setAccessibleName("At the next appointment")
        self.never = text_label()
        self.never.setAccessibleName("Never")
        self.references = text_label(rich=True)
        self.references.setOpenExternalLinks(True)
        self.references.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.references.setAccessibleName("References")

        content = QWidget()
        body = QVBoxLayout(content)
        body.setSpacing(8)
        for widget in (self.title, self.summary):
            body.addWidget(widget)
        draft_box = QGroupBox("Reply and check")
        draft_layout = QVBoxLayout(draft_box)
        draft_layout.addWidget(self.reply_label)
        draft_layout.addWidget(self.reply_why)
        draft_layout.addWidget(self.editor)
        row = QHBoxLayout()
        where = QLabel("&Where:")
        where.setBuddy(self.kind)
        row.addWidget(where)
        row.addWidget(self.kind, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.copy_button)
        draft_layout.addLayout(row)
        draft_layout.addWidget(self.check_status)
        draft_layout.addWidget(self.findings_list)
        body.addWidget(draft_box)
        body.addWidget(section_label("What to know"))
        body.addWidget(self.guidance)
        body.addWidget(self.stance_note)
        for label, widget in (
            ("Public reply", self.public),
            ("At the next appointment", self.appointment),
            ("Never", self.never),
        ):
            body.addWidget(section_label(label))
            body.addWidget(widget)
        body.addWidget(self._record_box())
        body.addWidget(section_label("References"))
        body.addWidget(self.references)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setAccessibleName("Guidance and reply")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.situations)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 820])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        if self.situations.count():
            self.situations.setCurrentRow(0)

    # ------------------------------------------------------------------ building

    def _record_box(self) -> QGroupBox:
        box = QGroupBox("Record what you did")
        box.setAccessibleName("Record what you did")
        form = QFormLayout(box)
        note = muted(
            text_label(
                "A short record for your history and the audit: a client code, never a name. "
                "The draft itself is not kept unless you tick the box."
            )
        )
        form.addRow(note)
        self.contact_on = QDateEdit()
        self.contact_on.setCalendarPopup(True)
        self.contact_on.setDisplayFormat("d MMM yyyy")
        self.contact_on.setAccessibleName("Date of the contact")
        today = local_date(self.clock(), self.tz)
        self.contact_on.setDate(QDate(today.year, today.month, today.day))
        self.contact_on.setMaximumDate(QDate(today.year, today.month, today.day))
        form.addRow("&Date:", self.contact_on)
        self.account = QComboBox()
        self.account.setAccessibleName("Account")
        self.account.addItem("No account (somewhere else)", None)
        for choice in self.accounts:
            self.account.addItem(choice.label, choice.account_id)
        self.account.currentIndexChanged.connect(self._account_changed)
        form.addRow("Acc&ount:", self.account)
        self.platform = QLineEdit()
        self.platform.setAccessibleName("Platform")
        self.platform.setPlaceholderText("e.g. Instagram, Google reviews")
        self.platform.setMaxLength(60)
        form.addRow("&Platform:", self.platform)
        self.action = QComboBox()
        self.action.setAccessibleName("What you did")
        for action in ACTIONS_OFFERED:
            self.action.addItem(action.label, action.value)
        form.addRow("Wha&t you did:", self.action)
        self.raised = QComboBox()
        self.raised.setAccessibleName("Raised at an appointment")
        for raised in (Raised.TO_RAISE, Raised.RAISED, Raised.NOT_RAISED):
            self.raised.addItem(raised.label, raised.value)
        form.addRow("&Appointment:", self.raised)
        self.client_code = QLineEdit()
        self.client_code.setAccessibleName("Client code")
        self.client_code.setAccessibleDescription("Your own code for the client, never a name")
        self.client_code.setPlaceholderText("e.g. C-104 (leave empty if not a client)")
        self.client_code.setMaxLength(32)
        self.client_code.textChanged.connect(self._code_changed)
        form.addRow("Client cod&e:", self.client_code)
        self.code_warning = text_label()
        self.code_warning.setAccessibleName("Client code warning")
        self.code_warning.setStyleSheet("color: #a33;")
        self.code_warning.hide()
        form.addRow(self.code_warning)
        self.keep_draft = QCheckBox("&Keep the draft text with the record")
        self.keep_draft.setAccessibleName("Keep the draft text with the record")
        form.addRow(self.keep_draft)
        buttons = QHBoxLayout()
        self.record_button = QPushButton("&Record")
        self.record_button.setAccessibleName("Record what you did")
        self.record_button.clicked.connect(self.record)
        self.sleep_button = QPushButton("&Sleep on it (remind me in 24 hours)")
        self.sleep_button.setAccessibleName("Sleep on it: remind me in 24 hours")
        self.sleep_button.clicked.connect(self.sleep_on_it)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.sleep_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.record_status = muted(text_label())
        self.record_status.setAccessibleName("Record result")
        form.addRow(self.record_status)
        return box

    # ------------------------------------------------------------------ showing

    def show_situation(self, situation_id: str) -> None:
        for row in range(self.situations.count()):
            if self.situations.item(row).data(Qt.ItemDataRole.UserRole) == situation_id:
                self.situations.setCurrentRow(row)
                return

    def select_account(self, account_id: int | None) -> None:
        index = self.account.findData(account_id)
        self.account.setCurrentIndex(max(0, index))

    def _situation_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        filled = self.replies.filled(str(current.data(Qt.ItemDataRole.UserRole)), self.profile)
        self.filled = filled
        situation = filled.situation
        self.title.setText(situation.title)
        self.summary.setText(situation.summary)
        self.guidance.setText("\n\n".join(filled.guidance))
        self.stance_note.setText(
            f"Follows your policy's stance '{filled.stance}' on {situation.policy_section}."
            if filled.stance
            else "Your policy has its own wording for this; the replies use the default."
        )
        if filled.private_reply:
            self.reply_label.setText("Private reply (a direct message)")
            self.reply_why.hide()
            self.editor.setPlainText(filled.private_reply)
            self.kind.setCurrentIndex(self.kind.findData("private"))
        else:
            self.reply_label.setText("No reply is right here")
            self.reply_why.setText(filled.private_reply_none)
            self.reply_why.show()
            self.editor.clear()
            self.kind.setCurrentIndex(0)
        self.public.setText(filled.public_reply or f"None. {filled.public_reply_none}")
        self.appointment.setText(filled.appointment)
        self.never.setText("\n".join(f"• {item}" for item in situation.never))
        self.references.setText(
            "<br>".join(
                (
                    f'<a href="{html.escape(r.url)}">{html.escape(r.title)}</a>'
                    if r.url
                    else html.escape(r.title)
                )
                + f" <span>(checked {day_text(r.checked)})</span>"
                for r in situation.references
            )
        )
        self.sleep_button.setVisible(situation.sleep_on_it)
        nothing_to_raise = filled.appointment.startswith("Nothing")
        default = Raised.NOT_RAISED if nothing_to_raise else Raised.TO_RAISE
        self.raised.setCurrentIndex(self.raised.findData(default.value))
        self.record_status.clear()
        self._clear_findings()

    def _account_changed(self) -> None:
        account_id = self.account.currentData()
        for choice in self.accounts:
            if choice.account_id == account_id:
                self.platform.setText(choice.platform)

    def _code_changed(self, text: str) -> None:
        warning = client_code_warning(text)
        self.code_warning.setText(warning or "")
        self.code_warning.setVisible(warning is not None)

    # ------------------------------------------------------------------ checking

    def _text_changed(self) -> None:
        if self.checked_text is not None and self.editor.toPlainText() != self.checked_text:
            self.checked_text = None
            self.check_status.setText("Changed since the last check.")

    def _clear_findings(self) -> None:
        self.findings = []
        self.checked_text = None
        self.findings_list.clear()
        self.findings_list.hide()
        self.editor.setExtraSelections([])
        self.check_status.clear()

    def check(self) -> list[Finding]:
        """Check the editor's text, list the findings and highlight each span. A long
        paste is checked on a worker thread; its findings appear when it is done."""
        text = self.editor.toPlainText()
        kind = self.kind.currentData() or infer_kind(text)
        if len(text) > LARGE_DRAFT:
            self.check_button.setEnabled(False)
            self.check_status.setText("Checking a long draft…")
            run_in_background(
                self,
                lambda: self.replies.check(text, kind, self.profile),
                lambda findings: self._show_findings(text, kind, findings),
                self._check_failed,
            )
            return []
        try:
            findings = self.replies.check(text, kind, self.profile)
        except Exception as exc:  # a broken rules file must not close the window
            self._check_failed(exc)
            return []
        self._show_findings(text, kind, findings)
        return findings

    def _check_failed(self, exc: Exception) -> None:
        self.check_button.setEnabled(True)
        show_error(self, "Could not check", "The draft could not be checked.", "", exc)

    def _show_findings(self, text: str, kind: str, findings: list[Finding]) -> None:
        self.check_button.setEnabled(True)
        if self.editor.toPlainText() != text:
            self.check_status.setText("Changed while it was being checked; check again.")
            return
        self.findings = findings
        self.checked_text = text
        self.findings_list.clear()
        selections: list[QTextEdit.ExtraSelection] = []
        highlight = QTextCharFormat()
        highlight.setBackground(QColor("#ffd6cc"))
        highlight.setForeground(QColor("#000000"))
        highlight.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        highlight.setUnderlineColor(QColor("#c0392b"))
        for finding in findings:
            suggestion = self.replies.library.get(finding.suggest)
            see = f" Read: {suggestion.title}." if suggestion else ""
            words = " ".join(finding.excerpt.split())
            item = QListWidgetItem(f"{finding.title}: \u201c{words}\u201d. {finding.explain}{see}")
            item.setData(Qt.ItemDataRole.UserRole, (finding.start, finding.end))
            self.findings_list.addItem(item)
            selection = QTextEdit.ExtraSelection()
            cursor = self.editor.textCursor()
            cursor.setPosition(_utf16(text, finding.start))
            cursor.setPosition(_utf16(text, finding.end), cursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = highlight
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        self.findings_list.setVisible(bool(findings))
        where = dict(KIND_CHOICES).get(kind, kind).lower()
        if findings:
            count = "1 thing" if len(findings) == 1 else f"{len(findings)} things"
            self.check_status.setText(
                f"Found {count} to look at (checked as {where}). Each is highlighted in the text."
            )
        else:
            self.check_status.setText(
                f"Nothing found (checked as {where}). The check misses some problems, "
                "so read it once more before you post or send it."
            )

    def _select_current(self) -> None:
        item = self.findings_list.currentItem()
        if item is not None:
            self._select_finding(item, focus=False)

    def _select_finding(self, item: QListWidgetItem, focus: bool = True) -> None:
        start, end = item.data(Qt.ItemDataRole.UserRole)
        text = self.editor.toPlainText()
        cursor = self.editor.textCursor()
        cursor.setPosition(_utf16(text, min(start, len(text))))
        cursor.setPosition(_utf16(text, min(end, len(text))), cursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        if focus:
            self.editor.setFocus()

    def copy(self) -> bool:
        """Check, then copy the draft to the clipboard; ask first if something was found.
        (Copying waits for the check, even of a long draft: nothing is copied unchecked.)"""
        text = self.editor.toPlainText()
        kind = self.kind.currentData() or infer_kind(text)
        try:
            findings = self.replies.check(text, kind, self.profile)
        except Exception as exc:
            self._check_failed(exc)
            return False
        self._show_findings(text, kind, findings)
        if findings and not self._confirm(
            "Copy anyway?",
            f"The check found {len(findings)} thing(s) that could reveal a client. "
            "Read them before you post or send this. Copy it anyway?",
        ):
            return False
        QGuiApplication.clipboard().setText(self.editor.toPlainText())
        self.check_status.setText(self.check_status.text() + " Copied.")
        return True

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ recording

    def _record(self, action: ReplyAction) -> ReplyRecord | None:
        if self.filled is None:
            return None
        day = self.contact_on.date()
        account_id = self.account.currentData()
        follows = None
        if action is not ReplyAction.SLEEP_ON_IT:
            try:
                hold = open_hold_for(self.db, self.filled.id, account_id)
            except DatabaseError as exc:
                write_failed(self, "the record", exc)
                return None
            follows = hold.id if hold is not None else None
        record = ReplyRecord(
            at=self.clock(),
            contact_on=date(day.year(), day.month(), day.day()),
            platform=self.platform.text(),
            situation=self.filled.id,
            action=action,
            raised=Raised(self.raised.currentData()),
            client_code=self.client_code.text(),
            account_id=account_id,
            follows=follows,
            kept_draft=self.editor.toPlainText() if self.keep_draft.isChecked() else "",
        )
        try:
            return record_contact(self.db, self.replies, record, self.clock(), self.tz)
        except InvalidInputError as exc:
            show_error(self, "Not recorded", sentence(str(exc)))
        except DatabaseError as exc:
            write_failed(self, "the record", exc)
        except ValueError as exc:
            show_error(self, "Not recorded", sentence(str(exc)))
        return None

    def record(self) -> ReplyRecord | None:
        kept = self._record(ReplyAction(self.action.currentData()))
        if kept is not None:
            closed = " The reminder to sleep on it is closed." if kept.follows else ""
            self.record_status.setText(f"Recorded in your history.{closed}")
            self.keep_draft.setChecked(False)
            self.recorded.emit("Contact recorded")
        return kept

    def sleep_on_it(self) -> ReplyRecord | None:
        kept = self._record(ReplyAction.SLEEP_ON_IT)
        if kept is not None and kept.remind_at is not None:
            when = kept.remind_at.astimezone(self.tz)
            self.record_status.setText(
                f"A reminder will come back on {when:%d %b at %H:%M}. Nothing was posted."
            )
            self.recorded.emit("Sleeping on it: reminder in 24 hours")
        return kept
