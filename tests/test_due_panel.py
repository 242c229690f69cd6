from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import Checklist, PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.progress import AnswerState
from app.domain.review import ElsewhereHow, ReviewEvent, ReviewEventKind
from app.services.autostart import APP_ID, Autostart, System
from app.services.reminders import Reminders
from app.store.checklist_files import Catalog
from app.store.database import Database
from app.ui.due_panel import DuePanel, autostart_action, export_calendar_to
from tests.checklist_factory import raw_checklist, raw_item

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def instagram(revision: int = 1) -> Checklist:
    data = raw_checklist(
        "instagram",
        items=[raw_item("ig-a", revision=revision), raw_item("ig-b")],
        platform="Instagram",
    )
    return parse_checklist(data, "instagram.toml")


def reminders_for(db: Database, checklist: Checklist | None = None) -> Reminders:
    catalog = Catalog(checklists={"instagram": checklist or instagram()})
    return Reminders(db, catalog, clock=lambda: NOW, tz=LONDON)


def add(db: Database, handle: str) -> int:
    personas = {p.name: p for p in db.personas()}
    persona = personas.get("Personal") or db.add_persona("Personal", PersonaKind.PERSONAL)
    return db.add_account(persona.id, "instagram", handle).id


def review(db: Database, account_id: int, at: datetime, checklist: Checklist) -> None:
    for item in checklist.items:
        db.record_answer(
            account_id, "instagram", "2026.11.0", item.id, item.revision, AnswerState.DONE, at=at
        )
    db.record_review_event(ReviewEvent(account_id, ReviewEventKind.COMPLETED, at))


def panel_for(qtbot: QtBot, reminders: Reminders, answer: bool = True) -> DuePanel:
    panel = DuePanel(
        reminders,
        confirm=lambda title, text: answer,
        ask_how=lambda text: ("phone-app", "") if answer else None,
    )
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def test_without_accounts_it_says_what_to_do(qtbot: QtBot, db: Database) -> None:
    panel = panel_for(qtbot, reminders_for(db))
    assert panel.summary.text() == "Add an account and its reminders will show here."
    assert panel.rows == []


def test_due_accounts_each_get_a_row_with_actions(qtbot: QtBot, db: Database) -> None:
    fresh = add(db, "@jane.doe")
    late = add(db, "@jane.cooks")
    review(db, late, NOW - timedelta(days=95), instagram())
    panel = panel_for(qtbot, reminders_for(db))
    assert panel.summary.text() == "2 accounts are due for a re-check."
    assert [row.entry.account.id for row in panel.rows] == [late, fresh]
    overdue, never = panel.rows
    assert overdue.overdue.text() == "Overdue by 5 days"
    assert overdue.start_button.text() == "Start re-check"
    assert never.start_button.text() == "Start walkthrough"
    assert never.title.text() == "Instagram @jane.doe (Personal)"
    with qtbot.waitSignal(panel.walkthrough_requested) as asked:
        never.start_button.click()
    assert asked.args == [fresh, "full"]


def test_a_checklist_change_offers_the_recheck_of_changed_settings(
    qtbot: QtBot, db: Database
) -> None:
    account = add(db, "@jane.doe")
    review(db, account, NOW - timedelta(days=10), instagram(revision=1))
    panel = panel_for(qtbot, reminders_for(db, instagram(revision=2)))
    [row] = panel.rows
    assert row.start_button.text() == "Re-check changed settings"
    assert row.reason.text() == "The checklist changed: 1 setting needs a re-check."
    with qtbot.waitSignal(panel.walkthrough_requested) as asked:
        row.start_button.click()
    assert asked.args == [account, "recheck"]


def test_snooze_records_an_event_and_moves_the_account_aside(qtbot: QtBot, db: Database) -> None:
    account = add(db, "@jane.doe")
    panel = panel_for(qtbot, reminders_for(db))
    [row] = panel.rows
    with qtbot.waitSignal(panel.changed):
        row.snooze_actions[7].trigger()
    [event] = db.review_events()
    assert (event.account_id, event.kind) == (account, ReviewEventKind.SNOOZED)
    assert panel.rows == []
    assert panel.summary.text().startswith("Nothing is due. Next re-check: Instagram @jane.doe")
    assert panel.snoozed_label.text() == (
        "Snoozed until 17 June 2026: Instagram @jane.doe (Personal)"
    )


