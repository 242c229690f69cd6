"""Add or edit an account: persona, platform, handle, profile address, notes, and the
secret details (login e-mail, phone, recovery notes) that live in the system keyring.

The keyring is slow or can hang (a locked wallet), so it is read on the thread pool; the
secret fields stay disabled until it answers, and a banner says plainly why when no
keyring works. Secrets are never written to the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Checklist, ChecklistKind
from app.domain.personas import Account, Persona, SecretField
from app.services.handles import checked_handle, handle_example
from app.services.secrets import SecretsLoaded, SecretStore, load_secrets
from app.ui.background import run_in_background
from app.ui.fit import available_area, grow_to_content, place, scrolling_content
from app.ui.widgets import (
    Callout,
    add_save_footer,
    muted,
    section_label,
    swatch_icon,
    text_label,
)


def no_keyring_text(reason: str) -> str:
    """The banner: the vault's own reason (it says what to install) and what it means here."""
    reason = reason.strip()
    if reason:
        return (
            f"{reason}\n\nUntil then these fields stay switched off. Everything else works, "
            "and nothing secret is written anywhere else."
        )
    return (
        "Login e-mail, phone number and recovery notes are kept only in your system's "
        "keyring, and no keyring is working on this computer, so these fields are switched "
        "off. Everything else works, and nothing secret is written anywhere else."
    )


