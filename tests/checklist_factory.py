"""Build valid checklist data for tests, so each test changes only what it is about."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any


def raw_item(item_id: str = "ex-one", **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": item_id,
        "revision": 1,
        "title": f"Setting {item_id}",
        "why": "It keeps clients from finding the personal account.",
        "steps": ["Settings", "Privacy", "Turn it off"],
        "link": "https://example.org/settings/privacy",
        "severity": "high",
        "effort": 2,
        "applies_to": ["personal", "professional"],
        "recommendation": {"personal": "Off", "professional": "On, with care"},
        "references": [{"title": "Help page", "url": "https://example.org/help"}],
    }
    item.update(overrides)
    return item


def raw_checklist(
    checklist_id: str = "example", items: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": 1,
        "id": checklist_id,
        "platform": "Example",
        "kind": "privacy",
        "version": "2026.11.0",
        "reviewed": date(2026, 11, 20),
        "summary": "Privacy settings of Example.",
        "changelog": [{"version": "2026.11.0", "date": date(2026, 11, 20), "changes": "First."}],
        "items": copy.deepcopy(items)
        if items is not None
        else [raw_item("ex-one"), raw_item("ex-two")],
    }
    data.update(overrides)
    return data


def to_toml(data: dict[str, Any]) -> str:
    """A small TOML writer for test data (the standard library reads TOML but cannot write it)."""
    lines: list[str] = []

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | date):
            return v.isoformat() if isinstance(v, date) else str(v)
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        raise TypeError(type(v))

    def table(prefix: str, d: dict[str, Any]) -> None:
        subtables: list[tuple[str, Any]] = []
        for key, v in d.items():
            if isinstance(v, dict) or (isinstance(v, list) and v and isinstance(v[0], dict)):
                subtables.append((key, v))
            else:
                lines.append(f"{key} = {value(v)}")
        for key, v in subtables:
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(v, dict):
                lines.append(f"[{name}]")
                table(name, v)
            else:
                for entry in v:
                    lines.append(f"[[{name}]]")
                    table(name, entry)

    table("", data)
    return "\n".join(lines) + "\n"
