"""First-run set-up: the practice, the two default personas, the first accounts.

The wizard only collects a `SetupPlan`; `app.services.setup.finish_setup` checks and
writes it when the user presses Finish. Every page can be skipped, and the wizard can be
opened again from the menu (it then shows what is already there and adds only what is
new). `needs_setup` is re-exported here for the launcher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QLocale, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.checklist import Checklist, ChecklistKind, PersonaKind
from app.domain.personas import Persona
from app.domain.practice import PracticeProfile
from app.services.handles import checked_handle
from app.services.place import PracticePlace, country_for_locale
from app.services.setup import PlannedAccount, SetupPlan
from app.services.setup import needs_setup as needs_setup
from app.services.shipped import load_places
from app.ui.fit import place as fit_on_screen
from app.ui.fit import scrolling_content
from app.ui.widgets import muted, text_label

DEFAULT_EMERGENCY_WORDING = (
    "Social media, messaging apps and e-mail are not checked for emergencies, and a message "
    "may go unread for days. If you are in crisis, call your local emergency number or go to "
    "the nearest emergency department."
)

DEFAULT_PERSONAS: tuple[tuple[str, PersonaKind, str], ...] = (
    ("Personal", PersonaKind.PERSONAL, "#3f8f6b"),
    ("Professional", PersonaKind.PROFESSIONAL, "#5b7db1"),
)


def _line(text: str, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(text: str, name: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Welcome to Tightrope")
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Tightrope helps you keep your personal and your professional life online "
                "apart, keep each account's settings private, and show that you did."
            )
        )
        layout.addWidget(
            text_label(
                "This takes about three minutes: your practice details (used on the policy you "
                "give to clients), a Personal and a Professional persona, and your first "
                "accounts."
            )
        )
        layout.addWidget(
            muted(
                text_label(
                    "You can skip any step and come back later from File > Set-up assistant. "
                    "Everything stays on this computer."
                )
            )
        )
        layout.addStretch(1)


class PracticePage(QWizardPage):
    def __init__(
        self, practice: PracticeProfile, clinician: str = "", place: PracticePlace | None = None
    ) -> None:
        super().__init__()
        self.setTitle("Your practice")
        self.setSubTitle(
            "Shown on the social-media policy you hand to new clients. Only the name is "
            "needed now; you can fill in the rest later."
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = scrolling_content(outer)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body.addLayout(form)
        body.addStretch(1)
        self.name = _line(practice.name, "Practice name", "e.g. Riverside Counselling")
        self.clinicians = _text("\n".join(practice.clinicians), "Clinicians, one per line", 2)
        self.phone = _line(practice.phone, "Practice phone")
        self.email = _line(practice.email, "Practice e-mail")
        self.website = _line(practice.website, "Practice website", "https://…")
        self.address = _text(practice.address, "Practice address", 2)
        self.me = QComboBox()
        self.me.setAccessibleName("Which clinician are you")
        self.me.setAccessibleDescription(
            "Your privacy audit is titled with this name and has one signature block for you"
        )
        self.me.setToolTip("Your privacy audit is titled with this name and signed by you")
        self._chosen = clinician
        self.clinicians.textChanged.connect(self._update_me)
        self.me.activated.connect(lambda _index: self._remember_me())
        self._update_me()
        self.country, self.profession = place_choices(place)
        for label, widget in (
            ("Practice na&me:", self.name),
            ("&Clinicians (one per line):", self.clinicians),
            ("&You are:", self.me),
            ("&Phone:", self.phone),
            ("&E-mail:", self.email),
            ("&Website:", self.website),
            ("&Address:", self.address),
            ("Co&untry:", self.country),
            ("P&rofession:", self.profession),
        ):
            form.addRow(label, widget)

    def clinician_names(self) -> list[str]:
        return [line.strip() for line in self.clinicians.toPlainText().splitlines() if line.strip()]

    def _remember_me(self) -> None:
        self._chosen = str(self.me.currentData() or "")

    def _update_me(self) -> None:
        names = self.clinician_names()
        chosen = self._chosen if self._chosen in names else (names[0] if len(names) == 1 else "")
        self.me.blockSignals(True)
        self.me.clear()
        self.me.addItem(
            "Choose which clinician you are" if names else "Add the clinicians first", ""
        )
        for name in names:
            self.me.addItem(name, name)
        self.me.setCurrentIndex(max(0, self.me.findData(chosen)) if chosen else 0)
        self.me.blockSignals(False)

    @property
    def clinician(self) -> str:
        return str(self.me.currentData() or "")


def place_choices(place: PracticePlace | None) -> tuple[QComboBox, QComboBox]:
    """The country and profession lists (from countries.toml), preset to what the
    practice chose, else the country of the system's locale."""
    places = load_places()
    country = QComboBox()
    country.setAccessibleName("Country")
    country.setAccessibleDescription(
        "Chooses the privacy law, emergency number and crisis line the policy names"
    )
    country.addItem("Choose later", "")
    for item in places.countries:
        country.addItem(f"{item.name} ({item.code})", item.code)
    chosen = place.country if place and place.country else country_for_locale(QLocale().name())
    country.setCurrentIndex(max(0, country.findData(chosen.code if chosen else "")))
    profession = QComboBox()
    profession.setAccessibleName("Profession")
    profession.setAccessibleDescription("Chooses which codes of ethics are listed first")
    profession.addItem("Choose later", "")
    for job in places.professions:
        profession.addItem(job.label[:1].upper() + job.label[1:], job.id)
    profession.setCurrentIndex(
        max(0, profession.findData(place.profession_id if place else "") or 0)
    )
    return country, profession


