"""Fixture addresses, phones and names go through the whole findability flow and come out
nowhere: not the database file, a backup, the log, the calendar, an export without secrets,
or the audit PDF's text."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.checklist import PersonaKind
from app.domain.checklist_parse import parse_checklist
from app.domain.findability import LifeEvent, SourceState
from app.reports.documents import ReportKind, render_report, save_pdf
from app.services import findability as service
from app.services.backup import backup_now
from app.services.calendar_feed import export_calendar
from app.services.data_transfer import export_to
from app.services.findability_secrets import SearchDetails, load_details, save_details
from app.store.database import Database
from app.store.vault import Vault
from app.ui.findability_dialogs import open_findability
from app.ui.launch import setup_logging
from app.ui.main_window import MainWindow
from tests.findability_helpers import findability_data
from tests.memory_keyring import MemoryKeyring
from tests.ui_helpers import NOW, catalog_of, example_checklist, on_modal

SECRETS = SearchDetails(
    names=("Jordan Q. Fixturename", "Jordan Oldsurname"),
    addresses=("417 Quillback Lane, Marsh Hollow, OR 97999", "9 Zebrafinch Court, Apt 3"),
    phones=("+1 503-555-0187", "503 555 0143"),
)


def leaks(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").casefold()
    words = [w for value in SECRETS.every_value() for w in (value, value.split(",")[0])]
    return sorted({w for w in words if w.casefold() in text})


def test_search_details_never_reach_a_file(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log_file = setup_logging()
    root.setLevel(logging.DEBUG)
    try:
        _flow(qtbot, db, tmp_path, log_file)
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def _flow(qtbot: QtBot, db: Database, tmp_path: Path, log_file: Path | None) -> None:
    keyring = MemoryKeyring()
    personal = db.add_persona("Personal", PersonaKind.PERSONAL)
    db.add_persona("Practice", PersonaKind.PROFESSIONAL)
    catalog = catalog_of(
        example_checklist(), parse_checklist(findability_data(), "findability-us.toml")
    )
    vault = Vault.for_database(db, backend=keyring)
    save_details(vault, personal.id, SECRETS)
    assert load_details(vault, personal.id) == SECRETS

    window = MainWindow(db, catalog, vault, clock=lambda: NOW)
    qtbot.addWidget(window)
    dialog = open_findability(window)
    qtbot.waitUntil(lambda: "417 Quillback Lane" in dialog.search_for.text(), timeout=3000)
    shot = tmp_path / "417-quillback-lane.png"
    shot.write_bytes(b"a screenshot of a listing")
    dialog.add_evidence([shot])
    dialog.note.setText("seen at 417 Quillback Lane")
    refused: list[str] = []

    def close(box: QMessageBox) -> None:
        refused.append(box.text())
        box.accept()

    on_modal(QMessageBox, close)
    dialog.record(SourceState.FOUND)
    assert refused and "search details" in refused[0], "a note with the address is refused"
    assert service.evidence_problems(db) == []
    dialog.note.setText("listing with old and new address")
    dialog.add_evidence([shot])
    dialog.record(SourceState.FOUND)
    dialog.go(0)
    dialog.record(SourceState.REQUESTED)
    service.record_life_event(db, db.personas(), LifeEvent.MOVED, NOW)

    backup = backup_now(db, tmp_path / "backup.sqlite3")
    ics = export_calendar(db, catalog, tmp_path / "t.ics", NOW, window.zone()).path
    export = tmp_path / "export.json"
    export_to(export, db)
    from app.store import findability_log

    assert [e.state for e in findability_log.events(db)][:2] == [
        SourceState.FOUND,
        SourceState.REQUESTED,
    ]
    report = render_report(ReportKind.AUDIT, db, catalog, NOW)
    save_pdf(report, tmp_path / "audit.pdf")
    raw_text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "audit.pdf").pages)
    pdf_text = " ".join(unicodedata.normalize("NFKC", raw_text).split())
    assert "Findability: where a client could find your home" in pdf_text
    assert "Parent Search" in pdf_text and "Removal requested" in pdf_text
    db.close()

    files = {
        "database": b"".join(
            p.read_bytes() for p in db.path.parent.glob("tightrope.sqlite3*") if p.is_file()
        ),
        "backup": backup.read_bytes(),
        "calendar": ics.read_bytes(),
        "export": export.read_bytes(),
        "audit pdf text": pdf_text.encode(),
        "audit html": report.html.encode(),
        "evidence names": " ".join(
            p.name for p in (db.path.parent / "evidence").iterdir()
        ).encode(),
    }
    if log_file is not None and log_file.exists():
        files["log"] = log_file.read_bytes()
    for name, data in files.items():
        assert leaks(data) == [], f"{name} holds a search detail"
    assert b"Parent Search" in files["calendar"], "the calendar did get the source"
    assert "findability_events" in files["export"].decode()
