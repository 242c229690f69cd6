"""Where a practice works and what its clinicians are: countries, professions and the
local facts the office policy prints for each country.

The facts are data (`app/reports/countries.toml`): the privacy law a client is told
about, the emergency number and crisis line, the paper size and the way dates are
written. This module checks that data and answers questions about it; it reads no file.
A country profile carries its client-facing text in every policy language, so a
Spanish policy for an Australian practice names Lifeline in Spanish.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

COUNTRIES_FORMAT = 1
LANGUAGES: tuple[str, ...] = ("en", "es", "fr")
"""The policy languages, English first (the language of the shipped defaults)."""
DATE_STYLES = ("day-month-year", "month-day-year")
PAPERS = ("a4", "letter")
COUNTRY_TEXT_KEYS = ("privacy", "emergency", "crisis_line")
"""What each country profile says to clients, in every language."""
_CODE = re.compile(r"^[A-Z]{2}$")
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class JurisdictionDataError(ValueError):
    """The countries file is not usable; the message names the file and the field."""


class PlaceError(ValueError):
    """A country or profession that Tightrope does not know; `valid` lists the known ones."""

    def __init__(self, message: str, valid: Sequence[str] = ()) -> None:
        self.valid = tuple(valid)
        super().__init__(message)


@dataclass(frozen=True)
class CountryText:
    """What the policy tells a client about this country, in one language."""

    privacy: str
    emergency: str
    crisis_line: str
    section_notes: Mapping[str, str]
    """Policy section key -> a paragraph added after the section's default wording."""
    wording_changes: Mapping[str, str] = field(default_factory=dict)
    """Phrase -> local phrase, applied to the default wording only: spelling ("e-mail"
    -> "email" in the US) and local terms ("licensing board" -> "professional body")."""

    def localise(self, text: str) -> str:
        for phrase, local in self.wording_changes.items():
            text = text.replace(phrase, local)
        return text


