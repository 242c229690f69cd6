"""Reminders while the app runs: the tray icon, its menu, and one notification per
occasion of being due.

Where the notification goes:
1. the tray (QSystemTrayIcon) where the desktop has one;
2. else a desktop notification through the freedesktop notification service on D-Bus
   (GNOME without extensions has no tray, but has that service);
3. else `notify_in_window`, which the main window shows as a banner.

What is due is re-checked every hour, when the day changes, and after the computer wakes
from sleep (seen as the wall clock jumping ahead between two heartbeats, since Qt's timers
stand still while the machine sleeps). The check reads the database on the GUI thread: it
takes about 40 ms for 500 accounts (bench/bench_reminders.py), once an hour.

The tray and the desktop notifier are small interfaces (`TrayBackend`, `DesktopNotifier`)
so the logic runs, and is tested, where the platform has neither.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import date
from queue import Empty, Queue
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.domain.due import SNOOZE_CHOICES_DAYS, local_date
from app.services.reminders import AccountDue, walkthrough_mode
from app.store.errors import DatabaseError
from app.ui.icons import APP_ID

log = logging.getLogger("tightrope.reminders")

CHECK_EVERY_MS = 60 * 60 * 1000
HEARTBEAT_MS = 60 * 1000
SLEEP_SLACK_S = 90
"""A heartbeat later than this past its time means the computer slept."""
MESSAGE_MS = 15_000

NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"


class ReminderSource(Protocol):
    """What the tray needs; app.services.reminders.Reminders provides it."""

    def due(self) -> list[AccountDue]: ...

    def snooze_all_due(self, days: int) -> list[AccountDue]: ...

    def take_unannounced(self, due: Sequence[AccountDue]) -> list[AccountDue]: ...

    def now(self) -> Any: ...

    @property
    def tz(self) -> Any: ...


class TrayBackend(QObject):
    """A tray icon: the real one is `SystemTray`; tests use a fake that records messages."""

    message_clicked = Signal()
    icon_activated = Signal()
    """The icon itself was clicked (not its menu)."""

    def set_menu(self, menu: QMenu) -> None:
        raise NotImplementedError

    def set_tooltip(self, text: str) -> None:
        raise NotImplementedError

    def show_message(self, title: str, body: str) -> None:
        raise NotImplementedError

    def show(self) -> None:
        raise NotImplementedError

    def hide(self) -> None:
        raise NotImplementedError


class SystemTray(TrayBackend):
    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.messageClicked.connect(self.message_clicked)
        self.icon.activated.connect(self._activated)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.icon_activated.emit()

    def set_menu(self, menu: QMenu) -> None:
        self.icon.setContextMenu(menu)

    def set_tooltip(self, text: str) -> None:
        self.icon.setToolTip(text)

    def show_message(self, title: str, body: str) -> None:
        self.icon.showMessage(title, body, self.icon.icon(), MESSAGE_MS)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()


def system_tray() -> TrayBackend | None:
    """The desktop's tray, or None where there is none (GNOME without an extension)."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    from app.ui.icons import app_icon

    return SystemTray(app_icon())


class DesktopNotifier(QObject):
    """Desktop notifications without a tray; the real one is `FreedesktopNotifier`."""

    clicked = Signal()

    def available(self) -> bool:
        raise NotImplementedError

    def notify(self, title: str, body: str) -> None:
        raise NotImplementedError


def notify_body(title: str, body: str, app_icon: str = APP_ID) -> tuple[object, ...]:
    """The arguments of org.freedesktop.Notifications.Notify (signature susssasa{sv}i).

    The icon is named as the .desktop file and the Flatpak install it into the icon theme;
    the "desktop-entry" hint lets the desktop match the notification to the launcher. The
    "default" action is what a click on the notification itself invokes.
    """
    hints = {"urgency": ("y", 1), "desktop-entry": ("s", APP_ID)}
    return ("Tightrope", 0, app_icon, title, body, ["default", "Open"], hints, -1)


