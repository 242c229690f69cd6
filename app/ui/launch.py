"""Start the Qt application. Imported only when a window is to be shown.

Order of events: logging, the QApplication, the single-instance check (a second launch
hands over to the first and exits), the database (problems shown in plain words), the
checklists (a broken user file is reported, never fatal), the main window, then the
first-run set-up when the practice is not set up yet.
"""

from __future__ import annotations

import logging
import os
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.store import paths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

    from app.domain.catalog import Catalog
    from app.store.database import Database
    from app.store.errors import DatabaseError
    from app.store.instance_lock import InstanceLock
    from app.ui.main_window import MainWindow
    from app.ui.tray import ReminderTray

log = logging.getLogger("tightrope")

EXIT_OK = 0
EXIT_FAILED = 1
LOG_FILE = "tightrope.log"
SMOKE_TIMEOUT_MS = 20000


class EarlyLog(logging.Handler):
    """Holds what is logged before the log file is open, for `setup_logging` to write
    first. The file is opened right after the first paint: its module
    (logging.handlers, with socket and pickle) costs start-up time."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_log_records() -> EarlyLog:
    early = EarlyLog()
    root = logging.getLogger()
    root.addHandler(early)
    root.setLevel(logging.INFO)
    return early


def setup_logging(early: EarlyLog | None = None) -> Path | None:
    """The rotating log (app.store.log_file), starting with what `early` held. Never fatal."""
    from app.store.log_file import open_log_file

    root = logging.getLogger()
    if early is not None:
        root.removeHandler(early)
    try:
        return open_log_file(early.records if early is not None else None)
    except OSError as exc:
        print(f"note: no log file ({exc})", file=sys.stderr)
        return None


def open_log(early: EarlyLog) -> None:
    """`setup_logging(early)` unless that was done already."""
    if early in logging.getLogger().handlers:
        setup_logging(early)


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Anything unexpected goes to the log, and the user gets words, not a traceback."""
    log.critical("unexpected error", exc_info=(kind, exc, tb))
    if QApplication.instance() is not None and not isinstance(exc, KeyboardInterrupt):
        from app.ui.errors import show_error

        show_error(
            QApplication.activeWindow(),
            "Something went wrong",
            "Tightrope ran into an unexpected problem. Everything you saved is kept.",
            f"If it happens again, please send the log file from Help > Open the log folder "
            f"({paths.log_dir()}).",
        )


def server_name(base: str, environ: Mapping[str, str] | None = None) -> str:
    """Where the single-instance socket lives: a full path in the user's runtime folder
    ($XDG_RUNTIME_DIR, private to the user and emptied at logout) when there is one;
    otherwise the bare name, which Qt puts in its temporary folder (and on Windows,
    where it is a named pipe)."""
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if sys.platform == "win32" or not runtime or not os.path.isdir(runtime):
        return base
    path = os.path.join(runtime, base)
    return path if len(path.encode()) < 100 else base


