"""The Findability menu, installed by the main window with one call; everything behind it
(app.ui.findability_dialogs, the services) is imported when first used or right after the
first paint, so start-up does not pay for it.

The main window calls `install_findability_menu(window)` once and
`install_findability_tray(window, tray)` when its tray is attached; nothing else there
knows about findability.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.tray import ReminderTray


def _dialogs() -> ModuleType:
    from app.ui import findability_dialogs

    return findability_dialogs


def install_findability_menu(window: MainWindow) -> None:
    """The Findability menu (before Help); the box under What's due after the first paint."""
    bar = window.menuBar()
    menu = bar.addMenu("Fi&ndability")
    help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)

    def action(text: str, run: Any, shortcut: str | None = None) -> QAction:
        made = QAction(text, window)
        if shortcut:
            made.setShortcut(QKeySequence(shortcut))
        made.triggered.connect(run)
        return made

    walk = action(
        "Findability &walkthrough…",
        lambda: _dialogs().open_findability(window),
        "Ctrl+Shift+F",
    )
    walk.setStatusTip("Take your home address off people-search sites and registers")
    details = action("&Search details…", lambda: _dialogs().edit_search_details(window))
    choose = action("&Countries…", lambda: _dialogs().choose_countries(window))
    moved = action("I &moved house…", lambda: _dialogs().moved_house(window))
    harassed = action("I am being &harassed…", lambda: _dialogs().HarassedDialog(window).open())
    for entry in (walk, details, choose):
        menu.addAction(entry)
    menu.addSeparator()
    menu.addAction(moved)
    menu.addAction(harassed)
    window.findability_actions = {  # type: ignore[attr-defined]
        "walkthrough": walk,
        "details": details,
        "countries": choose,
        "moved": moved,
        "harassed": harassed,
    }
    if window.is_started:
        _dialogs().install_box(window)
    else:
        window.started.connect(lambda: _dialogs().install_box(window))


def install_findability_tray(window: MainWindow, tray: ReminderTray) -> Any:
    """The tray's Findability entry and notices (app.ui.findability_dialogs)."""
    return _dialogs().install_tray(window, tray)
