"""Findability's window parts behind the menu (app.ui.findability_menu): the box under
What's due, the tray's findability notices, "I moved house", "I am being harassed" (with
the printable first steps), the countries and the search details kept in the keyring.

Imported on first use (after the first paint), so start-up does not pay for it.
"""

from __future__ import annotations

import contextlib
import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.findability import LifeEvent
from app.services import findability as service
from app.services.findability_secrets import (
    EntryStore,
    SearchDetails,
    clean_lines,
    load_details,
    save_details,
)
from app.store.errors import DatabaseError
from app.ui.background import run_in_background
from app.ui.errors import sentence, show_error, write_failed
from app.ui.fit import place
from app.ui.widgets import Callout, section_label, text_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.findability_secrets import SearchDetails as Details
    from app.ui.findability_window import FindabilityWindow
    from app.ui.main_window import MainWindow
    from app.ui.tray import ReminderTray

log = logging.getLogger("tightrope.ui")
NO_KEYRING = (
    "Tightrope cannot keep your search details: no working keyring was found. Type them "
    "into each site yourself; they are never written to disk."
)


def entry_store(window: MainWindow) -> EntryStore | None:
    vault = window.vault
    return vault if vault is not None and hasattr(vault, "get_entry") else None  # type: ignore[return-value]


def load_details_async(window: QWidget, store: EntryStore | None) -> Callable[..., None]:
    """A loader for FindabilityWindow: the keyring is read on the thread pool."""

    def load(persona_id: int, done: Callable[[SearchDetails | str], None]) -> None:
        if store is None:
            done(NO_KEYRING)
            return
        run_in_background(
            window,
            lambda: load_details(store, persona_id),
            done,
            lambda exc: done(f"{NO_KEYRING} ({exc})"),
        )

    return load


