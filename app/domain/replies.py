"""The reply library: one situation per file (`replies/*.toml`), validated into immutable
objects, and filled in from the practice profile and the policy stances it chose.

Replies are plain text with `{placeholder}` names from a fixed list. Filling them in is
one pass of substitution: a value that itself contains braces is never expanded again,
and no template language runs, so the profile cannot inject anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.policy import PolicyWording, paragraphs
from app.domain.practice import PracticeProfile

LIBRARY_FORMAT = 1
WHERE = ("personal", "professional", "either")
CONTACTS = ("request", "message", "comment", "review", "tag")
PLACEHOLDERS: tuple[str, ...] = ("practice", "contact", "emergency", "crisis_line", "website")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CALVER = re.compile(r"^\d{4}\.\d{1,2}\.\d+$")
OVERRIDABLE = ("guidance", "private_reply", "private_reply_none", "public_reply", "appointment")


class ReplyLibraryError(ValueError):
    """A situation file is not usable; `problems` lists every reason, file and field first."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    checked: date
    note: str


@dataclass(frozen=True)
class ChangeEntry:
    version: str
    date: date
    changes: str


@dataclass(frozen=True)
class Variant:
    """What changes when the practice chose `stance` for the situation's policy section."""

    stance: str
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Situation:
    id: str
    title: str
    version: str
    reviewed: date
    where: str
    contact: str
    policy_section: str
    summary: str
    guidance: str
    private_reply: str
    """Empty when no private reply is right; `private_reply_none` then says why."""
    private_reply_none: str
    public_reply: str
    public_reply_none: str
    appointment: str
    never: tuple[str, ...]
    sleep_on_it: bool
    references: tuple[Reference, ...]
    changelog: tuple[ChangeEntry, ...]
    variants: tuple[Variant, ...]


class _Reader:
    def __init__(self, raw: Mapping[str, Any], where: str, problems: list[str]) -> None:
        self.raw = raw
        self.where = where
        self.problems = problems

    def problem(self, field: str, message: str) -> None:
        self.problems.append(f"{self.where}: {field}: {message}")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(key, "must be non-empty text")
            return ""
        self._placeholders(key, value)
        return value.strip()

    def _placeholders(self, key: str, value: str) -> None:
        for name in _PLACEHOLDER.findall(value):
            if name not in PLACEHOLDERS:
                self.problem(
                    key, f"{{{name}}} is not a placeholder; use one of {', '.join(PLACEHOLDERS)}"
                )

    def day(self, key: str) -> date:
        value = self.raw.get(key)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, "must be a date written as YEAR-MONTH-DAY")
        return date.min

    def choice(self, key: str, options: Sequence[str]) -> str:
        value = self.raw.get(key)
        if value not in options:
            self.problem(key, f"must be one of {', '.join(options)}")
            return options[0]
        return str(value)

    def tables(self, key: str, *, required: bool) -> list[Mapping[str, Any]]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or (required and not value):
            self.problem(key, "must list at least one entry" if required else "must be a list")
            return []
        good = [v for v in value if isinstance(v, Mapping)]
        if len(good) != len(value):
            self.problem(key, "each entry must be a table")
        return good


_KNOWN = frozenset(
    {
        "format",
        "id",
        "title",
        "version",
        "reviewed",
        "where",
        "contact",
        "policy_section",
        "summary",
        "sleep_on_it",
        "guidance",
        "private_reply",
        "private_reply_none",
        "public_reply",
        "public_reply_none",
        "appointment",
        "never",
        "variants",
        "changelog",
        "references",
    }
)


