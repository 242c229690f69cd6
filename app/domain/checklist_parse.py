"""Turn the raw data of a checklist file into a `Checklist`, or into a list of problems.

The rules here are the same as `checklists/schema.json` (a test keeps them in step), plus
the ones a JSON Schema cannot say: a recommendation for every persona kind an item
applies to, no reuse of retired ids, a changelog entry for the current version.
Messages are written for content editors, not programmers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.checklist import (
    CalVer,
    ChangelogEntry,
    Checklist,
    ChecklistItem,
    ChecklistKind,
    PersonaKind,
    Reference,
    Severity,
)
from app.domain.findability_source import SOURCE_FIELDS, SourceFacts, parse_source
from app.domain.text import printable, unsafe_char

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_EFFORT_MINUTES = 240

TOP_FIELDS = {
    "format",
    "id",
    "platform",
    "kind",
    "version",
    "reviewed",
    "summary",
    "settings_url",
    "retired",
    "changelog",
    "items",
}
REQUIRED_TOP_FIELDS = ("format", "id", "platform", "kind", "version", "reviewed", "summary")
ITEM_FIELDS = {
    "id",
    "revision",
    "title",
    "why",
    "steps",
    "link",
    "severity",
    "effort",
    "applies_to",
    "recommendation",
    "references",
    "replaces",
    "caveat",
    "findability",
    "checked",
    "checked_against",
    *SOURCE_FIELDS,
}
REQUIRED_ITEM_FIELDS = (
    "id",
    "revision",
    "title",
    "why",
    "steps",
    "severity",
    "effort",
    "applies_to",
    "recommendation",
    "references",
)
CHANGELOG_FIELDS = {"version", "date", "changes"}
REFERENCE_FIELDS = {"title", "url"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checklist file, in words a content editor understands."""

    file: str
    item: str | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item or '-'}: {self.field}: {self.message}"


