"""The smaller slips of issue 14: a new persona's defaults, the move dialog, quitting
with a walkthrough open, what a dashboard warning lists, the default paper."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.personas import Persona
from app.store.database import Database
from app.ui.dashboard import Dashboard, WarningView
from app.ui.main_window import MainWindow
from app.ui.persona_dialog import PersonaDialog
from app.ui.practice_menu import default_paper
from tests.ui_helpers import catalog_of, example_checklist, on_modal


def test_add_persona_starts_on_a_kind_and_colour_not_used_yet(qtbot: QtBot) -> None:
    existing = [Persona(1, "Personal", PersonaKind.PERSONAL, colour="#5b7db1")]
    dialog = PersonaDialog(existing=existing)
    qtbot.addWidget(dialog)
    assert dialog.result_persona().kind is PersonaKind.PROFESSIONAL
    assert dialog.name.placeholderText() == "e.g. Professional"
    assert dialog.colour.colour != "#5b7db1"
    first = PersonaDialog()
    qtbot.addWidget(first)
    assert first.result_persona().kind is PersonaKind.PERSONAL
    assert first.name.placeholderText() == "e.g. Personal"


def test_the_move_dialog_names_the_account_in_full(qtbot: QtBot, db: Database) -> None:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_persona("Professional", PersonaKind.PROFESSIONAL)
    account = db.add_account(personal.id, "example", "jane.doe.with.a.long.handle")
    window = MainWindow(db, catalog_of(example_checklist()))
    qtbot.addWidget(window)
    window.show()
    window.panel.select("account", account.id)
    seen: list[tuple[str, int, int]] = []

    def look(dialog: QInputDialog) -> None:
        title_width = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
        seen.append((dialog.windowTitle(), dialog.width(), title_width))
        dialog.reject()

    on_modal(QInputDialog, look)
    window.move_account()
    title, width, needed = seen[0]
    assert title == "Move jane.doe.with.a.long.handle"
    assert width >= needed


def test_quitting_with_a_walkthrough_open_asks_first(qtbot: QtBot, db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    window = MainWindow(db, catalog_of(example_checklist()))
    qtbot.addWidget(window)
    window.show()
    walk = window.open_walkthrough(account.id)
    assert walk is not None
    texts: list[str] = []

    def keep_working(box: QMessageBox) -> None:
        texts.append(box.text())
        box.reject()

    on_modal(QMessageBox, keep_working)
    window.quit_app()
    assert "Every answer you gave is saved" in texts[0]
    assert walk.isVisible()
    walk.close()


def test_a_dashboard_warning_lists_its_settings(qtbot: QtBot) -> None:
    dashboard = Dashboard()
    qtbot.addWidget(dashboard)
    dashboard.set_warnings(
        [
            WarningView(
                "2 important settings are not done on Facebook @jane (Personal)",
                ("Facebook @jane (Personal)",),
                "Go through these settings.",
                "high",
                ("Make the account private", "Hide the friends list"),
            )
        ]
    )
    texts = [label.text() for label in dashboard.findChildren(QLabel)]
    assert "• Make the account private\n• Hide the friends list" in texts


@pytest.fixture
def british() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def test_the_paper_follows_the_locale_or_a_north_american_practice(british: None) -> None:
    assert default_paper("+44 20 7946 0000") == "a4"
    assert default_paper("+1 555 0100") == "letter"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Canada))
    assert default_paper("") == "letter"


def test_an_account_just_added_is_not_announced_as_due(db: Database) -> None:
    from app.services.reminders import Reminders
    from tests.ui_helpers import NOW

    persona = db.add_persona("Professional", PersonaKind.PROFESSIONAL)
    catalog = catalog_of(example_checklist())
    reminders = Reminders(db, catalog, clock=lambda: NOW)
    first = db.add_account(persona.id, "example", "Dr Jane Doe")
    reminders.mark_told([first.id])
    later = db.add_account(persona.id, "example", "Riverside Counselling")
    fresh = reminders.take_unannounced(reminders.due())
    assert [e.account.id for e in fresh] == [later.id]


def test_the_account_view_says_the_last_review_once(qtbot: QtBot, db: Database) -> None:
    from app.domain.progress import AnswerState
    from app.domain.review import ReviewEvent, ReviewEventKind
    from tests.ui_helpers import NOW

    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    for item in example_checklist().items:
        db.record_answer(account.id, "example", "2026.11.0", item.id, 1, AnswerState.DONE, at=NOW)
    db.record_review_event(ReviewEvent(account.id, ReviewEventKind.COMPLETED, NOW))
    window = MainWindow(db, catalog_of(example_checklist()), clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    window.panel.select("account", account.id)
    text = window.details.due.text()
    assert text.startswith("Last reviewed on ")
    assert text.count("Last review") == 1
