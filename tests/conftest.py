"""Fixtures shared by the test modules. Keep each fixture small and say what it gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.database import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh database in its own temporary data folder."""
    database = Database.open(tmp_path / "data" / "tightrope.sqlite3")
    try:
        yield database
    finally:
        database.close()
