"""The in-app user guide: sections of short paragraphs and a glossary, parsed from the
shipped data file (`app/services/guide.toml`) and narrowed by the words a user types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GLOSSARY_ID = "glossary"
GLOSSARY_TITLE = "Glossary"


class GuideError(ValueError):
    """The guide data file is broken (a packaging bug: raised at once, never shown)."""


@dataclass(frozen=True)
class GuideSection:
    id: str
    title: str
    paragraphs: tuple[str, ...]

    def text(self) -> str:
        return "\n".join((self.title, *self.paragraphs))

    def matches(self, query: str) -> bool:
        """Every word of `query` appears in the title or the text (case-blind)."""
        words = query.casefold().split()
        haystack = self.text().casefold()
        return all(word in haystack for word in words)


@dataclass(frozen=True)
class Guide:
    updated: str
    sections: tuple[GuideSection, ...]

    def find(self, query: str) -> tuple[GuideSection, ...]:
        """The sections (the glossary is the last) that hold every word of `query`."""
        return tuple(section for section in self.sections if section.matches(query))


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where}: must be a non-empty text")
    return value.strip()


def _section(raw: object, where: str) -> GuideSection:
    if not isinstance(raw, Mapping):
        raise GuideError(f"{where}: must be a table")
    paragraphs = raw.get("paragraphs")
    if not isinstance(paragraphs, list) or not paragraphs:
        raise GuideError(f"{where}: 'paragraphs' must be a non-empty list")
    return GuideSection(
        id=_text(raw.get("id"), f"{where}.id"),
        title=_text(raw.get("title"), f"{where}.title"),
        paragraphs=tuple(_text(p, f"{where}.paragraphs[{i}]") for i, p in enumerate(paragraphs)),
    )


def _glossary(raw: object, where: str) -> GuideSection:
    if not isinstance(raw, list) or not raw:
        raise GuideError(f"{where}: 'glossary' must be a non-empty list of terms")
    entries: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        here = f"{where}.glossary[{index}]"
        if not isinstance(entry, Mapping):
            raise GuideError(f"{here}: must be a table")
        term = _text(entry.get("term"), f"{here}.term")
        if term.casefold() in seen:
            raise GuideError(f"{here}: the term '{term}' is there twice")
        seen.add(term.casefold())
        entries.append(f"{term}: {_text(entry.get('meaning'), f'{here}.meaning')}")
    return GuideSection(GLOSSARY_ID, GLOSSARY_TITLE, tuple(entries))


def parse_guide(data: Mapping[str, Any], where: str = "guide") -> Guide:
    if data.get("format") != 1:
        raise GuideError(f"{where}: 'format' must be 1")
    raw_sections = data.get("section")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise GuideError(f"{where}: needs at least one [[section]]")
    sections = [_section(raw, f"{where}.section[{i}]") for i, raw in enumerate(raw_sections)]
    ids = [section.id for section in sections] + [GLOSSARY_ID]
    for section_id in ids:
        if ids.count(section_id) > 1:
            raise GuideError(f"{where}: the section id '{section_id}' is used twice")
    sections.append(_glossary(data.get("glossary"), where))
    return Guide(updated=_text(data.get("updated"), f"{where}.updated"), sections=tuple(sections))