class FreedesktopNotifier(DesktopNotifier):
    """Notifications through the freedesktop notification service on the session bus.

    Uses jeepney (pure Python) rather than QtDBus: PySide6 cannot send the unsigned
    integer the service's Notify method requires, and GNOME refuses the call without it.
    Sending runs on the thread pool; clicks arrive as ActionInvoked signals, polled once a
    second only while a notification of ours is open.
    """

    POLL_MS = 1000
    GIVE_UP_AFTER_S = 30 * 60

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._router: Any = None
        self._signals: Queue[Any] = Queue()
        self._filter: Any = None
        self._available: bool | None = None
        self._open_ids: set[int] = set()
        self._last_sent = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._drain)

    def available(self) -> bool:
        if self._available is None:
            self._available = self._connect()
        return self._available

    def _connect(self) -> bool:
        try:
            from jeepney import DBusAddress, MatchRule, message_bus, new_method_call
            from jeepney.io.threading import DBusRouter, open_dbus_connection
        except ImportError:
            return False
        router = None
        try:
            connection = open_dbus_connection(bus="SESSION")
            router = DBusRouter(connection)
            reply = router.send_and_get_reply(
                new_method_call(message_bus, "NameHasOwner", "s", (NOTIFICATIONS_SERVICE,)),
                timeout=2,
            )
            if not reply.body or not reply.body[0]:
                self._close_router(router)
                return False
            rule = MatchRule(
                type="signal",
                interface=NOTIFICATIONS_SERVICE,
                path=NOTIFICATIONS_PATH,
            )
            router.send_and_get_reply(
                new_method_call(message_bus, "AddMatch", "s", (rule.serialise(),)), timeout=2
            )
            self._signals = Queue(maxsize=256)
            self._filter = router.filter(rule, queue=self._signals)
            self._router = router
            self._address = DBusAddress(
                NOTIFICATIONS_PATH, bus_name=NOTIFICATIONS_SERVICE, interface=NOTIFICATIONS_SERVICE
            )
            return True
        except Exception as exc:  # no session bus, a refused connection, a timeout
            log.info("no desktop notification service: %s", exc)
            if router is not None:
                self._close_router(router)
            return False

    @staticmethod
    def _close_router(router: Any) -> None:
        router.close()
        router.conn.close()

    def notify(self, title: str, body: str) -> None:
        if not self.available():
            return
        from jeepney import new_method_call

        from app.ui.background import run_in_background

        message = new_method_call(
            self._address, "Notify", NOTIFY_SIGNATURE, notify_body(title, body)
        )
        if not self._open_ids:
            self._discard_stale_signals()
        router = self._router
        run_in_background(
            self,
            lambda: router.send_and_get_reply(message, timeout=5),
            self._sent,
            lambda exc: log.warning("desktop notification failed: %s", exc),
        )

    def _sent(self, reply: Any) -> None:
        if reply.body:
            self._open_ids.add(int(reply.body[0]))
            self._last_sent = time.monotonic()
            self._poll.start()

    def _discard_stale_signals(self) -> None:
        """Drop what other apps' notifications left in the queue while we were not polling."""
        while True:
            try:
                self._signals.get_nowait()
            except Empty:
                return

    def _drain(self) -> None:
        from jeepney.low_level import HeaderFields

        while True:
            try:
                message = self._signals.get_nowait()
            except Empty:
                break
            member = message.header.fields.get(HeaderFields.member)
            body = message.body
            if not body or int(body[0]) not in self._open_ids:
                continue
            if member == "ActionInvoked" and body[1] == "default":
                self._open_ids.discard(int(body[0]))
                self.clicked.emit()
            elif member == "NotificationClosed":
                self._open_ids.discard(int(body[0]))
        if not self._open_ids or time.monotonic() - self._last_sent > self.GIVE_UP_AFTER_S:
            self._poll.stop()
            self._open_ids.clear()

    def close(self) -> None:
        self._poll.stop()
        if self._router is not None:
            self._close_router(self._router)
            self._router = None


