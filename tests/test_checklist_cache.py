"""The checklist cache gives exactly what parsing the files gives, and misses on any edit."""

from __future__ import annotations

from pathlib import Path

from app.store.checklist_cache import load_catalog_cached
from app.store.checklist_files import load_catalog
from tests.checklist_factory import raw_checklist, raw_item, to_toml

SHIPPED = Path(__file__).resolve().parent.parent / "checklists"


def test_cached_catalog_equals_parsed_catalog(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "checklists.json"
    first = load_catalog_cached(SHIPPED, None, cache)
    assert cache.exists()
    second = load_catalog_cached(SHIPPED, None, cache)
    assert second.checklists == first.checklists == load_catalog(SHIPPED).checklists
    assert oct(cache.stat().st_mode & 0o777) == "0o600"


def test_edited_file_is_read_again(tmp_path: Path) -> None:
    directory, cache = tmp_path / "lists", tmp_path / "cache.json"
    directory.mkdir()
    path = directory / "alpha.toml"
    path.write_text(to_toml(raw_checklist("alpha")), encoding="utf-8")
    assert load_catalog_cached(directory, None, cache).checklists["alpha"].platform == "Example"
    path.write_text(to_toml(raw_checklist("alpha", platform="Edited")), encoding="utf-8")
    assert load_catalog_cached(directory, None, cache).checklists["alpha"].platform == "Edited"


def test_an_edit_that_keeps_the_length_is_read_again(tmp_path: Path) -> None:
    directory, cache = tmp_path / "lists", tmp_path / "cache.json"
    directory.mkdir()
    path = directory / "alpha.toml"
    path.write_text(to_toml(raw_checklist("alpha", platform="Example")), encoding="utf-8")
    assert load_catalog_cached(directory, None, cache).checklists["alpha"].platform == "Example"
    path.write_text(to_toml(raw_checklist("alpha", platform="Exbmple")), encoding="utf-8")
    assert load_catalog_cached(directory, None, cache).checklists["alpha"].platform == "Exbmple"


def test_broken_file_reports_the_same_problem_every_time(tmp_path: Path) -> None:
    directory, cache = tmp_path / "lists", tmp_path / "cache.json"
    directory.mkdir()
    bad = raw_checklist("beta", items=[raw_item("b-1", title=" ")])
    (directory / "beta.toml").write_text(to_toml(bad), encoding="utf-8")
    (directory / "gamma.toml").write_text("id = 'gamma\n", encoding="utf-8")
    expected = load_catalog(directory).problems
    assert load_catalog_cached(directory, None, cache).problems == expected
    assert load_catalog_cached(directory, None, cache).problems == expected


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text('{"layout": 1, "files": [1, 2', encoding="utf-8")
    catalog = load_catalog_cached(SHIPPED, None, cache)
    assert catalog.checklists == load_catalog(SHIPPED).checklists
    cache.write_text('{"layout": 1, "app": "0.1.0", "files": {"x": 5}}', encoding="utf-8")
    assert load_catalog_cached(SHIPPED, None, cache).checklists == catalog.checklists
