"""What the practice pack in force asks of this desk, read cheaply (the dashboard asks
at every refresh): the required checklists and their maximum re-check intervals."""

from __future__ import annotations

import json

from app.domain.practice_pack import Requirement, practice_intervals
from app.store.database import Database

REQUIREMENTS = "practice.requirements"
CLINICIAN = "practice.clinician"


def desk_requirements(db: Database) -> list[Requirement]:
    raw = db.setting(REQUIREMENTS)
    if not raw:
        return []
    try:
        return [
            Requirement(str(r["checklist"]), int(r["max_days"]), tuple(r.get("clinicians", ())))
            for r in json.loads(raw)
        ]
    except (ValueError, KeyError, TypeError):
        return []


def desk_intervals(db: Database) -> dict[str, int]:
    """Checklist id -> the practice's maximum re-check interval on this desk."""
    return practice_intervals(desk_requirements(db), db.setting(CLINICIAN) or "")
