"""Checklist use cases: load the catalog the app works with, validate and compare files."""

from __future__ import annotations

from pathlib import Path

from app.domain.checklist import Checklist
from app.domain.checklist_diff import ChecklistDiff, diff_checklists
from app.domain.checklist_parse import ChecklistError, Problem
from app.store import paths
from app.store.checklist_files import Catalog, checklist_files, load_catalog, load_checklist_file


def load_default_catalog() -> Catalog:
    """The shipped checklists plus the user's own from the data directory."""
    return load_catalog(paths.shipped_checklists_dir(), paths.user_checklists_dir())


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
    return diff_checklists(load_checklist_file(old), load_checklist_file(new))
