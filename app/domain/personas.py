"""Personas (personal, professional, ...) and the accounts that belong to each."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.checklist import PersonaKind

RECHECK_INTERVALS_DAYS = (30, 60, 90, 180, 365)
DEFAULT_RECHECK_DAYS = 90


class PersonaStatus(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    RETIRED = "retired"


@dataclass(frozen=True)
class Persona:
    id: int
    name: str
    kind: PersonaKind
    status: PersonaStatus = PersonaStatus.ACTIVE
    display_name: str = ""
    bio: str = ""
    colour: str = "#5b7db1"
    recheck_days: int = DEFAULT_RECHECK_DAYS


@dataclass(frozen=True)
class Account:
    id: int
    persona_id: int
    checklist_id: str
    handle: str
    profile_url: str = ""
    notes: str = ""


class SecretField(StrEnum):
    """Details that would tie a personal identity to a professional one; kept in the keyring."""

    LOGIN_EMAIL = "login-email"
    PHONE = "phone"
    RECOVERY_NOTES = "recovery-notes"

    @property
    def label(self) -> str:
        return {
            "login-email": "Login e-mail",
            "phone": "Phone number",
            "recovery-notes": "Recovery notes",
        }[self.value]