class SingleInstance(QObject):
    """One window per data folder: a second launch asks the first to come forward.

    The server is named after the folder's checksums (zlib, loaded already; no need for
    hashlib, which loads OpenSSL)."""

    activated = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder = str(paths.data_dir().resolve()).encode()
        self.name = server_name(f"tightrope-{zlib.crc32(folder):08x}{zlib.adler32(folder):08x}")
        self.server: QLocalServer | None = None

    def hand_over(self) -> bool:
        """True when another Tightrope already runs on this data folder and was told to
        come forward; then this process should exit."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(500):
            socket.write(b"show\n")
            socket.waitForBytesWritten(500)
            socket.disconnectFromServer()
            return True
        return False

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # left over from a crash
            if not server.listen(self.name):
                log.warning("single-instance server not started: %s", server.errorString())
                return False
        server.newConnection.connect(self._connection)
        self.server = server
        return True

    def _connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(socket.readAll)
            socket.disconnected.connect(socket.deleteLater)
            self.activated.emit()


def drop_source_lines() -> None:
    """Forget the source lines PySide6 read from every module imported after it (its
    check for `from __feature__ import ...`); they stay in `linecache` otherwise, over
    4 MiB at start-up, and only tracebacks use that cache (they read the file again).
    Called before the window is built and after the start-up work that follows it."""
    import linecache

    linecache.clearcache()


def bring_forward(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


class Choice(StrEnum):
    RESTORE = "restore"
    OPEN_FOLDER = "open-folder"
    CLOSE = "close"


def ask_what_to_do(exc: DatabaseError) -> Choice:
    """Tell the user why the data cannot be opened; offer the newest backup if there is one."""
    from PySide6.QtWidgets import QMessageBox

    from app.store.errors import CorruptDatabaseError

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Tightrope cannot open your data")
    backup = exc.newest_backup if isinstance(exc, CorruptDatabaseError) else None
    if isinstance(exc, CorruptDatabaseError):
        box.setText("Your Tightrope data file is damaged. It has not been changed.")
    else:
        box.setText("Tightrope cannot open your data file.")
    box.setInformativeText(
        str(exc)
        + (
            "\n\nRestore the newest backup now? The damaged file is kept in the backups "
            "folder, so nothing is lost."
            if backup is not None
            else ""
        )
    )
    restore = (
        box.addButton("Restore the newest backup", QMessageBox.ButtonRole.AcceptRole)
        if backup is not None
        else None
    )
    folder = box.addButton("Open the data folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        return Choice.RESTORE
    if box.clickedButton() is folder:
        return Choice.OPEN_FOLDER
    return Choice.CLOSE


def open_database(
    interactive: bool,
    lock: InstanceLock | None = None,
    choose: Callable[[DatabaseError], Choice] = ask_what_to_do,
) -> Database | DatabaseError:
    """The Database, or the error that stopped it (after telling the user about it).

    A damaged file is never written to. When the store names a good backup, the user may
    restore it here: the damaged file is moved aside into the backups folder, and the
    restored data is opened.
    """
    from app.store.database import Database
    from app.store.errors import CorruptDatabaseError, DatabaseError

    try:
        return Database.open()
    except DatabaseError as exc:
        log.error("database not opened: %s", exc)
        if not interactive:
            return exc
        choice = choose(exc)
        if choice is Choice.OPEN_FOLDER:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))
        if choice is not Choice.RESTORE or not isinstance(exc, CorruptDatabaseError):
            return exc
        if exc.newest_backup is None:
            return exc
        return _restore_and_open(exc, exc.newest_backup, lock)


def _restore_and_open(
    exc: DatabaseError, backup: Path, lock: InstanceLock | None
) -> Database | DatabaseError:
    from app.services.backup import restore
    from app.store.backups import RestoreError
    from app.store.database import Database
    from app.store.errors import DatabaseError
    from app.ui.errors import show_error

    try:
        restored = restore(backup, held_lock=lock)
    except (RestoreError, DatabaseError, OSError) as failure:
        log.error("restore failed: %s", failure)
        show_error(
            None,
            "Backup not restored",
            f"Tightrope could not restore {backup}.",
            "Nothing was changed. Try an older backup from the command line: "
            "`tightrope restore FILE`.",
            failure,
        )
        return exc
    log.info("restored %s; the damaged file is kept as %s", backup, restored.previous)
    try:
        return Database.open()
    except DatabaseError as again:
        return again


def catalog_problems_text(problems: Sequence[object]) -> str:
    lines = [str(p) for p in problems[:8]]
    more = len(problems) - len(lines)
    if more > 0:
        lines.append(f"… and {more} more")
    return "\n".join(lines)


class _PaintWatcher(QObject):
    """Notes whether the watched widget has been painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def run_gui(*, smoke_test: bool = False, minimized: bool = False) -> int:
    early = hold_log_records()
    try:
        return _run_gui(early, smoke_test=smoke_test, minimized=minimized)
    finally:
        open_log(early)


