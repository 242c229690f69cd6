"""Country, profession and language in the windows (issue 19): the set-up assistant,
the report dialog and the walkthrough's sources."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.practice import PracticeProfile
from app.reports.documents import render_policy
from app.services.place import practice_place, reference_order, set_country, set_profession
from app.services.setup import finish_setup
from app.services.walkthrough import start_walkthrough
from app.store.database import Database
from app.ui.report_dialog import ReportDialog
from app.ui.setup_wizard import DEFAULT_EMERGENCY_WORDING, SetupWizard
from app.ui.walkthrough import WalkthroughWindow
from tests.checklist_factory import raw_checklist, raw_item
from tests.test_reports_fixture import NOW, synthetic_catalog
from tests.ui_helpers import catalog_of, example_checklist


def test_the_set_up_assistant_keeps_the_country_and_profession_chosen(
    qtbot: QtBot, db: Database
) -> None:
    wizard = SetupWizard(db.practice(), db.personas(), [example_checklist()])
    qtbot.addWidget(wizard)
    page = wizard.practice_page
    assert page.country.accessibleName() == "Country"
    assert page.profession.itemText(0) == "Choose later"
    assert page.country.findData("NZ") > 0 and page.profession.findData("social-worker") > 0
    page.name.setText("Harbour Therapy")
    page.country.setCurrentIndex(page.country.findData("AU"))
    page.profession.setCurrentIndex(page.profession.findData("psychologist"))
    plan = wizard.plan()
    assert (plan.country, plan.profession) == ("AU", "psychologist")
    assert plan.practice.emergency_wording == "", "the suggested English text is not kept"
    assert DEFAULT_EMERGENCY_WORDING in wizard.emergency_page.wording.toPlainText()
    finish_setup(db, catalog_of(example_checklist()), plan)
    place = practice_place(db)
    assert (place.country_code, place.profession_id) == ("AU", "psychologist")
    again = SetupWizard(db.practice(), db.personas(), [example_checklist()], place=place)
    qtbot.addWidget(again)
    assert again.practice_page.country.currentData() == "AU"
    assert again.practice_page.profession.currentData() == "psychologist"


def test_the_report_dialog_prints_the_policy_in_the_language_chosen(
    qtbot: QtBot, db: Database
) -> None:
    db.save_practice(PracticeProfile(name="Harbour Therapy"))
    set_country(db, "CA")
    catalog = synthetic_catalog()
    dialog = ReportDialog(
        render_policy(db, catalog, NOW),
        rerender=lambda language: render_policy(db, catalog, NOW, language=language),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language.isVisibleTo(dialog)
    assert dialog.language.accessibleName() == "Language of the policy"
    assert "Office social-media policy" in dialog.preview.toPlainText()
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    qtbot.waitUntil(lambda: dialog.report.language == "fr", timeout=10000)
    text = dialog.preview.toPlainText()
    assert "Politique du cabinet sur les médias sociaux" in text
    assert "Ligne d'aide en cas de crise de suicide 988" in text
    assert dialog.language.isEnabled()
    audit_like = ReportDialog(render_policy(db, catalog, NOW))
    qtbot.addWidget(audit_like)
    assert not audit_like.language.isVisibleTo(audit_like), "no choice without a renderer"


def test_the_walkthrough_lists_the_user_s_own_code_first(qtbot: QtBot, db: Database) -> None:
    references = [
        {"title": "ACA Code of Ethics (2014), H.6.a Virtual Professional Presence"},
        {"title": "Platform help: privacy settings", "url": "https://example.org/help"},
        {"title": "BACP Ethical Framework for the Counselling Professions (2018)"},
    ]
    items = [raw_item("first", title="Make the account private", references=references)]
    checklist = parse_checklist(raw_checklist("example", items=items), "example.toml")
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "example", "@jane")
    set_country(db, "GB")
    set_profession(db, "counsellor")
    session = start_walkthrough(db, {checklist.id: checklist}, account.id)
    window = WalkthroughWindow(session, "@jane", reference_order=reference_order(db))
    qtbot.addWidget(window)
    window.show()
    shown = window.view.references.text()
    assert shown.index("BACP") < shown.index("Platform help") < shown.index("ACA Code")
    assert "<b>BACP" in shown and "(further reading)" in shown
    plain = WalkthroughWindow(session, "@jane")
    qtbot.addWidget(plain)
    plain.show()
    assert plain.view.references.text().index("ACA") < plain.view.references.text().index("BACP")
