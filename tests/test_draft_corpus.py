"""Table-driven: the draft check against the shipped corpus (replies/check/corpus.toml)
and against drafts written after the rules were frozen (tests/data/heldout_drafts.toml).

Each run prints precision, recall and the false-alarm rate (pytest -s shows them); the
targets are the issue's: find at least 85% of the unsafe drafts and flag at most 10% of
the safe ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.domain.draft_check import check_draft
from app.store.draft_rules_file import load_corpus, load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules(ROOT / "replies")
CORPUS = load_corpus(ROOT / "replies" / "check" / "corpus.toml")
DATA = Path(__file__).resolve().parent / "data"
HELD_OUT_PATH = DATA / "heldout_round8.toml"
DEVELOPMENT = [
    *load_corpus(DATA / "heldout_round1.toml"),
    *load_corpus(DATA / "heldout_round2.toml"),
    *load_corpus(DATA / "heldout_round3.toml"),
    *load_corpus(DATA / "heldout_round4.toml"),
    *load_corpus(DATA / "heldout_round5.toml"),
    *load_corpus(DATA / "heldout_round6.toml"),
    *load_corpus(DATA / "heldout_round7.toml"),
]


def score(drafts: list[dict[str, Any]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for draft in drafts:
        found = bool(check_draft(draft["text"], RULES, draft.get("kind")))
        if draft["unsafe"]:
            tp, fn = (tp + 1, fn) if found else (tp, fn + 1)
        else:
            fp, tn = (fp + 1, tn) if found else (fp, tn + 1)
    return {
        "unsafe": tp + fn,
        "safe": fp + tn,
        "recall": tp / (tp + fn),
        "false_alarms": fp / (fp + tn),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
    }


def report(name: str, figures: dict[str, float]) -> None:
    print(
        f"\n{name}: {figures['unsafe']:.0f} unsafe, {figures['safe']:.0f} safe; "
        f"recall {figures['recall']:.1%}, precision {figures['precision']:.1%}, "
        f"safe drafts flagged {figures['false_alarms']:.1%}"
    )


def test_the_corpus_is_big_enough_and_includes_enforcement_style_review_replies() -> None:
    assert sum(d["unsafe"] for d in CORPUS) >= 40
    assert sum(not d["unsafe"] for d in CORPUS) >= 40
    assert sum("OCR-style" in d.get("note", "") for d in CORPUS) >= 4


IDS = [f"{'unsafe' if d['unsafe'] else 'safe'}-{i}" for i, d in enumerate(CORPUS)]


@pytest.mark.parametrize("draft", CORPUS, ids=IDS)
def test_each_corpus_draft(draft: dict[str, Any]) -> None:
    findings = check_draft(draft["text"], RULES, draft.get("kind"))
    if draft["unsafe"]:
        assert findings, f"missed: {draft['text']}"
    else:
        assert not findings, [(f.rule_id, f.excerpt) for f in findings]


def test_earlier_held_out_rounds_now_development_data_meet_the_targets() -> None:
    """Round 1 was held out for rules 2026.12.0 (found 52%, flagged 0%), round 2 for
    2026.12.1 (found 40%, flagged 4%), round 3 for 2026.12.2 (found 72%, flagged 4%) and
    round 4 for 2026.12.3 (found 57%, flagged 0%), round 5 for 2026.12.4 (found 63%,
    flagged 0%), round 6 for 2026.12.5 (found 50%, flagged 0%) and round 7 for 2026.12.6
    (found 57%, flagged 0%); each was then used to write the next version."""
    figures = score(DEVELOPMENT)
    report("held-out rounds 1 to 7 (now development data)", figures)
    assert figures["recall"] >= 0.85
    assert figures["false_alarms"] <= 0.10


def test_corpus_figures_meet_the_targets() -> None:
    figures = score(CORPUS)
    report("shipped corpus", figures)
    assert figures["recall"] >= 0.85
    assert figures["false_alarms"] <= 0.10


def test_held_out_figures_round_eight() -> None:
    """Drafts written after rules 2026.12.7 were frozen and never used to change them.

    Measured at the freeze: 19 of 30 unsafe found (63%), 1 of 30 safe flagged (3%). The
    issue's target (85% found on unseen drafts) is NOT met: across eight held-out rounds,
    each measured before its misses were used, the check found 40% to 72% of the unsafe
    drafts and flagged at most 4% of the safe ones. This guards against it getting worse.
    """
    figures = score(load_corpus(HELD_OUT_PATH))
    report("held-out round 8 (never used for the rules)", figures)
    assert figures["unsafe"] >= 30 and figures["safe"] >= 30
    assert figures["recall"] >= 0.63
    assert figures["false_alarms"] <= 0.10
