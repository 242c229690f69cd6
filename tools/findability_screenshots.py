"""Screenshots of the findability screens for the README, with fictional data.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.findability_screenshots [OUT_DIR] [SUFFIX]
Set QT_SCALE_FACTOR=1.5 to check the layout at 150 %.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.checklist import PersonaKind
from app.domain.findability import SourceState
from app.services import findability as service
from app.services.checklists import load_default_catalog
from app.services.findability_secrets import SearchDetails, save_details
from app.store.database import Database
from app.store.vault import Vault
from app.ui.findability_dialogs import HarassedDialog, open_findability
from app.ui.main_window import MainWindow
from tests.memory_keyring import MemoryKeyring

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    suffix = argv[2] if len(argv) > 2 else ""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "tightrope.sqlite3")
        personal = db.add_persona("Personal", PersonaKind.PERSONAL)
        db.add_persona("Practice", PersonaKind.PROFESSIONAL)
        vault = Vault.for_database(db, backend=MemoryKeyring())
        save_details(
            vault,
            personal.id,
            SearchDetails(("Alex Example",), ("1 Sample Road, Springfield",), ("555-0100",)),
        )
        catalog = load_default_catalog()
        earlier = NOW - timedelta(days=20)
        for source, states in (
            ("us-peopleconnect", [SourceState.FOUND, SourceState.REQUESTED, SourceState.REMOVED]),
            ("us-spokeo", [SourceState.FOUND, SourceState.REQUESTED]),
            ("us-whitepages", [SourceState.NOT_LISTED]),
        ):
            for offset, state in enumerate(states):
                service.record_step(
                    db, catalog, personal, source, state, earlier + timedelta(days=offset), UTC
                )
        window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
        window.keyring_available = True
        window.resize(1240, 780)
        window.show()
        window.finish_start()
        window.refresh()
        save(window, out, f"findability-dashboard{suffix}")
        dialog = open_findability(window)
        dialog.go(next(i for i, r in enumerate(dialog.rows) if r.item.id == "us-intelius"))
        dialog.resize(780, 760)
        save(dialog, out, f"findability-walkthrough{suffix}")
        dialog.resize(1024, 600)
        save(dialog, out, f"findability-walkthrough-1024x600{suffix}")
        dialog.close()
        harassed = HarassedDialog(window)
        harassed.show()
        save(harassed, out, f"findability-harassed{suffix}")
        harassed.close()
        window.close()
        db.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