class AccountDialog(QDialog):
    """Collects an account's details; the caller saves them through app.services.workspace
    and app.services.secrets."""

    def __init__(
        self,
        personas: Sequence[Persona],
        checklists: Sequence[Checklist],
        vault: SecretStore | None,
        account: Account | None = None,
        persona_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.account = account
        self.vault = vault
        self._loaded: dict[SecretField, str] = {}
        self.secrets_ready = False
        self.setWindowTitle("Edit account" if account else "Add an account")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(min(520, available_area(self).width() - 40))
        outer = QVBoxLayout(self)
        layout = scrolling_content(outer)
        place(self, remember="ui.size.account")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.persona = QComboBox()
        self.persona.setAccessibleName("Persona")
        for persona in personas:
            self.persona.addItem(swatch_icon(persona.colour), persona.name, persona.id)
        self.persona.setPlaceholderText("Choose a persona…")
        wanted = account.persona_id if account else persona_id
        self.persona.setCurrentIndex(self.persona.findData(wanted) if wanted is not None else -1)
        self._personas = {p.id: p for p in personas}
        self._checklists = {c.id: c for c in checklists}
        self.platform = QComboBox()
        self.platform.setAccessibleName("Platform")
        privacy = [c for c in checklists if c.kind is ChecklistKind.PRIVACY]
        policy = [c for c in checklists if c.kind is ChecklistKind.POLICY]
        for checklist in sorted(privacy, key=lambda c: c.platform.lower()):
            self.platform.addItem(checklist.platform, checklist.id)
        if policy:
            self.platform.insertSeparator(self.platform.count())
            for checklist in sorted(policy, key=lambda c: c.platform.lower()):
                self.platform.addItem(f"{checklist.platform} (practice policy)", checklist.id)
        if account is not None:
            index = self.platform.findData(account.checklist_id)
            if index < 0:
                self.platform.addItem(
                    f"{account.checklist_id} (not installed)", account.checklist_id
                )
                index = self.platform.count() - 1
            self.platform.setCurrentIndex(index)
        self.scope = muted(text_label())
        self.scope.setAccessibleDescription("What this account will be checked for")
        self.handle = QLineEdit(account.handle if account else "")
        self.handle.setAccessibleName("Handle or page name")
        self.handle.editingFinished.connect(self._tidy_handle)
        self.profile_url = QLineEdit(account.profile_url if account else "")
        self.profile_url.setAccessibleName("Profile address")
        self.profile_url.setPlaceholderText("https://…")
        self.notes = QPlainTextEdit(account.notes if account else "")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        for label, widget in (
            ("&Persona:", self.persona),
            ("P&latform:", self.platform),
            ("", self.scope),
            ("&Handle:", self.handle),
            ("Profile &address:", self.profile_url),
            ("N&otes:", self.notes),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.persona.currentIndexChanged.connect(self._update_scope)
        self.platform.currentIndexChanged.connect(self._update_scope)
        self._update_scope()

        self.secrets_box = QGroupBox("Private details (kept in the system keyring)")
        self.secrets_box.setAccessibleName("Private details")
        secrets = QVBoxLayout(self.secrets_box)
        self.banner = Callout()
        self.banner.setAccessibleName("Keyring not available")
        self.banner_title = section_label("Private details are switched off")
        self.banner_text = text_label()
        self.banner.body.addWidget(self.banner_title)
        self.banner.body.addWidget(self.banner_text)
        self.banner.setVisible(False)
        secrets.addWidget(self.banner)
        hint = muted(
            text_label(
                "Tightrope compares these across personas to warn you when a personal and a "
                "professional account share an e-mail or phone number."
            )
        )
        secrets.addWidget(hint)
        secret_form = QFormLayout()
        secret_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.login_email = QLineEdit()
        self.phone = QLineEdit()
        self.recovery = QPlainTextEdit()
        self.recovery.setTabChangesFocus(True)
        self.recovery.setFixedHeight(self.recovery.fontMetrics().lineSpacing() * 3 + 14)
        self.secret_widgets: dict[SecretField, QLineEdit | QPlainTextEdit] = {
            SecretField.LOGIN_EMAIL: self.login_email,
            SecretField.PHONE: self.phone,
            SecretField.RECOVERY_NOTES: self.recovery,
        }
        mnemonics = {
            SecretField.LOGIN_EMAIL: "Login &e-mail:",
            SecretField.PHONE: "Pho&ne number:",
            SecretField.RECOVERY_NOTES: "&Recovery notes:",
        }
        for field, widget in self.secret_widgets.items():
            widget.setAccessibleName(field.label)
            widget.setEnabled(False)
            secret_form.addRow(mnemonics[field], widget)
        self.login_email.setPlaceholderText("Checking the keyring…")
        secrets.addLayout(secret_form)
        layout.addWidget(self.secrets_box)

        self.error, self.buttons = add_save_footer(self, outer, self._accept)
        self.handle.setFocus(Qt.FocusReason.OtherFocusReason)

        if vault is None:
            self._secrets_off("")
        else:
            account_id = account.id if account else None
            run_in_background(
                self,
                lambda: load_secrets(vault, account_id),
                self._secrets_loaded,
                lambda exc: self._secrets_off(str(exc)),
            )

    def _secrets_off(self, reason: str) -> None:
        self.secrets_ready = True
        self.banner_text.setText(no_keyring_text(reason))
        self.banner.setVisible(True)
        for widget in self.secret_widgets.values():
            widget.setEnabled(False)
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText("Not available without a keyring")
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to fit the banner's wrapped text, as far as the screen allows."""
        grow_to_content(self)

    def _secrets_loaded(self, loaded: object) -> None:
        assert isinstance(loaded, SecretsLoaded)
        if not loaded.available:
            self._secrets_off(loaded.reason)
            return
        self._loaded = dict(loaded.values)
        self.login_email.setPlaceholderText("")
        for field, widget in self.secret_widgets.items():
            value = loaded.values.get(field, "")
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            else:
                widget.setPlainText(value)
            widget.setEnabled(True)
        self.phone.setPlaceholderText("e.g. +44 20 7946 0000")
        self.login_email.setPlaceholderText("the address you sign in with")
        self.secrets_ready = True

    @property
    def secrets_enabled(self) -> bool:
        return self.login_email.isEnabled()

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def _update_scope(self) -> None:
        """Say what the choice of persona and platform means: which settings, how many."""
        checklist = self._checklists.get(str(self.platform.currentData()))
        self.handle.setPlaceholderText(f"e.g. {handle_example(checklist.id if checklist else '')}")
        persona = self._personas.get(self.persona.currentData())
        if persona is None or checklist is None:
            self.scope.setText(
                "Choose the persona this account belongs to: its kind decides "
                "which settings are recommended."
            )
            return
        count = len(checklist.items_for(persona.kind))
        self.scope.setText(
            f"A {persona.kind.value} {checklist.platform} account under {persona.name}: "
            f"{count} setting{'s' if count != 1 else ''} to go through."
        )

    def _tidy_handle(self) -> bool:
        """Turn a pasted profile address into the handle; False (and the hint) if the
        handle cannot be one on this platform."""
        checklist_id = str(self.platform.currentData())
        checklist = self._checklists.get(checklist_id)
        result = checked_handle(
            checklist_id, self.handle.text(), checklist.platform if checklist else ""
        )
        if result.profile_url and not self.profile_url.text().strip():
            self.profile_url.setText(result.profile_url)
        if result.ok:
            self.handle.setText(result.handle)
            return True
        return False

    def _accept(self) -> None:
        if self.persona.currentData() is None:
            if self.persona.count():
                self.show_problem(
                    "Choose the persona this account belongs to (Personal, Professional…): "
                    "it decides which settings are recommended."
                )
                self.persona.setFocus()
            else:
                self.show_problem("Add a persona first: every account belongs to one.")
            return
        checklist_id = str(self.platform.currentData())
        checklist = self._checklists.get(checklist_id)
        result = checked_handle(
            checklist_id, self.handle.text(), checklist.platform if checklist else ""
        )
        if not result.ok and not self._unchanged_handle():
            self.show_problem(result.problem)
            self.handle.setFocus()
            return
        if result.ok:
            self.handle.setText(result.handle)
            if result.profile_url and not self.profile_url.text().strip():
                self.profile_url.setText(result.profile_url)
        url = self.profile_url.text().strip()
        if url and not url.lower().startswith(("https://", "http://")):
            self.show_problem(
                "The profile address should start with https://, for example "
                "https://www.instagram.com/jane.doe"
            )
            self.profile_url.setFocus()
            return
        self.accept()

    def _unchanged_handle(self) -> bool:
        """An existing account keeps a handle saved before the rules existed."""
        return (
            self.account is not None
            and bool(self.account.handle)
            and self.handle.text().strip() == self.account.handle
            and str(self.platform.currentData()) == self.account.checklist_id
        )

    def result_account(self) -> Account:
        """The dialog's values as an account (id 0 for a new one; the store gives the id)."""
        base = self.account or Account(0, 0, "", "")
        return replace(
            base,
            persona_id=int(self.persona.currentData()),
            checklist_id=str(self.platform.currentData()),
            handle=self.handle.text().strip(),
            profile_url=self.profile_url.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )

    def secret_changes(self) -> dict[SecretField, str]:
        """Fields whose value differs from the keyring's; empty when the keyring is off."""
        if not self.secrets_enabled:
            return {}
        changes: dict[SecretField, str] = {}
        for field, widget in self.secret_widgets.items():
            value = (
                widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
            ).strip()
            if value != self._loaded.get(field, ""):
                changes[field] = value
        return changes
