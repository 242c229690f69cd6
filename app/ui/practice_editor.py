"""File > Practice and policy…: everything `tightrope practice set` can change, in one
window, with the policy's preview beside it, updated as the user types.

Practice details, the clinicians (one row each, name and credentials), the policy's
version and effective date, each section's stance (the shipped options, with the wording
each prints, or the practice's own wording), the paper size and a template folder. Every
value is checked by the same rules as the command line (`app.domain.policy`) and saved
through `app.services.practice`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalog import Catalog
from app.domain.policy import (
    DEFAULT_CHOICE,
    STANCE_PREFIX,
    PolicySection,
    PolicyWording,
    PracticeFieldError,
)
from app.domain.practice import PracticeProfile
from app.reports.documents import render_policy, template_dir
from app.reports.pdf import PageSize
from app.reports.resources import ReportTextDocument, show_in
from app.reports.templating import ReportError
from app.reports.wording import load_policy_wording
from app.services import preferences
from app.services.place import practice_place, save_place
from app.services.practice import PolicyPrinting, apply_fields, next_version, save_practice_edits
from app.services.reports import shows_generator
from app.store.database import Database
from app.store.errors import DatabaseError
from app.ui.fit import place, scrolling_content
from app.ui.setup_wizard import place_choices
from app.ui.widgets import add_save_footer, muted, text_label

NOT_SET = QDate(2000, 1, 1)
"""The date edit's "not set yet" value, shown as `NOT_SET_TEXT`."""
NOT_SET_TEXT = "The day it is first printed"
OWN_WORDING = "own"