def _run_gui(early: EarlyLog, *, smoke_test: bool, minimized: bool) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Tightrope")
    app.setOrganizationName("Tightrope")
    app.setApplicationDisplayName("Tightrope")
    from app.ui.icons import apply_desktop_identity

    apply_desktop_identity(app)
    if not smoke_test:
        sys.excepthook = _log_uncaught

    instance = SingleInstance(app)
    lock: InstanceLock | None = None
    if not smoke_test:
        if instance.hand_over():
            log.info("another Tightrope is running on this data folder; brought it forward")
            return EXIT_OK
        from app.store.instance_lock import InstanceLock

        lock = InstanceLock(paths.data_dir())
        if not lock.acquire():
            from app.store.instance_lock import InstanceLockedError
            from app.ui.errors import show_error

            busy = InstanceLockedError(paths.data_dir(), lock.holder_pid())
            show_error(None, "Tightrope is already open", str(busy))
            return EXIT_FAILED
        instance.listen()

    from app.store.database import Database

    try:
        opened = open_database(interactive=not smoke_test, lock=lock)
        if not isinstance(opened, Database):
            if smoke_test:
                print(f"smoke test failed: {opened}", file=sys.stderr)
            return EXIT_FAILED
        db = opened
        try:
            return _run_window(
                app, db, instance, early, smoke_test=smoke_test, minimized=minimized, lock=lock
            )
        except Exception as exc:
            log.exception("start-up failed")
            if smoke_test:
                print(f"smoke test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
                return EXIT_FAILED
            raise
        finally:
            db.close()
    finally:
        if lock is not None:
            lock.release()


def _run_window(
    app: QApplication,
    db: object,
    instance: SingleInstance,
    early: EarlyLog,
    *,
    smoke_test: bool,
    minimized: bool,
    lock: InstanceLock | None = None,
) -> int:
    from app.services.checklists import load_catalog_for
    from app.store.database import Database
    from app.ui.main_window import MainWindow

    assert isinstance(db, Database)
    catalog = load_catalog_for(db)
    drop_source_lines()
    window = MainWindow(db, catalog)
    window.instance_lock = lock
    instance.activated.connect(lambda: bring_forward(window))

    if smoke_test:
        watcher = _PaintWatcher()
        window.splitter.installEventFilter(watcher)
        window.started.connect(lambda: QTimer.singleShot(0, app.quit))
        window.show()
        QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
        app.exec()
        if not watcher.painted:
            print(
                f"smoke test failed: the main window was not painted within "
                f"{SMOKE_TIMEOUT_MS // 1000} s",
                file=sys.stderr,
            )
            return EXIT_FAILED
        print(
            f"smoke test passed: {len(window.overviews)} account(s), "
            f"{len(catalog.checklists)} checklist(s), data in {db.path.parent}"
        )
        for problem in catalog.problems:
            print(f"note: a checklist did not load: {problem}")
        return EXIT_OK

    app.aboutToQuit.connect(window.save_state)
    window.started.connect(lambda: _after_first_paint(app, window, catalog, early, minimized))
    if minimized:
        tray = _start_reminders(app, window)
        if tray is not None and tray.has_tray:
            log.info("started minimised to the tray")
        else:
            window.showMinimized()
        window.finish_start()
    else:
        window.show()
    return app.exec()


def _after_first_paint(
    app: QApplication, window: MainWindow, catalog: Catalog, early: EarlyLog, minimized: bool
) -> None:
    """The start-up work nothing on the first painted window needs: the log file, today's
    backup, the tray, the keyring, then anything to tell or ask the user."""
    from app.ui.setup_wizard import needs_setup

    open_log(early)
    _routine_backup(window)
    if not minimized:
        _start_reminders(app, window)
    _attach_vault(window)
    if catalog.problems:
        log.warning("checklists that did not load:\n%s", catalog_problems_text(catalog.problems))
        QTimer.singleShot(0, lambda: _show_catalog_problems(window, catalog.problems))
    if needs_setup(window.db) and not minimized:
        QTimer.singleShot(0, window.run_setup)
    drop_source_lines()


def _attach_vault(window: MainWindow) -> None:
    """The keyring vault, once the window is up: nothing on screen needs it before."""
    from app.store.vault import Vault

    window.vault = Vault.for_database(window.db)
    window.check_keyring()


def _routine_backup(window: MainWindow) -> None:
    """Today's automatic backup, off the GUI thread; a failure is logged and shown once."""
    from app.services.backup import routine_backup
    from app.ui.background import run_in_background

    def failed(exc: Exception) -> None:
        log.error("automatic backup failed: %s", exc, exc_info=exc)
        window.statusBar().showMessage(
            f"Today's automatic backup could not be made: {exc}. Your data is unchanged.",
            60_000,
        )

    run_in_background(
        window,
        lambda: routine_backup(window.db),
        lambda made: log.info("automatic backup: %s", made) if made else None,
        failed,
    )


def _start_reminders(app: QApplication, window: MainWindow) -> ReminderTray | None:
    """The tray icon and notifications (app.ui.tray), wired to the window."""
    from app.ui.tray import ReminderTray

    try:
        tray = ReminderTray(window.reminders, parent=app)
    except Exception:
        log.exception("reminders not started")
        return None

    def whats_due() -> None:
        bring_forward(window)
        window.show_dashboard()

    def walkthrough(account_id: int, mode: str) -> None:
        from app.services.walkthrough import WalkthroughMode

        bring_forward(window)
        window.open_walkthrough(account_id, WalkthroughMode(mode))

    tray.open_requested.connect(lambda: bring_forward(window))
    tray.whats_due_requested.connect(whats_due)
    tray.walkthrough_requested.connect(walkthrough)
    tray.quit_requested.connect(window.quit_app)
    tray.snoozed.connect(lambda _accounts: window.refresh())
    tray.notify_in_window.connect(window.show_notice)
    window.attach_tray(tray)
    recheck = QTimer(window)
    recheck.setSingleShot(True)
    recheck.setInterval(1000)
    recheck.timeout.connect(tray.check_now)
    window.data_changed.connect(recheck.start)
    tray.due_changed.connect(lambda _due: window.refresh())
    app.aboutToQuit.connect(tray.stop)
    tray.start()
    app.setQuitOnLastWindowClosed(not tray.has_tray)
    window.keeps_running_in_tray = tray.has_tray
    return tray


def _show_catalog_problems(window: QWidget, problems: Sequence[object]) -> None:
    from app.ui.errors import show_error

    show_error(
        window,
        "Some checklists did not load",
        "One or more checklist files have problems, so they are not used. All the other "
        "checklists work as usual.",
        catalog_problems_text(problems)
        + "\n\nFix the file named above (or remove it from your checklists folder) and "
        "restart Tightrope.",
    )
