"""Checklist use cases: load the catalog the app works with, validate and compare files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.checklist import Checklist
from app.domain.checklist_parse import ChecklistError, Problem
from app.store import paths
from app.store.checklist_cache import load_catalog_cached
from app.store.checklist_files import Catalog, checklist_files, load_checklist_file
from app.store.database import Database

if TYPE_CHECKING:
    from app.domain.checklist_diff import ChecklistDiff

CATALOG_CACHE_FILE = "checklists.json"


def load_default_catalog() -> Catalog:
    """The shipped checklists plus the user's own from the data directory.

    Unchanged files are read from a cache of their parsed data (see
    `app.store.checklist_cache`); every file is validated on every load either way.
    """
    return load_catalog_cached(
        paths.shipped_checklists_dir(),
        paths.user_checklists_dir(),
        paths.cache_dir() / CATALOG_CACHE_FILE,
    )


def load_catalog_for(db: Database) -> Catalog:
    """The default catalog, checked against the revisions this installation has seen.

    An item whose revision went down since an earlier load is reported as a problem (its
    stored answers still ask for a re-check, since the revisions differ); new and raised
    revisions are remembered.
    """
    catalog = load_default_catalog()
    for checklist in catalog.checklists.values():
        seen = db.seen_revisions(checklist.id)
        for item in checklist.items:
            before = seen.get(item.id)
            if before is not None and item.revision < before:
                catalog.problems.append(
                    Problem(
                        str(catalog.paths[checklist.id]),
                        item.id,
                        "revision",
                        f"went down from {before} to {item.revision} since an earlier version; "
                        "revisions only go up, so answers to it will ask for a re-check",
                    )
                )
        if any(seen.get(item.id, 0) < item.revision for item in checklist.items):
            db.remember_checklist(checklist)
    return catalog


def validate_paths(targets: list[Path]) -> tuple[list[Checklist], list[Problem]]:
    """Validate files and every `*.toml` in directories; ids must be unique across them."""
    files: list[Path] = []
    problems: list[Problem] = []
    for target in targets:
        if target.is_dir():
            files.extend(checklist_files(target))
        elif target.exists():
            files.append(target)
        else:
            problems.append(Problem(str(target), None, "file", "does not exist"))
    loaded: list[Checklist] = []
    seen: dict[str, Path] = {}
    for file in files:
        try:
            checklist = load_checklist_file(file)
        except ChecklistError as exc:
            problems.extend(exc.problems)
            continue
        if checklist.id in seen:
            problems.append(
                Problem(
                    str(file), None, "id", f"'{checklist.id}' is also used by {seen[checklist.id]}"
                )
            )
            continue
        seen[checklist.id] = file
        loaded.append(checklist)
    return loaded, problems


def diff_files(old: Path, new: Path) -> ChecklistDiff:
    from app.domain.checklist_diff import diff_checklists

    return diff_checklists(load_checklist_file(old), load_checklist_file(new))
