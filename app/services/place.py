"""The practice's country and profession, kept as settings (`practice.country`,
`practice.profession`) so they travel with an export and need no schema change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.domain.checklist import Reference
from app.domain.codes import OrderedReference, order_references
from app.domain.jurisdiction import Country, Places, Profession
from app.services.shipped import load_codes, load_places
from app.store.database import Database

COUNTRY_SETTING = "practice.country"
PROFESSION_SETTING = "practice.profession"


@dataclass(frozen=True)
class PracticePlace:
    country: Country | None
    profession: Profession | None

    @property
    def country_code(self) -> str | None:
        return self.country.code if self.country else None

    @property
    def profession_id(self) -> str | None:
        return self.profession.id if self.profession else None


def practice_place(db: Database, places: Places | None = None) -> PracticePlace:
    """What the practice chose; a value the data no longer knows reads as not chosen."""
    known = places or load_places()
    return PracticePlace(
        known.country(db.setting(COUNTRY_SETTING)),
        known.profession(db.setting(PROFESSION_SETTING) or ""),
    )


def set_country(db: Database, value: str) -> Country | None:
    """Keep the country for a code the user typed; "" clears it. `PlaceError` lists the
    known codes when the code is unknown."""
    if not value.strip():
        db.set_setting(COUNTRY_SETTING, "")
        return None
    country = load_places().check_country(value)
    db.set_setting(COUNTRY_SETTING, country.code)
    return country


def set_profession(db: Database, value: str) -> Profession | None:
    if not value.strip():
        db.set_setting(PROFESSION_SETTING, "")
        return None
    profession = load_places().check_profession(value)
    db.set_setting(PROFESSION_SETTING, profession.id)
    return profession


def country_for_locale(locale_name: str) -> Country | None:
    """The known country of a locale name such as en_GB or fr-CA, if any: the set-up
    assistant's first guess."""
    parts = locale_name.replace("-", "_").split(".")[0].split("_")
    return load_places().country(parts[1]) if len(parts) > 1 else None


ReferenceOrder = Callable[[Sequence[Reference]], list[OrderedReference]]


def reference_order(db: Database) -> ReferenceOrder:
    """Orders a checklist item's references for this practice: the codes and law that
    bind it first, then other sources, then other codes as further reading."""
    place = practice_place(db)
    registry = load_codes()

    def order(references: Sequence[Reference]) -> list[OrderedReference]:
        pairs = [(r.title, r.url) for r in references]
        return order_references(pairs, registry, place.country_code, place.profession_id)

    return order


def save_place(db: Database, country: str, profession: str) -> None:
    """Keep the country and profession chosen in the practice editor ("" clears each)."""
    set_country(db, country)
    set_profession(db, profession)
