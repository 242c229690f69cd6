"""Put off means open, and any answer can be changed: the real windows, a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.domain.review import ReviewEventKind
from app.services.reminders import TIMEZONE_SETTING
from app.services.walkthrough import WalkthroughMode, start_walkthrough
from app.store.database import Database
from app.ui.main_window import MainWindow
from app.ui.walkthrough import WalkthroughWindow
from tests.ui_helpers import NOW, catalog_of, example_checklist


class FrozenClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def account_id(db: Database) -> int:
    db.set_setting(TIMEZONE_SETTING, "UTC")
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    return db.add_account(persona.id, "example", "@jane").id


@pytest.fixture
def main(qtbot: QtBot, db: Database, clock: FrozenClock, account_id: int) -> Iterator[MainWindow]:
    window = MainWindow(db, catalog_of(example_checklist()), None, clock=clock)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.started):
        window.show()
    qtbot.waitExposed(window)
    yield window
    for walk in list(window.walkthroughs.values()):
        walk.close()


def warning_names(window: MainWindow) -> list[str]:
    return [w.accessibleName() for w in window.dashboard.warning_labels]


def badge(window: MainWindow, account_id: int) -> str:
    index = window.panel.model.find("account", account_id)
    return str(index.siblingAtColumn(1).data())


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_a_walkthrough_ending_with_a_put_off_item_is_not_a_complete_review(
    qtbot: QtBot, db: Database, main: MainWindow, clock: FrozenClock, account_id: int
) -> None:
    main.panel.select("account", account_id)
    walk = main.open_walkthrough(account_id)
    assert walk is not None
    click(qtbot, walk.done_button)
    assert walk.put_off.currentText() == "for a week"
    assert "9 March 2027" in walk.put_off.toolTip()
    click(qtbot, walk.later_button)
    click(qtbot, walk.done_button)

    assert walk.on_finish_page
    assert walk.finish_title.text() == "2 settled, 1 put off until 9 March 2027"
    assert not walk.session.completed
    kinds = [r.kind for r in db.review_events(account_id)]
    assert kinds == [ReviewEventKind.PARTIAL], "no complete review, so no new interval"

    # Not due before its date, but the put-off item is open: badge, dashboard, account page.
    assert main.due_panel.rows == []
    assert badge(main, account_id) == "1 put off"
    assert main.dashboard.model.item(0, 3).text() == "2 / 3 · 1 put off"
    assert "1 setting put off, still open" in main.dashboard.summary.text()
    assert "1 put off until 9 March 2027, still open" in main.details.standing.text()
    assert "partial review" in main.details.reviews.text()
    assert main.details.put_off_button.isVisibleTo(main.details)
    assert main.details.put_off_button.text() == "Go through p&ut-off settings (1)"
    assert main.details.again_button.isVisibleTo(main.details)
    # The put-off item is high importance: it counts in the warnings like an open one.
    assert any("1 important setting is not done on Example @jane" in n for n in warning_names(main))

    clock.now = NOW + timedelta(days=7)
    main.refresh()
    [row] = main.due_panel.rows
    assert row.entry.account.id == account_id
    assert "Hide the friends list" in row.reason.text()
    assert row.start_button.text() == "Go through put-off settings"
    click(qtbot, row.start_button)
    again = main.walkthroughs[account_id]
    assert again.session.mode is WalkthroughMode.PUT_OFF
    assert again.view.title.text() == "Hide the friends list"
    with qtbot.waitSignal(again.completed):
        click(qtbot, again.done_button)
    assert [r.kind for r in db.review_events(account_id)][-1] is ReviewEventKind.COMPLETED
    main.refresh()
    assert main.due_panel.rows == []
    assert badge(main, account_id) == "✓ done"


def test_the_step_list_jumps_to_any_step(qtbot: QtBot, db: Database, account_id: int) -> None:
    checklist = example_checklist()
    session = start_walkthrough(
        db, {checklist.id: checklist}, account_id, clock=lambda: NOW, tz=UTC
    )
    window = WalkthroughWindow(session, "@jane (Personal)")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    steps = window.steps
    assert steps.count() == 3
    assert steps.item(0).text() == "1. Make the account private\n    Not answered yet"
    rect = steps.visualItemRect(steps.item(2))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.title.text() == "Turn off search by phone"
    click(qtbot, window.later_button)
    assert window.steps.item(2).text().endswith("Put off until 9 Mar")
    steps.setFocus()
    steps.setCurrentRow(1)
    QTest.keyClick(steps, Qt.Key.Key_Return)
    assert window.view.title.text() == "Hide the friends list"
    assert steps.currentRow() == 1


def settings_index(window: MainWindow, title: str) -> QModelIndex:
    proxy = window.details.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data() == title:
            return index
    raise AssertionError(f"no setting {title}")


def test_opening_a_setting_from_the_account_view_lands_on_it_and_one_change_is_one_event(
    qtbot: QtBot, db: Database, main: MainWindow, account_id: int
) -> None:
    for item in ("first", "second", "third"):
        db.record_answer(account_id, "example", "2026.11.0", item, 1, AnswerState.DONE, at=NOW)
    walk = main.open_walkthrough(account_id, WalkthroughMode.AGAIN)
    assert walk is not None
    for _ in range(3):
        click(qtbot, walk.done_button)
    walk.close()
    qtbot.waitUntil(lambda: account_id not in main.walkthroughs)
    main.refresh()
    main.panel.select("account", account_id)
    events, reviews = len(db.events(account_id)), len(db.review_events(account_id))

    tree = main.details.items
    tree.setFocus()
    tree.setCurrentIndex(settings_index(main, "Hide the friends list"))
    assert tree.item_at(tree.currentIndex()) == "second"
    QTest.keyClick(tree, Qt.Key.Key_Return)
    walk = main.walkthroughs[account_id]
    assert walk.view.title.text() == "Hide the friends list"
    walk.close()
    qtbot.waitUntil(lambda: account_id not in main.walkthroughs)

    index = settings_index(main, "Turn off search by phone")
    rect = tree.visualRect(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    walk = main.walkthroughs[account_id]
    assert walk.view.title.text() == "Turn off search by phone"

    menu = main.details.context_menu_for(settings_index(main, "Make the account private"))
    assert menu is not None
    [change] = menu.actions()
    assert change.text() == "Change this answer…"
    change.trigger()
    assert walk.view.title.text() == "Make the account private", "the open window moves there"
    click(qtbot, walk.na_button)

    assert len(db.events(account_id)) == events + 1
    last = db.events(account_id)[-1]
    assert (last.item_id, last.state) == ("first", AnswerState.NOT_APPLICABLE)
    assert len(db.review_events(account_id)) == reviews, "one change is not a whole review"
    main.refresh()
    main.panel.select("account", account_id)
    assert settings_index(main, "Make the account private").siblingAtColumn(1).data() == (
        "Not applicable"
    )


def test_the_reminder_names_the_put_off_setting_on_its_date(
    qtbot: QtBot, db: Database, main: MainWindow, clock: FrozenClock, account_id: int
) -> None:
    from app.ui.tray import notification_text

    for item, state in (("first", AnswerState.DONE), ("third", AnswerState.DONE)):
        db.record_answer(account_id, "example", "2026.11.0", item, 1, state, at=NOW)
    session = start_walkthrough(
        db, catalog_of(example_checklist()).checklists, account_id, clock=clock, tz=UTC
    )
    assert session.current.item.id == "second"
    session.answer(AnswerState.LATER)
    clock.now = NOW + timedelta(days=7)
    main.refresh()
    [entry] = [e for e in main.due_panel.entries if e.status.due]
    title, body = notification_text([entry])
    assert "Example" in title and "@jane" not in title
    assert "Hide the friends list" in body


def test_a_review_elsewhere_shows_how_in_the_account_history(
    qtbot: QtBot, db: Database, main: MainWindow, account_id: int
) -> None:
    main.reminders.reviewed_elsewhere(
        account_id, "Privacy Checkup on the laptop", "platform-checkup"
    )
    main.refresh()
    main.panel.select("account", account_id)
    text = main.details.reviews.text()
    assert "reviewed outside the walkthrough" in text
    assert "With the platform's own privacy check-up: Privacy Checkup on the laptop" in text
