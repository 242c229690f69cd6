"""What changed between two versions of a checklist, and what must not change.

Used by reviewers (`tightrope checklists diff OLD NEW`) and by the app when a new version
of a checklist it has seen before is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.checklist import Checklist, ChecklistItem


@dataclass(frozen=True)
class ItemSnapshot:
    """What the app remembers of an item from a version it has loaded."""

    id: str
    revision: int
    content: tuple[object, ...]


def item_content(item: ChecklistItem) -> tuple[object, ...]:
    return (
        item.title,
        item.why,
        item.steps,
        item.link,
        item.severity.value,
        item.effort_minutes,
        tuple(sorted(k.value for k in item.applies_to)),
        tuple(sorted((k.value, v) for k, v in item.recommendation.items())),
        tuple((r.title, r.url) for r in item.references),
        item.replaces,
        item.caveat,
        item.findability,
    )


def snapshot(checklist: Checklist) -> dict[str, ItemSnapshot]:
    return {i.id: ItemSnapshot(i.id, i.revision, item_content(i)) for i in checklist.items}


@dataclass
class ChecklistDiff:
    old_version: str
    new_version: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    revised: list[tuple[str, int, int]] = field(default_factory=list)
    reworded: list[str] = field(default_factory=list)
    """Content changed while the revision stayed: wording fixes that need no re-check."""
    replaced: list[tuple[str, str]] = field(default_factory=list)
    """(new item, old item) pairs: the old item's answers carry over as a re-check."""
    errors: list[str] = field(default_factory=list)
    """Changes that break users' history; a reviewer must not merge these."""

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.revised or self.reworded)


def diff_checklists(old: Checklist, new: Checklist) -> ChecklistDiff:
    result = ChecklistDiff(str(old.version), str(new.version))
    if old.id != new.id:
        result.errors.append(f"the checklist id changed from '{old.id}' to '{new.id}'")
    old_items, new_items = snapshot(old), snapshot(new)
    for item in new.items:
        for previous in item.replaces:
            if previous in old_items:
                result.replaced.append((item.id, previous))
    for item_id, now in new_items.items():
        before = old_items.get(item_id)
        if before is None:
            result.added.append(item_id)
            if item_id in old.retired:
                result.errors.append(f"item '{item_id}' reuses an id that was retired")
        elif now.revision < before.revision:
            result.errors.append(
                f"item '{item_id}' went from revision {before.revision} down to {now.revision}; "
                "revisions only go up"
            )
        elif now.revision > before.revision:
            result.revised.append((item_id, before.revision, now.revision))
        elif now.content != before.content:
            result.reworded.append(item_id)
    for item_id in old_items:
        if item_id not in new_items:
            result.removed.append(item_id)
            if item_id not in new.retired:
                result.errors.append(
                    f"item '{item_id}' was removed but is not listed in retired; list it so "
                    "the id is never reused"
                )
    if not result.unchanged and new.version <= old.version:
        result.errors.append(
            f"the content changed but the version did not go up ({old.version} -> {new.version})"
        )
    if new.version < old.version:
        result.errors.append(f"the version went down ({old.version} -> {new.version})")
    return result
