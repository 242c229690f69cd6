"""The draft check's rules, as data (`replies/check/rules.toml`), validated and compiled.

A rule is a list of patterns in one category, with a plain explanation and the reply
situation to suggest. Context is data too: a rule may need a *signal* near the match
(a word that shows the text is about one person, say) and may be cancelled by an
*unless* pattern in the same sentence ("we never ask for testimonials").

Patterns are Python regular expressions, checked before use so that no rule can make the
check slow on hostile text: no unbounded `.*`/`.+`, no quantified group that itself holds
a quantifier (the shape behind catastrophic backtracking), no backreferences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

RULES_FORMAT = 1
KINDS = ("post", "reply", "review-reply", "private")
"""Where a draft will appear: a general public post; a public reply to someone (a comment);
a public reply under a review; a private message."""
CATEGORIES = (
    "relationship",
    "care",
    "clinical",
    "dates-billing",
    "names",
    "testimonial",
    "advice",
    "tone",
)
DEFAULT_WINDOW = 120
MAX_WINDOW = 400
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_UNBOUNDED_DOT = re.compile(r"(?<!\\)\.[*+]")
_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)[*+{]")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


class RulesError(ValueError):
    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Signal:
    name: str
    kinds: tuple[str, ...]
    """The kinds of draft in which this signal counts."""
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    title: str
    explain: str
    suggest: str
    """A reply situation id."""
    kinds: tuple[str, ...]
    pattern: re.Pattern[str]
    near: tuple[str, ...]
    """Signal names; when given, at least one must match within `window` characters."""
    window: int
    same_sentence: bool
    """With `near`: the signal must also be in the same sentence as the match."""
    unless: re.Pattern[str] | None
    """Cancels a match when it matches in the same sentence."""
    unless_anywhere: bool = False
    """`unless` cancels a match wherever it occurs in the draft, not only in its sentence."""


@dataclass(frozen=True)
class RuleSet:
    version: str
    reviewed: date
    signals: Mapping[str, Signal]
    rules: tuple[Rule, ...]


def pattern_problem(pattern: str) -> str | None:
    """Why a pattern is refused, or None when it is safe and valid."""
    if _UNBOUNDED_DOT.search(pattern):
        return "uses an unbounded '.*' or '.+'; write a bounded '.{0,40}' instead"
    if _NESTED.search(pattern):
        return "repeats a group that itself repeats (slow on long text); simplify it"
    if _BACKREF.search(pattern):
        return "uses a backreference, which the check does not allow"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"is not a valid pattern: {exc}"
    return None


def _compile(
    patterns: Any, where: str, problems: list[str], *, case_sensitive: bool = False
) -> re.Pattern[str] | None:
    if not isinstance(patterns, list) or not patterns:
        problems.append(f"{where}: must list at least one pattern")
        return None
    good: list[str] = []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern:
            problems.append(f"{where}: every pattern must be text")
            continue
        problem = pattern_problem(pattern)
        if problem:
            problems.append(f"{where}: pattern {pattern!r} {problem}")
            continue
        good.append(pattern)
    if len(good) != len(patterns):
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("|".join(f"(?:{p})" for p in good), flags)


def _text(raw: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key}: must be non-empty text")
        return ""
    return " ".join(value.split())


def _kinds(raw: Mapping[str, Any], where: str, problems: list[str]) -> tuple[str, ...]:
    kinds = raw.get("kinds", list(KINDS))
    if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
        problems.append(f"{where}: kinds: must list some of {', '.join(KINDS)}")
        return ()
    return tuple(kinds)


def parse_rules(raw: Mapping[str, Any], source: str, situations: Sequence[str] = ()) -> RuleSet:
    """Validate and compile a rules file; `situations` (when given) are the ids a rule may
    suggest. Raise `RulesError` with every problem."""
    problems: list[str] = []
    if raw.get("format") != RULES_FORMAT:
        problems.append(f"{source}: format: must be {RULES_FORMAT}")
    version = _text(raw, "version", source, problems)
    reviewed = raw.get("reviewed")
    if not isinstance(reviewed, date):
        problems.append(f"{source}: reviewed: must be a date")
        reviewed = date.min
    signals: dict[str, Signal] = {}
    for index, table in enumerate(raw.get("signals", [])):
        where = f"{source}: signals[{index}]"
        if not isinstance(table, Mapping):
            problems.append(f"{where}: must be a table")
            continue
        name = _text(table, "name", where, problems)
        pattern = _compile(table.get("patterns"), f"{where} ({name})", problems)
        if name in signals:
            problems.append(f"{where}: the name '{name}' is used twice")
        if pattern is not None and name:
            signals[name] = Signal(name, _kinds(table, where, problems), pattern)
    rules: list[Rule] = []
    raw_rules = raw.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.append(f"{source}: rules: must list at least one rule")
        raw_rules = []
    for index, table in enumerate(raw_rules):
        where = f"{source}: rules[{index}]"
        if not isinstance(table, Mapping):
            problems.append(f"{where}: must be a table")
            continue
        rule_id = _text(table, "id", where, problems)
        where = f"{source}: rule '{rule_id}'"
        if rule_id and (not _ID.match(rule_id) or any(r.id == rule_id for r in rules)):
            problems.append(f"{where}: the id must be unique, lower-case-with-dashes")
        category = table.get("category")
        if category not in CATEGORIES:
            problems.append(f"{where}: category: must be one of {', '.join(CATEGORIES)}")
        suggest = _text(table, "suggest", where, problems)
        if situations and suggest and suggest not in situations:
            problems.append(f"{where}: suggest: '{suggest}' is not a reply situation")
        near = table.get("near", [])
        if not isinstance(near, list) or any(n not in signals for n in near):
            problems.append(f"{where}: near: must list signal names ({', '.join(signals)})")
            near = []
        window = table.get("window", DEFAULT_WINDOW)
        if not isinstance(window, int) or not 0 < window <= MAX_WINDOW:
            problems.append(f"{where}: window: must be a whole number from 1 to {MAX_WINDOW}")
            window = DEFAULT_WINDOW
        sensitive = table.get("case_sensitive", False) is True
        pattern = _compile(table.get("patterns"), where, problems, case_sensitive=sensitive)
        unless = (
            _compile(table["unless"], f"{where} unless", problems) if "unless" in table else None
        )
        known = {"id", "category", "title", "explain", "suggest", "kinds", "patterns"}
        known |= {"near", "window", "unless", "case_sensitive", "same_sentence"}
        known |= {"unless_anywhere"}
        for key in sorted(set(table) - known):
            problems.append(f"{where}: {key}: is not a field of a rule")
        if pattern is not None:
            rules.append(
                Rule(
                    id=rule_id,
                    category=str(category),
                    title=_text(table, "title", where, problems),
                    explain=_text(table, "explain", where, problems),
                    suggest=suggest,
                    kinds=_kinds(table, where, problems),
                    pattern=pattern,
                    near=tuple(near),
                    window=window,
                    same_sentence=table.get("same_sentence", False) is True,
                    unless=unless,
                    unless_anywhere=table.get("unless_anywhere", False) is True,
                )
            )
    if problems:
        raise RulesError(problems)
    return RuleSet(version, reviewed, signals, tuple(rules))
