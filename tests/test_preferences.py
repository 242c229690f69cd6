"""Window preferences through app.services.preferences, no Qt."""

from __future__ import annotations

import pytest

from app.services import preferences
from app.store.database import Database


def test_preferences_are_remembered_across_reopening(db: Database) -> None:
    preferences.remember(db, {preferences.GEOMETRY: "AAAA", preferences.SELECTION: "account:3"})
    reopened = Database.open(db.path)
    try:
        assert preferences.recall(reopened, preferences.SELECTION) == "account:3"
        assert preferences.recall(reopened, preferences.SPLITTER, "dashboard") == "dashboard"
    finally:
        reopened.close()


def test_only_window_preferences_can_be_written(db: Database) -> None:
    before = db.settings()
    with pytest.raises(ValueError, match=r"'vault\.namespace' is not a window preference"):
        preferences.remember(db, {preferences.REPORT_FOLDER: "/tmp", "vault.namespace": "x"})
    assert db.settings() == before, "a bad key writes nothing, not even the good ones"
    with pytest.raises(ValueError, match="not a window preference"):
        preferences.recall(db, "reminders.timezone")
