"""The findability walkthrough: one source per step, for one persona.

Each step says what the source is, what to search for (the persona's details, read from
the keyring off the GUI thread and shown on this screen only), the "search first" rule, the
opt-out page, what the site asks for, and lets the user record what they found. Every step
is written at once through `app.services.findability`; closing the window loses nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalog import Catalog
from app.domain.findability import ALLOWED_MOVES, RECORDABLE, SourceState
from app.domain.findability_source import AsksFor
from app.domain.personas import Persona
from app.services import findability as service
from app.services.findability_secrets import SearchDetails
from app.store.database import Database
from app.store.errors import DatabaseError, NotFoundError
from app.store.user_files import UserFileError
from app.ui.background import run_in_background
from app.ui.dates import day_text
from app.ui.errors import sentence, show_error, write_failed
from app.ui.fit import place
from app.ui.widgets import Callout, heading, muted, section_label, text_label

ASKS_TEXT = {
    AsksFor.NOTHING: "nothing",
    AsksFor.EMAIL: "an e-mail address",
    AsksFor.PHONE: "a phone number",
    AsksFor.ID: "an ID document",
    AsksFor.POSTAL_MAIL: "a letter by post",
    AsksFor.FEE: "a fee",
    AsksFor.ACCOUNT: "an account",
    AsksFor.PROFILE_URL: "the listing's web address",
    AsksFor.RESIDENCY: "proof of residence",
}
STATE_KEYS = {
    SourceState.NOT_LISTED: ("Not &listed", "I searched and it does not show me"),
    SourceState.FOUND: ("&Found", "It shows me"),
    SourceState.REQUESTED: ("Re&quested", "I asked for removal"),
    SourceState.REMOVED: ("Re&moved", "The listing is gone"),
    SourceState.RELISTED: ("Found a&gain", "It came back after a removal"),
    SourceState.CANNOT_REMOVE: ("Ca&nnot remove", "The site refuses or asks too much"),
}
SEARCH_FIRST = (
    "Search first: look yourself up before you give the site anything, and never give it a "
    "detail it does not already show."
)


def _history(row: service.SourceOverview, tz: tzinfo) -> str:
    if not row.standing.history:
        return "Not checked yet."
    parts = []
    for event in row.standing.history[-4:]:
        assert isinstance(event.state, SourceState)
        day = day_text(event.at.astimezone(tz).date())
        files = f" ({len(event.evidence)} evidence file(s))" if event.evidence else ""
        parts.append(f"{day}: {event.state.label}{files}")
    return "History: " + " · ".join(parts)


class FindabilityWindow(QDialog):
    """A non-modal window; `recorded` is emitted after every saved step."""

    recorded = Signal()

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        clock: Callable[[], datetime],
        zone: Callable[[], tzinfo],
        details_loader: Callable[[int, Callable[[SearchDetails | str], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.catalog, self.clock, self.zone = db, catalog, clock, zone
        self._load_details = details_loader
        self.details: SearchDetails | str = "Reading your search details from the keyring…"
        self.rows: list[service.SourceOverview] = []
        self.index = 0
        self.evidence: list[Path] = []
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Findability walkthrough — Tightrope")
        self.setAccessibleName("Findability walkthrough")
        place(self, QSize(760, 720), remember="ui.size.findability-walkthrough")

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        persona_label = QLabel("&Persona:")
        self.persona = QComboBox()
        self.persona.setAccessibleName("Persona")
        persona_label.setBuddy(self.persona)
        for persona in db.personas():
            self.persona.addItem(f"{persona.name} ({persona.kind.value})", persona.id)
        top.addWidget(persona_label)
        top.addWidget(self.persona, 1)
        self.countries = muted(QLabel())
        top.addWidget(self.countries)
        outer.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        outer.addWidget(self.progress)

        page = QWidget()
        body = QVBoxLayout(page)
        body.setSpacing(10)
        self.title = heading("")
        self.facts = muted(text_label())
        self.state = section_label("")
        self.history = muted(text_label())
        self.rule = Callout()
        self.rule.setAccessibleName("What to search for")
        self.rule_text = text_label()
        self.search_for = text_label()
        self.search_for.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule.body.addWidget(self.rule_text)
        self.rule.body.addWidget(self.search_for)
        self.why = text_label()
        self.steps = text_label(rich=True)
        self.caveat = text_label()
        self.references = text_label(rich=True)
        self.references.setOpenExternalLinks(True)
        self.notice = Callout()
        self.notice.setAccessibleName("Next")
        self.notice_text = text_label()
        self.notice.body.addWidget(self.notice_text)
        self.notice.setVisible(False)
        for widget in (self.title, self.facts, self.state, self.history, self.notice, self.rule):
            body.addWidget(widget)
        body.addWidget(section_label("Why it matters"))
        body.addWidget(self.why)
        body.addWidget(section_label("Steps"))
        for widget in (self.steps, self.caveat, section_label("Sources"), self.references):
            body.addWidget(widget)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer.addWidget(scroll, 1)

        link_row = QHBoxLayout()
        self.open_link = QPushButton("&Open the opt-out page")
        self.open_link.setAccessibleName("Open the opt-out page in your browser")
        self.open_link.clicked.connect(self.open_opt_out)
        self.attach = QPushButton("Attach e&vidence…")
        self.attach.setAccessibleName("Attach a screenshot or confirmation as evidence")
        self.attach.clicked.connect(self.choose_evidence)
        self.attached = muted(QLabel())
        link_row.addWidget(self.open_link)
        link_row.addWidget(self.attach)
        link_row.addWidget(self.attached, 1)
        outer.addLayout(link_row)
        note_label = QLabel("Not&e (optional; never an address or phone):")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        note_label.setBuddy(self.note)
        outer.addWidget(note_label)
        outer.addWidget(self.note)

        states = QHBoxLayout()
        self.state_buttons: dict[SourceState, QPushButton] = {}
        for state in RECORDABLE:
            text, tip = STATE_KEYS[state]
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(f"Record: {state.label}")
            button.clicked.connect(lambda _=False, s=state: self.record(s))
            states.addWidget(button)
            self.state_buttons[state] = button
        outer.addLayout(states)
        nav = QHBoxLayout()
        self.back_button = QPushButton("← &Back")
        self.back_button.setAccessibleName("Previous source")
        self.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button = QPushButton("Ne&xt →")
        self.next_button.setAccessibleName("Next source without recording")
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        outer.addLayout(nav)
        for keys, target in (("Alt+Left", -1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda t=target: self.go(self.index + t))

        self.evidence_warning = muted(text_label())
        self.evidence_warning.setVisible(False)
        outer.insertWidget(2, self.evidence_warning)
        self.persona.currentIndexChanged.connect(lambda _i: self.reload(start=True))
        self.reload(start=True)
        run_in_background(
            self, lambda: service.evidence_problems(db), self._evidence_checked, lambda _e: None
        )

    def _evidence_checked(self, problems: list[str]) -> None:
        """Evidence lives beside the database (a restore or a move can leave it behind)."""
        if problems:
            shown = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
            self.evidence_warning.setText(
                f"{len(problems)} evidence file(s) need attention: {shown}. The log keeps each "
                "file's hash; put the file back from your own copy."
            )
        self.evidence_warning.setVisible(bool(problems))

    # ------------------------------------------------------------------ data

    def current_persona(self) -> Persona | None:
        persona_id = self.persona.currentData()
        return self.db.persona(persona_id) if persona_id is not None else None

    def reload(self, *, start: bool = False) -> None:
        persona = self.current_persona()
        self.countries.setText("Countries: " + ", ".join(service.countries(self.db)))
        if persona is None:
            self.rows = []
        else:
            self.rows = service.persona_overview(
                self.db, self.catalog, persona, self.clock(), self.zone()
            )
            if start:
                self.details = "Reading your search details from the keyring…"
                self._load_details(persona.id, self._details_loaded)
        if start:
            due = [i for i, r in enumerate(self.rows) if r.due]
            fresh = [i for i, r in enumerate(self.rows) if r.standing.last_event is None]
            self.index = (due or fresh or [0])[0]
        self.show_current()

    def _details_loaded(self, details: SearchDetails | str) -> None:
        self.details = details
        self._show_search_for()

    @property
    def row(self) -> service.SourceOverview | None:
        return self.rows[self.index] if 0 <= self.index < len(self.rows) else None

    # ------------------------------------------------------------------ view

    def _show_search_for(self) -> None:
        row = self.row
        source = row.item.source if row else None
        self.rule_text.setText(
            SEARCH_FIRST if source and source.search_first else "Check what it shows about you."
        )
        details = self.details
        if isinstance(details, str):
            self.search_for.setText(details)
        elif details.empty:
            self.search_for.setText(
                "Search for: your name, with your town. To see your own list of names, "
                "addresses and phones here, add them under Findability > Search details "
                "(kept in the keyring only)."
            )
        else:
            lines = [f"Name: {n}" for n in details.names]
            lines += [f"Address: {a}" for a in details.addresses]
            lines += [f"Phone: {p}" for p in details.phones]
            self.search_for.setText("Search for:\n" + "\n".join(lines))

    def show_current(self) -> None:
        row = self.row
        total = len(self.rows)
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(self.index + 1 if total else 0)
        self.progress.setFormat(f"Source {self.index + 1} of {total}" if total else "No sources")
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < total - 1)
        if row is None or row.item.source is None:
            self.title.setText("No sources for this persona")
            self.facts.setText(
                "Add a persona, or choose the countries you live and work in under "
                "Findability > Countries…."
            )
            for button in self.state_buttons.values():
                button.setEnabled(False)
            self.open_link.setEnabled(False)
            return
        item, source = row.item, row.item.source
        self.title.setText(item.title)
        where = ", ".join(source.states) if source.states else "whole country"
        asks = ", ".join(ASKS_TEXT[a] for a in sorted(source.asks_for))
        operator = f" · run by {source.operator}" if source.operator else ""
        self.facts.setText(
            f"Tier {source.tier}{operator} · {source.country} ({where}) · asks for: {asks} · "
            f"re-check every {source.recheck_days} days · checked {item.checked or '?'} "
            f"against {item.checked_against or 'no source'}"
        )
        clock = row.next
        when = ""
        if clock is not None:
            when = " — due now" if row.due else f" — next on {day_text(clock.on)}"
        self.state.setText(f"{row.standing.state.label}{when}")
        self.history.setText(_history(row, self.zone()) + (f"\n{clock.reason}" if clock else ""))
        self._show_search_for()
        self.why.setText(item.why)
        self.steps.setText(
            "<ol style='margin-left:0; -qt-list-indent:1'>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in item.steps)
            + "</ol>"
        )
        self.caveat.setText(f"Good to know: {item.caveat}" if item.caveat else "")
        self.caveat.setVisible(bool(item.caveat))
        refs = [
            f"<li><a href='{html.escape(r.url, quote=True)}'>{html.escape(r.title)}</a></li>"
            if r.url
            else f"<li>{html.escape(r.title)}</li>"
            for r in item.references
        ]
        self.references.setText("<ul style='-qt-list-indent:1'>" + "".join(refs) + "</ul>")
        self.open_link.setEnabled(bool(item.link))
        allowed = ALLOWED_MOVES[row.standing.state]
        for state, button in self.state_buttons.items():
            button.setEnabled(state in allowed)

    # ------------------------------------------------------------------ actions

    def go(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.index = index
            self.note.clear()
            self.evidence = []
            self.attached.setText("")
            self.notice.setVisible(False)
            self.show_current()

    def open_opt_out(self) -> None:
        row = self.row
        if row is not None and row.item.link:
            QDesktopServices.openUrl(QUrl(row.item.link))

    def choose_evidence(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Evidence: a screenshot or a saved confirmation", str(Path.home())
        )
        self.add_evidence([Path(f) for f in files])

    def add_evidence(self, files: list[Path]) -> None:
        self.evidence.extend(files)
        count = len(self.evidence)
        self.attached.setText(f"{count} file(s) to keep with this step" if count else "")

    def record(self, state: SourceState) -> None:
        row, persona = self.row, self.current_persona()
        if row is None or persona is None:
            return
        try:
            done = service.record_step(
                self.db,
                self.catalog,
                persona,
                row.item.id,
                state,
                self.clock(),
                self.zone(),
                note=self.note.text(),
                evidence=self.evidence,
                keep_out=self.details.every_value()
                if isinstance(self.details, SearchDetails)
                else (),
            )
        except (service.FindabilityError, NotFoundError, UserFileError) as exc:
            show_error(self, "Not recorded", sentence(str(exc)), "Nothing was changed.")
            return
        except (DatabaseError, OSError) as exc:
            write_failed(self, "this step", exc)
            return
        self.recorded.emit()
        position = row.item.id
        self.reload()
        self.index = next((i for i, r in enumerate(self.rows) if r.item.id == position), 0)
        if done.sisters:
            names = ", ".join(s.title.split(":")[0] for s in done.sisters)
            message = (
                f"Removal confirmed. It usually covers the sister sites too: {names}. They are "
                "due today; check each one and record what it shows."
            )
        else:
            message = f"Recorded: {state.label}."
        if done.sisters:
            wanted = done.sisters[0].id
            target = next((i for i, r in enumerate(self.rows) if r.item.id == wanted), self.index)
        else:
            target = min(self.index + 1, len(self.rows) - 1)
        self.go(target)
        self.notice_text.setText(message)
        self.notice.setVisible(True)
