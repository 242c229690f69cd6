"""The office social-media policy: its sections, the stances a practice can take in each,
and the practice-profile fields a user or a script may set.

The wording itself is data (`app/reports/policy_defaults.toml`); this module checks that
data, picks the wording a practice chose for each section, and refuses bad field values
with the list of valid ones. A practice's choice per section lives in
`PracticeProfile.stances`: the name of one of the section's options, or the practice's own
wording. A missing key means the section's default option.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as _field
from datetime import date
from typing import Any

from app.domain.practice import PracticeProfile

WORDING_FORMAT = 1
STANCE_PREFIX = "stance."
DEFAULT_CHOICE = "default"
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]*[0-9)](\s*(ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", re.I)
MAX_LINE = 200
MAX_TEXT = 4000
LABEL_KEYS: tuple[str, ...] = (
    "version",
    "effective",
    "privacy_heading",
    "in_emergency",
    "crisis_line",
    "platform",
    "account",
    "address",
    "acknowledgement_heading",
    "client_name",
    "signature",
    "date",
    "clinician",
    "prepared",
    "page",
)
"""The words a printed policy needs around its wording, in the wording's language."""


class PolicyWordingError(ValueError):
    """The wording file is not usable; the message names the file and the field."""


@dataclass(frozen=True)
class StanceOption:
    name: str
    summary: str
    """One line that tells the options apart in a list."""
    text: str


@dataclass(frozen=True)
class PolicySection:
    key: str
    title: str
    default: str
    options: tuple[StanceOption, ...]

    def option(self, name: str) -> StanceOption | None:
        return next((o for o in self.options if o.name == name), None)

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)


@dataclass(frozen=True)
class PolicyWording:
    title: str
    intro: str
    acknowledgement: str
    no_professional_accounts: str
    emergency_fallback: str
    sections: tuple[PolicySection, ...]
    language: str = "en"
    labels: Mapping[str, str] = _field(default_factory=dict)
    months: tuple[str, ...] = ()

    def section(self, key: str) -> PolicySection | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyWordingError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def parse_policy_wording(raw: Mapping[str, Any], source: str) -> PolicyWording:
    """Check the raw data of a wording file; raise `PolicyWordingError` on the first problem."""
    if raw.get("format") != WORDING_FORMAT:
        raise PolicyWordingError(f"{source}: 'format' must be {WORDING_FORMAT}")
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise PolicyWordingError(f"{source}: 'sections' must list at least one section")
    sections: list[PolicySection] = []
    for index, raw_section in enumerate(raw_sections):
        where = f"{source}: sections[{index}]"
        if not isinstance(raw_section, Mapping):
            raise PolicyWordingError(f"{where} must be a table")
        key = _text(raw_section, "key", where)
        where = f"{source}: section '{key}'"
        if not _NAME.match(key) or any(s.key == key for s in sections):
            raise PolicyWordingError(f"{where}: the key must be unique, lower-case-with-dashes")
        raw_options = raw_section.get("options")
        if not isinstance(raw_options, list) or not raw_options:
            raise PolicyWordingError(f"{where}: 'options' must list at least one option")
        options: list[StanceOption] = []
        for raw_option in raw_options:
            if not isinstance(raw_option, Mapping):
                raise PolicyWordingError(f"{where}: each option must be a table")
            name = _text(raw_option, "name", where)
            if not _NAME.match(name) or name == DEFAULT_CHOICE or name in [o.name for o in options]:
                raise PolicyWordingError(
                    f"{where}: option '{name}' must be unique, lower-case-with-dashes, "
                    f"and not '{DEFAULT_CHOICE}'"
                )
            options.append(
                StanceOption(
                    name, _text(raw_option, "summary", where), _text(raw_option, "text", where)
                )
            )
        default = _text(raw_section, "default", where)
        if default not in [o.name for o in options]:
            raise PolicyWordingError(f"{where}: the default '{default}' is not one of its options")
        sections.append(
            PolicySection(key, _text(raw_section, "title", where), default, tuple(options))
        )
    labels = raw.get("labels")
    if not isinstance(labels, Mapping):
        raise PolicyWordingError(f"{source}: 'labels' must be a table")
    months = raw.get("months")
    if (
        not isinstance(months, list)
        or len(months) != 12
        or not all(isinstance(m, str) and m.strip() for m in months)
    ):
        raise PolicyWordingError(f"{source}: 'months' must list the twelve month names")
    return PolicyWording(
        title=_text(raw, "title", source),
        intro=_text(raw, "intro", source),
        acknowledgement=_text(raw, "acknowledgement", source),
        no_professional_accounts=_text(raw, "no_professional_accounts", source),
        emergency_fallback=_text(raw, "emergency_fallback", source),
        sections=tuple(sections),
        language=_text(raw, "language", source),
        labels={key: _text(labels, key, f"{source}: labels") for key in LABEL_KEYS},
        months=tuple(m.strip() for m in months),
    )


