"""Read the draft check's rules (`replies/check/rules.toml`) and its example corpus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain.draft_rules import RulesError, RuleSet, parse_rules

RULES_FILE = Path("check") / "rules.toml"
CORPUS_FILE = Path("check") / "corpus.toml"


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # on demand: not at every start of the window

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise RulesError([f"{path}: file: cannot be read: {exc.strerror}"]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError([f"{path}: file: is not valid TOML: {exc}"]) from exc


def load_rules(folder: Path, situations: Sequence[str] = ()) -> RuleSet:
    path = folder / RULES_FILE
    return parse_rules(_read(path), str(path), situations)


def load_corpus(path: Path) -> list[dict[str, Any]]:
    """The drafts of a corpus file, each checked for its fields."""
    drafts = _read(path).get("drafts")
    if not isinstance(drafts, list):
        raise RulesError([f"{path}: drafts: must list drafts"])
    for index, draft in enumerate(drafts):
        if not isinstance(draft, dict) or not isinstance(draft.get("text"), str):
            raise RulesError([f"{path}: drafts[{index}]: needs text"])
        if not isinstance(draft.get("unsafe"), bool):
            raise RulesError([f"{path}: drafts[{index}]: unsafe must be true or false"])
    return drafts
