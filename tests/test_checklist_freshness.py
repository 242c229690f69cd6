"""Per-item check dates: shown in the walkthrough, flagged when old, reported by the CLI."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.cli import main
from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.freshness import check_line, is_stale, oldest_check
from app.services.walkthrough import start_walkthrough
from app.store import paths
from app.store.database import Database
from app.ui.walkthrough import WalkthroughWindow
from tests.checklist_factory import raw_checklist, raw_item, to_toml

TODAY = date.today()
FRESH = TODAY - timedelta(days=10)
OLD = TODAY - timedelta(days=181)
EDGE = TODAY - timedelta(days=180)


def dated(item_id: str, day: date, source: str = "Example Help Centre") -> dict[str, Any]:
    return raw_item(item_id, checked=day, checked_against=source)


def write(directory: Path, data: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{data['id']}.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def test_an_item_is_stale_only_after_180_days_and_undated_items_never() -> None:
    items = [dated("a", FRESH), dated("b", EDGE), dated("c", OLD), raw_item("d")]
    checklist = parse_checklist(raw_checklist("alpha", items=items), "alpha.toml")
    a, b, c, d = checklist.items
    assert [is_stale(i, TODAY) for i in (a, b, c, d)] == [False, False, True, False]
    oldest = oldest_check([checklist])
    assert oldest is not None and (oldest.item.id, oldest.day) == ("c", OLD)
    assert check_line(d, TODAY) == ""
    assert "Possibly out of date" in check_line(c, TODAY)
    assert "Possibly out of date" not in check_line(a, TODAY)


def test_check_line_names_the_source_and_the_day_in_words() -> None:
    item = dated("a", date(2026, 12, 2), "Instagram Help Centre")
    checklist = parse_checklist(raw_checklist("alpha", items=[item]), "alpha.toml")
    line = check_line(checklist.items[0], date(2026, 12, 5))
    assert line == "Steps checked against Instagram Help Centre on 2 December 2026."


def test_validate_warns_on_old_checks_and_reports_the_oldest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, raw_checklist("alpha", items=[dated("a-new", FRESH), dated("a-old", OLD)])
    )
    assert main(["checklists", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"warning: alpha: a-old: checked: checked on {OLD.isoformat()}" in out
    assert "a-new" not in out.split("Oldest check")[0]
    assert f"Oldest check: {OLD.isoformat()} (alpha: a-old, against Example Help Centre)." in out
    assert "all valid; 1 possibly out of date." in out


def test_validate_is_quiet_when_every_check_is_recent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, raw_checklist("alpha", items=[dated("a-1", FRESH)]))
    assert main(["checklists", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out
    assert out.strip().endswith("1 checklist(s), 1 items: all valid.")


def test_list_marks_checklists_with_old_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    write(shipped, raw_checklist("alpha", items=[dated("a-new", FRESH), dated("a-old", OLD)]))
    write(shipped, raw_checklist("beta", items=[dated("b-1", FRESH)]))
    monkeypatch.setenv(paths.CHECKLISTS_DIR_ENV, str(shipped))
    assert main(["--data-dir", str(tmp_path / "data"), "checklists", "list"]) == 0
    paths.set_data_dir(None)
    lines = capsys.readouterr().out.splitlines()
    alpha = next(line for line in lines if line.startswith("alpha "))
    beta = next(line for line in lines if line.startswith("beta "))
    assert alpha.endswith(f"{OLD.isoformat()} (1 possibly out of date)")
    assert beta.endswith(FRESH.isoformat())
    assert "alpha: possibly out of date (checked more than 180 days ago): a-old" in lines


def test_walkthrough_shows_the_check_and_marks_an_old_one(qtbot: QtBot, db: Database) -> None:
    items = [
        dated("w-new", date(2026, 12, 2), "Instagram Help Centre"),
        dated("w-old", OLD, "Example Help Centre"),
        raw_item("w-none"),
    ]
    checklist = parse_checklist(raw_checklist("alpha", items=items), "alpha.toml")
    persona = db.add_persona("Personal", PersonaKind.PERSONAL)
    account = db.add_account(persona.id, "alpha", "@jane").id
    window = WalkthroughWindow(start_walkthrough(db, {"alpha": checklist}, account), "@jane")
    qtbot.addWidget(window)
    window.show()
    label = window.view.checked
    assert label.text().startswith(
        "Steps checked against Instagram Help Centre on 2 December 2026."
    )
    assert "out of date" not in label.text() and label.isVisible()
    window.go_next()
    assert "Possibly out of date" in label.text()
    window.go_next()
    assert label.text() == "" and not label.isVisible()
