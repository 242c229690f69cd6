"""Who uses this copy of Tightrope: one of the practice's clinicians.

The privacy audit is that clinician's record (titled with their name, one signature block
for them). Asked in the set-up assistant, changeable there again or with
`tightrope practice set me NAME`; kept as a setting, not in the practice profile, because
the profile is the practice's and may be shared by export with colleagues.
"""

from __future__ import annotations

from app.domain.practice import PracticeProfile
from app.store.database import Database

CLINICIAN_SETTING = "practice.me"
"""The name, as written in the practice's list of clinicians, of the person using the app."""


class ClinicianError(ValueError):
    """The name given is not one of the practice's clinicians."""


def current_clinician(db: Database, profile: PracticeProfile | None = None) -> str:
    """The clinician named in the settings, if still one of the practice's; else the only
    clinician when there is just one; else ""."""
    clinicians = [c.strip() for c in (profile or db.practice()).clinicians if c.strip()]
    chosen = (db.setting(CLINICIAN_SETTING) or "").strip()
    if chosen and chosen in clinicians:
        return chosen
    if len(clinicians) == 1:
        return clinicians[0]
    return ""


def set_clinician(db: Database, name: str, profile: PracticeProfile | None = None) -> str:
    """Name the clinician using the app; "" forgets the choice. Returns the name stored."""
    cleaned = name.strip()
    clinicians = [c.strip() for c in (profile or db.practice()).clinicians if c.strip()]
    if cleaned and cleaned not in clinicians:
        listed = "; ".join(clinicians) if clinicians else "none yet"
        raise ClinicianError(
            f"'{cleaned}' is not one of the practice's clinicians ({listed}); add them first "
            'with: tightrope practice set clinicians "Name One, Name Two"'
        )
    db.set_setting(CLINICIAN_SETTING, cleaned)
    return cleaned
