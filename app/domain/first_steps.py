"""The printable "first steps" list for someone being harassed: validated data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.checklist import Reference


@dataclass(frozen=True)
class FirstStep:
    title: str
    text: str
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class FirstSteps:
    version: str
    reviewed: date
    title: str
    intro: str
    steps: tuple[FirstStep, ...]


class FirstStepsError(ValueError):
    """The file is not valid; `str()` names every problem."""


def _text(raw: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key}: must be a non-empty text")
        return ""
    return value.strip()


def parse_first_steps(raw: Mapping[str, Any]) -> FirstSteps:
    problems: list[str] = []
    if raw.get("format") != 1:
        problems.append("format: must be 1")
    reviewed = raw.get("reviewed")
    if not isinstance(reviewed, date):
        problems.append("reviewed: must be a date such as 2026-12-01")
    version = _text(raw, "version", "file", problems)
    title = _text(raw, "title", "file", problems)
    intro = _text(raw, "intro", "file", problems)
    raw_steps = raw.get("steps")
    steps: list[FirstStep] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append("steps: needs at least one [[steps]] table")
        raw_steps = []
    for index, entry in enumerate(raw_steps, start=1):
        where = f"steps[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        refs: list[Reference] = []
        raw_refs = entry.get("references")
        if not isinstance(raw_refs, list) or not raw_refs:
            problems.append(f"{where}: references: every step needs a source")
            raw_refs = []
        for ref in raw_refs:
            url = ref.get("url") if isinstance(ref, dict) else None
            name = ref.get("title") if isinstance(ref, dict) else None
            if not isinstance(name, str) or not name.strip():
                problems.append(f"{where}: references: each needs a title")
                continue
            if url is not None and not (
                isinstance(url, str) and url.startswith(("https://", "http://"))
            ):
                problems.append(f"{where}: references: '{url}' is not a web address")
                continue
            refs.append(Reference(name.strip(), url))
        steps.append(
            FirstStep(
                _text(entry, "title", where, problems),
                _text(entry, "text", where, problems),
                tuple(refs),
            )
        )
    if problems:
        raise FirstStepsError("\n".join(problems))
    assert isinstance(reviewed, date)
    return FirstSteps(version, reviewed, title, intro, tuple(steps))
