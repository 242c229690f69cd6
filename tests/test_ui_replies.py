"""The Replies screen, driven with pytest-qt on a real database: reach it, read, edit,
check with highlights, copy, record, and sleep on it until the reminder comes back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.due import DueCause
from app.domain.practice import PracticeProfile
from app.domain.reply_records import Raised, ReplyAction
from app.store.database import Database
from app.store.reply_records import reply_records
from app.ui.main_window import MainWindow
from app.ui.replies_entry import open_replies
from app.ui.replies_window import RepliesWindow
from tests.ui_helpers import NOW, catalog_of, example_checklist, on_modal


@pytest.fixture
def clock() -> list:
    return [NOW]


@pytest.fixture
def window(qtbot: QtBot, db: Database, clock: list) -> Iterator[MainWindow]:
    db.save_practice(
        PracticeProfile(
            name="Riverside Counselling",
            clinicians=("Ana Rivera",),
            phone="+1 555 010 0199",
            crisis_line="988",
        )
    )
    persona = db.add_persona("Practice", PersonaKind.PROFESSIONAL)
    db.add_account(persona.id, "example", "Riverside")
    main = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: clock[0])
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    screen = getattr(main, "replies_window", None)
    if screen is not None:
        screen.close()


def replies_of(window: MainWindow, qtbot: QtBot) -> RepliesWindow:
    action = next(a for a in window.replies_menu.actions() if "Replies and reviews" in a.text())
    action.trigger()
    screen = window.replies_window  # type: ignore[attr-defined]
    qtbot.addWidget(screen)
    qtbot.waitExposed(screen)
    return screen


def test_the_menu_opens_the_screen_with_every_situation(window: MainWindow, qtbot: QtBot) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert "Rep&lies" in menus and menus.index("Rep&lies") == menus.index("&Help") - 1
    screen = replies_of(window, qtbot)
    titles = [screen.situations.item(i).text() for i in range(screen.situations.count())]
    assert len(titles) >= 11
    screen.show_situation("crisis-message")
    assert "988" in screen.editor.toPlainText()
    assert "Riverside Counselling" in screen.editor.toPlainText()
    assert "Never" not in screen.editor.toPlainText()
    assert screen.never.text().startswith("•")
    assert "emergencies" in screen.stance_note.text()


def test_a_situation_with_no_reply_says_why_and_leaves_an_empty_editor(
    window: MainWindow, qtbot: QtBot
) -> None:
    screen = replies_of(window, qtbot)
    screen.show_situation("negative-review")
    assert screen.editor.toPlainText() == ""
    assert screen.reply_why.isVisible() and "confirms" in screen.reply_why.text()
    assert screen.sleep_button.isVisible()
    screen.show_situation("friend-request")
    assert not screen.sleep_button.isVisible()


def test_check_highlights_each_finding_in_the_text(window: MainWindow, qtbot: QtBot) -> None:
    screen = replies_of(window, qtbot)
    screen.show_situation("negative-review")
    draft = "Thanks for the review 💛 As your therapist I know your anxiety was hard."
    screen.editor.setPlainText(draft)
    screen.kind.setCurrentIndex(screen.kind.findData("review-reply"))
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert screen.findings and screen.findings_list.isVisible()
    assert screen.findings_list.count() == len(screen.findings)
    selections = screen.editor.extraSelections()
    assert len(selections) == len(screen.findings)
    highlighted = {s.cursor.selectedText() for s in selections}
    assert "As your therapist" in highlighted and "anxiety" in highlighted
    assert "Found" in screen.check_status.text()

    screen.findings_list.setCurrentRow(1)
    assert screen.editor.textCursor().selectedText() == screen.findings[1].excerpt

    screen.editor.setPlainText("We do not respond to reviews. Please call the office.")
    assert "Changed since" in screen.check_status.text()
    assert screen.check() == []
    assert screen.editor.extraSelections() == []
    assert "Nothing found" in screen.check_status.text()


def test_copy_asks_before_copying_a_flagged_draft(window: MainWindow, qtbot: QtBot) -> None:
    screen = replies_of(window, qtbot)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    answers: list[bool] = [False]
    screen._confirm = lambda _title, _text: answers[0]
    screen.editor.setPlainText("We saw you on Monday, Sarah.")
    screen.kind.setCurrentIndex(screen.kind.findData("reply"))
    assert screen.copy() is False and clipboard.text() == "before"
    answers[0] = True
    assert screen.copy() is True and clipboard.text() == "We saw you on Monday, Sarah."
    screen.show_situation("former-client")
    assert screen.copy() is True
    assert clipboard.text() == screen.editor.toPlainText() != ""


def test_record_warns_about_names_and_keeps_no_draft_unless_asked(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    screen = replies_of(window, qtbot)
    screen.show_situation("friend-request")
    screen.client_code.setText("Sarah")
    assert screen.code_warning.isVisible() and "name" in screen.code_warning.text()
    screen.client_code.setText("C-104")
    assert not screen.code_warning.isVisible()
    screen.platform.setText("Instagram")
    screen.raised.setCurrentIndex(screen.raised.findData(Raised.TO_RAISE.value))
    screen.editor.setPlainText("private words XQ9")
    assert screen.record() is not None
    [kept] = reply_records(db)
    assert (kept.platform, kept.client_code, kept.situation, kept.kept_draft) == (
        "Instagram",
        "C-104",
        "friend-request",
        "",
    )
    assert kept.action is ReplyAction.NO_REPLY and kept.raised is Raised.TO_RAISE
    screen.keep_draft.setChecked(True)
    screen.record()
    assert reply_records(db)[-1].kept_draft == "private words XQ9"
    assert not screen.keep_draft.isChecked()


def test_a_refused_record_gets_one_dialog_and_loses_nothing(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    screen = replies_of(window, qtbot)
    screen.show_situation("advice-message")
    screen.editor.setPlainText("my draft stays")
    screen.platform.setText("")
    seen: list[str] = []

    def accept(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    on_modal(QMessageBox, accept)
    assert screen.record() is None
    assert seen and "platform" in seen[0]
    assert reply_records(db) == []
    assert screen.editor.toPlainText() == "my draft stays"


def test_sleep_on_it_returns_as_a_reminder_that_opens_the_screen(
    window: MainWindow, qtbot: QtBot, db: Database, clock: list
) -> None:
    screen = replies_of(window, qtbot)
    screen.show_situation("negative-review")
    account_id = db.accounts()[0].id
    screen.select_account(account_id)
    assert screen.platform.text() == "Example"
    hold = screen.sleep_on_it()
    assert hold is not None and hold.remind_at == NOW + timedelta(hours=24)
    assert "reminder will come back" in screen.record_status.text()
    screen.close()

    clock[0] = NOW + timedelta(hours=25)
    window.due_panel.refresh()
    rows = [r for r in window.due_panel.rows if r.entry.status.cause is DueCause.SLEEP_ON_IT]
    assert len(rows) == 1
    row = rows[0]
    assert row.start_button.text() == "Open Replies"
    assert not row.snooze_button.isVisibleTo(row)
    row.start_button.click()
    assert screen.isVisible()
    assert screen.filled is not None and screen.filled.id == "negative-review"
    screen.action.setCurrentIndex(screen.action.findData(ReplyAction.NO_REPLY.value))
    closing = screen.record()
    assert closing is not None and closing.follows == hold.id
    assert "reminder to sleep on it is closed" in screen.record_status.text()
    window.due_panel.refresh()
    assert not [r for r in window.due_panel.rows if r.entry.status.cause is DueCause.SLEEP_ON_IT]


def test_the_account_page_opens_the_screen_for_that_account(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    account_id = db.accounts()[0].id
    window.panel.select("account", account_id)
    details = window.details
    details.replies_button.click()
    screen = window.replies_window  # type: ignore[attr-defined]
    qtbot.addWidget(screen)
    assert screen.isVisible()
    assert screen.account.currentData() == account_id
    assert open_replies(window, None, "fake-review") is screen
    assert screen.filled is not None and screen.filled.id == "fake-review"


def test_every_control_has_an_accessible_name(window: MainWindow, qtbot: QtBot) -> None:
    screen = replies_of(window, qtbot)
    controls = [
        screen.situations,
        screen.editor,
        screen.kind,
        screen.check_button,
        screen.copy_button,
        screen.findings_list,
        screen.contact_on,
        screen.account,
        screen.platform,
        screen.action,
        screen.raised,
        screen.client_code,
        screen.keep_draft,
        screen.record_button,
        screen.sleep_button,
    ]
    for control in controls:
        assert isinstance(control, QWidget)
        interface = QAccessible.queryAccessibleInterface(control)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name), control


def test_a_long_paste_is_checked_off_the_gui_thread(window: MainWindow, qtbot: QtBot) -> None:
    screen = replies_of(window, qtbot)
    text = ("<b>{{ x }}</b> \u202eAs your therapist\u202c I know. " * 1200)[:60_000]
    screen.editor.setPlainText(text)
    screen.kind.setCurrentIndex(screen.kind.findData("reply"))
    assert screen.check() == []
    assert not screen.check_button.isEnabled()
    qtbot.waitUntil(lambda: screen.check_button.isEnabled(), timeout=20_000)
    assert screen.findings and screen.findings_list.count() == len(screen.findings)
    first = screen.findings[0]
    assert text[first.start : first.end] == first.excerpt