class FindabilityDueBox(Callout):
    """Under What's due: how many sources are due, the first few, and a button."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.dashboard)
        self.window_ = window
        self.setAccessibleName("Findability due")
        self.heading = section_label("Findability")
        self.summary = text_label()
        self.open_button = QPushButton("Open the findability &walkthrough")
        self.open_button.setAccessibleName("Open the findability walkthrough")
        self.open_button.clicked.connect(lambda: open_findability(window))
        self.body.addWidget(self.heading)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.evidence = text_label()
        self.evidence.setVisible(False)
        self.body.addWidget(self.evidence)

    def check_evidence(self) -> None:
        """Once per start, off the GUI thread: evidence files live beside the database, so a
        restore or a copied data folder can leave them behind."""
        db = self.window_.db
        run_in_background(self, lambda: service.evidence_problems(db), self._checked, log.warning)

    def _checked(self, problems: list[str]) -> None:
        self.evidence.setText(
            f"{len(problems)} evidence file(s) are missing or changed; the walkthrough lists them."
            if problems
            else ""
        )
        self.evidence.setVisible(bool(problems))

    def refresh(self) -> None:
        window = self.window_
        try:
            rows = service.overview(window.db, window.catalog, window.now(), window.zone())
        except DatabaseError as exc:
            self.summary.setText(f"Could not read the opt-out log: {exc}")
            return
        due = service.due_now(rows)
        checked = sum(1 for r in rows if r.standing.last_event is not None)
        if not rows:
            self.summary.setText("No findability sources are followed yet.")
        elif due:
            first = ", ".join(f"{r.item.title.split(':')[0]} ({r.persona.name})" for r in due[:3])
            more = f" and {len(due) - 3} more" if len(due) > 3 else ""
            noun = "1 source is" if len(due) == 1 else f"{len(due)} sources are"
            self.summary.setText(f"{noun} due: {first}{more}.")
        else:
            self.summary.setText(
                f"Nothing is due. {checked} of {len(rows)} sources checked so far."
            )


def open_findability(window: MainWindow) -> FindabilityWindow:
    from app.ui.findability_window import FindabilityWindow

    existing = getattr(window, "findability_window", None)
    if existing is not None:
        try:
            existing.show()
            existing.raise_()
            return existing
        except RuntimeError:
            pass
    dialog = FindabilityWindow(
        window.db,
        window.catalog,
        window.now,
        window.zone,
        load_details_async(window, entry_store(window)),
        window,
    )
    dialog.recorded.connect(window.data_changed)
    dialog.destroyed.connect(lambda: setattr(window, "findability_window", None))
    window.findability_window = dialog  # type: ignore[attr-defined]
    dialog.show()
    return dialog


def record_life(window: MainWindow, kind: LifeEvent) -> int | None:
    """Record the event for every live persona; return how many sources are now due."""
    try:
        service.record_life_event(window.db, window.db.personas(), kind, window.now())
        rows = service.overview(window.db, window.catalog, window.now(), window.zone())
    except DatabaseError as exc:
        write_failed(window, "this", exc)
        return None
    window.data_changed.emit()
    return len(service.due_now(rows))


def moved_house(window: MainWindow, *, confirm: bool = True) -> int | None:
    if confirm:
        answer = QMessageBox.question(
            window,
            "I moved house",
            "Tightrope will make every source that can show your address due today, the "
            "most important first, for every persona. Go ahead?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    count = record_life(window, LifeEvent.MOVED)
    if count is not None:
        window.statusBar().showMessage(f"{count} findability sources are due today.", 8000)
    return count


def first_steps_html() -> str:
    steps = service.first_steps()
    parts = [f"<h1>{html.escape(steps.title)}</h1>", f"<p>{html.escape(steps.intro)}</p>", "<ol>"]
    for step in steps.steps:
        refs = "; ".join(html.escape(r.title) for r in step.references)
        parts.append(
            f"<li><p><b>{html.escape(step.title)}</b><br>{html.escape(step.text)}<br>"
            f"<small>Source: {refs}</small></p></li>"
        )
    parts.append("</ol>")
    parts.append(
        f"<p><small>Checked {steps.reviewed.isoformat()}, version {steps.version}.</small></p>"
    )
    return "".join(parts)


class HarassedDialog(QDialog):
    """The first steps, printable and saveable as PDF, and the button that makes every
    address source due today."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("I am being harassed — Tightrope")
        self.setAccessibleName("I am being harassed")
        place(self, QSize(640, 620), remember="ui.size.findability-first-steps")
        layout = QVBoxLayout(self)
        self.html = first_steps_html()
        self.text = QTextBrowser()
        self.text.setAccessibleName("First steps")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(self.html)
        layout.addWidget(self.text, 1)
        self.status = text_label()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.due_button = buttons.addButton(
            "Make my &address sources due today", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button = buttons.addButton("Save as &PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton("P&rint…", QDialogButtonBox.ButtonRole.ActionRole)
        self.due_button.clicked.connect(self.make_due)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(self.print_steps)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def make_due(self) -> None:
        count = record_life(self.window_, LifeEvent.HARASSED)
        if count is not None:
            self.status.setText(
                f"{count} sources that can show your address are due today. Open "
                "Findability > Walkthrough to work through them, the most important first."
            )
            self.due_button.setEnabled(False)

    def print_steps(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from app.reports.pdf import DocumentInfo, print_html

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        info = DocumentInfo("First steps", "Tightrope", "Tightrope · first steps")
        print_html(self.html, info, printer, printer.resolution())
        self.status.setText("Sent to the printer.")

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the first steps", str(Path.home() / "first-steps.pdf"), "PDF (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        from app.reports.pdf import DocumentInfo, html_to_pdf
        from app.store.private_files import write_private_file
        from app.store.user_files import UserFileError, check_output_path

        info = DocumentInfo("First steps", "Tightrope", "Tightrope · first steps")
        try:
            path = check_output_path(path, "the PDF")
            write_private_file(path, html_to_pdf(self.html, info).data)
        except UserFileError as exc:
            show_error(self, "Not saved", sentence(str(exc)), "Nothing was written.")
            return None
        except OSError as exc:
            show_error(self, "Not saved", f"{path} could not be written.", "", exc)
            return None
        self.status.setText(f"Saved to {path}.")
        return path


class SearchDetailsDialog(QDialog):
    """The names, addresses and phones a persona searches for, kept in the keyring only."""

    def __init__(self, window: MainWindow, persona_id: int, details: SearchDetails) -> None:
        super().__init__(window)
        self.store = entry_store(window)
        self.persona_id = persona_id
        persona = window.db.persona(persona_id)
        self.setWindowTitle(f"Search details: {persona.name} — Tightrope")
        self.setAccessibleName("Search details")
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "What you look for on people-search sites, one per line. Kept in the "
                "keyring only: never in Tightrope's data file, a backup, a log, the calendar "
                "or a report."
            )
        )
        self.fields: dict[str, QPlainTextEdit] = {}
        for key, label, values in (
            ("names", "&Names (and former names)", details.names),
            ("addresses", "&Addresses (current and past)", details.addresses),
            ("phones", "&Phones", details.phones),
        ):
            title = QLabel(label)
            edit = QPlainTextEdit("\n".join(values))
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(label.replace("&", ""))
            title.setBuddy(edit)
            layout.addWidget(title)
            layout.addWidget(edit)
            self.fields[key] = edit
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def details(self) -> SearchDetails:
        return SearchDetails(
            *(clean_lines(self.fields[k].toPlainText()) for k in ("names", "addresses", "phones"))
        )

    def save(self) -> None:
        if self.store is None:
            show_error(self, "Not saved", NO_KEYRING)
            return
        store, details, persona_id = self.store, self.details(), self.persona_id
        run_in_background(
            self,
            lambda: save_details(store, persona_id, details),
            lambda _r: self.accept(),
            lambda exc: show_error(self, "Not saved", "The keyring refused the details.", "", exc),
        )


def edit_search_details(window: MainWindow) -> None:
    store = entry_store(window)
    personas = window.db.personas()
    if store is None or not personas:
        show_error(
            window, "Search details", NO_KEYRING if store is None else "Add a persona first."
        )
        return
    persona_id: int | None = None
    chooser = getattr(window, "findability_window", None)
    if chooser is not None:
        with contextlib.suppress(RuntimeError):
            persona_id = chooser.persona.currentData()
    if persona_id is None and len(personas) > 1:
        from PySide6.QtWidgets import QInputDialog

        names = [p.name for p in personas]
        name, ok = QInputDialog.getItem(
            window, "Search details", "Whose search details?", names, 0, False
        )
        if not ok:
            return
        persona_id = personas[names.index(name)].id
    if persona_id is None:
        persona_id = personas[0].id
    chosen: int = persona_id

    def opened(details: Details) -> None:
        SearchDetailsDialog(window, chosen, details).open()

    run_in_background(
        window,
        lambda: load_details(store, chosen),
        opened,
        lambda exc: show_error(window, "Search details", NO_KEYRING, "", exc),
    )


def choose_countries(window: MainWindow, answer: str | None = None) -> tuple[str, ...] | None:
    """Which countries' sources to follow (two-letter codes, e.g. "US, GB")."""
    offered = ", ".join(service.available_countries(window.catalog))
    if answer is None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            window,
            "Findability countries",
            f"Countries where you live or work, as two-letter codes (sources ship for {offered}):",
            text=", ".join(service.countries(window.db)),
        )
        if not ok:
            return None
        answer = text
    try:
        chosen = service.set_countries(window.db, answer.replace(",", " ").split())
    except DatabaseError as exc:
        show_error(window, "Countries not changed", sentence(str(exc)))
        return None
    window.data_changed.emit()
    return chosen


def install_box(window: MainWindow) -> FindabilityDueBox:
    """The box under What's due; built after the first paint."""
    box = FindabilityDueBox(window)
    window.dashboard.due_slot.addWidget(box)
    window.findability_box = box  # type: ignore[attr-defined]
    window.data_changed.connect(box.refresh)
    box.refresh()
    box.check_evidence()
    return box


class FindabilityAnnouncer(QObject):
    """After every tray check: one notification for sources that newly became due."""

    def __init__(self, window: MainWindow, tray: ReminderTray) -> None:
        super().__init__(tray)
        self.window_, self.tray = window, tray
        self.action = QAction("&Findability", tray)
        self.action.triggered.connect(lambda: open_findability(window))
        tray.menu.insertAction(tray.quit_action, self.action)
        tray.due_changed.connect(self.check)

    def check(self, _accounts: Any = None) -> list[service.SourceOverview]:
        from app.services.findability_due import take_unannounced

        window = self.window_
        try:
            rows = service.due_now(
                service.overview(window.db, window.catalog, window.now(), window.zone())
            )
            fresh = take_unannounced(window.db, rows)
        except DatabaseError as exc:
            log.warning("could not check findability: %s", exc)
            return []
        self.action.setText(f"&Findability ({len(rows)} due)" if rows else "&Findability")
        if self.tray.tray is not None and rows:
            accounts = len(self.tray.due)
            sources = (
                "1 findability source" if len(rows) == 1 else f"{len(rows)} findability sources"
            )
            before = f"{accounts} account(s) and " if accounts else ""
            self.tray.tray.set_tooltip(f"Tightrope: {before}{sources} due")
        if fresh:
            self.announce(fresh)
        return fresh

    def announce(self, rows: list[service.SourceOverview]) -> None:
        first = rows[0]
        name = f"{first.item.title.split(':')[0]} ({first.persona.name})"
        title = (
            f"Findability: {name}" if len(rows) == 1 else f"{len(rows)} findability sources are due"
        )
        body = (first.next.reason if first.next else "") if len(rows) == 1 else f"{name} and more."
        if self.tray.tray is not None:
            self.tray.tray.show_message(title, body)
            return
        desktop = self.tray._desktop()
        if desktop is not None:
            desktop.notify(title, body)
            return
        self.tray.notify_in_window.emit(title, body, 0)


def install_tray(window: MainWindow, tray: ReminderTray) -> FindabilityAnnouncer:
    announcer = FindabilityAnnouncer(window, tray)
    window.findability_announcer = announcer  # type: ignore[attr-defined]

    def new_day() -> None:
        box = getattr(window, "findability_box", None)
        if box is not None:
            box.refresh()

    tray.day_changed.connect(new_day)
    return announcer
