"""The practice owner's side of the Practice menu: make a pack (choosing what each
clinician must complete), and the staff summary from a folder of attestations, shown as a
table and printed through the report preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.practice_pack import MadePack, PackPlan, load_plan, save_plan
from app.ui.background import run_in_background

if TYPE_CHECKING:
    from app.services.staff_view import StaffView
    from app.ui.main_window import MainWindow
    from app.ui.practice_dialogs import StaffDialog


def signing_keys(window: MainWindow) -> Any:
    """The window's vault when it can sign (the real one does), else the database's."""
    vault = window.vault
    if vault is not None and hasattr(vault, "signing_seed"):
        return vault
    from app.store.vault import Vault

    return Vault.for_database(window.db)


class OwnerDesk(QObject):
    made = Signal(object)
    """A MadePack, once the file is saved."""
    staff_shown = Signal(object)
    """The StaffDialog, once it is open."""

    def __init__(self, window: MainWindow, failed: Callable[[str, BaseException], None]) -> None:
        super().__init__(window)
        self.window = window
        self._failed = failed
        self.staff_dialog: StaffDialog | None = None

    def make_pack(self) -> None:
        from app.domain.practice_pack import default_statement
        from app.ui.practice_dialogs import MakePackDialog

        db = self.window.db
        dialog = MakePackDialog(
            self.window.catalog.sorted(),
            load_plan(db),
            default_statement(db.practice().policy_version),
            self.window,
        )
        if dialog.exec() != MakePackDialog.DialogCode.Accepted:
            return
        target, _ = QFileDialog.getSaveFileName(
            self.window, "Save the practice pack", "practice-pack.json", "Practice pack (*.json)"
        )
        if target:
            self.save_pack(Path(target), dialog.plan())

    def save_pack(self, target: Path, plan: PackPlan) -> None:
        from app.services.practice_pack import export_pack

        window = self.window
        db, catalog, keys = window.db, window.catalog, signing_keys(window)

        def work() -> MadePack:
            from app.reports.wording import load_policy_wording

            made = export_pack(db, catalog, keys, target, plan, load_policy_wording())
            save_plan(db, plan)
            return made

        def done(made: MadePack) -> None:
            message = f"Saved practice pack version {made.content.pack_version} to {target}."
            window.statusBar().showMessage(message)
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Practice pack saved",
                message,
                QMessageBox.StandardButton.Ok,
                window,
            )
            changed = (
                "\n\nThe practice's key changed since the last pack (the keyring no longer "
                f"holds {made.key_changed_from}). Every clinician must first choose Practice "
                "> Forget the practice's key…, then confirm the new fingerprint."
                if made.key_changed_from
                else ""
            )
            box.setInformativeText(
                "Share the file with every clinician. The first time they import it, they "
                "are asked to compare the practice's key fingerprint; read it to them in "
                f"person or by phone:\n\n{made.fingerprint}{changed}"
            )
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.setAccessibleName("Practice pack saved")
            box.open()
            self.made.emit(made)

        run_in_background(self, work, done, lambda exc: self._failed("Pack not made", exc))

    def show_staff(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self.window, "The folder with the clinicians' attestations"
            )
            if not chosen:
                return
            folder = Path(chosen)
        from app.services.staff_view import build_staff_view

        window = self.window
        db, catalog, now = window.db, window.catalog, window.now()
        run_in_background(
            self,
            lambda: build_staff_view(db, catalog, folder, now),
            self._open_staff,
            lambda exc: self._failed("Staff summary not made", exc),
        )

    def _open_staff(self, view: StaffView) -> None:
        from app.ui.practice_dialogs import StaffDialog

        dialog = StaffDialog(view, self.window)
        dialog.print_button.clicked.connect(lambda: self._print_staff(view))
        self.staff_dialog = dialog
        dialog.show()
        self.staff_shown.emit(dialog)

    def _print_staff(self, view: StaffView) -> None:
        from app.reports.staff import render_staff_view
        from app.ui.report_dialog import ReportDialog

        report = render_staff_view(view)
        dialog = ReportDialog(report, self.window, page_size=self.window.report_page_size())
        dialog.show()
