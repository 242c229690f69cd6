"""Run slow work (the keyring, rendering) on Qt's thread pool, never on the GUI thread.

The result comes back through a queued signal, so the callbacks run on the GUI thread.
If the widget that asked is closed first, its relay is gone and the result is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("tightrope.ui")


class Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            outcome, signal_name = exc, "failed"
        else:
            outcome, signal_name = result, "done"
        try:
            getattr(self._relay, signal_name).emit(outcome)
        except RuntimeError:
            log.debug("background result dropped: its window was closed")


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> Relay:
    """Call `work()` on the thread pool; then `on_done(result)` or `on_error(exc)` here."""
    relay = Relay(parent)
    relay.done.connect(on_done)
    relay.failed.connect(on_error)
    relay.done.connect(relay.deleteLater)
    relay.failed.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Task(work, relay))
    return relay