class EmergencyPage(QWizardPage):
    def __init__(self, practice: PracticeProfile) -> None:
        super().__init__()
        self.setTitle("Emergencies")
        self.setSubTitle(
            "What your policy tells clients to do instead of messaging you in a crisis."
        )
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        outer.addStretch(1)
        self.wording = _text(
            practice.emergency_wording or DEFAULT_EMERGENCY_WORDING, "Emergency wording", 5
        )
        self.crisis_line = _line(
            practice.crisis_line,
            "Crisis line",
            "e.g. 988 (US), 116 123 (Samaritans, UK and Ireland)",
        )
        form.addRow("Emergency &wording:", self.wording)
        form.addRow("Crisis &line:", self.crisis_line)


class PersonasPage(QWizardPage):
    def __init__(self, existing: Sequence[Persona]) -> None:
        super().__init__()
        self.setTitle("Personas")
        self.setSubTitle(
            "A persona is one side of your online life. The recommended settings differ: "
            "private for Personal, findable but careful for Professional."
        )
        layout = QVBoxLayout(self)
        self.existing = list(existing)
        if existing:
            names = ", ".join(p.name for p in existing)
            layout.addWidget(text_label(f"You already have: {names}."))
        self.rows: list[tuple[QCheckBox, QLineEdit, PersonaKind, str]] = []
        taken = {p.kind for p in existing}
        form = QFormLayout()
        for name, kind, colour in DEFAULT_PERSONAS:
            if kind in taken:
                continue
            box = QCheckBox(f"Create a {kind.value} persona")
            box.setChecked(True)
            box.setAccessibleName(f"Create a {kind.value} persona")
            edit = _line(name, f"Name of the {kind.value} persona")
            box.toggled.connect(edit.setEnabled)
            form.addRow(box, edit)
            self.rows.append((box, edit, kind, colour))
        if not self.rows:
            layout.addWidget(text_label("Nothing to add here; press Next."))
        layout.addLayout(form)
        layout.addWidget(
            muted(
                text_label(
                    "You can add more later, for example an advocacy or hobby account "
                    "(Personas > Add persona), and change each persona's colour and how "
                    "often it is re-checked (every 90 days unless you choose otherwise)."
                )
            )
        )
        layout.addStretch(1)

    def planned(self) -> tuple[tuple[str, PersonaKind, str], ...]:
        return tuple(
            (edit.text().strip() or kind.value.capitalize(), kind, colour)
            for box, edit, kind, colour in self.rows
            if box.isChecked()
        )


