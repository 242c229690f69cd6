"""A checklist version that lowers an item's revision is reported when the app loads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.services.checklists import load_catalog_for
from app.store import paths
from app.store.database import Database
from tests.checklist_factory import raw_checklist, raw_item, to_toml


def install(directory: Path, revision: int, version: str) -> None:
    changelog = [{"version": version, "date": date(2026, 11, 1), "changes": "Edited."}]
    data = raw_checklist(
        "practice-own",
        items=[raw_item("po-1", revision=revision)],
        version=version,
        changelog=changelog,
    )
    (directory / "practice-own.toml").write_text(to_toml(data), encoding="utf-8")


def test_revision_going_down_is_reported_and_history_kept(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    user = tmp_path / "data" / "checklists"
    user.mkdir(parents=True)
    monkeypatch.setenv(paths.CHECKLISTS_DIR_ENV, str(empty))
    monkeypatch.setattr(paths, "user_checklists_dir", lambda: user)

    install(user, revision=3, version="2026.11.0")
    assert load_catalog_for(db).problems == []
    assert db.seen_revisions("practice-own") == {"po-1": 3}

    install(user, revision=2, version="2026.12.0")
    catalog = load_catalog_for(db)
    [problem] = catalog.problems
    assert (problem.item, problem.field) == ("po-1", "revision")
    assert "went down from 3 to 2" in problem.message
    assert catalog.get("practice-own") is not None
    assert db.seen_revisions("practice-own") == {"po-1": 3}
