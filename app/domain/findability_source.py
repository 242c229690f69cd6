"""The extra facts a findability checklist item carries: where a clinician's home can be
found (a people-search site, a public register) and how to get it taken down.

Parsed from the same TOML item tables as any checklist item; only checklists of kind
`findability` may carry these fields, and there every item must. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.text import unsafe_char


class AsksFor(StrEnum):
    """What a site or register asks for before it removes a listing."""

    NOTHING = "nothing"
    EMAIL = "email"
    PHONE = "phone"
    ID = "id"
    POSTAL_MAIL = "postal-mail"
    FEE = "fee"
    ACCOUNT = "account"
    PROFILE_URL = "profile-url"
    RESIDENCY = "residency"


class Shows(StrEnum):
    """What a source can show about a person (what a client could learn from it)."""

    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    RELATIVES = "relatives"
    AGE = "age"
    WORKPLACE = "workplace"


SOURCE_FIELDS = {
    "country",
    "states",
    "tier",
    "operator",
    "covers_sisters",
    "asks_for",
    "shows",
    "search_first",
    "recheck_days",
    "processing_days",
    "legal_days",
}
REQUIRED_SOURCE_FIELDS = ("country", "tier", "asks_for", "shows", "search_first", "recheck_days")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
STATE_PATTERN = re.compile(r"^[A-Z0-9]{1,3}$")
TIERS = (1, 2, 3)
MAX_DAYS = 730

Report = Callable[[str, str], None]
"""report(field, message): how the parser is told about a problem."""


@dataclass(frozen=True)
class SourceFacts:
    country: str
    """ISO 3166-1 alpha-2 code: US, GB, CA, AU."""
    tier: int
    """1 = do first (the big sites and the registers that publish a home address)."""
    asks_for: frozenset[AsksFor]
    shows: frozenset[Shows]
    search_first: bool
    """True for sites: look the person up before giving the site anything."""
    recheck_days: int
    """How soon listings tend to come back: re-check this many days after a removal."""
    states: tuple[str, ...] = ()
    """Where the source applies inside the country (empty: the whole country)."""
    operator: str | None = None
    """The company behind the site; sites with the same operator are sisters."""
    covers_sisters: bool = False
    """True when removal here is the operator's one opt-out, usually covering the sisters."""
    processing_days: int | None = None
    """What the site says a removal takes, where it says so."""
    legal_days: int | None = None
    """The response time a law gives (45 days under California's CCPA, say)."""

    @property
    def shows_address(self) -> bool:
        return Shows.ADDRESS in self.shows

    @property
    def needs_email_confirmation(self) -> bool:
        return AsksFor.EMAIL in self.asks_for


def _days(raw: Mapping[str, Any], key: str, report: Report, *, required: bool) -> int | None:
    value = raw.get(key)
    if value is None:
        if required:
            report(key, "is missing")
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_DAYS:
        report(key, f"must be a whole number of days from 1 to {MAX_DAYS} (got {value!r})")
        return None
    return value


def _choices(raw: Mapping[str, Any], key: str, kind: type[StrEnum], report: Report) -> set[Any]:
    value = raw.get(key)
    allowed = ", ".join(k.value for k in kind)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        report(key, f"must be a list with at least one of: {allowed}")
        return set()
    found: set[Any] = set()
    for entry in value:
        try:
            found.add(kind(entry))
        except ValueError:
            report(key, f"'{entry}' is not one of: {allowed}")
    return found


def parse_source(raw: Mapping[str, Any], report: Report) -> SourceFacts | None:
    """The source facts of one findability item, or None after reporting every problem."""
    problems: list[str] = []

    def note(field: str, message: str) -> None:
        problems.append(field)
        report(field, message)

    for key in REQUIRED_SOURCE_FIELDS:
        if key not in raw:
            note(key, "is missing: every findability item needs it")
    country = raw.get("country")
    if "country" in raw and not (isinstance(country, str) and COUNTRY_PATTERN.match(country)):
        note("country", f"must be a two-letter country code such as US or GB (got {country!r})")
    states = raw.get("states", [])
    if not isinstance(states, list) or not all(
        isinstance(s, str) and STATE_PATTERN.match(s) for s in states
    ):
        note("states", 'must be a list of state or province codes, like ["CA"]')
        states = []
    tier = raw.get("tier")
    if "tier" in raw and tier not in TIERS:
        note("tier", f"must be 1, 2 or 3 (got {tier!r})")
    operator = raw.get("operator")
    if operator is not None and not (
        isinstance(operator, str)
        and operator.strip()
        and unsafe_char(operator, allow_line_breaks=False) is None
    ):
        note("operator", "must be the operator's name in quotes, on one line")
    covers = raw.get("covers_sisters", False)
    if not isinstance(covers, bool):
        note("covers_sisters", "must be true or false")
    elif covers and operator is None:
        note("covers_sisters", "needs an operator: the sisters are the sites it runs")
    search_first = raw.get("search_first")
    if "search_first" in raw and not isinstance(search_first, bool):
        note("search_first", "must be true or false")
    asks = _choices(raw, "asks_for", AsksFor, note) if "asks_for" in raw else set()
    shows = _choices(raw, "shows", Shows, note) if "shows" in raw else set()
    if AsksFor.NOTHING in asks and len(asks) > 1:
        note("asks_for", "'nothing' cannot be listed with other requirements")
    recheck = _days(raw, "recheck_days", note, required=False)
    processing = _days(raw, "processing_days", note, required=False)
    legal = _days(raw, "legal_days", note, required=False)
    if problems:
        return None
    assert isinstance(country, str) and isinstance(tier, int) and recheck is not None
    return SourceFacts(
        country=country,
        tier=tier,
        asks_for=frozenset(asks),
        shows=frozenset(shows),
        search_first=bool(search_first),
        recheck_days=recheck,
        states=tuple(states),
        operator=operator.strip() if isinstance(operator, str) else None,
        covers_sisters=bool(covers),
        processing_days=processing,
        legal_days=legal,
    )
