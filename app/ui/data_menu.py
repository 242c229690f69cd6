"""File > Back up now…, Restore from a backup…, Export…, Import…, Show data folder: the
window's side of `tightrope backup | restore | export | import`, with the same checks,
confirmations and messages, through the same services (app.services.backup,
app.services.data_transfer).

Restore and import replace the database file: the window closes its database, lets the
service replace the file under the instance lock the window already holds, and opens
the new file in its place (`reopen`), so the user never has to restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.store.database import Database
from app.store.errors import DatabaseError
from app.ui.background import run_in_background
from app.ui.errors import show_error

if TYPE_CHECKING:
    from app.store.instance_lock import InstanceLock
    from app.ui.main_window import MainWindow

log = logging.getLogger("tightrope.ui")


def ask(parent: QWidget, title: str, question: str, yes: str) -> bool:
    """The CLI's "Type yes to go on", as a dialog whose default is Cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(question)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def tell(parent: QWidget, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.exec()


def evidence_note(db: Database) -> str:
    """Findability evidence files live beside the database, not in a backup: name any that
    are missing or changed (app.services.findability)."""
    from app.services.findability import evidence_problems

    try:
        problems = evidence_problems(db)
    except (DatabaseError, OSError):
        return ""
    if not problems:
        return ""
    shown = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
    return f"\n\n{len(problems)} findability evidence file(s) need attention: {shown}."


