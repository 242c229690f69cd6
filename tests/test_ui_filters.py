"""The filter boxes: the sidebar's (personas and accounts) and the account view's (its
settings). Typing narrows the rows to those holding every word; Esc empties the box."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.store.database import Database
from app.ui.main_window import MainWindow
from app.ui.models import ItemFilter
from tests.ui_helpers import NOW, catalog_of, example_checklist


@pytest.fixture
def main(qtbot: QtBot, db: Database) -> Iterator[MainWindow]:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Practice", PersonaKind.PROFESSIONAL)
    jane = db.add_account(personal.id, "example", "@jane.walks")
    db.add_account(personal.id, "example", "@jane.paints")
    db.add_account(work.id, "example", "@drjane_lpc")
    db.record_answer(jane.id, "example", "2026.11.0", "first", 1, AnswerState.DONE, at=NOW)
    window = MainWindow(db, catalog_of(example_checklist()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def test_the_sidebar_filter_narrows_personas_and_accounts(qtbot: QtBot, main: MainWindow) -> None:
    panel = main.panel
    everything = panel.visible_rows()
    assert len(everything) == 6
    qtbot.keyClicks(panel.filter, "LPC")
    assert panel.visible_rows() == [
        "Dashboard: all accounts",
        "Practice",
        "  Example · @drjane_lpc",
    ]
    panel.filter.setText("paints example")
    assert panel.visible_rows() == [
        "Dashboard: all accounts",
        "Personal",
        "  Example · @jane.paints",
    ]
    panel.filter.setText("personal")
    assert panel.visible_rows() == [
        "Dashboard: all accounts",
        "Personal",
        "  Example · @jane.walks",
        "  Example · @jane.paints",
    ]
    panel.filter.setText("nobody")
    assert panel.visible_rows() == ["Dashboard: all accounts"]
    main.refresh()
    assert panel.visible_rows() == ["Dashboard: all accounts"], "a refresh keeps the filter"
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == ""
    assert panel.visible_rows() == everything


def test_the_account_view_filter_narrows_settings_with_the_show_choice(
    qtbot: QtBot, main: MainWindow
) -> None:
    account = next(o.account for o in main.overviews if o.account.handle == "@jane.walks")
    main.panel.select("account", account.id)
    details = main.details
    proxy = details.proxy

    def titles() -> list[str]:
        return [str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())]

    assert len(titles()) == 3
    qtbot.keyClicks(details.text_filter, "friends list")
    assert titles() == ["Hide the friends list"]
    assert details.count.text() == "1 setting"
    details.filter.setCurrentIndex(details.filter.findData(ItemFilter.DONE.value))
    assert titles() == []
    assert details.empty.isVisibleTo(details)
    assert details.empty.text() == "Nothing here with this filter."
    details.text_filter.setText("private")
    assert titles() == ["Make the account private"]
    details.filter.setCurrentIndex(details.filter.findData(ItemFilter.ALL.value))
    qtbot.keyClick(details.text_filter, Qt.Key.Key_Escape)
    assert details.text_filter.text() == ""
    assert len(titles()) == 3


def test_the_filter_boxes_are_named_and_reachable(main: MainWindow) -> None:
    for box in (main.panel.filter, main.details.text_filter):
        assert box.focusPolicy() & Qt.FocusPolicy.TabFocus
        interface = QAccessible.queryAccessibleInterface(box)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name) in (
            "Filter personas and accounts",
            "Filter settings",
        )
        assert "Esc clears it" in interface.text(QAccessible.Text.Description)


def test_ctrl_f_and_alt_m_reach_the_filter_boxes(qtbot: QtBot, main: MainWindow) -> None:
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main.focusWidget() is main.panel.filter
    account = next(o.account for o in main.overviews if o.account.handle == "@jane.walks")
    main.panel.select("account", account.id)
    qtbot.keyClick(main.panel.tree, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert main.focusWidget() is main.details.text_filter
