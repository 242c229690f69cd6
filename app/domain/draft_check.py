"""The draft check: what in a reply, comment or post could reveal that someone is a client.

Pure and offline: a draft and a `RuleSet` in, findings out, each with the span of the
original text it found, a plain explanation and the reply situation to read instead.

Before matching, the text is normalised (compatibility forms, curly quotes, invisible and
direction-changing characters removed, HTML tags and common entities blanked) while every
normalised character remembers where it came from, so spans always point into the text
the user typed. Every pattern is checked as safe by `app.domain.draft_rules`, and context
is found with sorted positions and bisection, so a 100,000-character paste stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.draft_rules import KINDS, Rule, RuleSet

_INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": " ", "#39": "'"}
_MARKUP = re.compile(r"<[a-zA-Z/!][^<>]{0,300}>|&(?:amp|lt|gt|quot|apos|nbsp|#39);")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*•])")
_REVIEW_HINT = re.compile(
    r"\b(?:your|this|the|a|an|their|her|his)\s(?:[a-z]{1,12}\s)?review\b|\breviewer\b"
    r"|\b(?:[1-5]|one|two|three|four|five)[- ]stars?\b|\bstars? review\b"
    r"|\bon (?:yelp|google|healthgrades|psychology today)\b",
    re.IGNORECASE,
)
_REPLY_HINT = re.compile(
    r"^\s*(?:@\w{1,40}|(?:hi|hello|hey|dear)\b)|\byour (?:comment|post|message|question)\b"
    r"|\byour (?:bill|invoice|appointment|session|refund|balance|visit)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: str
    title: str
    start: int
    end: int
    """The span in the original text: `text[start:end]`."""
    excerpt: str
    explain: str
    suggest: str

    def line(self, text: str) -> str:
        """One line for a terminal: where, what, the words found, and what to read."""
        row = text.count("\n", 0, self.start) + 1
        column = self.start - (text.rfind("\n", 0, self.start) + 1) + 1
        words = _printable(" ".join(self.excerpt.split()))
        if len(words) > 60:
            words = words[:57] + "..."
        return (
            f'{row}:{column}: {self.category}: {self.title}: "{words}". {self.explain} '
            f"See: tightrope reply show {self.suggest}"
        )


def _printable(text: str) -> str:
    """Invisible and direction-changing characters shown as \\u escapes, so a finding
    cannot reorder or hide anything on the terminal it is printed to."""
    return "".join(
        f"\\u{ord(c):04x}" if c in _INVISIBLE or unicodedata.category(c) in ("Cc", "Cs") else c
        for c in text
    )


@dataclass(frozen=True)
class Normalised:
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return (self.starts[start], self.starts[start]) if self.starts else (0, 0)
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """`text` ready for matching, with the original span of every character."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for markup in _MARKUP.finditer(text):
        _add_plain(text, position, markup.start(), chars, starts, ends)
        token = markup.group(0)
        replacement = _ENTITIES.get(token[1:-1], " ") if token.startswith("&") else " "
        chars.append(replacement)
        starts.append(markup.start())
        ends.append(markup.end())
        position = markup.end()
    _add_plain(text, position, len(text), chars, starts, ends)
    return Normalised("".join(chars), tuple(starts), tuple(ends))


def _add_plain(
    text: str, start: int, end: int, chars: list[str], starts: list[int], ends: list[int]
) -> None:
    for index in range(start, end):
        char = text[index]
        if char in _INVISIBLE:
            continue
        if char in _QUOTES:
            mapped = _QUOTES[char]
        elif char.isascii():
            mapped = char
        else:
            mapped = unicodedata.normalize("NFKC", char)
        for piece in mapped:
            chars.append(piece)
            starts.append(index)
            ends.append(index + 1)


def infer_kind(text: str) -> str:
    """A guess at where a draft goes when the user did not say: under a review if it
    talks about a review, a reply if it greets or answers someone, else a general post."""
    if _REVIEW_HINT.search(text):
        return "review-reply"
    if _REPLY_HINT.search(text):
        return "reply"
    return "post"


def _sentence_bounds(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]


MAX_FINDINGS_PER_RULE = 100
"""No one reads more; a long paste full of one risky phrase stops being searched for that
rule here, which keeps a 100,000-character paste well under a second."""
SENTENCE_REACH = 300
"""A "sentence" never reaches further than this from a match, so text with no full stops
(a paste of 100,000 characters) is not searched again for every match."""


def _sentence_of(bounds: Sequence[int], start: int, end: int) -> tuple[int, int]:
    index = bisect_right(bounds, start) - 1
    index = max(0, min(index, len(bounds) - 2))
    following = bisect_left(bounds, end, index + 1)
    high = bounds[min(following, len(bounds) - 1)]
    return max(bounds[index], start - SENTENCE_REACH), min(high, end + SENTENCE_REACH)