class DataActions:
    """The actions, and what they need from the window. `choose_open` / `choose_save`
    ask for a file (tests give their own)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.choose_open: Callable[[str, str], Path | None] = self._choose_open
        self.choose_save: Callable[[str, str, str], Path | None] = self._choose_save
        self.menu: QMenu | None = None

    # ------------------------------------------------------------------ files

    def _choose_open(self, caption: str, filter_text: str) -> Path | None:
        start = str(self.window.db.path.parent / "backups")
        chosen, _ = QFileDialog.getOpenFileName(self.window, caption, start, filter_text)
        return Path(chosen) if chosen else None

    def _choose_save(self, caption: str, name: str, filter_text: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, caption, str(Path.home() / name), filter_text
        )
        return Path(chosen) if chosen else None

    # ------------------------------------------------------------------ actions

    def backup(self) -> Path | None:
        from app.services.backup import backup_now

        try:
            written = backup_now(self.window.db)
        except (DatabaseError, OSError) as exc:
            show_error(self.window, "Backup not made", "The backup was not written.", "", exc)
            return None
        self.window.statusBar().showMessage(f"Backed up to {written}", 15000)
        tell(
            self.window,
            "Backed up",
            f"Backed up to {written}",
            "Restore it with File > Restore from a backup… (or: tightrope restore FILE)."
            + evidence_note(self.window.db),
        )
        return written

    def restore(self) -> bool:
        from app.services.backup import restore
        from app.store.backups import RestoreError
        from app.store.instance_lock import InstanceLockedError

        source = self.choose_open("Restore from a backup", "Tightrope backups (*.sqlite3)")
        if source is None:
            return False
        if not source.is_file():
            show_error(self.window, "Not restored", f"{source} does not exist or is not a file.")
            return False
        if not ask(
            self.window,
            "Restore from a backup",
            f"Replace your Tightrope data with {source}? Your current data is backed up first.",
            "Restore",
        ):
            return False
        path = self.window.db.path
        self._close_windows()
        self.window.db.close()
        try:
            done = restore(source, path, held_lock=self.lock)
        except (RestoreError, InstanceLockedError, OSError) as exc:
            self.reopen(path)
            show_error(self.window, "Not restored", f"{exc}. Nothing was changed.")
            return False
        self.reopen(path)
        kept = f"Your previous data is kept in {done.previous}" if done.previous else ""
        self.window._written(f"Restored {done.source}.")
        tell(
            self.window,
            "Restored",
            f"Restored {done.source}.",
            kept + evidence_note(self.window.db),
        )
        return True

    def export(self) -> Path | None:
        from app.services.data_transfer import TransferError, export_to

        target = self.choose_save("Export your data", "tightrope-export.json", "JSON (*.json)")
        if target is None:
            return None
        if not target.suffix:
            target = target.with_suffix(".json")
        with_secrets = False
        if self.window.keyring_available:
            with_secrets = ask(
                self.window,
                "Export private details too?",
                "Also export the login e-mails, phone numbers and recovery notes from the "
                f"keyring? {target} would then hold them in plain text: keep it somewhere "
                "safe and delete it when done.",
                "Include them",
            )
        from app.store.vault import Vault

        db = self.window.db
        vault = self.window.vault if with_secrets else None

        def work() -> dict[str, object]:
            return export_to(target, db, vault if isinstance(vault, Vault) else None)

        def done(document: object) -> None:
            assert isinstance(document, dict)
            secrets = len(document.get("secrets", []))
            text = (
                f"Exported {len(document['personas'])} persona(s), "
                f"{len(document['accounts'])} account(s) and "
                f"{len(document['progress_events'])} answer(s) to {target}"
                + (f", with {secrets} secret(s)." if with_secrets else " (no secrets).")
            )
            self.window.statusBar().showMessage(text, 15000)
            tell(self.window, "Exported", text)

        def failed(exc: Exception) -> None:
            reason = str(exc) if isinstance(exc, TransferError) else ""
            show_error(
                self.window,
                "Not exported",
                reason or "The export was not written.",
                "",
                None if reason else exc,
            )

        run_in_background(self.window, work, done, failed)
        return target

    def import_(self) -> bool:
        from app.services.data_transfer import TransferError, import_from
        from app.store.instance_lock import InstanceLockedError

        source = self.choose_open("Import an export", "Tightrope exports (*.json)")
        if source is None:
            return False
        path = self.window.db.path
        asked: list[bool] = []

        def confirm(current: str) -> bool:
            answer = ask(
                self.window,
                "Import",
                f"Importing replaces {current}. It is backed up first.",
                "Import",
            )
            asked.append(answer)
            if answer:
                self._close_windows()
                self.window.db.close()
            return answer

        try:
            result = import_from(source, database_path=path, confirm_replace=confirm,
                                 held_lock=self.lock)  # fmt: skip
        except (TransferError, InstanceLockedError, OSError) as exc:
            if asked and asked[-1]:
                self.reopen(path)
            show_error(self.window, "Nothing was imported", str(exc))
            return False
        if result is None:
            tell(self.window, "Import", "Nothing was imported.")
            return False
        if not asked:
            self._close_windows()
            self.window.db.close()
        self.reopen(path)
        kept = f"Your previous data is kept in {result.previous}" if result.previous else ""
        problems = "\n".join(f"Not saved to the keyring: {p}" for p in result.secrets_not_saved)
        self.window._written(f"Imported {result.plan.summary()}.")
        tell(
            self.window,
            "Imported",
            f"Imported {result.plan.summary()} from {source}.",
            "\n\n".join(part for part in (kept, problems) if part),
        )
        return True

    def show_folder(self) -> Path:
        folder = self.window.db.path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.window.statusBar().showMessage(f"Your data is in {folder}", 30000)
        return folder

    # ------------------------------------------------------------------ plumbing

    @property
    def lock(self) -> InstanceLock | None:
        lock = getattr(self.window, "instance_lock", None)
        return lock if lock is not None and lock.held else None

    def _close_windows(self) -> None:
        for walk in list(self.window.walkthroughs.values()):
            walk.close()
        findability = getattr(self.window, "findability_window", None)
        if findability is not None:
            findability.close()

    def reopen(self, path: Path) -> None:
        """Open the (new) database file and put it everywhere the old one was."""
        from app.store.vault import Vault

        db = Database.open(path)
        window = self.window
        window.db = db
        window.reminders.db = db
        if window.vault is not None:
            window.vault = Vault.for_database(db)
        window._undo.clear()
        window.undo_action.setEnabled(False)
        window.undo_action.setText("&Undo")
        window.refresh()


def install_data_menu(window: MainWindow) -> DataActions:
    """The data actions in the File menu, after the reports, with the folder to show."""
    actions = DataActions(window)
    menu = QMenu("&Your data", window)
    menu.setToolTipsVisible(True)
    for text, slot, tip in (
        ("&Back up now", actions.backup, "A copy of all your data, in the backups folder"),
        ("&Restore from a backup…", actions.restore, "Replace your data with a backup"),
        ("&Export…", actions.export, "All your data in one JSON file"),
        ("&Import…", actions.import_, "Replace your data with an export"),
        ("Show the data &folder", actions.show_folder, "Where Tightrope keeps your data"),
    ):
        action = QAction(text, window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False, run=slot: run())
        menu.addAction(action)
    window.file_menu.insertMenu(window.restore_action, menu)
    actions.menu = menu
    return actions
