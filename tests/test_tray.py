"""The tray's menu and notifications, driven through the real reminders and database.

Qt runs offscreen here, which has no system tray, so the tray icon itself is a fake
(`FakeTray`); the menu, the timers and everything behind them are real.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.review import ReviewEventKind
from app.services.reminders import AccountDue, Reminders
from app.store.checklist_files import Catalog
from app.store.database import Database
from app.store.errors import DatabaseError
from app.ui.tray import (
    CHECK_EVERY_MS,
    HEARTBEAT_MS,
    NOTIFY_SIGNATURE,
    DesktopNotifier,
    FreedesktopNotifier,
    ReminderTray,
    TrayBackend,
    notify_body,
    system_tray,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeTray(TrayBackend):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []
        self.menu: QMenu | None = None
        self.tooltip = ""
        self.visible = False

    def set_menu(self, menu: QMenu) -> None:
        self.menu = menu

    def set_tooltip(self, text: str) -> None:
        self.tooltip = text

    def show_message(self, title: str, body: str) -> None:
        self.messages.append((title, body))

    def show(self) -> None:
        self.visible = True

    def hide(self) -> None:
        self.visible = False


class FakeDesktop(DesktopNotifier):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []

    def available(self) -> bool:
        return True

    def notify(self, title: str, body: str) -> None:
        self.sent.append((title, body))


class Wall:
    def __init__(self) -> None:
        self.seconds = 1_000_000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def reminders(db: Database, clock: Clock) -> Reminders:
    return Reminders(db, Catalog(), clock=clock, tz=LONDON)


def add_account(db: Database, handle: str, persona: str = "Personal") -> int:
    existing = {p.name: p for p in db.personas()}
    owner = existing.get(persona) or db.add_persona(persona, PersonaKind.PERSONAL)
    return db.add_account(owner.id, "instagram", handle).id


def make_tray(
    qtbot: QtBot,
    reminders: Reminders,
    tray: TrayBackend | None = None,
    desktop: DesktopNotifier | None = None,
    wall: Wall | None = None,
) -> ReminderTray:
    widget = ReminderTray(
        reminders,
        tray_factory=lambda: tray,
        desktop_factory=lambda: desktop,
        wall_clock=wall or Wall(),
    )
    qtbot.addWidget(widget.menu)
    return widget


def texts(actions: list[QAction]) -> list[str]:
    return [a.text() for a in actions if not a.isSeparator()]


def test_menu_offers_open_whats_due_snooze_and_quit(qtbot: QtBot, reminders: Reminders) -> None:
    tray = FakeTray()
    widget = make_tray(qtbot, reminders, tray)
    widget.start()
    assert tray.menu is widget.menu
    assert tray.visible
    assert texts(widget.menu.actions()) == [
        "&Open Tightrope",
        "&What's due",
        "&Snooze all",
        "&Quit",
    ]
    assert texts(widget.snooze_menu.actions()) == ["For a &day", "For a &week"]
    with qtbot.waitSignal(widget.open_requested):
        widget.open_action.trigger()
    with qtbot.waitSignal(widget.whats_due_requested):
        widget.whats_due_action.trigger()
    with qtbot.waitSignal(widget.quit_requested):
        widget.quit_action.trigger()
    with qtbot.waitSignal(widget.open_requested):
        tray.icon_activated.emit()
    assert not widget.snooze_menu.isEnabled(), "nothing is due, nothing to snooze"
    assert tray.tooltip == "Tightrope: nothing is due"


def test_one_notification_per_occasion_and_a_click_opens_the_walkthrough(
    qtbot: QtBot, db: Database, reminders: Reminders
) -> None:
    first = add_account(db, "@jane.doe")
    tray = FakeTray()
    widget = make_tray(qtbot, reminders, tray)
    with qtbot.waitSignal(widget.due_changed) as changed:
        widget.start()
    assert [e.account.id for e in changed.args[0]] == [first]
    assert tray.messages == [
        (
            "Time to re-check instagram (Personal)",
            "Never reviewed: walk through its settings once to start the reminders. "
            "Click to start.",
        )
    ]
    assert "jane" not in "".join(tray.messages[0]), "no handle on a possibly locked screen"
    assert tray.tooltip == "Tightrope: 1 account is due for a re-check"
    assert texts(widget.menu.actions())[1] == "&What's due (1)"

    widget.check_now()
    widget.check_now()
    assert len(tray.messages) == 1

    with qtbot.waitSignal(widget.walkthrough_requested) as clicked:
        tray.message_clicked.emit()
    assert clicked.args == [first, "full"]

    second = add_account(db, "@jane.cooks", "Work")
    widget.check_now()
    assert len(tray.messages) == 2
    assert tray.messages[1][0] == "Time to re-check instagram (Work)"
    with qtbot.waitSignal(widget.walkthrough_requested) as clicked:
        tray.message_clicked.emit()
    assert clicked.args == [second, "full"]


def test_several_at_once_make_one_notification_that_opens_whats_due(
    qtbot: QtBot, db: Database, reminders: Reminders
) -> None:
    for n in range(6):
        add_account(db, f"@a{n}")
    tray = FakeTray()
    widget = make_tray(qtbot, reminders, tray)
    widget.start()
    [(title, body)] = tray.messages
    assert title == "6 accounts are due for a re-check"
    assert body.endswith("and 2 more. Click to see what is due.")
    with qtbot.waitSignal(widget.whats_due_requested):
        tray.message_clicked.emit()


def test_snooze_all_records_events_and_the_reminder_comes_back(
    qtbot: QtBot, db: Database, reminders: Reminders, clock: Clock
) -> None:
    a = add_account(db, "@a")
    b = add_account(db, "@b")
    tray = FakeTray()
    widget = make_tray(qtbot, reminders, tray)
    widget.start()
    assert widget.snooze_menu.isEnabled()
    with qtbot.waitSignal(widget.snoozed) as snoozed:
        widget.snooze_actions[1].trigger()
    assert {e.account.id for e in snoozed.args[0]} == {a, b}
    assert [e.kind for e in db.review_events()] == [ReviewEventKind.SNOOZED] * 2
    assert widget.due == []
    assert not widget.snooze_menu.isEnabled()

    clock.now = NOW + timedelta(days=1)
    widget.check_now()
    assert len(tray.messages) == 2
    assert tray.messages[1][0] == "2 accounts are due for a re-check"


def test_without_a_tray_a_desktop_notification_is_sent(
    qtbot: QtBot, db: Database, reminders: Reminders
) -> None:
    account = add_account(db, "@a")
    desktop = FakeDesktop()
    widget = make_tray(qtbot, reminders, None, desktop)
    widget.start()
    assert not widget.has_tray
    assert desktop.sent == [
        (
            "Time to re-check instagram (Personal)",
            "Never reviewed: walk through its settings once to start the reminders. "
            "Click to start.",
        )
    ]
    with qtbot.waitSignal(widget.walkthrough_requested) as clicked:
        desktop.clicked.emit()
    assert clicked.args == [account, "full"]


def test_with_neither_the_window_is_asked_to_show_it(
    qtbot: QtBot, db: Database, reminders: Reminders
) -> None:
    account = add_account(db, "@a")
    widget = make_tray(qtbot, reminders, None, None)
    with qtbot.waitSignal(widget.notify_in_window) as shown:
        widget.start()
    title, body, account_id = shown.args
    assert title == "Time to re-check instagram (Personal)"
    assert body.startswith("Never reviewed")
    assert account_id == account


def test_a_tray_that_appears_after_start_is_picked_up(
    qtbot: QtBot, db: Database, reminders: Reminders
) -> None:
    tray = FakeTray()
    offered: list[TrayBackend | None] = [None, tray]
    widget = ReminderTray(
        reminders, tray_factory=lambda: offered.pop(0), desktop_factory=lambda: None
    )
    qtbot.addWidget(widget.menu)
    widget.start()
    assert widget.tray is None
    widget.beat()
    assert widget.tray is tray
    assert tray.visible and tray.menu is widget.menu


def test_checks_again_after_sleep_and_on_a_new_day_only(
    qtbot: QtBot, db: Database, reminders: Reminders, clock: Clock
) -> None:
    wall = Wall()
    tray = FakeTray()
    widget = make_tray(qtbot, reminders, tray, wall=wall)
    widget.start()
    assert widget.check_timer.isActive() and widget.check_timer.interval() == CHECK_EVERY_MS
    assert widget.heartbeat.isActive() and widget.heartbeat.interval() == HEARTBEAT_MS

    add_account(db, "@a")
    wall.seconds += 60
    widget.beat()
    assert tray.messages == [], "an ordinary minute later: no extra database read"

    wall.seconds += 8 * 3600
    widget.beat()
    assert len(tray.messages) == 1, "woke from sleep: checked at once"

    add_account(db, "@b")
    clock.now = datetime(2026, 6, 10, 23, 0, 30, tzinfo=UTC)  # past midnight in London
    wall.seconds += 60
    widget.beat()
    assert len(tray.messages) == 2, "a new day: checked at once"


class BrokenReminders(Reminders):
    def due(self) -> list[AccountDue]:
        raise DatabaseError("the database is locked by another program")


def test_a_database_error_while_checking_changes_nothing(
    qtbot: QtBot, db: Database, clock: Clock
) -> None:
    tray = FakeTray()
    widget = make_tray(qtbot, BrokenReminders(db, Catalog(), clock=clock, tz=LONDON), tray)
    widget.start()
    assert widget.due == []
    assert tray.messages == []


def test_offscreen_has_no_system_tray(qtbot: QtBot) -> None:
    assert system_tray() is None


def test_notify_call_matches_the_service_signature() -> None:
    from jeepney import DBusAddress, new_method_call

    address = DBusAddress("/org/freedesktop/Notifications", "org.freedesktop.Notifications")
    message = new_method_call(
        address, "Notify", NOTIFY_SIGNATURE, notify_body("Re-check", "Body text")
    )
    assert message.serialise(serial=1)
    assert message.body[1] == 0
    assert message.body[5] == ["default", "Open"]


def test_notifications_name_the_app_icon_and_desktop_entry() -> None:
    from app.ui.icons import APP_ID

    _app, _replaces, icon, _title, _body, _actions, hints, _timeout = notify_body("a", "b")
    assert icon == APP_ID == "io.github.tightrope.Tightrope"
    assert hints == {"urgency": ("y", 1), "desktop-entry": ("s", APP_ID)}
    desktop_file = Path(__file__).parent.parent / "resources" / f"{APP_ID}.desktop"
    assert f"Icon={icon}" in desktop_file.read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------- a real session bus


def _serve_notifications(address: str, ready: threading.Event, stop: threading.Event) -> None:
    """A stand-in notification service: answers Notify with id 7, then reports a click."""
    from jeepney import DBusAddress, HeaderFields, MessageType, new_method_return, new_signal
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as connection:
        connection.send_and_get_reply(
            message_bus.RequestName("org.freedesktop.Notifications"), timeout=5
        )
        ready.set()
        emitter = DBusAddress(
            "/org/freedesktop/Notifications", interface="org.freedesktop.Notifications"
        )
        while not stop.is_set():
            try:
                message = connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            fields = message.header.fields
            if (
                message.header.message_type is MessageType.method_call
                and fields.get(HeaderFields.member) == "Notify"
            ):
                assert fields.get(HeaderFields.signature) == NOTIFY_SIGNATURE
                connection.send(new_method_return(message, "u", (7,)))
                connection.send(new_signal(emitter, "ActionInvoked", "us", (7, "default")))


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed here")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_desktop_notification_over_a_real_session_bus(
    qtbot: QtBot, session_bus: str, db: Database, reminders: Reminders
) -> None:
    assert os.environ["DBUS_SESSION_BUS_ADDRESS"] == session_bus
    assert not FreedesktopNotifier().available(), "no service yet"

    ready, stop = threading.Event(), threading.Event()
    server = threading.Thread(target=_serve_notifications, args=(session_bus, ready, stop))
    server.start()
    notifier = FreedesktopNotifier()
    try:
        assert ready.wait(10)
        assert notifier.available()
        account = add_account(db, "@a")
        widget = make_tray(qtbot, reminders, None, notifier)
        with qtbot.waitSignal(widget.walkthrough_requested, timeout=10_000) as clicked:
            widget.start()
        assert clicked.args == [account, "full"]
    finally:
        notifier.close()
        stop.set()
        server.join(timeout=10)
