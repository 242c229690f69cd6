"""The findability checklist kind: its extra fields, and the shipped source lists."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app.domain.checklist import ChecklistKind
from app.domain.checklist_parse import ChecklistError, parse_checklist
from app.domain.findability_source import AsksFor, Shows
from app.store.checklist_files import load_catalog
from tests.checklist_factory import raw_checklist, raw_item
from tests.test_checklist_files import jsonable

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "checklists"
SCHEMA = json.loads((SHIPPED / "schema.json").read_text())


def source_item(item_id: str = "us-example", **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "applies_to": ["personal"],
        "recommendation": {"personal": "Opt out"},
        "country": "US",
        "tier": 1,
        "asks_for": ["email"],
        "shows": ["address", "phone"],
        "search_first": True,
        "recheck_days": 90,
    }
    fields.update(overrides)
    return raw_item(item_id, **fields)


def findability(*items: dict[str, Any]) -> dict[str, Any]:
    return raw_checklist(
        "findability-test", items=list(items) or [source_item()], kind="findability"
    )


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(data, "f.toml")
    return [str(p) for p in caught.value.problems]


def test_a_findability_item_carries_its_opt_out_facts() -> None:
    item = source_item(
        states=["CA"],
        operator="PeopleConnect",
        covers_sisters=True,
        asks_for=["email", "phone"],
        processing_days=7,
        legal_days=45,
    )
    checklist = parse_checklist(findability(item), "f.toml")
    assert checklist.kind is ChecklistKind.FINDABILITY
    source = checklist.items[0].source
    assert source is not None
    assert source.asks_for == {AsksFor.EMAIL, AsksFor.PHONE}
    assert source.shows_address and Shows.PHONE in source.shows
    assert (source.states, source.operator, source.covers_sisters) == (
        ("CA",),
        "PeopleConnect",
        True,
    )
    assert (source.processing_days, source.legal_days, source.recheck_days) == (7, 45, 90)
    assert source.needs_email_confirmation


def test_every_findability_item_needs_country_tier_and_recheck() -> None:
    bare = source_item()
    for key in ("country", "tier", "recheck_days", "search_first"):
        del bare[key]
    found = problems(findability(bare))
    for key in ("country", "tier", "recheck_days", "search_first"):
        assert f"f.toml: us-example: {key}: is missing: every findability item needs it" in found


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"country": "usa"}, "country: must be a two-letter country code"),
        ({"tier": 4}, "tier: must be 1, 2 or 3"),
        ({"asks_for": ["carrier pigeon"]}, "asks_for: 'carrier pigeon' is not one of"),
        ({"asks_for": ["nothing", "email"]}, "asks_for: 'nothing' cannot be listed"),
        ({"recheck_days": 0}, "recheck_days: must be a whole number of days"),
        ({"covers_sisters": True}, "covers_sisters: needs an operator"),
        ({"shows": []}, "shows: must be a list with at least one of"),
    ],
)
def test_bad_source_fields_are_named(override: dict[str, Any], message: str) -> None:
    data = findability(source_item(**override))
    assert any(message in p for p in problems(data))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(jsonable(data), SCHEMA)


def test_opt_out_fields_belong_to_findability_checklists_only() -> None:
    data = raw_checklist(items=[raw_item("ex-one", tier=1)])
    assert any("tier: belongs to findability checklists only" in p for p in problems(data))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(jsonable(data), SCHEMA)


def test_the_schema_requires_the_source_fields_in_findability_files() -> None:
    jsonschema.validate(jsonable(findability()), SCHEMA)
    bare = source_item()
    del bare["recheck_days"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(jsonable(findability(bare)), SCHEMA)


def shipped_findability() -> list[Any]:
    catalog = load_catalog(SHIPPED)
    return [c for c in catalog.sorted() if c.kind is ChecklistKind.FINDABILITY]


def test_shipped_findability_files_validate_against_the_schema() -> None:
    for path in sorted(SHIPPED.glob("findability-*.toml")):
        jsonschema.validate(jsonable(tomllib.loads(path.read_text())), SCHEMA)


def test_shipped_sources_cover_four_countries_and_thirty_us_people_search_sites() -> None:
    checklists = {c.id: c for c in shipped_findability()}
    assert set(checklists) >= {
        "findability-us",
        "findability-gb",
        "findability-ca",
        "findability-au",
    }
    us = checklists["findability-us"]
    sites = [i for i in us.items if i.source is not None and i.source.search_first]
    assert len(sites) >= 30
    for wanted in ("spokeo", "whitepages", "beenverified", "radaris", "truepeoplesearch"):
        assert any(wanted in i.id for i in sites), wanted
    registers = {i.id for i in us.items if i.source is not None and not i.source.search_first}
    assert {
        "us-nppes-npi",
        "us-licence-address",
        "us-google-business-profile",
        "us-ca-drop",
    } <= registers


def test_shipped_sources_are_consistent() -> None:
    items = [(c, i) for c in shipped_findability() for i in c.items]
    ids = Counter(i.id for _, i in items)
    assert [k for k, n in ids.items() if n > 1] == [], "source ids must be unique across countries"
    for checklist, item in items:
        source = item.source
        assert source is not None
        assert item.id.startswith(source.country.lower() if source.country != "GB" else "gb")
        assert item.checked is not None and item.checked_against
        assert item.link is None or item.link.startswith("https://")
        if source.search_first:
            assert item.link, f"{item.id}: a site needs its opt-out page"
        if source.covers_sisters:
            sisters = [
                i for i in checklist.items if i.source and i.source.operator == source.operator
            ]
            assert len(sisters) > 1, f"{item.id}: covers sisters but has none"
    tiers = Counter(i.source.tier for _, i in items if i.source)
    assert tiers[1] >= 10