def check_translation(base: PolicyWording, other: PolicyWording, source: str) -> None:
    """A translation must offer the same sections, options and defaults as the English
    wording, since a practice stores its choices by those names, whatever it prints."""
    for section in base.sections:
        translated = other.section(section.key)
        if translated is None:
            raise PolicyWordingError(f"{source}: section '{section.key}' is missing")
        if translated.option_names != section.option_names or (
            translated.default != section.default
        ):
            raise PolicyWordingError(
                f"{source}: section '{section.key}' must have the options "
                f"{', '.join(section.option_names)} and the default '{section.default}'"
            )
    extra = set(other.section_keys) - set(base.section_keys)
    if extra:
        raise PolicyWordingError(f"{source}: sections not in English: {', '.join(sorted(extra))}")


def paragraphs(text: str) -> tuple[str, ...]:
    """Text split at blank lines, each paragraph stripped; empty paragraphs dropped."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return tuple(block.strip() for block in blocks if block.strip())


@dataclass(frozen=True)
class ResolvedSection:
    """A section as a practice prints it."""

    key: str
    title: str
    paragraphs: tuple[str, ...]
    option: str | None
    """The option chosen, or None when the practice wrote its own wording."""


def resolve_sections(
    wording: PolicyWording, stances: Mapping[str, str]
) -> tuple[ResolvedSection, ...]:
    """Every section with the wording this practice chose. Stances for sections the
    wording no longer has are ignored (`unused_stances` lists them)."""
    resolved: list[ResolvedSection] = []
    for section in wording.sections:
        choice = stances.get(section.key, "").strip()
        option = section.option(choice or section.default)
        if option is not None:
            resolved.append(
                ResolvedSection(section.key, section.title, paragraphs(option.text), option.name)
            )
        else:
            resolved.append(ResolvedSection(section.key, section.title, paragraphs(choice), None))
    return tuple(resolved)


def unused_stances(wording: PolicyWording, stances: Mapping[str, str]) -> list[str]:
    return sorted(key for key in stances if wording.section(key) is None)


# ---------------------------------------------------------------- practice profile fields

PRACTICE_FIELDS: tuple[str, ...] = (
    "name",
    "clinicians",
    "address",
    "phone",
    "email",
    "website",
    "emergency_wording",
    "crisis_line",
    "policy_version",
    "policy_effective",
)
_MULTI_LINE = frozenset({"address", "emergency_wording"})


class PracticeFieldError(ValueError):
    """A field name or value that was refused; `valid` lists what would be accepted."""

    def __init__(self, message: str, valid: Sequence[str] = ()) -> None:
        self.valid = tuple(valid)
        super().__init__(message)


def practice_field_names(wording: PolicyWording) -> tuple[str, ...]:
    return PRACTICE_FIELDS + tuple(STANCE_PREFIX + key for key in wording.section_keys)


def _check_characters(field: str, value: str, *, multi_line: bool) -> None:
    for char in value:
        if char == "\n" and multi_line:
            continue
        if unicodedata.category(char) == "Cc" and char != "\t":
            what = "a line break" if char in "\r\n" else f"the control character {ord(char):#04x}"
            where = "one line" if not multi_line else "text"
            raise PracticeFieldError(f"{field} must be {where}; it contains {what}")


def _check_length(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise PracticeFieldError(
            f"{field} is {len(value)} characters long; keep it to {limit} or fewer"
        )


CLINICIAN_SEPARATORS = ("\n", ";")
"""Clinicians are separated by line breaks or semicolons; a comma stays inside one
clinician ("Dr Maya Patel, LCSW"), so credentials never split a person in two."""


def parse_clinicians(text: str) -> tuple[str, ...]:
    """ "Dr Maya Patel, LCSW; Tom O'Brien, LPC" (or one per line) -> two clinicians."""
    for separator in CLINICIAN_SEPARATORS[1:]:
        text = text.replace(separator, CLINICIAN_SEPARATORS[0])
    return tuple(" ".join(part.split()) for part in text.split("\n") if part.strip())


def format_clinicians(clinicians: Sequence[str]) -> str:
    """The clinicians as `practice set clinicians` reads them back unchanged."""
    return "; ".join(clinicians)


def _clean(field: str, value: str) -> str:
    text = value.replace("\r\n", "\n").strip()
    multi_line = field in _MULTI_LINE or field.startswith(STANCE_PREFIX) or field == "clinicians"
    _check_characters(field, text, multi_line=multi_line)
    _check_length(field, text, MAX_TEXT if multi_line else MAX_LINE)
    return text


def _website(value: str) -> str:
    if not value:
        return ""
    text = value if "://" in value else f"https://{value}"
    scheme, _, rest = text.partition("://")
    host = rest.split("/", 1)[0].split(":", 1)[0]
    if scheme.lower() not in ("http", "https") or not _HOST.match(host) or " " in rest:
        raise PracticeFieldError(
            f"website '{value}' is not a web address; write it like https://example.org"
        )
    return text


def _stance(section: PolicySection, value: str) -> str | None:
    """The value to store for a stance: an option name, the practice's own wording, or
    None for the default."""
    valid = (DEFAULT_CHOICE, *section.option_names)
    if value in (DEFAULT_CHOICE, ""):
        return None
    if section.option(value) is not None:
        return value
    if not any(char.isspace() for char in value):
        raise PracticeFieldError(
            f"'{value}' is not a stance for '{section.key}'. Choose one of: "
            f"{', '.join(valid)}; or write your own wording as a sentence in quotes",
            valid,
        )
    return value


def set_practice_field(
    profile: PracticeProfile, field: str, value: str, wording: PolicyWording
) -> PracticeProfile:
    """The profile with one field changed; `PracticeFieldError` says what is wrong and,
    for an unknown field or stance, lists the valid ones. An empty value clears a field."""
    names = practice_field_names(wording)
    if field not in names:
        raise PracticeFieldError(
            f"'{field}' is not a practice field. Valid fields: {', '.join(names)}", names
        )
    text = _clean(field, value)
    if field.startswith(STANCE_PREFIX):
        key = field.removeprefix(STANCE_PREFIX)
        section = wording.section(key)
        assert section is not None
        stored = _stance(section, text)
        stances = {k: v for k, v in profile.stances.items() if k != key}
        if stored is not None:
            stances[key] = stored
        return replace(profile, stances=stances)
    if field == "name" and not text:
        raise PracticeFieldError("name cannot be empty: the policy is printed under it")
    if field == "clinicians":
        return replace(profile, clinicians=parse_clinicians(text))
    if field == "phone" and text and not _PHONE.match(text):
        raise PracticeFieldError(
            f"phone '{text}' is not a phone number; use digits, spaces, + ( ) - . "
            "and an optional extension, e.g. +1 555 010 0199 ext 2"
        )
    if field == "email" and text and not _EMAIL.match(text):
        raise PracticeFieldError(
            f"email '{text}' is not an e-mail address; write it like office@example.org"
        )
    if field == "website":
        text = _website(text)
    if field == "policy_version" and not text:
        raise PracticeFieldError("policy_version cannot be empty; use something like 1 or 2.1")
    if field == "policy_effective" and text:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            date.fromisoformat(text)
        except ValueError:
            raise PracticeFieldError(
                f"policy_effective '{text}' is not a date written as YEAR-MONTH-DAY; "
                "write it like 2026-12-01"
            ) from None
    changes: dict[str, Any] = {field: text}
    return replace(profile, **changes)


def practice_field_values(
    profile: PracticeProfile, wording: PolicyWording
) -> list[tuple[str, str]]:
    """Every settable field and its current value as `practice set` would accept it;
    a stance on its default shows `default (OPTION)`."""
    rows: list[tuple[str, str]] = []
    for field in PRACTICE_FIELDS:
        value = getattr(profile, field)
        rows.append((field, format_clinicians(value) if field == "clinicians" else str(value)))
    for section in wording.sections:
        choice = profile.stances.get(section.key, "").strip()
        if not choice:
            rows.append((STANCE_PREFIX + section.key, f"{DEFAULT_CHOICE} ({section.default})"))
        else:
            rows.append((STANCE_PREFIX + section.key, choice))
    return rows