def freedesktop_notifier() -> DesktopNotifier | None:
    import sys

    if not sys.platform.startswith("linux") and "bsd" not in sys.platform:
        return None
    notifier = FreedesktopNotifier()
    return notifier if notifier.available() else None


def _what(entry: AccountDue) -> str:
    """Platform and persona, never the handle: notifications can show on a locked screen."""
    return f"{entry.what} ({entry.persona.name})"


def notification_text(new: Sequence[AccountDue]) -> tuple[str, str]:
    if len(new) == 1:
        entry = new[0]
        if entry.hold is not None:
            return "You slept on it", f"{entry.status.reason} Click to see what is due."
        return f"Time to re-check {_what(entry)}", f"{entry.status.reason} Click to start."
    names = ", ".join(f"{e.platform} ({e.persona.name})" for e in new[:4])
    more = f" and {len(new) - 4} more" if len(new) > 4 else ""
    return (
        f"{len(new)} accounts are due for a re-check",
        f"{names}{more}. Click to see what is due.",
    )


class ReminderTray(QObject):
    """The reminders' presence while the app runs. Connect its signals to the window."""

    open_requested = Signal()
    whats_due_requested = Signal()
    walkthrough_requested = Signal(int, str)
    """The user clicked a notification about one account: open its walkthrough
    (account id, WalkthroughMode value: "recheck" when only changed settings are asked)."""
    quit_requested = Signal()
    due_changed = Signal(list)
    """The accounts due now (list[AccountDue]) after every check."""
    notify_in_window = Signal(str, str, int)
    """Title, text and account id (0 for several): no tray and no notification service."""
    snoozed = Signal(list)
    """Accounts just snoozed from the menu; the window should refresh."""
    day_changed = Signal()
    """A new day began or the computer woke: dates shown elsewhere may be stale."""

    def __init__(
        self,
        reminders: ReminderSource,
        *,
        tray_factory: Callable[[], TrayBackend | None] = system_tray,
        desktop_factory: Callable[[], DesktopNotifier | None] = freedesktop_notifier,
        wall_clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reminders = reminders
        self._tray_factory = tray_factory
        self._desktop_factory = desktop_factory
        self._wall_clock = wall_clock
        self.tray: TrayBackend | None = None
        self.desktop: DesktopNotifier | None = None
        self._desktop_tried = False
        self.due: list[AccountDue] = []
        self._clicked_account: AccountDue | None = None
        self._last_beat = wall_clock()
        self._last_day: date | None = None

        self.menu = QMenu("Tightrope")
        self.open_action = QAction("&Open Tightrope", self)
        self.open_action.triggered.connect(self.open_requested)
        self.whats_due_action = QAction("&What's due", self)
        self.whats_due_action.triggered.connect(self.whats_due_requested)
        self.snooze_menu = QMenu("&Snooze all")
        self.snooze_actions: dict[int, QAction] = {}
        for days in SNOOZE_CHOICES_DAYS:
            action = QAction("For a &day" if days == 1 else "For a &week", self)
            action.triggered.connect(lambda _=False, d=days: self.snooze_all(d))
            self.snooze_menu.addAction(action)
            self.snooze_actions[days] = action
        self.quit_action = QAction("&Quit", self)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.whats_due_action)
        self.menu.addMenu(self.snooze_menu)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)

        self.check_timer = QTimer(self)
        self.check_timer.setInterval(CHECK_EVERY_MS)
        self.check_timer.timeout.connect(self.check_now)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self.beat)
        self._update_menu()

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        """Show the tray (if any), check what is due now, and keep checking."""
        self._attach_tray()
        self.check_timer.start()
        self.heartbeat.start()
        self.check_now()

    def stop(self) -> None:
        self.check_timer.stop()
        self.heartbeat.stop()
        if self.tray is not None:
            self.tray.hide()
        if isinstance(self.desktop, FreedesktopNotifier):
            self.desktop.close()

    @property
    def has_tray(self) -> bool:
        """True when closing the window can leave the app running in the tray."""
        return self.tray is not None

    def _attach_tray(self) -> None:
        if self.tray is not None:
            return
        tray = self._tray_factory()
        if tray is None:
            return
        tray.setParent(self)
        tray.set_menu(self.menu)
        tray.message_clicked.connect(self._message_clicked)
        tray.icon_activated.connect(self.open_requested)
        tray.show()
        self.tray = tray
        self._update_menu()

    def _desktop(self) -> DesktopNotifier | None:
        if not self._desktop_tried:
            self._desktop_tried = True
            self.desktop = self._desktop_factory()
            if self.desktop is not None:
                self.desktop.setParent(self)
                self.desktop.clicked.connect(self._message_clicked)
        return self.desktop

    # ------------------------------------------------------------------ checking

    def beat(self) -> None:
        """Every minute: catch a tray that appeared late (a panel that starts after us at
        login), a new day, or a wake from sleep, and check again if so."""
        wall = self._wall_clock()
        slept = wall - self._last_beat > HEARTBEAT_MS / 1000 + SLEEP_SLACK_S
        self._last_beat = wall
        self._attach_tray()
        if slept:
            log.info("the computer woke up: checking what is due")
        else:
            try:
                today = local_date(self.reminders.now(), self.reminders.tz)
            except DatabaseError:
                return
            if today == self._last_day:
                return
        self.check_now()
        self.day_changed.emit()

    def check_now(self) -> list[AccountDue]:
        """Recompute what is due and announce what has newly become due."""
        try:
            self._last_day = local_date(self.reminders.now(), self.reminders.tz)
            due = self.reminders.due()
            fresh = self.reminders.take_unannounced(due)
        except DatabaseError as exc:
            log.warning("could not check what is due: %s", exc)
            return self.due
        self.due = due
        self._update_menu()
        self.due_changed.emit(due)
        if fresh:
            self.announce(fresh)
        return due

    def _update_menu(self) -> None:
        count = len(self.due)
        for action in self.snooze_actions.values():
            action.setEnabled(count > 0)
        self.snooze_menu.setEnabled(count > 0)
        self.whats_due_action.setText(f"&What's due ({count})" if count else "&What's due")
        if self.tray is not None:
            if count:
                noun = "account is" if count == 1 else "accounts are"
                self.tray.set_tooltip(f"Tightrope: {count} {noun} due for a re-check")
            else:
                self.tray.set_tooltip("Tightrope: nothing is due")

    # ------------------------------------------------------------------ telling

    def announce(self, new: Sequence[AccountDue]) -> None:
        """One notification for the accounts that just became due."""
        title, body = notification_text(new)
        self._clicked_account = new[0] if len(new) == 1 else None
        if self.tray is not None:
            self.tray.show_message(title, body)
            return
        desktop = self._desktop()
        if desktop is not None:
            desktop.notify(title, body)
            return
        self.notify_in_window.emit(
            title, body, self._clicked_account.account.id if self._clicked_account else 0
        )

    def _message_clicked(self) -> None:
        if self._clicked_account is not None and self._clicked_account.hold is None:
            entry = self._clicked_account
            self.walkthrough_requested.emit(entry.account.id, walkthrough_mode(entry).value)
        else:
            self.whats_due_requested.emit()

    def snooze_all(self, days: int) -> list[AccountDue]:
        try:
            snoozed = self.reminders.snooze_all_due(days)
        except DatabaseError as exc:
            log.warning("could not snooze: %s", exc)
            return []
        self.check_now()
        self.snoozed.emit(snoozed)
        return snoozed
