"""Run slow work (the keyring, rendering) on Qt's thread pool, never on the GUI thread.

The result comes back through a queued signal to a relay object that lives on the GUI
thread, so the callbacks always run there. The relay has no Qt parent (a pool thread must
never emit on an object the GUI thread may have deleted); it is kept alive here until the
result is delivered, and if the widget that asked was closed meanwhile, the result is
dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger("tightrope.ui")


class Relay(QObject):
    """Carries one result from a pool thread to callbacks on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__()
        self._owner = parent
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    def _owner_alive(self) -> bool:
        _pending.discard(self)
        if shiboken6.isValid(self._owner):
            return True
        log.debug("background result dropped: its window was closed")
        return False

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        if self._owner_alive():
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, exc: object) -> None:
        if self._owner_alive():
            assert isinstance(exc, Exception)
            self._on_error(exc)


_pending: set[Relay] = set()


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> Relay:
    """Call `work()` on the thread pool; then `on_done(result)` or `on_error(exc)` here."""
    relay = Relay(parent, on_done, on_error)
    _pending.add(relay)

    def task() -> None:
        try:
            result = work()
        except Exception as exc:
            relay.failed.emit(exc)
        else:
            relay.done.emit(result)

    QThreadPool.globalInstance().start(task)
    return relay
