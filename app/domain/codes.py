"""The registry of ethics codes, regulators' guidance and privacy laws, and which of
them bind a given clinician.

The registry is data (`app/reports/codes.toml`). Each entry says which countries and
professions it binds (no professions: everyone in those countries, as for a law), when
and how it was last checked against its publisher's own pages, and which checklist
reference titles cite it (`cites`, title prefixes), so a reference such as "ACA Code of
Ethics (2014), H.6.a ..." is known to belong to the ACA Code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

CODES_FORMAT = 1
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class CodesDataError(ValueError):
    """The registry file is not usable; the message names the file and the entry."""


class CodeKind(StrEnum):
    ETHICS = "ethics-code"
    REGULATOR = "regulator"
    GUIDANCE = "guidance"
    LAW = "law"


class Verification(StrEnum):
    PUBLISHER = "publisher"
    """Checked against the publisher's own page."""
    SECONDARY = "secondary"
    """Only a copy or a report elsewhere was found; the entry says so in `note`."""


@dataclass(frozen=True)
class Code:
    id: str
    name: str
    version: str
    publisher: str
    url: str
    kind: CodeKind
    countries: frozenset[str]
    professions: frozenset[str]
    """Profession ids it binds; empty means every profession in its countries."""
    checked: date
    verified: Verification
    source: str
    """Where the check was made, in words: the page and what it showed."""
    note: str = ""
    cites: tuple[str, ...] = ()

    def binds(self, country: str | None, profession: str | None) -> bool:
        if country is None or country not in self.countries:
            return False
        return not self.professions or (profession is not None and profession in self.professions)

    def cited_by(self, title: str) -> bool:
        folded = title.casefold()
        return any(folded.startswith(prefix.casefold()) for prefix in self.cites)


@dataclass(frozen=True)
class CodeRegistry:
    codes: tuple[Code, ...]

    def get(self, code_id: str) -> Code | None:
        return next((c for c in self.codes if c.id == code_id), None)

    def for_reference(self, title: str) -> Code | None:
        return next((c for c in self.codes if c.cited_by(title)), None)


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CodesDataError(f"{where}: '{key}' must be non-empty text")
    return " ".join(value.split())


def _names(raw: Mapping[str, Any], key: str, where: str, pattern: re.Pattern[str]) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, str) and pattern.match(v) for v in value
    ):
        raise CodesDataError(f"{where}: '{key}' must list {pattern.pattern} names")
    return list(value)


def _code(raw: Any, index: int, source: str, professions: frozenset[str]) -> Code:
    where = f"{source}: codes[{index}]"
    if not isinstance(raw, Mapping):
        raise CodesDataError(f"{where} must be a table")
    ident = _text(raw, "id", where)
    where = f"{source}: code '{ident}'"
    if not _ID.match(ident):
        raise CodesDataError(f"{where}: the id must be lower-case-with-dashes")
    url = _text(raw, "url", where)
    if not url.startswith("https://") or " " in url:
        raise CodesDataError(f"{where}: 'url' must be an https address")
    checked = raw.get("checked")
    if not isinstance(checked, date):
        raise CodesDataError(f"{where}: 'checked' must be a date (YEAR-MONTH-DAY)")
    countries = _names(raw, "countries", where, _COUNTRY)
    if not countries:
        raise CodesDataError(f"{where}: 'countries' must name at least one country")
    bound = _names(raw, "professions", where, _ID)
    unknown = sorted(set(bound) - professions)
    if unknown:
        raise CodesDataError(f"{where}: unknown professions {', '.join(unknown)}")
    cites = raw.get("cites", [])
    if not isinstance(cites, list) or not all(isinstance(c, str) and c.strip() for c in cites):
        raise CodesDataError(f"{where}: 'cites' must list reference title prefixes")
    try:
        kind = CodeKind(_text(raw, "kind", where))
        verified = Verification(_text(raw, "verified", where))
    except ValueError:
        raise CodesDataError(
            f"{where}: 'kind' must be one of {', '.join(CodeKind)} and 'verified' one of "
            f"{', '.join(Verification)}"
        ) from None
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise CodesDataError(f"{where}: 'note' must be text")
    if verified is Verification.SECONDARY and not note.strip():
        raise CodesDataError(f"{where}: a code checked only at second hand needs a 'note'")
    return Code(
        id=ident,
        name=_text(raw, "name", where),
        version=_text(raw, "version", where),
        publisher=_text(raw, "publisher", where),
        url=url,
        kind=kind,
        countries=frozenset(countries),
        professions=frozenset(bound),
        checked=checked,
        verified=verified,
        source=_text(raw, "source", where),
        note=" ".join(note.split()),
        cites=tuple(c.strip() for c in cites),
    )


def parse_codes(raw: Mapping[str, Any], source: str, professions: Sequence[str]) -> CodeRegistry:
    """Check the registry; `professions` are the known profession ids."""
    if raw.get("format") != CODES_FORMAT:
        raise CodesDataError(f"{source}: 'format' must be {CODES_FORMAT}")
    raw_codes = raw.get("codes")
    if not isinstance(raw_codes, list) or not raw_codes:
        raise CodesDataError(f"{source}: 'codes' must list at least one code")
    known = frozenset(professions)
    codes = tuple(_code(c, i, source, known) for i, c in enumerate(raw_codes))
    ids = [c.id for c in codes]
    if len(set(ids)) != len(ids):
        raise CodesDataError(f"{source}: each code id must appear once")
    return CodeRegistry(codes)


# ------------------------------------------------------------------ ranking


@dataclass(frozen=True)
class RankedCodes:
    binding: tuple[Code, ...]
    """The user's own: their profession's codes first, then their country's law and
    regulators' guidance for everyone."""
    further: tuple[Code, ...]
    """Everything else: the same country's other professions first, then elsewhere."""


def rank_codes(registry: CodeRegistry, country: str | None, profession: str | None) -> RankedCodes:
    """The registry in the order this user should read it. With no country chosen,
    nothing binds and every code is further reading, in registry order."""
    binding = [c for c in registry.codes if c.binds(country, profession)]
    binding.sort(key=lambda c: (not c.professions, c.kind is CodeKind.LAW))
    rest = [c for c in registry.codes if c not in binding]
    rest.sort(key=lambda c: country is None or country not in c.countries)
    return RankedCodes(tuple(binding), tuple(rest))


@dataclass(frozen=True)
class OrderedReference:
    title: str
    url: str | None
    binding: bool
    """True when the reference cites a code that binds this user."""
    further: bool
    """True when it cites a registered code that does not bind them (further reading)."""


def order_references(
    references: Sequence[tuple[str, str | None]],
    registry: CodeRegistry,
    country: str | None,
    profession: str | None,
) -> list[OrderedReference]:
    """A checklist item's references (title, url) with those that bind this user first,
    then references to no registered code (help pages, articles), then other codes'
    clauses as further reading. Stable within each group. With no country chosen the
    order is unchanged."""
    rows: list[tuple[int, OrderedReference]] = []
    for title, url in references:
        code = registry.for_reference(title)
        binding = code is not None and code.binds(country, profession)
        further = code is not None and not binding and country is not None
        rank = 0 if binding else 2 if further else 1
        rows.append((rank, OrderedReference(title, url, binding, further)))
    rows.sort(key=lambda row: row[0])
    return [row[1] for row in rows]
