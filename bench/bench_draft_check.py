"""The draft check on hostile text: 100,000 characters of HTML, template syntax, right-to-left
marks, repeated risky phrases, and text with no sentence ends (the shape that would expose
a slow pattern). The check runs on the GUI thread, so a typical draft must be instant."""

from __future__ import annotations

from pathlib import Path

from app.domain.draft_check import check_draft
from app.store.draft_rules_file import load_rules
from bench.common import Result, best_ms

TYPICAL_TARGET_MS = 20
HOSTILE_TARGET_MS = 1500
RULES = load_rules(Path(__file__).resolve().parent.parent / "replies")
TYPICAL = (
    "Thank you for the review. As your therapist I have to say this is not true: you "
    "missed three appointments in January and your anxiety was never the issue."
)
HOSTILE = {
    "html and templates": "<script>x</script>{{ 7*7 }}{% for a in b %}<b>your sessions</b> ",
    "right-to-left marks": "\u202e\u200f\u2066we saw you on Monday\u2069 ",
    "no sentence ends": "you your anxiety appointments thanks review Hi Sarah ",
    "one long word": "a",
}


def run() -> list[Result]:
    results = [
        Result(
            "check-draft: a typical reply",
            best_ms(lambda: check_draft(TYPICAL, RULES, "review-reply")),
            "ms",
            TYPICAL_TARGET_MS,
        )
    ]
    for name, unit in HOSTILE.items():
        text = (unit * (100_000 // len(unit) + 1))[:100_000]
        results.append(
            Result(
                f"check-draft: 100,000 characters, {name}",
                best_ms(lambda t=text: check_draft(t, RULES, "review-reply"), repeat=2),
                "ms",
                HOSTILE_TARGET_MS,
            )
        )
    return results
