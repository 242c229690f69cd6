"""Open every top-level window and dialog on the current screen and say what does not fit.

Run in its own process, because the screen size and the scale factor are fixed when Qt
starts (tests/test_window_fit.py does that):

    QT_QPA_PLATFORM="offscreen:configfile=SCREEN.json" QT_SCALE_FACTOR=1.5 \
        python -m tests.window_fit

The offscreen platform plugin reads a JSON file that lists its screens, e.g.
`{"screens": [{"name": "netbook", "x": 0, "y": 0, "width": 1024, "height": 600,
"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}` (`screen_config`); with
QT_SCALE_FACTOR=1.5 Qt then reports that screen as 683x400 device-independent pixels, as
a real 150% desktop would. Prints one JSON object: every window checked, and the problems.

A window fits when its frame lies inside the screen's available area, and every visible
button outside a scroll area (the buttons a user must reach: Save, Next, Print, Done…)
lies wholly inside the window. Content may scroll; buttons may not.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QTableView, QWidget

SHOTS: Path | None = None
"""A folder to save a picture of each window in (`--shots DIR`), to look at them."""


def screen_config(width: int, height: int) -> dict[str, object]:
    return {
        "synchronousWindowSystemEvents": True,
        "windowFrameMargins": False,
        "screens": [
            {
                "name": f"screen-{width}x{height}",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ],
    }


def settle(ms: int = 60) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def _inside_scroll(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems_of(name: str, window: QWidget) -> list[str]:
    """What does not fit in `window` (shown) on its screen."""
    found: list[str] = []
    screen = window.screen()
    area = screen.availableGeometry() if screen is not None else QRect()
    frame = window.frameGeometry()
    if not area.contains(frame):
        found.append(f"{name}: window {frame.getRect()} outside the screen {area.getRect()}")
    inner = window.rect()
    layout = window.layout()
    if layout is not None:
        need = layout.totalMinimumSize()
        if need.width() > inner.width() or need.height() > inner.height():
            found.append(
                f"{name}: needs at least {need.width()}x{need.height()}, "
                f"has {inner.width()}x{inner.height()} (content squashed or cut off)"
            )
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or _inside_scroll(button, window):
            continue
        if type(button).__name__ in {"QScrollBar"} or button.window() is not window:
            continue
        top_left = button.mapTo(window, button.rect().topLeft())
        rect = QRect(top_left, button.size())
        if not inner.contains(rect):
            label = button.text().replace("&", "") or button.accessibleName() or "?"
            found.append(f"{name}: button '{label}' at {rect.getRect()} outside {inner.getRect()}")
    for scroll in window.findChildren(QScrollArea):
        if not scroll.isVisibleTo(window) or scroll.property("sideways-ok"):
            continue
        bar = scroll.horizontalScrollBar()
        content = scroll.widget()
        wider = content is not None and content.width() > scroll.viewport().width()
        if (bar.isVisible() and bar.maximum() > 0) or wider:
            what = scroll.accessibleName() or type(scroll.parentWidget()).__name__
            found.append(f"{name}: content wider than its window, scrolls sideways ({what})")
    for table in window.findChildren(QTableView):
        header = table.horizontalHeader()
        if table.isVisibleTo(window) and header.length() > table.viewport().width() + 1:
            found.append(
                f"{name}: table {table.accessibleName()!r} is {header.length()} px wide "
                f"in {table.viewport().width()} px"
            )
    return found


def every_window() -> Iterator[tuple[str, QWidget]]:
    """Every top-level window and dialog a user can open, each shown with the demo data of
    `tools.screenshots` (a practice a year in), yielded while it is open."""
    from datetime import UTC

    from app.store.vault import Vault
    from app.ui.account_dialog import AccountDialog
    from app.ui.main_window import MainWindow
    from app.ui.persona_dialog import PersonaDialog
    from app.ui.restore_dialog import RestoreDialog
    from app.ui.setup_wizard import SetupWizard
    from tests.memory_keyring import MemoryKeyring
    from tools.screenshots import NOW, build_demo

    with tempfile.TemporaryDirectory() as tmp:
        db, catalog, vault = build_demo(Path(tmp), MemoryKeyring())
        assert isinstance(vault, Vault)
        window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
        window.keyring_available = True
        window.show()
        settle()
        window.finish_start()
        settle()
        yield "main window (dashboard)", window
        instagram = next(o for o in window.overviews if o.account.checklist_id == "instagram")
        window.panel.select("account", instagram.account.id)
        settle()
        yield "main window (account details)", window
        window.show_dashboard()

        walk = window.open_walkthrough(instagram.account.id)
        assert walk is not None
        yield from _shown("walkthrough", walk)

        yield from _shown(
            "add account", AccountDialog(db.personas(), catalog.sorted(), vault, parent=window)
        )
        yield from _shown(
            "edit account",
            AccountDialog(
                db.personas(), catalog.sorted(), vault, account=instagram.account, parent=window
            ),
        )
        yield from _shown("add persona", PersonaDialog(parent=window))
        yield from _shown("restore archived", RestoreDialog(db, window))

        wizard = SetupWizard(db.practice(), db.personas(), catalog.sorted(), parent=window)
        wizard.show()
        settle()
        for page in range(len(wizard.pageIds())):
            yield f"set-up wizard page {page + 1}", wizard
            wizard.next()
            settle()
        wizard.close()

        from app.reports.documents import render_audit, render_policy
        from app.ui.report_dialog import ReportDialog

        yield from _shown("policy preview", ReportDialog(render_policy(db, catalog, NOW), window))
        yield from _shown("audit preview", ReportDialog(render_audit(db, catalog, NOW), window))
        for name, factory in extra_windows(window):
            yield from _shown(name, factory())
        window.close()
        db.close()


def _shown(name: str, window: QWidget) -> Iterator[tuple[str, QWidget]]:
    window.show()
    settle()
    yield name, window
    window.close()
    window.deleteLater()


def check_all() -> dict[str, list[str]]:
    checked: list[str] = []
    problems: list[str] = []
    for name, window in every_window():
        checked.append(name)
        if SHOTS is not None:
            slug = "".join(c if c.isalnum() else "-" for c in name)
            window.grab().save(str(SHOTS / f"{len(checked):02d}-{slug}.png"))
        problems.extend(problems_of(name, window))
    return {"checked": checked, "problems": problems}


def extra_windows(window: QWidget) -> list[tuple[str, Callable[[], QWidget]]]:
    """The windows other modules add (the practice editor, the data dialogs)."""
    found: list[tuple[str, Callable[[], QWidget]]] = []
    try:
        from app.ui.practice_editor import PracticeEditor
    except ImportError:
        return found
    db = getattr(window, "db", None)
    catalog = getattr(window, "catalog", None)
    if db is not None and catalog is not None:
        found.append(("practice and policy editor", lambda: PracticeEditor(db, catalog, window)))
        found.extend(findability_windows(window))
    from app.ui.guide_dialog import GuideDialog

    found.append(("user guide", lambda: GuideDialog(window)))
    return found


def findability_windows(window: Any) -> list[tuple[str, Callable[[], QWidget]]]:
    """The findability walkthrough and its dialogs (app.ui.findability_dialogs)."""
    from app.services.findability_secrets import SearchDetails
    from app.ui.findability_dialogs import HarassedDialog, SearchDetailsDialog, open_findability

    persona = window.db.personas()[0]
    return [
        ("findability walkthrough", lambda: open_findability(window)),
        ("I am being harassed", lambda: HarassedDialog(window)),
        ("search details", lambda: SearchDetailsDialog(window, persona.id, SearchDetails())),
    ]


def main() -> int:
    global SHOTS
    if len(sys.argv) > 2 and sys.argv[1] == "--shots":
        SHOTS = Path(sys.argv[2])
        SHOTS.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    result = check_all()
    screen = app.primaryScreen()
    result["screen"] = [screen.availableGeometry().width(), screen.availableGeometry().height()]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
