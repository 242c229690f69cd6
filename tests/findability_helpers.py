"""A small findability checklist for tests: one operator with two sister sites, a site
with a legal deadline, a phone-only site and a professional register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.store.checklist_files import Catalog, load_catalog
from tests.checklist_factory import raw_checklist, raw_item, to_toml


def source(item_id: str, title: str, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": title,
        "link": f"https://{item_id}.example/opt-out",
        "applies_to": ["personal"],
        "recommendation": {"personal": "Opt out"},
        "country": "US",
        "tier": 2,
        "asks_for": ["email"],
        "shows": ["address", "phone"],
        "search_first": True,
        "recheck_days": 90,
    }
    fields.update(overrides)
    return raw_item(item_id, **fields)


def findability_data() -> dict[str, Any]:
    items = [
        source(
            "us-parent",
            "Parent Search: opt out",
            tier=1,
            operator="Parent Co",
            covers_sisters=True,
            processing_days=10,
        ),
        source("us-sister-a", "Sister A: opt out", operator="Parent Co"),
        source("us-sister-b", "Sister B: opt out", operator="Parent Co", tier=3),
        source("us-ccpa", "CCPA request", states=["CA"], legal_days=45, asks_for=["postal-mail"]),
        source("us-phone-only", "Phone Book: opt out", shows=["phone"], tier=1),
        source(
            "us-register",
            "NPI registry",
            applies_to=["professional"],
            recommendation={"professional": "Use a PO box"},
            search_first=False,
            asks_for=["account"],
            recheck_days=365,
            tier=1,
        ),
    ]
    return raw_checklist("findability-us", items=items, kind="findability", platform="Sources (US)")


def findability_catalog(folder: Path) -> Catalog:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "findability-us.toml").write_text(to_toml(findability_data()), encoding="utf-8")
    (folder / "example.toml").write_text(to_toml(raw_checklist()), encoding="utf-8")
    return load_catalog(folder)
