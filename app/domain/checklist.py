"""The checklist model: what a platform's checklist file holds once it has been validated.

Everything here is immutable and free of I/O; `app.domain.checklist_parse` builds these
objects from the raw data of a file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import total_ordering
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.findability_source import SourceFacts

_CALVER = re.compile(r"^(?P<year>\d{4})\.(?P<month>\d{1,2})\.(?P<patch>\d+)$")


class ChecklistKind(StrEnum):
    PRIVACY = "privacy"
    POLICY = "policy"
    FINDABILITY = "findability"
    """Where a clinician's home can be found (people-search sites, public registers)."""


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class PersonaKind(StrEnum):
    PERSONAL = "personal"
    PROFESSIONAL = "professional"
    OTHER = "other"


@total_ordering
@dataclass(frozen=True)
class CalVer:
    """A checklist version such as 2026.11.0 (year, month, patch)."""

    year: int
    month: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> CalVer:
        match = _CALVER.match(text)
        if not match:
            raise ValueError(
                f"{text!r} is not a version of the form YEAR.MONTH.PATCH, e.g. 2026.11.0"
            )
        year, month, patch = (int(match[g]) for g in ("year", "month", "patch"))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has month {month}; the month must be 1 to 12")
        if year < 2000:
            raise ValueError(f"{text!r} has year {year}; use the four-digit year of the release")
        return cls(year, month, patch)

    def __str__(self) -> str:
        return f"{self.year}.{self.month}.{self.patch}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, CalVer):
            return NotImplemented
        return (self.year, self.month, self.patch) < (other.year, other.month, other.patch)


@dataclass(frozen=True)
class Reference:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class ChangelogEntry:
    version: CalVer
    date: date
    changes: str


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    revision: int
    title: str
    why: str
    steps: tuple[str, ...]
    link: str | None
    severity: Severity
    effort_minutes: int
    applies_to: frozenset[PersonaKind]
    recommendation: Mapping[PersonaKind, str]
    references: tuple[Reference, ...]
    replaces: tuple[str, ...] = ()
    caveat: str | None = None
    findability: bool = False
    """True when leaving this item undone can make the account findable or public;
    separation analysis uses it to warn about personal accounts."""
    checked: date | None = None
    """The day a person last checked this item against `checked_against`."""
    checked_against: str | None = None
    """A short name for that source (e.g. "Instagram Help Centre"); URLs stay in references."""
    source: SourceFacts | None = None
    """The opt-out facts of an item of a findability checklist; None elsewhere."""

    def applies(self, kind: PersonaKind) -> bool:
        return kind in self.applies_to or (
            kind is PersonaKind.OTHER and PersonaKind.PERSONAL in self.applies_to
        )

    def recommendation_for(self, kind: PersonaKind) -> str | None:
        """The recommended value for a persona of this kind.

        A persona of kind "other" gets the personal recommendation when the file gives
        none of its own: the more private choice is the safer default.
        """
        if kind in self.recommendation:
            return self.recommendation[kind]
        if kind is PersonaKind.OTHER:
            return self.recommendation.get(PersonaKind.PERSONAL)
        return None


@dataclass(frozen=True)
class Checklist:
    id: str
    platform: str
    kind: ChecklistKind
    version: CalVer
    reviewed: date
    summary: str
    items: tuple[ChecklistItem, ...]
    changelog: tuple[ChangelogEntry, ...] = ()
    retired: frozenset[str] = frozenset()
    settings_url: str | None = None
    _by_id: dict[str, ChecklistItem] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({item.id: item for item in self.items})

    def item(self, item_id: str) -> ChecklistItem | None:
        return self._by_id.get(item_id)

    def items_for(self, kind: PersonaKind) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.applies(kind))

    def total_effort_minutes(self, kind: PersonaKind) -> int:
        return sum(item.effort_minutes for item in self.items_for(kind))
