"""Issue 14, point 11: the window writes every day one way, following the system locale
(the account page, the due panel and the walkthrough alike)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.store.database import Database
from app.ui.dates import day_text
from app.ui.main_window import MainWindow
from tests.ui_helpers import NOW, catalog_of, example_checklist

DAY = date(2026, 12, 1)


@pytest.fixture
def american() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        (QLocale.Language.English, QLocale.Country.UnitedKingdom, "1 December 2026"),
        (QLocale.Language.English, QLocale.Country.UnitedStates, "December 1, 2026"),
        (QLocale.Language.German, QLocale.Country.Germany, "1. Dezember 2026"),
        (QLocale.Language.Japanese, QLocale.Country.Japan, "2026年12月1日"),
    ],
)
def test_a_day_follows_the_locale_with_the_month_in_words(
    language: QLocale.Language, country: QLocale.Country, expected: str
) -> None:
    assert day_text(DAY, QLocale(language, country)) == expected


def test_the_account_page_and_due_panel_write_days_alike(
    qtbot: QtBot, db: Database, american: None
) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    for item in example_checklist().items:
        db.record_answer(account.id, "example", "2026.11.0", item.id, 1, AnswerState.DONE, at=NOW)
    db.record_review_event(ReviewEvent(account.id, ReviewEventKind.COMPLETED, NOW))
    window = MainWindow(db, catalog_of(example_checklist()), clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    window.panel.select("account", account.id)
    reviewed = day_text(NOW.astimezone().date())
    assert f"{reviewed}: complete review" in window.details.reviews.text()
    assert reviewed.startswith(NOW.astimezone().strftime("%B "))
    window.due_panel.refresh()
    summary = window.due_panel.summary.text()
    assert re.search(r" on [A-Z][a-z]+ \d{1,2}, \d{4}\.$", summary), summary
