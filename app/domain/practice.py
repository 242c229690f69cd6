"""The practice profile: who the practice is and what its social-media policy says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PracticeProfile:
    name: str = ""
    clinicians: tuple[str, ...] = ()
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    emergency_wording: str = ""
    crisis_line: str = ""
    policy_version: str = "1"
    policy_effective: str = ""
    stances: Mapping[str, str] = field(default_factory=dict)
    """Policy section key -> the practice's own wording; a missing key means the default."""

    @property
    def is_set_up(self) -> bool:
        return bool(self.name.strip())
