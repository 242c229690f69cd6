"""The policy wording file and how a practice's stances pick the printed wording."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from app.domain.policy import (
    PolicyWordingError,
    parse_policy_wording,
    resolve_sections,
    set_practice_field,
    unused_stances,
)
from app.domain.practice import PracticeProfile
from app.reports.wording import WORDING_FILE, load_policy_wording


def shipped_raw() -> dict[str, Any]:
    text = resources.files("app.reports").joinpath(WORDING_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_shipped_policy_covers_every_topic_clients_are_told_about() -> None:
    wording = load_policy_wording()
    assert wording.section_keys == (
        "friend-requests",
        "interacting",
        "search-engines",
        "reviews",
        "check-ins",
        "email-text",
        "emergencies",
        "professional-accounts",
        "policy-changes",
    )
    for section in wording.sections:
        assert len(section.options) >= 2, f"{section.key} offers a real choice"
        assert len({o.text for o in section.options}) == len(section.options)


def test_default_custom_and_option_stances() -> None:
    wording = load_policy_wording()
    stances = {
        "search-engines": "emergency-only",
        "check-ins": "Please leave our address off your posts.\n\nThank you.",
        "retired-topic": "kept from an older version",
    }
    sections = {s.key: s for s in resolve_sections(wording, stances)}
    assert sections["search-engines"].option == "emergency-only"
    assert sections["check-ins"].option is None
    assert sections["check-ins"].paragraphs == (
        "Please leave our address off your posts.",
        "Thank you.",
    )
    assert sections["reviews"].option == "no-response"
    assert unused_stances(wording, stances) == ["retired-topic"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw.update(format=2), "'format' must be 1"),
        (lambda raw: raw["sections"][0].update(default="nope"), "default 'nope' is not one"),
        (lambda raw: raw["sections"][1].update(key="friend-requests"), "must be unique"),
        (lambda raw: raw["sections"][0]["options"][0].update(text="  "), "'text' must be"),
        (lambda raw: raw["sections"][0]["options"][1].update(name="default"), "not 'default'"),
        (lambda raw: raw.pop("intro"), "'intro' must be non-empty text"),
    ],
)
def test_broken_wording_file_names_the_problem(change: Any, message: str) -> None:
    raw = copy.deepcopy(shipped_raw())
    change(raw)
    with pytest.raises(PolicyWordingError, match=message):
        parse_policy_wording(raw, WORDING_FILE)


def test_setting_a_field_keeps_every_other_field() -> None:
    wording = load_policy_wording()
    profile = PracticeProfile(name="A", phone="+1 555 010 0199", stances={"reviews": "x y"})
    changed = set_practice_field(profile, "stance.check-ins", "please-do-not", wording)
    assert changed.stances == {"reviews": "x y", "check-ins": "please-do-not"}
    assert (changed.name, changed.phone) == ("A", "+1 555 010 0199")
    cleared = set_practice_field(changed, "phone", "", wording)
    assert cleared.phone == "" and cleared.stances == changed.stances
