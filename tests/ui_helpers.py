"""Helpers for the pytest-qt tests of the windows: a small catalog, modal dialog driving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.domain.checklist import Checklist
from app.domain.checklist_parse import parse_checklist
from app.store.checklist_files import Catalog
from tests.checklist_factory import raw_checklist, raw_item

NOW = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)

W = TypeVar("W", bound=QWidget)


def example_checklist(
    version: str = "2026.11.0", revisions: dict[str, int] | None = None
) -> Checklist:
    items = [
        raw_item("first", title="Make the account private", effort=2),
        raw_item("second", title="Hide the friends list", effort=3),
        raw_item(
            "third",
            title="Turn off search by phone",
            effort=1,
            recommendation={"personal": "Only me", "professional": "Friends"},
        ),
    ]
    for item in items:
        item["revision"] = (revisions or {}).get(item["id"], 1)
    changelog = [{"version": version, "date": "2026-11-01", "changes": "x"}]
    data = raw_checklist(
        "example", items=items, version=version, changelog=changelog, platform="Example"
    )
    return parse_checklist(data, "example.toml")


def catalog_of(*checklists: Checklist) -> Catalog:
    catalog = Catalog()
    for checklist in checklists:
        catalog.checklists[checklist.id] = checklist
    return catalog


def on_modal(kind: type[W], action: Callable[[W], None]) -> None:
    """Run `action` on the next modal dialog of type `kind` once it is open.

    If `action` fails, the dialog is closed so the test fails instead of hanging.
    """

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(20, poll)
            return
        try:
            action(widget)
        except BaseException:
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
            raise

    QTimer.singleShot(0, poll)