def _lines(edit: QPlainTextEdit, lines: int) -> QPlainTextEdit:
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class ClinicianList(QWidget):
    """The clinicians, one row each: the name, and the credentials printed after it."""

    def __init__(self, clinicians: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Name", "Credentials"])
        self.table.setAccessibleName("Clinicians")
        self.table.setAccessibleDescription("One row per clinician: name, then credentials")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(self.table.fontMetrics().lineSpacing() * 6)
        for clinician in clinicians:
            name, _, credentials = clinician.partition(",")
            self._add(name.strip(), credentials.strip())
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add a cl&inician")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.setAccessibleName("Remove the selected clinician")
        self.remove_button.clicked.connect(self.remove_row)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _add(self, name: str, credentials: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(credentials))

    def add_row(self) -> None:
        self._add("", "")
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()
        item = self.table.item(self.table.rowCount() - 1, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def value(self) -> str:
        """The clinicians as `practice set clinicians` takes them: "Name, credentials; …"."""
        people: list[str] = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            name, credentials = ((c.text().strip() if c else "") for c in cells)
            if name:
                people.append(f"{name}, {credentials}" if credentials else name)
        return "; ".join(people)


class StanceEditor(QGroupBox):
    """One policy section: which stance, the wording it prints, or the practice's own."""

    def __init__(self, section: PolicySection, stance: str, parent: QWidget | None = None):
        super().__init__(section.title, parent)
        self.section = section
        layout = QVBoxLayout(self)
        self.choice = QComboBox()
        self.choice.setAccessibleName(f"Stance: {section.title}")
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.choice.setMinimumContentsLength(16)
        for option in section.options:
            suffix = " (the default)" if option.name == section.default else ""
            self.choice.addItem(f"{option.summary}{suffix}", option.name)
        self.choice.addItem("Our own wording", OWN_WORDING)
        self.wording = muted(text_label())
        self.wording.setAccessibleDescription(f"The wording printed for {section.title}")
        self.own = _lines(QPlainTextEdit(), 4)
        self.own.setAccessibleName(f"Your own wording: {section.title}")
        self.own.setPlaceholderText("Write what your policy should say here.")
        layout.addWidget(self.choice)
        layout.addWidget(self.wording)
        layout.addWidget(self.own)
        chosen = stance.strip() or section.default
        if section.option(chosen) is not None:
            self.choice.setCurrentIndex(self.choice.findData(chosen))
        else:
            self.choice.setCurrentIndex(self.choice.findData(OWN_WORDING))
            self.own.setPlainText(chosen)
        self.choice.currentIndexChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        name = str(self.choice.currentData())
        option = self.section.option(name)
        own = option is None
        self.own.setVisible(own)
        self.wording.setVisible(not own)
        if option is not None:
            self.wording.setText(option.text.strip())

    def value(self) -> str:
        """As `practice set stance.KEY` takes it: an option, "default", or own wording."""
        name = str(self.choice.currentData())
        if name == OWN_WORDING:
            return self.own.toPlainText().strip()
        return DEFAULT_CHOICE if name == self.section.default else name


class PracticeEditor(QDialog):
    """Edits the practice profile and the policy; Save writes it all at once."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        parent: QWidget | None = None,
        *,
        now: datetime | None = None,
        wording: PolicyWording | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.catalog = catalog
        self.now = now or datetime.now(UTC)
        self.wording = wording or load_policy_wording()
        self.saved_profile = db.practice()
        self.setWindowTitle("Practice and policy")
        self.setAccessibleName("Practice and policy")
        outer = QVBoxLayout(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        self.splitter.addWidget(self.tabs)
        self.preview = QTextBrowser()
        self.preview.setDocument(ReportTextDocument(None, self.preview))
        self.preview.setAccessibleName("Policy preview")
        self.preview.setOpenLinks(False)
        paper = self.preview.palette()
        paper.setColor(QPalette.ColorRole.Base, QColor("white"))
        paper.setColor(QPalette.ColorRole.Text, QColor("#1d2530"))
        self.preview.setPalette(paper)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)
        self._build_practice_tab(self.saved_profile)
        self._build_policy_tab(self.saved_profile)
        self.error, self.buttons = add_save_footer(self, outer, self._save)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.update_preview)
        self._watch_changes()
        self.update_preview()
        place(self, QSize(1180, 820), remember="ui.size.practice-editor")

    # ------------------------------------------------------------------ building

    def _tab(self, title: str) -> QVBoxLayout:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(page, title)
        return scrolling_content(layout, 8)

    def _build_practice_tab(self, p: PracticeProfile) -> None:
        body = self._tab("Pract&ice")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit(p.name)
        self.clinicians = ClinicianList(p.clinicians)
        self.address = _lines(QPlainTextEdit(p.address), 3)
        self.phone = QLineEdit(p.phone)
        self.email = QLineEdit(p.email)
        self.website = QLineEdit(p.website)
        self.emergency = _lines(QPlainTextEdit(p.emergency_wording), 4)
        self.crisis_line = QLineEdit(p.crisis_line)
        self.country, self.profession = place_choices(practice_place(self.db))
        for label, widget, name in (
            ("Practice na&me:", self.name, "Practice name"),
            ("Clinicians:", self.clinicians, "Clinicians"),
            ("A&ddress:", self.address, "Address"),
            ("P&hone:", self.phone, "Phone"),
            ("E-m&ail:", self.email, "E-mail"),
            ("&Website:", self.website, "Website"),
            ("Emer&gency wording:", self.emergency, "Emergency wording"),
            ("Crisis li&ne:", self.crisis_line, "Crisis line"),
            ("Co&untry:", self.country, "Country"),
            ("Professi&on:", self.profession, "Profession"),
        ):
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        body.addLayout(form)
        body.addStretch(1)

    def _build_policy_tab(self, p: PracticeProfile) -> None:
        body = self._tab("Polic&y")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        version_row = QHBoxLayout()
        self.version = QLineEdit(p.policy_version)
        self.version.setAccessibleName("Policy version")
        self.new_version_button = QPushButton("New &version…")
        self.new_version_button.setToolTip("Start the next version of the policy")
        self.new_version_button.clicked.connect(self.start_new_version)
        version_row.addWidget(self.version, 1)
        version_row.addWidget(self.new_version_button)
        self.effective = QDateEdit()
        self.effective.setAccessibleName("Effective date")
        self.effective.setCalendarPopup(True)
        self.effective.setMinimumDate(NOT_SET)
        self.effective.setSpecialValueText(NOT_SET_TEXT)
        self.effective.setDate(_qdate(p.policy_effective))
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        for size in PageSize:
            self.paper.addItem(size.label, size.value)
        from app.ui.practice_menu import default_paper

        saved_paper = preferences.recall(self.db, preferences.REPORT_PAGE_SIZE) or default_paper(
            p.phone
        )
        self.paper.setCurrentIndex(max(0, self.paper.findData(saved_paper)))
        self.show_generator = QCheckBox("&End with “Prepared with Tightrope”")
        self.show_generator.setAccessibleName("Credit line")
        self.show_generator.setAccessibleDescription(
            "Whether the client's copy ends with a line naming Tightrope"
        )
        self.show_generator.setChecked(shows_generator(self.db))
        folder_row = QHBoxLayout()
        folder = template_dir(self.db)
        self.template_folder = QLineEdit(str(folder) if folder else "")
        self.template_folder.setAccessibleName("Template folder")
        self.template_folder.setPlaceholderText("The shipped templates")
        choose = QPushButton("C&hoose…")
        choose.setAccessibleName("Choose a template folder")
        choose.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.template_folder, 1)
        folder_row.addWidget(choose)
        version_label = QLabel("Ve&rsion:")
        version_label.setBuddy(self.version)
        folder_label = QLabel("&Templates:")
        folder_label.setBuddy(self.template_folder)
        form.addRow(version_label, version_row)
        form.addRow("E&ffective from:", self.effective)
        form.addRow("Pa&per:", self.paper)
        form.addRow(folder_label, folder_row)
        form.addRow("", self.show_generator)
        body.addLayout(form)
        body.addWidget(
            muted(
                text_label(
                    "Each section prints the wording of the stance you choose. Pick "
                    "“Our own wording” to write it yourself."
                )
            )
        )
        self.stances: list[StanceEditor] = []
        for section in self.wording.sections:
            editor = StanceEditor(section, p.stances.get(section.key, ""))
            self.stances.append(editor)
            body.addWidget(editor)
        body.addStretch(1)

    def _watch_changes(self) -> None:
        for line in (self.name, self.phone, self.email, self.website, self.crisis_line):
            line.textChanged.connect(self.timer.start)
        self.version.textChanged.connect(self.timer.start)
        self.template_folder.textChanged.connect(self.timer.start)
        self.show_generator.toggled.connect(self.timer.start)
        for text in (self.address, self.emergency):
            text.textChanged.connect(self.timer.start)
        self.clinicians.table.itemChanged.connect(self.timer.start)
        self.clinicians.table.model().rowsRemoved.connect(self.timer.start)
        self.effective.dateChanged.connect(self.timer.start)
        for stance in self.stances:
            stance.choice.currentIndexChanged.connect(self.timer.start)
            stance.own.textChanged.connect(self.timer.start)

    def _choose_folder(self) -> None:
        start = self.template_folder.text().strip() or str(self.db.path.parent)
        chosen = QFileDialog.getExistingDirectory(self, "Your own report templates", start)
        if chosen:
            self.template_folder.setText(chosen)

    # ------------------------------------------------------------------ values

    def fields(self) -> dict[str, str]:
        """Every field as `tightrope practice set FIELD VALUE` would take it."""
        day = self.effective.date()
        values = {
            "name": self.name.text(),
            "clinicians": self.clinicians.value(),
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "website": self.website.text(),
            "emergency_wording": self.emergency.toPlainText(),
            "crisis_line": self.crisis_line.text(),
            "policy_version": self.version.text(),
            "policy_effective": "" if day == NOT_SET else day.toString("yyyy-MM-dd"),
        }
        for stance in self.stances:
            values[STANCE_PREFIX + stance.section.key] = stance.value()
        return values

    def profile(self) -> PracticeProfile:
        """The edited profile; `PracticeFieldError` names the first refused value."""
        fields = self.fields()
        name = fields.pop("name")
        profile = apply_fields(self.saved_profile, fields, self.wording)
        return apply_fields(profile, {"name": name}, self.wording) if name.strip() else profile

    def printing(self) -> PolicyPrinting:
        return PolicyPrinting(
            str(self.paper.currentData()),
            self.template_folder.text(),
            self.show_generator.isChecked(),
        )

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def update_preview(self) -> None:
        try:
            profile = self.profile()
        except PracticeFieldError as exc:
            self.show_problem(f"{_sentence(str(exc))} The preview shows the last good version.")
            return
        folder = self.template_folder.text().strip()
        try:
            report = render_policy(
                self.db,
                self.catalog,
                self.now,
                template_folder=template_dir_or_none(folder),
                profile=profile,
                show_generator=self.show_generator.isChecked(),
            )
        except (ReportError, DatabaseError, OSError) as exc:
            self.show_problem(f"The preview could not be made: {exc}")
            return
        self.show_problem("")
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        show_in(self.preview, report.html, report.resource_folder)
        bar.setValue(position)

    # ------------------------------------------------------------------ actions

    def start_new_version(self) -> bool:
        """Ask, then put the next version number in and clear the date (it becomes the
        day the new version is first printed)."""
        upcoming = next_version(self.version.text())
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("New version of the policy")
        box.setText(
            f"Start version {upcoming} of the policy? Its effective date becomes the day you "
            "first print it, and clients who signed an earlier version can be given the new "
            "one."
        )
        accept = box.addButton(f"Start version {upcoming}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not accept:
            return False
        self.version.setText(upcoming)
        self.effective.setDate(NOT_SET)
        return True

    def wording_changed(self, profile: PracticeProfile) -> bool:
        """True when what the policy says differs from the saved, already dated version."""
        saved = self.saved_profile
        if not saved.policy_effective or profile.policy_version != saved.policy_version:
            return False
        return (
            dict(profile.stances) != dict(saved.stances)
            or profile.emergency_wording != saved.emergency_wording
            or profile.crisis_line != saved.crisis_line
        )

    def _save(self) -> None:
        try:
            profile = self.profile()
        except PracticeFieldError as exc:
            self.show_problem(_sentence(str(exc)))
            return
        if self.wording_changed(profile) and self.start_new_version():
            profile = self.profile()
        try:
            save_practice_edits(self.db, profile, self.printing())
            save_place(
                self.db,
                str(self.country.currentData() or ""),
                str(self.profession.currentData() or ""),
            )
        except PracticeFieldError as exc:
            self.show_problem(_sentence(str(exc)))
            return
        except DatabaseError as exc:
            self.show_problem(f"Not saved: {exc}")
            return
        self.saved_profile = profile
        self.accept()


def template_dir_or_none(text: str) -> Path | None:
    return Path(text).expanduser() if text else None


def _qdate(text: str) -> QDate:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return NOT_SET
    return QDate(day.year, day.month, day.day)


def _sentence(text: str) -> str:
    from app.ui.errors import sentence

    return sentence(text)
