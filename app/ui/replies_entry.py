"""Where the Replies screen is reached from: Replies > Replies and reviews… in the menu
bar, the account page and the persona panel's account menu, and a "sleep on it"
reminder. `install_replies(window)` is the main window's one call; the screen itself
(app.ui.replies_window) loads on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.store.errors import DatabaseError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.replies_window import RepliesWindow

SHORTCUT = "Ctrl+Shift+Y"


def install_replies(window: MainWindow) -> None:
    """Add the menu, the account action and the reminder hook to `window`."""
    menu = QMenu("Rep&lies", window)
    open_action = QAction("&Replies and reviews…", window)
    open_action.setShortcut(QKeySequence(SHORTCUT))
    open_action.setStatusTip("Kind, safe replies to clients' contacts online, and a check")
    open_action.triggered.connect(lambda _checked=False: open_replies(window))
    menu.addAction(open_action)
    account_action = QAction("Replies for this &account…", window)
    account_action.setStatusTip("The Replies screen with the selected account chosen")
    account_action.triggered.connect(
        lambda _checked=False: open_replies(window, window.selected_account_id())
    )
    menu.addAction(account_action)
    window.addAction(open_action)
    bar = window.menuBar()
    help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    window.panel.account_actions.append(account_action)
    window.replies_menu = menu  # type: ignore[attr-defined]
    window.due_panel.replies_requested.connect(
        lambda account_id, situation: open_replies(window, account_id, situation)
    )

    def hook_account_page(index: int) -> None:
        page = window.stack.widget(index)
        signal = getattr(page, "replies_requested", None)
        if signal is not None:
            signal.connect(lambda account_id: open_replies(window, account_id))

    window.stack.widgetAdded.connect(hook_account_page)
    for index in range(window.stack.count()):
        hook_account_page(index)


def open_replies(
    window: MainWindow, account_id: int | None = None, situation: str | None = None
) -> RepliesWindow | None:
    """Show the Replies screen (one per main window), with the account and situation
    chosen when given. A library that will not load gets one dialog."""
    from app.ui.errors import show_error
    from app.ui.replies_window import AccountChoice, RepliesWindow

    existing: RepliesWindow | None = getattr(window, "replies_window", None)
    if existing is None:
        from app.services.replies import shipped_replies

        try:
            replies = shipped_replies()
            profile = window.db.practice()
        except (DatabaseError, ValueError, OSError) as exc:
            show_error(
                window,
                "Replies",
                "The reply library could not be opened.",
                "Reinstalling Tightrope restores the shipped files.",
                exc,
            )
            return None
        choices = [
            AccountChoice(
                o.account.id, f"{o.platform} · {o.account.handle} ({o.persona.name})", o.platform
            )
            for o in window.overviews
        ]
        existing = RepliesWindow(
            window.db, replies, profile, choices, clock=window.now, tz=window.zone()
        )
        existing.recorded.connect(window._written)
        window.replies_window = existing  # type: ignore[attr-defined]
    if account_id is not None:
        existing.select_account(account_id)
    if situation is not None:
        existing.show_situation(situation)
    existing.show()
    existing.raise_()
    existing.activateWindow()
    return existing
