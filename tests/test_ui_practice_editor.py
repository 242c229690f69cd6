"""File > Practice and policy…: every practice and policy field in the window, checked
like `tightrope practice set`, with a preview that follows the edits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from app.domain.practice import PracticeProfile
from app.reports.wording import load_policy_wording
from app.services import preferences
from app.services.practice import next_version, stamp_policy_date
from app.services.reports import SHOW_GENERATOR_SETTING, TEMPLATE_DIR_SETTING
from app.store.database import Database
from app.ui.practice_editor import NOT_SET, OWN_WORDING, PracticeEditor
from tests.ui_helpers import NOW, catalog_of, example_checklist, on_modal


def editor(qtbot: QtBot, db: Database) -> PracticeEditor:
    db.save_practice(PracticeProfile(name="Riverside Counselling", clinicians=("Jane Doe, LPC",)))
    window = PracticeEditor(db, catalog_of(example_checklist()), now=NOW)
    qtbot.addWidget(window)
    window.show()
    return window


def preview_text(window: PracticeEditor) -> str:
    window.update_preview()
    return window.preview.toPlainText()


def test_the_preview_follows_the_edits(qtbot: QtBot, db: Database) -> None:
    window = editor(qtbot, db)
    assert "Riverside Counselling" in preview_text(window)
    window.name.setText("Hillside Therapy")
    assert "Hillside Therapy" in preview_text(window)
    search = next(s for s in window.stances if s.section.key == "search-engines")
    other = next(o for o in search.section.options if o.name != search.section.default)
    search.choice.setCurrentIndex(search.choice.findData(other.name))
    assert search.wording.text() == other.text.strip()
    first_paragraph = other.text.strip().split("\n")[0]
    assert first_paragraph[:60] in " ".join(preview_text(window).split())
    search.choice.setCurrentIndex(search.choice.findData(OWN_WORDING))
    assert not search.own.isHidden() and search.wording.isHidden()
    search.own.setPlainText("We never search for clients online, full stop.")
    assert "We never search for clients online, full stop." in preview_text(window)


def test_the_policy_always_shows_a_version_and_a_date(qtbot: QtBot, db: Database) -> None:
    window = editor(qtbot, db)
    assert window.effective.date() == NOT_SET
    assert "Version 1 · effective 2 March 2027" in preview_text(window)


def test_save_writes_every_field_and_the_printing_choices(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    window = editor(qtbot, db)
    table = window.clinicians.table
    window.clinicians.add_row()
    table.setItem(1, 0, QTableWidgetItem("Tom O'Brien"))
    table.setItem(1, 1, QTableWidgetItem("LPC, NCC"))
    window.phone.setText("+1 555 0100")
    window.website.setText("riverside.example")
    window.paper.setCurrentIndex(window.paper.findData("letter"))
    window.template_folder.setText(str(tmp_path))
    reviews = next(s for s in window.stances if s.section.key == "reviews")
    option = next(o for o in reviews.section.options if o.name != reviews.section.default)
    reviews.choice.setCurrentIndex(reviews.choice.findData(option.name))
    with qtbot.waitSignal(window.accepted, timeout=2000):
        window.buttons.button(window.buttons.StandardButton.Save).click()
    saved = db.practice()
    assert saved.clinicians == ("Jane Doe, LPC", "Tom O'Brien, LPC, NCC")
    assert saved.website == "https://riverside.example"
    assert saved.stances == {"reviews": option.name}
    assert preferences.recall(db, preferences.REPORT_PAGE_SIZE) == "letter"
    assert db.setting(TEMPLATE_DIR_SETTING) == str(tmp_path)


def test_a_refused_value_says_why_and_saves_nothing(qtbot: QtBot, db: Database) -> None:
    window = editor(qtbot, db)
    window.email.setText("office.example.org")
    window.buttons.button(window.buttons.StandardButton.Save).click()
    assert window.isVisible()
    assert "is not an e-mail address" in window.error.text()
    assert db.practice().email == ""


def test_a_new_version_asks_and_clears_the_date(qtbot: QtBot, db: Database) -> None:
    db.save_practice(
        PracticeProfile(name="Riverside", policy_version="2.1", policy_effective="2026-11-01")
    )
    window = PracticeEditor(db, catalog_of(example_checklist()), now=NOW)
    qtbot.addWidget(window)
    window.show()
    assert window.effective.date().toString("yyyy-MM-dd") == "2026-11-01"
    on_modal(QMessageBox, lambda box: box.buttons()[0].click())
    assert window.start_new_version()
    assert window.version.text() == "2.2"
    assert window.effective.date() == NOT_SET


def test_changing_a_dated_policy_offers_a_new_version(qtbot: QtBot, db: Database) -> None:
    db.save_practice(
        PracticeProfile(name="Riverside", policy_version="3", policy_effective="2026-11-01")
    )
    window = PracticeEditor(db, catalog_of(example_checklist()), now=NOW)
    qtbot.addWidget(window)
    window.show()
    window.crisis_line.setText("988")
    asked: list[str] = []

    def bump(box: QMessageBox) -> None:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Start version 4").click()

    on_modal(QMessageBox, bump)
    with qtbot.waitSignal(window.accepted, timeout=3000):
        window.buttons.button(window.buttons.StandardButton.Save).click()
    assert "Start version 4" in asked[0]
    saved = db.practice()
    assert (saved.policy_version, saved.policy_effective, saved.crisis_line) == ("4", "", "988")


def test_the_first_print_keeps_the_date(db: Database) -> None:
    db.save_practice(PracticeProfile(name="Riverside"))
    assert stamp_policy_date(db, NOW.date())
    assert db.practice().policy_effective == "2027-03-02"
    assert not stamp_policy_date(db, NOW.date().replace(day=9))
    assert db.practice().policy_effective == "2027-03-02"


def test_next_version_numbers() -> None:
    assert [next_version(v) for v in ("1", "2.1", "2026a", "")] == ["2", "2.2", "2026a.1", "1.1"]


def test_every_section_of_the_wording_has_an_editor(qtbot: QtBot, db: Database) -> None:
    window = editor(qtbot, db)
    assert [s.section.key for s in window.stances] == list(load_policy_wording().section_keys)


def test_the_country_and_profession_are_chosen_in_the_editor(qtbot: QtBot, db: Database) -> None:
    from app.services.place import practice_place

    window = editor(qtbot, db)
    window.country.setCurrentIndex(window.country.findData("GB"))
    window.profession.setCurrentIndex(window.profession.findData("counsellor"))
    with qtbot.waitSignal(window.accepted, timeout=2000):
        window.buttons.button(window.buttons.StandardButton.Save).click()
    place = practice_place(db)
    assert place.country_code == "GB"
    assert place.profession_id == "counsellor"
    again = editor(qtbot, db)
    assert again.country.currentData() == "GB"
    assert again.profession.currentData() == "counsellor"


def test_the_tightrope_line_can_be_left_off_the_policy(qtbot: QtBot, db: Database) -> None:
    window = editor(qtbot, db)
    assert window.show_generator.isChecked()
    assert "Prepared with Tightrope" in preview_text(window)
    window.show_generator.setChecked(False)
    assert "Prepared with" not in preview_text(window)
    with qtbot.waitSignal(window.accepted, timeout=2000):
        window.buttons.button(window.buttons.StandardButton.Save).click()
    assert db.setting(SHOW_GENERATOR_SETTING) == "no"
    again = editor(qtbot, db)
    assert not again.show_generator.isChecked()
    assert "Prepared with" not in preview_text(again)
