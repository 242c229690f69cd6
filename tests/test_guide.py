"""Help > User guide… (F1): the shipped guide parses, covers what the issue asks for, and
the dialog narrows its sections by the words typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.guide import GuideError, parse_guide
from app.services.shipped import load_guide
from app.store.database import Database
from app.ui.guide_dialog import GuideDialog
from app.ui.main_window import MainWindow
from tests.ui_helpers import catalog_of, example_checklist


def minimal() -> dict[str, Any]:
    return {
        "format": 1,
        "updated": "2026-12-01",
        "section": [{"id": "start", "title": "Getting started", "paragraphs": ["Hello."]}],
        "glossary": [{"term": "Persona", "meaning": "A face you show."}],
    }


def test_the_shipped_guide_covers_every_topic_the_issue_names() -> None:
    guide = load_guide()
    titles = " ".join(section.title for section in guide.sections).casefold()
    for topic in ("getting started", "persona", "walkthrough", "reminder", "policy", "audit"):
        assert topic in titles
    assert "backups" in titles and "glossary" in titles
    assert "replies" in titles and "findability" in titles and "group" in titles
    glossary = guide.sections[-1]
    assert any(entry.startswith("Partial review:") for entry in glossary.paragraphs)


def test_find_needs_every_word() -> None:
    guide = load_guide()
    assert [s.id for s in guide.find("fingerprint")] == ["group", "glossary"]
    assert [s.id for s in guide.find("FINGERPRINT Reads")] == ["group"]
    assert guide.find("zebra") == ()
    assert len(guide.find("   ")) == len(guide.sections)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format=2), "'format' must be 1"),
        (lambda d: d["section"][0].update(paragraphs=[]), "'paragraphs' must be a non-empty"),
        (lambda d: d["section"][0].update(title=" "), "title: must be a non-empty text"),
        (lambda d: d["section"].append(dict(d["section"][0])), "'start' is used twice"),
        (lambda d: d["section"][0].update(id="glossary"), "'glossary' is used twice"),
        (lambda d: d["glossary"].append({"term": "persona", "meaning": "x"}), "there twice"),
        (lambda d: d.pop("glossary"), "'glossary' must be a non-empty list"),
    ],
)
def test_a_broken_guide_is_refused_with_where(change: Any, message: str) -> None:
    data = minimal()
    parse_guide(data)
    change(data)
    with pytest.raises(GuideError, match=message):
        parse_guide(data, "guide.toml")


def test_the_dialog_narrows_sections_and_esc_clears_the_box(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.filter
    everything = dialog.titles()
    assert everything[0] == "Getting started" and everything[-1] == "Glossary"
    qtbot.keyClicks(dialog.filter, "keyring")
    assert dialog.titles() == ["Your data and backups", "Glossary"]
    assert "keyring" in dialog.text.toPlainText()
    dialog.sections.setCurrentRow(1)
    qtbot.keyClicks(dialog.filter, " safe")
    assert dialog.titles() == ["Glossary"]
    assert dialog.text.toPlainText().startswith("Glossary")
    dialog.filter.setText("zebra")
    assert dialog.titles() == [] and dialog.nothing.isVisible()
    assert dialog.text.toPlainText() == ""
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Escape)
    assert dialog.filter.text() == "" and dialog.isVisible()
    assert dialog.titles() == everything
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_dialog_is_reachable_and_named(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    for widget in (dialog.filter, dialog.sections, dialog.text):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None and interface.text(QAccessible.Text.Name)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    db = Database.open(tmp_path / "data" / "tightrope.sqlite3")
    db.add_persona("Personal", PersonaKind.PERSONAL)
    main = MainWindow(db, catalog_of(example_checklist()))
    qtbot.addWidget(main)
    main.show()
    yield main
    main.db.close()


def test_f1_opens_the_guide_from_the_help_menu(qtbot: QtBot, window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert isinstance(help_menu, QMenu)
    texts = [action.text() for action in help_menu.actions()]
    assert texts[0] == "User &guide…"
    guide_action = help_menu.actions()[0]
    assert guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert window.shortcuts_action.shortcut() != guide_action.shortcut()
    guide_action.trigger()
    opened = [w for w in window.findChildren(GuideDialog) if w.isVisible()]
    assert len(opened) == 1
    opened[0].close()
