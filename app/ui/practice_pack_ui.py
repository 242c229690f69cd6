"""The Practice menu: make a pack, import one (confirming the key the first time), watch a
shared folder for new packs, acknowledge the policy, export an attestation, and the
owner's staff summary.

`install_practice_menu(window)` is the one call from the main window; the watched folder
is `app.ui.practice_watch`. Keyring calls and
reading files from a shared drive run on the thread pool; the database is written
through the services.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from app.services.practice_import import (
    ImportResult,
    apply_import,
    plan_import,
)
from app.services.practice_pack import (
    VerifiedPack,
    pack_in_force,
    read_pack,
    remember_watch_folder,
    watch_folder,
)
from app.ui.background import run_in_background
from app.ui.errors import sentence, show_error
from app.ui.practice_owner import OwnerDesk, signing_keys
from app.ui.practice_watch import PackWatcher

if TYPE_CHECKING:
    from app.services.attestation import MadeAttestation
    from app.ui.main_window import MainWindow
    from app.ui.setup_wizard import SetupWizard

from app.store.errors import DatabaseError

log = logging.getLogger("tightrope.ui.practice")


class PracticeDesk(QObject):
    """The Practice menu's actions for one main window."""

    imported = Signal(object)
    """An ImportResult, after a pack was applied."""
    attested = Signal(object)
    failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pack_watcher = PackWatcher(self)
        self.pack_watcher.found.connect(lambda pack: self.offer(pack, quiet=True))
        self.owner = OwnerDesk(window, self._failed)
        """The owner's actions: make a pack, the staff summary (app.ui.practice_owner)."""

    # ---------------------------------------------------------------- clinician

    def import_pack(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Import the practice pack", "", "Practice pack (*.json)"
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        run_in_background(
            self,
            lambda: read_pack(path),
            lambda pack: self.offer(pack, quiet=False),
            lambda exc: self._failed("Pack not imported", exc),
        )

    def offer(self, pack: VerifiedPack, *, quiet: bool) -> None:
        """Check `pack` against this desk and apply it, asking to confirm a new key.
        `quiet` (the watched folder): an older or the same pack is passed over silently."""
        from app.reports.wording import load_policy_wording
        from app.services.practice_pack import PackRefused
        from app.ui.practice_dialogs import FingerprintDialog

        window = self.window
        current = pack_in_force(window.db)
        if (
            quiet
            and current is not None
            and (pack.content.pack_version <= current.content.pack_version)
        ):
            return
        try:
            plan = plan_import(window.db, window.catalog, pack, load_policy_wording())
        except PackRefused as exc:
            self._failed("Pack not imported", exc)
            return
        if plan.first:
            dialog = FingerprintDialog(
                str(pack.content.practice.get("name", "")), pack.fingerprint, plan.changes, window
            )
            if dialog.exec() != FingerprintDialog.DialogCode.Accepted:
                window.statusBar().showMessage("The practice pack was not imported.")
                return
        try:
            result = apply_import(window.db, plan)
        except (OSError, ValueError) as exc:
            self._failed("Pack not imported", exc)
            return
        self._after_import(result)

    def _after_import(self, result: ImportResult) -> None:
        from app.services.checklists import load_catalog_for

        window = self.window
        if not result.unchanged:
            window.catalog = load_catalog_for(window.db)
            window.refresh()
            window.data_changed.emit()
        message = (
            f"Practice pack version {result.pack_version} is already in force."
            if result.unchanged
            else f"Imported practice pack version {result.pack_version}."
        )
        window.statusBar().showMessage(message)
        if result.changes:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Practice pack imported",
                message,
                QMessageBox.StandardButton.Ok,
                window,
            )
            box.setInformativeText("\n".join(result.changes))
            box.setAccessibleName("Practice pack imported")
            box.open()
        self.imported.emit(result)

    def choose_watch_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self.window, "A shared folder where the practice puts its packs"
        )
        if chosen:
            self.watch(Path(chosen))

    @property
    def watched(self) -> Path | None:
        return self.pack_watcher.folder

    def watch(self, folder: Path, *, remember: bool = True) -> None:
        if not self.pack_watcher.watch(folder):
            self._failed("Folder not watched", ValueError(f"{folder} cannot be watched"))
            return
        if remember:
            try:
                remember_watch_folder(self.window.db, folder)
            except ValueError as exc:
                log.warning("watched folder not remembered: %s", exc)
        self.window.statusBar().showMessage(f"Watching {folder} for new practice packs.")

    def forget_key(self) -> None:
        from app.services.practice_import import unpin_practice_key

        answer = QMessageBox.question(
            self.window,
            "Forget the practice's key",
            "Do this only when the practice's owner told you their key changed. The next "
            "practice pack will show its key's fingerprint for you to confirm again.\n\n"
            "Forget the key now?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        forgotten = unpin_practice_key(self.window.db)
        self.window.statusBar().showMessage(
            f"Forgot the practice key {forgotten}." if forgotten else "No practice key was kept."
        )

    def acknowledge(self) -> None:
        from app.services.attestation import acknowledge

        pack = pack_in_force(self.window.db)
        if pack is None:
            self._failed(
                "Nothing to acknowledge",
                ValueError("there is no practice pack on this desk yet; import one first"),
            )
            return
        answer = QMessageBox.question(
            self.window,
            "Acknowledge the office policy",
            f"“{pack.content.statement}”\n\nRecord this now, with today's date?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            acknowledge(self.window.db)
            self.window.statusBar().showMessage("Recorded: " + pack.content.statement)

    def export_attestation(self, target: Path | None = None, *, with_handles: bool = False) -> None:
        from app.services.attestation import set_clinician_name
        from app.services.practice_desk import CLINICIAN

        window = self.window
        pack = pack_in_force(window.db)
        if pack is None:
            self._failed(
                "No attestation made",
                ValueError("there is no practice pack on this desk yet; import one first"),
            )
            return
        if not window.db.setting(CLINICIAN):
            name, ok = QInputDialog.getItem(
                window,
                "Your name",
                "Your name as the practice lists it:",
                list(pack.content.clinicians) or [""],
                0,
                True,
            )
            if not ok:
                return
            try:
                set_clinician_name(window.db, name)
            except ValueError as exc:
                self._failed("No attestation made", exc)
                return
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                window, "Save your attestation", "attestation.json", "Attestation (*.json)"
            )
            if not chosen:
                return
            target = Path(chosen)
        self._attest(target, with_handles)

    def _attest(self, target: Path, with_handles: bool) -> None:
        from app.services.attestation import export_attestation

        window = self.window
        db, catalog, keys = window.db, window.catalog, signing_keys(window)

        def done(made: MadeAttestation) -> None:
            window.statusBar().showMessage(f"Saved your attestation to {target}.")
            self.attested.emit(made)

        run_in_background(
            self,
            lambda: export_attestation(
                db, catalog, keys, target, with_personal_handles=with_handles
            ),
            done,
            lambda exc: self._failed("No attestation made", exc),
        )

    def standing(self) -> str:
        """One line for the top of the menu: the pack in force, or the one made here."""
        db = self.window.db
        current = pack_in_force(db)
        if current is not None:
            name = current.content.practice.get("name", "")
            return f"Practice pack version {current.content.pack_version} from {name} in force"
        from app.services.practice_pack import made_pack

        made = made_pack(db)
        if made is not None:
            return (
                f"You made practice pack version {made.content.pack_version} "
                f"(key {made.fingerprint})"
            )
        return "No practice pack on this computer yet"

    def _failed(self, title: str, exc: BaseException) -> None:
        text = sentence(str(exc)) or "Something unexpected went wrong."
        self.failed.emit(text)
        self.window.statusBar().showMessage(text)
        show_error(self.window, title, text, "Nothing was changed.", exc)


def install_practice_menu(window: MainWindow) -> PracticeDesk:
    """Add the Practice menu to `window`, and watch the folder chosen before, if any."""
    desk = PracticeDesk(window)
    bar = window.menuBar()
    menu = QMenu("Pract&ice", bar)
    help_menu = next((a for a in bar.actions() if a.text() == "&Help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    entries = (
        ("&Import a practice pack…", desk.import_pack, "Import the pack your practice shared"),
        (
            "&Watch a shared folder…",
            desk.choose_watch_folder,
            "Import new practice packs from a shared folder as they arrive",
        ),
        (
            "&Acknowledge the office policy…",
            desk.acknowledge,
            "Record that you read the practice's policy",
        ),
        (
            "&Forget the practice's key…",
            desk.forget_key,
            "Only when the practice's owner had to make a new key",
        ),
        (
            "&Export my attestation…",
            lambda: desk.export_attestation(),
            "A signed summary for the practice's owner, with nothing personal in it",
        ),
        None,
        ("&Make a practice pack…", desk.owner.make_pack, "For the practice's owner"),
        ("&Staff summary…", lambda: desk.owner.show_staff(), "The clinicians' attestations"),
    )
    status = menu.addAction("")
    status.setEnabled(False)
    menu.addSeparator()
    menu.aboutToShow.connect(lambda: status.setText(desk.standing()))
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        text, slot, tip = entry
        action = menu.addAction(text)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False, s=slot: s())
    window.practice_menu = menu  # type: ignore[attr-defined]
    window.practice_desk = desk  # type: ignore[attr-defined]
    try:
        folder = watch_folder(window.db)
    except DatabaseError as exc:
        log.warning("the watched practice folder could not be read: %s", exc)
        folder = None
    if folder is not None:
        desk.watch(folder, remember=False)
    return desk


def lock_practice_pages(wizard: SetupWizard) -> None:
    """When a practice pack is in force, the set-up assistant shows the practice's details
    and emergency wording read-only, saying where they come from (the service does not
    save them either: app.services.setup.apply_setup)."""
    window = wizard.parent()
    db = getattr(window, "db", None)
    pack = pack_in_force(db) if db is not None else None
    if pack is None:
        return
    note = (
        f"Set by the practice pack version {pack.content.pack_version}; read-only on this "
        "desk. Ask the practice's owner to change them."
    )
    for page, fields in (
        (wizard.practice_page, ("name", "clinicians", "phone", "email", "website", "address")),
        (wizard.emergency_page, ("wording", "crisis_line")),
    ):
        page.setSubTitle(note)
        for name in fields:
            widget = getattr(page, name)
            widget.setReadOnly(True)
            widget.setAccessibleDescription(note)