class ChecklistError(Exception):
    """A checklist file could not be loaded; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, item: str | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, item, field, message))


def _closest(name: str, allowed: set[str]) -> str:
    import difflib

    guess = difflib.get_close_matches(name, sorted(allowed), n=1)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def _text(
    raw: Mapping[str, Any], key: str, out: _Collector, item: str | None, *, required: bool
) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            out.add(item, key, "is missing")
        return None
    if not isinstance(value, str):
        out.add(item, key, f"must be text in quotes, not {type(value).__name__}")
        return None
    if not value.strip():
        out.add(item, key, "is empty")
        return None
    bad = unsafe_char(value, allow_line_breaks=True)
    if bad is not None:
        out.add(item, key, f"contains the control character U+{ord(bad):04X}; remove it")
        return None
    return value.strip()


def _https(url: str, out: _Collector, item: str | None, field: str) -> str | None:
    shown = printable(url[:200])
    if unsafe_char(url, allow_line_breaks=False) is not None or any(c.isspace() for c in url):
        out.add(
            item,
            field,
            f"must be one web address with no spaces or control characters (got '{shown}')",
        )
        return None
    if not url.startswith("https://") or len(url) <= len("https://"):
        out.add(item, field, f"must be a full web address starting with https:// (got '{shown}')")
        return None
    return url


def _unknown_fields(
    raw: Mapping[str, Any], allowed: set[str], out: _Collector, item: str | None, where: str
) -> None:
    for key in raw:
        if key not in allowed:
            out.add(item, f"{where}{key}", f"is not a known field{_closest(key, allowed)}")


def _date(value: Any, out: _Collector, item: str | None, field: str) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    out.add(item, field, f"must be a date written like 2026-11-25 (got {value!r})")
    return None


def _calver(value: Any, out: _Collector, item: str | None, field: str) -> CalVer | None:
    if not isinstance(value, str):
        out.add(item, field, f'must be a version in quotes such as "2026.11.0" (got {value!r})')
        return None
    try:
        return CalVer.parse(value)
    except ValueError as exc:
        out.add(item, field, str(exc))
        return None


def _string_list(
    raw: Mapping[str, Any], key: str, out: _Collector, item: str | None, *, min_items: int
) -> list[str] | None:
    value = raw.get(key)
    if value is None:
        if min_items:
            out.add(item, key, "is missing")
        return [] if not min_items else None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        out.add(item, key, 'must be a list of texts in quotes, like ["one", "two"]')
        return None
    if len(value) < min_items:
        out.add(item, key, f"needs at least {min_items} entr{'y' if min_items == 1 else 'ies'}")
        return None
    if any(not v.strip() for v in value):
        out.add(item, key, "has an empty entry")
        return None
    if any(unsafe_char(v, allow_line_breaks=False) is not None for v in value):
        out.add(item, key, "has an entry with a line break or control character; remove it")
        return None
    return [v.strip() for v in value]


def _parse_references(raw: Any, out: _Collector, item: str | None) -> tuple[Reference, ...]:
    if not isinstance(raw, list) or not raw:
        out.add(item, "references", "needs at least one source: a help page or an ethics clause")
        return ()
    refs: list[Reference] = []
    for index, entry in enumerate(raw, start=1):
        field = f"references[{index}]"
        if not isinstance(entry, dict):
            out.add(item, field, "must be a table with a title and, where there is one, a url")
            continue
        _unknown_fields(entry, REFERENCE_FIELDS, out, item, f"{field}.")
        title = _text(entry, "title", out, item, required=True)
        url = entry.get("url")
        if url is not None:
            url = _https(url, out, item, f"{field}.url") if isinstance(url, str) else None
        if title:
            refs.append(Reference(title=title, url=url))
    return tuple(refs)


def _parse_kinds(raw: Any, out: _Collector, item: str | None) -> frozenset[PersonaKind]:
    allowed = ", ".join(k.value for k in PersonaKind)
    if not isinstance(raw, list) or not raw:
        out.add(item, "applies_to", f"needs at least one of: {allowed}")
        return frozenset()
    kinds: set[PersonaKind] = set()
    for value in raw:
        try:
            kind = PersonaKind(value)
        except ValueError:
            out.add(item, "applies_to", f"'{value}' is not a persona kind; use {allowed}")
            continue
        if kind in kinds:
            out.add(item, "applies_to", f"'{value}' is listed twice")
        kinds.add(kind)
    return frozenset(kinds)


def _parse_recommendation(
    raw: Any, applies_to: frozenset[PersonaKind], out: _Collector, item: str | None
) -> dict[PersonaKind, str]:
    if not isinstance(raw, dict):
        out.add(item, "recommendation", "must be a table such as [items.recommendation]")
        return {}
    result: dict[PersonaKind, str] = {}
    for key, value in raw.items():
        try:
            kind = PersonaKind(key)
        except ValueError:
            names = {k.value for k in PersonaKind}
            out.add(item, f"recommendation.{key}", f"is not a persona kind{_closest(key, names)}")
            continue
        if not isinstance(value, str) or not value.strip():
            out.add(item, f"recommendation.{key}", "must be a non-empty text")
            continue
        result[kind] = value.strip()
    for kind in sorted(applies_to - {PersonaKind.OTHER}):
        if kind not in result:
            out.add(
                item,
                f"recommendation.{kind.value}",
                f"is missing: the item applies to {kind.value} accounts, so say what to choose",
            )
    return result


def _parse_source_fields(
    raw: Mapping[str, Any], label: str, out: _Collector, kind: ChecklistKind | None
) -> SourceFacts | None:
    """Opt-out facts belong to findability checklists only, and every item there has them."""
    if kind is not ChecklistKind.FINDABILITY:
        for key in sorted(SOURCE_FIELDS & set(raw)):
            out.add(label, key, 'belongs to findability checklists only (kind = "findability")')
        return None
    return parse_source(raw, lambda field, message: out.add(label, field, message))


def _parse_item(
    raw: Any, index: int, out: _Collector, kind: ChecklistKind | None = None
) -> ChecklistItem | None:
    if not isinstance(raw, dict):
        out.add(f"item {index}", "items", "must be a table starting with [[items]]")
        return None
    raw_id = raw.get("id")
    label = raw_id if isinstance(raw_id, str) and raw_id else f"item {index}"
    before = len(out.problems)
    _unknown_fields(raw, ITEM_FIELDS, out, label, "")
    for key in REQUIRED_ITEM_FIELDS:
        if key not in raw:
            out.add(label, key, "is missing")
    if isinstance(raw_id, str) and not ID_PATTERN.match(raw_id):
        out.add(
            label, "id", "must be lower-case letters, digits and single hyphens, like ig-private"
        )
    revision = raw.get("revision")
    if "revision" in raw and (
        not isinstance(revision, int) or isinstance(revision, bool) or revision < 1
    ):
        out.add(label, "revision", f"must be a whole number of 1 or more (got {revision!r})")
    title = _text(raw, "title", out, label, required=False) if "title" in raw else None
    why = _text(raw, "why", out, label, required=False) if "why" in raw else None
    steps = _string_list(raw, "steps", out, label, min_items=1) if "steps" in raw else None
    link = raw.get("link")
    if isinstance(link, str):
        link = _https(link, out, label, "link")
    elif link is not None:
        out.add(label, "link", "must be a web address in quotes")
        link = None
    severity: Severity | None = None
    if "severity" in raw:
        try:
            severity = Severity(raw["severity"])
        except ValueError:
            choices = ", ".join(s.value for s in Severity)
            out.add(label, "severity", f"'{raw['severity']}' is not one of {choices}")
    effort = raw.get("effort")
    if "effort" in raw and (
        not isinstance(effort, int)
        or isinstance(effort, bool)
        or not 1 <= effort <= MAX_EFFORT_MINUTES
    ):
        out.add(label, "effort", f"must be minutes from 1 to {MAX_EFFORT_MINUTES} (got {effort!r})")
    applies_to = _parse_kinds(raw.get("applies_to"), out, label) if "applies_to" in raw else None
    recommendation = (
        _parse_recommendation(raw["recommendation"], applies_to or frozenset(), out, label)
        if "recommendation" in raw
        else {}
    )
    references = _parse_references(raw["references"], out, label) if "references" in raw else ()
    replaces = _string_list(raw, "replaces", out, label, min_items=0) or []
    for old in replaces:
        if not ID_PATTERN.match(old):
            out.add(label, "replaces", f"'{old}' is not a valid item id")
    caveat = _text(raw, "caveat", out, label, required=False)
    findability = raw.get("findability", False)
    if not isinstance(findability, bool):
        out.add(label, "findability", "must be true or false")
    checked = _date(raw["checked"], out, label, "checked") if "checked" in raw else None
    checked_against = _text(raw, "checked_against", out, label, required=False)
    if "checked" in raw and "checked_against" not in raw:
        out.add(label, "checked_against", "is missing: say what the item was checked against")
    if "checked_against" in raw and "checked" not in raw:
        out.add(label, "checked", "is missing: say on which day it was checked, like 2026-12-01")
    source = _parse_source_fields(raw, label, out, kind)
    if len(out.problems) > before:
        return None
    assert isinstance(raw_id, str) and isinstance(revision, int) and severity and applies_to
    assert title and why and steps is not None and isinstance(effort, int)
    return ChecklistItem(
        id=raw_id,
        revision=revision,
        title=title,
        why=why,
        steps=tuple(steps),
        link=link,
        severity=severity,
        effort_minutes=effort,
        applies_to=applies_to,
        recommendation=recommendation,
        references=references,
        replaces=tuple(replaces),
        caveat=caveat,
        findability=bool(findability),
        checked=checked,
        checked_against=checked_against,
        source=source,
    )


def parse_checklist(raw: Mapping[str, Any], file: str) -> Checklist:
    """Build a checklist from the parsed contents of `file`, or raise `ChecklistError`."""
    out = _Collector(file)
    _unknown_fields(raw, TOP_FIELDS, out, None, "")
    for key in REQUIRED_TOP_FIELDS:
        if key not in raw:
            out.add(None, key, "is missing")
    if "format" in raw and raw["format"] != FORMAT_VERSION:
        out.add(
            None,
            "format",
            f"this version of Tightrope reads format {FORMAT_VERSION}, not {raw['format']!r}",
        )
    checklist_id = _text(raw, "id", out, None, required=False)
    if checklist_id and not ID_PATTERN.match(checklist_id):
        out.add(None, "id", "must be lower-case letters, digits and single hyphens, like facebook")
    platform = _text(raw, "platform", out, None, required=False)
    summary = _text(raw, "summary", out, None, required=False)
    kind: ChecklistKind | None = None
    if "kind" in raw:
        try:
            kind = ChecklistKind(raw["kind"])
        except ValueError:
            out.add(
                None,
                "kind",
                f"'{raw['kind']}' is not a kind; use privacy, policy or findability",
            )
    version = _calver(raw["version"], out, None, "version") if "version" in raw else None
    reviewed = _date(raw["reviewed"], out, None, "reviewed") if "reviewed" in raw else None
    settings_url = raw.get("settings_url")
    if settings_url is not None:
        settings_url = (
            _https(settings_url, out, None, "settings_url")
            if isinstance(settings_url, str)
            else None
        )
    retired = set(_string_list(raw, "retired", out, None, min_items=0) or [])

    changelog: list[ChangelogEntry] = []
    raw_changelog = raw.get("changelog", [])
    if not isinstance(raw_changelog, list):
        out.add(None, "changelog", "must be a list of [[changelog]] entries")
        raw_changelog = []
    for index, entry in enumerate(raw_changelog, start=1):
        field = f"changelog[{index}]"
        if not isinstance(entry, dict):
            out.add(None, field, "must be a [[changelog]] table")
            continue
        _unknown_fields(entry, CHANGELOG_FIELDS, out, None, f"{field}.")
        entry_version = _calver(entry.get("version"), out, None, f"{field}.version")
        entry_date = _date(entry.get("date"), out, None, f"{field}.date")
        changes = _text(entry, "changes", out, None, required=True)
        if entry_version and entry_date and changes:
            changelog.append(ChangelogEntry(entry_version, entry_date, changes))
    if version and not any(e.version == version for e in changelog):
        out.add(None, "changelog", f"has no entry for the current version {version}")
    if version:
        for entry in changelog:
            if entry.version > version:
                out.add(
                    None, "changelog", f"mentions {entry.version}, newer than version {version}"
                )

    raw_items = raw.get("items")
    items: list[ChecklistItem] = []
    if not isinstance(raw_items, list) or not raw_items:
        out.add(None, "items", "the checklist has no items; add at least one [[items]] table")
        raw_items = []
    seen: set[str] = set()
    for index, raw_item in enumerate(raw_items, start=1):
        item = _parse_item(raw_item, index, out, kind)
        item_id = raw_item.get("id") if isinstance(raw_item, dict) else None
        if isinstance(item_id, str):
            if item_id in seen:
                out.add(item_id, "id", "is used by more than one item; every item needs its own id")
            seen.add(item_id)
            if item_id in retired:
                out.add(
                    item_id, "id", "was retired earlier and must not be used again; pick a new id"
                )
        if item:
            items.append(item)
    for item in items:
        for old in item.replaces:
            if old in seen:
                out.add(item.id, "replaces", f"'{old}' is still an item of this checklist")
            elif old not in retired:
                out.add(item.id, "replaces", f"'{old}' must also be listed in retired")

    if out.problems:
        raise ChecklistError(out.problems)
    assert checklist_id and platform and kind and version and reviewed and summary
    return Checklist(
        id=checklist_id,
        platform=platform,
        kind=kind,
        version=version,
        reviewed=reviewed,
        summary=summary,
        items=tuple(items),
        changelog=tuple(sorted(changelog, key=lambda e: e.version, reverse=True)),
        retired=frozenset(retired),
        settings_url=settings_url,
    )
