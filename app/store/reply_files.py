"""Read the reply library from disk: the shipped situations, and a user's own.

Like checklists, a broken file never stops the others; its problems are kept with the
file name and field, and a user file cannot replace a shipped situation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.replies import ReplyLibraryError, Situation, parse_situation


@dataclass
class ReplyLibrary:
    situations: dict[str, Situation] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, situation_id: str) -> Situation | None:
        return self.situations.get(situation_id)

    def sorted(self) -> list[Situation]:
        return sorted(self.situations.values(), key=lambda s: s.title.casefold())


def read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # on demand: not at every start of the window

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ReplyLibraryError([f"{path}: file: cannot be read: {exc.strerror}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ReplyLibraryError([f"{path}: file: is not valid TOML: {exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise ReplyLibraryError([f"{path}: file: is not UTF-8 text"]) from exc


def load_situation_file(path: Path) -> Situation:
    situation = parse_situation(read_toml(path), str(path))
    if situation.id != path.stem:
        raise ReplyLibraryError(
            [f"{path}: id: is '{situation.id}' but the file is named '{path.name}'"]
        )
    return situation


def load_library(shipped_dir: Path, user_dir: Path | None = None) -> ReplyLibrary:
    library = ReplyLibrary()
    for directory in (shipped_dir, user_dir):
        if directory is None or not directory.is_dir():
            continue
        for path in sorted(p for p in directory.glob("*.toml") if p.is_file()):
            try:
                situation = load_situation_file(path)
            except ReplyLibraryError as exc:
                library.problems.extend(exc.problems)
                continue
            if situation.id in library.situations:
                library.problems.append(
                    f"{path}: id: '{situation.id}' is already used by "
                    f"{library.paths[situation.id]}; give it an id of its own"
                )
                continue
            library.situations[situation.id] = situation
            library.paths[situation.id] = path
    return library
