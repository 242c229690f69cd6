"""File > Practice and policy… (app.ui.practice_editor), and the policy's effective date
stamped the first time it is printed or saved."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from app.store.errors import DatabaseError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.report_dialog import ReportDialog

log = logging.getLogger("tightrope.ui")


LETTER_TERRITORIES = frozenset(
    {
        "UnitedStates",
        "Canada",
        "Mexico",
        "Philippines",
        "Chile",
        "Colombia",
        "Venezuela",
        "CostaRica",
        "Guatemala",
        "Panama",
        "DominicanRepublic",
        "PuertoRico",
    }
)
"""Where US Letter is the usual office paper; everywhere else A4."""


def default_paper(phone: str = "") -> str:
    """ "letter" or "a4": from the system's locale (its measurement system or country),
    else from a North American practice phone number (+1)."""
    from PySide6.QtCore import QLocale

    locale = QLocale()
    if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return "letter"
    if locale.territory().name in LETTER_TERRITORIES:
        return "letter"
    return "letter" if phone.strip().startswith("+1") else "a4"


def open_practice_editor(window: MainWindow) -> bool:
    from app.ui.practice_editor import PracticeEditor

    editor = PracticeEditor(window.db, window.catalog, window, now=window.now())
    if editor.exec() != QDialog.DialogCode.Accepted:
        return False
    window._written("Practice and policy saved.")
    return True


def install_practice_menu(window: MainWindow) -> QAction:
    """File > Practice and policy…, right after the set-up assistant."""
    action = QAction("Practice and poli&cy…", window)
    action.setStatusTip("Your practice's details and what the office policy says")
    action.triggered.connect(lambda _checked=False: open_practice_editor(window))
    actions = window.file_menu.actions()
    after = actions.index(window.setup_action) + 1 if window.setup_action in actions else 0
    if after < len(actions):
        window.file_menu.insertAction(actions[after], action)
    else:
        window.file_menu.addAction(action)
    return action


def stamp_when_printed(window: MainWindow, dialog: ReportDialog) -> None:
    """The first time the policy is printed or saved, its date is kept as the
    effective date (the preview already shows that day)."""
    from app.domain.due import local_date
    from app.reports.documents import ReportKind
    from app.services.practice import stamp_policy_date

    if dialog.report.kind is not ReportKind.POLICY:
        return

    def stamp() -> None:
        try:
            if stamp_policy_date(window.db, local_date(window.now(), window.zone())):
                log.info("policy effective date set to the day it was first printed")
        except DatabaseError as exc:
            log.warning("policy date not kept: %s", exc)

    dialog.saved.connect(lambda _path: stamp())
    dialog.printed.connect(stamp)