@dataclass(frozen=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2, upper case: GB, not UK."""
    name: str
    spelling: str
    """The English spelling convention, e.g. en-GB or en-US."""
    date_style: str
    paper: str
    emergency_number: str
    checked: date
    sources: tuple[str, ...]
    text: Mapping[str, CountryText]
    """Language -> the client-facing text."""

    def text_in(self, language: str) -> CountryText:
        return self.text.get(language) or self.text["en"]


@dataclass(frozen=True)
class Profession:
    id: str
    label: str
    """As a British or Irish practice writes it ("counsellor")."""
    label_us: str
    """As a US practice writes it ("counselor")."""
    aliases: tuple[str, ...]

    def label_for(self, country: Country | None) -> str:
        return self.label_us if country is not None and country.spelling == "en-US" else self.label


@dataclass(frozen=True)
class Places:
    countries: tuple[Country, ...]
    professions: tuple[Profession, ...]

    def country(self, code: str | None) -> Country | None:
        wanted = (code or "").strip().upper()
        return next((c for c in self.countries if c.code == wanted), None)

    def profession(self, name: str | None) -> Profession | None:
        wanted = _profession_key(name or "")
        return next(
            (p for p in self.professions if wanted in (p.id, *p.aliases)),
            None,
        )

    @property
    def country_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.countries)

    @property
    def profession_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.professions)

    def check_country(self, value: str) -> Country:
        """The country for a code the user typed; `PlaceError` with the known codes."""
        text = _shown(value)
        found = self.country(text)
        if found is not None:
            return found
        known = ", ".join(f"{c.code} ({c.name})" for c in self.countries)
        hint = " (the United Kingdom's code is GB)" if text.upper() == "UK" else ""
        if not _CODE.match(text.upper()):
            raise PlaceError(
                f"'{text}' is not a two-letter country code{hint}. Tightrope knows: {known}",
                self.country_codes,
            )
        raise PlaceError(
            f"Tightrope has no local facts for '{text.upper()}' yet{hint}. Choose one of: {known}",
            self.country_codes,
        )

    def check_profession(self, value: str) -> Profession:
        found = self.profession(value)
        if found is not None:
            return found
        known = ", ".join(p.label for p in self.professions)
        raise PlaceError(
            f"'{_shown(value)}' is not a profession Tightrope knows. Choose one of: {known}",
            self.profession_ids,
        )


def _shown(value: str) -> str:
    """What the user typed, safe to print in one line: trimmed, short, and with any
    control character written as an escape."""
    return value.strip()[:60].encode("unicode_escape").decode("ascii")


def _profession_key(name: str) -> str:
    return "-".join(re.split(r"[\s_-]+", name.strip().lower()))


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise JurisdictionDataError(f"{where}: '{key}' must be non-empty text")
    return " ".join(value.split())


def _country_text(raw: Any, where: str) -> CountryText:
    if not isinstance(raw, Mapping):
        raise JurisdictionDataError(f"{where} must be a table")
    notes = raw.get("section_notes", {})
    if not isinstance(notes, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in notes.items()
    ):
        raise JurisdictionDataError(f"{where}: 'section_notes' must map section keys to text")
    changes = raw.get("wording_changes", {})
    if not isinstance(changes, Mapping) or not all(
        isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
        for k, v in changes.items()
    ):
        raise JurisdictionDataError(f"{where}: 'wording_changes' must map phrases to phrases")
    return CountryText(
        privacy=_text(raw, "privacy", where),
        emergency=_text(raw, "emergency", where),
        crisis_line=_text(raw, "crisis_line", where),
        section_notes={k: " ".join(v.split()) for k, v in notes.items()},
        wording_changes=dict(changes),
    )


def _country(raw: Any, index: int, source: str) -> Country:
    where = f"{source}: countries[{index}]"
    if not isinstance(raw, Mapping):
        raise JurisdictionDataError(f"{where} must be a table")
    code = _text(raw, "code", where)
    where = f"{source}: country {code}"
    if not _CODE.match(code):
        raise JurisdictionDataError(f"{where}: the code must be two capital letters (ISO 3166)")
    date_style, paper = _text(raw, "date_style", where), _text(raw, "paper", where)
    if date_style not in DATE_STYLES or paper not in PAPERS:
        raise JurisdictionDataError(
            f"{where}: date_style must be one of {DATE_STYLES}, paper one of {PAPERS}"
        )
    checked = raw.get("checked")
    if not isinstance(checked, date):
        raise JurisdictionDataError(f"{where}: 'checked' must be a date (YEAR-MONTH-DAY)")
    sources = raw.get("sources")
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s.startswith("https://") for s in sources)
    ):
        raise JurisdictionDataError(f"{where}: 'sources' must list https addresses")
    texts = raw.get("text")
    if not isinstance(texts, Mapping) or set(texts) != set(LANGUAGES):
        raise JurisdictionDataError(f"{where}: 'text' must have exactly {', '.join(LANGUAGES)}")
    return Country(
        code=code,
        name=_text(raw, "name", where),
        spelling=_text(raw, "spelling", where),
        date_style=date_style,
        paper=paper,
        emergency_number=_text(raw, "emergency_number", where),
        checked=checked,
        sources=tuple(sources),
        text={lang: _country_text(texts[lang], f"{where}: text.{lang}") for lang in LANGUAGES},
    )


def _profession(raw: Any, index: int, source: str) -> Profession:
    where = f"{source}: professions[{index}]"
    if not isinstance(raw, Mapping):
        raise JurisdictionDataError(f"{where} must be a table")
    ident = _text(raw, "id", where)
    if not _ID.match(ident):
        raise JurisdictionDataError(f"{where}: the id must be lower-case-with-dashes")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise JurisdictionDataError(f"{where}: 'aliases' must list text")
    label = _text(raw, "label", where)
    return Profession(
        ident,
        label,
        str(raw.get("label_us") or label),
        tuple(_profession_key(a) for a in [label, *aliases]),
    )


def parse_places(raw: Mapping[str, Any], source: str) -> Places:
    """Check the countries file; raise `JurisdictionDataError` on the first problem."""
    if raw.get("format") != COUNTRIES_FORMAT:
        raise JurisdictionDataError(f"{source}: 'format' must be {COUNTRIES_FORMAT}")
    raw_countries, raw_professions = raw.get("countries"), raw.get("professions")
    if not isinstance(raw_countries, list) or not raw_countries:
        raise JurisdictionDataError(f"{source}: 'countries' must list at least one country")
    if not isinstance(raw_professions, list) or not raw_professions:
        raise JurisdictionDataError(f"{source}: 'professions' must list at least one")
    countries = tuple(_country(c, i, source) for i, c in enumerate(raw_countries))
    professions = tuple(_profession(p, i, source) for i, p in enumerate(raw_professions))
    for what, keys in (
        ("country code", [c.code for c in countries]),
        ("profession id", [p.id for p in professions]),
    ):
        if len(set(keys)) != len(keys):
            raise JurisdictionDataError(f"{source}: each {what} must appear once")
    return Places(countries, professions)


def format_date(day: date, months: Sequence[str], style: str, language: str = "en") -> str:
    """A date in words in the policy's language and the country's order: "1 December
    2026", "December 1, 2026", "1 de diciembre de 2026", "1 décembre 2026"."""
    month = months[day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    if language == "en" and style == "month-day-year":
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"
