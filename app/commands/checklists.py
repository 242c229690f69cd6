"""`tightrope checklists list | validate | diff`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.checklist_parse import ChecklistError


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("checklists", help="list, validate and compare checklist files")
    commands = group.add_subparsers(dest="checklists_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="the checklists the app loads")
    listing.set_defaults(handler=_list)

    validate = commands.add_parser(
        "validate", help="check checklist files; exit 1 and name each problem if any"
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: the shipped checklists and your own)",
    )
    validate.set_defaults(handler=_validate)

    diff = commands.add_parser("diff", help="what changed between two versions of a checklist")
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    diff.set_defaults(handler=_diff)


def _list(args: argparse.Namespace) -> int:
    from app.domain.freshness import STALE_AFTER_DAYS, oldest_check, stale_items
    from app.services.checklists import load_default_catalog

    catalog = load_default_catalog()
    today = date.today()
    rows = [("ID", "PLATFORM", "KIND", "VERSION", "ITEMS", "REVIEWED", "SOURCE", "CHECKED")]
    stale_lines: list[str] = []
    for checklist in catalog.sorted():
        oldest = oldest_check([checklist])
        stale = stale_items(checklist, today)
        checked = oldest.day.isoformat() if oldest else "-"
        if stale:
            checked += f" ({len(stale)} possibly out of date)"
            stale_lines.append(
                f"{checklist.id}: possibly out of date (checked more than {STALE_AFTER_DAYS} "
                f"days ago): {', '.join(item.id for item in stale)}"
            )
        rows.append(
            (
                checklist.id,
                checklist.platform,
                checklist.kind.value,
                str(checklist.version),
                str(len(checklist.items)),
                checklist.reviewed.isoformat(),
                catalog.sources[checklist.id].value,
                checked,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    for line in stale_lines:
        print(line)
    for problem in catalog.problems:
        print(f"not loaded: {problem}")
    return 1 if catalog.problems else 0


def _validate(args: argparse.Namespace) -> int:
    from app.domain.freshness import oldest_check, stale_items, stale_warning
    from app.services.checklists import validate_paths
    from app.store import paths

    targets = args.paths or [paths.shipped_checklists_dir(), paths.user_checklists_dir()]
    if not args.paths:
        targets = [t for t in targets if t.is_dir()]
    loaded, problems = validate_paths(targets)
    for problem in problems:
        print(problem)
    today = date.today()
    stale = 0
    for checklist in loaded:
        for item in stale_items(checklist, today):
            stale += 1
            print(f"warning: {checklist.id}: {item.id}: checked: {stale_warning(item)}")
    oldest = oldest_check(loaded)
    if oldest:
        print(
            f"Oldest check: {oldest.day.isoformat()} ({oldest.checklist.id}: {oldest.item.id}, "
            f"against {oldest.item.checked_against})."
        )
    if problems:
        print(f"{len(problems)} problem(s); {len(loaded)} checklist(s) valid.")
        return 1
    items = sum(len(c.items) for c in loaded)
    warned = f"; {stale} possibly out of date" if stale else ""
    print(f"{len(loaded)} checklist(s), {items} items: all valid{warned}.")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from app.services.checklists import diff_files

    try:
        result = diff_files(args.old, args.new)
    except ChecklistError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    print(f"{args.old.name} {result.old_version} -> {args.new.name} {result.new_version}")
    for item_id in result.added:
        print(f"  added     {item_id}")
    for item_id in result.removed:
        print(f"  removed   {item_id}")
    for item_id, before, after in result.revised:
        print(f"  revised   {item_id} (revision {before} -> {after}; users will re-check it)")
    for item_id in result.reworded:
        print(f"  reworded  {item_id} (same revision; no re-check asked)")
    for new_id, old_id in result.replaced:
        print(f"  replaces  {new_id} takes over the answers of {old_id}")
    if result.unchanged:
        print("  no item changed")
    for error in result.errors:
        print(f"error: {error}")
    return 1 if result.errors else 0