def test_reviewed_elsewhere_asks_first(qtbot: QtBot, db: Database) -> None:
    account = add(db, "@jane.doe")
    declined = panel_for(qtbot, reminders_for(db), answer=False)
    declined.rows[0].elsewhere_button.click()
    assert db.review_events() == []

    panel = panel_for(qtbot, reminders_for(db), answer=True)
    with qtbot.waitSignal(panel.changed):
        panel.rows[0].elsewhere_button.click()
    [event] = db.review_events()
    assert (event.account_id, event.kind) == (account, ReviewEventKind.REVIEWED_ELSEWHERE)
    assert event.how == "phone-app"
    assert panel.rows == []


def test_reviewed_elsewhere_asks_where_or_how_and_records_it(qtbot: QtBot, db: Database) -> None:
    from app.ui.elsewhere_dialog import ElsewhereDialog
    from tests.ui_helpers import on_modal

    account = add(db, "@jane.doe")
    panel = DuePanel(reminders_for(db))
    qtbot.addWidget(panel)
    panel.refresh()

    def answer(dialog: ElsewhereDialog) -> None:
        dialog.choices[ElsewhereHow.OTHER].setChecked(True)
        assert not dialog.record.isEnabled(), "another way needs a few words"
        dialog.details.setText("checked with my supervisor at our monthly session")
        assert dialog.record.isEnabled()
        dialog.record.click()

    on_modal(ElsewhereDialog, answer)
    with qtbot.waitSignal(panel.changed):
        panel.rows[0].elsewhere_button.click()
    [event] = db.review_events()
    assert (event.account_id, event.how) == (account, "other")
    assert event.note == "checked with my supervisor at our monthly session"


def test_a_long_list_shows_five_until_asked(qtbot: QtBot, db: Database) -> None:
    for n in range(7):
        add(db, f"@a{n}")
    panel = panel_for(qtbot, reminders_for(db))
    assert len(panel.rows) == 5
    assert panel.more_button.text() == "Show all 7"
    panel.more_button.click()
    assert len(panel.rows) == 7
    assert panel.more_button.text() == "Show fewer"


def test_export_calendar_from_the_window(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    add(db, "@jane.doe")
    target = tmp_path / "rechecks.ics"
    assert export_calendar_to(None, reminders_for(db), target) == 1
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert shown == [f"Wrote 1 re-check to {target}."]

    assert export_calendar_to(None, reminders_for(db), tmp_path / "missing" / "x.ics") is None
    assert shown[-1].startswith("The calendar was not written: the folder")


def test_start_at_login_toggle(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    entry = Autostart(
        System.LINUX, env={"XDG_CONFIG_HOME": str(tmp_path)}, command=["/usr/bin/tightrope-gui"]
    )
    action = autostart_action(window, entry)
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    assert (tmp_path / "autostart" / f"{APP_ID}.desktop").is_file()
    assert action.isChecked()
    action.trigger()
    assert list((tmp_path / "autostart").iterdir()) == []
    assert not action.isChecked()


def test_entries_given_in_any_order_show_the_most_overdue_first(qtbot: QtBot, db: Database) -> None:
    fresh = add(db, "@jane.doe")
    late = add(db, "@jane.cooks")
    review(db, late, NOW - timedelta(days=95), instagram())
    reminders = reminders_for(db)
    panel = panel_for(qtbot, reminders)
    panel.populate(list(reversed(reminders.entries())))
    assert [row.entry.account.id for row in panel.rows] == [late, fresh]


def test_a_snooze_can_be_undone(qtbot: QtBot, db: Database) -> None:
    add(db, "@jane.doe")
    reminders = reminders_for(db)
    panel = panel_for(qtbot, reminders)
    with qtbot.waitSignal(panel.changed):
        panel.rows[0].snooze_actions[7].trigger()
    assert panel.rows == []
    [undo] = panel.unsnooze_buttons
    assert undo.text() == "Undo snooze"
    # a moment later, as in life: the undo is the newer decision
    reminders.clock = lambda: NOW + timedelta(minutes=1)
    with qtbot.waitSignal(panel.changed):
        undo.click()
    assert [r.entry.title for r in panel.rows] == ["Instagram @jane.doe (Personal)"]
    assert panel.snoozed_label.text() == ""
    assert [e.kind for e in db.review_events()] == [ReviewEventKind.SNOOZED] * 2
