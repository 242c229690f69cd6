"""The main window: personas and accounts on the left, the dashboard or one account's
details in the centre, menus with a shortcut for every action.

Reports (app.ui.report_dialog), the tray and the "What's due" panel (app.ui.tray,
app.ui.due_panel) are built by their own modules and plugged in through the slots here:
`file_menu`, `reminders_menu` and `dashboard.due_slot`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.domain.catalog import Catalog
from app.services import preferences
from app.services.reminders import AccountDue, Reminders
from app.services.status import AccountOverview, account_overviews
from app.store.database import Database
from app.store.errors import DatabaseError
from app.store.paths import log_dir
from app.ui import fit
from app.ui.background import run_in_background
from app.ui.dashboard import Dashboard, WarningView
from app.ui.errors import sentence, show_error, write_failed
from app.ui.persona_panel import PersonaPanel
from app.ui.replies_entry import install_replies

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.domain.personas import Account, Persona, SecretField
    from app.domain.separation import SeparationWarning
    from app.reports.documents import RenderedReport
    from app.reports.pdf import PageSize
    from app.services.secrets import SecretStore
    from app.services.walkthrough import WalkthroughMode
    from app.services.workspace import Undo
    from app.store.instance_lock import InstanceLock
    from app.ui.account_details import AccountDetails
    from app.ui.due_panel import DuePanel
    from app.ui.tray import ReminderTray
    from app.ui.walkthrough import WalkthroughWindow

# Start-up only pays for what the first painted window shows: the account details page is
# built when an account is first opened, dialogs and the walkthrough when first asked for,
# and the "What's due" panel and the separation warnings right after the first paint
# (`finish_start`).

log = logging.getLogger("tightrope.ui")

KEYRING_WAIT_MESSAGE = (
    "Waiting for the system keyring (it may be asking for its password); "
    "everything else works meanwhile."
)

Clock = Callable[[], datetime]


def _system_clock() -> datetime:
    from app.services.reminders import system_clock

    return system_clock()


class MainWindow(QMainWindow):
    data_changed = Signal()
    """Emitted after anything was written, so the tray and other views can refresh."""
    started = Signal()
    """Emitted once, by `finish_start`, right after the window was first painted."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        vault: SecretStore | None = None,
        *,
        clock: Clock = _system_clock,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._catalog = catalog
        self.vault = vault
        self.clock = clock
        self.tz = tz
        self.overviews: list[AccountOverview] = []
        self.walkthroughs: dict[int, WalkthroughWindow] = {}
        self.keyring_available: bool | None = None
        self.instance_lock: InstanceLock | None = None
        """The data folder's lock, which the launcher holds (restore and import need it)."""
        self.keeps_running_in_tray = False
        """True when closing the window leaves Tightrope running in the tray."""
        self._undo: list[Undo] = []
        self._first_paint_seen = False
        self.is_started = False
        """True once `finish_start` ran: the warnings are shown and `started` was sent."""
        self.reminders = Reminders(db, catalog, clock=clock, tz=tz)
        self.setWindowTitle("Tightrope")
        self.setAccessibleName("Tightrope")
        self.resize(1240, 780)
        fit.place(self)
        fit.use_memory(preferences.size_memory(db))

        self.panel = PersonaPanel()
        self.dashboard = Dashboard()
        self._details: AccountDetails | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.dashboard)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([320, 920])
        self.splitter.setChildrenCollapsible(False)
        self.panel.setMinimumWidth(260)
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self._build_menus()
        self._build_reminders()
        self._build_reports()
        from app.ui.findability_menu import install_findability_menu
        from app.ui.guide_dialog import install_guide_menu

        install_findability_menu(self)
        install_guide_menu(self)
        self.panel.add_persona_button.clicked.connect(self.add_persona)
        self.panel.add_account_button.clicked.connect(self.add_account)
        self.panel.persona_actions = [self.edit_persona_action, self.archive_persona_action]
        self.panel.account_actions = [
            self.walk_action,
            self.recheck_action,
            self.edit_account_action,
            self.move_account_action,
            self.archive_account_action,
        ]
        install_replies(self)
        from app.ui.delete_account import install_delete_action

        self.delete_account_action = install_delete_action(self)
        self.panel.selection_changed.connect(self._selection_changed)
        self.dashboard.account_activated.connect(lambda a: self.panel.select("account", a))
        self.statusBar().setSizeGripEnabled(True)
        self.refresh()
        self._restore_state()

    @property
    def details(self) -> AccountDetails:
        """The account details page, built when an account is first opened."""
        if self._details is None:
            from app.ui.account_details import AccountDetails

            details = AccountDetails()
            details.back_requested.connect(lambda: self.panel.select("dashboard", None))
            details.edit_requested.connect(self.edit_account)
            details.walkthrough_requested.connect(self.open_walkthrough)
            details.change_requested.connect(self.change_answer)
            self.stack.addWidget(details)
            self._details = details
        return self._details

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._first_paint_seen:
            self._first_paint_seen = True
            QTimer.singleShot(0, self.finish_start)

    def finish_start(self) -> None:
        """What the first painted window does not need, right after it: the separation
        warnings (below the accounts table), then `started` for the launcher's own work
        (tray, backup, keyring). Runs once; call it directly where the window is never
        shown."""
        if self.is_started:
            return
        self.is_started = True
        self._refresh_warnings()
        from app.ui.practice_pack_ui import install_practice_menu  # Practice menu (issue 18)

        install_practice_menu(self)
        self.started.emit()

    # ------------------------------------------------------------------ menus

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.setup_action = a(
            "&Set-up assistant…", self.run_setup, tip="Practice details and default personas"
        )
        self.restore_action = a(
            "&Restore archived…", self.restore_archived, tip="Bring back an archived item"
        )
        self.quit_action = a("&Quit", self.quit_app, QKeySequence.StandardKey.Quit)
        self.undo_action = a("&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.add_persona_action = a("Add &persona…", self.add_persona, "Ctrl+Shift+P")
        self.edit_persona_action = a("&Edit persona…", self.edit_persona, "Ctrl+Shift+E")
        self.archive_persona_action = a("&Archive persona…", self.archive_persona)
        self.add_account_action = a("Add &account…", self.add_account, "Ctrl+Shift+A")
        self.edit_account_action = a("&Edit account…", self.edit_account, "F2")
        self.move_account_action = a("&Move to another persona…", self.move_account, "Ctrl+Shift+M")
        self.archive_account_action = a(
            "Arc&hive account…", self.archive_account, QKeySequence.StandardKey.Delete
        )
        self.walk_action = a(
            "Start the &walkthrough", lambda: self.open_walkthrough(None), "Ctrl+Return"
        )
        self.recheck_action = a(
            "&Re-check changed settings",
            lambda: self.open_walkthrough(None, "recheck"),
            "Ctrl+Shift+Return",
        )
        self.dashboard_action = a("&Dashboard", self.show_dashboard, "Alt+Home")
        self.refresh_action = a("&Refresh", self.refresh, QKeySequence.StandardKey.Refresh)
        self.shortcuts_action = a(
            "&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        self.logs_action = a("Open the &log folder", self.open_log_folder)
        self.about_action = a("&About Tightrope", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu: QMenu = bar.addMenu("&File")
        self.file_menu.addAction(self.setup_action)
        self.reports_separator = self.file_menu.addSeparator()
        """Reports go after this separator (Print policy…, Audit summary…)."""
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_action)
        personas = bar.addMenu("&Personas")
        for action in (self.add_persona_action, self.edit_persona_action):
            personas.addAction(action)
        personas.addSeparator()
        personas.addAction(self.archive_persona_action)
        accounts = self.accounts_menu = bar.addMenu("&Accounts")
        for action in (
            self.add_account_action,
            self.edit_account_action,
            self.move_account_action,
        ):
            accounts.addAction(action)
        accounts.addSeparator()
        accounts.addAction(self.walk_action)
        accounts.addAction(self.recheck_action)
        accounts.addSeparator()
        accounts.addAction(self.archive_account_action)
        self.reminders_menu: QMenu = bar.addMenu("&Reminders")
        """Calendar export, snoozing and start-at-login (app.ui.tray) live here."""
        self.reminders_menu.menuAction().setVisible(False)
        self.reminders_menu.aboutToShow.connect(self._reminders_menu_visible)
        view = bar.addMenu("&View")
        view.addAction(self.dashboard_action)
        view.addAction(self.refresh_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.logs_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_reminders(self) -> None:
        """The "What's due" panel on the dashboard and the Reminders menu (app.ui.due_panel)."""
        from app.ui.due_panel import DuePanel, autostart_action, export_calendar_action

        self.due_panel: DuePanel = DuePanel(self.reminders, self.dashboard)
        self.dashboard.due_slot.addWidget(self.due_panel)
        self.due_panel.walkthrough_requested.connect(self.open_walkthrough)
        self.due_panel.changed.connect(self._written)
        self.add_reminders_action(export_calendar_action(self, self.reminders))
        self.add_reminders_action(autostart_action(self))

    def _build_reports(self) -> None:
        """File > Print policy… and Audit summary… (preview, print, PDF: app.ui.report_dialog).

        The reports (Jinja, the PDF writer) are imported when first asked for.
        """
        self.policy_action = self._action(
            "Print the office &policy…",
            lambda: self.open_report("policy"),
            QKeySequence.StandardKey.Print,
            "The social-media policy you give to new clients",
        )
        self.audit_action = self._action(
            "&Audit summary…",
            lambda: self.open_report("audit"),
            "Ctrl+Shift+U",
            "What you checked, when, and against which checklist version",
        )
        self.add_report_action(self.policy_action)
        self.add_report_action(self.audit_action)
        from app.ui.data_menu import install_data_menu
        from app.ui.practice_menu import install_practice_menu

        self.data_actions = install_data_menu(self)
        self.practice_action = install_practice_menu(self)

    def _reminders_menu_visible(self) -> None:
        self.reminders_menu.menuAction().setVisible(bool(self.reminders_menu.actions()))

    def add_reminders_action(self, action: QAction) -> None:
        """Put an action in the Reminders menu (shown once it has one)."""
        self.reminders_menu.addAction(action)
        self.reminders_menu.menuAction().setVisible(True)

    def attach_tray(self, tray: ReminderTray) -> None:
        """Plug the tray's reminders into the window: Reminders > Snooze all (the same
        actions as the tray menu's), and a redraw when the day changes or the computer
        wakes, so "Next due" never shows yesterday's answer."""
        snooze = tray.snooze_menu.menuAction()
        existing = self.reminders_menu.actions()
        if existing:
            self.reminders_menu.insertAction(existing[0], snooze)
            self.reminders_menu.insertSeparator(existing[0])
        else:
            self.reminders_menu.addAction(snooze)
        self.reminders_menu.menuAction().setVisible(True)
        tray.day_changed.connect(self.refresh)
        from app.ui.findability_menu import install_findability_tray

        install_findability_tray(self, tray)

    def add_report_action(self, action: QAction) -> None:
        """Put a report action (Print policy…, Audit summary…) in the File menu."""
        self.file_menu.insertAction(self.restore_action, action)

    # ------------------------------------------------------------------ data

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        """A reloaded catalog reaches the reminders (tray, calendar export) too; call
        `refresh()` after to redraw."""
        self._catalog = catalog
        self.reminders.catalog = catalog

    def now(self) -> datetime:
        return self.clock()

    def zone(self) -> tzinfo:
        if self.tz is None:
            from app.services.reminders import local_zone

            self.tz = local_zone(self.db)
        return self.tz

    def refresh(self) -> None:
        """Recompute every account's standing and redraw what shows it."""
        try:
            personas = self.db.personas()
            self.overviews = account_overviews(self.db, self.catalog, self.now(), self.zone())
        except DatabaseError as exc:
            show_error(self, "Could not read your data", str(exc))
            return
        self.panel.populate(personas, self.overviews)
        self.dashboard.populate(self.overviews)
        self.due_panel.populate(
            [
                AccountDue(o.account, o.persona, o.checklist, o.due, o.statuses)
                for o in self.overviews
            ]
        )
        if self.is_started:
            self._refresh_warnings()
        node, node_id = self.panel.current()
        if node == "account" and node_id is not None:
            self._show_account(node_id)
        self._update_actions()

    def _refresh_warnings(self) -> None:
        from app.services.separation import current_warnings

        try:
            warnings = current_warnings(
                self.db,
                self.catalog,
                self.now(),
                keyring_available=bool(self.keyring_available),
                tz=self.zone(),
            )
        except Exception as exc:
            log.warning("separation warnings not available: %s", exc, exc_info=exc)
            self.dashboard.set_warnings(None)
            return
        platforms = {o.account.id: o.platform for o in self.overviews}
        personas = {o.account.id: o.persona.name for o in self.overviews}
        self.dashboard.set_warnings(
            [
                WarningView(
                    w.title,
                    tuple(
                        f"{platforms.get(a.id, a.checklist_id)} {a.handle} "
                        f"({personas.get(a.id, '')})"
                        for a in w.accounts
                    ),
                    w.fix,
                    w.severity.value,
                    tuple(w.details),
                )
                for w in warnings
            ]
        )

    def check_keyring(self) -> None:
        """Ask the keyring, off the GUI thread, whether it works (for the warnings)."""
        if self.vault is None:
            self.keyring_available = False
            return
        self.statusBar().showMessage(KEYRING_WAIT_MESSAGE)
        run_in_background(
            self,
            self.vault.status,
            self._keyring_checked,
            lambda exc: self._keyring_checked(None),
        )

    def _keyring_checked(self, status: object) -> None:
        if self.statusBar().currentMessage() == KEYRING_WAIT_MESSAGE:
            self.statusBar().clearMessage()
        available = bool(getattr(status, "available", False))
        if not available:
            log.info("keyring not available: %s", getattr(status, "reason", ""))
        changed = available != self.keyring_available
        self.keyring_available = available
        if changed and self.is_started:
            self._refresh_warnings()

    def overview(self, account_id: int) -> AccountOverview | None:
        return next((o for o in self.overviews if o.account.id == account_id), None)

    def _selection_changed(self, node: str, node_id: object) -> None:
        if node == "account" and isinstance(node_id, int):
            self._show_account(node_id)
        else:
            self.stack.setCurrentWidget(self.dashboard)
        self._update_actions()

    def _show_account(self, account_id: int) -> None:
        overview = self.overview(account_id)
        if overview is None:
            self.stack.setCurrentWidget(self.dashboard)
            return
        try:
            history = self.db.events(account_id)
            reviews = self.db.review_events(account_id)
        except DatabaseError as exc:
            show_error(self, "Could not read the history", str(exc))
            history, reviews = [], []
        self.details.show_account(overview, history, reviews)
        self.stack.setCurrentWidget(self.details)

    def show_dashboard(self) -> None:
        self.panel.select("dashboard", None)
        self.stack.setCurrentWidget(self.dashboard)

    def selected_account_id(self) -> int | None:
        node, node_id = self.panel.current()
        if node == "account":
            return node_id
        if self.stack.currentWidget() is self.dashboard:
            return self.dashboard.selected_account()
        return None

    def _update_actions(self) -> None:
        account = self.selected_account_id()
        persona = self.panel.current_persona_id()
        for action in (
            self.edit_account_action,
            self.move_account_action,
            self.archive_account_action,
            self.walk_action,
            self.delete_account_action,
        ):
            action.setEnabled(account is not None)
        overview = self.overview(account) if account is not None else None
        self.recheck_action.setEnabled(bool(overview and overview.summary.needs_recheck))
        self.edit_persona_action.setEnabled(persona is not None)
        self.archive_persona_action.setEnabled(persona is not None)

    def _written(self, message: str = "") -> None:
        """After a write: redraw, tell the tray, and say what happened."""
        self.refresh()
        self.data_changed.emit()
        if message:
            self.statusBar().showMessage(message, 15000)

    # ------------------------------------------------------------------ dialogs

    def confirm(self, title: str, text: str, yes: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    def run_setup(self) -> None:
        from app.services.clinician import current_clinician
        from app.services.place import practice_place
        from app.services.setup import finish_setup
        from app.services.workspace import WorkspaceError
        from app.ui.practice_pack_ui import lock_practice_pages
        from app.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(
            self.db.practice(),
            self.db.personas(),
            self.catalog.sorted(),
            parent=self,
            clinician=current_clinician(self.db),
            place=practice_place(self.db),
        )
        lock_practice_pages(wizard)  # read-only when a practice pack sets them
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        try:
            created = finish_setup(self.db, self.catalog, wizard.plan() if accepted else None)
        except WorkspaceError as exc:
            show_error(
                self,
                "Set-up not saved",
                sentence(str(exc)),
                "Nothing was changed. Open File > Set-up assistant… again to fix it.",
            )
            return
        except DatabaseError as exc:
            write_failed(self, "the set-up", exc)
            self.refresh()
            return
        if accepted:
            self._told_about(a.id for a in self.db.accounts())
            self._written(
                f"Set-up saved: {len(created)} persona{'s' if len(created) != 1 else ''} added."
            )

    def _told_about(self, account_ids: Iterable[int]) -> None:
        """Just added: the user knows these are new, so no "Time to re-check" for them."""
        try:
            self.reminders.mark_told(account_ids)
        except DatabaseError as exc:
            log.warning("new accounts not marked as told: %s", exc)

    def add_persona(self) -> None:
        from app.services import workspace
        from app.ui.persona_dialog import PersonaDialog

        dialog = PersonaDialog(parent=self, existing=self.db.personas())
        while dialog.exec() == QDialog.DialogCode.Accepted:
            p = dialog.result_persona()
            try:
                created = workspace.add_persona(
                    self.db,
                    p.name,
                    p.kind,
                    display_name=p.display_name,
                    bio=p.bio,
                    colour=p.colour,
                    recheck_days=p.recheck_days,
                    status=p.status,
                )
            except DatabaseError as exc:
                dialog.show_problem(sentence(str(exc)))
                continue
            self._written(f"Added the persona {created.name}.")
            self.panel.select("persona", created.id)
            return

    def _persona(self) -> Persona | None:
        persona_id = self.panel.current_persona_id()
        if persona_id is None:
            return None
        try:
            return self.db.persona(persona_id)
        except DatabaseError as exc:
            show_error(self, "Could not read the persona", str(exc))
            return None

    def edit_persona(self) -> None:
        from app.services import workspace

        persona = self._persona()
        if persona is None:
            return
        from app.ui.persona_dialog import PersonaDialog

        dialog = PersonaDialog(persona, parent=self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                workspace.edit_persona(self.db, dialog.result_persona())
            except DatabaseError as exc:
                dialog.show_problem(sentence(str(exc)))
                continue
            self._written("Persona saved.")
            return

    def archive_persona(self) -> None:
        from app.services import workspace

        persona = self._persona()
        if persona is None:
            return
        count = len([o for o in self.overviews if o.persona.id == persona.id])
        accounts = f" and its {count} account{'s' if count != 1 else ''}" if count else ""
        if not self.confirm(
            "Archive persona",
            f"Archive the persona {persona.name}{accounts}?\n\nThey disappear from the lists "
            "and reminders. Their history is kept for your records, and you can bring them "
            "back with Undo (Ctrl+Z) or File > Restore archived…",
            "Archive",
        ):
            return
        try:
            token = workspace.archive_persona(self.db, persona.id)
        except DatabaseError as exc:
            write_failed(self, "the change", exc)
            return
        self._push_undo(token)
        self._written(f"Archived {persona.name}. Undo with Ctrl+Z.")

    def add_account(self) -> None:
        from app.services import workspace
        from app.ui.account_dialog import AccountDialog

        personas = self.db.personas()
        if not personas:
            show_error(
                self,
                "Add a persona first",
                "Every account belongs to a persona, and there is none yet.",
                "Add one with Personas > Add persona (Ctrl+Shift+P), or run File > "
                "Set-up assistant to create Personal and Professional.",
            )
            return
        dialog = AccountDialog(
            personas,
            self.catalog.sorted(),
            self.vault,
            persona_id=self.panel.current()[1] if self.panel.current()[0] == "persona" else None,
            parent=self,
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            a = dialog.result_account()
            try:
                created = workspace.add_account(
                    self.db,
                    self.catalog,
                    a.persona_id,
                    a.checklist_id,
                    a.handle,
                    a.profile_url,
                    a.notes,
                )
            except DatabaseError as exc:
                dialog.show_problem(sentence(str(exc)))
                continue
            self._save_secrets(created.id, dialog.secret_changes())
            self._told_about([created.id])
            self._written(f"Added {a.handle}. Start its walkthrough with Ctrl+Enter.")
            self.panel.select("account", created.id)
            self.details.walk_button.setFocus()
            return

    def _account(self, account_id: int | None = None) -> Account | None:
        account_id = account_id if account_id is not None else self.selected_account_id()
        if account_id is None:
            return None
        try:
            return self.db.account(account_id)
        except DatabaseError as exc:
            show_error(self, "Could not read the account", str(exc))
            return None

    def edit_account(self, account_id: int | None = None) -> None:
        from app.services import workspace

        account = self._account(account_id)
        if account is None:
            return
        from app.ui.account_dialog import AccountDialog

        dialog = AccountDialog(
            self.db.personas(), self.catalog.sorted(), self.vault, account=account, parent=self
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                workspace.edit_account(self.db, self.catalog, dialog.result_account())
            except DatabaseError as exc:
                dialog.show_problem(sentence(str(exc)))
                continue
            self._save_secrets(account.id, dialog.secret_changes())
            self._written("Account saved.")
            return

    def _save_secrets(self, account_id: int, changes: dict[SecretField, str]) -> None:
        if not changes or self.vault is None:
            return
        from app.services.secrets import save_secrets

        vault = self.vault
        run_in_background(
            self,
            lambda: save_secrets(vault, account_id, changes),
            lambda _result: self._written("Private details saved in the keyring."),
            lambda exc: show_error(
                self,
                "Private details not saved",
                "The account was saved, but its private details could not be put in the keyring.",
                "Unlock the keyring if it is locked, then open the account again (F2) and "
                "save once more.",
                exc,
            ),
        )

    def move_account(self) -> None:
        from app.services import workspace

        account = self._account()
        if account is None:
            return
        others = [p for p in self.db.personas() if p.id != account.persona_id]
        if not others:
            show_error(
                self,
                "No other persona",
                "There is no other persona to move this account to.",
                "Add one first with Personas > Add persona (Ctrl+Shift+P).",
            )
            return
        from PySide6.QtWidgets import QInputDialog

        ask = QInputDialog(self)
        ask.setWindowTitle(f"Move {account.handle}")
        ask.setLabelText(f"Move {account.handle} to which persona?")
        ask.setComboBoxItems([p.name for p in others])
        ask.setComboBoxEditable(False)
        ask.setMinimumWidth(min(520, max(360, ask.fontMetrics().horizontalAdvance(
            ask.windowTitle()) + 160)))  # fmt: skip
        if ask.exec() != QDialog.DialogCode.Accepted:
            return
        name = ask.textValue()
        target = next(p for p in others if p.name == name)
        try:
            token = workspace.move_account(self.db, account.id, target.id)
        except DatabaseError as exc:
            write_failed(self, "the move", exc)
            return
        self._push_undo(token)
        self._written(f"Moved {account.handle} to {target.name}. Undo with Ctrl+Z.")
        self.panel.select("account", account.id)

    def archive_account(self) -> None:
        from app.services import workspace

        account = self._account()
        if account is None:
            return
        if not self.confirm(
            "Archive account",
            f"Archive {account.handle}?\n\nIt disappears from the lists and reminders. Its "
            "answers and reviews are kept for your records, and you can bring it back with "
            "Undo (Ctrl+Z) or File > Restore archived…",
            "Archive",
        ):
            return
        try:
            token = workspace.archive_account(self.db, account.id)
        except DatabaseError as exc:
            write_failed(self, "the change", exc)
            return
        self._push_undo(token)
        self._written(f"Archived {account.handle}. Undo with Ctrl+Z.")

    def _push_undo(self, token: Undo) -> None:
        self._undo.append(token)
        self.undo_action.setEnabled(True)
        self.undo_action.setText(f"&Undo: {token.text}")

    def undo(self) -> None:
        from app.services import workspace

        if not self._undo:
            return
        token = self._undo.pop()
        try:
            workspace.undo(self.db, token)
        except DatabaseError as exc:
            show_error(
                self, "Could not undo", f"“{token.text}” could not be undone.", sentence(str(exc))
            )
        self.undo_action.setEnabled(bool(self._undo))
        self.undo_action.setText(f"&Undo: {self._undo[-1].text}" if self._undo else "&Undo")
        self._written(f"Undone: {token.text}.")

    def restore_archived(self) -> None:
        from app.ui.restore_dialog import RestoreDialog

        platforms = {c.id: c.platform for c in self.catalog.checklists.values()}
        from app.ui.delete_account import delete_with_confirmation

        dialog = RestoreDialog(
            self.db, self, platforms, on_delete=lambda i: delete_with_confirmation(self, i)
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored:
            self._written(f"Restored {dialog.restored}.")

    # ------------------------------------------------------------------ reports

    def report_page_size(self) -> PageSize:
        """The paper size last chosen, else Letter where that is the usual paper (the
        locale, or a +1 practice phone), else A4."""
        from app.reports.pdf import PageSize
        from app.ui.practice_menu import default_paper

        saved = preferences.recall(self.db, preferences.REPORT_PAGE_SIZE)
        if saved in {p.value for p in PageSize}:
            return PageSize(saved)
        from app.services.place import practice_place

        country = practice_place(self.db).country
        if country is not None:
            return PageSize(country.paper)
        return PageSize(default_paper(self.db.practice().phone))

    def open_report(self, kind_name: str) -> None:
        """Render the report ("policy" or "audit") off the GUI thread (the audit asks the
        keyring whether it works), then preview it."""
        from app.reports.documents import ReportKind, render_report, template_dir

        kind = ReportKind(kind_name)
        action = self.policy_action if kind is ReportKind.POLICY else self.audit_action
        action.setEnabled(False)
        what = "office policy" if kind is ReportKind.POLICY else "audit summary"
        self.statusBar().showMessage(f"Preparing the {what}…")
        db, catalog, now = self.db, self.catalog, self.now()

        from app.reports.documents import open_warnings

        warnings_found: list[Sequence[SeparationWarning] | None] = []

        def render() -> RenderedReport:
            if kind is ReportKind.AUDIT:
                warnings_found.append(open_warnings(db, catalog, now))
            return render_report(
                kind,
                db,
                catalog,
                now,
                template_folder=template_dir(db),
                warnings=warnings_found[0] if warnings_found else None,
            )

        def with_handles(show: bool) -> RenderedReport:
            return render_report(
                kind,
                db,
                catalog,
                now,
                template_folder=template_dir(db),
                warnings=warnings_found[0] if warnings_found else None,
                with_personal_handles=show,
            )

        def failed(exc: Exception) -> None:
            action.setEnabled(True)
            self.statusBar().clearMessage()
            show_error(
                self,
                "Report not made",
                f"Tightrope could not prepare the {what}.",
                "If you use your own report templates, fix the template named above or "
                "switch back to the shipped ones; your data is unchanged.",
                exc,
            )

        run_in_background(
            self,
            render,
            lambda report: self._show_report(
                report, action, with_handles if kind is ReportKind.AUDIT else None
            ),
            failed,
        )

    def _show_report(
        self,
        report: RenderedReport,
        action: QAction,
        with_handles: Callable[[bool], RenderedReport] | None = None,
    ) -> None:
        from app.ui.report_dialog import ReportDialog

        action.setEnabled(True)
        self.statusBar().clearMessage()
        folder = preferences.recall(self.db, preferences.REPORT_FOLDER)
        dialog = ReportDialog(
            report,
            self,
            page_size=self.report_page_size(),
            folder=Path(folder) if folder else None,
            on_saved=self._report_saved,
            with_handles=with_handles,
            rerender=self._policy_renderer() if report.kind.value == "policy" else None,
        )
        self.report_dialog = dialog
        from app.ui.practice_menu import stamp_when_printed

        stamp_when_printed(self, dialog)
        dialog.finished.connect(lambda _result: self._remember_page_size(dialog))
        dialog.show()

    def _policy_renderer(self) -> Callable[[str], RenderedReport]:
        """Renders the policy again in another language (for the report dialog)."""
        from app.reports.documents import render_policy, template_dir

        db, catalog = self.db, self.catalog
        return lambda language: render_policy(
            db, catalog, self.now(), template_folder=template_dir(db), language=language
        )

    def _report_saved(self, path: Path) -> None:
        try:
            preferences.remember(self.db, {preferences.REPORT_FOLDER: str(path.parent)})
        except DatabaseError as exc:
            log.warning("report folder not remembered: %s", exc)
        self.statusBar().showMessage(f"Saved {path}", 15000)

    def _remember_page_size(self, dialog: QWidget) -> None:
        size = getattr(dialog, "page_size", None)
        if size is not None:
            try:
                preferences.remember(self.db, {preferences.REPORT_PAGE_SIZE: str(size.value)})
            except DatabaseError as exc:
                log.warning("paper size not remembered: %s", exc)

    # ------------------------------------------------------------------ walkthrough

    def change_answer(self, account_id: int, item_id: str) -> WalkthroughWindow | None:
        """ "Change this answer…": the account's walkthrough, at that setting."""
        return self.open_walkthrough(account_id, "full", item_id)

    def open_walkthrough(
        self, account_id: int | None, mode: WalkthroughMode | str = "full", item_id: str = ""
    ) -> WalkthroughWindow | None:
        """The walkthrough of the account (the selected one when None), in `mode` (a
        WalkthroughMode or its value, as the panels' signals carry it), at `item_id`."""
        from app.services.walkthrough import (
            ChecklistMissingError,
            NothingToWalkError,
            WalkthroughMode,
            start_walkthrough,
        )

        mode = WalkthroughMode(mode)
        account_id = account_id if account_id is not None else self.selected_account_id()
        if account_id is None:
            return None
        existing = self.walkthroughs.get(account_id)
        if existing is not None and item_id and existing.go_to_item(item_id):
            mode = existing.session.mode
        if existing is not None and existing.session.mode is mode:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        if existing is not None:
            existing.close()
        try:
            session = start_walkthrough(
                self.db,
                self.catalog.checklists,
                account_id,
                mode,
                clock=self.clock,
                tz=self.zone(),
                start_item=item_id or None,
            )
        except (NothingToWalkError, ChecklistMissingError) as exc:
            show_error(self, "Nothing to walk through", str(exc))
            return None
        except DatabaseError as exc:
            show_error(self, "Could not start the walkthrough", str(exc))
            return None
        overview = self.overview(account_id)
        label = (
            f"{overview.account.handle} ({overview.persona.name})"
            if overview
            else f"account {account_id}"
        )
        from app.services.place import reference_order
        from app.ui.walkthrough import WalkthroughWindow

        window = WalkthroughWindow(session, label, self, reference_order=reference_order(self.db))
        window.answered.connect(self._written)
        window.destroyed.connect(lambda: self.walkthroughs.pop(account_id, None))
        self.walkthroughs[account_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # ------------------------------------------------------------------ help

    def show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+Shift+P", "Add a persona"),
            ("Ctrl+Shift+A", "Add an account"),
            ("F2", "Edit the selected account"),
            ("Ctrl+Shift+M", "Move the account to another persona"),
            ("Delete", "Archive the selected account (Undo: Ctrl+Z)"),
            ("Ctrl+Enter", "Start the walkthrough of the selected account"),
            ("Ctrl+Shift+Enter", "Re-check settings a new checklist changed"),
            ("Alt+Home", "Back to the dashboard"),
            ("F5", "Refresh"),
            ("F1", "The user guide"),
            ("Ctrl+/", "This list of shortcuts"),
            ("Ctrl+F / Alt+M", "Filter the sidebar / the settings of an account (Esc clears)"),
            ("In the walkthrough", ""),
            ("Alt+D or Ctrl+Enter", "Done"),
            ("Alt+N", "Not applicable"),
            ("Alt+L", "Later"),
            ("Alt+E", "Write a note"),
            ("Alt+O", "Open the setting in your browser"),
            ("Alt+← / Alt+→, Page Up / Page Down", "Back / Next"),
            ("Esc", "Close (your answers are already saved)"),
        ]
        table = "".join(
            f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>"
            if what
            else f"<tr><td colspan='2'><br><b>{keys}</b></td></tr>"
            for keys, what in rows
        )
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table cellspacing='6'>{table}</table>")
        box.exec()

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app import __version__

        QMessageBox.about(
            self,
            "About Tightrope",
            f"Tightrope {__version__}\n\nKeep a personal and a professional social-media "
            "presence apart, keep settings private, and prove it.\n\nYour data stays on this "
            f"computer, in {self.db.path.parent}.",
        )

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        try:
            geometry = preferences.recall(self.db, preferences.GEOMETRY)
            splitter = preferences.recall(self.db, preferences.SPLITTER)
            selection = preferences.recall(self.db, preferences.SELECTION, "dashboard")
            selection = selection or "dashboard"
        except DatabaseError:
            return
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        if splitter:
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode("ascii")))
        node, _, raw_id = selection.partition(":")
        node_id = int(raw_id) if raw_id.isdigit() else None
        if not self.panel.select(node, node_id):
            self.panel.select("dashboard", None)

    def save_state(self) -> None:
        node, node_id = self.panel.current()
        values = {
            preferences.GEOMETRY: bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            preferences.SPLITTER: bytes(self.splitter.saveState().toBase64().data()).decode(
                "ascii"
            ),
            preferences.SELECTION: node if node_id is None else f"{node}:{node_id}",
        }
        try:
            preferences.remember(self.db, values)
        except DatabaseError as exc:
            log.warning("window state not saved: %s", exc)

    def show_notice(self, title: str, text: str, account_id: int = 0) -> None:
        """A reminder shown in the window where there is no tray or notification service."""
        self.statusBar().showMessage(f"{title}. {text}", 120_000)
        if not self.isVisible():
            self.showNormal()

    def closeEvent(self, event: QCloseEvent) -> None:
        asked_by_user = event.spontaneous()  # the title bar's close button, Alt+F4
        if asked_by_user and not self.keeps_running_in_tray and not self._may_close_walkthroughs():
            event.ignore()
            return
        self.save_state()
        for window in list(self.walkthroughs.values()):
            window.close()
        super().closeEvent(event)

    def _may_close_walkthroughs(self) -> bool:
        """Closing the window quits Tightrope: with a walkthrough open, say so first."""
        open_ones = [w for w in self.walkthroughs.values() if w.isVisible()]
        if not open_ones:
            return True
        return self.confirm(
            "Close Tightrope",
            f"{len(open_ones)} walkthrough{'s are' if len(open_ones) != 1 else ' is'} still "
            "open. Closing Tightrope closes it too. Every answer you gave is saved, and the "
            "walkthrough starts again where you left off.",
            "Close Tightrope",
        )

    def quit_app(self) -> None:
        if not self._may_close_walkthroughs():
            return
        self.save_state()
        from PySide6.QtWidgets import QApplication

        QTimer.singleShot(0, QApplication.quit)