class AccountsPage(QWizardPage):
    def __init__(self, checklists: Sequence[Checklist], personas_page: PersonasPage) -> None:
        super().__init__()
        self.personas_page = personas_page
        self.setTitle("Your first accounts")
        self.setSubTitle(
            "Add the accounts you have now, for example Instagram under Personal and the "
            "practice's Facebook Page under Professional. You can add more at any time."
        )
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.persona = QComboBox()
        self.persona.setAccessibleName("Persona")
        self.platform = QComboBox()
        self.platform.setAccessibleName("Platform")
        for checklist in sorted(checklists, key=lambda c: c.platform.lower()):
            if checklist.kind is ChecklistKind.PRIVACY:
                self.platform.addItem(checklist.platform, checklist.id)
        self.handle = _line("", "Handle", "@handle or page name")
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add this account")
        self.add_button.clicked.connect(self.add_row)
        self.handle.installEventFilter(self)
        for text, widget, stretch in (
            ("P&ersona:", self.persona, 0),
            ("P&latform:", self.platform, 0),
            ("&Handle:", self.handle, 1),
        ):
            column = QVBoxLayout()
            label = QLabel(text)
            label.setBuddy(widget)
            column.addWidget(label)
            column.addWidget(widget)
            row.addLayout(column, stretch)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        self.problem = text_label()
        self.problem.setAccessibleDescription("Problem")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        self.list = QListWidget()
        self.list.setAccessibleName("Accounts to add")
        layout.addWidget(self.list, 1)
        self.remove_button = QPushButton("&Remove the selected account")
        self.remove_button.setAccessibleName("Remove the selected account from the list")
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the handle adds the account and stays on the page (the wizard would
        otherwise take Enter as Finish)."""
        if (
            watched is self.handle
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.add_row()
            return True
        return super().eventFilter(watched, event)

    def initializePage(self) -> None:
        current = self.persona.currentText()
        self.persona.clear()
        names = [p.name for p in self.personas_page.existing]
        names += [name for name, _kind, _colour in self.personas_page.planned()]
        self.persona.addItems(names)
        if current in names:
            self.persona.setCurrentText(current)
        self.handle.setFocus()

    def add_row(self) -> None:
        if self.persona.currentIndex() < 0:
            self.handle.setFocus()
            return
        checked = checked_handle(
            str(self.platform.currentData()), self.handle.text(), self.platform.currentText()
        )
        self.problem.setText(checked.problem)
        self.problem.setVisible(not checked.ok)
        if not checked.ok:
            self.handle.setFocus()
            return
        handle = checked.handle
        planned = PlannedAccount(
            self.persona.currentText(), str(self.platform.currentData()), handle
        )
        item = QListWidgetItem(
            f"{self.platform.currentText()} {handle} — {self.persona.currentText()}"
        )
        item.setData(Qt.ItemDataRole.UserRole, planned)
        self.list.addItem(item)
        self.handle.clear()
        self.handle.setFocus()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def planned(self) -> tuple[PlannedAccount, ...]:
        accounts: list[PlannedAccount] = []
        for index in range(self.list.count()):
            data = self.list.item(index).data(Qt.ItemDataRole.UserRole)
            if isinstance(data, PlannedAccount):
                accounts.append(data)
        return tuple(accounts)


class SetupWizard(QWizard):
    """Collects a `SetupPlan`; Cancel is labelled "Skip set-up" and changes nothing."""

    def __init__(
        self,
        practice: PracticeProfile,
        personas: Sequence[Persona],
        checklists: Sequence[Checklist],
        parent: QWidget | None = None,
        *,
        clinician: str = "",
        place: PracticePlace | None = None,
    ) -> None:
        super().__init__(parent)
        self.practice = practice
        self.setWindowTitle("Set up Tightrope")
        self.setAccessibleName("Set-up assistant")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Skip set-up")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Back")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")
        self.welcome = WelcomePage()
        self.practice_page = PracticePage(practice, clinician, place)
        self.emergency_page = EmergencyPage(practice)
        self.personas_page = PersonasPage(personas)
        self.accounts_page = AccountsPage(checklists, self.personas_page)
        for page in (
            self.welcome,
            self.practice_page,
            self.emergency_page,
            self.personas_page,
            self.accounts_page,
        ):
            self.addPage(page)
        fit_on_screen(self, QSize(680, 520), remember="ui.size.setup")

    def plan(self) -> SetupPlan:
        page = self.practice_page
        clinicians = tuple(
            line.strip() for line in page.clinicians.toPlainText().splitlines() if line.strip()
        )
        practice = replace(
            self.practice,
            name=page.name.text().strip(),
            clinicians=clinicians,
            phone=page.phone.text().strip(),
            email=page.email.text().strip(),
            website=page.website.text().strip(),
            address=page.address.toPlainText().strip(),
            emergency_wording=_own_wording(self.emergency_page.wording.toPlainText()),
            crisis_line=self.emergency_page.crisis_line.text().strip(),
        )
        return SetupPlan(
            practice,
            self.personas_page.planned(),
            self.accounts_page.planned(),
            clinician=page.clinician,
            country=page.country.currentData() or None,
            profession=page.profession.currentData() or None,
        )


def _own_wording(text: str) -> str:
    """The emergency wording to keep: "" when it is still the suggested text, so the
    policy prints the shipped wording for the practice's country in the client's
    language instead of this English sentence."""
    cleaned = text.strip()
    return "" if cleaned == DEFAULT_EMERGENCY_WORDING else cleaned