def parse_situation(raw: Mapping[str, Any], source: str) -> Situation:
    """Check a situation file's data; raise `ReplyLibraryError` with every problem."""
    problems: list[str] = []
    r = _Reader(raw, source, problems)
    for key in sorted(set(raw) - _KNOWN):
        r.problem(key, "is not a field of a situation (check the spelling)")
    if raw.get("format") != LIBRARY_FORMAT:
        r.problem("format", f"must be {LIBRARY_FORMAT}")
    situation_id = r.text("id")
    if situation_id and not _ID.match(situation_id):
        r.problem("id", "must be lower-case words joined by dashes")
    version = r.text("version")
    if version and not _CALVER.match(version):
        r.problem("version", "must look like 2026.12.0")
    private = r.text("private_reply", required=False)
    private_none = r.text("private_reply_none", required=False)
    public = r.text("public_reply", required=False)
    public_none = r.text("public_reply_none", required=False)
    if bool(private) == bool(private_none):
        r.problem("private_reply", "give either private_reply or private_reply_none (why none)")
    if bool(public) == bool(public_none):
        r.problem("public_reply", "give either public_reply or public_reply_none (why none)")
    never = raw.get("never")
    if not isinstance(never, list) or not never or not all(isinstance(n, str) for n in never):
        r.problem("never", "must list at least one thing never to do")
        never = []
    sleep = raw.get("sleep_on_it", False)
    if not isinstance(sleep, bool):
        r.problem("sleep_on_it", "must be true or false")
        sleep = False
    references = []
    for index, table in enumerate(r.tables("references", required=True)):
        ref = _Reader(table, f"{source}: references[{index}]", problems)
        url = ref.text("url", required=False)
        if url and not url.startswith(("https://", "http://")):
            ref.problem("url", "must be a web address")
        references.append(
            Reference(ref.text("title"), url, ref.day("checked"), ref.text("note", required=False))
        )
    changelog = []
    for index, table in enumerate(r.tables("changelog", required=True)):
        entry = _Reader(table, f"{source}: changelog[{index}]", problems)
        changelog.append(
            ChangeEntry(entry.text("version"), entry.day("date"), entry.text("changes"))
        )
    if changelog and version and changelog[0].version != version:
        r.problem("changelog", f"the first entry must describe version {version}")
    variants = []
    for index, table in enumerate(r.tables("variants", required=False)):
        var = _Reader(table, f"{source}: variants[{index}]", problems)
        unknown = sorted(set(table) - {"stance", *OVERRIDABLE})
        for key in unknown:
            var.problem(key, f"a variant may change only {', '.join(OVERRIDABLE)}")
        fields = {k: var.text(k, required=False) for k in OVERRIDABLE if k in table}
        variants.append(Variant(var.text("stance"), fields))
        merged = {"private_reply": private, "private_reply_none": private_none, **fields}
        if not merged["private_reply"] and not merged["private_reply_none"]:
            var.problem("private_reply", "with no private reply, say why in private_reply_none")
    situation = Situation(
        id=situation_id,
        title=r.text("title"),
        version=version,
        reviewed=r.day("reviewed"),
        where=r.choice("where", WHERE),
        contact=r.choice("contact", CONTACTS),
        policy_section=r.text("policy_section"),
        summary=r.text("summary"),
        guidance=r.text("guidance"),
        private_reply=private,
        private_reply_none=private_none,
        public_reply=public,
        public_reply_none=public_none,
        appointment=r.text("appointment"),
        never=tuple(n.strip() for n in never),
        sleep_on_it=sleep,
        references=tuple(references),
        changelog=tuple(changelog),
        variants=tuple(variants),
    )
    if problems:
        raise ReplyLibraryError(problems)
    return situation


def check_against_policy(situation: Situation, wording: PolicyWording) -> list[str]:
    """Problems that only show against the policy wording: an unknown section or stance."""
    section = wording.section(situation.policy_section)
    if section is None:
        return [
            f"{situation.id}: policy_section '{situation.policy_section}' is not a section of "
            f"the policy ({', '.join(wording.section_keys)})"
        ]
    return [
        f"{situation.id}: variant stance '{v.stance}' is not an option of "
        f"'{section.key}' ({', '.join(section.option_names)})"
        for v in situation.variants
        if section.option(v.stance) is None
    ]


# ---------------------------------------------------------------- filling in


def placeholder_values(profile: PracticeProfile, wording: PolicyWording) -> dict[str, str]:
    """What each placeholder becomes for this practice; a missing detail becomes a plain
    phrase that still reads well, never an empty gap."""
    phone, email = profile.phone.strip(), profile.email.strip()
    if phone and email:
        contact = f"call the office on {phone} or e-mail {email}"
    elif phone:
        contact = f"call the office on {phone}"
    elif email:
        contact = f"e-mail the office at {email}"
    else:
        contact = "call or e-mail the office"
    emergency = " ".join(paragraphs(profile.emergency_wording)) or wording.emergency_fallback
    return {
        "practice": profile.name.strip() or "The practice",
        "contact": contact,
        "emergency": emergency,
        "crisis_line": profile.crisis_line.strip() or "a local crisis line",
        "website": profile.website.strip() or "the practice's website",
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{name}` replaced in one pass; unknown names are left as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class FilledSituation:
    """A situation as this practice reads it: its stance applied, its details filled in."""

    situation: Situation
    stance: str | None
    """The option of the policy section in force; None when the practice wrote its own."""
    guidance: tuple[str, ...]
    private_reply: str
    private_reply_none: str
    public_reply: str
    public_reply_none: str
    appointment: str

    @property
    def id(self) -> str:
        return self.situation.id

    @property
    def title(self) -> str:
        return self.situation.title


def fill_situation(
    situation: Situation, profile: PracticeProfile, wording: PolicyWording
) -> FilledSituation:
    section = wording.section(situation.policy_section)
    chosen = profile.stances.get(situation.policy_section, "").strip()
    stance: str | None
    if section is None:
        stance = None
    elif not chosen:
        stance = section.default
    else:
        stance = chosen if section.option(chosen) is not None else None
    fields = merged_fields(situation, stance)
    values = placeholder_values(profile, wording)
    private, public = fields["private_reply"], fields["public_reply"]
    return FilledSituation(
        situation=situation,
        stance=stance,
        guidance=tuple(fill(p, values) for p in paragraphs(fields["guidance"])),
        private_reply=fill(private, values).strip(),
        private_reply_none="" if private else fields["private_reply_none"],
        public_reply=fill(public, values).strip(),
        public_reply_none="" if public else situation.public_reply_none,
        appointment=fill(fields["appointment"], values),
    )


def merged_fields(situation: Situation, stance: str | None) -> dict[str, str]:
    """The overridable fields with the variant for `stance` (if any) applied."""
    fields: dict[str, str] = {k: getattr(situation, k) for k in OVERRIDABLE}
    for variant in situation.variants:
        if variant.stance == stance:
            fields.update(variant.fields)
    return fields
