"""The main window with the real widgets and a real database: set-up, personas, accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.personas import PersonaStatus, SecretField
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.store.database import Database
from app.store.vault import Vault
from app.ui.account_dialog import AccountDialog
from app.ui.main_window import MainWindow
from app.ui.models import COLUMNS, DashboardColumn, ItemFilter
from app.ui.persona_dialog import PersonaDialog
from app.ui.setup_wizard import SetupWizard, needs_setup
from tests.memory_keyring import MemoryKeyring
from tests.ui_helpers import NOW, catalog_of, example_checklist, on_modal


@pytest.fixture
def window(qtbot: QtBot, db: Database) -> Iterator[MainWindow]:
    main = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: NOW)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def tree_texts(window: MainWindow) -> list[str]:
    model = window.panel.model
    texts: list[str] = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        texts.append(index.data())
        texts.extend(
            "  " + model.index(child, 0, index).data() for child in range(model.rowCount(index))
        )
    return texts


def test_first_run_setup_end_to_end(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    assert needs_setup(db)

    def fill(wizard: SetupWizard) -> None:
        wizard.next()
        wizard.practice_page.name.setText("Riverside Counselling")
        wizard.practice_page.clinicians.setPlainText("Jane Doe, LPC\n\nSam Okafor, LCSW\n")
        me = wizard.practice_page.me
        assert [me.itemData(i) for i in range(me.count())] == [
            "",
            "Jane Doe, LPC",
            "Sam Okafor, LCSW",
        ]
        me.setCurrentIndex(me.findData("Sam Okafor, LCSW"))
        wizard.next()
        assert "emergency" in wizard.emergency_page.wording.toPlainText()
        wizard.emergency_page.crisis_line.setText("988")
        wizard.next()
        wizard.next()
        accounts = wizard.accounts_page
        assert [accounts.persona.itemText(i) for i in range(accounts.persona.count())] == [
            "Personal",
            "Professional",
        ]
        accounts.persona.setCurrentText("Personal")
        QTest.keyClicks(accounts.handle, "@jane.walks")
        QTest.keyClick(accounts.handle, Qt.Key.Key_Return)
        accounts.persona.setCurrentText("Professional")
        QTest.keyClicks(accounts.handle, "Riverside Counselling")
        qtbot.mouseClick(accounts.add_button, Qt.MouseButton.LeftButton)
        assert accounts.list.count() == 2
        wizard.accept()

    on_modal(SetupWizard, fill)
    window.run_setup()

    practice = db.practice()
    assert practice.name == "Riverside Counselling"
    assert practice.clinicians == ("Jane Doe, LPC", "Sam Okafor, LCSW")
    from app.services.clinician import current_clinician

    assert current_clinician(db) == "Sam Okafor, LCSW", "the audit belongs to who set it up"
    assert practice.crisis_line == "988"
    assert [(p.name, p.kind) for p in db.personas()] == [
        ("Personal", PersonaKind.PERSONAL),
        ("Professional", PersonaKind.PROFESSIONAL),
    ]
    assert [a.handle for a in db.accounts()] == ["@jane.walks", "Riverside Counselling"]
    assert not needs_setup(db)
    assert tree_texts(window) == [
        "Dashboard: all accounts",
        "Personal",
        "  Example · @jane.walks",
        "Professional",
        "  Example · Riverside Counselling",
    ]


def test_skipping_setup_changes_nothing_and_is_not_asked_again(
    db: Database, window: MainWindow
) -> None:
    on_modal(SetupWizard, lambda wizard: wizard.reject())
    window.run_setup()
    assert db.personas() == []
    assert not db.practice().is_set_up
    assert not needs_setup(db)


def test_setup_again_adds_only_what_is_missing(db: Database, window: MainWindow) -> None:
    db.add_persona("Personal", PersonaKind.PERSONAL)

    def finish(wizard: SetupWizard) -> None:
        assert len(wizard.personas_page.rows) == 1
        wizard.practice_page.name.setText("Solo practice")
        wizard.accept()

    on_modal(SetupWizard, finish)
    window.run_setup()
    assert [p.name for p in db.personas()] == ["Personal", "Professional"]


def test_add_persona_through_the_dialog(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    db.add_persona("Personal", PersonaKind.PERSONAL)
    window.refresh()

    def duplicate_then_fix(dialog: PersonaDialog) -> None:
        QTest.keyClicks(dialog.name, "personal")
        dialog.buttons.accepted.emit()
        on_modal(PersonaDialog, fix)

    def fix(dialog: PersonaDialog) -> None:
        assert dialog.isVisible()
        assert "already a persona called 'personal'" in dialog.error.text()
        dialog.name.setText("Advocacy")
        dialog.kind.setCurrentIndex(dialog.kind.findData(PersonaKind.OTHER.value))
        dialog.interval.setCurrentIndex(dialog.interval.findData(180))
        dialog.buttons.accepted.emit()

    on_modal(PersonaDialog, duplicate_then_fix)
    qtbot.mouseClick(window.panel.add_persona_button, Qt.MouseButton.LeftButton)
    advocacy = db.persona_named("Advocacy")
    assert (advocacy.kind, advocacy.recheck_days) == (PersonaKind.OTHER, 180)
    assert window.panel.current() == ("persona", advocacy.id)
    assert "Advocacy" in tree_texts(window)


def test_add_account_with_private_details_in_the_keyring(
    qtbot: QtBot, db: Database, memory_keyring: MemoryKeyring
) -> None:
    persona = db.add_persona("Professional", PersonaKind.PROFESSIONAL)
    vault = Vault.for_database(db, backend=memory_keyring)
    window = MainWindow(db, catalog_of(example_checklist()), vault, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    window.panel.select("persona", persona.id)

    def fill(dialog: AccountDialog) -> None:
        qtbot.waitUntil(lambda: dialog.secrets_ready)
        assert dialog.secrets_enabled and not dialog.banner.isVisible()
        assert dialog.persona.currentData() == persona.id
        QTest.keyClicks(dialog.handle, "Riverside Counselling")
        dialog.profile_url.setText("https://example.org/riverside")
        QTest.keyClicks(dialog.phone, "+1 555 0142")
        dialog.buttons.accepted.emit()

    on_modal(AccountDialog, fill)
    qtbot.mouseClick(window.panel.add_account_button, Qt.MouseButton.LeftButton)
    [account] = db.accounts()
    assert (account.handle, account.profile_url) == (
        "Riverside Counselling",
        "https://example.org/riverside",
    )
    qtbot.waitUntil(lambda: vault.get(account.id, SecretField.PHONE) == "+1 555 0142")
    qtbot.waitUntil(lambda: (account.id, SecretField.PHONE) in db.fingerprints())
    assert "+1 555 0142" not in db.path.read_bytes().decode("latin-1")
    assert window.panel.current() == ("account", account.id)
    assert window.stack.currentWidget() is window.details


def test_without_a_keyring_the_secret_fields_are_off_and_say_why(
    qtbot: QtBot, db: Database
) -> None:
    db.add_persona("Personal", PersonaKind.PERSONAL)
    vault = Vault.for_database(db)  # tests run with keyring's "fail" backend
    dialog = AccountDialog(db.personas(), [example_checklist()], vault)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.secrets_ready)
    assert dialog.banner.isVisible()
    assert "switched off" in dialog.banner_text.text()
    assert "no keyring service was found" in dialog.banner_text.text()
    assert not dialog.login_email.isEnabled() and not dialog.recovery.isEnabled()
    assert dialog.secret_changes() == {}


def test_archive_account_asks_and_can_be_undone(
    qtbot: QtBot, db: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    window.refresh()
    window.panel.select("account", account.id)
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text, yes: asked.append(text) or False)
    window.archive_account_action.trigger()
    assert [a.id for a in db.accounts()] == [account.id]
    assert "answers and reviews are kept" in asked[0]
    monkeypatch.setattr(window, "confirm", lambda title, text, yes: True)
    window.archive_account_action.trigger()
    assert db.accounts() == []
    assert "  Example · @jane" not in tree_texts(window)
    window.undo_action.trigger()
    assert [a.id for a in db.accounts()] == [account.id]
    assert "  Example · @jane" in tree_texts(window)


def test_move_account_to_another_persona(db: Database, window: MainWindow) -> None:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    professional = db.add_persona("Professional", PersonaKind.PROFESSIONAL)
    account = db.add_account(personal.id, "example", "@practice")
    window.refresh()
    window.panel.select("account", account.id)

    from PySide6.QtWidgets import QInputDialog

    def choose(dialog: QInputDialog) -> None:
        dialog.setTextValue("Professional")
        dialog.accept()

    on_modal(QInputDialog, choose)
    window.move_account_action.trigger()
    assert db.account(account.id).persona_id == professional.id
    assert tree_texts(window).index("  Example · @practice") > tree_texts(window).index(
        "Professional"
    )
    window.undo_action.trigger()
    assert db.account(account.id).persona_id == personal.id


def test_dashboard_rows_sort_and_due_rows_stand_out(db: Database, window: MainWindow) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    done = db.add_account(persona.id, "example", "@reviewed")
    db.add_account(persona.id, "example", "@never")
    checklist = example_checklist()
    for item in checklist.items:
        db.record_answer(
            done.id, "example", "2026.11.0", item.id, 1, AnswerState.DONE, at=NOW.replace(day=1)
        )
    db.record_review_event(ReviewEvent(done.id, ReviewEventKind.COMPLETED, NOW.replace(day=1)))
    window.refresh()
    table = window.dashboard.table
    proxy = window.dashboard.proxy
    handle = COLUMNS.index(DashboardColumn.HANDLE)
    due = COLUMNS.index(DashboardColumn.NEXT_DUE)
    rows = {
        proxy.index(r, handle).data(): proxy.index(r, due).data() for r in range(proxy.rowCount())
    }
    assert rows == {"@never": "Now: never reviewed", "@reviewed": "30 May 2027"}
    never_row = next(
        r for r in range(proxy.rowCount()) if proxy.index(r, handle).data() == "@never"
    )
    assert proxy.index(never_row, due).data(Qt.ItemDataRole.FontRole).bold()
    assert proxy.index(never_row, due).data(Qt.ItemDataRole.DecorationRole) is not None
    progress = COLUMNS.index(DashboardColumn.PROGRESS)
    table.sortByColumn(progress, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, handle).data() == "@reviewed"
    assert proxy.index(0, progress).data() == "3 / 3"
    assert "1 due now" in window.dashboard.summary.text()


def test_account_details_filter_and_history(db: Database, window: MainWindow) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    db.record_answer(account.id, "example", "2026.11.0", "first", 1, AnswerState.LATER, at=NOW)
    db.record_answer(
        account.id,
        "example",
        "2026.11.0",
        "first",
        1,
        AnswerState.DONE,
        "did it on the phone",
        at=NOW.replace(hour=11),
    )
    window.refresh()
    window.panel.select("account", account.id)
    details = window.details
    assert window.stack.currentWidget() is details
    assert details.title.text() == "Example · @jane"
    first = details.proxy.index(0, 0)
    assert details.proxy.index(0, 1).data() == "Done"
    assert details.proxy.index(0, 4).data() == "did it on the phone"
    history = [
        details.proxy.index(r, 1, first).data() for r in range(details.proxy.rowCount(first))
    ]
    assert history == ["Done", "Put off until 9 March 2027"]
    details.filter.setCurrentIndex(details.filter.findData(ItemFilter.PENDING.value))
    assert details.proxy.rowCount() == 2
    details.filter.setCurrentIndex(details.filter.findData(ItemFilter.DONE.value))
    assert details.proxy.rowCount() == 1
    assert details.count.text() == "1 setting"


def test_walkthrough_from_the_main_window_updates_the_dashboard(
    qtbot: QtBot, db: Database, window: MainWindow
) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    window.refresh()
    window.panel.select("account", account.id)
    window.walk_action.trigger()
    walk = window.walkthroughs[account.id]
    assert window.open_walkthrough(account.id) is walk
    qtbot.mouseClick(walk.done_button, Qt.MouseButton.LeftButton)
    assert "1 of 3 settled" in window.details.standing.text()
    assert window.details.walk_button.text() == "Continue &where I left off"


def test_geometry_and_selection_are_restored(qtbot: QtBot, db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL, status=PersonaStatus.ACTIVE)
    account = db.add_account(persona.id, "example", "@jane")
    catalog = catalog_of(example_checklist())
    first = MainWindow(db, catalog, None, clock=lambda: NOW)
    qtbot.addWidget(first)
    first.resize(760, 520)
    first.show()
    first.panel.select("account", account.id)
    first.close()
    second = MainWindow(db, catalog, None, clock=lambda: NOW)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 520)
    assert second.panel.current() == ("account", account.id)


def test_recheck_after_loading_a_revised_checklist(qtbot: QtBot, db: Database) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    first = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: NOW)
    qtbot.addWidget(first)
    first.show()
    first.panel.select("account", account.id)
    assert not first.recheck_action.isEnabled()
    walk = first.open_walkthrough(account.id)
    assert walk is not None
    for _ in range(3):
        qtbot.mouseClick(walk.done_button, Qt.MouseButton.LeftButton)
    first.close()

    revised = example_checklist("2027.1.0", {"third": 2})
    window = MainWindow(db, catalog_of(revised), None, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    assert window.panel.current() == ("account", account.id)
    assert window.details.recheck_button.isVisible()
    assert window.details.recheck_button.text() == "Re-chec&k 1 changed setting"
    proxy = window.dashboard.proxy
    assert proxy.index(0, COLUMNS.index(DashboardColumn.RECHECK)).data() == "1"
    assert proxy.index(0, COLUMNS.index(DashboardColumn.NEXT_DUE)).data() == (
        "Now: checklist changed"
    )
    window.recheck_action.trigger()
    recheck = window.walkthroughs[account.id]
    assert recheck.view.title.text() == "Turn off search by phone"
    assert recheck.session.total == 1
    qtbot.mouseClick(recheck.done_button, Qt.MouseButton.LeftButton)
    assert recheck.finish_title.text() == "Walkthrough complete"
    assert not window.details.recheck_button.isVisible()
    assert proxy.index(0, COLUMNS.index(DashboardColumn.NEXT_DUE)).data() == "31 May 2027"


def test_archived_persona_comes_back_from_restore_archived(
    db: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.restore_dialog import RestoreDialog

    persona = db.add_persona("Advocacy", PersonaKind.OTHER)
    db.add_account(persona.id, "example", "@cause")
    window.refresh()
    window.panel.select("persona", persona.id)
    monkeypatch.setattr(window, "confirm", lambda title, text, yes: "1 account" in text)
    window.archive_persona_action.trigger()
    assert db.personas() == [] and db.accounts() == []
    assert "Advocacy" not in tree_texts(window)

    def restore(dialog: RestoreDialog) -> None:
        assert dialog.list.currentItem().text() == "Persona: Advocacy"
        dialog.restore_button.click()

    on_modal(RestoreDialog, restore)
    window.restore_action.trigger()
    assert [p.name for p in db.personas()] == ["Advocacy"]
    assert [a.handle for a in db.accounts()] == ["@cause"]
    assert "  Example · @cause" in tree_texts(window)


def test_reports_open_from_the_file_menu(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    from dataclasses import replace

    from app.reports.pdf import PageSize

    db.save_practice(replace(db.practice(), name="Riverside Counselling"))
    persona = db.add_persona("Professional", PersonaKind.PROFESSIONAL)
    db.add_account(persona.id, "example", "Riverside Counselling")
    window.refresh()
    file_menu = [a.text() for a in window.file_menu.actions()]
    assert "Print the office &policy…" in file_menu and "&Audit summary…" in file_menu

    window.policy_action.trigger()
    assert not window.policy_action.isEnabled()
    qtbot.waitUntil(lambda: getattr(window, "report_dialog", None) is not None, timeout=10000)
    policy = window.report_dialog
    assert policy.isVisible()
    assert "Riverside Counselling" in policy.report.html
    policy.paper.setCurrentIndex(list(PageSize).index(PageSize.LETTER))
    policy.close()
    assert window.report_page_size() is PageSize.LETTER
    assert window.policy_action.isEnabled()

    window.audit_action.trigger()
    qtbot.waitUntil(lambda: window.report_dialog is not policy, timeout=10000)
    audit = window.report_dialog
    assert audit.report.kind.value == "audit"
    assert "Riverside Counselling" in audit.report.html
    assert audit.page_size is PageSize.LETTER
    audit.close()


def test_restore_archived_explains_why_a_persona_cannot_come_back(
    db: Database, window: MainWindow
) -> None:
    from app.ui.restore_dialog import RestoreDialog

    old = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.archive_persona(old.id)
    db.add_persona("personal", PersonaKind.PERSONAL)
    window.refresh()
    seen: list[str] = []

    def restore(dialog: RestoreDialog) -> None:
        dialog.restore_button.click()
        assert dialog.isVisible(), "the dialog stays open to say why"
        seen.append(dialog.error.text())
        dialog.reject()

    on_modal(RestoreDialog, restore)
    window.restore_action.trigger()
    assert seen == [
        "Another persona is called 'personal' now; rename that one first, then restore "
        "this 'Personal'."
    ]
    assert db.archived_persona_ids() == {old.id}


def test_a_failed_undo_says_what_to_do_and_keeps_the_data(
    db: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(personal.id, "example", "@jane")
    window.refresh()
    window.panel.select("persona", personal.id)
    monkeypatch.setattr(window, "confirm", lambda title, text, yes: True)
    window.archive_persona_action.trigger()
    db.add_persona("Personal", PersonaKind.OTHER)
    shown: list[tuple[str, ...]] = []
    monkeypatch.setattr("app.ui.main_window.show_error", lambda _parent, *text: shown.append(text))
    window.undo_action.trigger()
    [(title, what, why)] = shown
    assert (title, what) == ("Could not undo", "“Archived Personal” could not be undone.")
    assert why.startswith("Another persona is called 'Personal' now; rename that one first")
    assert db.archived_persona_ids() == {personal.id}
    assert db.account(account.id) == account
    assert not window.undo_action.isEnabled()


def test_setup_naming_a_persona_that_exists_changes_nothing_and_says_why(
    db: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.add_persona("Professional", PersonaKind.OTHER)
    shown: list[tuple[str, ...]] = []
    monkeypatch.setattr("app.ui.main_window.show_error", lambda _parent, *text: shown.append(text))

    def finish(wizard: SetupWizard) -> None:
        wizard.practice_page.name.setText("Riverside Counselling")
        wizard.accept()

    on_modal(SetupWizard, finish)
    window.run_setup()
    assert shown == [
        (
            "Set-up not saved",
            "There is already a persona called 'Professional'; choose another name.",
            "Nothing was changed. Open File > Set-up assistant… again to fix it.",
        )
    ]
    assert [p.name for p in db.personas()] == ["Professional"]
    assert not db.practice().is_set_up
    assert needs_setup(db)


def test_separation_warnings_follow_right_after_the_first_paint(qtbot: QtBot, db: Database) -> None:
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    work = db.add_persona("Work", PersonaKind.PROFESSIONAL)
    db.add_account(personal.id, "example", "@jane")
    db.add_account(work.id, "example", "@jane")
    main = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: NOW)
    qtbot.addWidget(main)
    dashboard = main.dashboard
    assert dashboard.proxy.rowCount() == 2
    assert not dashboard.warnings_title.isVisibleTo(main)
    with qtbot.waitSignal(main.started):
        main.show()
    assert main.is_started
    assert dashboard.warnings_title.isVisibleTo(main)
    names = [w.accessibleName() for w in dashboard.warning_labels]
    assert "Warning: The same name on both sides: Example @jane (Personal) and " in names[0]


def test_finish_start_runs_once_without_a_paint(db: Database, qtbot: QtBot) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_account(persona.id, "example", "@jane")
    main = MainWindow(db, catalog_of(example_checklist()), None, clock=lambda: NOW)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.started):
        main.finish_start()
    with qtbot.assertNotEmitted(main.started):
        main.finish_start()
    assert main.dashboard.warnings_title.isVisibleTo(main)


def test_the_account_page_is_built_when_an_account_is_first_opened(
    db: Database, window: MainWindow
) -> None:
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    window.refresh()
    assert window.stack.count() == 1
    window.panel.select("account", account.id)
    assert window.stack.count() == 2
    assert window.stack.currentWidget() is window.details
    assert window.details.title.text() == "Example · @jane"
    window.details.back_button.click()
    assert window.stack.currentWidget() is window.dashboard
    window.panel.select("account", account.id)
    assert window.stack.count() == 2
