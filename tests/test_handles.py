"""Handles are checked per platform from data: a pasted profile address becomes the
handle, nonsense is refused with a hint, and Add account asks which persona."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.checklist import ChecklistKind, PersonaKind
from app.domain.handles import HandleRulesError, check_handle, parse_handle_rules
from app.domain.personas import Persona
from app.services.checklists import load_default_catalog
from app.services.handles import checked_handle, handle_rules
from app.ui.account_dialog import AccountDialog


def test_every_shipped_platform_has_a_rule_whose_example_passes() -> None:
    catalog = load_default_catalog()
    rules = handle_rules()
    privacy = [c.id for c in catalog.sorted() if c.kind is ChecklistKind.PRIVACY]
    assert privacy
    assert sorted(set(privacy) - set(rules)) == []
    for rule in rules.values():
        assert checked_handle(rule.checklist_id, rule.example).ok


@pytest.mark.parametrize(
    ("checklist_id", "typed", "handle", "profile_url"),
    [
        ("instagram", "https://www.instagram.com/jane.walks/", "@jane.walks", "https://www.instagram.com/jane.walks"),
        ("instagram", "jane.walks", "@jane.walks", ""),
        ("x", "https://twitter.com/janedoe?lang=en", "@janedoe", "https://twitter.com/janedoe"),
        ("tiktok", "tiktok.com/@jane.d", "@jane.d", "https://tiktok.com/@jane.d"),
        ("youtube", "https://www.youtube.com/@riverside", "@riverside", "https://www.youtube.com/@riverside"),
        ("linkedin", "https://www.linkedin.com/in/jane-doe-lpc/", "jane-doe-lpc", "https://www.linkedin.com/in/jane-doe-lpc"),
        ("facebook", "https://www.facebook.com/profile.php?id=1234", "id 1234", "https://www.facebook.com/profile.php?id=1234"),
        ("facebook", "  Jane   Doe ", "Jane Doe", ""),
        ("reddit", "https://www.reddit.com/user/jane_walks/", "u/jane_walks", "https://www.reddit.com/user/jane_walks"),
        ("reddit", "u/jane_walks", "u/jane_walks", ""),
        ("cash-app", "JaneDoe", "$JaneDoe", ""),
    ],
)  # fmt: skip
def test_a_pasted_address_or_a_handle_becomes_a_tidy_handle(
    checklist_id: str, typed: str, handle: str, profile_url: str
) -> None:
    result = checked_handle(checklist_id, typed, "Platform")
    assert result.ok, result.problem
    assert (result.handle, result.profile_url) == (handle, profile_url)


@pytest.mark.parametrize(
    ("checklist_id", "typed", "says"),
    [
        ("instagram", "jane walks!", "up to 30 letters"),
        ("instagram", "https://www.facebook.com/jane", "not a Platform profile"),
        ("x", "@a_name_much_too_long_for_x", "up to 15"),
        ("facebook", "<script>", "name on the profile"),
        ("whatsapp", "+1 555 0142", "Private details"),
        ("whatsapp", "https://wa.me/15550142", "Private details"),
        ("instagram", "   ", "e.g. @jane.doe"),
        ("google-account", "jane.doe@gmail.com", "belongs under Private details"),
        ("iphone", "+44 7700 900123", "belongs under Private details"),
    ],
)
def test_nonsense_is_refused_with_a_hint(checklist_id: str, typed: str, says: str) -> None:
    result = checked_handle(checklist_id, typed, "Platform")
    assert not result.ok
    assert says in result.problem


def test_a_platform_without_a_rule_takes_any_handle() -> None:
    assert check_handle(None, "anything at all").handle == "anything at all"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"version": 2, "platforms": {}}, "version"),
        ({"version": 1, "platforms": {"x": {"form": "word"}}}, "'form'"),
        (
            {
                "version": 1,
                "platforms": {
                    "x": {"form": "username", "pattern": "^[a-z]+$", "example": "9", "hint": "h"}
                },
            },
            "fails its own rule",
        ),
        (
            {
                "version": 1,
                "platforms": {
                    "x": {"form": "name", "pattern": "(", "example": "a", "hint": "h"},
                },
            },
            "regular expression",
        ),
        ({"version": 1, "platforms": {"x": {"colour": "red"}}}, "unknown field"),
    ],
)
def test_a_broken_rules_file_is_refused_with_where(raw: dict[str, object], says: str) -> None:
    with pytest.raises(HandleRulesError, match=says):
        parse_handle_rules(raw, "handles.toml")


PERSONAS = [
    Persona(1, "Personal", PersonaKind.PERSONAL),
    Persona(2, "Professional", PersonaKind.PROFESSIONAL),
]


def test_add_account_asks_for_the_persona_and_says_what_it_means(qtbot: QtBot) -> None:
    catalog = load_default_catalog()
    dialog = AccountDialog(PERSONAS, catalog.sorted(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.persona.currentIndex() == -1
    dialog.platform.setCurrentIndex(dialog.platform.findData("facebook"))
    dialog.handle.setText("Jane Doe")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "Choose the persona" in dialog.error.text()
    dialog.persona.setCurrentIndex(dialog.persona.findData(1))
    facebook = catalog.checklists["facebook"]
    count = len(facebook.items_for(PersonaKind.PERSONAL))
    assert f"A personal Facebook account under Personal: {count} settings" in dialog.scope.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result_account().persona_id == 1


def test_a_pasted_profile_address_fills_the_handle_and_the_address(qtbot: QtBot) -> None:
    catalog = load_default_catalog()
    dialog = AccountDialog(PERSONAS, catalog.sorted(), None, persona_id=1)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.platform.setCurrentIndex(dialog.platform.findData("instagram"))
    dialog.handle.setText("https://www.instagram.com/jane.walks/")
    dialog.handle.editingFinished.emit()
    assert dialog.handle.text() == "@jane.walks"
    assert dialog.profile_url.text() == "https://www.instagram.com/jane.walks"
    dialog.handle.setText("jane walks!")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "up to 30 letters" in dialog.error.text()


def test_add_account_with_an_account_selected_does_not_take_its_persona(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from datetime import UTC

    from app.ui.main_window import MainWindow
    from tests.memory_keyring import MemoryKeyring
    from tests.ui_helpers import on_modal
    from tools.screenshots import NOW, build_demo

    db, catalog, vault = build_demo(tmp_path, MemoryKeyring())
    window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
    qtbot.addWidget(window)
    window.show()
    professional = next(o for o in window.overviews if o.persona.name == "Professional")
    window.panel.select("account", professional.account.id)
    seen: list[int] = []

    def look(dialog: AccountDialog) -> None:
        seen.append(dialog.persona.currentIndex())
        dialog.reject()

    on_modal(AccountDialog, look)
    window.add_account()
    window.panel.select("persona", professional.persona.id)
    on_modal(AccountDialog, look)
    window.add_account()
    assert seen[0] == -1
    assert seen[1] >= 0
    db.close()


def test_accounts_add_on_the_command_line_checks_the_handle_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main
    from app.store import paths

    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    try:
        assert main(["personas", "add", "Personal", "--kind", "personal"]) == 0
        url = "https://www.instagram.com/jane.walks/"
        assert main(["accounts", "add", "Personal", "instagram", url]) == 0
        assert "Added Instagram account '@jane.walks'" in capsys.readouterr().out
        assert main(["accounts", "add", "Personal", "instagram", "jane walks!"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "up to 30 letters" in err
    finally:
        paths.set_data_dir(None)
