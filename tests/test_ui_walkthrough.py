"""The walkthrough window, driven like a user would: buttons, keys, closing and reopening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.checklist import Checklist, PersonaKind
from app.domain.progress import AnswerState, Standing, item_statuses
from app.domain.review import ReviewEventKind
from app.services.walkthrough import WalkthroughMode, start_walkthrough
from app.store.database import Database
from app.ui.walkthrough import WalkthroughWindow
from tests.ui_helpers import example_checklist


@pytest.fixture
def account_id(db: Database) -> int:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    return db.add_account(persona.id, "example", "@jane").id


def open_window(
    qtbot: QtBot,
    db: Database,
    checklist: Checklist,
    account_id: int,
    mode: WalkthroughMode = WalkthroughMode.FULL,
) -> WalkthroughWindow:
    session = start_walkthrough(db, {checklist.id: checklist}, account_id, mode)
    window = WalkthroughWindow(session, "@jane (Personal)")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def answers(db: Database, account_id: int) -> list[tuple[str, AnswerState, str]]:
    return [(e.item_id, e.state, e.note) for e in db.events(account_id)]


def test_full_walkthrough_with_resume_after_closing(
    qtbot: QtBot, db: Database, account_id: int
) -> None:
    checklist = example_checklist()
    window = open_window(qtbot, db, checklist, account_id)
    assert window.view.title.text() == "Make the account private"
    assert window.progress.format().startswith("0 of 3 settled, 3 open")
    window.note.setPlainText("Done on the phone app too")
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert window.view.title.text() == "Hide the friends list"
    assert window.note.toPlainText() == ""
    qtbot.mouseClick(window.later_button, Qt.MouseButton.LeftButton)
    window.close()
    assert answers(db, account_id) == [
        ("first", AnswerState.DONE, "Done on the phone app too"),
        ("second", AnswerState.LATER, ""),
    ]

    reopened = open_window(qtbot, db, checklist, account_id)
    assert reopened.view.title.text() == "Turn off search by phone"
    assert "Only me" in reopened.view.recommendation_text.text()
    assert reopened.progress.format().startswith("1 of 3 settled, 1 put off until ")
    qtbot.mouseClick(reopened.back_button, Qt.MouseButton.LeftButton)
    assert "You put this off on" in reopened.view.previous.text()
    assert "still open" in reopened.view.previous.text()
    qtbot.mouseClick(reopened.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(reopened.na_button, Qt.MouseButton.LeftButton)
    assert reopened.on_finish_page
    assert reopened.finish_title.text().startswith("2 settled, 1 put off until ")
    assert "partial review" in reopened.finish_text.text()
    assert reopened.put_off_button.isVisible()
    assert [r.kind for r in db.review_events(account_id)] == [ReviewEventKind.PARTIAL]
    qtbot.mouseClick(reopened.put_off_button, Qt.MouseButton.LeftButton)
    assert reopened.view.title.text() == "Hide the friends list"
    with qtbot.waitSignal(reopened.completed):
        qtbot.mouseClick(reopened.done_button, Qt.MouseButton.LeftButton)
    assert reopened.finish_title.text() == "Walkthrough complete"
    assert [r.kind for r in db.review_events(account_id)] == [
        ReviewEventKind.PARTIAL,
        ReviewEventKind.COMPLETED,
    ]


def alt(window: WalkthroughWindow, key: Qt.Key) -> None:
    """A button's Alt+letter mnemonic: Qt animates the press and clicks a moment later."""
    QTest.keyClick(window, key, Qt.KeyboardModifier.AltModifier)


def test_keyboard_only_completion(qtbot: QtBot, db: Database, account_id: int) -> None:
    window = open_window(qtbot, db, example_checklist(), account_id)
    alt(window, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: window.view.title.text() == "Hide the friends list")
    alt(window, Qt.Key.Key_Left)
    assert window.view.title.text() == "Make the account private"
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    assert window.view.title.text() == "Hide the friends list"
    alt(window, Qt.Key.Key_E)
    assert window.note.hasFocus()
    QTest.keyClicks(window.note, "ask the practice manager")
    alt(window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: window.view.title.text() == "Turn off search by phone")
    QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.on_finish_page
    assert answers(db, account_id) == [
        ("first", AnswerState.DONE, ""),
        ("second", AnswerState.LATER, "ask the practice manager"),
        ("third", AnswerState.DONE, ""),
    ]
    assert window.put_off_button.hasFocus(), "the put-off setting is the next thing to do"
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_every_answer_and_move_has_a_key(qtbot: QtBot, db: Database, account_id: int) -> None:
    window = open_window(qtbot, db, example_checklist(), account_id)
    alt(window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: window.view.title.text() == "Hide the friends list")
    QTest.keyClick(window, Qt.Key.Key_PageUp)
    assert window.view.title.text() == "Make the account private"
    alt(window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: window.view.title.text() == "Hide the friends list")
    alt(window, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: window.view.title.text() == "Make the account private")
    assert answers(db, account_id) == [("first", AnswerState.NOT_APPLICABLE, "")]


def test_recheck_after_a_checklist_revision(qtbot: QtBot, db: Database, account_id: int) -> None:
    first = example_checklist()
    window = open_window(qtbot, db, first, account_id)
    for _ in range(3):
        qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    window.close()

    revised = example_checklist("2027.1.0", {"second": 2})
    statuses = item_statuses(revised, db.events(account_id), PersonaKind.PERSONAL)
    assert [s.standing for s in statuses].count(Standing.NEEDS_RECHECK) == 1
    recheck = open_window(qtbot, db, revised, account_id, WalkthroughMode.RECHECK)
    assert "Re-check" in recheck.windowTitle()
    assert recheck.view.title.text() == "Hide the friends list"
    assert "checklist changed" in recheck.view.previous.text()
    assert recheck.progress.format().startswith("0 of 1 settled, 1 open")
    qtbot.mouseClick(recheck.done_button, Qt.MouseButton.LeftButton)
    assert recheck.on_finish_page
    last = db.events(account_id)[-1]
    assert (last.item_id, last.item_revision, last.checklist_version) == ("second", 2, "2027.1.0")
    statuses = item_statuses(revised, db.events(account_id), PersonaKind.PERSONAL)
    assert all(s.standing is Standing.CURRENT for s in statuses)


def test_an_answer_that_cannot_be_saved_is_reported_and_the_step_stays(
    qtbot: QtBot, db: Database, account_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, db, example_checklist(), account_id)
    shown: list[str] = []
    monkeypatch.setattr(
        "app.ui.walkthrough.write_failed", lambda parent, what, exc: shown.append(what)
    )

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db, "record_answer", broken)
    qtbot.mouseClick(window.done_button, Qt.MouseButton.LeftButton)
    assert shown == ["your answer"]
    assert window.view.title.text() == "Make the account private"


def test_link_button_opens_the_setting(
    qtbot: QtBot, db: Database, account_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "app.ui.walkthrough.QDesktopServices.openUrl", lambda url: opened.append(url.toString())
    )
    window = open_window(qtbot, db, example_checklist(), account_id)
    alt(window, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: opened == ["https://example.org/settings/privacy"])
