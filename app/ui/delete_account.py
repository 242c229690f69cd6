"""Accounts > Delete account… and "Delete for good…" in Restore archived: the window's
side of `app.services.removal` (a plain warning, then the deletion off the GUI thread,
because the keyring can be slow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.removal import DeleteKind, DeletePlan, delete_account, plan_delete
from app.store.errors import DatabaseError
from app.ui.background import run_in_background
from app.ui.errors import sentence, show_error

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def confirm_delete(parent: QWidget, plan: DeletePlan) -> bool:
    """Ask, with the consequence spelled out; Cancel is the default. A refused plan only
    explains what to do instead."""
    box = QMessageBox(parent)
    box.setWindowTitle("Delete account")
    box.setText(plan.warning)
    box.setAccessibleDescription(plan.warning)
    if plan.kind is DeleteKind.REFUSED:
        box.setIcon(QMessageBox.Icon.Information)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
        return False
    box.setIcon(QMessageBox.Icon.Warning)
    label = "Delete" if plan.kind is DeleteKind.UNUSED else "Delete it and its history"
    accept = box.addButton(label, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def delete_with_confirmation(window: MainWindow, account_id: int) -> bool:
    """Plan, ask, delete; True when the deletion was started."""
    try:
        plan = plan_delete(window.db, account_id)
    except DatabaseError as exc:
        show_error(window, "Could not read the account", sentence(str(exc)))
        return False
    if not confirm_delete(window, plan):
        return False
    db, vault = window.db, window.vault

    def done(_result: object) -> None:
        window._written(f"Deleted {plan.handle}.")

    def failed(exc: Exception) -> None:
        show_error(
            window,
            "Account not deleted",
            sentence(str(exc)) if str(exc) else f"{plan.handle} was not deleted.",
            "Nothing was deleted. Try again; if the keyring is locked, unlock it first.",
            exc,
        )

    run_in_background(window, lambda: delete_account(db, vault, plan), done, failed)
    return True


def install_delete_action(window: MainWindow) -> QAction:
    """Accounts > Delete account… (Shift+Delete), for the selected account."""
    action = QAction("&Delete account…", window)
    action.setShortcut(QKeySequence("Shift+Del"))
    action.setStatusTip("Delete an account added by mistake, or an archived one for good")

    def run() -> None:
        account_id = window.selected_account_id()
        if account_id is not None:
            delete_with_confirmation(window, account_id)

    action.triggered.connect(lambda _checked=False: run())
    window.addAction(action)
    window.accounts_menu.addAction(action)
    window.panel.account_actions.append(action)
    return action
