"""The tray's reminders plugged into the main window: Reminders > Snooze all, a redraw
when the day changes, and a reloaded catalog reaching the reminders.

Qt runs offscreen, which has no system tray: the tray and the desktop notifier are left
out (factories that return None); the menus, signals, database and reminders are real.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.store.database import Database
from app.ui.main_window import MainWindow
from app.ui.models import COLUMNS, DashboardColumn
from app.ui.tray import ReminderTray
from tests.ui_helpers import catalog_of, example_checklist

REVIEWED = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
"""Every item done and the review completed then: next due on 30 May 2027 (90 days)."""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def reviewed_account(db: Database) -> int:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    for item in example_checklist().items:
        db.record_answer(
            account.id, "example", "2026.11.0", item.id, 1, AnswerState.DONE, at=REVIEWED
        )
    db.record_review_event(ReviewEvent(account.id, ReviewEventKind.COMPLETED, REVIEWED))
    return account.id


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 5, 29, 23, 30, tzinfo=UTC))


@pytest.fixture
def window(qtbot: QtBot, db: Database, clock: Clock) -> Iterator[MainWindow]:
    main = MainWindow(db, catalog_of(example_checklist()), None, clock=clock, tz=UTC)
    qtbot.addWidget(main)
    main.show()
    yield main


@pytest.fixture
def tray(qtbot: QtBot, window: MainWindow) -> Iterator[ReminderTray]:
    reminders = ReminderTray(
        window.reminders, tray_factory=lambda: None, desktop_factory=lambda: None
    )
    qtbot.addWidget(reminders.menu)
    window.attach_tray(reminders)
    yield reminders
    reminders.stop()


def menu_texts(actions: list[QAction]) -> list[str]:
    return [a.text() for a in actions if not a.isSeparator()]


def next_due(window: MainWindow) -> str:
    return str(window.dashboard.proxy.index(0, COLUMNS.index(DashboardColumn.NEXT_DUE)).data())


def test_the_reminders_menu_snoozes_what_is_due(
    db: Database, window: MainWindow, tray: ReminderTray
) -> None:
    persona = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    db.add_account(persona.id, "example", "Riverside Counselling")
    window.refresh()
    tray.check_now()
    actions = window.reminders_menu.actions()
    assert menu_texts(actions) == [
        "&Snooze all",
        "Export &calendar…",
        "Start at &login, in the tray",
    ]
    snooze = actions[0]
    assert snooze is tray.snooze_menu.menuAction(), "the same actions as the tray menu's"
    assert snooze.isEnabled()
    week = snooze.menu().actions()[1]
    assert week.text() == "For a &week"
    week.trigger()
    assert window.reminders.due() == []
    assert not snooze.isEnabled(), "nothing left to snooze"


def test_the_snooze_entry_is_off_while_nothing_is_due(
    db: Database, window: MainWindow, tray: ReminderTray
) -> None:
    reviewed_account(db)
    window.refresh()
    tray.check_now()
    assert not window.reminders_menu.actions()[0].isEnabled()


def test_next_due_moves_on_when_the_day_changes(
    db: Database, window: MainWindow, tray: ReminderTray, clock: Clock
) -> None:
    reviewed_account(db)
    window.refresh()
    tray.check_now()
    assert next_due(window) == "30 May 2027"
    clock.now = datetime(2027, 5, 30, 0, 30, tzinfo=UTC)
    assert next_due(window) == "30 May 2027", "nothing redraws on its own"
    tray.beat()
    assert next_due(window) == "Today"


def test_a_reloaded_catalog_reaches_the_reminders(
    db: Database, window: MainWindow, tray: ReminderTray
) -> None:
    account_id = reviewed_account(db)
    window.refresh()
    assert tray.check_now() == []
    revised = catalog_of(example_checklist("2027.1.0", {"third": 2}))
    window.catalog = revised
    assert window.reminders.catalog is revised
    [due] = tray.check_now()
    assert due.account.id == account_id
    assert due.status.cause.value == "checklist-changed"
    window.refresh()
    assert next_due(window) == "Now: checklist changed"


def test_the_launcher_plugs_the_tray_into_the_window(
    db: Database, window: MainWindow, clock: Clock
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.launch import _start_reminders

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    reviewed_account(db)
    started = _start_reminders(app, window)
    assert started is not None
    try:
        assert window.reminders_menu.actions()[0] is started.snooze_menu.menuAction()
        assert next_due(window) == "30 May 2027"
        clock.now = datetime(2027, 5, 30, 0, 30, tzinfo=UTC)
        started.day_changed.emit()
        assert next_due(window) == "Today"
    finally:
        started.stop()
        started.setParent(None)
        started.deleteLater()
        app.setQuitOnLastWindowClosed(True)
