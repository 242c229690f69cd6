"""The draft check: context decides, spans point into the original text, rules are data
and refused when unsafe, and hostile text is handled."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.domain.draft_check import check_draft, infer_kind, normalise
from app.domain.draft_rules import RulesError, parse_rules, pattern_problem
from app.store.draft_rules_file import load_rules

SHIPPED = Path(__file__).resolve().parent.parent / "replies"
RULES = load_rules(SHIPPED)


def categories(text: str, kind: str | None = None) -> set[str]:
    return {f.category for f in check_draft(text, RULES, kind)}


def test_a_general_post_about_anxiety_is_safe_but_the_same_words_about_a_person_are_not() -> None:
    general = "Anxiety is common. If you feel anxious, slow breathing can help your body settle."
    assert categories(general, "post") == set()
    about = "You told me your anxiety got worse after the divorce."
    assert "clinical" in categories(about, "reply")
    assert "care" in categories(about, "reply")


def test_holiday_dates_and_fees_are_safe_but_a_persons_dates_and_money_are_not() -> None:
    assert categories("The office is closed December 24 to January 2.", "post") == set()
    assert categories("Our fee is $150 for a 50-minute session.", "post") == set()
    assert "dates-billing" in categories("You still owe $150 from March 3.", "review-reply")


def test_generic_you_counts_only_where_the_draft_answers_someone() -> None:
    text = "Your anxiety is not a weakness."
    assert categories(text, "post") == set()
    assert "clinical" in categories(text, "review-reply")


def test_a_finding_has_the_span_a_plain_explanation_and_a_suggestion() -> None:
    text = "Thanks for the review! As your therapist I saw how hard you worked."
    findings = check_draft(text, RULES, "review-reply")
    relationship = [f for f in findings if f.rule_id == "confirms-relationship"]
    assert relationship
    finding = relationship[0]
    assert text[finding.start : finding.end] == finding.excerpt == "As your therapist"
    assert "client" in finding.explain
    assert finding.suggest == "negative-review"
    line = finding.line(text)
    assert line.startswith("1:") and "tightrope reply show negative-review" in line


def test_spans_point_into_the_original_text_through_html_and_invisible_marks() -> None:
    text = "<p>As\u200f <b>your</b>\u202e therapist</p> I know."
    [finding] = [f for f in check_draft(text, RULES, "reply") if f.category == "relationship"]
    assert text[finding.start : finding.end] == "As\u200f <b>your</b>\u202e therapist"
    curly = "You\u2019re one of our clients."
    assert "relationship" in categories(curly, "reply")


def test_negation_cancels_a_testimonial_match_in_the_same_sentence_only() -> None:
    assert categories("We never ask for testimonials.", "post") == set()
    assert categories("We never ask for reviews. Leave us a review!", "post") == {"testimonial"}


def test_the_practices_own_names_are_not_reported() -> None:
    text = "Hi Ana, the office is open tomorrow."
    assert [f.category for f in check_draft(text, RULES, "reply")] == ["names"]
    assert check_draft(text, RULES, "reply", allowed_names=["Ana Rivera"]) == []


def test_kind_is_guessed_from_the_words_when_not_given() -> None:
    assert infer_kind("Sorry about your review.") == "review-reply"
    assert infer_kind("@sam thanks!") == "reply"
    assert infer_kind("Five tips for sleep.") == "post"
    with pytest.raises(ValueError, match="not a kind"):
        check_draft("text", RULES, "tweet")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('your sessions')</script>" * 2500,
        "{{ config.__class__ }}{% for x in range(10**9) %}" * 2000,
        "\u202e\u200f\u2066" * 33000 + "your therapist",
        "a" * 100_000,
        "you " * 25_000,
        "!" * 100_000,
        "<" * 100_000,
        "Hi Sarah, " * 10_000,
        "\x00\ud7ff\ufffd" * 30_000,
    ],
    ids=["html", "template", "rtl", "letters", "you", "bangs", "angles", "names", "odd"],
)
def test_hostile_text_of_100000_characters_is_checked(text: str) -> None:
    text = text[:100_000]
    findings = check_draft(text, RULES, "review-reply")
    for finding in findings[:50]:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt


def test_hostile_text_keeps_its_findings() -> None:
    text = ("<b>{{ x }}</b> \u202ewe saw you on Monday\u202c. " * 3000)[:100_000]
    findings = check_draft(text, RULES, "review-reply")
    relationship = {f.start for f in findings if f.category == "relationship"}
    assert 100 <= len(relationship) <= 100 * len(RULES.rules)
    assert "confirms-relationship" in {f.rule_id for f in findings}


def test_normalise_maps_every_character_back() -> None:
    norm = normalise("a&amp;b<i>c</i>\u200bd\ufb01")
    assert norm.text == "a&b c d" + "fi"
    assert norm.span(0, len(norm.text)) == (0, len("a&amp;b<i>c</i>\u200bd\ufb01"))


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a+)+b", "repeats a group"),
        ("your.*therapist", "unbounded"),
        (r"(\w+)\s\1", "backreference"),
        ("(unclosed", "not a valid pattern"),
    ],
)
def test_unsafe_or_broken_patterns_are_refused(pattern: str, reason: str) -> None:
    problem = pattern_problem(pattern)
    assert problem is not None and reason in problem
    raw = tomllib.loads((SHIPPED / "check" / "rules.toml").read_text("utf-8"))
    raw["rules"][0]["patterns"] = [pattern]
    with pytest.raises(RulesError, match="confirms-relationship"):
        parse_rules(raw, "rules.toml")


def test_a_rule_must_suggest_a_real_situation() -> None:
    raw = tomllib.loads((SHIPPED / "check" / "rules.toml").read_text("utf-8"))
    raw["rules"][0]["suggest"] = "nowhere"
    with pytest.raises(RulesError, match="not a reply situation"):
        parse_rules(raw, "rules.toml", ("negative-review",))


def test_an_anywhere_exception_is_searched_once_per_draft_not_once_per_match() -> None:
    """It was searched again for every match (dict.setdefault evaluates its default), which
    made a 100,000-character paste take seconds (bench/bench_draft_check.py)."""
    from dataclasses import replace

    rule = next(r for r in RULES.rules if r.unless_anywhere)
    calls: list[int] = []
    real = rule.unless
    assert real is not None

    class Counting:
        def search(self, text: str, *args: int) -> object:
            calls.append(1)
            return real.search(text, *args)

    counted = replace(rule, unless=Counting())  # type: ignore[arg-type]
    rules = replace(RULES, rules=(counted,))
    text = "Thanks for the review! " * 200
    assert len(check_draft(text, rules, "review-reply")) > 50
    assert len(calls) == 1
