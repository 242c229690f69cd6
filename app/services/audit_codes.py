"""The audit's "Codes and law for this practice": the registry of codes ranked for the
practice's country and profession (app.domain.codes), as plain view-models."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.codes import Code, CodeRegistry, Verification, rank_codes
from app.domain.due import short_day
from app.services.place import PracticePlace, practice_place
from app.store.database import Database


@dataclass(frozen=True)
class CodeView:
    name: str
    version: str
    publisher: str
    url: str
    checked: str
    confirmed: bool
    """True when checked against the publisher's own page, not only a copy."""


@dataclass(frozen=True)
class CodesForPractice:
    place: str
    """E.g. "a counsellor in the United Kingdom", or "" when neither is chosen."""
    binding: tuple[CodeView, ...]
    """The codes, regulators' guidance and law that bind this practice, its own first."""
    further: tuple[CodeView, ...]


def _registry() -> CodeRegistry:
    from app.services.shipped import load_codes

    return load_codes()


def _code_view(code: Code) -> CodeView:
    return CodeView(
        name=code.name,
        version=code.version,
        publisher=code.publisher,
        url=code.url,
        checked=short_day(code.checked),
        confirmed=code.verified is Verification.PUBLISHER,
    )


def place_words(place: PracticePlace) -> str:
    who = place.profession.label_for(place.country) if place.profession else ""
    name = place.country.name if place.country else ""
    where = f"the {name}" if name.startswith("United") else name
    if who and where:
        article = "an" if who[0] in "aeiou" else "a"
        return f"{article} {who} in {where}"
    return who or where


def codes_for_practice(db: Database, codes: CodeRegistry | None = None) -> CodesForPractice:
    place = practice_place(db)
    ranked = rank_codes(codes or _registry(), place.country_code, place.profession_id)
    return CodesForPractice(
        place=place_words(place),
        binding=tuple(_code_view(c) for c in ranked.binding),
        further=tuple(_code_view(c) for c in ranked.further),
    )
