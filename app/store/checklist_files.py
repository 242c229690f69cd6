"""Read checklist files from disk: the shipped ones and the user's own.

A broken file never stops the others loading; its problems are collected and reported
with the file name, the item id and the field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.catalog import Catalog, Source
from app.domain.checklist import Checklist
from app.domain.checklist_parse import ChecklistError, Problem, parse_checklist

log = logging.getLogger(__name__)


__all__ = ["Catalog", "Source", "load_catalog", "load_checklist_file", "read_toml"]


MAX_CHECKLIST_BYTES = 2 * 1024 * 1024
"""The largest checklist file read (the biggest shipped one is about 40 KB)."""

RawReader = Callable[[Path], dict[str, Any]]
"""Reads a checklist file into plain data; raises `ChecklistError` when it cannot."""


def read_toml(path: Path) -> dict[str, Any]:
    """The file's TOML as plain data, or a `ChecklistError` saying why it cannot be read."""
    import tomllib  # only on a cache miss (app.store.checklist_cache): not at every start

    from app.store.user_files import UserFileError, read_user_file

    name = str(path)
    try:
        text = read_user_file(path, MAX_CHECKLIST_BYTES, "a checklist").decode("utf-8")
        return tomllib.loads(text)
    except UserFileError as exc:
        raise ChecklistError([Problem(name, None, "file", _without_path(str(exc), name))]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError([Problem(name, None, "file", f"is not valid TOML: {exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise ChecklistError([Problem(name, None, "file", "is not UTF-8 text")]) from exc
    except RecursionError as exc:
        raise ChecklistError([Problem(name, None, "file", "is nested too deeply")]) from exc
    except MemoryError as exc:
        raise ChecklistError([Problem(name, None, "file", "is too large to read")]) from exc


def _without_path(message: str, name: str) -> str:
    return message.removeprefix(name).strip() or message


def load_checklist_file(path: Path, read: RawReader = read_toml) -> Checklist:
    """Parse and validate one file; raise `ChecklistError` naming every problem."""
    name = str(path)
    raw = read(path)
    checklist = parse_checklist(raw, name)
    if path.stem != checklist.id:
        raise ChecklistError(
            [
                Problem(
                    name,
                    None,
                    "id",
                    f"is '{checklist.id}' but the file is named '{path.name}'; "
                    f"name it '{checklist.id}.toml'",
                )
            ]
        )
    return checklist


def _unreadable(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "is too large to read"
    return "could not be read"


def checklist_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.toml") if not p.is_dir())


def load_catalog(
    shipped_dir: Path, user_dir: Path | None = None, read: RawReader = read_toml
) -> Catalog:
    """Load the shipped checklists, then the user's own.

    A user file whose id matches a shipped checklist is refused with a problem that says
    so, rather than silently replacing the reviewed, shipped content.
    """
    catalog = Catalog()
    for source, directory in ((Source.SHIPPED, shipped_dir), (Source.USER, user_dir)):
        if directory is None:
            continue
        for path in checklist_files(directory):
            try:
                checklist = load_checklist_file(path, read)
            except ChecklistError as exc:
                catalog.problems.extend(exc.problems)
                continue
            except (RecursionError, MemoryError, ValueError, TypeError) as exc:
                log.warning("checklist %s could not be read", path, exc_info=exc)
                catalog.problems.append(Problem(str(path), None, "file", _unreadable(exc)))
                continue
            if checklist.id in catalog.checklists:
                other = catalog.paths[checklist.id]
                catalog.problems.append(
                    Problem(
                        str(path),
                        None,
                        "id",
                        f"'{checklist.id}' is already used by {other}; a user checklist "
                        "cannot replace a shipped one, give it an id of its own",
                    )
                )
                continue
            catalog.checklists[checklist.id] = checklist
            catalog.sources[checklist.id] = source
            catalog.paths[checklist.id] = path
    return catalog
