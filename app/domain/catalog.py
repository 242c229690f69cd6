"""The catalog: every checklist that loaded, where each came from, and the problems of
those that did not. Plain data, built by `app.store.checklist_files.load_catalog`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from app.domain.checklist import Checklist
from app.domain.checklist_parse import Problem


class Source(StrEnum):
    SHIPPED = "shipped"
    USER = "user"


@dataclass
class Catalog:
    """Every checklist that loaded, and every problem with those that did not."""

    checklists: dict[str, Checklist] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, checklist_id: str) -> Checklist | None:
        return self.checklists.get(checklist_id)

    def sorted(self) -> list[Checklist]:
        return sorted(self.checklists.values(), key=lambda c: (c.kind != "privacy", c.platform))