def _positions(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _near(
    found: Sequence[tuple[int, int]], start: int, end: int, window: int, low: int, high: int
) -> bool:
    """True when a match in `found` (sorted by start) lies within `window` characters of
    the span and inside [low, high), and is not the same words as the span itself."""
    index = bisect_left(found, (max(low, start - window - 200), 0))
    for other_start, other_end in found[index:]:
        if other_start > end + window or other_start >= high:
            return False
        if other_start < low:
            continue
        if other_end >= start - window and not (other_start >= start and other_end <= end):
            return True
    return False


def check_draft(
    text: str,
    rules: RuleSet,
    kind: str | None = None,
    *,
    allowed_names: Iterable[str] = (),
) -> list[Finding]:
    """Every finding in `text`, in reading order. `kind` is one of `KINDS` (None: guess).
    `allowed_names` (the practice's own name and clinicians) are never reported as names."""
    if kind is None:
        kind = infer_kind(text)
    if kind not in KINDS:
        raise ValueError(f"'{kind}' is not a kind of draft; use one of {', '.join(KINDS)}")
    norm = normalise(text)
    plain = norm.text
    allowed = {w.casefold() for name in allowed_names for w in name.split() if w}
    signal_positions = {
        name: _positions(signal.pattern, plain)
        for name, signal in rules.signals.items()
        if kind in signal.kinds
    }
    bounds: list[int] | None = None
    unless_found: dict[str, bool] = {}
    findings: list[Finding] = []
    for rule in rules.rules:
        if kind not in rule.kinds:
            continue
        last_end = -1
        found = 0
        for match in rule.pattern.finditer(plain):
            if found >= MAX_FINDINGS_PER_RULE:
                break
            start, end = match.start(), match.end()
            if start < last_end or end == start:
                continue
            low, high = 0, len(plain)
            if rule.same_sentence or (rule.unless is not None and not rule.unless_anywhere):
                bounds = bounds if bounds is not None else _sentence_bounds(plain)
                low, high = _sentence_of(bounds, start, end)
            if rule.near:
                near_low, near_high = (low, high) if rule.same_sentence else (0, len(plain))
                if not any(
                    _near(
                        signal_positions.get(name, ()), start, end, rule.window, near_low, near_high
                    )
                    for name in rule.near
                ):
                    continue
            if rule.unless is not None:
                if rule.unless_anywhere:
                    if rule.id not in unless_found:
                        unless_found[rule.id] = rule.unless.search(plain) is not None
                    if unless_found[rule.id]:
                        continue
                elif rule.unless.search(plain, low, high):
                    continue
            if rule.category == "names" and _only_allowed(match.group(0), allowed):
                continue
            last_end = end
            found += 1
            findings.append(_finding(rule, norm, text, start, end))
    findings.sort(key=lambda f: (f.start, -f.end, f.rule_id))
    return _without_repeats(findings)


def _without_repeats(findings: list[Finding]) -> list[Finding]:
    """Drop a finding that lies inside an earlier one of the same category: "your
    therapist" inside "as your therapist" says nothing new."""
    kept: list[Finding] = []
    reach: dict[str, int] = {}
    for finding in findings:
        if reach.get(finding.category, -1) >= finding.end:
            continue
        kept.append(finding)
        reach[finding.category] = max(reach.get(finding.category, -1), finding.end)
    return kept


_NOT_NAMES = frozenset(
    {"hi", "hello", "hey", "dear", "thanks", "thank", "you", "sorry", "welcome"}
    | {"congratulations", "congrats", "mr", "mrs", "ms", "mx", "miss", "dr"}
)


def _only_allowed(words: str, allowed: set[str]) -> bool:
    """True when every name-like word of a match is one of the practice's own names."""
    candidates = [
        w.casefold()
        for w in re.findall(r"[^\W\d_][\w'-]*", words)
        if w[:1].isupper() and w.casefold() not in _NOT_NAMES
    ]
    return bool(candidates) and all(w in allowed for w in candidates)


def _finding(rule: Rule, norm: Normalised, text: str, start: int, end: int) -> Finding:
    low, high = norm.span(start, end)
    return Finding(
        rule_id=rule.id,
        category=rule.category,
        title=rule.title,
        start=low,
        end=high,
        excerpt=text[low:high],
        explain=rule.explain,
        suggest=rule.suggest,
    )


def flagged(text: str, rules: RuleSet, kind: str | None = None) -> bool:
    return bool(check_draft(text, rules, kind))
